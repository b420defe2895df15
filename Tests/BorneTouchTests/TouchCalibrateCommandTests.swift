import BorneTestSupport
import BorneContent
import BorneCore
import BorneTouch
import BorneUI
import Foundation
import XCTest

/// The built `borne touch-calibrate` in tmux (a real pty, ncurses), its
/// touch device a FIFO fed with recorded-style contacts on each cross as it
/// appears; the panel is mounted turned (swap_xy) and mirrored (invert_x).
final class TouchCalibrateCommandTests: XCTestCase {
    var term: Tmux!
    var work: URL { term.work }

    override func setUpWithError() throws {
        continueAfterFailure = false
        term = try Tmux("cal", session: "cal")
    }

    override func tearDown() { term?.close() }

    /// The pane's text, wrapped lines joined.
    func capture() -> String { term.capture(joinWrapped: true) }

    func waitFor(_ done: () -> Bool, _ what: String) throws {
        try term.waitUntil(what, done)
    }

    func testFourCornersThroughAFIFOWriteTheCalibration() throws {
        let screen = Size(width: 100, height: 30)
        let truth = TouchMapping(ranges: AxisRanges(x: 0...4095, y: 0...4095), swapXY: true, invertX: true,
                                 margins: .init(left: 40, top: 90, right: 60, bottom: 20))
        let (fifo, cfg, rc, err) = try start()
        let before = try Self.shippedConfig()

        var writer: Int32 = -1
        defer { if writer >= 0 { close(writer) } }
        for corner in TouchCalibration.Corner.allCases {
            try waitFor({ capture().contains("— \(corner.rawValue + 1)/4") }, "the \(corner.label) cross")
            if writer < 0 {
                writer = open(fifo, O_WRONLY | O_NONBLOCK)
                XCTAssertGreaterThanOrEqual(writer, 0, "the calibration has the FIFO open")
            }
            let p = rawTouch(corner, truth, screen: screen)
            // A resistive panel's contact: lands, wobbles a little, lifts.
            let events = frame((EvdevCode.evKey, EvdevCode.btnTouch, 1), (EvdevCode.evAbs, EvdevCode.absX, p.x + 9),
                               (EvdevCode.evAbs, EvdevCode.absY, p.y - 7))
                + frame((EvdevCode.evAbs, EvdevCode.absX, p.x), (EvdevCode.evAbs, EvdevCode.absY, p.y))
                + frame((EvdevCode.evKey, EvdevCode.btnTouch, 0))
            let bytes = EvdevDecoder.encode(events)
            XCTAssertEqual(bytes.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }, bytes.count)
        }
        XCTAssertEqual(try exitStatus(rc), "0\n", (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
        let printed = capture()
        XCTAssertTrue(printed.contains("\"touch\": {\"device\": \"\(fifo)\", \"x_range\": [0, 4095], \"y_range\": [0, 4095], \"swap_xy\": true, \"invert_x\": true, \"invert_y\": false, \"margins\": ["), printed)
        XCTAssertTrue(printed.contains("written into \(cfg.path)"), printed)

        let written = try String(contentsOf: cfg, encoding: .utf8)
        XCTAssertTrue(written.hasPrefix(before + ",\n  \"touch\": {"), "the rest of the file is kept:\n\(written)")
        let touch = try XCTUnwrap(try KioskConfigLoader.load(file: cfg).touch)
        XCTAssertEqual(touch.device, fifo)
        XCTAssertTrue(touch.swapXY)
        XCTAssertTrue(touch.invertX)
        XCTAssertFalse(touch.invertY)
        for (got, want) in [(touch.margins.left, 40), (touch.margins.top, 90), (touch.margins.right, 60), (touch.margins.bottom, 20)] {
            XCTAssertLessThanOrEqual(abs(got - want), 2, "margins \(touch.margins)")
        }
    }

    /// Vic-sur-Cère's config without its closing brace.
    static func shippedConfig() throws -> String {
        let original = try String(contentsOf: TouchConfigLoaderTests.repoRoot.appendingPathComponent("kiosk-config/vic-sur-cere.json"),
                                  encoding: .utf8)
        let brace = original.range(of: "}", options: .backwards)!
        return original[..<brace.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts the command (100×30, standard output the terminal, as ncurses
    /// needs) on a config whose touch device is a FIFO; returns (fifo,
    /// config file, rc file, stderr file).
    func start(_ extra: String = "--write") throws -> (String, URL, String, String) {
        let borne = try BuiltBorne.path()
        let fifo = work.appendingPathComponent("touch.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let text = try Self.shippedConfig() + ",\n  \"touch\": {\"device\": \"\(fifo)\", \"x_range\": [0, 4095], \"y_range\": [0, 4095]}\n}\n"
        let cfg = work.appendingPathComponent("kiosk.json")
        try text.write(to: cfg, atomically: true, encoding: .utf8)
        let err = work.appendingPathComponent("err.txt").path, rc = work.appendingPathComponent("rc.txt").path
        let cmd = "env TERM=xterm-256color LANG=C.UTF-8 \(borne) touch-calibrate --config \(cfg.path) \(extra) 2>\(err); echo $? >\(rc); sleep 60"
        try term.start(cmd, width: 100, height: 30)
        return (fifo, cfg, rc, err)
    }

    func exitStatus(_ rc: String) throws -> String {
        try waitFor({ ((try? String(contentsOfFile: rc, encoding: .utf8)) ?? "").hasSuffix("\n") }, "the command's exit")
        return (try? String(contentsOfFile: rc, encoding: .utf8)) ?? ""
    }

    func testQLeavesWithoutWriting() throws {
        let (_, cfg, rc, err) = try start()
        let before = try Data(contentsOf: cfg)
        try waitFor({ capture().contains("— 1/4") }, "the first cross")
        term.sendKeys("q")
        XCTAssertEqual(try exitStatus(rc), "75\n")
        XCTAssertEqual(try String(contentsOfFile: err, encoding: .utf8), "borne touch-calibrate: left before the fourth corner; nothing written\n")
        XCTAssertEqual(try Data(contentsOf: cfg), before)
    }

    func testFourTouchesOnOnePlaceAreRefused() throws {
        let (fifo, cfg, rc, err) = try start()
        let before = try Data(contentsOf: cfg)
        try waitFor({ capture().contains("— 1/4") }, "the first cross")
        let writer = open(fifo, O_WRONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(writer, 0)
        defer { close(writer) }
        for step in 1...4 {
            try waitFor({ capture().contains("— \(step)/4") }, "cross \(step)")
            let bytes = EvdevDecoder.encode(frame((EvdevCode.evKey, EvdevCode.btnTouch, 1), (EvdevCode.evAbs, EvdevCode.absX, 2000),
                                                  (EvdevCode.evAbs, EvdevCode.absY, 2000))
                                            + frame((EvdevCode.evKey, EvdevCode.btnTouch, 0)))
            XCTAssertEqual(bytes.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }, bytes.count)
        }
        XCTAssertEqual(try exitStatus(rc), "65\n")
        XCTAssertTrue(try String(contentsOfFile: err, encoding: .utf8).contains("touches gave the same position: touch each target"))
        XCTAssertEqual(try Data(contentsOf: cfg), before)
    }
}
