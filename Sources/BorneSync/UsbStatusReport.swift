import BorneStick
import Foundation

/// What a kiosk writes back to the stick after an import,
/// `MOUNT/borne/status-<kiosk id>.json`, for the contractor to read back at
/// the office: which kiosk, when, what it installed, what went wrong.
public struct UsbStatusReport: Codable, Equatable, Sendable {
    public var kioskId: String
    public var time: String
    public var borneVersion: String
    public var ok: Bool
    /// The version installed now; nil when nothing was (already current, or failed).
    public var installedId: String?
    /// The version the kiosk runs after the import, as far as sync knows.
    public var currentId: String?
    public var manifestChanged: Bool
    public var objectsCopied: Int
    public var bytesCopied: Int64
    public var errors: [String]

    enum CodingKeys: String, CodingKey {
        case kioskId = "kiosk_id", time, borneVersion = "borne_version", ok
        case installedId = "installed_id", currentId = "current_id"
        case manifestChanged = "manifest_changed"
        case objectsCopied = "objects_copied", bytesCopied = "bytes_copied", errors
    }

    /// Absent values are written as null: the reader sees every field, always.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kioskId, forKey: .kioskId)
        try c.encode(time, forKey: .time)
        try c.encode(borneVersion, forKey: .borneVersion)
        try c.encode(ok, forKey: .ok)
        try c.encode(installedId, forKey: .installedId)
        try c.encode(currentId, forKey: .currentId)
        try c.encode(manifestChanged, forKey: .manifestChanged)
        try c.encode(objectsCopied, forKey: .objectsCopied)
        try c.encode(bytesCopied, forKey: .bytesCopied)
        try c.encode(errors, forKey: .errors)
    }

    public init(kioskId: String, time: Date, borneVersion: String, report: SyncReport, currentId: String?, errors: [String]) {
        self.kioskId = kioskId
        self.time = Self.parisTime(time)
        self.borneVersion = borneVersion
        self.ok = errors.isEmpty
        self.installedId = report.installedId
        self.currentId = currentId
        self.manifestChanged = report.manifestChanged
        self.objectsCopied = report.objectsFetched
        self.bytesCopied = report.bytesFetched
        self.errors = errors
    }

    /// `status-<id>.json`, the id reduced to `[a-z0-9_-]` (it is a file name on FAT).
    public static func fileName(kioskId: String) -> String {
        let safe = String(kioskId.lowercased().map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_") ? c : "_"
        })
        return "status-\(safe.isEmpty ? "unknown" : safe).json"
    }

    /// Writes the report into `dir` (the stick's `borne/`): the temporary
    /// `.status-<id>.json.tmp` created with `O_EXCL|O_NOFOLLOW`, fsync, rename,
    /// fsync of the folder — a stick pulled right after still holds the old
    /// report or the new one, whole. A link, FIFO or device at either name
    /// is refused (`StickError`), never written through.
    @discardableResult
    public func write(into dir: StickDir) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try enc.encode(self)
        let name = Self.fileName(kioskId: kioskId)
        try dir.write([UInt8](data), to: name, temp: "." + name + ".tmp")
        return dir.child(name)
    }

    /// ISO 8601 in Europe/Paris with its offset: what the office reads.
    static func parisTime(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "Europe/Paris")
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}

extension UsbImporter {
    /// The installed version recorded by the last sync or import.
    public func currentId() -> String? { SyncState.load(stateFile).installedId }

    /// The same without an importer (a statistics-only stick, a config that failed).
    public static func currentId(dataDir: URL) -> String? {
        SyncState.load(dataDir.appendingPathComponent("sync/state.json")).installedId
    }
}
