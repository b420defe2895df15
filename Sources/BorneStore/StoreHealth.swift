import Foundation

/// Whether touches are being written, for the maintenance screen.
public enum StoreHealth: Equatable, Sendable {
    case ok
    case degraded(StoreProblem)

    public var isOK: Bool { self == .ok }
}

/// Why touches are not (all) being written. A current fault wins over
/// `eventsDropped`, which stays until the kiosk restarts.
public enum StoreProblem: Equatable, Sendable, CustomStringConvertible {
    /// SQLITE_FULL or ENOSPC: events wait in memory until space is freed.
    case diskFull
    /// SQLITE_READONLY or EROFS: events wait until the file system takes writes.
    case readOnly
    /// The database is damaged and could not be moved aside (the message says why).
    case corrupt(String)
    /// Another process holds the database lock past the busy timeout.
    case busy
    /// The database cannot be opened (missing directory, permissions...).
    case cannotOpen(String)
    /// Any other I/O or SQLite error.
    case ioError(String)
    /// The sequence floor file cannot be written: nothing is committed
    /// without it, or a number could be reused after a database loss.
    case sequenceFloor(String)
    /// The in-memory queue overflowed while the store was failing: this
    /// many events (oldest first) were never written.
    case eventsDropped(Int)

    public var description: String {
        switch self {
        case .diskFull: return "disk full"
        case .readOnly: return "read-only file system or database"
        case .corrupt(let m): return "corrupt database: \(m)"
        case .busy: return "database locked by another process"
        case .cannotOpen(let m): return "cannot open database: \(m)"
        case .ioError(let m): return "I/O error: \(m)"
        case .sequenceFloor(let m): return "cannot write the sequence floor: \(m)"
        case .eventsDropped(let n): return "\(n) events dropped (memory queue full)"
        }
    }

    /// Short French label for the maintenance screen.
    public var label: String {
        switch self {
        case .diskFull: return "DISQUE PLEIN"
        case .readOnly: return "LECTURE SEULE"
        case .corrupt: return "BASE CORROMPUE"
        case .busy: return "BASE VERROUILLÉE"
        case .cannotOpen: return "BASE INACCESSIBLE"
        case .ioError: return "ERREUR D'E/S"
        case .sequenceFloor: return "ERREUR D'E/S (seq-floor)"
        case .eventsDropped(let n): return "\(n) ÉVÉNEMENTS PERDUS"
        }
    }
}

/// A snapshot of the recorder, cheap to read from the UI thread.
public struct StoreStatus: Equatable, Sendable {
    public var health: StoreHealth
    /// Events (touches, session starts and ends) in memory, not yet committed.
    public var waiting: Int
    /// Events dropped because the queue was full (never written).
    public var dropped: Int
    /// Touches committed since the recorder started.
    public var touchesWritten: Int
    /// Sequence number of the last touch committed.
    public var lastSequence: Int64?
    public var lastWrite: Date?
    /// Files a corrupt database was moved to since the recorder started.
    public var movedAside: [String]

    /// One line for the maintenance screen, in French like the office's tables:
    /// "OK · 1234 touches écrites · dernier n° 5678".
    public var summary: String {
        var parts: [String]
        switch health {
        case .ok: parts = ["OK"]
        case .degraded(let p): parts = [p.label]
        }
        if waiting > 0 { parts.append("\(waiting) en attente") }
        if case .degraded(let p) = health, p != .eventsDropped(dropped), dropped > 0 {
            parts.append("\(dropped) perdus")
        }
        parts.append("\(touchesWritten) touches écrites")
        if let s = lastSequence { parts.append("dernier n° \(s)") }
        if let m = movedAside.last {
            parts.append("base corrompue mise de côté : \((m as NSString).lastPathComponent)")
        }
        return parts.joined(separator: " · ")
    }
}
