import Foundation
import XCTest
@testable import borne

/// `borne office stick prepare`: options and exit codes. The round it
/// serves is BorneUploadTests.StickRoundEndToEndTests; its refusals,
/// BorneOfficeTests.IngestStickSafetyTests.
final class OfficeStickCommandTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "borne-office-stick-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir + "/stick", withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func trust(_ kiosk: String) throws {
        let key = dir + "/\(kiosk).key"
        try (String(repeating: "ab", count: 32) + "\n").write(toFile: key, atomically: true, encoding: .utf8)
        XCTAssertEqual(OfficeCommand.run(["trust", kiosk, "--key", key, "--db", dir + "/o.db"]), 0)
    }

    func testUsageAndExitCodes() throws {
        XCTAssertEqual(OfficeCommand.run(["stick", "--help"]), 0)
        XCTAssertEqual(OfficeCommand.run(["stick", "prepare", "--help"]), 0)
        XCTAssertEqual(OfficeCommand.run(["stick"]), 64, "no command")
        XCTAssertEqual(OfficeCommand.run(["stick", "format", dir + "/stick"]), 64)
        XCTAssertEqual(OfficeCommand.run(["stick", "prepare", "--db", dir + "/o.db"]), 64, "no DIR")
        XCTAssertEqual(OfficeCommand.run(["stick", "prepare", dir + "/stick"]), 64, "no --db")
        XCTAssertEqual(OfficeCommand.run(["stick", "prepare", dir + "/stick", "--db", dir + "/none.db"]), 66)
        try trust("st-jacques-des-blats")
        XCTAssertEqual(OfficeCommand.run(["stick", "prepare", dir + "/nowhere", "--db", dir + "/o.db"]), 66, "no such mount point")
        XCTAssertEqual(OfficeCommand.run(["stick", "prepare", dir + "/stick", "--db", dir + "/o.db", "--kiosk", "thiezac"]), 65,
                       "a kiosk the office does not trust")
        XCTAssertEqual(OfficeCommand.run(["stick", "prepare", dir + "/stick", "--db", dir + "/o.db"]), 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/stick/borne/receipts/st-jacques-des-blats.json"))
        // A receipt's name planted as a link: 65, the link's target untouched.
        try "outside".write(toFile: dir + "/outside", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: dir + "/stick/borne/receipts/st-jacques-des-blats.json")
        try FileManager.default.createSymbolicLink(atPath: dir + "/stick/borne/receipts/st-jacques-des-blats.json",
                                                   withDestinationPath: dir + "/outside")
        XCTAssertEqual(OfficeCommand.run(["stick", "prepare", dir + "/stick", "--db", dir + "/o.db"]), 65)
        XCTAssertEqual(try String(contentsOfFile: dir + "/outside", encoding: .utf8), "outside")
    }
}
