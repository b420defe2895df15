import BorneCore
import BorneStats
import XCTest
@testable import BorneOffice

/// Batch text reaches office output only through the one sanitizer: no
/// control or bidi character in text and CSV, no formula a spreadsheet
/// would run, HTML escaped. The rows here are stored directly, as an
/// office database of the first release may hold them (the codec now
/// refuses such text at ingest).
final class OutputSanitizingTests: XCTestCase {
    static let osc = "\u{1B}]0;pwned\u{07}"
    static let formula = "=cmd|' /C calc'!A0"

    func makeReport() throws -> OfficeReport {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        var rows = sessionRows(from: 1, taps: 3, at: "2020-07-14T10:30:00Z")
        rows[1].target = "item:hotel\(Self.osc)-x"
        rows[2].target = "item:\u{202E}exe.txt"
        rows.append(BatchRow(seq: 4, sessionID: 1, wallMs: ms("2020-07-14T10:31:00Z"), monoMs: 9, screen: "home",
                             section: nil, target: "link:\(Self.formula)", x: 0, y: 0, language: "\u{1B}[31mxx",
                             contentVersion: "2020.07.1", flags: 0))
        try store.db.inTransaction {
            _ = try store.insertTouches(kiosk: "vic-sur-cere", rows, clock: ClockCheck(ingestMs: ms("2021-01-01T00:00:00Z")))
            return .commit
        }
        return try OfficeReport.build(store, year: 2020)
    }

    func assertNoUnsafeCharacter(_ s: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let bad = s.unicodeScalars.filter { Sanitizer.isUnsafe($0) && $0 != "\n" }
        XCTAssertEqual(bad.map { String($0.value, radix: 16) }, [], what, file: file, line: line)
    }

    func testTextReportCarriesNoControlOrBidiCharacter() throws {
        let text = try makeReport().text()
        assertNoUnsafeCharacter(text, "text report")
        XCTAssert(text.contains("Où dormir ? · hotel-x"), text)
        XCTAssert(text.contains("Où dormir ? · exe.txt"), text)
    }

    func testCSVNeutralisesFormulasAndControls() throws {
        let csv = try makeReport().csv()
        assertNoUnsafeCharacter(csv, "csv report")
        XCTAssert(csv.contains("\n'=cmd|' /C calc'!A0,1,1\n"), csv)
        XCTAssertFalse(csv.contains("\n=cmd"), csv)
        // Every cell starting with = + - @ is neutralised, unless it is a plain number.
        for line in csv.split(separator: "\n") {
            for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                guard let c = cell.first, "=+-@".contains(c) else { continue }
                XCTAssert(cell.allSatisfy { $0.isNumber || " %+-.".contains($0) }, "cell \(cell)")
            }
        }
    }

    func testHTMLHasNoRawEscapeAndEscapesTheRest() throws {
        let html = try makeReport().html()
        assertNoUnsafeCharacter(html, "html report")
        XCTAssertFalse(html.contains("pwned"), "the OSC sequence is dropped with its text")
        XCTAssert(html.contains("=cmd|&#39; /C calc&#39;!A0"), "text is escaped, not lost")
    }

    func testFleetAndIngestSummariesCarryNoControlCharacter() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        try store.recordHeartbeat(HeartbeatRecord(kiosk: "vic-sur-cere", sentMs: ms("2020-07-20T07:00:00Z"),
                                                  receivedMs: ms("2020-07-20T07:00:01Z"), via: .collector,
                                                  software: "0.1\(Self.osc)", contentVersion: "\u{202E}v1",
                                                  rowsPending: 0, diskFreeBytes: 1, clockMs: ms("2020-07-20T07:00:01Z"),
                                                  store: "\u{1B}[2Jok?"))
        let fleet = try FleetReport.build(store, nowMs: ms("2020-07-20T08:00:00Z"), names: repoKioskNames).text()
        assertNoUnsafeCharacter(fleet, "fleet")
        XCTAssert(fleet.contains("0.1"), fleet)
        var report = IngestReport()
        report.lines.append(.init(file: "vic-sur-cere/x\u{1B}]0;t\u{07}.batch", kiosk: "vic-sur-cere", result: .rejected,
                                  reason: "heartbeat of kiosk '\u{202E}evil'", rows: 0, newRows: 0))
        assertNoUnsafeCharacter(report.summary(), "ingest summary")
    }
}
