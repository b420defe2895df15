import BorneTestSupport
import Foundation
import XCTest

/// The built kiosk in tmux against what a real kiosk meets: no content yet
/// (first boot), a huge paste on its terminal, stray signals.
final class KioskRobustnessTests: XCTestCase {
    var term: Tmux!
    var work: URL { term.work }
    static let content = BuiltBorne.repoRoot.appendingPathComponent("content")

    override func setUpWithError() throws { term = try Tmux("rob") }
    override func tearDown() { term?.close() }

    /// Starts the kiosk in tmux, its exit status kept (`term.exitStatus`).
    /// `BORNE_KIOSK_BIN=PATH` runs another build (e.g. an older commit's, to see these tests fail on it).
    func start(content: String, extraEnv: String = "") throws {
        var cmd = try term.kioskCommand(config: BuiltBorne.repoRoot.appendingPathComponent("kiosk-config/vic-sur-cere.json").path,
                                        content: content, env: extraEnv)
        if let other = ProcessInfo.processInfo.environment["BORNE_KIOSK_BIN"] {
            cmd = cmd.replacingOccurrences(of: try BuiltBorne.path() + " kiosk ", with: other + " kiosk ")
        }
        try term.startKeepingStatus(cmd)
    }

    var exitStatus: String? { term.exitStatus }

    func copyContent(to dir: URL) throws {
        try FileManager.default.copyItem(at: Self.content, to: dir)
    }

    /// First boot: no content directory at all. The kiosk shows the waiting
    /// screen (it used to exit 66 and be restarted every 2 s), then the home
    /// screen once content is installed, as `borne sync` does (a `current`
    /// symlink to a version directory).
    func testNoContentShowsTheWaitingScreenThenHomeWhenContentArrives() throws {
        let root = work.appendingPathComponent("content")
        // Under systemd (Type=notify): READY=1 with the waiting screen, then watchdog pings.
        let sock = work.appendingPathComponent("notify").path
        let notify = try NotifySocket(path: sock)
        try start(content: root.appendingPathComponent("current").path,
                  extraEnv: "NOTIFY_SOCKET=\(sock) WATCHDOG_USEC=1000000")
        XCTAssertEqual(notify.next(timeout: 20), "READY=1\nSTATUS=waiting for content")
        XCTAssertEqual(notify.next(timeout: 3), "WATCHDOG=1")
        XCTAssertEqual(notify.next(timeout: 3), "WATCHDOG=1")
        var screen = try term.waitFor("Contenu en cours d'installation")
        XCTAssertTrue(screen.contains("Vic"), "the kiosk's name:\n\(screen)")
        XCTAssertNil(exitStatus, "the kiosk exited: \(exitStatus ?? "")")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try copyContent(to: root.appendingPathComponent("v1"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("current"),
                                                   withDestinationURL: root.appendingPathComponent("v1"))
        screen = try term.waitFor("Touchez une rubrique", timeout: 30)
        try term.tap("Où dormir ?", in: screen)
        screen = try term.waitFor("Retour")
        XCTAssertNil(exitStatus)
    }

    /// An empty content directory is no content either.
    func testAnEmptyContentDirectoryWaitsToo() throws {
        let dir = work.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try start(content: dir.path)
        _ = try term.waitFor("Contenu en cours d'installation")
        try FileManager.default.removeItem(at: dir)
        try copyContent(to: dir)
        _ = try term.waitFor("Touchez une rubrique", timeout: 30)
    }

    /// Content that is there but broken still stops the kiosk with a message.
    func testBrokenContentStillExitsWithAMessage() throws {
        let dir = work.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: dir.appendingPathComponent("bundle.json"))
        try start(content: dir.path)
        XCTAssertEqual(try term.waitForExit(), "65")
        let log = term.read("stderr.log")
        XCTAssertTrue(log.contains("bundle.json"), log)
    }

    /// 1 MB pasted on the kiosk's terminal, then a tap: the tap is answered.
    /// The old loop drew a frame per byte (about 8 ms each): this paste kept
    /// it busy for more than two hours, far past the deadline.
    func testATapAfterAHugePasteIsAnswered() throws {
        try start(content: Self.content.path)
        let screen = try term.waitFor("Touchez une rubrique")
        var text = ""
        while text.utf8.count < 1_000_000 { text += "Lorem ipsum dolor sit amet, été à Vic-sur-Cère \u{1B}[1;5C ^C\n" }
        let paste = work.appendingPathComponent("paste.txt")
        try text.write(to: paste, atomically: true, encoding: .utf8)
        XCTAssertEqual(term.tmux("load-buffer -b flood \(paste.path)") + term.tmux("paste-buffer -d -b flood -t kiosk"), 0)
        try term.tap("Où dormir ?", in: screen)
        _ = try term.waitFor("Retour", timeout: 60)
        XCTAssertNil(exitStatus)
    }

    /// Stray signals do not stop the kiosk (SIGUSR1 used to kill it, exit
    /// 138): it stays and still answers a tap; SIGTERM still stops it (0).
    func testStraySignalsDoNotStopTheKiosk() throws {
        try start(content: Self.content.path)
        let screen = try term.waitFor("Touchez une rubrique")
        let pid = try XCTUnwrap(Tmux.bornePID("kiosk", argument: term.dataDir), "kiosk pid")
        let signals: [(String, Int32)] = [
            ("USR1", SIGUSR1), ("USR2", SIGUSR2), ("ALRM", SIGALRM), ("PIPE", SIGPIPE), ("INT", SIGINT),
            ("QUIT", SIGQUIT), ("VTALRM", SIGVTALRM), ("PROF", SIGPROF), ("IO", SIGIO), ("PWR", SIGPWR),
            ("XCPU", SIGXCPU), ("XFSZ", SIGXFSZ), ("TSTP", SIGTSTP), ("TTIN", SIGTTIN), ("TTOU", SIGTTOU),
            ("STKFLT", 16), ("RTMIN", 34), ("RTMIN+3", 37), ("RTMAX", 64),
        ]
        for (name, sig) in signals {
            XCTAssertEqual(kill(pid, sig), 0, "kill -\(name)")
            usleep(50_000)
            XCTAssertNil(exitStatus, "SIG\(name) stopped the kiosk (status \(exitStatus ?? ""))")
        }
        XCTAssertEqual(kill(pid, 0), 0, "the kiosk is gone")
        try term.tap("Où dormir ?", in: screen)
        _ = try term.waitFor("Retour")
        XCTAssertEqual(kill(pid, SIGTERM), 0)
        XCTAssertEqual(try term.waitForExit(timeout: 10), "0")
    }

    /// The loop reads the terminal itself, so resizes come from the kiosk's
    /// own SIGWINCH flag: a narrower window is laid out again (the language
    /// buttons at the right edge come back into view).
    func testAResizeIsLaidOutAgain() throws {
        try start(content: Self.content.path)
        var screen = try term.waitFor("Touchez une rubrique")
        XCTAssertTrue(screen.contains("Español"), screen)
        term.tmux("resize-window -t kiosk -x 90 -y 30")
        screen = try term.waitFor("Español")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertLessThanOrEqual(lines.count, 31, screen)
        XCTAssertTrue(screen.contains("Où dormir ?"), screen)
        XCTAssertNil(exitStatus)
    }
}
