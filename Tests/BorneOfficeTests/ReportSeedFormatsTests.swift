import BorneCore
import XCTest
@testable import BorneOffice

/// The 2020 replay (the seed profile at scale 1) gives the office's 2020
/// tables exactly in every format: text, CSV in both dialects (read back
/// by Python's csv), HTML (French number formatting) and PDF (pdftotext).
final class ReportSeedFormatsTests: XCTestCase {
    func testThe2020TablesInEveryFormat() throws {
        let dir = try tempDir()
        let results = try SimRun.run(Seed2020.profile(year: 2020), out: dir + "/kiosks")
        let store = try OfficeStore(path: dir + "/office.db")
        for r in results {
            try store.trust(kiosk: r.kiosk, keyHex: testKeyHex())
            _ = try KioskDatabaseLoader.load(r.databasePath, kiosk: r.kiosk, into: store)
        }
        let seedKiosks = Set(Seed2020Fixture.columns.dropFirst())
        let report = try OfficeReport.build(store, year: 2020, only: seedKiosks,
                                            context: ReportContext(officeHours: try ReportOfficeHoursTests.officeHours2020(),
                                                                   kioskNames: repoKioskNames))
        XCTAssertEqual(report.columns, Seed2020Fixture.columns)
        XCTAssertEqual(report.notes, [], "every kiosk named by its configuration")

        // The seed's two tables, as label → cells (all kiosks first).
        let s = Seed2020Fixture.sessions
        let cols = Seed2020Fixture.columns
        var expected: [(String, [Int])] = [
            (OfficeReport.sessionsLabel, [s.values.reduce(0) { $0 + $1.sessions }] + cols.dropFirst().map { s[$0]!.sessions }),
        ]
        let days = try XCTUnwrap(Int(report.sessionsTable.rows[1].cells[0]), "all kiosks' days: distinct days, not in the seed")
        expected.append((OfficeReport.daysLabel, [days] + cols.dropFirst().map { s[$0]!.days }))
        for label in Seed2020Fixture.sectionLabels {
            expected.append((label, cols.map { Seed2020Fixture.touches[label]![$0]! }))
        }

        // Text: each row's numbers, right-aligned after its label, under the
        // kiosks' names as the 2020 report wrote them (kiosks.tsv), read from their configs.
        let text = report.text()
        let seedNames = Dictionary(uniqueKeysWithValues: Seed2020Fixture.tsv("kiosks.tsv").dropFirst().map { ($0[0], $0[1]) })
        let header = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("Toutes les bornes") })
        XCTAssertEqual(header.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " "),
                       (["Toutes les bornes"] + cols.dropFirst().map { seedNames[$0]! }).joined(separator: " "))
        for (label, values) in expected {
            let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix(label + " ") }, label)
            XCTAssertEqual(line.dropFirst(label.count).split(separator: " ").map(String.init), values.map(String.init), label)
        }

        // CSV, both dialects, parsed by Python's csv module.
        let script = """
            import csv, io, json, sys
            data = sys.stdin.buffer.read().decode(sys.argv[1])
            print(json.dumps(list(csv.reader(io.StringIO(data, newline=''), delimiter=sys.argv[2]))))
            """
        for (dialect, enc, sep) in [(CSVDialect.rfc4180, "utf-8", ","), (.excelFR, "utf-8-sig", ";")] {
            let out = try runTool("/usr/bin/python3", ["-c", script, enc, sep], input: Data(report.csv(dialect: dialect).utf8))
            let rows = try JSONDecoder().decode([[String]].self, from: out)
            XCTAssertEqual(rows[0], ["Sessions 2020"])
            XCTAssertEqual(rows[1], [""] + cols, "\(dialect)")
            for (label, values) in expected {
                XCTAssertEqual(rows.first { $0.first == label }, [label] + values.map(String.init), "\(dialect) \(label)")
            }
        }

        // HTML: the same figures, as the office writes numbers ("5 656").
        let html = report.html()
        for (label, values) in expected {
            let cells = values.map { "<td class=\"n\">\(OfficeReport.frenchNumber(String($0)))</td>" }.joined()
            XCTAssert(html.contains(">\(OfficeReport.escape(label))</th>\(cells)"), label)
        }
        XCTAssert(html.contains("<td class=\"n\">5\u{202F}254</td>"), "the six kiosks of the 2020 report: 5 254 sessions")

        // PDF: pdftotext reads the same rows.
        let pdf = try pdfText(report.pdf())
        for (label, values) in expected {
            let line = try XCTUnwrap(pdf.split(separator: "\n").first {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + " ")
            }, label)
            let rest = line.trimmingCharacters(in: .whitespaces).dropFirst(label.count)
            // Columns are apart by several spaces; thousands grouped by one (a no-break space): "5 254".
            let numbers = rest.replacingOccurrences(of: "\u{00A0}", with: " ")
                .replacingOccurrences(of: " {2,}", with: "|", options: .regularExpression)
                .split(separator: "|").map { $0.replacingOccurrences(of: " ", with: "") }.filter { !$0.isEmpty }
            XCTAssertEqual(numbers, values.map(String.init), "pdf \(label): \(line)")
        }

        // The fleet (touch_counts, kept at ingest) shows what a scan of every row counts.
        let fleet = try FleetReport.build(store, nowMs: ms("2021-01-03T00:00:00Z"), names: repoKioskNames)
        let scanned = try TouchCountsTests.scanned(store)
        XCTAssertEqual(Set(fleet.entries.map(\.kiosk)), Set(results.map(\.kiosk)))
        XCTAssertGreaterThan(scanned.values.map(\.rows).reduce(0, +), 50_000, "the 2020 replay: 54,073 touches")
        for e in fleet.entries {
            XCTAssertEqual(e.rowsStored, scanned[e.kiosk]?.rows ?? 0, e.kiosk)
            XCTAssertEqual(e.lastSeq, scanned[e.kiosk]?.lastSeq, e.kiosk)
        }
    }
}
