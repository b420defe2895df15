import BorneCore
import BorneStats
import BorneStore
import BorneSystem
import Foundation

/// The kiosk's outgoing statistics: the rows of `DATA/sessions.db` after
/// `upload_state.last_acked_seq`, cut into batch ranges (`plan()`), encoded
/// on demand (`batchBytes`), acknowledged forwards only (`acknowledge`).
///
/// It has its own connection (WAL: the kiosk's writer keeps writing
/// meanwhile; a busy lock is waited for, then retried), reopened when the
/// recorder replaced a corrupt database file. It never writes a row: its
/// only write is the cursor. Not `Sendable`: one owner (the daemon's loop).
public final class Outbox {
    public let dataDir: URL
    /// The kiosk id batches are named after (the config's `id`).
    public let kiosk: String
    public let key: StatsKey
    /// Test hook over the store and plan operations.
    var faults: UploadFaultHook?
    let log: (String) -> Void
    let now: () -> Date

    private var store: TouchStore?
    private var storeFile: (dev: UInt64, ino: UInt64)?
    /// What `PRAGMA quick_check` said when the database was opened; nil: ok.
    public private(set) var storeProblem: String?

    public init(dataDir: URL, kiosk: String, key: StatsKey, log: @escaping (String) -> Void = { _ in },
                now: @escaping () -> Date = Date.init) {
        self.dataDir = dataDir; self.kiosk = kiosk; self.key = key; self.log = log; self.now = now
    }

    public var databasePath: String { dataDir.appendingPathComponent("sessions.db").path }
    var uploadDir: URL { dataDir.appendingPathComponent("upload") }
    var planFile: URL { uploadDir.appendingPathComponent("plan.json") }

    // MARK: the store

    /// The open store; nil while the kiosk has no database yet. Reopens it
    /// when the file at the path is another one (moved aside as corrupt).
    func openStore() throws -> TouchStore? {
        var st = stat()
        guard stat(databasePath, &st) == 0 else {
            store = nil; storeFile = nil
            if errno == ENOENT { return nil }
            throw IOError(operation: "stat", path: databasePath, errno: errno)
        }
        let id = (UInt64(st.st_dev), UInt64(st.st_ino))
        if let store, let f = storeFile, f == id { return store }
        if store != nil { log("the database file was replaced: reopening \(databasePath)") }
        store = nil
        // Read-write (the cursor), never create: the kiosk's recorder makes the database.
        let db = try Database(path: databasePath, flags: [.readWrite, .noMutex])
        let opened = try TouchStore(database: db, kioskID: kiosk, synchronous: .full, busyTimeoutMs: 2000)
        let check = (try? db.quickCheck()) ?? ["quick_check could not run"]
        storeProblem = check == ["ok"] ? nil : "quick_check: " + check.prefix(3).joined(separator: "; ")
        if let p = storeProblem { log("store: \(p)") }
        store = opened
        storeFile = id
        return opened
    }

    /// Cursor, backlog and highest sequence number.
    public struct Status: Equatable, Sendable {
        public var databaseExists: Bool
        public var lastAckedSeq: Int64
        public var pending: Int64
        public var highestSeq: Int64
    }

    public func status() throws -> Status {
        guard let store = try withFaults(faults, .readStore, { try openStore() }) else {
            return Status(databaseExists: false, lastAckedSeq: 0, pending: 0, highestSeq: 0)
        }
        let acked = try lastAckedSeq(store.db)
        let pending = try store.db.int64("SELECT count(*) FROM touches WHERE seq > ?", [.integer(acked)]) ?? 0
        return Status(databaseExists: true, lastAckedSeq: acked, pending: pending, highestSeq: try store.maxSequenceEver())
    }

    func lastAckedSeq(_ db: Database) throws -> Int64 {
        try db.int64("SELECT last_acked_seq FROM upload_state WHERE id = 1") ?? 0
    }

    // MARK: batches

    /// The bytes of a planned batch: its rows, read again, encoded. The same
    /// range always gives the same bytes, so a resend overwrites identically.
    public func batchBytes(_ name: BatchName) throws -> [UInt8] {
        guard let store = try withFaults(faults, .readStore, { try openStore() }) else { throw OutboxError.rangeChanged(name) }
        let stored = try store.touches(after: name.first - 1, limit: Batch.maxRows).filter { $0.seq <= name.last }
        guard stored.first?.seq == name.first, stored.last?.seq == name.last else { throw OutboxError.rangeChanged(name) }
        return try Batch(kiosk: kiosk, rows: stored.map(BatchRow.init(shipping:))).encode(key: key)
    }

    /// Moves `last_acked_seq` up to `seq` (never down) in one IMMEDIATE
    /// transaction; true when it moved. SQLITE_BUSY past the busy timeout is
    /// retried twice: the kiosk's writer holds the lock only for a few rows.
    @discardableResult
    public func acknowledge(upTo seq: Int64) throws -> Bool {
        guard let store = try openStore() else { return false }
        let db = store.db
        return try withFaults(faults, .acknowledge(seq)) {
            var attempt = 0
            while true {
                do {
                    var moved = false
                    try db.inTransaction(.immediate) {
                        try db.prepare("UPDATE upload_state SET last_acked_seq = ?, updated_utc = ? WHERE id = 1 AND last_acked_seq < ?")
                            .execute([.integer(seq), .text(UTCTime.string(now())), .integer(seq)])
                        moved = db.changes == 1
                        return .commit
                    }
                    return moved
                } catch let e as SQLiteError where e.isBusy && attempt < 2 {
                    attempt += 1
                    log("store busy while acknowledging up to \(seq); retrying")
                    usleep(200_000)
                }
            }
        }
    }
}

public enum OutboxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The rows of a planned range are no longer those of the plan (the
    /// database was replaced): the plan is made again.
    case rangeChanged(BatchName)

    public var description: String {
        switch self {
        case .rangeChanged(let n): return "the rows of \(n) changed since it was planned (database replaced?): planning again"
        }
    }
}
