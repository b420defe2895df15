import BorneTestSupport
import Foundation
import XCTest

/// The built kiosk in tmux against what a real kiosk meets: no content yet
/// (first boot), a huge paste on its terminal, stray signals.
final class KioskRobustnessTests: XCTestCase {
    var server = ""
    var work: URL!

    override func setUpWithError() throws {
        guard sh("command -v tmux >/dev/null") == 0 else { throw MissingPrerequisite("tmux is not installed (make test installs it)") }
        server = "borne-rob-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        work = URL(fileURLWithPath: "/tmp").appendingPathComponent(server)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDown() {
        _ = sh("tmux -L \(server) kill-server 2>/dev/null")
        try? FileManager.default.removeItem(at: work)
    }

    /// system(): Foundation.Process hangs with tmux -d.
    @discardableResult
    func sh(_ cmd: String) -> Int32 { (system(cmd) >> 8) & 0xff }

    func capture() -> String {
        let out = work.appendingPathComponent("pane.txt").path
        sh("tmux -L \(server) capture-pane -p -t kiosk > \(out) 2>/dev/null")
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }

    func waitFor(_ text: String, timeout: TimeInterval = 20, file: StaticString = #filePath, line: UInt = #line) -> String {
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

    func tap(_ text: String, in screen: String, file: StaticString = #filePath, line: UInt = #line) {
        for (row, l) in screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let r = l.range(of: text) else { continue }
            let col = l[l.startIndex..<r.lowerBound].count + 2
            let seq = "\u{1B}[<0;\(col);\(row + 1)M\u{1B}[<0;\(col);\(row + 1)m"
            let f = work.appendingPathComponent("tap.txt")
            try? seq.write(to: f, atomically: true, encoding: .utf8)
            sh("tmux -L \(server) send-keys -t kiosk -l \"$(cat \(f.path))\"")
            return
        }
        XCTFail("'\(text)' not found to tap; screen:\n\(screen)", file: file, line: line)
    }

    func borneBinary() throws -> String {
        // Another build to compare with (e.g. an older commit's, to see these tests fail on it).
        if let other = ProcessInfo.processInfo.environment["BORNE_KIOSK_BIN"] { return other }
        return try BuiltBorne.path()
    }

    /// Starts the kiosk in tmux. Its shell stays its parent to write the
    /// exit status to status.txt (tmux's pane status lags).
    func start(content: String, config: String? = nil, extraEnv: String = "") throws {
        let borne = try borneBinary()
        let cfg = config ?? KioskEndToEndTests.repoRoot.appendingPathComponent("kiosk-config/vic-sur-cere.json").path
        let script = work.appendingPathComponent("run.sh")
        try """
            env TERM=xterm-256color LANG=C.UTF-8 \(extraEnv) \(borne) kiosk --config \(cfg) \
              --content \(content) --data-dir \(work.path)/data 2>\(work.path)/stderr.log
            echo $? > \(work.path)/status.txt
            """.write(to: script, atomically: true, encoding: .utf8)
        XCTAssertEqual(sh("tmux -L \(server) new-session -d -s kiosk -x 120 -y 36 'sh \(script.path)'"), 0)
        sh("tmux -L \(server) set-option -t kiosk remain-on-exit on")
    }

    /// The pid of this test's `borne kiosk` (its command line names the data directory).
    func kioskPid() -> Int32? {
        let dataDir = work.path + "/data"
        for p in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(p), let raw = FileManager.default.contents(atPath: "/proc/\(p)/cmdline") else { continue }
            let args = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if args.first?.hasSuffix("/borne") == true, args.contains("kiosk"), args.contains(dataDir) { return pid }
        }
        return nil
    }

    var exitStatus: String? {
        (try? String(contentsOfFile: work.appendingPathComponent("status.txt").path, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A datagram socket bound at `path` (systemd's notify socket stand-in).
    func listen(_ path: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let len = socklen_t(MemoryLayout<sa_family_t>.size + path.utf8.count + 1)
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        XCTAssertEqual(rc, 0, "bind \(path)")
        var tv = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// The next datagram, waiting up to `timeout` seconds.
    func next(_ fd: Int32, timeout: TimeInterval) -> String? {
        let end = Date().addingTimeInterval(timeout)
        var buf = [UInt8](repeating: 0, count: 4096)
        while Date() < end {
            let n = recv(fd, &buf, buf.count, 0)
            if n > 0 { return String(decoding: buf[0..<n], as: UTF8.self) }
        }
        return nil
    }

    func copyContent(to dir: URL) throws {
        try FileManager.default.copyItem(at: KioskEndToEndTests.repoRoot.appendingPathComponent("content"), to: dir)
    }

    /// First boot: no content directory at all. The kiosk shows the waiting
    /// screen (it used to exit 66 and be restarted every 2 s), then the home
    /// screen once content is installed, as `borne sync` does (a `current`
    /// symlink to a version directory).
    func testNoContentShowsTheWaitingScreenThenHomeWhenContentArrives() throws {
        let root = work.appendingPathComponent("content")
        // Under systemd (Type=notify): READY=1 with the waiting screen, then watchdog pings.
        let sock = work.appendingPathComponent("notify").path
        let fd = listen(sock)
        defer { close(fd) }
        try start(content: root.appendingPathComponent("current").path,
                  extraEnv: "NOTIFY_SOCKET=\(sock) WATCHDOG_USEC=1000000")
        XCTAssertEqual(next(fd, timeout: 20), "READY=1\nSTATUS=waiting for content")
        XCTAssertEqual(next(fd, timeout: 3), "WATCHDOG=1")
        XCTAssertEqual(next(fd, timeout: 3), "WATCHDOG=1")
        var screen = waitFor("Contenu en cours d'installation")
        XCTAssertTrue(screen.contains("Vic"), "the kiosk's name:\n\(screen)")
        XCTAssertNil(exitStatus, "the kiosk exited: \(exitStatus ?? "")")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try copyContent(to: root.appendingPathComponent("v1"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("current"),
                                                   withDestinationURL: root.appendingPathComponent("v1"))
        screen = waitFor("Touchez une rubrique", timeout: 30)
        tap("Où dormir ?", in: screen)
        screen = waitFor("Retour")
        XCTAssertNil(exitStatus)
    }

    /// An empty content directory is no content either.
    func testAnEmptyContentDirectoryWaitsToo() throws {
        let dir = work.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try start(content: dir.path)
        _ = waitFor("Contenu en cours d'installation")
        try FileManager.default.removeItem(at: dir)
        try copyContent(to: dir)
        _ = waitFor("Touchez une rubrique", timeout: 30)
    }

    /// Content that is there but broken still stops the kiosk with a message.
    func testBrokenContentStillExitsWithAMessage() throws {
        let dir = work.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: dir.appendingPathComponent("bundle.json"))
        try start(content: dir.path)
        let end = Date().addingTimeInterval(20)
        while exitStatus == nil, Date() < end { usleep(100_000) }
        XCTAssertEqual(exitStatus, "65")
        let log = (try? String(contentsOfFile: work.appendingPathComponent("stderr.log").path, encoding: .utf8)) ?? ""
        XCTAssertTrue(log.contains("bundle.json"), log)
    }

    /// 1 MB pasted on the kiosk's terminal, then a tap: the tap is answered.
    /// The old loop drew a frame per byte (about 8 ms each): this paste kept
    /// it busy for more than two hours, far past the deadline.
    func testATapAfterAHugePasteIsAnswered() throws {
        try start(content: KioskEndToEndTests.repoRoot.appendingPathComponent("content").path)
        let screen = waitFor("Touchez une rubrique")
        var text = ""
        while text.utf8.count < 1_000_000 { text += "Lorem ipsum dolor sit amet, été à Vic-sur-Cère \u{1B}[1;5C ^C\n" }
        let paste = work.appendingPathComponent("paste.txt")
        try text.write(to: paste, atomically: true, encoding: .utf8)
        XCTAssertEqual(sh("tmux -L \(server) load-buffer -b flood \(paste.path) && tmux -L \(server) paste-buffer -d -b flood -t kiosk"), 0)
        tap("Où dormir ?", in: screen)
        _ = waitFor("Retour", timeout: 60)
        XCTAssertNil(exitStatus)
    }

    /// Stray signals do not stop the kiosk (SIGUSR1 used to kill it, exit
    /// 138): it stays and still answers a tap; SIGTERM still stops it (0).
    func testStraySignalsDoNotStopTheKiosk() throws {
        try start(content: KioskEndToEndTests.repoRoot.appendingPathComponent("content").path)
        let screen = waitFor("Touchez une rubrique")
        let pid = try XCTUnwrap(kioskPid(), "kiosk pid")
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
        tap("Où dormir ?", in: screen)
        _ = waitFor("Retour")
        XCTAssertEqual(kill(pid, SIGTERM), 0)
        let end = Date().addingTimeInterval(10)
        while exitStatus == nil, Date() < end { usleep(100_000) }
        XCTAssertEqual(exitStatus, "0")
    }

    /// The loop reads the terminal itself, so resizes come from the kiosk's
    /// own SIGWINCH flag: a narrower window is laid out again (the language
    /// buttons at the right edge come back into view).
    func testAResizeIsLaidOutAgain() throws {
        try start(content: KioskEndToEndTests.repoRoot.appendingPathComponent("content").path)
        var screen = waitFor("Touchez une rubrique")
        XCTAssertTrue(screen.contains("Español"), screen)
        sh("tmux -L \(server) resize-window -t kiosk -x 90 -y 30")
        screen = waitFor("Español")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertLessThanOrEqual(lines.count, 31, screen)
        XCTAssertTrue(screen.contains("Où dormir ?"), screen)
        XCTAssertNil(exitStatus)
    }
}
