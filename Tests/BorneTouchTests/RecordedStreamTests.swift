import BorneCore
import BorneTouch
import BorneUI
import XCTest

/// The committed recordings (Fixtures/*.evdev, 24-byte records) decoded into
/// taps on an 80x24 screen. Touchscreen ranges are 0…4095, so a cell is 51
/// units wide and 171 high; the tablet's are 0…32767.
final class RecordedStreamTests: XCTestCase {
    let screen = Size(width: 80, height: 24)
    let panel = TouchMapping(ranges: AxisRanges(x: 0...4095, y: 0...4095))

    func taps(_ fixture: String, mapping: TouchMapping, chunk: Int? = nil) throws -> [[Int]] {
        let bytes = try Fixture.bytes(fixture)
        XCTAssertEqual(bytes.count % 24, 0, "whole 24-byte records")
        var decoder = TapDecoder(mapping: mapping, recordSize: 24)
        var events: [InputEvent] = []
        if let chunk {
            var i = 0
            while i < bytes.count {
                events += decoder.feed(bytes[i..<min(bytes.count, i + chunk)], screen: screen)
                i += chunk
            }
        } else {
            events = decoder.feed(bytes, screen: screen)
        }
        XCTAssertEqual(decoder.decoder.pendingBytes, 0)
        return tapCells(events)
    }

    func testDecoderReadsTheKernelLayout() throws {
        var d = EvdevDecoder(recordSize: 24)
        let events = d.decode(try Fixture.bytes("mt-protocol-b"))
        XCTAssertEqual(events.count, 2184 / 24)
        XCTAssertEqual(events.first, EvdevEvent(EvdevCode.evAbs, EvdevCode.absMTTrackingID, 100))
        XCTAssertEqual(events.last, EvdevEvent(EvdevCode.evSyn, EvdevCode.synReport, 0))
        XCTAssertTrue(events.contains(EvdevEvent(EvdevCode.evAbs, EvdevCode.absMTTrackingID, -1)), "negative values")
        XCTAssertEqual(EvdevEvent.nativeRecordSize, 24, "64-bit Linux")
    }

    func testProtocolBOnlyTheFirstFingerTaps() throws {
        // Finger 1 at (1000, 1000) taps though finger 2 landed meanwhile; finger 2
        // (3000, 3000) never taps; then a tap at (2000, 3500); a swipe gives nothing;
        // a finger landing where the slot's last one lifted (1700, 2000) taps.
        XCTAssertEqual(try taps("mt-protocol-b", mapping: panel), [[19, 5], [39, 20], [33, 11]])
    }

    func testProtocolA() throws {
        XCTAssertEqual(try taps("mt-protocol-a", mapping: panel), [[19, 5], [39, 20]])
    }

    func testSingleTouchPanel() throws {
        // Jitter under a cell taps; the far corner is the last cell; 2.3 cells of
        // sliding cancel; 0.9 cell does not; a touch cut by SYN_DROPPED is not a tap.
        XCTAssertEqual(try taps("single-touch", mapping: panel), [[19, 5], [79, 23], [39, 11]])
    }

    func testTabletWithLeftButton() throws {
        // Hovering moves nothing; the wheel and the right button are ignored; a drag
        // of 1.9 cells is not a tap.
        let tablet = TouchMapping(ranges: AxisRanges(x: 0...32767, y: 0...32767))
        XCTAssertEqual(try taps("tablet-btn-left", mapping: tablet), [[19, 12]])
    }

    func testRecordsSplitAcrossReadsDecodeTheSame() throws {
        for name in ["mt-protocol-b", "mt-protocol-a", "single-touch"] {
            XCTAssertEqual(try taps(name, mapping: panel, chunk: 7), try taps(name, mapping: panel), name)
        }
    }

    func testCalibrationAppliesToRecordedStream() throws {
        // The same single-touch panel mounted upside down: every tap mirrors.
        let flipped = TouchMapping(ranges: AxisRanges(x: 0...4095, y: 0...4095), invertX: true, invertY: true)
        XCTAssertEqual(try taps("single-touch", mapping: flipped), [[60, 18], [0, 0], [40, 12]])
    }
}
