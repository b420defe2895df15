import XCTest
import BorneCore
@testable import BorneOffice

final class ParisClockTests: XCTestCase {
    func testISORoundTripWithMilliseconds() {
        let ms: Int64 = 1_594_720_800_123
        XCTAssertEqual(UTCTime.string(ms: ms), "2020-07-14T10:00:00.123Z")
        XCTAssertEqual(UTCTime.parseISO("2020-07-14T10:00:00.123Z"), ms)
        XCTAssertEqual(UTCTime.parseISO("2020-07-14T12:00:00.123+02:00"), ms)
        XCTAssertEqual(UTCTime.parseISO("2020-07-14T10:00:00Z"), ms - 123)
        XCTAssertNil(UTCTime.parseISO("2020-07-14T10:00"))
        XCTAssertNil(UTCTime.parseISO("2020-02-30"))
    }

    func testParisHoursAcrossDaylightSaving() {
        var clock = ParisClock()
        // 2020-03-29T00:30Z is 01:30 CET; 01:30Z is 03:30 CEST.
        let a = clock.local(ms: UTCTime.parseISO("2020-03-29T00:30:00Z")!)
        let b = clock.local(ms: UTCTime.parseISO("2020-03-29T01:30:00Z")!)
        XCTAssertEqual(a.hour, 1)
        XCTAssertEqual(b.hour, 3)
        // 22:30Z on 31 Dec is already 1 Jan in Paris.
        let c = clock.local(ms: UTCTime.parseISO("2020-12-31T23:30:00Z")!)
        XCTAssertEqual(c.day, LocalDateDay.of(2021, 1, 1))
        XCTAssertEqual(c.hour, 0)
    }
}

enum LocalDateDay {
    static func of(_ y: Int, _ m: Int, _ d: Int) -> Int { LocalDate(year: y, month: m, day: d).dayNumber }
}
