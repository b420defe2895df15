import BorneContent
import BorneCore
import BorneStore
import BorneTestSupport
import BorneUI
import Foundation
import XCTest
@testable import borne

/// Draws through a `MemoryBackend` and says when the first frame is drawn.
final class FirstFrameGate: KioskBackend, @unchecked Sendable {
    let inner: MemoryBackend
    let drawn = DispatchSemaphore(value: 0)
    private(set) var frames = 0
    private(set) var first: String?
    init(_ inner: MemoryBackend) { self.inner = inner }
    var size: Size { inner.size }
    var shouldStop: Bool { inner.shouldStop }
    func nextBatch(timeoutMs: Int, sources: [InputSource]) -> InputBatch {
        inner.nextBatch(timeoutMs: timeoutMs, sources: sources)
    }
    func draw(_ canvas: Canvas, targets: [Target]) {
        inner.draw(canvas, targets: targets)
        frames += 1
        if frames == 1 { first = canvas.plainText; drawn.signal() }
    }
}

/// A village kiosk's start with an item index: the home is drawn from the
/// index's head (stand-in items with what the tiles count), the items are
/// read in the loop's first turn, after that frame, and the loop takes the
/// full catalog before it handles any input; a full load that fails then is said and leaves the
/// waiting screen, never the stand-ins.
final class KioskStartTests: KioskContentCopyTestCase {
    static let root = BuiltBorne.repoRoot
    static let clock = KioskTime.parseLocal("2027-07-13T10:30")!
    var recorder: TouchRecorder!

    override func setUpWithError() throws {
        try super.setUpWithError()
        recorder = TouchRecorder(config: RecorderConfig(dataDir: data.path, kioskID: "test"))
    }

    override func tearDownWithError() throws {
        _ = recorder?.close(timeout: 2)
        try super.tearDownWithError()
    }

    func options() -> KioskCommand.Options {
        var o = KioskCommand.Options()
        o.config = Self.root.appendingPathComponent("kiosk-config/vic-sur-cere.json").path
        o.content = content.path
        o.dataDir = data.path
        return o
    }

    func loaded() throws -> KioskCommand.Loaded {
        switch KioskCommand.loadEnvironment(options()) {
        case .success(let l): return l
        case .failure(let f): throw f
        }
    }

    func testWithoutAnIndexTheStartLoadsInFullFirst() throws {
        let first = try loaded()
        XCTAssertNil(first.start, "no index yet: items parsed before the first frame")
        XCTAssertFalse(first.env.catalog.items.contains { $0.id.isEmpty })
        let second = try loaded()   // DATA/cache/items written by the first
        let start = try XCTUnwrap(second.start, "home from the index's head")
        XCTAssertEqual(second.env.catalog.itemCount, 0, "the stand-ins are only the first app's")
        let homeCatalog = start.homeEnvironment(second.env).catalog
        let home = (0..<homeCatalog.itemCount).map(homeCatalog.item(at:))
        XCTAssertFalse(home.isEmpty)
        XCTAssertTrue(home.allSatisfy { $0.id.isEmpty }, "stand-ins until the full load")
        XCTAssertEqual(start.homeEnvironment(second.env).catalog.itemCount, 0, "given once")
        guard case .success(let full) = start.wait() else { return XCTFail("full load failed") }
        XCTAssertNotNil(full.catalog.shelf, "the items stay in their index, decoded when shown")
        XCTAssertEqual(full.catalog.itemCount, home.count)
        var unshelved = full.catalog
        unshelved.items = (0..<full.catalog.itemCount).map(full.catalog.item(at:))
        unshelved.shelf = nil
        XCTAssertTrue(unshelved == first.env.catalog, "the same catalog as a start that loaded in full")
        XCTAssertEqual(full.problems, first.env.contentProblems)
    }

    /// The table kiosk's home is its hike list: always loaded in full first.
    func testATableKioskLoadsInFullFirst() throws {
        _ = try loaded()
        var o = options()
        o.config = Self.root.appendingPathComponent("kiosk-config/table-rando.json").path
        guard case .success(let table) = KioskCommand.loadEnvironment(o) else { return XCTFail("table kiosk") }
        XCTAssertNil(table.start)
    }

    func run(env: AppEnvironment, start: KioskStart, gate: FirstFrameGate? = nil,
             backend: MemoryBackend) -> (KioskLoop.Outcome, KioskApp?) {
        let drawer: KioskBackend = gate ?? backend
        var loop = KioskLoop(backend: drawer, log: TouchLog(recorder: recorder, flags: .scripted),
                             clock: { backend.now() }, mono: { backend.mono() }, watcher: nil,
                             template: env, config: env.config)
        loop.pendingStart = start
        return loop.run(app: KioskApp(env: start.homeEnvironment(env), size: backend.size, now: Self.clock))
    }

    /// The first frame is on screen before the items are read (the full
    /// load here waits for it: a start that read them first would never
    /// draw), and the first tap opens the list of the real items.
    func testTheFirstFrameDoesNotWaitForTheItemsAndNoTapSeesTheStandIns() throws {
        _ = try loaded()
        let home = try loaded()
        let pending = try XCTUnwrap(home.start)
        guard case .success(let full) = pending.wait() else { return XCTFail("full load failed") }
        let backend = MemoryBackend(steps: try ScriptedRun.parseLines("tap tile:manger", file: "test"),
                                    size: Size(width: 160, height: 45), clock: Self.clock)
        let gate = FirstFrameGate(backend)
        struct NoFirstFrame: Error {}
        let homeCatalog = pending.homeEnvironment(home.env).catalog
        let start = KioskStart(directory: content.path, homeItems: homeCatalog.items, homeShelf: homeCatalog.shelf) {
            // Not a timing: only keeps a start that never draws from hanging the suite.
            guard gate.drawn.wait(timeout: .now() + 120) == .success else { throw NoFirstFrame() }
            return full
        }
        let (outcome, app) = run(env: home.env, start: start, gate: gate, backend: backend)
        XCTAssertEqual(outcome, .stopped)
        XCTAssertNil(backend.failure)
        XCTAssertNotNil(app, "the items were read before the first frame (the full load gave up)")
        guard case .failure(let taken) = start.wait(), taken is KioskStart.Taken else {
            return XCTFail("the start still holds the catalog it handed over")
        }
        var fullHome = home.env
        fullHome.catalog = full.catalog
        var reference = KioskApp(env: fullHome, size: backend.size, now: Self.clock)
        XCTAssertEqual(gate.first, reference.render().plainText, "the stand-ins draw the home the items draw")
        XCTAssertEqual(app?.route, .list(.manger))
        XCTAssertEqual(app?.env.catalog, full.catalog, "the full catalog, not the stand-ins")
        let name = try XCTUnwrap(full.catalog.items(in: .manger).first?.name.french)
        XCTAssertTrue(backend.canvas?.plainText.contains(String(name.prefix(12))) ?? false,
                      "the list shows the real items")
    }

    /// The version vanished between the home and the full load: said, and
    /// the waiting screen rather than stand-in items.
    func testAFullLoadThatFailsShowsTheWaitingScreen() throws {
        _ = try loaded()
        let home = try loaded()
        _ = home.start?.wait()
        try FileManager.default.removeItem(at: content.appendingPathComponent("office.json"))
        let (content, data) = (content!, data!)
        let start = KioskStart(directory: content.path) {
            let l = try KioskContentLoad.load(directory: content, dataDir: data)
            return (l.catalog, l.problems.count)
        }
        let backend = MemoryBackend(steps: try ScriptedRun.parseLines("tap 10 10", file: "test"),
                                    size: Size(width: 160, height: 45), clock: Self.clock)
        let (outcome, app) = run(env: home.env, start: start, backend: backend)
        XCTAssertEqual(outcome, .stopped)
        XCTAssertNil(app, "no stand-in items on screen")
        guard case .failure(let error) = start.wait() else { return XCTFail("the load should fail") }
        XCTAssertTrue("\(error)".contains("office.json"), "\(error)")
    }
}
