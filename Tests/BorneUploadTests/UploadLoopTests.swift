import BorneNet
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

    func testStopWakesTheLoop() throws {
        let stop = StopSignal()
        let start = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { stop.stop() }
        XCTAssertFalse(stop.sleep(30))
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertTrue(stop.isStopped)
    }
}
