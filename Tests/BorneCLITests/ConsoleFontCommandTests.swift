import Foundation
import XCTest
@testable import borne

/// `borne console-font`: what borne-kiosk.service's ExecStartPre runs.
final class ConsoleFontCommandTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func config(glyphs: String, size: Int = 16) throws -> String {
        var text = try String(contentsOf: Self.repo.appendingPathComponent("kiosk-config/thiezac.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"glyphs\": \"console\"", with: "\"glyphs\": \"\(glyphs)\", \"console_font_size\": \(size)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("console-font-\(UUID().uuidString).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: file) }
        return file.path
    }

    func testExitCodes() throws {
        XCTAssertEqual(ConsoleFontCommand.run(["--help"]), 0)
        XCTAssertEqual(ConsoleFontCommand.run([]), 64, "no --config")
        XCTAssertEqual(ConsoleFontCommand.run(["--frobnicate"]), 64)
        XCTAssertEqual(ConsoleFontCommand.run(["--config", "/nonexistent/kiosk.json"]), 66)
        // "full": a terminal emulator's fonts; nothing to load, whatever the fonts directory.
        XCTAssertEqual(ConsoleFontCommand.run(["--config", try config(glyphs: "full"), "--fonts", "/nonexistent"]), 0)
        // "console" without the package's fonts: 66, the message says to reinstall.
        XCTAssertEqual(ConsoleFontCommand.run(["--config", try config(glyphs: "console", size: 32), "--fonts", "/nonexistent"]), 66)
    }

    /// setfont refusing (here: no such terminal) is 69, not a success.
    func testSetfontRefusalIsReported() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setfont") || FileManager.default.isExecutableFile(atPath: "/bin/setfont") else {
            return XCTFail("setfont is missing: apt-get install kbd")
        }
        let fonts = FileManager.default.temporaryDirectory.appendingPathComponent("console-fonts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: fonts, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: fonts) }
        try Data("not a font".utf8).write(to: fonts.appendingPathComponent("borne-8x16.psf"))
        XCTAssertEqual(ConsoleFontCommand.run(["--config", try config(glyphs: "console"), "--fonts", fonts.path,
                                               "--tty", "/nonexistent/tty9"]), 69)
    }

    func testSpawnAndWaitReturnsTheExitStatus() {
        XCTAssertEqual(ConsoleFontCommand.spawnAndWait("/bin/sh", ["-c", "exit 3"]), 3)
        XCTAssertEqual(ConsoleFontCommand.spawnAndWait("/bin/true", []), 0)
        XCTAssertNil(ConsoleFontCommand.spawnAndWait("/nonexistent/tool", []))
        XCTAssertNil(ConsoleFontCommand.spawnAndWait("/bin/sh", ["-c", "kill -9 $$"]), "killed: no status")
    }
}
