import BorneCore
import BorneStats
import BorneStore
import BorneSystem
import Foundation

/// Stands in for a kiosk's uploader in simulations and benchmarks: cuts a
/// simulated kiosk's rows into batches of at most 5,000 (BorneStats codec),
/// signed with the kiosk's own stats key (`DATA/keys/stats.key`, created as
/// the kiosk would), and writes them with a heartbeat where a collector or
/// a stick would hold them (`ROOT/KIOSK/...`). The real uploader is `borne
/// upload`; this only lets the office side be exercised without it.
public enum SimCollector {
    /// The heartbeat's `software` of a simulated kiosk: the fleet raises no alert for it.
    public static let softwarePrefix = "borne-simulate "
    public struct Result: Equatable, Sendable {
        public var kiosk: String
        public var batches: Int
        public var rows: Int
        /// The key file to `borne office trust`.
        public var keyFile: String
    }

    public static func write(kioskDataDir: String, kiosk: String, root: String, now: Date) throws -> Result {
        let dataURL = URL(fileURLWithPath: kioskDataDir)
        let key = try StatsKey.loadOrCreate(dataDir: dataURL).key
        let store = try TouchStore(database: Database(path: (kioskDataDir as NSString).appendingPathComponent("sessions.db")),
                                   kioskID: kiosk)
        let rows = try store.touches().map { t in
            BatchRow(seq: t.seq, sessionID: t.sessionID, wallMs: UTCTime.parseISO(t.wallUTC) ?? 0,
                     monoMs: t.monoNs / 1_000_000, screen: t.screen, section: t.section, target: t.target, x: t.x,
                     y: t.y, language: t.language, contentVersion: t.contentVersion, flags: t.flags.rawValue)
        }
        let dir = (root as NSString).appendingPathComponent(kiosk)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var batches = 0
        for start in stride(from: 0, to: rows.count, by: Batch.maxRows) {
            let batch = try Batch(kiosk: kiosk, rows: Array(rows[start..<min(rows.count, start + Batch.maxRows)]))
            try AtomicFile.write(batch.encode(key: key), to: (root as NSString).appendingPathComponent(batch.name.path))
            batches += 1
        }
        let version = rows.last?.contentVersion
        let sent = UTCTime.string(now)
        // As the kiosk's uploader would say after delivering all of it: nothing
        // pending, everything acknowledged; received (file time) when sent.
        let heartbeat = Heartbeat(kiosk: kiosk, sentUTC: sent, software: softwarePrefix + BorneCore.version,
                                  contentVersion: version,
                                  contentCreatedUTC: version.flatMap(SimContent.createdMs).map { UTCTime.string(ms: $0) },
                                  rowsPending: 0, lastAckedSeq: rows.last?.seq ?? 0, diskFreeBytes: nil,
                                  clockUTC: sent, store: "ok")
        let heartbeatPath = (root as NSString).appendingPathComponent(heartbeat.path)
        try AtomicFile.write(heartbeat.encode(key: key), to: heartbeatPath)
        try FileManager.default.setAttributes([.modificationDate: now], ofItemAtPath: heartbeatPath)
        return Result(kiosk: kiosk, batches: batches, rows: rows.count,
                      keyFile: StatsKey.file(dataDir: dataURL).path)
    }
}
