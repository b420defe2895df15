@testable import borne
import BorneTestSupport
import BorneContent
import Foundation
import XCTest

/// `borne content hike-sheet`: a PDF that poppler renders into a sheet with ink on it.
final class HikeSheetTests: XCTestCase {
    static let content: URL = {
        var u = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { u.deleteLastPathComponent() }
        return u.appendingPathComponent("content")
    }()

    var tmp: URL!
    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("hikesheet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(at: tmp) }

    func pdftoppm() throws -> String {
        for p in ["/usr/bin/pdftoppm", "/usr/local/bin/pdftoppm"] where FileManager.default.isExecutableFile(atPath: p) { return p }
        if getuid() == 0, system("DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null 2>&1") == 0,
           FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftoppm") { return "/usr/bin/pdftoppm" }
        throw MissingPrerequisite("pdftoppm (poppler-utils) is not installed and cannot be installed here")
    }

    func testTheSheetRendersWithMapProfileAndText() throws {
        let pdf = tmp.appendingPathComponent("sheet.pdf")
        XCTAssertEqual(HikeSheetCommand.run(["rando-pas-de-cere", "--content", Self.content.path, "--out", pdf.path]), 0)
        let data = try Data(contentsOf: pdf)
        XCTAssertTrue(data.starts(with: Data("%PDF-1.4".utf8)))
        // Rendered by poppler as a grey image: a sheet with ink, not a blank or broken page.
        let out = tmp.appendingPathComponent("page")
        XCTAssertEqual(system("\(try pdftoppm()) -gray -r 40 '\(pdf.path)' '\(out.path)' 2>/dev/null"), 0, "poppler could not render it")
        let files = try FileManager.default.contentsOfDirectory(atPath: tmp.path).filter { $0.hasPrefix("page") }
        let pgm = try Data(contentsOf: tmp.appendingPathComponent(try XCTUnwrap(files.first)))
        // P5 header: "P5\nW H\n255\n" then one byte per pixel.
        let header = String(decoding: pgm.prefix(40), as: UTF8.self).split(whereSeparator: \.isWhitespace)
        let w = Int(header[1])!, h = Int(header[2])!
        let pixels = pgm.suffix(w * h)
        let dark = pixels.filter { $0 < 128 }.count
        XCTAssertEqual(w, 331, "A4 at 40 dpi")
        XCTAssertGreaterThan(Double(dark) / Double(w * h), 0.005, "ink on the page")
        XCTAssertLessThan(Double(dark) / Double(w * h), 0.5, "not a black page")
    }

    func testAnItemThatIsNotAHikeIsRefused() {
        let pdf = tmp.appendingPathComponent("x.pdf").path
        XCTAssertEqual(HikeSheetCommand.run(["office", "--content", Self.content.path, "--out", pdf]), 65)
        XCTAssertEqual(HikeSheetCommand.run(["rando-pas-de-cere", "--content", tmp.appendingPathComponent("none").path, "--out", pdf]), 66)
        XCTAssertEqual(HikeSheetCommand.run(["rando-pas-de-cere"]), 64)
    }

    func testFrenchAccentsAreWinAnsi() {
        let bytes = PDFPage.winAnsi("Cère é € (x)")
        XCTAssertEqual(Array(bytes), [0x43, 0xE8, 0x72, 0x65, 0x20, 0xE9, 0x20, 0x80, 0x20, 0x5C, 0x28, 0x78, 0x5C, 0x29])
    }
}
