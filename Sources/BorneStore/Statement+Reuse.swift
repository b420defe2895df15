internal import CSQLite

extension Statement {
    /// Makes the statement runnable again, keeping its bindings. For bulk
    /// loops that bind column by column with `bind(_:at:)` and `step()`
    /// (the office's ingest), without building a `[SQLValue]` per row.
    public func reset() { sqlite3_reset(handle) }
}

extension Statement {
    /// The UTF-8 bytes of a text column of the current row, nil for NULL,
    /// without making a `String`; valid until the next `step`/`reset`.
    public func textBytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let p = sqlite3_column_text(handle, column) else { return nil }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column)))
    }
}
