import BorneCore
import BorneStats
import XCTest
@testable import BorneOffice

/// Periods of the report (`--month`, `--from/--to`, `--season`, `--compare`)
/// and the message of a period without data.
final class ReportPeriodTests: XCTestCase {
    func testMonthRangeAndSeasonBounds() throws {
        let july = try XCTUnwrap(ReportPeriod.parseMonth("2027-07"))
        XCTAssertEqual(july.start, LocalDate(year: 2027, month: 7, day: 1))
        XCTAssertEqual(july.end, LocalDate(year: 2027, month: 8, day: 1))
        XCTAssertEqual(july.label, "juillet 2027")
        XCTAssertEqual(july.previousPeriod, .month(2027, 6))
        XCTAssertEqual(july.previousYear, .month(2026, 7))
        XCTAssertEqual(ReportPeriod.month(2027, 1).previousPeriod, .month(2026, 12))
        XCTAssertNil(ReportPeriod.parseMonth("2027-13"))
        XCTAssertNil(ReportPeriod.parseDay("2027-02-29"))

        let r = ReportPeriod.range(from: LocalDate(year: 2027, month: 3, day: 1), to: LocalDate(year: 2027, month: 3, day: 10))
        XCTAssertEqual(r.dayCount, 10)
        XCTAssertEqual(r.label, "du 1er mars 2027 au 10 mars 2027")
        XCTAssertEqual(r.previousPeriod.start, LocalDate(year: 2027, month: 2, day: 19))
        XCTAssertEqual(r.previousPeriod.end, r.start)
        let leap = ReportPeriod.range(from: LocalDate(year: 2024, month: 2, day: 29), to: LocalDate(year: 2024, month: 2, day: 29))
        XCTAssertEqual(leap.previousYear.start, LocalDate(year: 2023, month: 2, day: 28))

        let dir = try tempDir()
        let file = URL(fileURLWithPath: dir + "/office-config.json")
        try Data(#"{"seasons": {"ete": {"from": "04-01", "to": "10-31"}, "hiver": {"from": "11-01", "to": "03-31"}}}"#.utf8).write(to: file)
        let seasons = try OfficeSeasons.load(file: file)
        let winter = try XCTUnwrap(seasons.period("hiver", year: 2026))
        XCTAssertEqual(winter.start, LocalDate(year: 2026, month: 11, day: 1))
        XCTAssertEqual(winter.last, LocalDate(year: 2027, month: 3, day: 31))
        XCTAssertEqual(winter.shortLabel, "hiver 2026-2027")
        let summer = try XCTUnwrap(seasons.period("ete", year: 2027))
        XCTAssertEqual(summer.end, LocalDate(year: 2027, month: 11, day: 1))
        XCTAssertEqual(summer.previousPeriod.start, LocalDate(year: 2026, month: 4, day: 1))
        XCTAssertNil(seasons.period("printemps", year: 2027))
        try Data(#"{"seasons": {"ete": {"from": "04-31", "to": "10-31"}}}"#.utf8).write(to: file)
        XCTAssertThrowsError(try OfficeSeasons.load(file: file)) { e in
            XCTAssert("\(e)".contains("saison \"ete\""), "\(e)")
        }
    }

    /// Vic: 23:30 on 30 June, 12:00 on 1 July, 23:30 on 31 July, 00:10 on
    /// 1 August (Paris); one session in July 2026.
    func makeStore() throws -> OfficeStore {
        let store = try makeOffice(try tempDir(), trusting: ["vic-sur-cere"])
        let clock = ClockCheck(ingestMs: ms("2028-01-01T00:00:00Z"))
        let rows = sessionRows(from: 1, taps: 2, at: "2027-06-30T21:30:00Z")
            + sessionRows(from: 3, taps: 2, at: "2027-07-01T10:00:00Z")
            + sessionRows(from: 5, taps: 2, at: "2027-07-31T21:30:00Z")
            + sessionRows(from: 7, taps: 2, at: "2027-07-31T22:10:00Z")
            + sessionRows(from: 9, taps: 2, at: "2026-07-05T10:00:00Z")
        try store.db.inTransaction {
            _ = try store.insertTouches(kiosk: "vic-sur-cere", rows, clock: clock)
            return .commit
        }
        return store
    }

    func sessions(_ r: OfficeReport) -> [String] { r.sessionsTable.rows[0].cells }

    func testAMonthCountsTheSessionsStartedInItsLocalDays() throws {
        let store = try makeStore()
        let july = try OfficeReport.build(store, period: .month(2027, 7))
        XCTAssertEqual(sessions(july), ["2", "2"])
        XCTAssertEqual(july.sessionsTable.title, "Sessions juil. 2027")
        let months = try XCTUnwrap(july.tables.first { $0.id == "mois" })
        XCTAssertEqual(months.rows, [ReportRow("juillet 2027", ["2", "2"])])
        XCTAssertNil(july.tables.first { $0.id == "evolution" }, "a month is compared only when asked")
        XCTAssert(july.text().hasPrefix("Statistiques des bornes — juillet 2027\n"))
    }

    func testFromToIncludesBothDays() throws {
        let store = try makeStore()
        let r = try OfficeReport.build(store, period: .range(from: LocalDate(year: 2027, month: 6, day: 30),
                                                              to: LocalDate(year: 2027, month: 7, day: 31)))
        XCTAssertEqual(sessions(r), ["3", "3"])
        XCTAssertEqual(try XCTUnwrap(r.tables.first { $0.id == "mois" }).rows.map(\.label), ["juin 2027", "juillet 2027"])
        let oneDay = try OfficeReport.build(store, period: .range(from: LocalDate(year: 2027, month: 8, day: 1),
                                                                   to: LocalDate(year: 2027, month: 8, day: 1)))
        XCTAssertEqual(sessions(oneDay), ["1", "1"])
    }

    func testSeasonReport() throws {
        let store = try makeStore()
        let seasons = OfficeSeasons(seasons: ["ete": .init(fromMonth: 7, fromDay: 1, toMonth: 8, toDay: 31)])
        let r = try OfficeReport.build(store, period: try XCTUnwrap(seasons.period("ete", year: 2027)),
                                       compare: .previousYear)
        XCTAssertEqual(sessions(r), ["3", "3"])
        XCTAssertEqual(r.sessionsTable.title, "Sessions été 2027")
        let evo = try XCTUnwrap(r.tables.first { $0.id == "evolution" })
        XCTAssertEqual(evo.title, "Évolution été 2026 → été 2027")
        XCTAssertEqual(evo.rows.first { $0.label == "Évolution : nombre des sessions" }?.cells, ["+200 %", "+200 %"])
    }

    func testCompareWithThePreviousYearAndThePreviousPeriod() throws {
        let store = try makeStore()
        let byYear = try OfficeReport.build(store, period: .month(2027, 7), compare: .previousYear)
        var evo = try XCTUnwrap(byYear.tables.first { $0.id == "evolution" })
        XCTAssertEqual(evo.rows[0], ReportRow("Nombre des sessions juil. 2026", ["1", "1"]))
        XCTAssertEqual(evo.rows[1], ReportRow("Nombre des sessions juil. 2027", ["2", "2"]))
        XCTAssertEqual(evo.rows[2], ReportRow("Évolution : nombre des sessions", ["+100 %", "+100 %"]))
        // Each section of the 2020 table beside the same figure before.
        XCTAssertEqual(evo.rows.first { $0.label == "Évolution : touches Où dormir ?" }?.cells, ["+100 %", "+100 %"])

        let byPeriod = try OfficeReport.build(store, period: .month(2027, 7), compare: .previousPeriod)
        evo = try XCTUnwrap(byPeriod.tables.first { $0.id == "evolution" })
        XCTAssertEqual(evo.rows[0], ReportRow("Nombre des sessions juin 2027", ["1", "1"]))
        XCTAssertEqual(evo.rows[2], ReportRow("Évolution : nombre des sessions", ["+100 %", "+100 %"]))
    }

    func testAPeriodWithoutDataSaysSoInEveryFormat() throws {
        let store = try makeStore()
        let r = try OfficeReport.build(store, year: 2021)
        XCTAssert(r.isEmpty)
        XCTAssertEqual(r.text(), "Statistiques des bornes — 2021\n\naucune donnée pour 2021\n")
        XCTAssertEqual(r.csv(), "aucune donnée pour 2021\n")
        XCTAssertEqual(r.csv(dialect: .excelFR), "\u{FEFF}aucune donnée pour 2021\r\n")
        XCTAssert(r.html().contains("<p class=\"note\">aucune donnée pour 2021</p>"))
        XCTAssertFalse(r.html().contains("<table>"))
        XCTAssert(try pdfText(r.pdf()).contains("aucune donnée pour 2021"))

        // The year before without data: no table of "-100 %" / "nouveau", a note.
        let first = try OfficeReport.build(store, period: .month(2026, 7), compare: .previousYear)
        XCTAssertNil(first.tables.first { $0.id == "evolution" })
        XCTAssert(first.notes.contains("aucune donnée pour juillet 2025 : pas de comparaison"), "\(first.notes)")
        XCTAssert(first.text().contains("Note : aucune donnée pour juillet 2025 : pas de comparaison"))
    }
}

/// The text `pdftotext` reads from a PDF (poppler-utils, as `make test-deps` installs).
func pdfText(_ pdf: Data) throws -> String {
    let dir = NSTemporaryDirectory() + "report-pdf-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try pdf.write(to: URL(fileURLWithPath: dir + "/r.pdf"))
    let out = try runTool("/usr/bin/pdftotext", ["-layout", dir + "/r.pdf", "-"])
    return String(decoding: out, as: UTF8.self)
}

/// Runs a tool, returns its standard output; fails the test when it exits non-zero.
func runTool(_ path: String, _ args: [String], input: Data? = nil) throws -> Data {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    if let input {
        let inPipe = Pipe()
        p.standardInput = inPipe
        try p.run()
        inPipe.fileHandleForWriting.write(input)
        try inPipe.fileHandleForWriting.close()
    } else {
        try p.run()
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    struct ToolFailed: Error, CustomStringConvertible { var description: String }
    guard p.terminationStatus == 0 else {
        throw ToolFailed(description: "\(path) \(args) exited \(p.terminationStatus): \(String(decoding: errData, as: UTF8.self))")
    }
    return data
}
