import BorneContent
import BorneCore
import Foundation
import XCTest

/// The `touch` object of a kiosk config: read, and every mistake named by file and field.
final class TouchConfigLoaderTests: XCTestCase {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func config(touch: Any) throws -> Data {
        let url = Self.repoRoot.appendingPathComponent("kiosk-config/vic-sur-cere.json")
        var cfg = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        cfg["touch"] = touch
        return try JSONSerialization.data(withJSONObject: cfg)
    }

    func issues(_ touch: Any) throws -> [String] {
        do {
            _ = try KioskConfigLoader.decode(try config(touch: touch), file: "kiosk-config/x.json")
            XCTFail("accepted \(touch)")
            return []
        } catch let e as KioskConfigError {
            return e.description.split(separator: "\n").map(String.init)
        }
    }

    func testReadsEveryField() throws {
        let c = try KioskConfigLoader.decode(try config(touch: [
            "device": "auto", "x_range": [0, 4095], "y_range": [-10, 3000], "swap_xy": true,
            "invert_x": false, "invert_y": true, "margins": [95, 0, -12, 400],
        ]), file: "kiosk-config/x.json")
        XCTAssertEqual(c.touch, TouchConfig(device: "auto", xRange: 0...4095, yRange: -10...3000, swapXY: true,
                                            invertX: false, invertY: true,
                                            margins: .init(left: 95, top: 0, right: -12, bottom: 400)))
    }

    func testEverythingIsOptional() throws {
        let c = try KioskConfigLoader.decode(try config(touch: [String: Any]()), file: "kiosk-config/x.json")
        XCTAssertEqual(c.touch, TouchConfig())
        let none = try KioskConfigLoader.decode(try config(touch: NSNull()), file: "kiosk-config/x.json")
        XCTAssertNil(none.touch)
    }

    func testCommittedConfigsHaveNoTouchObject() throws {
        // The village kiosks take their taps from the terminal until a touch object is added on site.
        let result = KioskConfigLoader.validateAll(directory: Self.repoRoot.appendingPathComponent("kiosk-config"))
        XCTAssertTrue(result.isValid, "\(result.errors)")
        XCTAssertFalse(result.configs.isEmpty)
    }

    func testMistakesNameTheFileAndField() throws {
        XCTAssertEqual(try issues(["device": "event3"]), [
            "kiosk-config/x.json: field \"touch.device\": must be \"auto\" or an absolute path (/dev/input/event3), got \"event3\"",
        ])
        XCTAssertEqual(try issues(["x_range": [4095, 0]]), [
            "kiosk-config/x.json: field \"touch.x_range\": must be two whole numbers [min, max] with min < max (the device's raw values)",
        ])
        XCTAssertEqual(try issues(["y_range": [0, 1.5]]).count, 1)
        XCTAssertEqual(try issues(["margins": [1, 2, 3]]), [
            "kiosk-config/x.json: field \"touch.margins\": must be four whole numbers of device units, [left, top, right, bottom]",
        ])
        XCTAssertEqual(try issues(["swap_xy": "yes"]), [
            "kiosk-config/x.json: field \"touch.swap_xy\": expected true or false, got a string",
        ])
        XCTAssertEqual(try issues(["swapxy": true]), [
            "kiosk-config/x.json: field \"touch.swapxy\": unknown field (did you mean \"swap_xy\"?)",
        ])
        XCTAssertEqual(try issues("auto").count, 1, "touch must be an object")
    }

    func testMarginsMustLeaveSomeOfTheRange() throws {
        XCTAssertEqual(try issues(["x_range": [0, 100], "margins": [60, 0, 40, 0]]), [
            "kiosk-config/x.json: field \"touch.margins\": must leave part of x_range 0…100 between the left and right margins",
        ])
        // With swap_xy the left and right margins cut the device's y.
        XCTAssertEqual(try issues(["swap_xy": true, "y_range": [0, 100], "x_range": [0, 4095], "margins": [60, 0, 40, 0]]), [
            "kiosk-config/x.json: field \"touch.margins\": must leave part of y_range 0…100 between the left and right margins",
        ])
    }
}
