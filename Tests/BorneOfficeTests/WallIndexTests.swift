import BorneStats
import BorneStore
import XCTest
@testable import BorneOffice

/// Migration 3: the yearly report read one year through `touches_by_wall`
/// instead of scanning every row of every year (issue: 30 M touches took 8 s).
/// Migration 4 replaced it by aggregates (ReportAggregatesTests).
final class WallIndexTests: XCTestCase {
    let vic = "vic-sur-cere"

    /// The report's query as `yearStats` ran it until migration 4.
    static let yearQuery = """
        SELECT kiosk, seq, session_id, wall_ms, section, target, language, flags, epoch
        FROM touches
        WHERE wall_ms >= ? AND wall_ms < ? AND clock = 0 AND (flags & \(TouchFlags.scripted.rawValue)) = 0
        """

    func plan(_ db: Database, _ sql: String, _ values: [SQLValue] = [.integer(0), .integer(1)]) throws -> String {
        try db.prepare("EXPLAIN QUERY PLAN " + sql).rows(values) { $0.text(3) ?? "" }
            .joined(separator: "\n")
    }

    func testAVersion2DatabaseGetsTheIndexAndTheReportReadsOnlyTheIndex() throws {
        let dir = try tempDir()
        let path = dir + "/office.db"
        do {
            let db = try Database(path: path)
            try OfficeStore.migrations.upTo(2).migrate(db)
            XCTAssertFalse(try plan(db, Self.yearQuery).contains("touches_by_wall"))
            try db.execute("""
                INSERT INTO touches (kiosk, epoch, seq, session_id, wall_ms, mono_ms, screen, section, target, x, y,
                                     language, content_version, flags, clock)
                VALUES ('vic-sur-cere', 1, 1, 1, \(ms("2019-07-14T10:00:00Z")), 5, 'home', NULL, 'tile:dormir', 1, 2, 'fr', 'v', 0, 0),
                       ('vic-sur-cere', 1, 2, 2, \(ms("2020-07-14T10:00:00Z")), 7, 'home', NULL, 'tile:manger', 1, 2, 'en', 'v', 0, 0),
                       ('vic-sur-cere', 1, 3, 2, \(ms("2020-07-14T10:00:02Z")), 9, 'list:manger', 'manger', 'item:m1', 1, 2, 'en', 'v', 0, 0),
                       ('vic-sur-cere', 1, 4, 4, \(ms("2021-07-14T10:00:00Z")), 11, 'home', NULL, 'tile:agenda', 1, 2, 'fr', 'v', 0, 0);
                INSERT INTO kiosks (id, key_hex, trusted_at) VALUES ('vic-sur-cere', '\(testKeyHex(0x11))', '2020-01-01T00:00:00.000Z');
                INSERT INTO kiosk_keys (kiosk, epoch, key_hex, trusted_at) VALUES ('vic-sur-cere', 1, '\(testKeyHex(0x11))', '2020-01-01T00:00:00.000Z');
                """)
        }
        do {
            let db = try Database(path: path)
            try OfficeStore.migrations.upTo(3).migrate(db)
            XCTAssertEqual(try db.userVersion(), 3)
            let p = try plan(db, Self.yearQuery)
            XCTAssertTrue(p.contains("USING COVERING INDEX touches_by_wall (wall_ms>? AND wall_ms<?)"), p)
        }
        // Migration 4 drops touches_by_wall (the report reads aggregates), keeps touches_flagged.
        let store = try OfficeStore(path: path)
        XCTAssertEqual(try store.db.userVersion(), OfficeStore.migrations.latestVersion)
        let flagged = try plan(store.db, "SELECT kiosk, clock, count(*) FROM touches WHERE clock != 0 GROUP BY kiosk, clock", [])
        XCTAssertTrue(flagged.contains("touches_flagged"), flagged)
        // The same figures from the aggregates: one session in 2020, in English, two taps.
        let stats = try XCTUnwrap(try store.yearStats(2020).kiosks[vic])
        XCTAssertEqual(stats.sessions, 1)
        XCTAssertEqual(stats.taps, 2)
        XCTAssertEqual(stats.sessionsByLanguage, ["en": 1])
        XCTAssertEqual(try store.db.text("PRAGMA integrity_check"), "ok")
    }
}
