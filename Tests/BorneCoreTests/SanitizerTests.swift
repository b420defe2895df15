@testable import BorneCore
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

/// The fast path must never accept what the full cleaning would change.
final class SanitizerFastPathTests: XCTestCase {
    func testFastPathAgreesWithTheFullCleaningOnRandomText() {
        let alphabet: [Unicode.Scalar] = ["a", "é", " ", "\t", "\n", "\u{1B}", "[", "\u{9B}", "\u{202E}", "\u{E000}",
                                          "\u{FEFF}", "\u{2028}", "☀", "日", "\u{7F}", "\u{0301}", "0"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...8, using: &rng) { s.append(alphabet.randomElement(using: &rng)!) }
            let text = String(s)
            let slow = Sanitizer.collapse(Sanitizer.clean(text, keepNewlines: false))
            XCTAssertEqual(Sanitizer.line(text), slow, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            if Sanitizer.isCleanLine(text) { XCTAssertEqual(text, slow) }
        }
    }

    /// Office output: one sanitizer (`line`), then CSV or HTML on top.
    func testCSVCellsNeutraliseFormulasAndHTMLDropsControlsBeforeEscaping() {
        XCTAssertEqual(Sanitizer.csvCell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0")
        XCTAssertEqual(Sanitizer.csvCell("@SUM(A1)"), "'@SUM(A1)")
        XCTAssertEqual(Sanitizer.csvCell("+33 4 71"), "'+33 4 71")
        XCTAssertEqual(Sanitizer.csvCell("-2+3"), "'-2+3")
        XCTAssertEqual(Sanitizer.csvCell("\u{202E}=1+1"), "'=1+1", "a bidi control does not hide a formula")
        XCTAssertEqual(Sanitizer.csvCell("\u{1B}[2J=1"), "'=1")
        for plain in ["-3", "+12 %", "-100 %", "0", "12.5", "Où dormir ?", "—", "nouveau"] {
            XCTAssertEqual(Sanitizer.csvCell(plain), plain)
        }
        XCTAssertEqual(Sanitizer.csvCell("a,\"b\""), "\"a,\"\"b\"\"\"")
        XCTAssertEqual(Sanitizer.csvCell("=a,b"), "\"'=a,b\"")
        XCTAssertEqual(Sanitizer.html("<b>\u{1B}]0;t\u{07}é\u{202E}</b>"), "&lt;b&gt;é&lt;/b&gt;")
        XCTAssertEqual(Sanitizer.firstUnsafe(in: "tile:dormir"), nil)
        XCTAssertEqual(Sanitizer.firstUnsafe(in: "a\u{2066}b"), "\u{2066}")
        XCTAssertEqual(Sanitizer.firstUnsafe(in: "a\tb"), "\t")
    }
}
