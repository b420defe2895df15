import BorneSystem
import Foundation

/// The heartbeat's facts that are not the outbox's: software and content
/// versions, last content sync, free disk. Read fresh for every heartbeat;
/// anything unreadable is reported as unknown (null), never an error.
public struct KioskStatusSource: Sendable {
    public var dataDir: URL
    /// The installed content (`DATA/content/current` on a kiosk); its `bundle.json` has the version.
    public var contentDir: URL
    public var software: String

    public init(dataDir: URL, contentDir: URL? = nil, software: String) {
        self.dataDir = dataDir
        self.contentDir = contentDir ?? dataDir.appendingPathComponent("content/current")
        self.software = software
    }

    public struct Facts: Equatable, Sendable {
        public var contentVersion: String?
        public var contentCreatedUTC: String?
        public var lastSyncUTC: String?
        public var diskFreeBytes: Int64?
    }

    public func read() -> Facts {
        let bundle = object(contentDir.appendingPathComponent("bundle.json"))
        // The sync engine's state: the last check, else the last install (HTTP or USB).
        let sync = object(dataDir.appendingPathComponent("sync/state.json"))
        return Facts(contentVersion: bundle?["version"] as? String, contentCreatedUTC: bundle?["created"] as? String,
                     lastSyncUTC: (sync?["last_check"] as? String) ?? (sync?["last_install"] as? String),
                     diskFreeBytes: diskFree())
    }

    private func object(_ file: URL) -> [String: Any]? {
        guard let bytes = try? AtomicFile.read(file.path, limit: 1 << 20),
              let o = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
        return o
    }

    private func diskFree() -> Int64? {
        var s = statvfs()
        guard statvfs(dataDir.path, &s) == 0 else { return nil }
        return Int64(s.f_bavail) * Int64(s.f_frsize)
    }
}
