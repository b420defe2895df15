import BorneNet
import BorneStore
@testable import BorneUpload
import Foundation
import XCTest

final class UploadLoopTests: XCTestCase {
    func testPausesFollowTheOutcome() throws {
        let kiosk = try KioskFixture()
        kiosk.record(10)
        let collector = try tempDir()
        defer { try? FileManager.default.removeItem(at: collector) }
        // Rounds 1 and 2 fail (5xx on their first PUT), round 3 succeeds, round 4 has nothing new.
        let faulty = FaultyTransport(FileCollector(directory: collector), faults: [1: .before(.failed("HTTP 502")), 3: .before(.failed("HTTP 502"))])
        let stop = StopSignal()
        var made = 0
        let loop = UploadLoop(interval: 900, backoff: Backoff(base: 10, cap: 600, random: { 0.5 }), stop: stop, log: { _ in }) {
            made += 1
            return kiosk.uploader(faulty)
        }
        var pauses: [Double] = []
        loop.sleep = { pauses.append($0); return true }
        let last = loop.run(maxRounds: 4)
        XCTAssertEqual(made, 4, "a fresh uploader (and configuration) every round")
        XCTAssertEqual(pauses, [5, 10, 900], "full-jitter backoff (random 0.5 of 10, 20), then the interval")
        XCTAssertEqual(last?.outcome, .complete)
        XCTAssertEqual(try kiosk.lastAcked(), 10)
    }

    func testSharedRoundsRunTheSyncEveryRoundAndTheUploadEveryNth() throws {
        let kiosk = try KioskFixture()
        kiosk.record(10)
        let collector = try tempDir()
        defer { try? FileManager.default.removeItem(at: collector) }
        let stop = StopSignal()
        var uploads = 0
        var syncs: [Int] = []
        let loop = UploadLoop(interval: 3_600, backoff: Backoff(base: 10, cap: 600, random: { 0.5 }), stop: stop, log: { _ in }) {
            uploads += 1
            return kiosk.uploader(FileCollector(directory: collector))
        }
        loop.uploadEvery = 3
        loop.beforeRound = { syncs.append($0) }
        var pauses: [Double] = []
        loop.sleep = { pauses.append($0); return true }
        loop.run(maxRounds: 7)
        XCTAssertEqual(syncs, [1, 2, 3, 4, 5, 6, 7], "the sync part runs first in every round")
        XCTAssertEqual(uploads, 3, "statistics in rounds 1, 4 and 7")
        XCTAssertEqual(pauses, Array(repeating: 3_600, count: 6), "one interval between rounds, with or without an upload")
        XCTAssertEqual(try kiosk.lastAcked(), 10)
    }

    func testStopWakesTheLoop() throws {
        let stop = StopSignal()
        let start = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { stop.stop() }
        XCTAssertFalse(stop.sleep(30))
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertTrue(stop.isStopped)
    }
}

/// The daemon's pauses and the upload lock's wait run on the monotonic
/// clock: here one that moves 100 s (pause) or 1 s (lock) per reading, so
/// the test does not wait for them.
final class UploadMonotonicTests: XCTestCase {
    func testPausesEndOnTheMonotonicClock() {
        nonisolated(unsafe) var t = 0.0
        let stop = StopSignal(clock: MonotonicClock { t += 100; return t })
        XCTAssertTrue(stop.sleep(30), "30 s of the monotonic clock passed at its next reading")
        XCTAssertFalse(stop.isStopped)
    }

    func testTheLockWaitEndsOnTheMonotonicClock() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var held: UploadLock? = try XCTUnwrap(try UploadLock(dataDir: dir))
        nonisolated(unsafe) var readings = 0
        let clock = MonotonicClock { readings += 1; return Double(readings) }
        XCTAssertNil(try UploadLock(dataDir: dir, wait: 3, clock: clock), "still held after 3 s of the monotonic clock")
        XCTAssertEqual(readings, 4, "one reading for the deadline, one per try")
        XCTAssertNotNil(held)
        held = nil      // closing releases the flock
        XCTAssertNotNil(try UploadLock(dataDir: dir, wait: 3, clock: clock))
    }
}
