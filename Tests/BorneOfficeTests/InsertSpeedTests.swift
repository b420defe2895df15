import Foundation
import XCTest
@testable import BorneOffice

/// Measures the raw insert path (no decoding). Prints a rate; asserts
/// only correctness. BORNE_BENCH_ROWS=N changes the row count.
final class InsertSpeedTests: XCTestCase {
    func testBulkInsertStoresEveryRowOnceAndPrintsItsRate() throws {
        let dir = try tempDir()
        let store = try OfficeStore(path: dir + "/office.db")
        let n = Int(ProcessInfo.processInfo.environment["BORNE_BENCH_ROWS"] ?? "") ?? 100_000
        let base = ms("2020-07-14T10:00:00Z")
        let rows = (1...n).map { i in
            OfficeTouch(seq: Int64(i), sessionID: Int64(i - i % 7 + 1), wallMs: base + Int64(i) * 700, monoMs: Int64(i) * 700,
                        screen: i % 3 == 0 ? "home" : "list:manger", section: i % 3 == 0 ? nil : "manger",
                        target: i % 3 == 0 ? "tile:manger" : "item:auberge-du-buron-fleuri", x: i % 80, y: i % 24,
                        language: "fr", contentVersion: "2020.07.1", flags: 0)
        }
        let clock = ClockCheck(ingestMs: ms("2021-01-01T00:00:00Z"))
        let t0 = Date()
        var added = 0
        try store.db.inTransaction {
            added = try store.insertTouches(kiosk: "vic-sur-cere", rows, clock: clock)
            return .commit
        }
        try store.checkpoint()
        let dt = Date().timeIntervalSince(t0)
        print("insert: \(n) rows in \(String(format: "%.3f", dt)) s = \(Int(Double(n) / dt)) rows/s")
        XCTAssertEqual(added, n)
        var again = 0
        try store.db.inTransaction {
            again = try store.insertTouches(kiosk: "vic-sur-cere", rows.prefix(1000), clock: clock)
            return .commit
        }
        XCTAssertEqual(again, 0)
        XCTAssertEqual(try store.db.int64("SELECT count(*) FROM touches"), Int64(n))
    }
}
