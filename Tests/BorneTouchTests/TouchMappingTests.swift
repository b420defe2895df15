import BorneCore
import BorneTouch
import BorneUI
import XCTest

final class TouchMappingTests: XCTestCase {
    let screen = Size(width: 80, height: 24)
    let ranges = AxisRanges(x: 0...4095, y: 0...4095)

    func cell(_ m: TouchMapping, _ x: Int32, _ y: Int32) -> [Int] {
        let c = m.cell(RawPoint(x: x, y: y), screen: screen)
        return [c.x, c.y]
    }

    func testPlainMappingCoversTheScreen() {
        let m = TouchMapping(ranges: ranges)
        XCTAssertEqual(cell(m, 0, 0), [0, 0])
        XCTAssertEqual(cell(m, 4095, 4095), [79, 23])
        XCTAssertEqual(cell(m, 2048, 2048), [40, 12])
    }

    func testSwapTakesTheScreensXFromTheDevicesY() {
        let m = TouchMapping(ranges: AxisRanges(x: 0...1000, y: 0...4095), swapXY: true)
        XCTAssertEqual(cell(m, 0, 4095), [79, 0], "device y → screen x, device x → screen y")
        XCTAssertEqual(cell(m, 1000, 0), [0, 23])
        XCTAssertEqual(cell(m, 500, 2048), [40, 12], "each axis with its own range")
    }

    func testInvertMeasuresFromTheOtherEnd() {
        XCTAssertEqual(cell(TouchMapping(ranges: ranges, invertX: true), 0, 0), [79, 0])
        XCTAssertEqual(cell(TouchMapping(ranges: ranges, invertY: true), 0, 0), [0, 23])
        // With swap, invert_x is about the screen's x (the device's y).
        XCTAssertEqual(cell(TouchMapping(ranges: ranges, swapXY: true, invertX: true), 0, 0), [79, 0])
        XCTAssertEqual(cell(TouchMapping(ranges: ranges, swapXY: true, invertX: true), 0, 4095), [0, 0])
    }

    func testMarginsAreTheRangeOutsideThePicture() {
        // 95 units at the left and 400 at the bottom are panel outside the picture.
        let m = TouchMapping(ranges: ranges, margins: .init(left: 95, top: 0, right: 0, bottom: 400))
        XCTAssertEqual(m.position(RawPoint(x: 95, y: 0), screen: screen).x, 0)
        XCTAssertEqual(m.position(RawPoint(x: 4095, y: 3695), screen: screen).y, 24, accuracy: 1e-9)
        XCTAssertEqual(cell(m, 40, 3900), [0, 23], "outside the picture: the nearest edge cell")
        XCTAssertEqual(cell(m, 95 + 50, 0), [1, 0], "a cell is (4095 - 95) / 80 = 50 units")
        // Inverted, the left margin is at the high end of the range.
        let inv = TouchMapping(ranges: ranges, invertX: true, margins: .init(left: 95, top: 0, right: 0, bottom: 0))
        XCTAssertEqual(inv.position(RawPoint(x: 4000, y: 0), screen: screen).x, 0)
    }

    func testMovingMoreThanACellIsNotATap() {
        // A cell is 4095/80 = 51.2 units wide and 4095/24 = 170.6 high.
        func run(dx: Int32, dy: Int32) -> [InputEvent] {
            var d = TapDecoder(mapping: TouchMapping(ranges: ranges))
            var events = frame((EvdevCode.evKey, EvdevCode.btnTouch, 1), (EvdevCode.evAbs, EvdevCode.absX, 1000),
                               (EvdevCode.evAbs, EvdevCode.absY, 1000))
            events += frame((EvdevCode.evAbs, EvdevCode.absX, 1000 + dx), (EvdevCode.evAbs, EvdevCode.absY, 1000 + dy))
            // Back where it landed: a swipe out and back is still not a tap.
            events += frame((EvdevCode.evAbs, EvdevCode.absX, 1000), (EvdevCode.evAbs, EvdevCode.absY, 1000))
            events += frame((EvdevCode.evKey, EvdevCode.btnTouch, 0))
            return d.feed(events: events, screen: screen)
        }
        XCTAssertEqual(tapCells(run(dx: 50, dy: 0)), [[19, 5]])
        XCTAssertEqual(run(dx: 53, dy: 0), [])
        XCTAssertEqual(tapCells(run(dx: 0, dy: 170)), [[19, 5]])
        XCTAssertEqual(run(dx: 0, dy: -172), [])
    }

    func testNothingIsSentBeforeTheFingerLifts() {
        var d = TapDecoder(mapping: TouchMapping(ranges: ranges))
        let down = frame((EvdevCode.evKey, EvdevCode.btnTouch, 1), (EvdevCode.evAbs, EvdevCode.absX, 10),
                         (EvdevCode.evAbs, EvdevCode.absY, 10))
        XCTAssertEqual(d.feed(events: down, screen: screen), [])
        XCTAssertEqual(d.feed(events: frame((EvdevCode.evKey, EvdevCode.btnTouch, 0)), screen: screen),
                       [.press(x: 0, y: 0), .release(x: 0, y: 0)])
    }
}
