import BorneTestSupport
import BorneCore
import BorneTouch
import BorneUI
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The built `borne kiosk` in tmux with its touch device a FIFO (ranges from
/// the config's `touch` object): a tap written into the FIFO as evdev records
/// on "Où dormir ?" opens the section. No mouse report reaches the terminal.
final class KioskFifoEndToEndTests: XCTestCase {
    var socket = ""
    var work: URL!

    override func setUpWithError() throws {
        continueAfterFailure = false
        socket = "borne-touch-e2e-\(getpid())-\(Int.random(in: 0..<1_000_000))"
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

    func capture() -> String {
        let out = work.appendingPathComponent("pane.txt").path
        sh("tmux -L \(socket) capture-pane -p -t kiosk > \(out) 2>/dev/null")
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }

    func waitFor(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        var screen = ""
        for _ in 0..<300 {
            screen = capture()
            if screen.contains(text) { return screen }
            usleep(50_000)
        }
        XCTFail("'\(text)' not on screen; screen:\n\(screen)\nstderr:\n\(stderrLog())", file: file, line: line)
        return screen
    }

    func stderrLog() -> String {
        (try? String(contentsOf: work.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? ""
    }

    /// 0-based (column, row) of the first cell of `text` on the captured screen.
    func cell(of text: String, in screen: String) -> (Int, Int)? {
        for (row, line) in screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let r = line.range(of: text) else { continue }
            return (line[line.startIndex..<r.lowerBound].count, row)
        }
        return nil
    }

    func borneBinary() throws -> String {
        try BuiltBorne.path()
    }

    func testATapWrittenIntoTheTouchFIFOOpensASection() throws {
        let borne = try borneBinary()
        XCTAssertEqual(sh("command -v tmux >/dev/null"), 0, "tmux is needed (make test-deps)")
        let fifo = work.appendingPathComponent("touch.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let root = TouchConfigLoaderTests.repoRoot
        var cfg = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("kiosk-config/vic-sur-cere.json"))) as! [String: Any]
        // The panel is mounted upside down: the calibration must be applied.
        cfg["touch"] = ["x_range": [0, 4095], "y_range": [0, 4095], "invert_x": true, "invert_y": true] as [String: Any]
        let cfgFile = work.appendingPathComponent("kiosk.json")
        try JSONSerialization.data(withJSONObject: cfg).write(to: cfgFile)
        let size = Size(width: 120, height: 36)
        let cmd = "env TERM=xterm-256color LANG=C.UTF-8 \(borne) kiosk --config \(cfgFile.path) --content \(root.appendingPathComponent("content").path) --data-dir \(work.path)/data --touch-device \(fifo) 2>\(work.path)/stderr.log"
        XCTAssertEqual(sh("tmux -L \(socket) new-session -d -s kiosk -x \(size.width) -y \(size.height) '\(cmd)'"), 0)

        let screen = waitFor("Où dormir ?")
        let (col, row) = try XCTUnwrap(cell(of: "Où dormir ?", in: screen))
        // The middle of the label's third cell, in device units, mirrored on both axes.
        let x = Int32(4095 - (Double(col + 2) + 0.5) / Double(size.width) * 4095)
        let y = Int32(4095 - (Double(row) + 0.5) / Double(size.height) * 4095)
        let events = frame((EvdevCode.evKey, EvdevCode.btnTouch, 1), (EvdevCode.evAbs, EvdevCode.absX, x), (EvdevCode.evAbs, EvdevCode.absY, y))
            + frame((EvdevCode.evKey, EvdevCode.btnTouch, 0))
        let writer = open(fifo, O_WRONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(writer, 0, "the kiosk has the FIFO open: \(stderrLog())")
        defer { close(writer) }
        let bytes = EvdevDecoder.encode(events)
        XCTAssertEqual(bytes.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }, bytes.count)

        let opened = waitFor("Retour")
        XCTAssertTrue(opened.contains("Où dormir ?"), "the list's title")
        XCTAssertTrue(stderrLog().contains("touch: reading \(fifo) (FIFO), x 0…4095, y 0…4095"), stderrLog())
    }
}
