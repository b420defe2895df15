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

    // ParisRule (no ICU) against Foundation's Europe/Paris (ICU's zoneinfo),
    // which KioskTime used for every instant before: same answers everywhere
    // the rule is used, and KioskTime falls back outside it.

    private static let foundation = KioskTime.calendar

    private static func foundationLocal(_ date: Date) -> (date: LocalDate, minute: Int) {
        let c = foundation.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return (LocalDate(year: c.year!, month: c.month!, day: c.day!), c.hour! * 60 + c.minute!)
    }

    private static func foundationInstant(_ day: LocalDate, minute: Int) -> Date {
        var comps = DateComponents()
        comps.year = day.year; comps.month = day.month; comps.day = day.day
        comps.hour = minute / 60; comps.minute = minute % 60
        return foundation.date(from: comps)!
    }

    func testParisRuleGivesFoundationsLocalTimeEveryHourFrom1996To2099() {
        var t = ParisRule.validSeconds.lowerBound
        var mismatches: [String] = []
        var checked = 0
        while t < ParisRule.validSeconds.upperBound {
            // Every hour, at a minute and second that change from hour to hour.
            let date = Date(timeIntervalSince1970: TimeInterval(t + (checked % 60) * 61) + 0.5)
            guard let rule = ParisRule.local(date) else { return XCTFail("no rule answer at \(date)") }
            let old = Self.foundationLocal(date)
            if rule.date != old.date || rule.minute != old.minute, mismatches.count < 10 {
                mismatches.append("\(date): rule \(rule), Foundation \(old)")
            }
            let offset = KioskTime.secondsFromGMT(date), zone = KioskTime.timeZone.secondsFromGMT(for: date)
            if offset != zone, mismatches.count < 10 { mismatches.append("\(date): offset \(offset), Foundation \(zone)") }
            t += 3_600; checked += 1
        }
        XCTAssertEqual(mismatches, [])
        XCTAssertGreaterThan(checked, 900_000)
    }

    func testParisRuleGivesFoundationsAnswersEveryMinuteOfEachChangeDay() {
        var mismatches: [String] = []
        for year in 1996...2099 {
            for month in [3, 10] {
                let last = LocalDate(year: year, month: month, day: 31)
                let sunday = last.adding(days: -(last.isoWeekday % 7))
                XCTAssertEqual(sunday.isoWeekday, 7)
                for day in [sunday.adding(days: -1), sunday, sunday.adding(days: 1)] {
                    for minute in 0...1_440 {
                        let instant = KioskTime.instant(day, minute: minute)
                        let old = Self.foundationInstant(day, minute: minute)
                        if instant != old, mismatches.count < 10 {
                            mismatches.append("instant \(day) minute \(minute): \(instant) vs Foundation \(old)")
                        }
                        // The UTC minutes of that day, read back as local time.
                        let utc = Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 + minute * 60))
                        let local = KioskTime.local(utc), oldLocal = Self.foundationLocal(utc)
                        if local.date != oldLocal.date || local.minute != oldLocal.minute, mismatches.count < 10 {
                            mismatches.append("local \(utc): \(local) vs Foundation \(oldLocal)")
                        }
                    }
                }
            }
        }
        XCTAssertEqual(mismatches, [])
        XCTAssertNotNil(ParisRule.instant(LocalDate(year: 2027, month: 3, day: 28), minute: 150), "the gap is answered by the rule")
    }

    func testParisRuleAnswersInstantsEveryHourOfEachDayLikeFoundation() {
        var mismatches: [String] = []
        var day = LocalDate(year: 1996, month: 1, day: 1)
        while day.year < 2100 {
            for minute in stride(from: day.dayNumber % 60, through: 1_440, by: 60) {
                let instant = KioskTime.instant(day, minute: minute)
                let old = Self.foundationInstant(day, minute: minute)
                if instant != old, mismatches.count < 10 { mismatches.append("\(day) minute \(minute): \(instant) vs \(old)") }
            }
            day = day.adding(days: 1)
        }
        XCTAssertEqual(mismatches, [])
    }

    func testKioskTimeFallsBackToFoundationOutsideTheRulesYears() {
        XCTAssertNil(ParisRule.local(Date(timeIntervalSince1970: 820_454_399)))
        XCTAssertNil(ParisRule.local(Date(timeIntervalSince1970: 4_102_444_800)))
        XCTAssertNil(ParisRule.instant(LocalDate(year: 1995, month: 7, day: 1), minute: 600))
        XCTAssertNil(ParisRule.instant(LocalDate(year: 2027, month: 7, day: 1), minute: 1_441))
        // 1995: summer time ended on the last Sunday of September, not October:
        // the rule would say UTC+2 on 1995-10-01, Foundation (and so KioskTime) says UTC+1.
        let autumn1995 = Date(timeIntervalSince1970: 812_548_800) // 1995-10-01T12:00Z
        XCTAssertEqual(KioskTime.local(autumn1995).minute, 13 * 60)
        XCTAssertEqual(KioskTime.instant(LocalDate(year: 1995, month: 10, day: 1), minute: 13 * 60), autumn1995)
        XCTAssertEqual(KioskTime.local(Date(timeIntervalSince1970: 4_102_444_800)).date, LocalDate(year: 2100, month: 1, day: 1))
    }
}
