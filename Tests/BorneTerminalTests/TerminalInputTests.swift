import XCTest
import BorneUI
@testable import BorneTerminal

/// The pure parts of BorneTerminal: mouse and key decoding, cell text for
/// ncurses, the frame diff, lost-terminal detection, the palette.
final class TerminalInputTests: XCTestCase {
    // MARK: mouse

    func testPressAndReleaseKeepTheirOwnCells() {
        XCTAssertEqual(InputDecoding.mouseEvents(pressed: true, released: false, clicked: false, x: 9, y: 4), [.press(x: 9, y: 4)])
        XCTAssertEqual(InputDecoding.mouseEvents(pressed: false, released: true, clicked: false, x: 3, y: 2), [.release(x: 3, y: 2)])
    }

    func testClickBecomesPressThenRelease() {
        XCTAssertEqual(InputDecoding.mouseEvents(pressed: false, released: false, clicked: true, x: 1, y: 2),
                       [.press(x: 1, y: 2), .release(x: 1, y: 2)])
    }

    func testOtherButtonsAreIgnored() {
        XCTAssertEqual(InputDecoding.mouseEvents(pressed: false, released: false, clicked: false, x: 1, y: 2), [])
    }

    // MARK: keys

    func testControlKeysHaveCursesNames() {
        XCTAssertEqual(InputDecoding.keyText(character: 13), "KEY_ENTER")
        XCTAssertEqual(InputDecoding.keyText(character: 10), "KEY_ENTER")
        XCTAssertEqual(InputDecoding.keyText(character: 3), "^C")
        XCTAssertEqual(InputDecoding.keyText(character: 0x1A), "^Z")
        XCTAssertEqual(InputDecoding.keyText(character: 0x1C), "^\\")
        XCTAssertEqual(InputDecoding.keyText(character: 0x7F), "KEY_BACKSPACE")
        XCTAssertEqual(InputDecoding.keyText(character: 0x1B), "KEY_ESCAPE")
    }

    func testTypedTextIsItself() {
        XCTAssertEqual(InputDecoding.keyText(character: 0x61), "a")
        XCTAssertEqual(InputDecoding.keyText(character: 0xE9), "é")
        XCTAssertEqual(InputDecoding.keyText(character: 0xD800), "KEY_UNKNOWN")   // a lone surrogate
    }

    // MARK: cell text

    func testContinuationCellIsNotWritten() {
        XCTAssertNil(InputDecoding.wideCharacters(""))
    }

    func testCellTextIsNulTerminatedUTF32() {
        XCTAssertEqual(InputDecoding.wideCharacters("é"), [0xE9, 0])
        XCTAssertEqual(InputDecoding.wideCharacters("日"), [0x65E5, 0])
        XCTAssertEqual(InputDecoding.wideCharacters("⣿"), [0x28FF, 0])
    }

    func testCombiningMarksShareTheCellUpToFour() {
        XCTAssertEqual(InputDecoding.wideCharacters("e\u{301}"), [0x65, 0x301, 0])
        let many = "a" + String(repeating: "\u{301}", count: 6)
        XCTAssertEqual(InputDecoding.wideCharacters(many), [0x61, 0x301, 0x301, 0x301, 0x301, 0])
    }

    func testControlsAndLoneMarksCannotMoveTheCursor() {
        XCTAssertEqual(InputDecoding.wideCharacters("\n"), [0x3F, 0])
        XCTAssertEqual(InputDecoding.wideCharacters("\u{1B}"), [0x3F, 0])
        XCTAssertEqual(InputDecoding.wideCharacters("\u{301}"), [0x20, 0x301, 0])
    }

    func testSpacingScalarsAfterTheFirstAreDropped() {
        // 👩‍👩‍👧: curses cannot hold a ZWJ sequence in one cell; keep the first.
        XCTAssertEqual(InputDecoding.wideCharacters("👩\u{200D}👩\u{200D}👧"), [0x1F469, 0])
    }

    // MARK: frame plan

    private func canvas(_ w: Int, _ h: Int, _ draw: (inout Canvas) -> Void = { _ in }) -> Canvas {
        var c = Canvas(width: w, height: h)
        draw(&c)
        return c
    }

    func testFirstFrameWritesEveryCellButContinuations() {
        let c = canvas(4, 2) { $0.text(0, 0, "日a") }
        let writes = FramePlan.writes(from: nil, to: c, screen: Size(width: 4, height: 2), full: true)
        XCTAssertEqual(writes.count, 7)               // 8 cells, one continuation
        XCTAssertEqual(writes.first, CellWrite(x: 0, y: 0, text: "日", style: .normal))
        XCTAssertFalse(writes.contains { $0.x == 1 && $0.y == 0 })
    }

    func testLaterFramesWriteOnlyChangedCells() {
        let a = canvas(5, 2) { $0.text(0, 0, "abc") }
        let b = canvas(5, 2) { $0.text(0, 0, "abd"); $0.text(4, 1, "x", Style(.tile)) }
        let writes = FramePlan.writes(from: a, to: b, screen: Size(width: 5, height: 2), full: false)
        XCTAssertEqual(writes, [CellWrite(x: 2, y: 0, text: "d", style: .normal),
                                CellWrite(x: 4, y: 1, text: "x", style: Style(.tile))])
    }

    func testStyleChangeAloneIsWritten() {
        let a = canvas(3, 1) { $0.text(0, 0, "abc", Style(.tile)) }
        let b = canvas(3, 1) { $0.text(0, 0, "abc", Style(.pressed)) }
        XCTAssertEqual(FramePlan.writes(from: a, to: b, screen: Size(width: 3, height: 1), full: false).count, 3)
    }

    func testWideCharacterReplacingTwoNarrowOnesIsWrittenOnce() {
        let a = canvas(4, 1) { $0.text(0, 0, "abcd") }
        let b = canvas(4, 1) { $0.text(0, 0, "a日d") }
        XCTAssertEqual(FramePlan.writes(from: a, to: b, screen: Size(width: 4, height: 1), full: false),
                       [CellWrite(x: 1, y: 0, text: "日", style: .normal)])
    }

    func testNarrowTextReplacingAWideCharacterWritesBothCells() {
        let a = canvas(4, 1) { $0.text(0, 0, "a日d") }
        let b = canvas(4, 1) { $0.text(0, 0, "abcd") }
        XCTAssertEqual(FramePlan.writes(from: a, to: b, screen: Size(width: 4, height: 1), full: false).map(\.x), [1, 2])
    }

    /// The console's stand-ins are applied to the cells written, and only to
    /// them: an unchanged braille cell is not looked at again; a wide
    /// character whose stand-in is narrow gets a blank in its second column.
    func testConsoleStandInsApplyToTheChangedCellsOnly() {
        let a = canvas(6, 1) { $0.text(0, 0, "⣿ab") }
        let b = canvas(6, 1) { $0.text(0, 0, "⣿aé日") }
        var asked: [String] = []
        let glyphs: (String) -> String = { asked.append($0); return ConsoleGlyphs.stand($0) }
        let writes = FramePlan.writes(from: a, to: b, screen: Size(width: 6, height: 1), full: false, glyphs: glyphs)
        XCTAssertEqual(asked, ["é", "日"], "only the changed cells are mapped")
        XCTAssertEqual(writes, [CellWrite(x: 2, y: 0, text: "é", style: .normal),
                                CellWrite(x: 3, y: 0, text: "?", style: .normal),
                                CellWrite(x: 4, y: 0, text: " ", style: .normal)])
        let first = FramePlan.writes(from: nil, to: a, screen: Size(width: 6, height: 1), full: true,
                                     glyphs: { ConsoleGlyphs.stand($0) })
        XCTAssertEqual(first.first, CellWrite(x: 0, y: 0, text: "█", style: .normal), "braille drawn as a quadrant block")
    }

    func testLargerCanvasIsClippedToTheScreen() {
        let c = canvas(6, 3) { $0.text(0, 0, "abcdef") }
        let writes = FramePlan.writes(from: nil, to: c, screen: Size(width: 4, height: 2), full: true)
        XCTAssertEqual(writes.count, 8)
        XCTAssertTrue(writes.allSatisfy { $0.x < 4 && $0.y < 2 })
    }

    func testWideCharacterCutByTheScreenEdgeBecomesASpace() {
        let c = canvas(6, 1) { $0.text(0, 0, "abc日") }    // 日 in columns 3-4
        let writes = FramePlan.writes(from: nil, to: c, screen: Size(width: 4, height: 1), full: true)
        XCTAssertEqual(writes.last, CellWrite(x: 3, y: 0, text: " ", style: .normal))
    }

    func testSmallerCanvasWritesOnlyItself() {
        let c = canvas(2, 1)
        XCTAssertEqual(FramePlan.writes(from: nil, to: c, screen: Size(width: 80, height: 24), full: true).count, 2)
    }

    func testCanvasOfAnotherSizeIsRedrawnWhole() {
        let a = canvas(3, 1)
        let b = canvas(4, 1)
        XCTAssertEqual(FramePlan.writes(from: a, to: b, screen: Size(width: 4, height: 1), full: false).count, 4)
    }

    // MARK: lost terminal

    func testEarlyErrorsInARowMeanTheTerminalIsLost() {
        var d = LostTerminalDetector()
        for _ in 1..<LostTerminalDetector.limit {
            XCTAssertFalse(d.recordError(elapsedMs: 0, timeoutMs: 250))
        }
        XCTAssertTrue(d.recordError(elapsedMs: 1, timeoutMs: 250))
    }

    func testAFullTimeoutOrAnInputResetsTheCount() {
        var d = LostTerminalDetector()
        for _ in 1..<LostTerminalDetector.limit { _ = d.recordError(elapsedMs: 0, timeoutMs: 250) }
        XCTAssertFalse(d.recordError(elapsedMs: 250, timeoutMs: 250))
        for _ in 1..<LostTerminalDetector.limit { _ = d.recordError(elapsedMs: 0, timeoutMs: 250) }
        d.recordInput()
        XCTAssertFalse(d.recordError(elapsedMs: 0, timeoutMs: 250))
    }

    func testPollsAreExpectedToReturnAtOnce() {
        var d = LostTerminalDetector()
        for _ in 0..<100 { XCTAssertFalse(d.recordError(elapsedMs: 0, timeoutMs: 0)) }
    }

    // MARK: palette

    /// WCAG relative luminance of an xterm colour (0 black ... 1 white).
    private func luminance256(_ n: Int16) -> Double {
        let levels: [Double] = [0, 95, 135, 175, 215, 255]
        let rgb: (Double, Double, Double)
        switch n {
        case 16...231:
            let i = Int(n) - 16
            rgb = (levels[i / 36], levels[(i / 6) % 6], levels[i % 6])
        case 232...255:
            let v = Double(8 + (Int(n) - 232) * 10); rgb = (v, v, v)
        default:
            XCTFail("use the fixed 16...255 range, not the themable 0...15: \(n)"); return 0
        }
        func linear(_ c: Double) -> Double {
            let v = c / 255
            return v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(rgb.0) + 0.7152 * linear(rgb.1) + 0.0722 * linear(rgb.2)
    }

    func testQRIsDarkModulesOnLightInEveryDepth() {
        let x = Palette.look(.qr, depth: .xterm256)
        XCTAssertLessThan(luminance256(x.foreground), 0.1)
        XCTAssertGreaterThan(luminance256(x.background), 0.9)
        let b = Palette.look(.qr, depth: .basic8)
        XCTAssertEqual(b.foreground, 0); XCTAssertEqual(b.background, 7)
        XCTAssertTrue(Palette.look(.qr, depth: .mono).attributes.contains(.reverse))
    }

    func testPressedLooksDifferentFromEveryTarget() {
        for depth in [ColourDepth.mono, .basic8, .xterm256] {
            let pressed = Palette.look(.pressed, depth: depth)
            for role in [Role.normal, .tile, .tileAccent, .button, .selected] {
                XCTAssertNotEqual(pressed, Palette.look(role, depth: depth), "\(role) in \(depth)")
            }
        }
    }

    func testTextStaysReadableInColour() {
        // WCAG contrast ratio of at least 4.5:1 for every role in 256 colours.
        for role in Role.allCases {
            let look = Palette.look(role, depth: .xterm256)
            let (a, b) = (luminance256(look.foreground), luminance256(look.background))
            let ratio = (max(a, b) + 0.05) / (min(a, b) + 0.05)
            XCTAssertGreaterThanOrEqual(ratio, 4.5, "\(role): \(ratio)")
        }
    }

    func testBasicColoursStayInTheEightColourRange() {
        for role in Role.allCases {
            let look = Palette.look(role, depth: .basic8)
            XCTAssertTrue((0...7).contains(look.foreground) && (0...7).contains(look.background), "\(role)")
        }
    }
}
