import BorneCore
import BorneStats
import XCTest
@testable import BorneOffice

/// `--lang en`: the report's own texts in English; item names and figures as they are.
final class ReportEnglishTests: XCTestCase {
    func testTheReportInEnglishKeepsNamesAndFigures() throws {
        let store = try makeOffice(try tempDir(), trusting: ["vic-sur-cere"])
        try store.db.inTransaction {
            _ = try store.insertTouches(kiosk: "vic-sur-cere", sessionRows(from: 1, taps: 2, at: "2020-07-14T10:00:00Z"),
                                        clock: ClockCheck(ingestMs: ms("2021-01-01T00:00:00Z")))
            return .commit
        }
        // An item whose name holds words the translation knows: it stays French.
        var r = try OfficeReport.build(store, year: 2020,
                                       context: ReportContext(itemNames: ["hotel-les-ombrelles": "Agenda du mois à Vic"]))
        let french = r.text()
        r.language = .en
        let text = r.text()
        XCTAssert(text.hasPrefix("Kiosk statistics — 2020\n"), text)
        XCTAssert(text.contains("Sessions 2020\n"))
        XCTAssert(text.contains("\nDays with at least one session "))
        XCTAssert(text.contains("\nWhere to stay "))
        XCTAssert(text.contains("Where to stay · Agenda du mois à Vic"), text)
        XCTAssert(text.contains("All kiosks"))
        XCTAssert(text.contains("Note: the office's hours are unknown"), text)
        XCTAssertFalse(text.contains("Toutes les bornes"))
        XCTAssert(french.contains("Où dormir ? · Agenda du mois à Vic"), "French by default")
        XCTAssert(r.html().contains("<html lang=\"en\">"))
        XCTAssert(r.csv().contains("\nWhere to stay,1,1\n"), r.csv())

        var empty = try OfficeReport.build(store, period: .range(from: LocalDate(year: 2027, month: 3, day: 1),
                                                                  to: LocalDate(year: 2027, month: 3, day: 10)))
        empty.language = .en
        XCTAssertEqual(empty.csv(), "no data for from 1 March 2027 to 10 March 2027\n")
        XCTAssertEqual(ReportEnglish.translate("Évolution : touches Où dormir ?"), "Change: taps Where to stay")
        XCTAssertEqual(ReportEnglish.translate("QR GPX · Le Puy Griou"), "QR GPX · Le Puy Griou")
    }
}
