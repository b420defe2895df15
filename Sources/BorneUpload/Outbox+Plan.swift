import BorneStats
import BorneStore
import BorneSystem
import Foundation

/// `DATA/upload/plan.json`: the ranges cut from the pending rows, kept
/// until acknowledged. This is the "mark" of mark-send-acknowledge: once a
/// range is planned it is sent as exactly that range — after a failure, a
/// crash or a restart, and on a stick — even if more rows have come since,
/// so the collector never holds two files that overlap.
struct OutboxPlan: Codable, Equatable {
    var format = 1
    var kiosk: String
    /// `meta.db_id` of the database the ranges were cut from.
    var databaseID: String
    /// [first, last] pairs, ascending and contiguous in the table.
    var ranges: [[Int64]]

    enum CodingKeys: String, CodingKey {
        case format, kiosk, ranges
        case databaseID = "db_id"
    }
}

extension Outbox {
    /// The batches to send, oldest first: the planned ranges still valid,
    /// then new ranges of at most 5,000 rows cut from the rows after them.
    /// Saves the plan (durably) before returning when it changed.
    public func plan() throws -> [BatchName] {
        guard let store = try withFaults(faults, .readStore, { try openStore() }) else { return [] }
        let db = store.db
        let acked = try lastAckedSeq(db)
        let saved = loadPlan()
        var ranges: [ClosedRange<Int64>] = []
        if let saved, saved.kiosk == kiosk, saved.databaseID == store.databaseID {
            ranges = saved.ranges.compactMap { $0.count == 2 && $0[0] <= $0[1] ? $0[0]...$0[1] : nil }
                .filter { $0.upperBound > acked }
        }
        // Keep the planned ranges only while they chain exactly from the cursor.
        var expected = try firstSeq(db, after: acked)
        var kept = 0
        for r in ranges {
            guard r.lowerBound == expected, try rangeIsWhole(db, r) else { break }
            kept += 1
            expected = try firstSeq(db, after: r.upperBound)
        }
        if kept < ranges.count {
            log("plan: \(ranges.count - kept) planned range(s) no longer match the database; cutting them again")
            ranges.removeLast(ranges.count - kept)
        }
        var from = ranges.last?.upperBound ?? acked
        while let next = try cut(db, after: from) {
            ranges.append(next)
            from = next.upperBound
        }
        let plan = OutboxPlan(kiosk: kiosk, databaseID: store.databaseID, ranges: ranges.map { [$0.lowerBound, $0.upperBound] })
        if plan != saved {
            try withFaults(faults, .savePlan) { try savePlan(plan) }
        }
        return ranges.map { BatchName(kiosk: kiosk, first: $0.lowerBound, last: $0.upperBound) }
    }

    func loadPlan() -> OutboxPlan? {
        guard let data = try? Data(contentsOf: planFile) else { return nil }
        guard let plan = try? JSONDecoder().decode(OutboxPlan.self, from: data), plan.format == 1 else {
            log("plan: \(planFile.path) is unreadable; cutting the ranges again (a resend may overlap, which the office tolerates)")
            return nil
        }
        return plan
    }

    func savePlan(_ plan: OutboxPlan) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        try AtomicFile.makeDirectories(uploadDir.path)
        try AtomicFile.write(Array(try enc.encode(plan)) + [0x0a], to: planFile.path)
    }

    /// The smallest seq above `seq`, or `Int64.max` when there is none.
    private func firstSeq(_ db: Database, after seq: Int64) throws -> Int64 {
        try db.int64("SELECT min(seq) FROM touches WHERE seq > ?", [.integer(seq)]) ?? .max
    }

    /// The range's first and last numbers are rows, and it holds at most a batch.
    private func rangeIsWhole(_ db: Database, _ r: ClosedRange<Int64>) throws -> Bool {
        let s = try db.prepare("SELECT min(seq), max(seq), count(*) FROM touches WHERE seq BETWEEN ? AND ?")
        try s.bind([.integer(r.lowerBound), .integer(r.upperBound)])
        guard try s.step() else { return false }
        return s.int64OrNil(0) == r.lowerBound && s.int64OrNil(1) == r.upperBound && s.int64(2) <= Int64(Batch.maxRows)
    }

    /// The next range: up to 5,000 rows after `seq`.
    private func cut(_ db: Database, after seq: Int64) throws -> ClosedRange<Int64>? {
        let s = try db.prepare("SELECT min(seq), max(seq) FROM (SELECT seq FROM touches WHERE seq > ? ORDER BY seq LIMIT ?)")
        try s.bind([.integer(seq), .integer(Int64(Batch.maxRows))])
        guard try s.step(), let lo = s.int64OrNil(0), let hi = s.int64OrNil(1) else { return nil }
        return lo...hi
    }
}
