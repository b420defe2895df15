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

    /// Writes the report into `dir` (the stick's `borne/`): a temporary file,
    /// fsync, rename, fsync of the folder — a stick pulled right after still
    /// holds the old report or the new one, whole.
    public func write(into dir: URL) throws -> URL {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try enc.encode(self)
        let target = dir.appendingPathComponent(Self.fileName(kioskId: kioskId))
        let temp = dir.appendingPathComponent("." + Self.fileName(kioskId: kioskId) + ".tmp")
        func fail(_ what: String) -> SyncError {
            .file(path: target.path, message: "\(what): \(String(cString: strerror(errno)))")
        }
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw fail("cannot write the status report") }
        let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == data.count, synced == 0 else { throw fail("cannot write the status report") }
        guard rename(temp.path, target.path) == 0 else { throw fail("cannot rename the status report") }
        let dfd = open(dir.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
        return target
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
}
