import BorneStore
import Foundation

/// The ids of texts in `strings` (schema steps 4 and 6): the aggregates'
/// keys and every text column of `touch_rows`. Ids are looked up once per
/// distinct text and kept; an id added inside a transaction that is then
/// rolled back no longer exists, so every ROLLBACK of the store's
/// connection is followed by `forget()`.
final class StringIDs {
    private let insert: Statement
    private let select: Statement
    private var known: [String: Int64] = [:]

    init(_ db: Database) throws {
        insert = try db.prepare("INSERT OR IGNORE INTO strings (value) VALUES (?)")
        select = try db.prepare("SELECT id FROM strings WHERE value = ?")
    }

    /// The id of `s`, added to `strings` if new.
    func id(_ s: String) throws -> Int64 {
        if let i = known[s] { return i }
        try insert.execute([.text(s)])
        guard let i = try select.rows([.text(s)], { $0.int64(0) }).first else {
            throw SQLiteError(extendedCode: 1, message: "strings : « \(s) » ni ajoutée ni trouvée",
                              sql: "SELECT id FROM strings WHERE value = ?")
        }
        known[s] = i
        return i
    }

    /// The id of `s`, 0 for nil (the aggregates' "none").
    func id(_ s: String?) throws -> Int64 {
        guard let s else { return 0 }
        return try id(s)
    }

    /// After a rollback: ids added since the last commit may be gone.
    func forget() { known = [:] }
}
