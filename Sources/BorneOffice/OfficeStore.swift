import BorneStore
import Foundation

/// The office database on one connection: WAL, migrations, and the
/// statements of ingest, report and fleet. Not `Sendable`: one owner.
///
/// Durability: bulk ingest runs with `synchronous=NORMAL`. In WAL mode a
/// commit is then atomic and consistent but reaches the disk only at the
/// next checkpoint; `checkpoint()` (run at the end of every ingest, and
/// before any USB receipt is written) makes everything durable. A power cut
/// before it loses at most the last ingest's rows, which are still on the
/// collector or the stick and come back at the next ingest.
public final class OfficeStore {
    public let db: Database
    public let path: String

    public static var migrations: Migrations { OfficeSchema.migrations }

    public init(path: String) throws {
        self.path = path
        db = try Database(path: path)
        db.setBusyTimeout(milliseconds: 5000)
        // 16 KB pages (set before the file exists; no effect afterwards):
        // bulk inserts write fewer, fuller pages (~20 % faster than 4 KB here).
        try db.execute("PRAGMA page_size = 16384")
        try db.setJournalMode(.wal)
        try db.setSynchronous(.normal)
        // A bigger page cache keeps the touches B-tree's right edge in memory during bulk ingest.
        try db.execute("PRAGMA cache_size = -65536")
        try db.execute("PRAGMA temp_store = MEMORY")
        try Self.migrations.migrate(db)
    }

    /// Writes the WAL into the database and fsyncs it: everything committed
    /// so far is on disk when this returns.
    public func checkpoint() throws {
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    // MARK: statement cache

    private var statements: [String: Statement] = [:]
    /// See `aggregates` (OfficeStore+Aggregates.swift).
    var aggregateWriter: AggregateWriter?
    /// See `strings` (OfficeStore+Aggregates.swift).
    var stringIDs: StringIDs?
    /// Tests: store every batch row by row, never by `insertNewRange`'s fast path.
    var rowByRowOnly = false

    /// A prepared statement kept for the life of the store.
    func cached(_ sql: String) throws -> Statement {
        if let s = statements[sql] { return s }
        let s = try db.prepare(sql)
        statements[sql] = s
        return s
    }
}
