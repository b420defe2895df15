import BorneCore
import BorneStats
import BorneTestSupport
import XCTest
@testable import BorneOffice

/// What the office wants to know: sessions while it is closed, items by
/// name, QR codes, satisfaction; the CSV read by a real parser, the PDF
/// rendered.
final class ReportOfficeHoursTests: XCTestCase {
    /// The office's 2020 schedule, as the content carries it (content/office.json,
    /// copied from ../shared/data/seed-2020/office-opening-2020.txt): the
    /// leaflet's hours, then its 2020 closures (17 Mar-2 Jun, November) as
    /// dated exceptions.
    static func officeHours2020() throws -> OpeningHours {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("content/office.json"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try OpeningHours(try XCTUnwrap(json["opening_hours"] as? String))
    }

    /// One-tap sessions at these UTC instants; the comment is the Paris time
    /// and what the 2020 schedule says there, worked out by hand.
    static let vic: [(String, Bool)] = [
        ("2020-07-14T08:00:00Z", true),   // Tue 14 Jul 10:00, Bastille Day: 13 Jul-22 Aug PH 09:30-12:30 → open
        ("2020-07-14T11:00:00Z", false),  // 14 Jul 13:00: PH midday break (12:30-14:30) → closed
        ("2020-01-04T15:59:00Z", true),   // Sat 4 Jan 16:59 CET: Nov-Jan Mo-Sa 14:00-17:00 → open
        ("2020-01-04T16:30:00Z", false),  // Sat 4 Jan 17:30 → closed
        ("2020-07-05T11:00:00Z", true),   // Sun 5 Jul 13:00: May 1-Jul 12 Su 09:30-13:30 → open
        ("2020-07-05T12:00:00Z", false),  // Sun 5 Jul 14:00 → closed
        ("2020-05-01T08:00:00Z", false),  // Fri 1 May 10:00, Labour Day: PH off → closed
        ("2020-05-21T08:00:00Z", false),  // Thu 21 May 10:00, Ascension (Easter + 39) 09:30-13:30, but closed 17 Mar-2 Jun → closed
        ("2020-05-21T13:00:00Z", false),  // 21 May 15:00 → closed
        ("2020-11-15T09:00:00Z", false),  // Sun 15 Nov 10:00 CET: Nov-Jan Mo-Sa only → closed
        ("2020-07-06T07:30:00Z", true),   // Mon 6 Jul 09:30 exactly: opening minute → open
        ("2020-07-06T10:30:00Z", false),  // Mon 6 Jul 12:30 exactly: closing minute → closed
    ]

    func makeStore() throws -> OfficeStore {
        let store = try makeOffice(try tempDir(), trusting: ["vic-sur-cere", "pailherols"])
        let clock = ClockCheck(ingestMs: ms("2021-01-01T00:00:00Z"))
        var rows: [BatchRow] = []
        for (i, s) in Self.vic.enumerated() { rows += sessionRows(from: Int64(1 + 10 * i), taps: 1, at: s.0) }
        // Mon 16 Nov 10:00: the planned hours say open; the office was closed in November 2020 → closed.
        let pail = sessionRows(from: 1, taps: 1, at: "2020-11-16T09:00:00Z")
        try store.db.inTransaction {
            _ = try store.insertTouches(kiosk: "vic-sur-cere", rows, clock: clock)
            _ = try store.insertTouches(kiosk: "pailherols", pail, clock: clock)
            return .commit
        }
        return store
    }

    func testSessionsWhileTheOfficeIsClosedAgainstTheHandCountedCase() throws {
        let r = try OfficeReport.build(try makeStore(), year: 2020, context: ReportContext(officeHours: try Self.officeHours2020()))
        let t = try XCTUnwrap(r.tables.first { $0.id == "office-ferme" })
        XCTAssertEqual(t.columns, ["all_kiosks", "vic-sur-cere", "pailherols"])
        XCTAssertEqual(t.rows, [
            ReportRow("Sessions commencées office ouvert", ["4", "4", "0"]),
            ReportRow("Sessions commencées office fermé", ["9", "8", "1"]),
            ReportRow("Part des sessions office fermé (%)", ["69.2", "66.7", "100.0"]),
        ])
        XCTAssertEqual(t, r.tables[2], "right after the 2020 report's two tables")
        // By hour, the closed ones: 13h (14 Jul), 17h, 14h, 10h (1 May), 10h and 15h (21 May), 10h (15 Nov), 12h.
        var hours = [Int](repeating: 0, count: 24)
        for h in [13, 17, 14, 10, 10, 15, 10, 12] { hours[h] += 1 }
        XCTAssertEqual(r.extras["vic-sur-cere"]?.closedByHour, hours)

        // Without the office's hours nothing is split, and the report says why.
        let bare = try OfficeReport.build(try makeStore(), year: 2020)
        XCTAssertEqual(try XCTUnwrap(bare.tables.first { $0.id == "office-ferme" }).rows.last,
                       ReportRow("Sessions à une heure où les horaires de l'office sont inconnus", ["13", "12", "1"]))
        XCTAssert(bare.text().contains("Note : horaires de l'office inconnus"))
    }

    /// The office's 2020 closures (17 Mar-2 Jun and November, from its own
    /// report: shared/data/seed-2020/office-opening-2020.txt) count as closed,
    /// each edge day checked by hand; without them the same sessions are all open.
    func testLockdownDaysCountAsOfficeClosed() throws {
        let sessions: [(String, Bool)] = [
            ("2020-03-16T09:00:00Z", true),   // Mon 16 Mar 10:00 CET, the day before: Feb-Apr Mo-Sa → open
            ("2020-03-17T09:00:00Z", false),  // Tue 17 Mar 10:00, first day closed → closed
            ("2020-06-02T08:00:00Z", false),  // Tue 2 Jun 10:00 CEST, last day closed → closed
            ("2020-06-03T08:00:00Z", true),   // Wed 3 Jun 10:00, open again: May-12 Jul Mo-Sa → open
            ("2020-10-31T09:00:00Z", true),   // Sat 31 Oct 10:00 CET: Sep-Oct Mo-Sa → open
            ("2020-11-02T09:00:00Z", false),  // Mon 2 Nov 10:00: closed in November → closed
            ("2020-12-01T09:00:00Z", true),   // Tue 1 Dec 10:00: Nov-Jan Mo-Sa, open again → open
        ]
        let store = try makeOffice(try tempDir(), trusting: ["vic-sur-cere"])
        var rows: [BatchRow] = []
        for (i, s) in sessions.enumerated() { rows += sessionRows(from: Int64(1 + 10 * i), taps: 1, at: s.0) }
        try store.db.inTransaction {
            _ = try store.insertTouches(kiosk: "vic-sur-cere", rows, clock: ClockCheck(ingestMs: ms("2021-01-01T00:00:00Z")))
            return .commit
        }
        func split(_ hours: OpeningHours) throws -> [ReportRow] {
            let r = try OfficeReport.build(store, year: 2020, context: ReportContext(officeHours: hours))
            return try XCTUnwrap(r.tables.first { $0.id == "office-ferme" }).rows
        }
        XCTAssertEqual(try split(try Self.officeHours2020()), [
            ReportRow("Sessions commencées office ouvert", ["4", "4"]),
            ReportRow("Sessions commencées office fermé", ["3", "3"]),
            ReportRow("Part des sessions office fermé (%)", ["42.9", "42.9"]),
        ])
        XCTAssertEqual(try split(try OpeningHours(OfficeSchedule.planned2020)).first,
                       ReportRow("Sessions commencées office ouvert", ["7", "7"]), "the leaflet alone: all open")
        // The content carries the year-independent hours, then the closures.
        let content = try Self.officeHours2020()
        XCTAssertEqual(content, try OpeningHours(OfficeSchedule.standard + "; " + OfficeSchedule.closures2020))
    }

    func testHourChartsShadeTheOfficeHours() throws {
        let r = try OfficeReport.build(try makeStore(), year: 2020, context: ReportContext(officeHours: try Self.officeHours2020()))
        let share = try XCTUnwrap(r.officeOpenShare)
        XCTAssertEqual(share[3], 0)
        XCTAssert(share[12] > 0 && share[12] < share[10], "12:00-12:30 most days, not 12:30-13:00: \(share)")
        // 17h-18h is open Mon-Sat 1 Feb-31 Oct only: 235 days, less 67 closed
        // 17 Mar-2 Jun and 14 Jul, 15 Aug (summer holiday hours end at 17:00):
        // 166 of 366 days, less than one day in two. 16h-17h adds Nov-Jan.
        XCTAssertEqual(r.officeHoursSummary, "10h-12h, 14h-17h")
        let html = r.html()
        XCTAssert(html.contains("<rect class=\"open\""), "hours shaded")
        XCTAssert(html.contains("fond jaune : heures d&#39;ouverture de l&#39;office"), "the legend, escaped")
        XCTAssert(r.text().contains("Office ouvert (au moins un jour sur deux) : 10h-12h, 14h-17h"))
    }

    func testItemsByNameQRCodesAndSatisfaction() throws {
        let store = try makeOffice(try tempDir(), trusting: ["vic-sur-cere", "table-rando"])
        let clock = ClockCheck(ingestMs: ms("2021-01-01T00:00:00Z"))
        func tap(_ seq: Int64, _ screen: String, _ target: String, section: String? = nil) -> BatchRow {
            BatchRow(seq: seq, sessionID: 1, wallMs: ms("2020-08-01T10:00:00Z") + seq * 1000, monoMs: seq * 1000,
                     screen: screen, section: section, target: target, x: 1, y: 1, language: "fr",
                     contentVersion: "2020.07.1", flags: 0)
        }
        let vic = [tap(1, "home", "tile:dormir"), tap(2, "list:dormir", "item:hotel-les-ombrelles", section: "dormir"),
                   tap(3, "list:dormir", "item:gite-disparu", section: "dormir"),
                   tap(4, "detail:hotel-les-ombrelles", "nav:qr", section: "dormir"),
                   tap(5, "survey", "survey:yes"), tap(6, "survey", "survey:partly"),
                   tap(7, "qr", "qr:scanPhone", section: "dormir")]
        let table = [tap(1, "hike:puy-griou", "download:puy-griou", section: "randonnees"),
                     tap(2, "hike:puy-griou", "sheet:puy-griou", section: "randonnees"),
                     tap(3, "hike:puy-griou", "download:puy-griou", section: "randonnees"),
                     tap(4, "home", "survey:non"), tap(5, "home", "survey:skip"), tap(6, "home", "survey:peut-etre"),
                     tap(7, "hike:puy-griou", "qr:1:puy-griou", section: "randonnees")]
        try store.db.inTransaction {
            _ = try store.insertTouches(kiosk: "vic-sur-cere", vic, clock: clock)
            _ = try store.insertTouches(kiosk: "table-rando", table, clock: clock)
            return .commit
        }
        let ctx = ReportContext(itemNames: ["hotel-les-ombrelles": "Hôtel Les Ombrelles", "puy-griou": "Le Puy Griou"],
                                itemQR: ["hotel-les-ombrelles": "web"], hikeCodes: ["puy-griou": ["gpx", "pdf", "carte"]])
        let r = try OfficeReport.build(store, year: 2020, context: ctx)
        let items = try XCTUnwrap(r.tables.first { $0.id == "fiches" })
        XCTAssertEqual(items.rows, [ReportRow("Où dormir ? · gite-disparu (nom inconnu)", ["1", "1", "0"]),
                                    ReportRow("Où dormir ? · Hôtel Les Ombrelles", ["1", "1", "0"])])
        let qr = try XCTUnwrap(r.tables.first { $0.id == "qr" })
        XCTAssertEqual(qr.rows, [
            ReportRow("QR GPX : total", ["2", "0", "2"]),
            ReportRow("QR GPX · Le Puy Griou", ["2", "0", "2"]),
            ReportRow("QR PDF : total", ["2", "0", "2"]),
            ReportRow("QR PDF · Le Puy Griou", ["2", "0", "2"]),
            ReportRow("QR site web : total", ["1", "1", "0"]),
            ReportRow("QR site web · Hôtel Les Ombrelles", ["1", "1", "0"]),
            ReportRow("QR téléphone : total", ["1", "1", "0"]),
            ReportRow("QR téléphone · fiche non notée (écran du code)", ["1", "1", "0"]),
        ])
        let survey = try XCTUnwrap(r.tables.first { $0.id == "satisfaction" })
        XCTAssertEqual(survey.rows, [
            ReportRow("Oui", ["1", "1", "0"]),
            ReportRow("En partie", ["1", "1", "0"]),
            ReportRow("Non", ["1", "0", "1"]),
            ReportRow("Sans réponse (question passée)", ["1", "0", "1"]),
            ReportRow("peut-etre", ["1", "0", "1"]),
            ReportRow("Réponses données (hors question passée)", ["4", "2", "2"]),
            ReportRow("Part de « oui » parmi les réponses (%)", ["25.0", "50.0", "0.0"]),
        ])
        XCTAssertNil(try OfficeReport.build(try makeStore(), year: 2020).tables.first { $0.id == "satisfaction" },
                     "no satisfaction table when no kiosk asked the question")
    }

    /// The default CSV, read by Python's csv module as a French spreadsheet
    /// would: BOM, `;`, decimal comma; the rfc4180 form keeps `,` and `.`.
    func testCSVDialectsReadByARealParser() throws {
        let r = try OfficeReport.build(try makeStore(), year: 2020, context: ReportContext(officeHours: try Self.officeHours2020()))
        let excel = Data(r.csv(dialect: .excelFR).utf8)
        XCTAssertEqual(Array(excel.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 BOM")
        let script = """
            import csv, io, json, sys
            data = sys.stdin.buffer.read().decode(sys.argv[1])
            print(json.dumps(list(csv.reader(io.StringIO(data, newline=''), delimiter=sys.argv[2]))))
            """
        func parse(_ d: Data, _ encoding: String, _ sep: String) throws -> [[String]] {
            let out = try runTool("/usr/bin/python3", ["-c", script, encoding, sep], input: d)
            return try JSONDecoder().decode([[String]].self, from: out)
        }
        let rows = try parse(excel, "utf-8-sig", ";")
        XCTAssertEqual(rows[0], ["Sessions 2020"])
        XCTAssertEqual(rows[1], ["", "all_kiosks", "vic-sur-cere", "pailherols"])
        XCTAssertEqual(rows[2], ["Nombre des sessions", "13", "12", "1"])
        XCTAssert(rows.contains(["Part des sessions office fermé (%)", "69,2", "66,7", "100,0"]), "\(rows)")
        XCTAssert(rows.contains(["Où dormir ?", "13", "12", "1"]))

        let rfc = try parse(Data(r.csv(dialect: .rfc4180).utf8), "utf-8", ",")
        XCTAssertEqual(rfc[1], ["", "all_kiosks", "vic-sur-cere", "pailherols"])
        XCTAssert(rfc.contains(["Part des sessions office fermé (%)", "69.2", "66.7", "100.0"]))
        XCTAssertEqual(rfc.filter { !$0.isEmpty }.count, rows.filter { !$0.isEmpty }.count, "same rows in both dialects")
        XCTAssertEqual(OfficeReport.csvCell("a;b", .excelFR), "\"a;b\"")
        XCTAssert(r.csv(dialect: .excelFR).contains("\r\nPart des sessions office fermé (%);69,2;66,7;100,0\r\n"),
                  "decimals unquoted: a spreadsheet reads them as numbers")
    }

    /// The default CSV opened by LibreOffice Calc (Debian's libreoffice-calc-nogui,
    /// headless) as a French spreadsheet reads it: `;`, UTF-8 (the BOM not in
    /// the first cell), French locale, so that `69,2` is the number 69.2.
    func testCSVOpenedByLibreOfficeCalc() throws {
        let r = try OfficeReport.build(try makeStore(), year: 2020, context: ReportContext(officeHours: try Self.officeHours2020()))
        let dir = try tempDir()
        try Data(r.csv(dialect: .excelFR).utf8).write(to: URL(fileURLWithPath: dir + "/r.csv"))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice") else {
            throw MissingPrerequisite("LibreOffice Calc (/usr/bin/soffice): apt-get install libreoffice-calc-nogui (make test-deps)")
        }
        // 59 = ';', 34 = '"', 76 = UTF-8, from line 1, 1036 = fr-FR.
        _ = try runTool("/usr/bin/soffice", ["--headless", "-env:UserInstallation=file://\(dir)/lo-profile",
                                             "--infilter=Text - txt - csv (StarCalc):59,34,76,1,,1036",
                                             "--convert-to", "html", "--outdir", dir, dir + "/r.csv"])
        let html = try String(contentsOfFile: dir + "/r.html", encoding: .utf8)
        /// A row's cells as Calc read them: the label's text, then each cell's number (`sdval`), nil for text.
        func row(_ label: String) throws -> [Double?] {
            let rows = html.components(separatedBy: "<tr").filter { $0.contains(">" + label.replacingOccurrences(of: "'", with: "&#39;") + "<") || $0.contains(">" + label + "<") }
            let tr = try XCTUnwrap(rows.first, "\(label) not in Calc's table")
            return tr.components(separatedBy: "<td").dropFirst(2).map { cell in
                guard let r = cell.range(of: "sdval=\""), let end = cell[r.upperBound...].firstIndex(of: "\"") else { return nil }
                return Double(cell[r.upperBound..<end])
            }
        }
        XCTAssert(html.contains(">Sessions 2020<"), "the BOM is not read into the first cell")
        XCTAssertEqual(try row("Nombre des sessions"), [13, 12, 1])
        XCTAssertEqual(try row("Part des sessions office fermé (%)"), [69.2, 66.7, 100], "decimal commas read as numbers")
    }

    /// The PDF renders (pdftoppm) to pages with ink on them, and its text is the report's.
    func testPDFRendersWithTheTables() throws {
        let r = try OfficeReport.build(try makeStore(), year: 2020, context: ReportContext(officeHours: try Self.officeHours2020()))
        let pdf = r.pdf()
        let dir = try tempDir()
        try pdf.write(to: URL(fileURLWithPath: dir + "/r.pdf"))
        _ = try runTool("/usr/bin/pdftoppm", ["-r", "40", "-gray", dir + "/r.pdf", dir + "/p"])
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".pgm") }.sorted()
        XCTAssertGreaterThanOrEqual(pages.count, 2, "\(pages)")
        for p in pages {
            let img = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + p))
            // P5 header: 4 lines ("P5", width height, 255), then one byte per pixel.
            var nl = 0, offset = 0
            for (i, b) in img.enumerated() where b == 0x0A { nl += 1; if nl == 3 { offset = i + 1; break } }
            let dark = img.dropFirst(offset).filter { $0 < 128 }.count
            XCTAssertGreaterThan(dark, 200, "\(p) has ink")
        }
        let text = try pdfText(pdf)
        XCTAssert(text.contains("Statistiques des bornes — 2020"), text)
        XCTAssert(text.contains("Sessions commencées office fermé"), text)
        XCTAssert(text.contains("66,7"), text)
        XCTAssert(text.contains("page 1 / \(pages.count)"), text)
    }
}
