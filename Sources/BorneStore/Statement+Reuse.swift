internal import CSQLite

extension Statement {
    /// Makes the statement runnable again, keeping its bindings. For bulk
    /// loops that bind column by column with `bind(_:at:)` and `step()`
    /// (the office's ingest), without building a `[SQLValue]` per row.
    public func reset() { sqlite3_reset(handle) }
}
