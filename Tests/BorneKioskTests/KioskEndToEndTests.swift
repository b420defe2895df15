import BorneTestSupport
import Foundation
import XCTest

/// The built `borne kiosk` in a real terminal (tmux, TERM=xterm-256color),
/// driven by SGR mouse taps at the screen positions a visitor would touch.
final class KioskEndToEndTests: XCTestCase {
    var term: Tmux!

    override func setUpWithError() throws { term = try Tmux("e2e") }
    override func tearDown() { term?.close() }

    func testTapThroughSectionItemBackAndIdleReset() throws {
        let work = term.work
        // The Vic sur Cère config with a short idle time, so the test waits 10 s, not 60.
        let cfgURL = BuiltBorne.repoRoot.appendingPathComponent("kiosk-config/vic-sur-cere.json")
        var cfg = try JSONSerialization.jsonObject(with: Data(contentsOf: cfgURL)) as! [String: Any]
        cfg["idle_seconds"] = 10
        cfg["attract_seconds"] = 600
        let cfgFile = work.appendingPathComponent("kiosk.json")
        try JSONSerialization.data(withJSONObject: cfg).write(to: cfgFile)
        let content = BuiltBorne.repoRoot.appendingPathComponent("content").path
        try term.start(try term.kioskCommand(config: cfgFile.path, content: content), width: 120, height: 36)

        var screen = try term.waitFor("Où dormir ?")
        let pid = try XCTUnwrap(term.panePID(), "pane pid")
        XCTAssertTrue(screen.contains("Office de Tourisme"))
        try term.tap("Où dormir ?", in: screen)
        screen = try term.waitFor("Retour")
        XCTAssertTrue(screen.contains("Où dormir ?"), "the list's title")

        // Ctrl-C, Ctrl-Z, Ctrl-\ must not stop a kiosk.
        term.sendKeys("C-c C-z 'C-\\'")
        usleep(300_000)
        screen = try term.waitFor("Retour")

        // Open the first item: its name is on the first row under the bar.
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let row = lines.indices.first(where: { $0 >= 4 && !lines[$0].trimmingCharacters(in: .whitespaces).isEmpty
                                                     && !lines[$0].contains("Tout") && !lines[$0].contains("─") }) else {
            return XCTFail("no item row:\n\(screen)")
        }
        let name = lines[row].trimmingCharacters(in: .whitespaces).components(separatedBy: "  ").first!
        term.tap(column: 2, row: row)
        screen = try term.waitFor(String(name.prefix(12)))
        screen = try term.waitFor("Adresse")
        XCTAssertTrue(screen.contains(String(name.prefix(12))), "detail of '\(name)':\n\(screen)")

        try term.tap("Retour", in: screen)
        // Wait for the row itself: the screen may be captured while it is being drawn.
        screen = try term.waitFor(String(name.prefix(12)))
        XCTAssertTrue(screen.contains("Tout"), "back on the list:\n\(screen)")

        // Idle: back home after 10 s without a touch.
        screen = try term.waitFor("Touchez une rubrique", timeout: 20)
        XCTAssertFalse(screen.contains("Retour"))

        // The kiosk survives until its terminal goes away, then exits (no spinning).
        term.killServer()
        let end = Date().addingTimeInterval(5)
        var alive = true
        while Date() < end {
            alive = !Tmux.isGone(pid)
            if !alive { break }
            usleep(100_000)
        }
        XCTAssertFalse(alive, "borne kiosk still running after its terminal was lost")
        let errors = term.read("stderr.log")
        XCTAssertFalse(errors.contains("Fatal error"), errors)
    }
}
