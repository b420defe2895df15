import XCTest
@testable import BorneOffice

/// The HTML the director opens (and prints): French numbers, distinct month
/// labels, axis values, titles wider than never clipped, print CSS.
final class ReportHTMLTests: XCTestCase {
    func testFrenchNumbers() {
        XCTAssertEqual(OfficeReport.frenchNumber("5656"), "5\u{202F}656")
        XCTAssertEqual(OfficeReport.frenchNumber("1234567"), "1\u{202F}234\u{202F}567")
        XCTAssertEqual(OfficeReport.frenchNumber("402"), "402")
        XCTAssertEqual(OfficeReport.frenchNumber("68.4"), "68,4")
        XCTAssertEqual(OfficeReport.frenchNumber("+1200 %"), "+1\u{202F}200\u{202F}%")
        XCTAssertEqual(OfficeReport.frenchNumber("Où dormir ?"), "Où dormir ?")
        XCTAssertEqual(OfficeReport.frenchNumber("—"), "—")
    }

    func testMonthLabelsAreDistinctAndChartsAreNotClipped() throws {
        XCTAssertEqual(Set(ReportPeriod.monthShort).count, 12, "juin and juil. apart")
        let svg = OfficeReport.barChart(title: "Table tactile de randonnée", labels: ["juin", "juil."], values: [5656, 12],
                                        highlightPeaks: true)
        let width = try XCTUnwrap(Int(svg.components(separatedBy: "width=\"")[1].prefix { $0.isNumber }))
        XCTAssertGreaterThanOrEqual(width, OfficeReport.textWidth("Table tactile de randonnée (max 5 656)", size: 11),
                                    "the title fits in the chart")
        XCTAssert(svg.contains(">10\u{202F}000</text>"), "axis top value: \(svg)")
        XCTAssert(svg.contains(">5\u{202F}000</text>"), "axis half value")
        XCTAssert(svg.contains(">juin</text>") && svg.contains(">juil.</text>"))
        XCTAssertEqual(OfficeReport.niceCeiling(5656), 10000)
        XCTAssertEqual(OfficeReport.niceCeiling(261), 500)
        XCTAssertEqual(OfficeReport.niceCeiling(0), 1)
    }

    func testPrintCSSForA4() {
        let r = OfficeReport(period: .year(2020), kiosks: [], stats: YearStats(year: 2020, kiosks: [:]), extras: [:],
                             previous: nil, flagged: [:], context: ReportContext())
        XCTAssert(r.html().contains("aucune donnée pour 2020"))
        XCTAssert(r.html().contains("@page { size: A4"))
        XCTAssert(r.html().contains("@media print"))
    }
}
