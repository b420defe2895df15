import BorneContent
import BorneCore
import BorneTouch
import Foundation
import XCTest

/// `borne touch-calibrate --write` changes the `touch` member only.
final class TouchConfigTextTests: XCTestCase {
    let touch = TouchConfig(device: "/dev/input/event3", xRange: 0...4095, yRange: 10...4000, swapXY: true,
                            invertX: false, invertY: true, margins: .init(left: 1, top: -2, right: 3, bottom: 4))

    func testJSONLine() {
        XCTAssertEqual(TouchConfigText.json(touch),
                       #"{"device": "/dev/input/event3", "x_range": [0, 4095], "y_range": [10, 4000], "swap_xy": true, "invert_x": false, "invert_y": true, "margins": [1, -2, 3, 4]}"#)
    }

    func testAddsTheMemberLastWithTheFilesIndent() throws {
        let text = "{\n  \"id\": \"x\",\n  \"sections\": [\"a\", \"b\"]\n}\n"
        XCTAssertEqual(try TouchConfigText.replacingTouch(in: text, with: touch),
                       "{\n  \"id\": \"x\",\n  \"sections\": [\"a\", \"b\"],\n  \"touch\": \(TouchConfigText.json(touch))\n}\n")
        XCTAssertEqual(try TouchConfigText.replacingTouch(in: "{}", with: touch), "{\"touch\": \(TouchConfigText.json(touch))}")
        XCTAssertEqual(try TouchConfigText.replacingTouch(in: #"{"a": 1}"#, with: touch), #"{"a": 1, "touch": "# + TouchConfigText.json(touch) + "}")
    }

    func testReplacesOnlyTheTopLevelTouch() throws {
        let text = """
            {
              "name": "a \\"touch\\": {} in a string }",
              "geo": {"touch": {"x": 1}},
              "touch": {"device": "auto", "margins": [0, 0, 0, 0]},
              "id": "x"
            }
            """
        let out = try TouchConfigText.replacingTouch(in: text, with: touch)
        XCTAssertEqual(out, text.replacingOccurrences(of: #"{"device": "auto", "margins": [0, 0, 0, 0]}"#, with: TouchConfigText.json(touch)))
    }

    func testEveryCommittedConfigTakesATouchObjectAndStaysValid() throws {
        let dir = TouchConfigLoaderTests.repoRoot.appendingPathComponent("kiosk-config")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".json") {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            let out = try TouchConfigText.replacingTouch(in: text, with: touch)
            let before = try KioskConfigLoader.decode(Data(text.utf8), file: name)
            var after = try KioskConfigLoader.decode(Data(out.utf8), file: name)
            XCTAssertEqual(after.touch, touch, name)
            after.touch = nil
            XCTAssertEqual(after, before, "\(name): nothing else changed")
        }
    }

    func testBrokenFilesAreRefused() {
        for bad in ["", "[1]", "{\"a\": }", "{\"a\" 1}", "{\"a\": \"open"] {
            XCTAssertThrowsError(try TouchConfigText.replacingTouch(in: bad, with: touch), bad)
        }
    }
}
