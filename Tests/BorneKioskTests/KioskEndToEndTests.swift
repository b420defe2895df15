import BorneTestSupport
import Foundation
import XCTest

/// The built `borne kiosk` in a real terminal (tmux, TERM=xterm-256color),
/// driven by SGR mouse taps at the screen positions a visitor would touch.
final class KioskEndToEndTests: XCTestCase {
    static let repoRoot: URL = {
        var u = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { u.deleteLastPathComponent() }
        return u
    }()

    var socket = ""
    var work: URL!

    override func setUpWithError() throws {
        guard sh("command -v tmux >/dev/null") == 0 else {
            throw MissingPrerequisite("tmux is not installed (make test installs it)")
        }
        socket = "borne-e2e-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        work = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDown() {
        _ = sh("tmux -L \(socket) kill-server 2>/dev/null")
        try? FileManager.default.removeItem(at: work)
    }

    /// Runs a shell command with system(): Foundation.Process hangs with tmux -d.
    @discardableResult
    func sh(_ cmd: String) -> Int32 {
        let status = system(cmd)
        return (status >> 8) & 0xff
    }

    func capture() -> String {
        let out = work.appendingPathComponent("pane.txt").path
        sh("tmux -L \(socket) capture-pane -p -t kiosk > \(out) 2>/dev/null")
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }

    func waitFor(_ text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) -> String {
        let end = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < end {
            screen = capture()
            if screen.contains(text) { return screen }
            usleep(100_000)
        }
        XCTFail("'\(text)' not on screen after \(timeout) s; screen:\n\(screen)", file: file, line: line)
        return screen
    }

    /// 1-based (column, row) of the first cell of `text` on the captured screen.
    func position(of text: String, in screen: String) -> (Int, Int)? {
        for (row, line) in screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let r = line.range(of: text) else { continue }
            let prefix = line[line.startIndex..<r.lowerBound]
            // All characters on these screens are one cell wide.
            return (prefix.count + 1, row + 1)
        }
        return nil
    }

    func tap(_ col: Int, _ row: Int) {
        let seq = "\u{1B}[<0;\(col);\(row)M\u{1B}[<0;\(col);\(row)m"
        let f = work.appendingPathComponent("tap.txt")
        try? seq.write(to: f, atomically: true, encoding: .utf8)
        sh("tmux -L \(socket) send-keys -t kiosk -l \"$(cat \(f.path))\"")
    }

    func tap(_ text: String, in screen: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let (c, r) = position(of: text, in: screen) else {
            XCTFail("'\(text)' not found to tap; screen:\n\(screen)", file: file, line: line); return
        }
        tap(c + 1, r)
    }

    /// A process that exited but was not reaped yet (tmux is gone) still answers kill(0).
    func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true
    }

    func borneBinary() throws -> String {
        try BuiltBorne.path()
    }

    func testTapThroughSectionItemBackAndIdleReset() throws {
        let borne = try borneBinary()
        // The Vic sur Cère config with a short idle time, so the test waits 10 s, not 60.
        let cfgURL = Self.repoRoot.appendingPathComponent("kiosk-config/vic-sur-cere.json")
        var cfg = try JSONSerialization.jsonObject(with: Data(contentsOf: cfgURL)) as! [String: Any]
        cfg["idle_seconds"] = 10
        cfg["attract_seconds"] = 600
        let cfgFile = work.appendingPathComponent("kiosk.json")
        try JSONSerialization.data(withJSONObject: cfg).write(to: cfgFile)
        let content = Self.repoRoot.appendingPathComponent("content").path
        let log = work.appendingPathComponent("stderr.log").path
        let cmd = "env TERM=xterm-256color LANG=C.UTF-8 \(borne) kiosk --config \(cfgFile.path) --content \(content) --data-dir \(work.path)/data 2>\(log)"
        XCTAssertEqual(sh("tmux -L \(socket) new-session -d -s kiosk -x 120 -y 36 '\(cmd)'"), 0)

        var screen = waitFor("Où dormir ?")
        let pidFile = work.appendingPathComponent("pid.txt").path
        sh("tmux -L \(socket) display-message -p -t kiosk '#{pane_pid}' > \(pidFile)")
        let pid = Int32((try? String(contentsOfFile: pidFile, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        XCTAssertGreaterThan(pid, 0, "pane pid")
        XCTAssertTrue(screen.contains("Office de Tourisme"))
        tap("Où dormir ?", in: screen)
        screen = waitFor("Retour")
        XCTAssertTrue(screen.contains("Où dormir ?"), "the list's title")

        // Ctrl-C, Ctrl-Z, Ctrl-\ must not stop a kiosk.
        sh("tmux -L \(socket) send-keys -t kiosk C-c C-z 'C-\\'")
        usleep(300_000)
        screen = waitFor("Retour")

        // Open the first item: its name is on the first row under the bar.
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let row = lines.indices.first(where: { $0 >= 4 && !lines[$0].trimmingCharacters(in: .whitespaces).isEmpty
                                                     && !lines[$0].contains("Tout") && !lines[$0].contains("─") }) else {
            return XCTFail("no item row:\n\(screen)")
        }
        let name = lines[row].trimmingCharacters(in: .whitespaces).components(separatedBy: "  ").first!
        tap(3, row + 1)
        screen = waitFor(String(name.prefix(12)))
        screen = waitFor("Adresse")
        XCTAssertTrue(screen.contains(String(name.prefix(12))), "detail of '\(name)':\n\(screen)")

        tap("Retour", in: screen)
        // Wait for the row itself: the screen may be captured while it is being drawn.
        screen = waitFor(String(name.prefix(12)))
        XCTAssertTrue(screen.contains("Tout"), "back on the list:\n\(screen)")

        // Idle: back home after 10 s without a touch.
        screen = waitFor("Touchez une rubrique", timeout: 20)
        XCTAssertFalse(screen.contains("Retour"))

        // The kiosk survives until its terminal goes away, then exits (no spinning).
        sh("tmux -L \(socket) kill-server")
        let end = Date().addingTimeInterval(5)
        var alive = true
        while Date() < end {
            alive = kill(pid, 0) == 0 && !isZombie(pid)
            if !alive { break }
            usleep(100_000)
        }
        XCTAssertFalse(alive, "borne kiosk still running after its terminal was lost")
        let errors = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        XCTAssertFalse(errors.contains("Fatal error"), errors)
    }
}
