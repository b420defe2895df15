import BorneCore
import BorneUI
import Foundation

/// A bounded run without a terminal, for tests, CI and benchmarks: the
/// steps of a script file are the input of the same `KioskLoop` as the
/// terminal's, through `MemoryBackend`.
struct ScriptedRun {
    let env: AppEnvironment
    let options: KioskCommand.Options
    let contentPath: String
    /// Scripted taps are stored like a visitor's (flagged `.scripted`), so whole
    /// days can be replayed through the real screen into a data directory.
    let log: TouchLog
    /// The start's full load, when the home came from the item index's head.
    var pendingStart: KioskStart? = nil

    enum Step: Equatable {
        /// 1-based column and row.
        case tap(Int, Int)
        /// The middle of the touch target with this id on the current screen.
        case tapID(String)
        case key(String), wait(Int), resize(Size), dump, dumpTargets
        /// `swap DIR`: the `--content` symlink now points at DIR, as an
        /// install by `borne sync` leaves it (benchmarks: taps while it loads).
        case swap(String)
    }

    struct ScriptError: Error, CustomStringConvertible {
        var file: String, line: Int, message: String
        var description: String { "\(file):\(line): \(message)" }
    }

    static func parse(_ text: String, file: String) throws -> [Step] {
        try parseLines(text, file: file).map(\.step)
    }

    /// Steps with their line numbers (1-based), for messages.
    static func parseLines(_ text: String, file: String) throws -> [(step: Step, line: Int)] {
        var steps: [(step: Step, line: Int)] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = PlainText.trimmed(raw)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            var arg = parts.count > 1 ? PlainText.trimmed(parts[1]) : ""
            // A comment may follow a step (`tap tile:manger  # expect ...`); typed text keeps its "#".
            if parts[0] != "key", let hash = PlainText.range(of: " #", in: arg) ?? (arg.hasPrefix("#") ? PlainText.range(of: "#", in: arg) : nil) {
                arg = PlainText.trimmed(arg[..<hash.lowerBound])
            }
            func fail(_ m: String) -> ScriptError { ScriptError(file: file, line: n + 1, message: m) }
            func add(_ s: Step) { steps.append((s, n + 1)) }
            switch parts[0] {
            case "tap":
                let words = arg.split(separator: " ").map(String.init)
                if words.count == 1, Int(words[0]) == nil, PlainText.contains(words[0], ":") {
                    add(.tapID(words[0]))
                    continue
                }
                let xy = words.compactMap { Int($0) }
                guard xy.count == 2, words.count == 2, xy[0] >= 1, xy[1] >= 1 else {
                    throw fail("tap needs COL ROW (1-based) or a target id like tile:manger, got '\(arg)'")
                }
                add(.tap(xy[0], xy[1]))
            case "key":
                add(.key(arg))
            case "wait":
                guard let ms = Int(arg), ms >= 0 else { throw fail("wait needs milliseconds, got '\(arg)'") }
                add(.wait(ms))
            case "resize":
                guard let s = Size(arg) else { throw fail("resize needs COLSxROWS, got '\(arg)'") }
                add(.resize(s))
            case "swap":
                guard !arg.isEmpty else { throw fail("swap needs the directory the content link should point at") }
                add(.swap(arg))
            case "dump":
                switch arg {
                case "": add(.dump)
                case "--targets": add(.dumpTargets)
                default: throw fail("dump takes nothing or --targets, got '\(arg)'")
                }
            default:
                throw fail("unknown step '\(parts[0])' (tap, key, wait, resize, dump, swap)")
            }
        }
        return steps
    }

    func run(scriptPath: String) -> Int32 {
        let text: String
        do { text = try String(contentsOfFile: scriptPath, encoding: .utf8) } catch {
            printError("borne kiosk: cannot read script \(scriptPath): \(error.localizedDescription)")
            return ExitCode.noInput
        }
        let steps: [(step: Step, line: Int)]
        do { steps = try Self.parseLines(text, file: scriptPath) } catch {
            printError("borne kiosk: \(error)")
            return ExitCode.dataErr
        }
        let backend = MemoryBackend(steps: steps, file: scriptPath, size: options.size ?? Size(width: 160, height: 45),
                                    clock: options.clock)
        backend.contentLink = contentPath
        backend.consoleGlyphs = env.config.glyphs == .console
        let app = KioskApp(env: pendingStart?.homeEnvironment(env) ?? env, size: backend.size, now: backend.now())
        let watcher = ContentWatcher(path: contentPath, dataDir: URL(fileURLWithPath: env.dataDir),
                                     bundleWeather: env.catalog.weather)
        watcher.hoursGeo = env.config.geo
        backend.contentLoading = { watcher.isLoading }
        let template = env
        var loop = KioskLoop(backend: backend, log: log, clock: { backend.now() }, mono: { backend.mono() },
                             watcher: watcher,
                             template: template, config: env.config)
        loop.pendingStart = pendingStart
        _ = loop.run(app: consume app)
        if let failure = backend.failure {
            printError("borne kiosk: \(failure)")
            return ExitCode.dataErr
        }
        if options.dumpScreen, let canvas = backend.canvas { print(backend.shown(canvas).plainText) }
        if let path = options.timings {
            let text = backend.timings.map(\.line).joined(separator: "\n") + "\n"
            do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                printError("borne kiosk: cannot write timings to \(path): \(error.localizedDescription)")
                return ExitCode.ioErr
            }
        }
        return ExitCode.ok
    }
}

/// The loop's backend for scripts and tests: input from script steps (and
/// from any `InputSource`, polled without waiting), frames kept in memory.
/// Time is virtual when a start date is given: `wait` advances it in 250 ms
/// turns, as the terminal loop's timeouts do; otherwise it is the real clock.
final class MemoryBackend: KioskBackend {
    static let separator = String(repeating: "=", count: 8)

    private let steps: [(step: ScriptedRun.Step, line: Int)]
    private let file: String
    private var index = 0
    private var waitLeft = 0
    private(set) var size: Size
    private let virtualStart: Date?
    private var virtualNow: Date
    private let monoStart = DispatchTime.now().uptimeNanoseconds
    /// The last frame drawn and its touch targets.
    private(set) var canvas: Canvas?
    private(set) var targets: [Target] = []
    private(set) var frames = 0
    /// Why the script stopped early (a tap on a target that is not on screen).
    private(set) var failure: String?
    /// Tap-to-frame times: from the tap handed to the loop to its frame drawn.
    private(set) var timings: [TapTiming] = []
    private var tapStarted: (wall: UInt64, cpu: UInt64, loading: Bool)?
    /// The `--content` path that `swap` steps repoint (a symlink, as DATA/content/current).
    var contentLink: String?
    /// `"glyphs": "console"`: dumps show the console's stand-ins, as the
    /// terminal writes them (frames themselves are kept as rendered).
    var consoleGlyphs = false
    /// Whether a new content version is being loaded (the watcher's), noted per tap.
    var contentLoading: () -> Bool = { false }
    /// Where `dump` steps print (stdout by default).
    var output: (String) -> Void = { print($0) }

    init(steps: [(step: ScriptedRun.Step, line: Int)], file: String = "script", size: Size, clock: Date?) {
        self.steps = steps
        self.file = file
        self.size = size
        virtualStart = clock
        virtualNow = clock ?? Date()
    }

    func now() -> Date { virtualStart == nil ? Date() : virtualNow }

    /// Monotonic time of a replay follows its virtual clock, so durations are the script's.
    func mono() -> UInt64 {
        if let start = virtualStart { return UInt64(max(0, virtualNow.timeIntervalSince(start)) * 1e9) }
        return DispatchTime.now().uptimeNanoseconds - monoStart
    }

    var shouldStop: Bool { failure != nil || (index >= steps.count && waitLeft == 0) }

    func draw(_ canvas: Canvas, targets: [Target]) {
        if let previous = self.canvas { _ = canvas.changedRows(from: previous) }   // the terminal's diff, for timings
        self.canvas = canvas
        self.targets = targets
        frames += 1
        finishTiming()
    }

    private func finishTiming() {
        guard let t = tapStarted else { return }
        timings.append(TapTiming(wallNs: DispatchTime.now().uptimeNanoseconds - t.wall,
                                 cpuNs: TapTiming.threadCPUNs() &- t.cpu, duringLoad: t.loading))
        tapStarted = nil
    }

    private func startTiming() {
        tapStarted = (DispatchTime.now().uptimeNanoseconds, TapTiming.threadCPUNs(), contentLoading())
    }

    func nextBatch(timeoutMs: Int, sources: [InputSource]) -> InputBatch {
        finishTiming()
        var batch = InputBatch(events: readSources(sources))
        if waitLeft > 0 {
            pass(min(timeoutMs, waitLeft))
            return batch
        }
        while index < steps.count {
            let (step, line) = steps[index]
            index += 1
            switch step {
            case .dump:
                output((canvas.map { shown($0).plainText } ?? "") + "\n" + Self.separator)
            case .dumpTargets:
                output((targets.map { t in
                    "\(t.id) \(t.rect.x + 1) \(t.rect.y + 1) \(t.rect.width) \(t.rect.height)"
                } + [Self.separator]).joined(separator: "\n"))
            case .tap(let x, let y):
                startTiming()
                batch.events += [.press(x: x - 1, y: y - 1), .release(x: x - 1, y: y - 1)]
                return batch
            case .tapID(let id):
                guard let t = targets.last(where: { $0.id == id }) else {
                    let ids = targets.map(\.id)
                    failure = "\(file):\(line): tap \(id): no touch target with this id on the screen; "
                        + "targets now: \(ids.prefix(40).joined(separator: " "))\(ids.count > 40 ? " …" : "")"
                        + " (`dump --targets` lists them)"
                    return batch
                }
                let x = t.rect.x + t.rect.width / 2, y = t.rect.y + t.rect.height / 2
                startTiming()
                batch.events += [.press(x: x, y: y), .release(x: x, y: y)]
                return batch
            case .key(let k):
                batch.events.append(.key(k))
                return batch
            case .wait(let ms):
                waitLeft = ms
                pass(min(timeoutMs, waitLeft))
                return batch
            case .resize(let s):
                size = s
                batch.events.append(.resize(s))
                return batch
            case .swap(let dir):
                if let problem = swapContent(to: dir) {
                    failure = "\(file):\(line): swap \(dir): \(problem)"
                    return batch
                }
            }
        }
        return batch
    }

    /// A frame as the terminal would show it.
    func shown(_ canvas: Canvas) -> Canvas { consoleGlyphs ? ConsoleGlyphs.forConsole(canvas) : canvas }

    /// Points the content link at `dir` with one rename, as an install does;
    /// the reason when it cannot.
    private func swapContent(to dir: String) -> String? {
        guard let link = contentLink else { return "no --content path to repoint" }
        let fm = FileManager.default
        guard (try? fm.destinationOfSymbolicLink(atPath: link)) != nil else {
            return "--content \(link) is not a symbolic link (give the kiosk a link, as DATA/content/current)"
        }
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            return "no directory \(dir)"
        }
        let temp = link + ".swap-\(getpid())"
        do {
            try? fm.removeItem(atPath: temp)
            try fm.createSymbolicLink(atPath: temp, withDestinationPath: URL(fileURLWithPath: dir).standardizedFileURL.path)
            guard rename(temp, link) == 0 else {
                let e = String(cString: strerror(errno))
                try? fm.removeItem(atPath: temp)
                return "cannot rename \(temp) over \(link): \(e)"
            }
        } catch {
            return "cannot create the link \(temp): \(error.localizedDescription)"
        }
        return nil
    }

    /// Lets `ms` of a wait pass: virtual time moves, real time is slept.
    private func pass(_ ms: Int) {
        waitLeft -= ms
        if virtualStart != nil { virtualNow = virtualNow.addingTimeInterval(Double(ms) / 1000) } else { usleep(UInt32(ms) * 1000) }
    }

    /// Events of the sources whose descriptors are readable now (no waiting).
    private func readSources(_ sources: [InputSource]) -> [InputEvent] {
        var events: [InputEvent] = []
        for source in sources {
            var fds = source.pollDescriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard !fds.isEmpty, poll(&fds, nfds_t(fds.count), 0) > 0 else { continue }
            events += source.readEvents(screen: size)
        }
        return events
    }
}

/// One tap of a scripted run, for `--timings`: wall time from the tap handed
/// to the loop to its frame drawn, the loop thread's CPU time over the same
/// span (CLOCK_THREAD_CPUTIME_ID: what a loaded machine does not inflate),
/// and whether a new content version was loading meanwhile.
struct TapTiming: Equatable {
    var wallNs: UInt64
    var cpuNs: UInt64
    var duringLoad: Bool

    /// `WALL_NS CPU_NS LOADING` (LOADING 1 or 0): one line of the file.
    var line: String { "\(wallNs) \(cpuNs) \(duringLoad ? 1 : 0)" }

    static func threadCPUNs() -> UInt64 {
        var ts = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0 else { return .zero }
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
