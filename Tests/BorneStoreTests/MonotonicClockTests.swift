import CSQLite
import Foundation
import XCTest
@testable import BorneStore

/// A clock that moves by `step` seconds at every reading, from `start`:
/// with a negative step, a wall clock being set back; with a large
/// positive one, time passing without the test waiting for it.
final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Double
    private let step: Double
    private(set) var readings = 0
    init(start: Double, step: Double) { value = start; self.step = step }
    func read() -> Double {
        lock.lock(); defer { lock.unlock() }
        readings += 1
        value += step
        return value
    }
    var monotonic: MonotonicClock { MonotonicClock { self.read() } }
    var wall: @Sendable () -> Date { { Date(timeIntervalSince1970: self.read()) } }
}

/// Timeouts and back-off run on the monotonic clock, never on the wall
/// clock, which NTP or a dead RTC battery can set back.
final class MonotonicClockTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try makeTempDir(name) }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testTimedWaitsEndAndWakeOnTheMonotonicClock() {
        let c = MonotonicCondition()
        let start = MonotonicClock.system.now()
        c.lock()
        XCTAssertFalse(c.wait(seconds: 0.05), "nobody signalled: the wait times out")
        c.unlock()
        XCTAssertGreaterThanOrEqual(MonotonicClock.system.now() - start, 0.05)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { c.lock(); c.broadcast(); c.unlock() }
        c.lock()
        XCTAssertTrue(c.wait(seconds: 600), "a broadcast ends the wait")
        c.unlock()
    }

    /// `flush`'s timeout is measured on `RecorderConfig.monotonic`: with a
    /// monotonic clock that moves an hour per reading it gives up at once
    /// (its 1,000 s are over at the next reading), while the wall clock
    /// (`now`, as `--clock` sets it) is set back an hour at every reading.
    func testFlushTimesOutOnTheMonotonicClockWhateverTheWallClockDoes() throws {
        let fault = FaultSwitch(true)
        let log = LogCapture()
        var c = testConfig(dir, log: log)
        c.opener = { path in
            if fault.on { throw SQLiteError(extendedCode: SQLITE_IOERR, message: "injected I/O error") }
            return try Database(path: path)
        }
        let wall = SteppingClock(start: 1_594_720_800, step: -3600)
        c.now = wall.wall
        let mono = SteppingClock(start: 1000, step: 3600)
        c.monotonic = mono.monotonic
        let r = TouchRecorder(config: c)
        r.record(touch(1))
        XCTAssertTrue(eventually { r.health != .ok }, "\(r.health)")
        let readings = mono.readings
        XCTAssertFalse(r.flush(timeout: 1_000), "an hour of monotonic time passed at the first reading")
        XCTAssertGreaterThan(mono.readings, readings, "flush reads the monotonic clock")
        XCTAssertFalse(log.lines.contains { $0.contains("after -") }, "no negative durations: \(log.lines)")
        r.close(timeout: 0)
    }

    /// The back-off after a fault, with the wall clock set back an hour at
    /// every reading: the writer retries on time (the back-off cap is 50 ms)
    /// and the rows arrive as soon as the fault clears.
    func testBackOffIgnoresAWallClockSetBack() throws {
        let fault = FaultSwitch(true)
        var c = testConfig(dir)
        c.opener = { path in
            fault.opened()
            if fault.on { throw SQLiteError(extendedCode: SQLITE_IOERR, message: "injected I/O error") }
            return try Database(path: path)
        }
        c.now = SteppingClock(start: 1_594_720_800, step: -3600).wall
        let r = TouchRecorder(config: c)
        for i in 1...3 { r.record(touch(i)) }
        XCTAssertTrue(eventually { fault.opens >= 5 }, "the writer keeps retrying: \(fault.opens) attempts")
        fault.on = false
        XCTAssertTrue(r.flush(timeout: 5), "\(r.status)")
        XCTAssertTrue(r.close())
        XCTAssertEqual(try openStore(dir).sequences(), [1, 2, 3])
    }
}
