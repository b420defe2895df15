import Foundation
import XCTest
@testable import borne

/// `borne office report`: the period options, formats and their exit codes.
/// The figures themselves are tested in BorneOfficeTests (Report*).
final class OfficeReportCommandTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "borne-report-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        // An office database with nothing in it yet.
        XCTAssertEqual(OfficeCommand.run(["ingest", dir + "/empty", "--db", dir + "/o.db"]), 0)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func report(_ args: [String]) -> Int32 { OfficeCommand.run(["report", "--db", dir + "/o.db"] + args) }

    func testPeriodOptionsRefuseWhatIsNotAPeriod() throws {
        XCTAssertEqual(report([]), 64, "no period")
        XCTAssertEqual(report(["--month", "2027-13"]), 64)
        XCTAssertEqual(report(["--month", "2027-07", "--year", "2027"]), 64, "two periods")
        XCTAssertEqual(report(["--from", "2027-07-01"]), 64, "--from without --to")
        XCTAssertEqual(report(["--from", "2027-07-31", "--to", "2027-07-01"]), 64, "backwards")
        XCTAssertEqual(report(["--from", "2027-02-30", "--to", "2027-03-01"]), 64, "not a date")
        XCTAssertEqual(report(["--season", "ete"]), 64, "a season needs its year")
        XCTAssertEqual(report(["--year", "2027", "--compare", "last-time"]), 64)
        XCTAssertEqual(report(["--year", "2027", "--format", "csv", "--csv-dialect", "excel"]), 64)
        XCTAssertEqual(report(["--year", "2027", "--format", "pdf"]), 64, "a PDF goes to --out")
        XCTAssertEqual(report(["--year", "2027", "--lang", "de"]), 64, "fr or en")
        XCTAssertEqual(report(["--year", "2027", "--content", dir + "/no-content"]), 66)

        XCTAssertEqual(report(["--season", "ete", "--year", "2027", "--office-config", dir + "/none.json"]), 66)
        let config = dir + "/office-config.json"
        try "{\"saisons\": {}}".write(toFile: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(report(["--season", "ete", "--year", "2027", "--office-config", config]), 65)
        try #"{"seasons": {"ete": {"from": "04-01", "to": "10-31"}}}"#.write(toFile: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(report(["--season", "printemps", "--year", "2027", "--office-config", config]), 64)
        XCTAssertEqual(report(["--season", "ete", "--year", "2027", "--office-config", config, "--out", dir + "/s.txt"]), 0)
        XCTAssert(try String(contentsOfFile: dir + "/s.txt", encoding: .utf8)
            .contains("aucune donnée pour été 2027 (du 1er avril 2027 au 31 octobre 2027)"))
    }

    func testEveryFormatOfAPeriodWithoutData() throws {
        XCTAssertEqual(report(["--month", "2027-07", "--compare", "previous-period", "--out", dir + "/r.txt"]), 0)
        XCTAssertEqual(try String(contentsOfFile: dir + "/r.txt", encoding: .utf8),
                       "Statistiques des bornes — juillet 2027\n\naucune donnée pour juillet 2027\n")
        XCTAssertEqual(report(["--from", "2027-07-01", "--to", "2027-07-14", "--format", "csv", "--out", dir + "/r.csv"]), 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/r.csv")),
                       Data("\u{FEFF}aucune donnée pour du 1er juillet 2027 au 14 juillet 2027\r\n".utf8), "excel-fr by default")
        XCTAssertEqual(report(["--year", "2021", "--format", "csv", "--csv-dialect", "rfc4180", "--out", dir + "/r2.csv"]), 0)
        XCTAssertEqual(try String(contentsOfFile: dir + "/r2.csv", encoding: .utf8), "aucune donnée pour 2021\n")
        XCTAssertEqual(report(["--year", "2021", "--format", "pdf", "--out", dir + "/r.pdf"]), 0)
        XCTAssert(try Data(contentsOf: URL(fileURLWithPath: dir + "/r.pdf")).starts(with: Data("%PDF-1.4".utf8)))
        XCTAssertEqual(report(["--year", "2021", "--format", "html", "--out", dir + "/r.html"]), 0)
        XCTAssert(try String(contentsOfFile: dir + "/r.html", encoding: .utf8).contains("aucune donnée pour 2021"))
        XCTAssertEqual(report(["--year", "2021", "--lang", "en", "--out", dir + "/en.txt"]), 0)
        XCTAssertEqual(try String(contentsOfFile: dir + "/en.txt", encoding: .utf8), "Kiosk statistics — 2021\n\nno data for 2021\n")
    }
}
