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
