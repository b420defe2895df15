import BorneTestSupport
import Foundation
import XCTest

/// The built kiosk under tmux with `$NOTIFY_SOCKET` set, as systemd runs it
/// (`Type=notify`, `WatchdogSec=`): READY=1 once the first frame is drawn,
/// WATCHDOG=1 at half the interval, STOPPING=1 and exit 0 on SIGTERM.
final class KioskNotifyTests: XCTestCase {
    var tmuxName = ""
    var work: URL!

    override func setUpWithError() throws {
        guard sh("command -v tmux >/dev/null") == 0 else { throw MissingPrerequisite("tmux is not installed (make test installs it)") }
        tmuxName = "borne-notify-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        // Short: a unix socket path must fit in 108 bytes.
        work = URL(fileURLWithPath: "/tmp").appendingPathComponent(tmuxName)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDown() {
        _ = sh("tmux -L \(tmuxName) kill-server 2>/dev/null")
        try? FileManager.default.removeItem(at: work)
    }

    /// system(): Foundation.Process hangs with tmux -d.
    @discardableResult
    func sh(_ cmd: String) -> Int32 { (system(cmd) >> 8) & 0xff }

    func capture() -> String {
        let out = work.appendingPathComponent("pane.txt").path
        sh("tmux -L \(tmuxName) capture-pane -p -t kiosk > \(out) 2>/dev/null")
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }

    func borneBinary() throws -> String {
        try BuiltBorne.path()
    }

    /// A datagram socket bound at `path`, reads time out after 2 s.
    func listen(_ path: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let len = socklen_t(MemoryLayout<sa_family_t>.size + path.utf8.count + 1)
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        XCTAssertEqual(rc, 0, "bind \(path)")
        var tv = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// The next message, waiting up to `timeout` seconds.
    func next(_ fd: Int32, timeout: TimeInterval) -> String? {
        let end = Date().addingTimeInterval(timeout)
        var buf = [UInt8](repeating: 0, count: 4096)
        while Date() < end {
            let n = recv(fd, &buf, buf.count, 0)
            if n > 0 { return String(decoding: buf[0..<n], as: UTF8.self) }
        }
        return nil
    }

    /// The pid of the `borne kiosk` whose command line names `dataDir`.
    func kioskPID(dataDir: String) -> Int32? {
        let procs = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for p in procs {
            guard let pid = Int32(p),
                  let raw = FileManager.default.contents(atPath: "/proc/\(p)/cmdline") else { continue }
            let args = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if args.first?.hasSuffix("/borne") == true, args.contains("kiosk"), args.contains(dataDir) { return pid }
        }
        return nil
    }

    func testTheKioskSpeaksSystemdsNotifyProtocol() throws {
        let borne = try borneBinary()
        let sock = work.appendingPathComponent("notify").path
        let fd = listen(sock)
        defer { close(fd) }
        let script = work.appendingPathComponent("run.sh")
        let root = KioskEndToEndTests.repoRoot.path
        let exitFile = work.appendingPathComponent("exit").path
        // The shell stays the kiosk's parent (in the foreground, it has the
        // terminal) to write its exit status: tmux's own pane status lags.
        try """
            env TERM=xterm-256color LANG=C.UTF-8 NOTIFY_SOCKET=\(sock) WATCHDOG_USEC=1000000 \(borne) kiosk \
              --config \(root)/kiosk-config/vic-sur-cere.json --content \(root)/content --data-dir \(work.path)/data 2>\(work.path)/stderr.log
            echo $? > \(exitFile)
            """.write(to: script, atomically: true, encoding: .utf8)
        let s = tmuxName
        XCTAssertEqual(sh("tmux -L \(s) new-session -d -s kiosk -x 120 -y 36 'sh \(script.path)'"), 0)
        sh("tmux -L \(s) set-option -t kiosk remain-on-exit on")

        let ready = next(fd, timeout: 20)
        XCTAssertEqual(ready?.hasPrefix("READY=1\nSTATUS=showing content "), true, ready ?? "no READY")
        XCTAssertTrue(capture().contains("Où dormir ?"), "READY only once the first frame is drawn")
        let started = Date()
        XCTAssertEqual(next(fd, timeout: 3), "WATCHDOG=1")
        XCTAssertEqual(next(fd, timeout: 3), "WATCHDOG=1")
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.5, "pings every half of WATCHDOG_USEC (1 s)")

        let pid = try XCTUnwrap(kioskPID(dataDir: work.path + "/data"), "the kiosk's process")
        XCTAssertEqual(kill(pid, SIGTERM), 0)
        var message: String?
        repeat { message = next(fd, timeout: 5) } while message == "WATCHDOG=1"
        XCTAssertEqual(message, "STOPPING=1")
        let end = Date().addingTimeInterval(10)
        var status = ""
        while Date() < end {
            status = ((try? String(contentsOfFile: exitFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if !status.isEmpty { break }
            usleep(100_000)
        }
        XCTAssertEqual(status, "0", "SIGTERM exits 0")
        let log = (try? String(contentsOfFile: work.appendingPathComponent("stderr.log").path, encoding: .utf8)) ?? ""
        XCTAssertTrue(log.contains("<6>borne kiosk: stopped (SIGTERM)"), log)
    }
}
