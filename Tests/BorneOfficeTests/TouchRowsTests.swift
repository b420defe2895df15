import BorneCore
import BorneStats
import BorneStore
import XCTest
@testable import BorneOffice

/// Schema step 6: `touch_rows` holds a touch's texts as ids into `strings`
/// (integers only), `touches` is a view with the columns of the table it
/// replaced; a version-5 database keeps every row, clock and aggregate.
final class TouchRowsTests: XCTestCase {
    let vic = "vic-sur-cere"

    /// Every row of `touches` (table or view), all columns, as text lines.
    static func lines(_ db: Database) throws -> [String] {
        try resultLines(db, ["SELECT * FROM touches ORDER BY kiosk, epoch, seq"], columns: 15)
    }

    /// The aggregates by value and touch_counts, as lines.
    static func figures(_ db: Database) throws -> [String] {
        try resultLines(db, aggregatesByValue + ["SELECT kiosk, epoch, rows, last_seq, '', '', '' FROM touch_counts ORDER BY 1, 2"])
    }

    func testAVersion5DatabaseKeepsItsRowsAndFiguresAsIds() throws {
        let dir = try tempDir()
        let path = dir + "/office.db"
        let rows: [(String, Int64, Int64, Int64?, String, String?, String?, String, String, Int64, Int64)] = [
            // kiosk, epoch, seq, session, screen, section, target, language, version, flags, clock
            (vic, 1, 1, 1, "home", nil, "tile:dormir", "fr", "2020.07.1", 0, 0),
            (vic, 1, 2, 1, "list:dormir", "dormir", "item:gîte-du-lac-des-graves", "fr", "2020.07.1", 0, 0),
            (vic, 1, 3, 1, "list:dormir", "dormir", nil, "en", "2020.07.1", 8, 0),
            (vic, 1, 4, nil, "home", nil, "", "en", "2020.07.1", 0, 1),
            (vic, 2, 1, 1, "home", nil, "nav:qr", "de", "2020.08.1", 0, 0),
            ("pailherols", 1, 7, 7, "home", nil, "tile:manger", "fr", "2020.07.1", 1, 0),
            ("pailherols", 1, 9, 7, "qr:item:x", "manger", "qr:item:x", "es", "2020.07.1", 0, 2),
        ]
        let before: [String]
        let figures: [String]
        do {
            let db = try makeOldOffice(path, version: 5, rows.enumerated().map { i, r in
                (r.0, r.1, BatchRow(seq: r.2, sessionID: r.3, wallMs: ms("2020-07-14T10:00:00Z") + Int64(i) * 60_000,
                                    monoMs: Int64(i) * 500, screen: r.4, section: r.5, target: r.6, x: 3, y: 4,
                                    language: r.7, contentVersion: r.8, flags: r.9), r.10)
            })
            // The aggregates and counts as step 4 and 5 make them from these rows.
            try AggregateWriter(db).rebuild(kiosk: nil)
            try db.execute("""
                INSERT INTO touch_counts (kiosk, epoch, rows, last_seq)
                    SELECT kiosk, epoch, count(*), max(seq) FROM touches GROUP BY kiosk, epoch
                """)
            XCTAssertEqual(try db.userVersion(), 5)
            before = try Self.lines(db)
            figures = try Self.figures(db)
        }
        let store = try OfficeStore(path: path)
        XCTAssertEqual(try store.db.userVersion(), OfficeStore.migrations.latestVersion)
        XCTAssertEqual(try store.db.text("PRAGMA integrity_check"), "ok")
        XCTAssertEqual(before.count, rows.count + 1, "every row, then the end mark")
        XCTAssertEqual(try Self.lines(store.db), before, "the view shows every row as the table held it")
        XCTAssertEqual(try Self.figures(store.db), figures, "aggregates and counts untouched")
        // Integers only in touch_rows: no text, NULL only for a missing session, section or target.
        XCTAssertEqual(try store.db.int64("""
            SELECT count(*) FROM touch_rows WHERE typeof(kiosk) != 'integer' OR typeof(screen) != 'integer'
              OR typeof(language) != 'integer' OR typeof(content_version) != 'integer'
              OR typeof(section) NOT IN ('integer', 'null') OR typeof(target) NOT IN ('integer', 'null')
            """), 0)
        XCTAssertEqual(try store.db.int64("SELECT count(*) FROM touch_rows WHERE section IS NULL"), 4)
        XCTAssertEqual(try store.db.int64("SELECT count(*) FROM touch_rows WHERE target IS NULL"), 1)
        // The flagged clocks, as the report counts them.
        XCTAssertEqual(try store.flaggedCounts(), [vic: [.beforeContent: 1], "pailherols": [.future: 1]])
        // Ingest goes on in the same table and epoch, new texts included.
        let check = ClockCheck(ingestMs: ms("2021-01-03T00:00:00Z"))
        XCTAssertEqual(try store.insertTouches(kiosk: vic, epoch: 2, [row(2, session: 1, target: "tile:neuf"),
                                                                      row(3, session: 1, target: "tile:dormir")],
                                               clock: check), 2)
        XCTAssertEqual(try store.touches(kiosk: vic, epoch: 2).map { $0.target }, ["nav:qr", "tile:neuf", "tile:dormir"])
        try TouchCountsTests.assertCountsMatchRows(store)
        // A row received again is compared through the ids: the same is no conflict, another is.
        XCTAssertEqual(try store.insertTouches(kiosk: vic, epoch: 2, [row(2, session: 1, target: "tile:neuf")], clock: check), 0)
        XCTAssertThrowsError(try store.insertTouches(kiosk: vic, epoch: 2, [row(2, session: 1, target: "tile:autre")],
                                                     clock: check)) {
            XCTAssertEqual(($0 as? TouchConflict)?.field, "target")
        }
    }

    /// A batch refused for a conflict may have added texts that its
    /// rollback took away: the next batch carrying them stores them again,
    /// never an id that no longer exists (the view would lose the row's text).
    func testTextsOfARefusedBatchAreStoredWithTheNextOne() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        func ingest() throws -> IngestReport { try ingestDAV(store, dir) }
        try writeBatch(sessionRows(from: 1, taps: 3, at: "2020-07-14T10:00:00Z"), kiosk: vic, key: testKey(0x42), root: dir + "/dav")
        try writeBatch(sessionRows(from: 6, taps: 1, at: "2020-07-14T11:00:00Z"), kiosk: vic, key: testKey(0x42), root: dir + "/dav")
        XCTAssertEqual(try ingest().newRows, 4)
        // Seq 4 with texts never seen (stored, then...), seq 6 again with another time: refused whole.
        var conflicting = sessionRows(from: 4, taps: 3, at: "2020-07-15T10:00:00Z")
        conflicting[0].target = "item:jamais-vu"
        conflicting[0].screen = "page:jamais-vu"
        try FileManager.default.removeItem(atPath: dir + "/dav")
        try writeBatch(conflicting, kiosk: vic, key: testKey(0x42), root: dir + "/dav")
        XCTAssertEqual(try ingest().rejected.count, 1)
        XCTAssertEqual(try store.db.int64("SELECT count(*) FROM strings WHERE value = 'item:jamais-vu'"), 0,
                       "the refused batch's texts went with its rollback")
        // The same texts in a good batch, ingested by the same store.
        try FileManager.default.removeItem(atPath: dir + "/dav")
        var good = sessionRows(from: 4, taps: 2, at: "2020-07-16T10:00:00Z")
        good[0].target = "item:jamais-vu"
        good[0].screen = "page:jamais-vu"
        try writeBatch(good, kiosk: vic, key: testKey(0x42), root: dir + "/dav")
        XCTAssertEqual(try ingest().newRows, 2)
        XCTAssertEqual(try store.touches(kiosk: vic).map(\.seq), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try store.touches(kiosk: vic)[3].target, "item:jamais-vu")
        XCTAssertEqual(try store.touches(kiosk: vic)[3].screen, "page:jamais-vu")
        XCTAssertEqual(try store.db.int64("""
            SELECT count(*) FROM touch_rows r LEFT JOIN strings t ON t.id = r.target LEFT JOIN strings s ON s.id = r.screen
            WHERE (r.target IS NOT NULL AND t.value IS NULL) OR s.value IS NULL
            """), 0, "every id of touch_rows is in strings")
    }
}
