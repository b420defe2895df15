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

extension Statement {
    /// Binds `text` from its UTF-8 storage with its length (no C string made
    /// first, no `strlen`): the office's ingest binds four texts per row.
    public func bindText(_ text: String, at index: Int32) throws {
        var text = text
        let rc = text.withUTF8 { utf8 -> Int32 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return borne_sqlite_bind_text(handle, index, "", 0) }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                borne_sqlite_bind_text(handle, index, $0, Int32(utf8.count))
            }
        }
        guard rc == SQLITE_OK else { throw fail(rc) }
    }
}

extension Statement {
    /// Binds an integer, or NULL for nil, straight through `sqlite3_bind_int64`
    /// (no `SQLValue` made and switched on): the office's ingest binds
    /// 13 integers a touch. Throws as `bind(_:at:)` does.
    public func bindInt64(_ value: Int64?, at index: Int32) throws {
        let rc = value.map { sqlite3_bind_int64(handle, index, $0) } ?? sqlite3_bind_null(handle, index)
        guard rc == SQLITE_OK else { throw fail(rc) }
    }
}
