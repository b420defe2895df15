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

    /// Every row of the `touches` view, all columns, as text lines.
    static func lines(_ store: OfficeStore) throws -> [String] {
        let s = try store.db.prepare("SELECT * FROM touches ORDER BY kiosk, epoch, seq")
        try s.bind([])
        var out: [String] = []
        while try s.step() { out.append((0..<15).map { s.isNull($0) ? "∅" : (s.text($0) ?? "∅") }.joined(separator: "|")) }
        s.reset()
        return out
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
            let db = try Database(path: path)
            try OfficeStore.migrations.upTo(5).migrate(db)
            let s = try db.prepare("""
                INSERT INTO touches (kiosk, epoch, seq, session_id, wall_ms, mono_ms, screen, section, target, x, y,
                                     language, content_version, flags, clock)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 3, 4, ?, ?, ?, ?)
                """)
            for (i, r) in rows.enumerated() {
                try s.execute([.text(r.0), .integer(r.1), .integer(r.2), r.3.map { .integer($0) } ?? .null,
                               .integer(ms("2020-07-14T10:00:00Z") + Int64(i) * 60_000), .integer(Int64(i) * 500),
                               .text(r.4), r.5.map { .text($0) } ?? .null, r.6.map { .text($0) } ?? .null,
                               .text(r.7), .text(r.8), .integer(r.9), .integer(r.10)])
            }
            // The aggregates and counts as step 4 and 5 make them from these rows.
            try AggregateWriter(db).rebuild(kiosk: nil)
            try db.execute("""
                INSERT INTO touch_counts (kiosk, epoch, rows, last_seq)
                    SELECT kiosk, epoch, count(*), max(seq) FROM touches GROUP BY kiosk, epoch
                """)
            XCTAssertEqual(try db.userVersion(), 5)
            let v5 = try db.prepare("SELECT * FROM touches ORDER BY kiosk, epoch, seq")
            try v5.bind([])
            var out: [String] = []
            while try v5.step() { out.append((0..<15).map { v5.isNull($0) ? "∅" : (v5.text($0) ?? "∅") }.joined(separator: "|")) }
            v5.reset()
            before = out
            figures = try Self.figures(db)
        }
        let store = try OfficeStore(path: path)
        XCTAssertEqual(try store.db.userVersion(), OfficeStore.migrations.latestVersion)
        XCTAssertEqual(try store.db.text("PRAGMA integrity_check"), "ok")
        XCTAssertEqual(before.count, rows.count)
        XCTAssertEqual(try Self.lines(store), before, "the view shows every row as the table held it")
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
        func ingest() throws -> IngestReport {
            try OfficeIngest(store: store, now: { UTCTime.date(ms: ms("2020-07-20T08:00:00Z")) }).run([dir + "/dav"])
        }
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

    /// touch_days, touch_months, touch_sessions (by value) and touch_counts, as lines.
    static func figures(_ db: Database) throws -> [String] {
        var out: [String] = []
        for q in [
            """
            SELECT d.day, k.value, s.value, t.value, c.value, d.taps FROM touch_days d
            JOIN strings k ON k.id = d.kiosk LEFT JOIN strings s ON s.id = d.section
            LEFT JOIN strings t ON t.id = d.target LEFT JOIN strings c ON c.id = d.screen ORDER BY 1, 2, 3, 4, 5
            """,
            """
            SELECT m.month, k.value, s.value, t.value, c.value, m.taps FROM touch_months m
            JOIN strings k ON k.id = m.kiosk LEFT JOIN strings s ON s.id = m.section
            LEFT JOIN strings t ON t.id = m.target LEFT JOIN strings c ON c.id = m.screen ORDER BY 1, 2, 3, 4, 5
            """,
            """
            SELECT k.value, x.epoch, x.id, x.start_ms, x.exact, x.last_seq, l.value FROM touch_sessions x
            JOIN strings k ON k.id = x.kiosk JOIN strings l ON l.id = x.language ORDER BY 1, 2, 3
            """,
            "SELECT kiosk, epoch, rows, last_seq, '', '', '' FROM touch_counts ORDER BY 1, 2",
        ] {
            let s = try db.prepare(q)
            try s.bind([])
            while try s.step() { out.append((0..<7).map { s.isNull($0) ? "∅" : (s.text($0) ?? "∅") }.joined(separator: "|")) }
            s.reset()
            out.append("--")
        }
        return out
    }
}
