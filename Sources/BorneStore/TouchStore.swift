internal import CSQLite
import BorneCore
import Foundation

/// The kiosk database `DATA/sessions.db` on one connection: configuration
/// (WAL, `synchronous`, busy timeout), migrations, and the statements the
/// writer and the readers need. Not `Sendable`: it belongs to the owner of
/// its `Database` (the recorder's writer thread, a test, the uploader).
public final class TouchStore {
    public let db: Database
    public let kioskID: String
    /// `meta.db_id`: a random id given at creation, which the sequence floor
    /// file is bound to.
    public let databaseID: String
    /// The journal mode in force: "wal" unless SQLite refused it (a read-only
    /// connection to a database that is not WAL yet).
    public let journalMode: String

    public static var migrations: Migrations { TouchSchema.migrations }

    /// Configures and migrates `db`. `quickCheck` runs `PRAGMA quick_check`
    /// first and throws SQLITE_CORRUPT when the file is damaged anywhere.
    public init(database db: Database, kioskID: String, synchronous: Database.Synchronous = .full,
                busyTimeoutMs: Int32 = 2000, quickCheck: Bool = false) throws {
        self.db = db
        self.kioskID = kioskID
        db.setBusyTimeout(milliseconds: busyTimeoutMs)
        if quickCheck {
            let result = try db.quickCheck()
            if result != ["ok"] {
                throw SQLiteError(extendedCode: SQLITE_CORRUPT, message: "quick_check: \(result.prefix(3).joined(separator: "; "))",
                                  sql: "PRAGMA quick_check")
            }
        }
        journalMode = try db.setJournalMode(.wal)
        try db.setSynchronous(synchronous)
        try Self.migrations.migrate(db)
        guard let id = try db.text("SELECT value FROM meta WHERE key = 'db_id'") else {
            throw SQLiteError(extendedCode: SQLITE_CORRUPT, message: "meta.db_id is missing", sql: nil)
        }
        databaseID = id
    }

    // MARK: sequence

    /// Highest sequence number this database ever held, also counting rows deleted since.
    public func maxSequenceEver() throws -> Int64 {
        try db.int64("""
            SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'touches'), 0),
                       coalesce((SELECT max(seq) FROM touches), 0))
            """) ?? 0
    }

    // MARK: writer marker (idempotent retries)

    /// The last event the recorder's writer committed: "<run> <event index>".
    /// Written in the same transaction as the events, so after a COMMIT that
    /// failed ambiguously the writer can tell whether it happened.
    func writerMarker() throws -> (run: String, index: UInt64)? {
        guard let v = try db.text("SELECT value FROM meta WHERE key = 'writer_applied'") else { return nil }
        let parts = v.split(separator: " ")
        guard parts.count == 2, let i = UInt64(parts[1]) else { return nil }
        return (String(parts[0]), i)
    }

    func setWriterMarker(run: String, index: UInt64) throws {
        try cached(&setMarker, "INSERT OR REPLACE INTO meta (key, value) VALUES ('writer_applied', ?)")
            .execute([.text("\(run) \(index)")])
    }

    // MARK: writing (inside the writer's transaction)

    private var insertTouchStmt, insertSessionStmt, countTouchStmt, endSessionStmt, setMarker: Statement?

    private func cached(_ slot: inout Statement?, _ sql: String) throws -> Statement {
        if let s = slot { return s }
        let s = try db.prepare(sql)
        slot = s
        return s
    }

    func insertTouch(seq: Int64, sessionID: Int64?, _ t: TouchRecord, flags: TouchFlags) throws {
        try cached(&insertTouchStmt, """
            INSERT INTO touches (seq, kiosk, session_id, wall_utc, mono_ns, screen, section, target,
                                 x, y, language, content_version, flags)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute([
                .integer(seq), .text(kioskID), SQLValue(sessionID), .text(UTCTime.string(t.wall)),
                .integer(Int64(clamping: t.monoNs)), .text(t.screen), SQLValue(t.section), SQLValue(t.target),
                SQLValue(t.x), SQLValue(t.y), .text(t.language), .text(t.contentVersion), .integer(flags.rawValue),
            ])
    }

    func insertSession(id: Int64, start: Date, startMonoNs: UInt64, touches: Int, language: String,
                       flags: SessionFlags) throws {
        try cached(&insertSessionStmt, """
            INSERT INTO sessions (id, kiosk, start_utc, start_mono_ns, touches, language, flags)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute([
                .integer(id), .text(kioskID), .text(UTCTime.string(start)), .integer(Int64(clamping: startMonoNs)),
                SQLValue(touches), .text(language), .integer(flags.rawValue),
            ])
    }

    /// Counts one more tap in session `id`; false when the session has no row here.
    func countTouch(inSession id: Int64, language: String) throws -> Bool {
        try cached(&countTouchStmt, "UPDATE sessions SET touches = touches + 1, language = ? WHERE id = ?")
            .execute([.text(language), .integer(id)])
        return db.changes == 1
    }

    func endSession(id: Int64, end: Date, endMonoNs: UInt64, flags: SessionFlags) throws {
        try cached(&endSessionStmt, """
            UPDATE sessions SET end_utc = ?, end_mono_ns = ?, flags = flags | ? WHERE id = ? AND end_utc IS NULL
            """).execute([.text(UTCTime.string(end)), .integer(Int64(clamping: endMonoNs)),
                          .integer(flags.rawValue), .integer(id)])
    }

    /// Sessions an earlier run left open (crash, power cut, stop mid-session)
    /// end at their last tap, flagged `endedByRestart`. Returns how many.
    @discardableResult
    func closeSessionsLeftOpen() throws -> Int {
        var n = 0
        try db.inTransaction {
            try db.prepare("""
                UPDATE sessions SET
                    end_utc = coalesce((SELECT max(wall_utc) FROM touches WHERE session_id = sessions.id), start_utc),
                    end_mono_ns = coalesce((SELECT max(mono_ns) FROM touches WHERE session_id = sessions.id), start_mono_ns),
                    flags = flags | ?
                WHERE end_utc IS NULL
                """).execute([.integer(SessionFlags.endedByRestart.rawValue)])
            n = db.changes
            return .commit
        }
        return n
    }

    // MARK: reading

    public func touchCount() throws -> Int { Int(try db.int64("SELECT count(*) FROM touches") ?? 0) }

    /// Every stored sequence number, ascending.
    public func sequences() throws -> [Int64] {
        try db.prepare("SELECT seq FROM touches ORDER BY seq").rows { $0.int64(0) }
    }

    public func touches(after seq: Int64 = 0, limit: Int = Int.max) throws -> [StoredTouch] {
        try db.prepare("""
            SELECT seq, kiosk, session_id, wall_utc, mono_ns, screen, section, target, x, y,
                   language, content_version, flags
            FROM touches WHERE seq > ? ORDER BY seq LIMIT ?
            """).rows([.integer(seq), .integer(Int64(clamping: limit))]) { s in
            StoredTouch(seq: s.int64(0), kiosk: s.text(1) ?? "", sessionID: s.int64OrNil(2), wallUTC: s.text(3) ?? "",
                        monoNs: s.int64(4), screen: s.text(5) ?? "", section: s.text(6), target: s.text(7),
                        x: Int(s.int64(8)), y: Int(s.int64(9)), language: s.text(10) ?? "",
                        contentVersion: s.text(11) ?? "", flags: TouchFlags(rawValue: s.int64(12)))
        }
    }

    public func sessions() throws -> [StoredSession] {
        try db.prepare("""
            SELECT id, kiosk, start_utc, end_utc, touches, language, flags, start_mono_ns, end_mono_ns
            FROM sessions ORDER BY id
            """).rows { s in
            StoredSession(id: s.int64(0), kiosk: s.text(1) ?? "", startUTC: s.text(2) ?? "", endUTC: s.text(3),
                          touches: Int(s.int64(4)), language: s.text(5) ?? "", flags: SessionFlags(rawValue: s.int64(6)),
                          startMonoNs: s.int64OrNil(7), endMonoNs: s.int64OrNil(8))
        }
    }
}

/// A row of `touches` as stored.
public struct StoredTouch: Equatable, Sendable {
    public var seq: Int64
    public var kiosk: String
    public var sessionID: Int64?
    public var wallUTC: String
    public var monoNs: Int64
    public var screen: String
    public var section: String?
    public var target: String?
    public var x: Int, y: Int
    public var language: String
    public var contentVersion: String
    public var flags: TouchFlags
}

/// A row of `sessions` as stored.
public struct StoredSession: Equatable, Sendable {
    public var id: Int64
    public var kiosk: String
    public var startUTC: String
    public var endUTC: String?
    public var touches: Int
    public var language: String
    public var flags: SessionFlags
    public var startMonoNs: Int64?
    public var endMonoNs: Int64?
}
