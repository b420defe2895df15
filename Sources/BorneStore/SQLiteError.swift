internal import CSQLite
import Foundation

/// A failed SQLite call: result codes, SQLite's message and the SQL that
/// failed. Never the bound values: they may be what a visitor touched.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Primary result code (`SQLITE_FULL`, `SQLITE_CORRUPT`...).
    public var code: Int32 { extendedCode & 0xff }
    /// Extended result code (`SQLITE_IOERR_FSYNC`, `SQLITE_READONLY_DBMOVED`...).
    public var extendedCode: Int32
    public var message: String
    /// The statement that failed, as written in our code (placeholders, no values).
    public var sql: String?
    /// errno of the system call behind an I/O error (`sqlite3_system_errno`), 0 if none.
    public var systemErrno: Int32

    public init(extendedCode: Int32, message: String, sql: String? = nil, systemErrno: Int32 = 0) {
        self.extendedCode = extendedCode; self.message = message; self.sql = sql; self.systemErrno = systemErrno
    }

    /// The error of the last failed call on `handle`.
    init(handle: OpaquePointer?, code: Int32, sql: String?) {
        let ext = handle.map { sqlite3_extended_errcode($0) } ?? code
        // The handle's code can be stale when the failing call did not set it (misuse).
        let extended = (ext & 0xff) == (code & 0xff) ? ext : code
        let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        self.init(extendedCode: extended, message: message, sql: sql,
                  systemErrno: handle.map { sqlite3_system_errno($0) } ?? 0)
    }

    public var description: String {
        var s = "SQLite error \(code) (\(Self.name(code))"
        if extendedCode != code { s += ", extended \(extendedCode)" }
        s += "): \(message)"
        if systemErrno != 0 { s += " [errno \(systemErrno): \(String(cString: strerror(systemErrno)))]" }
        // One line for journald: the SQL's own line breaks and indentation collapse.
        if let sql { s += " — in `\(sql.split(whereSeparator: \.isWhitespace).joined(separator: " "))`" }
        return s
    }

    // MARK: what kind of fault

    /// The database file is damaged or is not a database: move it aside.
    public var isCorrupt: Bool { code == SQLITE_CORRUPT || code == SQLITE_NOTADB }
    /// No room left: SQLite's own SQLITE_FULL or a write that failed with ENOSPC/EDQUOT.
    public var isDiskFull: Bool { code == SQLITE_FULL || systemErrno == ENOSPC || systemErrno == EDQUOT }
    /// The file, the connection or the whole file system does not take writes.
    public var isReadOnly: Bool { code == SQLITE_READONLY || code == SQLITE_PERM || systemErrno == EROFS }
    /// Another connection holds the lock longer than the busy timeout.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    static func name(_ code: Int32) -> String {
        switch code {
        case SQLITE_ERROR: return "SQLITE_ERROR"
        case SQLITE_PERM: return "SQLITE_PERM"
        case SQLITE_BUSY: return "SQLITE_BUSY"
        case SQLITE_LOCKED: return "SQLITE_LOCKED"
        case SQLITE_NOMEM: return "SQLITE_NOMEM"
        case SQLITE_READONLY: return "SQLITE_READONLY"
        case SQLITE_IOERR: return "SQLITE_IOERR"
        case SQLITE_CORRUPT: return "SQLITE_CORRUPT"
        case SQLITE_FULL: return "SQLITE_FULL"
        case SQLITE_CANTOPEN: return "SQLITE_CANTOPEN"
        case SQLITE_CONSTRAINT: return "SQLITE_CONSTRAINT"
        case SQLITE_MISUSE: return "SQLITE_MISUSE"
        case SQLITE_NOTADB: return "SQLITE_NOTADB"
        case SQLITE_RANGE: return "SQLITE_RANGE"
        default: return "code \(code)"
        }
    }
}
