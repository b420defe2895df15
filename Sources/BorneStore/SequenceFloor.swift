import BorneSystem

/// The sequence high-water mark kept outside the database, in
/// `DATA/stats/seq-floor`, so that a database that is lost, moved aside or
/// restored from a copy never makes the kiosk reuse a sequence number.
///
/// The file holds one line, "<reserved> <base> <database-id>":
/// - `reserved`: no sequence number above it was ever committed. The writer
///   raises it, in blocks (1000), durably, *before* committing any higher
///   number: so every number ever committed is ≤ `reserved` on disk.
/// - `database-id`: the `meta.db_id` of the database it was written for.
/// - `base`: every sequence this database was given is > `base` (the
///   reservation of the database before it, when it was bound).
///
/// At open: the same database continues at max(its highest sequence, base) + 1,
/// without a gap; any other (new, recreated, restored) starts at
/// max(its highest, reserved) + 1, above every number ever issued.
struct SequenceFloor {
    struct Value: Equatable {
        var reserved: Int64
        var base: Int64
        var databaseID: String
    }

    let path: String

    enum ReadResult: Equatable { case missing, unreadable(String), value(Value) }

    func read() -> ReadResult {
        let bytes: [UInt8]?
        do { bytes = try AtomicFile.read(path, limit: 1 << 16) } catch { return .unreadable("\(error)") }
        guard let bytes else { return .missing }
        let parts = String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard parts.count == 3, let r = Int64(parts[0]), let b = Int64(parts[1]), r >= 0, b >= 0, b <= r else {
            return .unreadable("\(path): not '<reserved> <base> <db-id>'")
        }
        return .value(Value(reserved: r, base: b, databaseID: String(parts[2])))
    }

    func write(_ v: Value) throws {
        // Whole and durable after a power cut; the temporary name is `seq-floor.tmp`.
        try AtomicFile.makeDirectories(AtomicFile.directory(of: path))
        try AtomicFile.write(Array("\(v.reserved) \(v.base) \(v.databaseID)\n".utf8), to: path, temp: path + ".tmp",
                             directorySyncRequired: true)
    }

    /// Where a database with highest sequence `dbMax` and id `databaseID` continues.
    static func nextSequence(dbMax: Int64, databaseID: String, floor: Value?) -> Int64 {
        guard let floor else { return dbMax + 1 }
        if floor.databaseID == databaseID { return max(dbMax, floor.base) + 1 }
        return max(dbMax, floor.reserved) + 1
    }

    /// The value to write before committing sequences up to `last` into the
    /// database `databaseID`, or nil when the file already covers them.
    static func reservation(toCommitUpTo last: Int64, databaseID: String, current: Value?,
                            block: Int64) -> Value? {
        if let c = current, c.databaseID == databaseID, last <= c.reserved { return nil }
        let reserved = ((max(last, current?.reserved ?? 0) + block) / block) * block
        if let c = current, c.databaseID == databaseID {
            return Value(reserved: reserved, base: c.base, databaseID: databaseID)
        }
        // A database the file does not know: bind it. Its numbers start above
        // everything the file covered (the writer's next sequence already does).
        return Value(reserved: reserved, base: current?.reserved ?? 0, databaseID: databaseID)
    }
}
