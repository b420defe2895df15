import BorneStats
import XCTest
@testable import BorneOffice

/// The report's formats, pinned on a tiny database: Vic with two sessions
/// on one day, Pailherols with one; a `noAction` tile tap that must not count.
final class ReportFormatTests: XCTestCase {
    func makeReport() throws -> OfficeReport {
        let dir = try tempDir()
        let store = try makeOffice(dir, trusting: ["pailherols", "vic-sur-cere"])
        let clock = ClockCheck(ingestMs: ms("2021-01-01T00:00:00Z"))
        var vic = sessionRows(from: 1, taps: 3, at: "2020-07-14T10:30:00Z")            // 12:30 in Paris
            + sessionRows(from: 4, taps: 2, at: "2020-07-14T16:10:00Z", target: "tile:manger")
        vic.append(BatchRow(seq: 6, sessionID: 4, wallMs: ms("2020-07-14T16:11:00Z"), monoMs: 0, screen: "home",
                            section: nil, target: "tile:agenda", x: 0, y: 0, language: "en", contentVersion: "v",
                            flags: 8))
        let pail = sessionRows(from: 10, taps: 2, at: "2020-08-01T08:00:00Z", target: "tile:randonnees")
        try store.db.inTransaction {
            _ = try store.insertTouches(kiosk: "vic-sur-cere", vic, clock: clock)
            _ = try store.insertTouches(kiosk: "pailherols", pail, clock: clock)
            return .commit
        }
        return try OfficeReport.build(store, year: 2020, context: ReportContext(kioskNames: repoKioskNames))
    }

    func testCSVFirstTwoBlocksAreExactlyTheReportsTables() throws {
        let csv = try makeReport().csv()
        let expected = """
            Sessions 2020
            ,all_kiosks,vic-sur-cere,pailherols
            Nombre des sessions,3,2,1
            Nombre de jours avec au moins une session,2,1,1

            Touches par rubrique 2020
            ,all_kiosks,vic-sur-cere,pailherols
            Où dormir ?,1,1,0
            Où manger ?,1,1,0
            Agenda,0,0,0
            Il pleut ?,0,0,0
            Commerces et services,0,0,0
            Randonnées,1,0,1

            Sessions selon l'ouverture de l'office 2020 (
            """
        XCTAssert(csv.hasPrefix(expected.dropLast()), csv)
    }

    func testCSVBlocksAllHaveTitleHeaderAndRowsOfTheSameWidth() throws {
        let blocks = try makeReport().csv().components(separatedBy: "\n\n")
        // 11 tables (no satisfaction question asked), then the note that no office hours were given.
        XCTAssertEqual(blocks.count, 12)
        XCTAssert(blocks[11].hasPrefix("Note : horaires de l'office inconnus"), blocks[11])
        for b in blocks.prefix(11) {
            let lines = b.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            XCTAssertEqual(lines[1], ",all_kiosks,vic-sur-cere,pailherols")
            for l in lines.dropFirst(2) { XCTAssertEqual(l.split(separator: ",", omittingEmptySubsequences: false).count, 4, String(l)) }
        }
    }

    func testCSVQuotesCellsWithCommasAndQuotes() {
        XCTAssertEqual(OfficeReport.csvCell("a,b"), "\"a,b\"")
        XCTAssertEqual(OfficeReport.csvCell("dit \"oui\""), "\"dit \"\"oui\"\"\"")
        XCTAssertEqual(OfficeReport.csvCell("Où dormir ?"), "Où dormir ?")
    }

    func testTextTablesAreAlignedLikeTheReport() throws {
        let text = try makeReport().text()
        let expected = """
            Sessions 2020
            =============
                                                       Toutes les bornes  Vic sur Cère  Pailherols
            Nombre des sessions                                        3             2           1
            Nombre de jours avec au moins une session                  2             1           1

            Touches par rubrique 2020
            =========================
                                   Toutes les bornes  Vic sur Cère  Pailherols
            Où dormir ?                            1             1           0
            Où manger ?                            1             1           0
            Agenda                                 0             0           0
            Il pleut ?                             0             0           0
            Commerces et services                  0             0           0
            Randonnées                             1             0           1

            """
        XCTAssert(text.contains(expected), text)
    }

    func testHoursShowAtAGlance() throws {
        let r = try makeReport()
        XCTAssertEqual(r.stats.kiosks["vic-sur-cere"]?.sessionsByHour[12], 1)
        XCTAssertEqual(r.stats.kiosks["vic-sur-cere"]?.sessionsByHour[18], 1)
        XCTAssertEqual(OfficeReport.bars([0, 1, 4, 8]), " ▁▄█")
        XCTAssert(r.text().contains("Profil horaire, 0h → 23h"))
    }

    func testLanguagesCountTheSessionsLastTap() throws {
        let r = try makeReport()
        XCTAssertEqual(r.stats.kiosks["vic-sur-cere"]?.sessionsByLanguage, ["fr": 1, "en": 1])
    }

    func testHTMLIsOnePageWithSVGAndEscapesText() throws {
        var r = try makeReport()
        r.stats.kiosks["vic-sur-cere"]!.itemViews["dormir"] = ["<script>alert('x')</script>": 5]
        let html = r.html()
        XCTAssert(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssert(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssert(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("src=") || html.contains("href="), "no external file")
        XCTAssertEqual(OfficeReport.escape("a & \"b\" <c>"), "a &amp; &quot;b&quot; &lt;c&gt;")
    }

    func testYearOnYearChangeWhenThePreviousYearIsThere() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        let clock = ClockCheck(ingestMs: ms("2021-06-01T00:00:00Z"))
        try store.db.inTransaction {
            _ = try store.insertTouches(kiosk: "vic-sur-cere",
                                        sessionRows(from: 1, taps: 2, at: "2019-07-14T10:00:00Z")
                                        + sessionRows(from: 3, taps: 2, at: "2020-07-14T10:00:00Z")
                                        + sessionRows(from: 5, taps: 2, at: "2020-07-15T10:00:00Z"), clock: clock)
            return .commit
        }
        let r = try OfficeReport.build(store, year: 2020)
        let evo = try XCTUnwrap(r.tables.first { $0.id == "evolution" })
        XCTAssertEqual(evo.rows.first { $0.label == "Évolution : nombre des sessions" }?.cells, ["+100 %", "+100 %"])
        XCTAssertNil(try OfficeReport.build(store, year: 2019).tables.first { $0.id == "evolution" })
    }

    func testSessionAcrossNewYearCountsInTheYearItStarted() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        try store.db.inTransaction {
            // 23:59:30 Paris on 31 December 2020, taps until after midnight.
            _ = try store.insertTouches(kiosk: "vic-sur-cere", sessionRows(from: 1, taps: 60, at: "2020-12-31T22:59:30Z"),
                                        clock: ClockCheck(ingestMs: ms("2021-06-01T00:00:00Z")))
            return .commit
        }
        XCTAssertEqual(try store.yearStats(2020).kiosks["vic-sur-cere"]?.sessions, 1)
        XCTAssertEqual(try store.yearStats(2021).kiosks["vic-sur-cere"]?.sessions, 0)
        XCTAssertEqual(try store.yearStats(2021).kiosks["vic-sur-cere"]?.taps, 30)
    }
}
