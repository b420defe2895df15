import BorneNet
import Foundation

/// Why a sync or a USB import stopped, beyond transport errors (`NetError`)
/// and the gate's own errors, which pass through unchanged.
public enum SyncError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An object's bytes do not hash to its name; it was deleted.
    case checksumMismatch(source: String, expected: String, actual: String)
    /// An object's length is not the manifest's; it was deleted.
    case sizeMismatch(source: String, expected: Int64, actual: Int64)
    /// The verified manifest names something unusable (a malformed digest...).
    case badManifest(reason: String)
    /// Another `borne sync` or `borne usb` holds the lock.
    case busy(lock: String)
    /// No bundle on the stick (`MOUNT/borne/manifest.json` and `.sig`).
    case noBundle(path: String)
    /// The stick's bundle lacks an object the kiosk does not hold either.
    case missingObject(sha256: String, path: String)
    /// A local file of the sync area could not be read or written.
    case file(path: String, message: String)
    /// An object's compressed copy does not inflate (cut short, corrupt, or
    /// larger than the manifest says); it was deleted.
    case undecodable(source: String, reason: String)

    public var description: String {
        switch self {
        case .checksumMismatch(let source, let expected, let actual):
            return "\(source): SHA-256 is \(actual), expected \(expected); the object was discarded (damaged in transit or on the server)"
        case .sizeMismatch(let source, let expected, let actual):
            return "\(source): \(actual) bytes, the manifest says \(expected); the object was discarded"
        case .badManifest(let reason):
            return "the manifest is unusable: \(reason); republish the bundle"
        case .busy(let lock):
            return "another sync or USB import is running (\(lock) is locked); try again when it ends"
        case .noBundle(let path):
            return "\(path): no bundle here (manifest.json and manifest.sig expected); copy a published bundle into the stick's borne/ folder"
        case .missingObject(let sha256, let path):
            return "\(path): object \(sha256) is missing from the stick; copy the whole objects/ folder of the bundle"
        case .file(let path, let message):
            return "\(path): \(message)"
        case .undecodable(let source, let reason):
            return "\(source): \(reason); the compressed object was discarded (damaged in transit or on the server)"
        }
    }
}

/// One object of a version could not be brought in: says which (its path
/// in the content, its SHA-256) and of which version, and why. Nothing of
/// that version was installed; the kiosk's current content stays.
public struct ObjectFetchError: Error, CustomStringConvertible {
    public let path: String
    public let sha256: String
    public let version: String
    public let underlying: Error

    public var description: String {
        "version \(version), \(path) (object \(sha256)): \(underlying) — version \(version) was not installed; the current content stays"
    }
}

/// A sync or import that stopped part-way: what it had done (objects staged
/// stay staged for the next run) and why it stopped.
public struct SyncFailure: Error, CustomStringConvertible {
    public var report: SyncReport
    public var error: Error

    public init(report: SyncReport, error: Error) {
        self.report = report
        self.error = error
    }

    public var description: String { "\(error)" }

    /// True when running again later may succeed by itself (network, 5xx,
    /// budget renewed tomorrow, lock released).
    /// The error itself, out of its `ObjectFetchError` when an object failed.
    public var cause: Error { (error as? ObjectFetchError)?.underlying ?? error }

    public var isTemporary: Bool {
        let error = cause
        if let n = error as? NetError {
            if case .budgetExceeded = n { return true }
            return n.isTransient
        }
        if let s = error as? SyncError, case .busy = s { return true }
        return false
    }
}

/// What a run did.
public struct SyncReport: Equatable, Sendable {
    /// The manifest found (on the server or stick) is not the installed one.
    public var manifestChanged: Bool
    /// Objects fetched (or copied from a stick) and verified this run.
    public var objectsFetched: Int
    /// Body bytes received this run: manifest, signature and objects.
    public var bytesFetched: Int64
    /// The version installed this run, if any.
    public var installedId: String?

    public init(manifestChanged: Bool = false, objectsFetched: Int = 0, bytesFetched: Int64 = 0, installedId: String? = nil) {
        self.manifestChanged = manifestChanged; self.objectsFetched = objectsFetched
        self.bytesFetched = bytesFetched; self.installedId = installedId
    }
}
