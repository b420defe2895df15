/// How a transaction body ends when it does not throw.
public enum TransactionCompletion: Sendable { case commit, rollback }

public enum TransactionKind: String, Sendable {
    case deferred = "DEFERRED"
    /// Takes the write lock at BEGIN: a busy database fails before any work.
    case immediate = "IMMEDIATE"
    case exclusive = "EXCLUSIVE"
}

extension Database {
    /// Runs `body` in a transaction: commits when it returns `.commit`, rolls
    /// back when it returns `.rollback` or throws (and rethrows). A COMMIT
    /// that fails is rolled back too, so no transaction is left open.
    public func inTransaction(_ kind: TransactionKind = .immediate,
                              _ body: () throws -> TransactionCompletion) throws {
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        do {
            switch try body() {
            case .commit: try execute("COMMIT")
            case .rollback: try execute("ROLLBACK")
            }
        } catch {
            rollbackIfNeeded()
            throw error
        }
    }
}
