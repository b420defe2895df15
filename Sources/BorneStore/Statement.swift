internal import CSQLite

/// A prepared statement. Owns its `sqlite3_stmt` and finalizes it in
/// `deinit`; keeps its `Database` alive. Not `Sendable`: it belongs to the
/// owner of its connection.
public final class Statement {
    public let database: Database
    let handle: OpaquePointer
    public let sql: String

    init(database: Database, sql: String) throws {
        let (h, tail) = try Self.prepareHandle(of: Substring(sql), database: database)
        guard let h else {
            throw SQLiteError(extendedCode: SQLITE_MISUSE, message: "no statement in SQL", sql: sql)
        }
        if !tail.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            sqlite3_finalize(h)
            preconditionFailure("prepare() takes one statement; use execute() for several: \(sql)")
        }
        self.database = database; self.handle = h; self.sql = sql
    }

    private init(database: Database, handle: OpaquePointer) {
        self.database = database; self.handle = handle; self.sql = String(cString: sqlite3_sql(handle))
    }

    /// Prepares the first statement of `sql`; nil when it holds only comments/space.
    static func prepareFirst(of sql: Substring, database: Database) throws -> (Statement?, Substring) {
        let (h, tail) = try prepareHandle(of: sql, database: database)
        return (h.map { Statement(database: database, handle: $0) }, tail)
    }

    private static func prepareHandle(of sql: Substring, database: Database) throws -> (OpaquePointer?, Substring) {
        let text = String(sql)
        return try text.withCString { start -> (OpaquePointer?, Substring) in
            var h: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v2(database.handle, start, -1, &h, &tail)
            let consumed = tail.map { $0 - start } ?? text.utf8.count
            let rest = Substring(String(decoding: text.utf8.dropFirst(consumed), as: UTF8.self))
            guard rc == SQLITE_OK else {
                // SQLite stops the tail at the error: name the whole text it was preparing.
                throw SQLiteError(handle: database.handle, code: rc,
                                  sql: text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return (h, rest)
        }
    }

    deinit { sqlite3_finalize(handle) }

    func fail(_ rc: Int32) -> SQLiteError {
        SQLiteError(handle: database.handle, code: rc, sql: sql)
    }

    // MARK: binding

    /// Resets the statement and binds `values` to its parameters 1...n.
    public func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, v) in values.enumerated() { try bind(v, at: Int32(i + 1)) }
    }

    public func bind(_ value: SQLValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(let v): rc = borne_sqlite_bind_text(handle, index, v, -1)
        case .blob(let v): rc = v.withUnsafeBytes { borne_sqlite_bind_blob(handle, index, $0.baseAddress, Int32($0.count)) }
        }
        // The error names the statement and the parameter's position, never the value.
        guard rc == SQLITE_OK else { throw fail(rc) }
    }

    // MARK: running

    /// Runs to the next row: true when a row is ready, false when done.
    /// A failed step resets the statement, so it can be run again.
    @discardableResult
    public func step() throws -> Bool {
        if let hook = database.stepHook {
            do { try hook(.before, sql) } catch { sqlite3_reset(handle); throw error }
        }
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            if let hook = database.stepHook {
                do { try hook(.after, sql) } catch { sqlite3_reset(handle); throw error }
            }
            return false
        default:
            let error = fail(rc)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Binds, runs to completion, resets.
    public func execute(_ values: [SQLValue] = []) throws {
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Binds, then maps every row.
    public func rows<T>(_ values: [SQLValue] = [], _ map: (Statement) throws -> T) throws -> [T] {
        try bind(values)
        var out: [T] = []
        while try step() { out.append(try map(self)) }
        sqlite3_reset(handle)
        return out
    }

    // MARK: columns of the current row

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    public func int64OrNil(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
    public func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    public func text(_ column: Int32) -> String? {
        sqlite3_column_text(handle, column).map { String(cString: $0) }
    }
}
