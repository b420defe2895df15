import BorneTestSupport
import BorneContent
import BorneCore
import BorneTouch
import BorneUI
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The built `borne touch-calibrate` in tmux (a real pty, ncurses), its
/// touch device a FIFO fed with recorded-style contacts on each cross as it
/// appears; the panel is mounted turned (swap_xy) and mirrored (invert_x).
final class TouchCalibrateCommandTests: XCTestCase {
    var socket = ""
    var work: URL!

    override func setUpWithError() throws {
        continueAfterFailure = false
        socket = "borne-cal-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        work = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDown() {
        sh("tmux -L \(socket) kill-server 2>/dev/null")
        try? FileManager.default.removeItem(at: work)
    }

    /// system(): Foundation.Process hangs with tmux -d.
    @discardableResult
    func sh(_ cmd: String) -> Int32 { (system(cmd) >> 8) & 0xff }

    /// The pane's text, wrapped lines joined (-J).
    func capture() -> String {
        let out = work.appendingPathComponent("pane.txt").path
        sh("tmux -L \(socket) capture-pane -p -J -t cal > \(out) 2>/dev/null")
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }

    func waitFor(_ done: () -> Bool, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for _ in 0..<300 {
            if done() { return }
            usleep(50_000)
        }
        XCTFail("\(what) did not happen; screen:\n\(capture())", file: file, line: line)
    }

    func borneBinary() throws -> String {
        try BuiltBorne.path()
    }

    func testFourCornersThroughAFIFOWriteTheCalibration() throws {
        let borne = try borneBinary()
        XCTAssertEqual(sh("command -v tmux >/dev/null"), 0, "tmux is needed (make test-deps)")
        let fifo = work.appendingPathComponent("touch.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let original = try String(contentsOf: TouchConfigLoaderTests.repoRoot.appendingPathComponent("kiosk-config/vic-sur-cere.json"),
                                  encoding: .utf8)
        let brace = original.range(of: "}", options: .backwards)!
        let before = original[..<brace.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        let withTouch = before + ",\n  \"touch\": {\"device\": \"\(fifo)\", \"x_range\": [0, 4095], \"y_range\": [0, 4095]}\n}\n"
        let cfg = work.appendingPathComponent("kiosk.json")
        try withTouch.write(to: cfg, atomically: true, encoding: .utf8)

        let screen = Size(width: 100, height: 30)
        let truth = TouchMapping(ranges: AxisRanges(x: 0...4095, y: 0...4095), swapXY: true, invertX: true,
                                 margins: .init(left: 40, top: 90, right: 60, bottom: 20))
        // Standard output is the terminal (ncurses needs it); what it prints at the end stays in the pane.
        let err = work.appendingPathComponent("err.txt").path
        let rc = work.appendingPathComponent("rc.txt").path
        let cmd = "env TERM=xterm-256color LANG=C.UTF-8 \(borne) touch-calibrate --config \(cfg.path) --write 2>\(err); echo $? >\(rc); sleep 60"
        XCTAssertEqual(sh("tmux -L \(socket) new-session -d -s cal -x \(screen.width) -y \(screen.height) '\(cmd)'"), 0)

        var writer: Int32 = -1
        defer { if writer >= 0 { close(writer) } }
        for corner in TouchCalibration.Corner.allCases {
            waitFor({ capture().contains("— \(corner.rawValue + 1)/4") }, "the \(corner.label) cross")
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
        waitFor({ FileManager.default.fileExists(atPath: rc) && ((try? String(contentsOfFile: rc, encoding: .utf8)) ?? "").hasSuffix("\n") },
                "the command's exit")
        XCTAssertEqual(try String(contentsOfFile: rc, encoding: .utf8), "0\n", (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
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

    /// Starts the command on a config whose touch device is a FIFO; returns (fifo, config file, rc file, stderr file).
    func start(_ extra: String = "--write") throws -> (String, URL, String, String) {
        let borne = try borneBinary()
        let fifo = work.appendingPathComponent("touch.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let original = try String(contentsOf: TouchConfigLoaderTests.repoRoot.appendingPathComponent("kiosk-config/vic-sur-cere.json"),
                                  encoding: .utf8)
        let brace = original.range(of: "}", options: .backwards)!
        let text = original[..<brace.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
            + ",\n  \"touch\": {\"device\": \"\(fifo)\", \"x_range\": [0, 4095], \"y_range\": [0, 4095]}\n}\n"
        let cfg = work.appendingPathComponent("kiosk.json")
        try text.write(to: cfg, atomically: true, encoding: .utf8)
        let err = work.appendingPathComponent("err.txt").path, rc = work.appendingPathComponent("rc.txt").path
        let cmd = "env TERM=xterm-256color LANG=C.UTF-8 \(borne) touch-calibrate --config \(cfg.path) \(extra) 2>\(err); echo $? >\(rc); sleep 60"
        XCTAssertEqual(sh("tmux -L \(socket) new-session -d -s cal -x 100 -y 30 '\(cmd)'"), 0)
        return (fifo, cfg, rc, err)
    }

    func exitStatus(_ rc: String) -> String {
        waitFor({ ((try? String(contentsOfFile: rc, encoding: .utf8)) ?? "").hasSuffix("\n") }, "the command's exit")
        return (try? String(contentsOfFile: rc, encoding: .utf8)) ?? ""
    }

    func testQLeavesWithoutWriting() throws {
        let (_, cfg, rc, err) = try start()
        let before = try Data(contentsOf: cfg)
        waitFor({ capture().contains("— 1/4") }, "the first cross")
        sh("tmux -L \(socket) send-keys -t cal q")
        XCTAssertEqual(exitStatus(rc), "75\n")
        XCTAssertEqual(try String(contentsOfFile: err, encoding: .utf8), "borne touch-calibrate: left before the fourth corner; nothing written\n")
        XCTAssertEqual(try Data(contentsOf: cfg), before)
    }

    func testFourTouchesOnOnePlaceAreRefused() throws {
        let (fifo, cfg, rc, err) = try start()
        let before = try Data(contentsOf: cfg)
        waitFor({ capture().contains("— 1/4") }, "the first cross")
        let writer = open(fifo, O_WRONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(writer, 0)
        defer { close(writer) }
        for step in 1...4 {
            waitFor({ capture().contains("— \(step)/4") }, "cross \(step)")
            let bytes = EvdevDecoder.encode(frame((EvdevCode.evKey, EvdevCode.btnTouch, 1), (EvdevCode.evAbs, EvdevCode.absX, 2000),
                                                  (EvdevCode.evAbs, EvdevCode.absY, 2000))
                                            + frame((EvdevCode.evKey, EvdevCode.btnTouch, 0)))
            XCTAssertEqual(bytes.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }, bytes.count)
        }
        XCTAssertEqual(exitStatus(rc), "65\n")
        XCTAssertTrue(try String(contentsOfFile: err, encoding: .utf8).contains("touches gave the same position: touch each target"))
        XCTAssertEqual(try Data(contentsOf: cfg), before)
    }
}
