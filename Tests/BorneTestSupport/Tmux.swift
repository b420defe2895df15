import Foundation

/// A real terminal for the end-to-end tests: one tmux server of its own
/// (`-L` socket), one session, a scratch folder `/tmp/<socket>` (short: unix
/// socket paths must fit in 108 bytes). Commands go through `system()`:
/// Foundation.Process hangs with `tmux -d`. Taps are SGR mouse reports, as
/// a touch panel driven by the terminal sends them. `close()` (or release)
/// kills the server and removes the folder.
public final class Tmux {
    public let socket: String
    public let session: String
    /// The test's scratch folder (logs, data directories, scripts).
    public let work: URL

    /// What a wait did not see, with the screen it saw instead.
    public struct Timeout: Error, CustomStringConvertible {
        public let description: String
    }

    /// - Parameter name: a short word for the socket and folder names (`e2e`, `notify`...).
    public init(_ name: String, session: String = "kiosk") throws {
        guard Self.sh("command -v tmux >/dev/null") == 0 else {
            throw MissingPrerequisite("tmux is not installed: make test-deps installs it")
        }
        socket = "borne-\(name)-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        self.session = session
        work = URL(fileURLWithPath: "/tmp").appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    deinit { close() }

    /// Kills the tmux server (and so the programs in it), removes the folder.
    public func close() {
        killServer()
        try? FileManager.default.removeItem(at: work)
    }

    /// Kills the tmux server: the program in the pane loses its terminal.
    public func killServer() {
        tmux("kill-server 2>/dev/null")
    }

    /// Runs `cmd` with `/bin/sh -c` through system(); its exit status.
    @discardableResult
    public static func sh(_ cmd: String) -> Int32 { (system(cmd) >> 8) & 0xff }

    /// `tmux -L SOCKET ARGS` (ARGS as the shell reads them).
    @discardableResult
    public func tmux(_ args: String) -> Int32 { Self.sh("tmux -L \(socket) \(args)") }

    /// Starts `command` (a shell command line, no single quotes) in a
    /// detached session of `width`×`height` cells.
    public func start(_ command: String, width: Int, height: Int) throws {
        let rc = tmux("new-session -d -s \(session) -x \(width) -y \(height) '\(command)'")
        guard rc == 0 else { throw Timeout(description: "tmux new-session exited \(rc) for: \(command)") }
    }

    /// Starts `command` from a script whose shell stays its parent and
    /// writes its exit status to `status.txt` (tmux's own pane status lags);
    /// the pane stays when the command ends. See `exitStatus`.
    public func startKeepingStatus(_ command: String, width: Int = 120, height: Int = 36) throws {
        let script = work.appendingPathComponent("run.sh")
        try "\(command)\necho $? > \(work.path)/status.txt\n".write(to: script, atomically: true, encoding: .utf8)
        try start("sh \(script.path)", width: width, height: height)
        tmux("set-option -t \(session) remain-on-exit on")
    }

    /// The data directory the kiosk commands use (`work/data`).
    public var dataDir: String { work.path + "/data" }

    /// The command line of the built `borne kiosk` in this terminal:
    /// TERM=xterm-256color, UTF-8, data in `dataDir`, standard error to
    /// `stderr.log`; `env` (`NAME=value ...`) and `arguments` added.
    public func kioskCommand(config: String, content: String, env: String = "", arguments: String = "") throws -> String {
        let borne = try BuiltBorne.path()
        return "env TERM=xterm-256color LANG=C.UTF-8 \(env) \(borne) kiosk --config \(config) --content \(content) "
            + "--data-dir \(dataDir) \(arguments) 2>\(work.path)/stderr.log"
    }

    /// The exit status written by a `startKeepingStatus` command, nil while it runs.
    public var exitStatus: String? {
        let text = (try? String(contentsOfFile: work.appendingPathComponent("status.txt").path, encoding: .utf8)) ?? ""
        return text.hasSuffix("\n") ? text.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    /// Waits for the `startKeepingStatus` command to end; its exit status.
    public func waitForExit(timeout: TimeInterval = 20) throws -> String {
        try waitUntil("the command's exit", timeout: timeout) { exitStatus != nil }
        return exitStatus ?? ""
    }

    /// The text of a file in the scratch folder ("" when absent).
    public func read(_ name: String) -> String {
        (try? String(contentsOf: work.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    /// The pane's text; `joinWrapped` joins lines tmux wrapped (`-J`).
    public func capture(joinWrapped: Bool = false) -> String {
        let out = work.appendingPathComponent("pane.txt").path
        tmux("capture-pane -p \(joinWrapped ? "-J " : "")-t \(session) > \(out) 2>/dev/null")
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }

    /// Polls the pane until `text` is on it; the screen. Throws with the last
    /// screen seen (and `stderr.log` of the folder, if any) after `timeout`.
    @discardableResult
    public func waitFor(_ text: String, timeout: TimeInterval = 20) throws -> String {
        var screen = ""
        try waitUntil("'\(text)' on screen", timeout: timeout) {
            screen = capture()
            return screen.contains(text)
        }
        return screen
    }

    /// Polls `done` every 50 ms until true; throws after `timeout` with the screen.
    public func waitUntil(_ what: String, timeout: TimeInterval = 20, _ done: () -> Bool) throws {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if done() { return }
            usleep(50_000)
        }
        if done() { return }
        let log = read("stderr.log")
        throw Timeout(description: "\(what): not after \(timeout) s; screen:\n\(capture())"
                      + (log.isEmpty ? "" : "\nstderr.log:\n\(log)"))
    }

    /// 0-based (column, row) of the first cell of `text` on `screen`. All
    /// characters on the kiosk's screens are one cell wide.
    public static func cell(of text: String, in screen: String) -> (column: Int, row: Int)? {
        for (row, line) in screen.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let r = line.range(of: text) else { continue }
            return (line[line.startIndex..<r.lowerBound].count, row)
        }
        return nil
    }

    /// A press and a release (SGR mouse reports) on the 0-based cell.
    public func tap(column: Int, row: Int) {
        let (c, r) = (column + 1, row + 1)
        let f = work.appendingPathComponent("tap.txt")
        try? "\u{1B}[<0;\(c);\(r)M\u{1B}[<0;\(c);\(r)m".write(to: f, atomically: true, encoding: .utf8)
        tmux("send-keys -t \(session) -l \"$(cat \(f.path))\"")
    }

    /// Taps the second cell of `text` on `screen` (inside its button);
    /// throws when `text` is not there.
    public func tap(_ text: String, in screen: String) throws {
        guard let (c, r) = Self.cell(of: text, in: screen) else {
            throw Timeout(description: "'\(text)' not found to tap; screen:\n\(screen)")
        }
        tap(column: c + 1, row: r)
    }

    /// `tmux send-keys` of key names (`C-c`, `q`, `'C-\\'`).
    public func sendKeys(_ keys: String) {
        tmux("send-keys -t \(session) \(keys)")
    }

    /// The pid of the pane's first process (the command started).
    public func panePID() -> Int32? {
        let out = work.appendingPathComponent("pid.txt").path
        tmux("display-message -p -t \(session) '#{pane_pid}' > \(out)")
        return Int32(read("pid.txt").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The pid of a running `borne` whose command line has `subcommand` and `argument`.
    public static func bornePID(_ subcommand: String, argument: String) -> Int32? {
        for p in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(p), let raw = FileManager.default.contents(atPath: "/proc/\(p)/cmdline") else { continue }
            let args = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if args.first?.hasSuffix("/borne") == true, args.contains(subcommand), args.contains(argument) { return pid }
        }
        return nil
    }

    /// A process that exited but was not reaped yet still answers kill(0).
    public static func isGone(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0,
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true
    }
}

/// systemd's notify socket, as a test stands it in: a datagram socket bound
/// at `path` whose messages `next` reads (`READY=1`, `WATCHDOG=1`...).
public final class NotifySocket {
    public let path: String
    private let fd: Int32

    public struct Failed: Error, CustomStringConvertible { public let description: String }

    public init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw Failed(description: "socket(AF_UNIX): errno \(errno)") }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        guard path.utf8.count < MemoryLayout.size(ofValue: addr.sun_path) else {
            Glibc.close(fd)
            throw Failed(description: "\(path): longer than a unix socket path may be")
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let len = socklen_t(MemoryLayout<sa_family_t>.size + path.utf8.count + 1)
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard rc == 0 else {
            let e = errno
            Glibc.close(fd)
            throw Failed(description: "bind \(path): errno \(e)")
        }
        var tv = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    /// The next message, waiting up to `timeout` seconds; nil if none came.
    public func next(timeout: TimeInterval) -> String? {
        let end = Date().addingTimeInterval(timeout)
        var buf = [UInt8](repeating: 0, count: 4096)
        while Date() < end {
            let n = recv(fd, &buf, buf.count, 0)
            if n > 0 { return String(decoding: buf[0..<n], as: UTF8.self) }
        }
        return nil
    }
}
