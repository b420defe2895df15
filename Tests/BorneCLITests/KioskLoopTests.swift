import BorneContent
import BorneCore
import BorneStore
import BorneUI
import Foundation
import XCTest
@testable import borne

/// A stand-in for the evdev touchscreen: taps written to a pipe as lines
/// "COL ROW" (0-based cells), read back without blocking.
final class PipeSource: InputSource {
    let readFD: Int32, writeFD: Int32
    private var partial = ""
    private(set) var reads = 0

    init() {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0)
        readFD = fds[0]; writeFD = fds[1]
        _ = fcntl(readFD, F_SETFL, fcntl(readFD, F_GETFL) | O_NONBLOCK)
    }
    deinit { close(readFD); close(writeFD) }

    func send(tapAt x: Int, _ y: Int) {
        let line = Array("\(x) \(y)\n".utf8)
        _ = line.withUnsafeBytes { write(writeFD, $0.baseAddress, $0.count) }
    }

    var pollDescriptors: [Int32] { [readFD] }

    func readEvents(screen: Size) -> [InputEvent] {
        reads += 1
        var buf = [UInt8](repeating: 0, count: 4096)
        var events: [InputEvent] = []
        while true {
            let n = buf.withUnsafeMutableBytes { read(readFD, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            partial += String(decoding: buf[0..<n], as: UTF8.self)
        }
        while let nl = partial.firstIndex(of: "\n") {
            let xy = partial[..<nl].split(separator: " ").compactMap { Int($0) }
            partial = String(partial[partial.index(after: nl)...])
            if xy.count == 2 { events += [.press(x: xy[0], y: xy[1]), .release(x: xy[0], y: xy[1])] }
        }
        return events
    }
}

/// Hands a prepared batch of events to the loop once (a flood in one read).
final class BurstSource: InputSource {
    let readFD: Int32, writeFD: Int32
    var events: [InputEvent]
    init(_ events: [InputEvent]) {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0)
        readFD = fds[0]; writeFD = fds[1]
        self.events = events
        _ = write(writeFD, "x", 1)
    }
    deinit { close(readFD); close(writeFD) }
    var pollDescriptors: [Int32] { events.isEmpty ? [] : [readFD] }
    func readEvents(screen: Size) -> [InputEvent] { defer { events = [] }; return events }
}

/// The one kiosk loop (`KioskLoop`) over the in-memory backend: taps from an
/// input source, taps by target id, bounded work per batch, content loaded
/// off the loop's thread.
final class KioskLoopTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let clock = KioskTime.parseLocal("2027-07-13T10:30")!
    var tmp: URL!
    var recorder: TouchRecorder!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("borne-loop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        recorder = TouchRecorder(config: RecorderConfig(dataDir: tmp.path, kioskID: "test"))
    }

    override func tearDownWithError() throws {
        _ = recorder?.close(timeout: 2)
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    func env() throws -> AppEnvironment {
        let cfg = try KioskConfigLoader.load(file: Self.root.appendingPathComponent("kiosk-config/vic-sur-cere.json"))
        let loaded = try ContentLoader.load(directory: Self.root.appendingPathComponent("content"))
        return AppEnvironment(config: cfg, catalog: loaded.catalog, dataDir: tmp.path)
    }

    func steps(_ text: String) throws -> [(step: ScriptedRun.Step, line: Int)] {
        try ScriptedRun.parseLines(text, file: "test")
    }

    func loop(_ backend: MemoryBackend, env: AppEnvironment, sources: [InputSource] = [],
              watcher: ContentWatcher? = nil) -> KioskLoop {
        KioskLoop(backend: backend, sources: sources, log: TouchLog(recorder: recorder, flags: .scripted),
                  clock: { backend.now() }, mono: { backend.mono() }, watcher: watcher,
                  template: env,
                  config: env.config)
    }

    /// The middle of a target of the home screen, from the app's own render.
    func homeTarget(_ id: String, env: AppEnvironment, size: Size) throws -> (Int, Int) {
        var app = KioskApp(env: env, size: size, now: Self.clock)
        _ = app.render()
        let t = try XCTUnwrap(app.targets.first { $0.id == id }, "no \(id) on home")
        return (t.rect.x + t.rect.width / 2, t.rect.y + t.rect.height / 2)
    }

    func testATapFromAnInputSourceOpensASection() throws {
        let env = try env()
        let size = Size(width: 120, height: 36)
        let source = PipeSource()
        let (x, y) = try homeTarget("tile:manger", env: env, size: size)
        source.send(tapAt: x, y)
        let backend = MemoryBackend(steps: try steps("wait 500"), size: size, clock: Self.clock)
        var l = loop(backend, env: env, sources: [source])
        let (outcome, app) = l.run(app: KioskApp(env: env, size: size, now: Self.clock))
        XCTAssertEqual(outcome, .stopped)
        XCTAssertEqual(app?.route, .list(.manger), "the source's tap did not open Où manger ?")
        XCTAssertTrue(backend.canvas?.plainText.contains("Où manger ?") ?? false)
        XCTAssertTrue(backend.targets.contains { $0.id == "nav:back" }, "the list's targets were drawn")
        XCTAssertGreaterThan(source.reads, 0)
    }

    func testScriptTapsByTargetIdAndDumpsTargets() throws {
        let env = try env()
        var printed: [String] = []
        let backend = MemoryBackend(steps: try steps("dump --targets\ntap tile:meteo\ntap nav:home\ntap lang:en\ndump --targets"),
                                    size: Size(width: 120, height: 36), clock: Self.clock)
        backend.output = { printed.append($0) }
        var l = loop(backend, env: env)
        let (_, app) = l.run(app: KioskApp(env: env, size: backend.size, now: Self.clock))
        XCTAssertNil(backend.failure)
        XCTAssertEqual(app?.state.language, .en)
        XCTAssertEqual(app?.route, .home)
        XCTAssertEqual(printed.count, 2)
        let manger = try XCTUnwrap(printed[0].split(separator: "\n").first { $0.hasPrefix("tile:manger ") })
        let (x, y) = try homeTarget("tile:manger", env: env, size: backend.size)
        let f = manger.split(separator: " ").dropFirst().compactMap { Int($0) }
        XCTAssertEqual(f.count, 4)
        XCTAssertTrue(f[0] - 1 <= x && x < f[0] - 1 + f[2] && f[1] - 1 <= y && y < f[1] - 1 + f[3], "\(manger) vs (\(x), \(y))")
        XCTAssertTrue(printed[0].hasSuffix(MemoryBackend.separator))
    }

    func testATapOnATargetNotOnScreenStopsTheScriptWithItsLine() throws {
        let env = try env()
        let backend = MemoryBackend(steps: try steps("tap tile:manger\n# comment\ntap tile:dormir"), file: "s.txt",
                                    size: Size(width: 120, height: 36), clock: Self.clock)
        var l = loop(backend, env: env)
        _ = l.run(app: KioskApp(env: env, size: backend.size, now: Self.clock))
        let failure = try XCTUnwrap(backend.failure)
        XCTAssertTrue(failure.hasPrefix("s.txt:3: tap tile:dormir: no touch target"), failure)
        XCTAssertTrue(failure.contains("nav:back"), failure)
    }

    func testScriptParsesBothTapForms() throws {
        XCTAssertEqual(try ScriptedRun.parse("tap 3 4\ntap tile:manger\ndump --targets\ndump", file: "t"),
                       [.tap(3, 4), .tapID("tile:manger"), .dumpTargets, .dump])
        // Comments after a step, as in bench/taps.txt; typed text keeps its "#".
        XCTAssertEqual(try ScriptedRun.parse("tap 12 5  # expect home fr\ntap nav:back # expect list\nwait 800 # read\nkey a # b",
                                             file: "t"),
                       [.tap(12, 5), .tapID("nav:back"), .wait(800), .key("a # b")])
        XCTAssertThrowsError(try ScriptedRun.parse("tap 3", file: "t"))
        XCTAssertThrowsError(try ScriptedRun.parse("dump --everything", file: "t"))
    }

    /// A flood of keys in one batch (a paste) is one turn and one frame, and
    /// the tap behind it is answered in that same turn. The old loop drew a
    /// frame per key: 10,000 keys were 10,000 renders.
    func testAFloodOfKeysCostsOneFrameAndTheTapBehindItIsAnswered() throws {
        let env = try env()
        let size = Size(width: 120, height: 36)
        let (x, y) = try homeTarget("tile:dormir", env: env, size: size)
        let flood = Array(repeating: InputEvent.key("a"), count: 10_000) + [.press(x: x, y: y), .release(x: x, y: y)]
        let source = BurstSource(flood)
        let backend = MemoryBackend(steps: try steps("wait 250"), size: size, clock: Self.clock)
        var l = loop(backend, env: env, sources: [source])
        let (_, app) = l.run(app: KioskApp(env: env, size: size, now: Self.clock))
        XCTAssertEqual(app?.route, .list(.dormir))
        XCTAssertEqual(l.turns, 1)
        // The first frame, then this turn's frame: a press changes no touch
        // target, so the release is hit-tested on the first frame's targets
        // (the loop rendered the press's feedback for nothing before).
        XCTAssertEqual(l.renders, 2, "renders for one batch of 10,002 events")
        XCTAssertEqual(backend.frames, 2)
    }

    /// Two taps in one batch: the second is hit-tested on the screen the
    /// first one opened (one render between them), not on the old targets.
    func testTheSecondTapOfABatchLandsOnTheScreenTheFirstOpened() throws {
        let env = try env()
        let size = Size(width: 120, height: 36)
        let (x, y) = try homeTarget("tile:manger", env: env, size: size)
        var app = KioskApp(env: env, size: size, now: Self.clock)
        _ = app.render()
        _ = app.handle(.press(x: x, y: y), now: Self.clock)
        XCTAssertFalse(app.targetsStale, "a press changes no target")
        _ = app.handle(.release(x: x, y: y), now: Self.clock)
        XCTAssertTrue(app.targetsStale, "the release opened a section")
        _ = app.render()
        let back = try XCTUnwrap(app.targets.first { $0.id == "nav:back" })
        let (bx, by) = (back.rect.x + back.rect.width / 2, back.rect.y + back.rect.height / 2)
        let source = BurstSource([.press(x: x, y: y), .release(x: x, y: y), .press(x: bx, y: by), .release(x: bx, y: by)])
        let backend = MemoryBackend(steps: try steps("wait 250"), size: size, clock: Self.clock)
        var l = loop(backend, env: env, sources: [source])
        let (_, end) = l.run(app: KioskApp(env: env, size: size, now: Self.clock))
        XCTAssertEqual(end?.route, .home, "Retour, on the list the first tap opened, came back home")
        XCTAssertEqual(l.renders, 3, "the first frame, the list for hit-testing, the frame drawn")
    }

    /// Keys alone ask for no frame (they do nothing on a kiosk).
    func testKeysDrawNoFrame() throws {
        let env = try env()
        let backend = MemoryBackend(steps: try steps("key a\nkey b\nkey KEY_ENTER"), size: Size(width: 120, height: 36),
                                    clock: Self.clock)
        var l = loop(backend, env: env)
        _ = l.run(app: KioskApp(env: env, size: backend.size, now: Self.clock))
        XCTAssertEqual(backend.frames, 1, "only the first frame")
    }

    /// Two version directories and a `current` link to the first, as an
    /// install leaves them; returns the link and the second version.
    func twoVersions() throws -> (current: URL, second: URL) {
        let a = tmp.appendingPathComponent("v1"), b = tmp.appendingPathComponent("v2")
        for d in [a, b] {
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: d.appendingPathComponent("bundle.json"))
        }
        let current = tmp.appendingPathComponent("current")
        try FileManager.default.createSymbolicLink(at: current, withDestinationURL: a)
        return (current, b)
    }

    /// New content is loaded on a background queue: while the load is stuck
    /// (an injected loader waiting on a semaphore) the loop keeps answering
    /// taps; once it finishes, the catalog reaches the app.
    func testTheLoopAnswersTapsWhileContentLoads() throws {
        let env = try env()
        let real = try ContentLoader.load(directory: Self.root.appendingPathComponent("content"))
        let (current, b) = try twoVersions()
        let release = DispatchSemaphore(value: 0), started = DispatchSemaphore(value: 0)
        let watcher = ContentWatcher(path: current.path, dataDir: tmp, bundleWeather: nil, interval: 0) { url in
            started.signal()
            release.wait()
            var r = real
            r.catalog.version = "v2-" + url.lastPathComponent
            return r
        }
        // The sync swaps `current` to v2.
        try FileManager.default.removeItem(at: current)
        try FileManager.default.createSymbolicLink(at: current, withDestinationURL: b)

        let size = Size(width: 120, height: 36)
        var backend = MemoryBackend(steps: try steps("wait 500\ntap tile:manger\nwait 250\ntap nav:back\ntap tile:agenda\nwait 250"),
                                    size: size, clock: Self.clock)
        var l = loop(backend, env: env, watcher: watcher)
        var (_, app) = l.run(app: KioskApp(env: env, size: size, now: Self.clock))
        XCTAssertEqual(started.wait(timeout: .now() + 10), .success, "the load never started")
        XCTAssertTrue(watcher.isLoading, "the load must still be running")
        XCTAssertEqual(app?.route, .list(.agenda), "taps were not answered while content loaded")
        XCTAssertEqual(app?.env.catalog.version, real.catalog.version)

        release.signal()
        for _ in 0..<1000 where watcher.isLoading { usleep(10_000) }
        XCTAssertFalse(watcher.isLoading)
        backend = MemoryBackend(steps: try steps("tap nav:home\nwait 250"), size: size, clock: Self.clock)
        l = loop(backend, env: env, watcher: watcher)
        (_, app) = l.run(app: app)
        let version = app?.pendingCatalog?.catalog.version ?? app?.env.catalog.version
        XCTAssertEqual(version, "v2-v2", "the loaded catalog was not handed to the app")
    }

    /// The bench's scripted content change: `swap DIR` repoints the content
    /// link as an install does; the watcher loads the new version (here held
    /// on a semaphore) while the next tap is answered, and `--timings` marks
    /// that tap as answered during a load, with the loop thread's CPU time.
    func testSwapStepRepointsTheLinkAndTimingsMarkTapsDuringTheLoad() throws {
        let env = try env()
        let real = try ContentLoader.load(directory: Self.root.appendingPathComponent("content"))
        let (current, b) = try twoVersions()
        let release = DispatchSemaphore(value: 0)
        let watcher = ContentWatcher(path: current.path, dataDir: tmp, bundleWeather: nil, interval: 0) { _ in
            release.wait()
            return real
        }
        defer { release.signal() }
        let size = Size(width: 120, height: 36)
        let backend = MemoryBackend(steps: try steps("tap tile:manger\nwait 250\nswap \(b.path)\nwait 250\ntap nav:back\nwait 250"),
                                    size: size, clock: Self.clock)
        backend.contentLink = current.path
        backend.contentLoading = { watcher.isLoading }
        var l = loop(backend, env: env, watcher: watcher)
        let (_, app) = l.run(app: KioskApp(env: env, size: size, now: Self.clock))
        XCTAssertNil(backend.failure)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: current.path), b.path)
        XCTAssertTrue(watcher.isLoading, "the load of v2 must still be held")
        XCTAssertEqual(app?.route, .home, "the tap during the load was answered")
        XCTAssertEqual(backend.timings.map(\.duringLoad), [false, true])
        XCTAssertTrue(backend.timings.allSatisfy { $0.cpuNs > 0 && $0.wallNs > 0 }, "\(backend.timings)")
        XCTAssertEqual(backend.timings[1].line.split(separator: " ").count, 3)
        XCTAssertTrue(backend.timings[1].line.hasSuffix(" 1"))
    }

    /// `swap` on a --content that is not a link stops the script and says why.
    func testSwapRefusesAContentPathThatIsNotALink() throws {
        let env = try env()
        let backend = MemoryBackend(steps: try steps("swap \(tmp.path)"), size: Size(width: 120, height: 36), clock: Self.clock)
        backend.contentLink = tmp.path
        var l = loop(backend, env: env)
        _ = l.run(app: KioskApp(env: env, size: backend.size, now: Self.clock))
        XCTAssertEqual(backend.failure, "script:1: swap \(tmp.path): --content \(tmp.path) is not a symbolic link "
                       + "(give the kiosk a link, as DATA/content/current)")
    }
}
