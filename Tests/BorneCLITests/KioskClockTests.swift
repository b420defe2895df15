@testable import borne
import BorneStore
import Foundation
import XCTest

final class KioskClockTests: XCTestCase {
    func testAClockBeforeTheContentsCreationCountsFromIt() {
        let floor = Date().addingTimeInterval(10 * 365 * 86400) // the RTC is ten years behind
        var clock = KioskClock(floor: floor, state: ClockFloorState())
        let a = clock.now()
        XCTAssertGreaterThanOrEqual(a, floor)
        usleep(20_000)
        let b = clock.now()
        XCTAssertGreaterThan(b, a, "time still passes")
        XCTAssertLessThan(b.timeIntervalSince(floor), 5)
    }

    func testAPlausibleClockIsUsedAsIs() {
        var clock = KioskClock(floor: Date().addingTimeInterval(-86400), state: ClockFloorState())
        XCTAssertLessThan(abs(clock.now().timeIntervalSinceNow), 1)
        var none = KioskClock(floor: nil, state: ClockFloorState())
        XCTAssertLessThan(abs(none.now().timeIntervalSinceNow), 1)
    }

    /// Taps made while the clock counts from the content's date are flagged
    /// `clockAdjusted` (the office reports them apart); once the wall clock
    /// is plausible again, they are not.
    func testTapsWhileTheFloorIsAppliedAreFlaggedClockAdjusted() throws {
        let dir = NSTemporaryDirectory() + "borne-clock-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let recorder = TouchRecorder(config: RecorderConfig(dataDir: dir, kioskID: "vic-sur-cere"))
        defer { _ = recorder.close() }
        let state = ClockFloorState()
        let log = TouchLog(recorder: recorder, clock: state)
        XCTAssertEqual(log.touchFlags(activated: true), [])

        var behind = KioskClock(floor: Date().addingTimeInterval(86400), state: state)
        _ = behind.now()
        XCTAssertTrue(state.isAdjusted)
        XCTAssertEqual(log.touchFlags(activated: true), .clockAdjusted)
        XCTAssertEqual(log.touchFlags(activated: false), [.noAction, .clockAdjusted])

        var fine = KioskClock(floor: Date().addingTimeInterval(-86400), state: state)
        _ = fine.now()
        XCTAssertFalse(state.isAdjusted)
        XCTAssertEqual(log.touchFlags(activated: true), [])
        XCTAssertEqual(TouchFlags.clockAdjusted.rawValue, 16, "stored: never renumbered")
    }
}
