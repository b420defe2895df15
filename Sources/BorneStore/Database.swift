internal import CSQLite
import Foundation

/// One SQLite connection. One owner at a time (a thread or a serial queue):
/// it is opened in multi-thread mode (`SQLITE_OPEN_NOMUTEX`) and is not
/// `Sendable`. Closed when the last reference goes, after its statements,
/// which keep it alive.
public final class Database {
    public struct OpenFlags: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let readOnly = OpenFlags(rawValue: SQLITE_OPEN_READONLY)
        public static let readWrite = OpenFlags(rawValue: SQLITE_OPEN_READWRITE)
        public static let create = OpenFlags(rawValue: SQLITE_OPEN_CREATE)
        public static let noMutex = OpenFlags(rawValue: SQLITE_OPEN_NOMUTEX)
        /// Read-write, created if missing, one owner: what a store wants.
        public static let `default`: OpenFlags = [.readWrite, .create, .noMutex]
    }

    let handle: OpaquePointer
    public let path: String

    /// Test hook, called around every `sqlite3_step` with the statement's SQL
    /// (`.before`: the statement has not run; `.after`: it ran and succeeded).
    /// Throwing from it fails the step as a real I/O error would — including
    /// after a COMMIT that did happen, the ambiguous case.
    var stepHook: ((StepPhase, String) throws -> Void)?
    enum StepPhase { case before, after }

    public init(path: String, flags: OpenFlags = .default) throws {
        var h: OpaquePointer?
        let rc = sqlite3_open_v2(path, &h, flags.rawValue, nil)
        guard rc == SQLITE_OK, let h else {
            let error = SQLiteError(handle: h, code: rc, sql: nil)
            sqlite3_close_v2(h)     // a handle is returned even on failure
            throw error
        }
        sqlite3_extended_result_codes(h, 1)
        handle = h
        self.path = path
    }

    deinit { sqlite3_close_v2(handle) }

    // MARK: statements

    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Runs one or more statements without parameters, discarding rows.
    public func execute(_ sql: String) throws {
        var rest = Substring(sql)
        while !rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let (statement, tail) = try Statement.prepareFirst(of: rest, database: self)
            rest = tail
            guard let statement else { break }
            while try statement.step() {}
        }
    }

    /// Runs `sql` and returns the first column of every row as text (PRAGMAs).
    public func texts(_ sql: String, _ values: [SQLValue] = []) throws -> [String] {
        try prepare(sql).rows(values) { $0.text(0) ?? "" }
    }

    /// First column of the first row, or nil when there is no row or it is NULL.
    public func int64(_ sql: String, _ values: [SQLValue] = []) throws -> Int64? {
        let s = try prepare(sql)
        try s.bind(values)
        return try s.step() ? s.int64OrNil(0) : nil
    }

    /// First column of the first row as text, or nil.
    public func text(_ sql: String, _ values: [SQLValue] = []) throws -> String? {
        let s = try prepare(sql)
        try s.bind(values)
        return try s.step() ? s.text(0) : nil
    }

    // MARK: connection state

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }
    /// True outside an explicit transaction.
    public var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// How long a statement waits for another connection's lock before SQLITE_BUSY.
    public func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
        busyTimeoutMs = milliseconds
    }

    /// The busy timeout last set, which `setJournalMode` also waits for.
    public private(set) var busyTimeoutMs: Int32 = 0

    public enum JournalMode: String, Sendable { case wal, delete, truncate, memory }

    /// Sets the journal mode and returns the one in force (SQLite may refuse,
    /// e.g. WAL on a read-only connection to a database that is not WAL yet).
    /// A database already in that mode is left alone: asking again takes a
    /// lock that another connection writing at that moment (the kiosk's
    /// recorder beside an upload round) can answer with SQLITE_BUSY.
    /// Changing the mode needs the database to itself, and SQLite answers
    /// SQLITE_BUSY at once rather than calling the busy handler when another
    /// connection holds a lock (a new database being created by the kiosk
    /// while an upload round opens it): the change is tried again until the
    /// busy timeout has passed, then the SQLITE_BUSY is thrown.
    @discardableResult
    public func setJournalMode(_ mode: JournalMode) throws -> String {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(busyTimeoutMs, 0)) * 1_000_000
        while true {
            do {
                let current = try texts("PRAGMA journal_mode").first?.lowercased() ?? ""
                if current == mode.rawValue { return current }
                return try texts("PRAGMA journal_mode = \(mode.rawValue)").first?.lowercased() ?? ""
            } catch let e as SQLiteError where e.code == SQLITE_BUSY || e.code == SQLITE_LOCKED {
                guard DispatchTime.now().uptimeNanoseconds < deadline else { throw e }
                usleep(10_000)
            }
        }
    }

    public enum Synchronous: String, Sendable { case off = "OFF", normal = "NORMAL", full = "FULL", extra = "EXTRA" }

    public func setSynchronous(_ level: Synchronous) throws {
        try execute("PRAGMA synchronous = \(level.rawValue)")
    }

    /// `PRAGMA user_version`: the schema version, 0 for a new database.
    public func userVersion() throws -> Int {
        Int(try int64("PRAGMA user_version") ?? 0)
    }

    public func setUserVersion(_ v: Int) throws {
        try execute("PRAGMA user_version = \(v)")
    }

    /// `PRAGMA integrity_check`: `["ok"]` for a sound database.
    public func integrityCheck() throws -> [String] { try texts("PRAGMA integrity_check") }

    /// `PRAGMA quick_check`: the cheaper check (no index contents), `["ok"]` when sound.
    public func quickCheck() throws -> [String] { try texts("PRAGMA quick_check") }

    public func tableExists(_ name: String) throws -> Bool {
        try int64("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", [.text(name)]) != nil
    }

    public func columns(of table: String) throws -> [String] {
        try prepare("SELECT name FROM pragma_table_info(?)").rows([.text(table)]) { $0.text(0) ?? "" }
    }

    /// Rolls back whatever transaction is open, bypassing the test hook: used
    /// on error paths, where a second failure must not leave a transaction open.
    func rollbackIfNeeded() {
        guard !isAutocommit else { return }
        sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
    }
}
