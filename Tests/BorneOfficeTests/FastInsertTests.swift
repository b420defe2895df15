import BorneStats
import BorneStore
import Foundation
import XCTest
@testable import BorneOffice
@testable import BorneStore

/// Ingest's fast path (`insertNewRange`: a batch whose range holds no
/// stored row is stored 64 rows per INSERT) stores exactly what the
/// row-by-row path stores: the same rows, clock verdicts, aggregates,
/// counts; and a range already partly stored still goes row by row.
final class FastInsertTests: XCTestCase {
    /// Rows of every kind: sessions, taps without action, QR taps, nil
    /// sections and targets, languages and content versions that change,
    /// scripted rows, clocks before 2015, before their content, in the future.
    func mixedRows(_ n: Int, from first: Int64 = 1) -> [OfficeTouch] {
        (0..<Int64(n)).map { i in
            let seq = first + i
            let session = seq - i % 7
            var wall = ms("2020-07-14T06:00:00Z") + i * 97_000
            if i % 53 == 5 { wall = ms("2012-01-01T00:00:00Z") }
            if i % 61 == 7 { wall = ms("2021-06-01T00:00:00Z") }
            if i % 67 == 9 { wall = ms("2020-06-01T00:00:00Z") }
            // Short texts (stored in the String itself), long ones (on the heap), accents.
            let targets: [String?] = [nil, "tile:dormir", "nav:qr", "qr:item:hotel", "item:hotel-les-ombrelles",
                                      "item:gîte-du-lac-des-graves", ""]
            return OfficeTouch(seq: seq, sessionID: i % 11 == 3 ? nil : session, wallMs: wall, monoMs: 1000 + i * 500,
                               screen: i % 3 == 0 ? "home" : "list:dormir", section: i % 5 == 0 ? nil : "dormir",
                               target: targets[Int(i % 7)], x: Int(i % 40), y: Int(i % 12),
                               language: i % 13 < 9 ? "fr" : "en", contentVersion: i < Int64(n / 2) ? "2020.07.1" : "2020.07.2",
                               flags: i % 17 == 4 ? TouchFlags.scripted.rawValue : (i % 19 == 2 ? TouchFlags.noAction.rawValue : 0))
        }
    }

    /// `mixedRows` as a batch may carry them (a target is never empty there).
    func batchRows(_ n: Int, from first: Int64 = 1) -> [OfficeTouch] {
        mixedRows(n, from: first).map { r in
            var r = r
            if r.target == "" { r.target = "item:buron-de-la-jarrige" }
            return r
        }
    }

    func clock() -> ClockCheck {
        ClockCheck(contentCreated: ["2020.07.1": ms("2020-06-30T22:00:00Z"), "2020.07.2": ms("2020-07-15T00:00:00Z")],
                   ingestMs: ms("2021-01-03T00:00:00Z"))
    }

    /// Every stored row and aggregate, by value.
    func contents(_ store: OfficeStore) throws -> [String] {
        try resultLines(store.db, ["SELECT * FROM touches ORDER BY kiosk, epoch, seq"] + aggregatesByValue)
    }

    func testFastPathStoresWhatRowByRowStores() throws {
        // Around the 64-row statement: less than one, exactly one, one more, several and a tail.
        for n in [1, 63, 64, 65, 200] {
            let rows = mixedRows(n)
            let fast = try makeOffice(try tempDir("fast\(n)"))
            let slow = try makeOffice(try tempDir("slow\(n)"))
            slow.rowByRowOnly = true
            var flaggedFast = 0, flaggedSlow = 0
            let addedFast = try fast.insertNewRange(kiosk: "vic-sur-cere", epoch: 1, rows, clock: clock(), flagged: &flaggedFast)
            let addedSlow = try slow.insertTouches(kiosk: "vic-sur-cere", rows, clock: clock(), flagged: &flaggedSlow)
            XCTAssertEqual(addedFast, n, "\(n) rows, by the fast path")
            XCTAssertEqual(addedSlow, n, "\(n) rows")
            XCTAssertEqual(flaggedFast, flaggedSlow, "\(n) rows")
            XCTAssertGreaterThan(flaggedFast, n >= 64 ? 0 : -1, "\(n) rows: flagged clocks are in the sample")
            let a = try contents(fast), b = try contents(slow)
            XCTAssertEqual(a.count, b.count, "\(n) rows")
            XCTAssertEqual(a, b, "\(n) rows")
            XCTAssertEqual(try touchCount(fast), Int64(n))
            try TouchCountsTests.assertCountsMatchRows(fast)
            try TouchCountsTests.assertCountsMatchRows(slow)
        }
    }

    /// A batch overlapping stored rows (even one in the middle of its range)
    /// is not all new: only its new rows are added and counted, as row by row.
    func testRangeHoldingAStoredRowAddsOnlyTheNewOnes() throws {
        let rows = mixedRows(150)
        let fast = try makeOffice(try tempDir("fast"))
        let slow = try makeOffice(try tempDir("slow"))
        slow.rowByRowOnly = true
        for store in [fast, slow] {
            var flagged = 0
            XCTAssertEqual(try store.insertTouches(kiosk: "vic-sur-cere", [rows[70]], clock: clock(), flagged: &flagged), 1)
            XCTAssertEqual(try store.insertTouches(kiosk: "vic-sur-cere", rows, clock: clock(), flagged: &flagged), 149)
            XCTAssertEqual(try store.insertTouches(kiosk: "vic-sur-cere", rows, clock: clock(), flagged: &flagged), 0)
        }
        XCTAssertEqual(try contents(fast), try contents(slow))
        var none = 0
        XCTAssertNil(try fast.insertNewRange(kiosk: "vic-sur-cere", epoch: 1, mixedRows(3, from: 69), clock: clock(),
                                             flagged: &none), "a range holding stored rows is not new")
        XCTAssertNotNil(try fast.insertNewRange(kiosk: "vic-sur-cere", epoch: 2, mixedRows(3, from: 69), clock: clock(),
                                                flagged: &none), "another epoch's range is")
        XCTAssertNil(try fast.insertNewRange(kiosk: "vic-sur-cere", epoch: 3, mixedRows(3).reversed(), clock: clock(),
                                             flagged: &none), "rows not in seq order go row by row")
        XCTAssertEqual(try touchCount(fast), 153)
        try TouchCountsTests.assertCountsMatchRows(fast)
        // The same seq with another row, inside a new-looking range: refused whole, nothing stored.
        var changed = mixedRows(10, from: 151)
        changed.append(contentsOf: mixedRows(1, from: 161))
        let store = try makeOffice(try tempDir("conflict"))
        var flagged = 0
        XCTAssertEqual(try store.insertTouches(kiosk: "vic-sur-cere", [changed[5]], clock: clock(), flagged: &flagged), 1)
        changed[5].x += 1
        try store.db.execute("SAVEPOINT batch")
        XCTAssertThrowsError(try store.insertTouches(kiosk: "vic-sur-cere", changed, clock: clock(), flagged: &flagged)) {
            XCTAssertEqual(($0 as? TouchConflict)?.field, "x, y")
        }
        try store.db.execute("ROLLBACK TO batch")
        try store.db.execute("RELEASE batch")
        XCTAssertEqual(try touchCount(store), 1)
        try TouchCountsTests.assertCountsMatchRows(store)
    }

    /// Ingest stores a batch whose range holds no stored row without a
    /// savepoint (a savepoint copies every page the batch changes, to undo
    /// it, and a multi-row ABORT INSERT keeps such a copy per statement:
    /// the rows' INSERT is OR FAIL). A batch overlapping stored rows still
    /// gets its savepoint: a conflicting row there refuses that batch only.
    func testNewBatchesGoWithoutASavepointOverlappingOnesWithOne() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        let rows = batchRows(300)
        try writeBatch(Array(rows[0..<150]), kiosk: "vic-sur-cere", key: testKey(0x42), root: dir + "/dav")
        try writeBatch(Array(rows[150..<300]), kiosk: "vic-sur-cere", key: testKey(0x42), root: dir + "/dav")
        var ran: [String] = []
        store.db.stepHook = { phase, sql in if phase == .before { ran.append(sql) } }
        XCTAssertEqual(try ingestDAV(store, dir).newRows, 300)
        XCTAssertFalse(ran.contains { $0.hasPrefix("SAVEPOINT") }, "new batches: no savepoint")
        XCTAssertEqual(ran.filter { $0 == OfficeStore.insertWideSQL }.count, 4, "two batches of 150 rows: 2 × 2 statements of 64")
        XCTAssert(OfficeStore.insertWideSQL.hasPrefix("INSERT OR FAIL INTO touch_rows"), OfficeStore.insertWideSQL)
        // Rows 140...170 again with 301...310 new: not a new range, row by row under a savepoint.
        try writeBatch(Array(rows[139..<170]) + batchRows(10, from: 301), kiosk: "vic-sur-cere", key: testKey(0x42),
                       root: dir + "/dav")
        ran = []
        XCTAssertEqual(try ingestDAV(store, dir).newRows, 10, "rows 140...170 are stored already")
        XCTAssert(ran.contains("SAVEPOINT batch"), "an overlapping batch has its savepoint")
        store.db.stepHook = nil
        XCTAssertEqual(try touchCount(store), 310)
        try TouchCountsTests.assertCountsMatchRows(store)
    }

    /// A new batch's INSERT that fails half-way (the disk, the database):
    /// without a savepoint, the whole transaction is rolled back and the
    /// ingest fails, saying so; nothing of the kiosk's batches is stored,
    /// counted or logged as stored. The next ingest stores everything, the
    /// same as an ingest that never failed.
    func testAFailedInsertOfANewBatchLeavesNothingHalfStored() throws {
        let dir = try tempDir()
        let rows = batchRows(450)
        for part in [0..<150, 150..<300, 300..<450] {
            try writeBatch(Array(rows[part]), kiosk: "vic-sur-cere", key: testKey(0x42), root: dir + "/dav")
        }
        struct DiskFull: Error {}
        let store = try makeOffice(dir)
        var wide = 0
        store.db.stepHook = { phase, sql in
            guard phase == .before, sql == OfficeStore.insertWideSQL else { return }
            wide += 1
            // The second batch's second statement: the first batch and 64 rows of the second are in.
            if wide == 4 { throw DiskFull() }
        }
        XCTAssertThrowsError(try ingestDAV(store, dir)) { XCTAssert($0 is DiskFull, "\($0)") }
        XCTAssertEqual(wide, 4)
        store.db.stepHook = nil
        XCTAssertEqual(try touchCount(store), 0)
        for table in ["touch_days", "touch_months", "touch_sessions", "touch_counts"] {
            XCTAssertEqual(try store.db.int64("SELECT count(*) FROM \(table)"), 0, table)
        }
        XCTAssertEqual(try store.ingestLog().filter { $0.result == "stored" }.count, 0)
        XCTAssertEqual(try ingestDAV(store, dir).newRows, 450)
        let cleanDir = try tempDir("clean")
        let clean = try makeOffice(cleanDir)
        try FileManager.default.copyItem(atPath: dir + "/dav", toPath: cleanDir + "/dav")
        XCTAssertEqual(try ingestDAV(clean, cleanDir).newRows, 450)
        XCTAssertEqual(try contents(store), try contents(clean))
        try TouchCountsTests.assertCountsMatchRows(store)
    }

    /// Runs of 1 to 150 rows: every row upserted (added to what is there),
    /// by 64-row statements and then powers of two: 7 statements prepared
    /// in all, not one per row count.
    func testMultiUpsertPreparesSevenStatementsForAnyRowCount() throws {
        let store = try makeOffice(try tempDir())
        try store.db.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        let upsert = MultiUpsert(store.db, "INSERT INTO t (k, n)", width: 2, key: 1,
                                 "ON CONFLICT (k) DO UPDATE SET n = n + excluded.n")
        for count in 1...150 {
            try upsert.run((0..<Int64(count)).reversed().flatMap { [$0, 1] })
        }
        // Key k is in every run of more than k rows: 150 - k times.
        XCTAssertEqual(try resultLines(store.db, ["SELECT count(*), sum(n = 150 - k) FROM t"], columns: 2), ["150|150", "--"])
        XCTAssertEqual(upsert.preparedCount, 7)
    }
}
