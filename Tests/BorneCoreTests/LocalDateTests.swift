import BorneCore
import XCTest

final class LocalDateTests: XCTestCase {
    func testDayNumberRoundTripsAndWeekdays() {
        let d = LocalDate(year: 2020, month: 7, day: 14)
        XCTAssertEqual(d.isoWeekday, 2) // a Tuesday
        XCTAssertEqual(LocalDate(dayNumber: d.dayNumber), d)
        XCTAssertEqual(LocalDate(year: 2020, month: 2, day: 28).adding(days: 1), LocalDate(year: 2020, month: 2, day: 29))
        XCTAssertEqual(LocalDate(year: 2020, month: 12, day: 31).adding(days: 1), LocalDate(year: 2021, month: 1, day: 1))
    }

    func testRejectsImpossibleDays() {
        XCTAssertNil(LocalDate(iso: "2021-02-29"))
        XCTAssertNil(LocalDate(iso: "2020-13-01"))
        XCTAssertNil(LocalDate(iso: "20-01-01"))
        XCTAssertNotNil(LocalDate(iso: "2020-02-29"))
    }

    func testLocalTimeIsParisWhateverTheMachine() {
        let d = KioskTime.parseLocal("2020-07-14T12:00")!
        XCTAssertEqual(d.timeIntervalSince1970, 1594720800) // 10:00 UTC (CEST)
        XCTAssertEqual(KioskTime.formatLocal(d), "2020-07-14T12:00")
        let winter = KioskTime.parseLocal("2020-01-15T09:30:00")!
        XCTAssertEqual(winter.timeIntervalSince1970, 1579077000) // 08:30 UTC (CET)
    }
}
