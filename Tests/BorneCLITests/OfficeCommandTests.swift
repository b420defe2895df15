import Foundation
import XCTest
@testable import borne

/// `borne office` and `borne simulate`: options and exit codes (sysexits).
/// The ingest and report themselves are tested in BorneOfficeTests.
final class OfficeCommandTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "borne-office-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testHelpAndUsage() {
        XCTAssertEqual(OfficeCommand.run([]), 64)
        XCTAssertEqual(OfficeCommand.run(["--help"]), 0)
        XCTAssertEqual(OfficeCommand.run(["frobnicate"]), 64)
        for sub in ["trust", "ingest", "report", "fleet"] { XCTAssertEqual(OfficeCommand.run([sub, "--help"]), 0, sub) }
        XCTAssertEqual(SimulateCommand.run(["--help"]), 0)
        XCTAssertEqual(OfficeCommand.run(["report", "--db", dir + "/o.db"]), 64, "no --year")
        XCTAssertEqual(OfficeCommand.run(["report", "--db", dir + "/o.db", "--year", "2020", "--format", "pdf"]), 64)
        XCTAssertEqual(OfficeCommand.run(["ingest", "--db", dir + "/o.db"]), 64, "no source")
        XCTAssertEqual(OfficeCommand.run(["fleet"]), 64, "no --db")
        XCTAssertEqual(OfficeCommand.run(["fleet", "--db", dir + "/o.db", "--now", "yesterday"]), 64)
    }

    func testTrustChecksTheKeyFile() throws {
        let key = dir + "/stats.key"
        try (String(repeating: "ab", count: 32) + "\n").write(toFile: key, atomically: true, encoding: .utf8)
        XCTAssertEqual(OfficeCommand.run(["trust", "vic-sur-cere", "--key", key, "--db", dir + "/o.db"]), 0)
        XCTAssertEqual(OfficeCommand.run(["trust", "Vic Sur Cère", "--key", key, "--db", dir + "/o.db"]), 65)
        XCTAssertEqual(OfficeCommand.run(["trust", "vic-sur-cere", "--key", dir + "/none", "--db", dir + "/o.db"]), 66)
        XCTAssertEqual(OfficeCommand.run(["trust", "vic-sur-cere", "--key", key, "--db", dir + "/o.db"]), 0, "the same key again")
        let other = dir + "/new.key"
        try (String(repeating: "cd", count: 32) + "\n").write(toFile: other, atomically: true, encoding: .utf8)
        XCTAssertEqual(OfficeCommand.run(["trust", "vic-sur-cere", "--key", other, "--db", dir + "/o.db"]), 0, "a new epoch")
        XCTAssertEqual(OfficeCommand.run(["trust", "vic-sur-cere", "--key", key, "--db", dir + "/o.db"]), 65,
                       "the key of an earlier epoch")
        XCTAssertEqual(OfficeCommand.run(["trust", "vic-sur-cere", "--key", other, "--db", dir + "/o.db", "--new-epoch"]), 0,
                       "the same key, numbering again from 1")
        try "not a key".write(toFile: key, atomically: true, encoding: .utf8)
        XCTAssertEqual(OfficeCommand.run(["trust", "vic-sur-cere", "--key", key, "--db", dir + "/o.db"]), 65)
    }

    func testSimulateIngestReportAndFleetExitCodes() throws {
        XCTAssertEqual(SimulateCommand.run(["--profile", "seed-2020", "--year", "2020", "--out", dir + "/k",
                                            "--kiosk", "raulhac", "--scale", "0.05"]), 0)
        XCTAssert(FileManager.default.fileExists(atPath: dir + "/k/raulhac/sessions.db"))
        XCTAssertEqual(SimulateCommand.run(["--profile", "seed-2020", "--year", "2020", "--out", dir + "/k",
                                            "--kiosk", "raulhac", "--scale", "0.05"]), 73, "never overwrites a kiosk database")
        XCTAssertEqual(SimulateCommand.run(["--profile", "seed-2019", "--year", "2020", "--out", dir + "/x"]), 64)
        XCTAssertEqual(SimulateCommand.run(["--profile", "seed-2020", "--year", "2020", "--out", dir + "/x",
                                            "--kiosk", "paris"]), 64)

        XCTAssertEqual(OfficeCommand.run(["ingest", dir + "/nowhere", "--db", dir + "/o.db"]), 66)
        try FileManager.default.createDirectory(atPath: dir + "/dav/raulhac", withIntermediateDirectories: true)
        try "junk".write(toFile: dir + "/dav/raulhac/raulhac-000000000001-000000000002.batch", atomically: true, encoding: .utf8)
        XCTAssertEqual(OfficeCommand.run(["ingest", dir + "/dav", "--db", dir + "/o.db", "--now=2021-01-01T00:00:00Z"]), 0,
                       "a refused file is reported, not a failure")
        XCTAssertEqual(OfficeCommand.run(["report", "--db", dir + "/none.db", "--year", "2020"]), 66)
        XCTAssertEqual(OfficeCommand.run(["report", "--db", dir + "/o.db", "--year", "2020", "--format", "html",
                                          "--out", dir + "/r.html"]), 0)
        XCTAssert(try String(contentsOfFile: dir + "/r.html", encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        XCTAssertEqual(OfficeCommand.run(["fleet", "--db", dir + "/o.db", "--now", "2021-01-01T00:00:00Z"]), 0)
    }

    /// Every office command answers in French, trust included.
    func testTrustAnswersInFrench() {
        let fp = "ab12"
        XCTAssertEqual(OfficeTrust.message(kiosk: "raulhac", fingerprint: fp, .firstKey),
                       "borne office trust : raulhac approuvée, clé ab12")
        XCTAssertEqual(OfficeTrust.message(kiosk: "raulhac", fingerprint: fp, .sameKey(epoch: 1)),
                       "borne office trust : raulhac a déjà cette clé (ab12, époque 1) : rien n'a changé")
        XCTAssert(OfficeTrust.message(kiosk: "raulhac", fingerprint: fp, .newEpoch(2))
            .hasPrefix("borne office trust : raulhac approuvée avec une nouvelle clé ab12 : époque 2. Ses numéros de touches repartent de 1"))
    }
}
