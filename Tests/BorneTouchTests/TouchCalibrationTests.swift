import BorneCore
import BorneTouch
import BorneUI
import XCTest

final class TouchCalibrationTests: XCTestCase {
    let screen = Size(width: 100, height: 30)

    func touch(_ corner: TouchCalibration.Corner, _ truth: TouchMapping) -> RawPoint {
        rawTouch(corner, truth, screen: screen)
    }

    func touches(_ truth: TouchMapping) -> [RawPoint] { TouchCalibration.Corner.allCases.map { touch($0, truth) } }

    func testFindsSwapInvertAndMarginsOfEveryMounting() throws {
        let ranges = AxisRanges(x: 0...4095, y: 200...3900)
        let margins = TouchConfig.Margins(left: 120, top: 60, right: 35, bottom: 210)
        for swap in [false, true] {
            for invertX in [false, true] {
                for invertY in [false, true] {
                    let truth = TouchMapping(ranges: ranges, swapXY: swap, invertX: invertX, invertY: invertY, margins: margins)
                    let got = try TouchCalibration.compute(touches: touches(truth), screen: screen, ranges: ranges)
                    let what = "swap \(swap) invert \(invertX) \(invertY)"
                    XCTAssertEqual(got.swapXY, swap, what)
                    XCTAssertEqual(got.invertX, invertX, what)
                    XCTAssertEqual(got.invertY, invertY, what)
                    XCTAssertEqual(got.xRange, ranges.x, what)
                    XCTAssertEqual(got.yRange, ranges.y, what)
                    for (a, b) in [(got.margins.left, 120), (got.margins.top, 60), (got.margins.right, 35), (got.margins.bottom, 210)] {
                        XCTAssertLessThanOrEqual(abs(a - b), 2, "\(what): margins \(got.margins)")
                    }
                }
            }
        }
    }

    func testEachCornerTouchLandsOnItsTarget() throws {
        let truth = TouchMapping(ranges: AxisRanges(x: 0...4095, y: 0...4095), swapXY: true, invertY: true,
                                 margins: .init(left: 300, top: 10, right: 80, bottom: 150))
        let t = touches(truth)
        let got = try TouchCalibration.compute(touches: t, screen: screen, ranges: truth.ranges)
        let mapping = TouchMapping(ranges: truth.ranges, config: got)
        for (corner, raw) in zip(TouchCalibration.Corner.allCases, t) {
            let c = mapping.cell(raw, screen: screen), want = TouchCalibration.target(corner, screen: screen)
            XCTAssertEqual([c.x, c.y], [want.x, want.y], corner.label)
        }
    }

    func testWithoutRangesTheRangesAreTheScreensEdges() throws {
        // A FIFO: no EVIOCGABS and no ranges in the config yet.
        let truth = TouchMapping(ranges: AxisRanges(x: 100...3100, y: 500...2500), invertX: true)
        let got = try TouchCalibration.compute(touches: touches(truth), screen: screen, ranges: nil)
        XCTAssertEqual(got.margins, .zero)
        XCTAssertTrue(got.invertX)
        XCTAssertEqual(got.xRange, 100...3100)
        XCTAssertEqual(got.yRange, 500...2500)
    }

    func testTheSamePlaceFourTimesIsRefused() {
        let p = RawPoint(x: 2000, y: 2000)
        XCTAssertThrowsError(try TouchCalibration.compute(touches: [p, p, p, p], screen: screen, ranges: nil)) { error in
            XCTAssertEqual(error as? TouchCalibration.Failure, .cornersNotApart("left and right"))
            XCTAssertTrue("\(error)".contains("run touch-calibrate again"))
        }
    }

    func testAMissedTargetIsRefused() {
        var t = touches(TouchMapping(ranges: AxisRanges(x: 0...4095, y: 0...4095)))
        t[3] = t[2]  // bottom left touched where bottom right was
        XCTAssertThrowsError(try TouchCalibration.compute(touches: t, screen: screen, ranges: nil)) { error in
            XCTAssertEqual(error as? TouchCalibration.Failure, .notARectangle("left"))
        }
    }

    func testTargetsSitInTheCorners() {
        XCTAssertEqual(TouchCalibration.target(.topLeft, screen: screen).x, 4)
        XCTAssertEqual(TouchCalibration.target(.bottomRight, screen: screen).x, 95)
        XCTAssertEqual(TouchCalibration.target(.bottomRight, screen: screen).y, 27)
        XCTAssertThrowsError(try TouchCalibration.compute(touches: touches(TouchMapping(ranges: AxisRanges(x: 0...10, y: 0...10))),
                                                          screen: Size(width: 10, height: 5), ranges: nil))
    }
}

final class TouchCalibrationScreenTests: XCTestCase {
    func testTheCrossIsCentredOnTheTargetCell() {
        let size = Size(width: 100, height: 30)
        for corner in TouchCalibration.Corner.allCases {
            let c = TouchCalibration.screen(corner: corner, size: size, status: "touch: reading /dev/input/event3")
            let t = TouchCalibration.target(corner, screen: size)
            XCTAssertEqual(c[t.x, t.y].text, "┼", corner.label)
            XCTAssertEqual(c[t.x - 2, t.y].text, "─")
            XCTAssertEqual(c[t.x, t.y + 1].text, "│")
            // Only one cross on the screen.
            XCTAssertEqual(c.plainText.filter { $0 == "┼" }.count, 1)
            XCTAssertTrue(c.plainText.contains("— \(corner.rawValue + 1)/4"))
            XCTAssertTrue(c.plainText.contains("touch: reading /dev/input/event3"))
        }
    }
}
