import BorneTestSupport
import BorneCore
import BorneTouch
import BorneUI
import Foundation
import XCTest

/// The built `borne kiosk` in tmux with its touch device a FIFO (ranges from
/// the config's `touch` object): a tap written into the FIFO as evdev records
/// on "Où dormir ?" opens the section. No mouse report reaches the terminal.
final class KioskFifoEndToEndTests: XCTestCase {
    var term: Tmux!
    var work: URL { term.work }

    override func setUpWithError() throws {
        continueAfterFailure = false
        term = try Tmux("touch-e2e")
    }

    override func tearDown() { term?.close() }

    func stderrLog() -> String { term.read("stderr.log") }

    func testATapWrittenIntoTheTouchFIFOOpensASection() throws {
        let fifo = work.appendingPathComponent("touch.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let root = TouchConfigLoaderTests.repoRoot
        var cfg = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("kiosk-config/vic-sur-cere.json"))) as! [String: Any]
        // The panel is mounted upside down: the calibration must be applied.
        cfg["touch"] = ["x_range": [0, 4095], "y_range": [0, 4095], "invert_x": true, "invert_y": true] as [String: Any]
        let cfgFile = work.appendingPathComponent("kiosk.json")
        try JSONSerialization.data(withJSONObject: cfg).write(to: cfgFile)
        let size = Size(width: 120, height: 36)
        try term.start(try term.kioskCommand(config: cfgFile.path, content: root.appendingPathComponent("content").path,
                                             arguments: "--touch-device \(fifo)"), width: size.width, height: size.height)

        let screen = try term.waitFor("Où dormir ?")
        let (col, row) = try XCTUnwrap(Tmux.cell(of: "Où dormir ?", in: screen))
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

        let opened = try term.waitFor("Retour")
        XCTAssertTrue(opened.contains("Où dormir ?"), "the list's title")
        XCTAssertTrue(stderrLog().contains("touch: reading \(fifo) (FIFO), x 0…4095, y 0…4095"), stderrLog())
    }
}
