import BorneCore
import BorneStats
import BorneStore
import XCTest
@testable import BorneOffice

/// Migration 4: the report reads `touch_days` and `touch_sessions`, kept at
/// ingest, instead of the rows (30 M touches: 8 s through touches_by_wall).
final class ReportAggregatesTests: XCTestCase {
    let vic = "vic-sur-cere"
    let pail = "pailherols"

    /// Rows of every kind the report tells apart, over new year's eve
    /// (local: Europe/Paris, UTC+1 in winter).
    func rows() -> [(String, OfficeTouch, clock: Int64)] {
        func t(_ seq: Int64, _ session: Int64?, _ wall: String, screen: String = "home", section: String? = nil,
               target: String? = nil, language: String = "fr", flags: Int64 = 0) -> OfficeTouch {
            OfficeTouch(seq: seq, sessionID: session, wallMs: ms(wall), monoMs: seq * 1000, screen: screen, section: section,
                        target: target, x: 1, y: 2, language: language, contentVersion: "v", flags: flags)
        }
        return [
            // A session started 2020-12-31 23:59:30 local, ending in 2021 in English.
            (vic, t(1, 1, "2020-12-31T22:59:30Z", target: "tile:dormir"), 0),
            (vic, t(2, 1, "2020-12-31T22:59:50Z", screen: "list:dormir", section: "dormir", target: "item:h1"), 0),
            (vic, t(3, 1, "2020-12-31T23:00:10Z", screen: "detail:h1", section: "dormir", target: "nav:qr"), 0),
            (vic, t(4, 1, "2020-12-31T23:00:20Z", screen: "detail:h1", section: "dormir", target: "qr:scanPhone",
                    language: "en"), 0),
            // 2020-07-14: an opening tap without action, a scripted one, a survey answer, a GPX download, a flagged clock.
            (vic, t(5, 5, "2020-07-14T10:00:00Z", target: "tile:manger", flags: TouchFlags.noAction.rawValue), 0),
            (vic, t(6, 5, "2020-07-14T10:00:05Z", target: "tile:agenda", flags: TouchFlags.scripted.rawValue), 0),
            (vic, t(7, 5, "2020-07-14T10:00:09Z", screen: "survey", target: "survey:ravi"), 0),
            (vic, t(8, 5, "2020-07-14T10:00:12Z", screen: "hike:h2", section: "randonnees", target: "download:h2"), 0),
            (vic, t(9, 9, "2020-07-15T10:00:00Z", target: "tile:visites"), 2),
            // A tap outside any session, and another kiosk whose session's first tap is missing.
            (vic, t(10, nil, "2020-07-16T10:00:00Z", section: "", target: "nav:back"), 0),
            (pail, t(8, 7, "2020-03-01T09:00:00Z", target: "tile:dormir", language: "de"), 0),
            (pail, t(9, 7, "2020-03-01T08:59:00Z", section: "dormir", target: "link:manger", language: "es"), 0),
        ]
    }

    func assertFigures(_ store: OfficeStore, file: StaticString = #filePath, line: UInt = #line) throws {
        let y2020 = try store.periodStats(.year(2020), itemQR: ["h1": "telephone"])
        let v = try XCTUnwrap(y2020.stats.kiosks[vic], file: file, line: line)
        XCTAssertEqual(v.sessions, 2, file: file, line: line)
        XCTAssertEqual(v.days, [LocalDate(year: 2020, month: 7, day: 14).dayNumber,
                                LocalDate(year: 2020, month: 12, day: 31).dayNumber], file: file, line: line)
        XCTAssertEqual(v.sessionsByLanguage, ["en": 1, "fr": 1], file: file, line: line)
        XCTAssertEqual(v.taps, 6, file: file, line: line)  // 1, 2, 5, 7, 8, 10
        XCTAssertEqual(v.openingTaps, ["dormir": 1], file: file, line: line)
        XCTAssertEqual(v.tapsInside, ["dormir": 1, "randonnees": 1, "": 1], file: file, line: line)
        XCTAssertEqual(v.itemViews, ["dormir": ["h1": 1]], file: file, line: line)
        XCTAssertEqual(v.sessionsByHour[23], 1, file: file, line: line)
        let e = try XCTUnwrap(y2020.extras[vic], file: file, line: line)
        XCTAssertEqual(e.qr, ["gpx": ["h2": 1]], file: file, line: line)
        XCTAssertEqual(e.survey, ["ravi": 1], file: file, line: line)
        XCTAssertEqual(e.sessionsOfficeUnknown, 2, file: file, line: line)
        // The session that began at 08:59 UTC (its first tap, seq 7, missing): 09:59 local, in the language of seq 9.
        let p = try XCTUnwrap(y2020.stats.kiosks[pail], file: file, line: line)
        XCTAssertEqual(p.sessions, 1, file: file, line: line)
        XCTAssertEqual(p.sessionsByHour[9], 1, file: file, line: line)
        XCTAssertEqual(p.sessionsByLanguage, ["es": 1], file: file, line: line)
        XCTAssertEqual(p.openingTaps, ["dormir": 1, "manger": 1], file: file, line: line)

        // 2021: the session's last two taps, one QR code shown from the screen of the item.
        let y2021 = try store.periodStats(.year(2021), itemQR: ["h1": "telephone"])
        XCTAssertEqual(y2021.stats.kiosks[vic]?.sessions, 0, file: file, line: line)
        XCTAssertEqual(y2021.stats.kiosks[vic]?.taps, 2, file: file, line: line)
        XCTAssertEqual(y2021.extras[vic]?.qr, ["telephone": ["h1": 2]], file: file, line: line)
        XCTAssertEqual(try store.yearStats(2020), y2020.stats, file: file, line: line)

        // Periods of days and whole months (touch_days and touch_months together).
        func taps(_ from: (Int, Int, Int), _ to: (Int, Int, Int)) throws -> [String: Int] {
            let p = ReportPeriod(start: LocalDate(year: from.0, month: from.1, day: from.2),
                                 end: LocalDate(year: to.0, month: to.1, day: to.2), kind: .range)
            return try store.periodStats(p).stats.kiosks.mapValues(\.taps)
        }
        XCTAssertEqual(try taps((2020, 7, 14), (2021, 1, 1)), [vic: 6], file: file, line: line)
        XCTAssertEqual(try taps((2020, 7, 15), (2021, 1, 1)), [vic: 3], file: file, line: line)
        XCTAssertEqual(try taps((2020, 7, 15), (2020, 12, 31)), [vic: 1], file: file, line: line)
        XCTAssertEqual(try taps((2020, 3, 1), (2020, 12, 1)), [vic: 4, pail: 2], file: file, line: line)
        XCTAssertEqual(try taps((2020, 12, 1), (2021, 2, 1)), [vic: 4], file: file, line: line)
    }

    func testAVersion3DatabaseIsBackfilledAndCountsAsIngestDoes() throws {
        let dir = try tempDir()
        let path = dir + "/office.db"
        // Closed before the store opens it.
        _ = try makeOldOffice(path, version: 3, rows().map { ($0.0, 1, $0.1, $0.clock) })
        let store = try OfficeStore(path: path)
        XCTAssertEqual(try store.db.userVersion(), OfficeStore.migrations.latestVersion)
        XCTAssertEqual(try store.db.int64("SELECT count(*) FROM sqlite_master WHERE name = 'touches_by_wall'"), 0)
        try assertFigures(store)
        XCTAssertEqual(try store.db.text("PRAGMA integrity_check"), "ok")
        // The report's two reads (OfficeReport+PeriodStats.swift) are ranges, not scans.
        func plan(_ sql: String) throws -> String {
            try store.db.prepare("EXPLAIN QUERY PLAN " + sql).rows([.integer(0), .integer(1)]) { $0.text(3) ?? "" }.joined()
        }
        XCTAssertTrue(try plan("SELECT kiosk, start_ms, language FROM touch_sessions WHERE start_ms >= ? AND start_ms < ?")
            .contains("USING COVERING INDEX touch_sessions_by_start (start_ms>? AND start_ms<?)"))
        XCTAssertTrue(try plan("SELECT kiosk, section, target, screen, taps FROM touch_days WHERE day >= ? AND day < ?")
            .contains("USING PRIMARY KEY (day>? AND day<?)"))

        // The same rows stored by ingest, one row per call in reverse order (a
        // session's parts arrive in any order), give the same aggregates.
        let fresh = try OfficeStore(path: dir + "/fresh.db")
        let ingestMs = ms("2021-02-01T00:00:00Z")
        for (k, r, clock) in rows().reversed() {
            let check = ClockCheck(contentCreated: clock == 0 ? [:] : ["v": ms("2030-01-01T00:00:00Z")], ingestMs: ingestMs)
            XCTAssertEqual(try fresh.insertTouches(kiosk: k, [r], clock: check), 1)
        }
        try assertFigures(fresh)
        for table in ["touch_days", "touch_months", "touch_sessions"] {
            let line = table == "touch_sessions"
                ? "printf('%s|%d|%d|%d|%d|%d|%s', k.value, epoch, touch_sessions.id, start_ms, exact, last_seq, l.value)"
                : "printf('%d|%s|%s|%s|%s|%d', \(table == "touch_days" ? "day" : "month"), k.value, s.value, t.value, c.value, taps)"
            let joins = table == "touch_sessions" ? "JOIN strings l ON l.id = language"
                : "LEFT JOIN strings s ON s.id = section LEFT JOIN strings t ON t.id = target LEFT JOIN strings c ON c.id = screen"
            let sql = """
                SELECT group_concat(line, ';') FROM (SELECT \(line) AS line
                FROM \(table) JOIN strings k ON k.id = kiosk \(joins) ORDER BY 1)
                """
            XCTAssertNotNil(try store.db.text(sql), table)
            XCTAssertEqual(try fresh.db.text(sql), try store.db.text(sql), table)
        }
    }

    /// Rows flagged after they were counted (their content version turns
    /// out newer than their clock) leave the aggregates.
    func testRowsFlaggedLaterLeaveTheFigures() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        let clock = ClockCheck(ingestMs: ms("2021-02-01T00:00:00Z"))
        _ = try store.insertTouches(kiosk: vic, [row(1, session: 1, target: "tile:dormir", version: "a"),
                                                 row(2, session: 1, target: "tile:manger", version: "a"),
                                                 row(3, session: 3, wall: "2020-08-01T10:00:00Z", version: "b")], clock: clock)
        XCTAssertEqual(try store.yearStats(2020).kiosks[vic]?.sessions, 2)
        XCTAssertEqual(try store.yearStats(2020).kiosks[vic]?.taps, 3)
        XCTAssertEqual(try store.learnContentVersion(kiosk: vic, version: "a", createdMs: ms("2020-07-20T00:00:00Z")), 2)
        let after = try XCTUnwrap(try store.yearStats(2020).kiosks[vic])
        XCTAssertEqual(after.sessions, 1)
        XCTAssertEqual(after.taps, 1)
        XCTAssertEqual(after.openingTaps, [:])
        XCTAssertEqual(try store.db.int64("SELECT count(*) FROM touch_days"), 1)
    }

    /// A batch refused for a conflicting row adds nothing to the aggregates
    /// (its rows before the conflict are rolled back with them), and a batch
    /// overlapping stored rows counts only its new ones.
    func testRefusedAndOverlappingBatchesCountOnlyStoredRows() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        func ingest() throws -> IngestReport { try ingestDAV(store, dir) }
        try writeBatch(sessionRows(from: 1, taps: 3, at: "2020-07-14T10:00:00Z"), kiosk: vic, key: testKey(0x42), root: dir + "/dav")
        XCTAssertEqual(try ingest().newRows, 3)
        // Seq 4 and 5 new, seq 3 again with another wall time: refused whole.
        let conflicting = sessionRows(from: 3, taps: 3, at: "2020-07-15T10:00:00Z")
        try writeBatch(conflicting, kiosk: vic, key: testKey(0x42), root: dir + "/dav")
        let refused = try ingest()
        XCTAssertEqual(refused.rejected.count, 1)
        XCTAssertEqual(refused.newRows, 0)
        XCTAssertEqual(try store.yearStats(2020).kiosks[vic]?.taps, 3)
        XCTAssertEqual(try store.yearStats(2020).kiosks[vic]?.sessions, 1)
        XCTAssertEqual(try store.db.int64("SELECT sum(taps) FROM touch_days"), 3)
        XCTAssertEqual(try store.db.int64("SELECT sum(taps) FROM touch_months"), 3)
        // Seq 2 to 6, the first two already stored: three taps more, a second
        // session (4) on another day; the refused file, read again, adds nothing.
        var overlapping = Array(sessionRows(from: 1, taps: 3, at: "2020-07-14T10:00:00Z").dropFirst())
        overlapping += sessionRows(from: 4, taps: 3, at: "2020-07-16T10:00:00Z")
        try writeBatch(overlapping, kiosk: vic, key: testKey(0x42), root: dir + "/dav")
        XCTAssertEqual(try ingest().newRows, 3)
        let stats = try XCTUnwrap(try store.yearStats(2020).kiosks[vic])
        XCTAssertEqual(stats.taps, 6)
        XCTAssertEqual(stats.sessions, 2)
        XCTAssertEqual(stats.days.count, 2)
    }
}
