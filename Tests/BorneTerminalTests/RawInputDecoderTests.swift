import XCTest
import BorneUI
@testable import BorneTerminal

/// The terminal's bytes decoded in bulk: mouse reports become taps, every
/// other byte is a key folded into a count.
final class RawInputDecoderTests: XCTestCase {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    func testSGRPressAndReleaseAreZeroBased() {
        var d = RawInputDecoder()
        let out = d.feed(bytes("\u{1B}[<0;12;5M\u{1B}[<0;12;5m"))
        XCTAssertEqual(out.pointer, [.press(x: 11, y: 4), .release(x: 11, y: 4)])
        XCTAssertEqual(out.keys, 0)
    }

    func testX10ReportsPressAndRelease() {
        var d = RawInputDecoder()
        // ESC [ M, button 0 at (3, 2) 1-based, then release (button 3).
        let out = d.feed([0x1B, 0x5B, 0x4D, 32, 33 + 2, 33 + 1, 0x1B, 0x5B, 0x4D, 32 + 3, 33 + 2, 33 + 1])
        XCTAssertEqual(out.pointer, [.press(x: 2, y: 1), .release(x: 2, y: 1)])
    }

    func testWheelMotionAndOtherButtonsAreNotTaps() {
        var d = RawInputDecoder()
        let out = d.feed(bytes("\u{1B}[<64;5;5M\u{1B}[<32;5;5M\u{1B}[<2;5;5M\u{1B}[<2;5;5m"))
        XCTAssertEqual(out.pointer, [])
    }

    func testASequenceCutByAReadIsCarriedOver() {
        var d = RawInputDecoder()
        var out = d.feed(bytes("ab\u{1B}[<0;7"))
        XCTAssertEqual(out.pointer, [])
        XCTAssertEqual(out.keys, 2)
        XCTAssertEqual(out.lastKey, "b")
        out = d.feed(bytes(";9M"))
        XCTAssertEqual(out.pointer, [.press(x: 6, y: 8)])
        XCTAssertEqual(out.keys, 0)
    }

    func testALoneEscapeIsAKeyOnceNothingFollows() {
        var d = RawInputDecoder()
        XCTAssertEqual(d.feed(bytes("\u{1B}")).keys, 0)
        let out = d.flush()
        XCTAssertEqual(out.keys, 1)
        XCTAssertEqual(out.lastKey, "KEY_ESCAPE")
        XCTAssertTrue(d.carry.isEmpty)
    }

    func testFunctionKeysAndControlsAreKeys() {
        var d = RawInputDecoder()
        let out = d.feed(bytes("\u{1B}[A\u{1B}OP\u{03}\r"))
        XCTAssertEqual(out.keys, 4)
        XCTAssertEqual(out.lastKey, "KEY_ENTER")
        XCTAssertEqual(out.pointer, [])
    }

    /// A 2 MB paste then a tap, in 64 KiB reads as the terminal loop does:
    /// the tap comes out, the paste is a count.
    func testATapAfterATwoMegabytePasteIsFound() {
        var paste = [UInt8]()
        let line = Array("Lorem ipsum dolor sit amet, été \u{1B}[1;5C ctrl-→ ^C\u{03}\n".utf8)
        while paste.count < 2_000_000 { paste += line }
        let stream = paste + bytes("\u{1B}[<0;40;10M\u{1B}[<0;40;10m")
        var d = RawInputDecoder()
        var pointer: [InputEvent] = [], keys = 0
        var i = 0
        while i < stream.count {
            let out = d.feed(Array(stream[i..<min(stream.count, i + 65_536)]))
            pointer += out.pointer
            keys += out.keys
            i += 65_536
        }
        XCTAssertEqual(pointer, [.press(x: 39, y: 9), .release(x: 39, y: 9)])
        XCTAssertGreaterThan(keys, 1_000_000)
        XCTAssertTrue(d.carry.isEmpty)
    }

    func testAnOverlongSequenceIsKeysNotAHang() {
        var d = RawInputDecoder()
        var out = d.feed(bytes("\u{1B}[<" + String(repeating: "1", count: 30)))
        XCTAssertEqual(out.keys, 0, "still waiting for the end")
        out = d.feed(bytes(String(repeating: "2", count: 40)))
        XCTAssertGreaterThan(out.keys, 0)
        XCTAssertTrue(d.carry.isEmpty)
    }
}
