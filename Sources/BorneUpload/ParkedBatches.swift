import BorneStats
import BorneSystem
import Foundation

/// `DATA/upload/parked.json`: batches the collector refused (4xx), with the
/// status and reason, and the target they were refused by. A parked batch
/// blocks the ones after it (the cursor cannot pass it) until the target's
/// configuration changes (URL, user, password) or `--retry-parked`; it is
/// never dropped. Shown in every heartbeat.
struct ParkedBatches: Codable, Equatable {
    struct Entry: Codable, Equatable {
        var name: String
        var first: Int64
        var last: Int64
        var status: Int
        var reason: String
        var sinceUTC: String

        enum CodingKeys: String, CodingKey {
            case name, first, last, status, reason
            case sinceUTC = "since_utc"
        }
    }

    var format = 1
    /// Fingerprint of the target's configuration when they were refused.
    var target: String
    var batches: [Entry]

    static func file(dataDir: URL) -> URL { dataDir.appendingPathComponent("upload/parked.json") }

    /// The parked batches, or none. An unreadable file parks nothing: the
    /// batches are tried again, and refused again if nothing changed.
    static func load(dataDir: URL) -> ParkedBatches? {
        guard let data = try? Data(contentsOf: file(dataDir: dataDir)),
              let p = try? JSONDecoder().decode(ParkedBatches.self, from: data), !p.batches.isEmpty else { return nil }
        return p
    }

    func save(dataDir: URL) throws {
        let f = Self.file(dataDir: dataDir)
        try AtomicFile.makeDirectories(f.deletingLastPathComponent().path)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(Array(try enc.encode(self)) + [0x0a], to: f.path)
    }

    static func clear(dataDir: URL) throws {
        let path = file(dataDir: dataDir).path
        if unlink(path) != 0 && errno != ENOENT { throw IOError(operation: "remove", path: path, errno: errno) }
    }

    var heartbeatEntries: [Heartbeat.Parked] {
        batches.map { Heartbeat.Parked(name: $0.name, status: Int64($0.status), reason: $0.reason, sinceUTC: $0.sinceUTC) }
    }
}
