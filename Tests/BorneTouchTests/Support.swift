import BorneCore
import BorneTouch
import BorneUI
import Foundation
import XCTest

enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The bytes of `Fixtures/<name>.evdev` (see Fixtures/make-fixtures.py).
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name + ".evdev")))
    }
}

/// The cells of the taps in `events`, checking that each is a press followed
/// by a release at the same cell and that nothing else came.
func tapCells(_ events: [InputEvent], file: StaticString = #filePath, line: UInt = #line) -> [[Int]] {
    var cells: [[Int]] = []
    var i = 0
    while i < events.count {
        guard case .press(let x, let y) = events[i], i + 1 < events.count,
              case .release(let rx, let ry) = events[i + 1] else {
            XCTFail("expected press then release at \(i), got \(events)", file: file, line: line)
            return cells
        }
        XCTAssertEqual([rx, ry], [x, y], "a tap is released where it was pressed", file: file, line: line)
        cells.append([x, y])
        i += 2
    }
    return cells
}

/// (type, code, value) lists for streams built in a test.
func frame(_ events: (UInt16, UInt16, Int32)...) -> [EvdevEvent] {
    events.map { EvdevEvent($0.0, $0.1, $0.2) } + [EvdevEvent(EvdevCode.evSyn, EvdevCode.synReport, 0)]
}

/// Where a finger on `corner`'s target lands in raw units on a panel mounted
/// as `truth` says: the mapping run backwards from the target cell's centre.
func rawTouch(_ corner: TouchCalibration.Corner, _ truth: TouchMapping, screen: Size) -> RawPoint {
    let t = TouchCalibration.target(corner, screen: screen)
    func raw(_ cellCentre: Double, cells: Int, _ r: ClosedRange<Int>, invert: Bool, _ before: Int, _ after: Int) -> Int32 {
        let span = Double(r.upperBound - r.lowerBound - before - after)
        let d = Double(before) + cellCentre / Double(cells) * span
        return Int32((invert ? Double(r.upperBound) - d : Double(r.lowerBound) + d).rounded())
    }
    let hr = truth.swapXY ? truth.ranges.y : truth.ranges.x, vr = truth.swapXY ? truth.ranges.x : truth.ranges.y
    let h = raw(Double(t.x) + 0.5, cells: screen.width, hr, invert: truth.invertX, truth.margins.left, truth.margins.right)
    let v = raw(Double(t.y) + 0.5, cells: screen.height, vr, invert: truth.invertY, truth.margins.top, truth.margins.bottom)
    return truth.swapXY ? RawPoint(x: v, y: h) : RawPoint(x: h, y: v)
}
