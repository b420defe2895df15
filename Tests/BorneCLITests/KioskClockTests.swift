@testable import borne
import Foundation
import XCTest

final class KioskClockTests: XCTestCase {
    func testAClockBeforeTheContentsCreationCountsFromIt() {
        let floor = Date().addingTimeInterval(10 * 365 * 86400) // the RTC is ten years behind
        var clock = KioskClock(floor: floor)
        let a = clock.now()
        XCTAssertGreaterThanOrEqual(a, floor)
        usleep(20_000)
        let b = clock.now()
        XCTAssertGreaterThan(b, a, "time still passes")
        XCTAssertLessThan(b.timeIntervalSince(floor), 5)
    }

    func testAPlausibleClockIsUsedAsIs() {
        var clock = KioskClock(floor: Date().addingTimeInterval(-86400))
        XCTAssertLessThan(abs(clock.now().timeIntervalSinceNow), 1)
        var none = KioskClock(floor: nil)
        XCTAssertLessThan(abs(none.now().timeIntervalSinceNow), 1)
    }
}
