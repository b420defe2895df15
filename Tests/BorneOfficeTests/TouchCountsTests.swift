import BorneStats
import BorneStore
import XCTest
@testable import BorneOffice

/// `touch_counts` (schema step 5): rows and last seq per kiosk and key
/// epoch, kept at ingest, read by the fleet instead of a scan of `touches`.
final class TouchCountsTests: XCTestCase {
    /// Per kiosk, as the fleet read it before step 5: every epoch's rows
    /// summed, the last seq of the latest epoch.
    static func scanned(_ store: OfficeStore) throws -> [String: (rows: Int64, lastSeq: Int64)] {
        var out: [String: (rows: Int64, lastSeq: Int64)] = [:]
        let sql = "SELECT kiosk, count(*), max(seq) FROM touches GROUP BY kiosk, epoch ORDER BY kiosk, epoch"
        for (k, n, m) in try store.db.prepare(sql).rows([], { s in (s.text(0) ?? "", s.int64(1), s.int64(2)) }) {
            out[k] = ((out[k]?.rows ?? 0) + n, m)
        }
        return out
    }

    /// `touch_counts` against a GROUP BY over every row, as text lines.
    static func assertCountsMatchRows(_ store: OfficeStore, file: StaticString = #filePath, line: UInt = #line) throws {
        func lines(_ sql: String) throws -> [String] {
            try store.db.prepare(sql).rows([]) { s in "\(s.text(0) ?? "")|\(s.int64(1))|\(s.int64(2))|\(s.int64(3))" }
        }
        let kept = try lines("SELECT kiosk, epoch, rows, last_seq FROM touch_counts ORDER BY kiosk, epoch")
        let rows = try lines("SELECT kiosk, epoch, count(*), max(seq) FROM touches GROUP BY kiosk, epoch ORDER BY kiosk, epoch")
        XCTAssertEqual(kept, rows, file: file, line: line)
    }

    func testAVersion4DatabaseKeepsItsDataAndGetsItsCounts() throws {
        let dir = try tempDir()
        let path = dir + "/office.db"
        do {
            let rows: [(String, Int64, Int64, Int64)] = [("vic-sur-cere", 1, 3, 0), ("vic-sur-cere", 1, 9, 1), ("vic-sur-cere", 1, 4, 0),
                                                          ("vic-sur-cere", 2, 1, 0), ("pailherols", 1, 5, 0), ("pailherols", 1, 2, 2)]
            let db = try makeOldOffice(path, version: 4, rows.map { k, e, seq, clock in
                (k, e, BatchRow(seq: seq, sessionID: nil, wallMs: ms("2020-07-14T10:00:00Z"), monoMs: 0, screen: "home",
                                section: nil, target: nil, x: 1, y: 2, language: "fr", contentVersion: "v", flags: 0), clock)
            })
            XCTAssertEqual(try db.userVersion(), 4)
        }
        let store = try OfficeStore(path: path)
        XCTAssertEqual(try store.db.userVersion(), OfficeStore.migrations.latestVersion)
        XCTAssertEqual(try store.db.text("PRAGMA integrity_check"), "ok")
        XCTAssertEqual(try touchCount(store), 6, "step 5 keeps every row")
        XCTAssertEqual(try store.db.prepare("SELECT kiosk, epoch, rows, last_seq FROM touch_counts ORDER BY kiosk, epoch")
            .rows([]) { s in "\(s.text(0) ?? "") \(s.int64(1)) \(s.int64(2)) \(s.int64(3))" },
                       ["pailherols 1 2 5", "vic-sur-cere 1 3 9", "vic-sur-cere 2 1 1"])
        let fleet = try FleetReport.build(store, nowMs: ms("2020-07-20T08:00:00Z"), names: repoKioskNames)
        XCTAssertEqual(fleet.entries.map { "\($0.kiosk) \($0.rowsStored) \($0.lastSeq.map(String.init) ?? "-")" }.sorted(),
                       ["pailherols 2 5", "vic-sur-cere 4 1"])

        // Ingest then adds to them: new rows only, in their epoch.
        var flagged = 0
        let check = ClockCheck(ingestMs: ms("2021-01-03T00:00:00Z"))
        XCTAssertEqual(try store.insertTouches(kiosk: "vic-sur-cere", epoch: 2, (2...5).map { row($0) }, clock: check,
                                               flagged: &flagged), 4)
        XCTAssertEqual(try store.insertTouches(kiosk: "vic-sur-cere", epoch: 2, (6...70).map { row($0) }, clock: check,
                                               flagged: &flagged), 65)
        XCTAssertEqual(try store.insertTouches(kiosk: "vic-sur-cere", epoch: 2, (60...80).map { row($0) }, clock: check,
                                               flagged: &flagged), 10, "an overlapping batch adds its new rows only")
        try Self.assertCountsMatchRows(store)
        XCTAssertEqual(try FleetReport.build(store, nowMs: ms("2020-07-20T08:00:00Z"), names: repoKioskNames).entries
            .first { $0.kiosk == "vic-sur-cere" }.map { "\($0.rowsStored) \($0.lastSeq ?? -1)" }, "83 80")
    }
}
