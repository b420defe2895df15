import BorneCore
import XCTest

final class SanitizerTests: XCTestCase {
    func testRemovesCSIAndOSCSequences() {
        XCTAssertEqual(Sanitizer.line("Chez \u{1B}[2J\u{1B}[1;31mMarcel\u{1B}]0;pwned\u{07}"), "Chez Marcel")
        XCTAssertEqual(Sanitizer.line("a\u{1B}]8;;http://x\u{1B}\\lien\u{1B}]8;;\u{1B}\\b"), "alienb")
    }

    func testRemovesC1ControlsAndBidiOverrides() {
        XCTAssertEqual(Sanitizer.line("x\u{9B}31my\u{202E}z\u{7F}"), "xyz")
    }

    func testKeepsFrenchAndSymbols() {
        let s = "Où manger ? Crêpes & « galettes » — 15 € · ☀ ❄ ⠿ ▀▄"
        XCTAssertEqual(Sanitizer.line(s), s)
    }

    func testLineCollapsesWhitespaceAndNewlines() {
        XCTAssertEqual(Sanitizer.line("  un\tdeux\r\n\ntrois  "), "un deux trois")
    }

    func testParagraphsKeepNewlines() {
        XCTAssertEqual(Sanitizer.paragraphs("Premier.\r\n\r\nSecond\u{1B}[0m  ici.\n"), "Premier.\n\nSecond ici.")
    }

    func testDropsEscapeAtEndOfText() {
        XCTAssertEqual(Sanitizer.line("fin\u{1B}"), "fin")
        XCTAssertEqual(Sanitizer.line("fin\u{1B}["), "fin")
    }
}
