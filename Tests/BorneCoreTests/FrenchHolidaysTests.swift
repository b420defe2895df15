import XCTest
@testable import BorneCore

/// French public holidays: Easter by the anonymous Gregorian algorithm and the
/// eleven national holidays, checked against published dates.
final class FrenchHolidaysTests: XCTestCase {
    private func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    func testEasterSundayMatchesPublishedDates() {
        // Published Easter dates, including both extremes of the cycle
        // (22 March: 1818, 2285; 25 April: 1943, 2038).
        let published = ["1818-03-22", "1943-04-25", "2000-04-23", "2008-03-23", "2019-04-21",
                         "2020-04-12", "2021-04-04", "2024-03-31", "2025-04-20", "2038-04-25", "2285-03-22"]
        for iso in published {
            let d = day(iso)
            XCTAssertEqual(FrenchHolidays.easterSunday(year: d.year), d, "Easter \(d.year)")
            XCTAssertEqual(d.isoWeekday, 7, "\(iso) must be a Sunday")
        }
    }

    func testHolidaysOf2020WithTheirFrenchNames() {
        let got = FrenchHolidays.holidays(year: 2020).map { "\($0.date) \($0.name)" }
        XCTAssertEqual(got, [
            "2020-01-01 Jour de l'An",
            "2020-04-13 Lundi de Pâques",
            "2020-05-01 Fête du Travail",
            "2020-05-08 Victoire 1945",
            "2020-05-21 Ascension",
            "2020-06-01 Lundi de Pentecôte",
            "2020-07-14 Fête nationale",
            "2020-08-15 Assomption",
            "2020-11-01 Toussaint",
            "2020-11-11 Armistice 1918",
            "2020-12-25 Noël",
        ])
    }

    func testMoveableHolidaysOf2021And2024() {
        XCTAssertEqual(FrenchHolidays.holidays(year: 2021).filter { $0.date.month >= 4 && $0.date.month <= 6 && $0.date.day != 1 && $0.date.day != 8 }.map(\.date.description),
                       ["2021-04-05", "2021-05-13", "2021-05-24"])
        XCTAssertTrue(FrenchHolidays.isHoliday(day("2024-04-01")))   // Easter Monday
        XCTAssertTrue(FrenchHolidays.isHoliday(day("2024-05-09")))   // Ascension
        XCTAssertTrue(FrenchHolidays.isHoliday(day("2024-05-20")))   // Whit Monday
    }

    func testClosedOnEasterMondayIsAHolidayButEasterSundayAndGoodFridayAreNot() {
        XCTAssertTrue(FrenchHolidays.isHoliday(day("2020-04-13")))
        XCTAssertFalse(FrenchHolidays.isHoliday(day("2020-04-12")))  // Easter Sunday: a Sunday, not a jour férié
        XCTAssertFalse(FrenchHolidays.isHoliday(day("2020-04-10")))  // Good Friday: Alsace-Moselle only
        XCTAssertFalse(FrenchHolidays.isHoliday(day("2020-12-26")))  // St Stephen: Alsace-Moselle only
        XCTAssertFalse(FrenchHolidays.isHoliday(day("2020-05-31")))  // Pentecost Sunday
    }

    func testIsHolidayAgreesWithTheListEveryDayFrom1900To2100() {
        var d = day("1900-01-01")
        var year = -1
        var set: Set<LocalDate> = []
        var count = 0
        var mismatches: [String] = []
        while d.year <= 2100 {
            if d.year != year { year = d.year; set = Set(FrenchHolidays.holidays(year: year).map(\.date)) }
            if FrenchHolidays.isHoliday(d) != set.contains(d) { mismatches.append(d.description) }
            if set.contains(d) { count += 1 }
            d = d.adding(days: 1)
        }
        XCTAssertEqual(mismatches.count, 0, "isHoliday disagrees with holidays(year:) on \(mismatches.prefix(10))...")
        // 11 days a year, less one in the years where Ascension falls on 1 May
        // or 8 May (Easter on 23 or 30 March): one day, two holidays.
        let collisions = (1900...2100).filter {
            let e = FrenchHolidays.easterSunday(year: $0)
            return e.month == 3 && (e.day == 23 || e.day == 30)
        }.count
        XCTAssertEqual(collisions, 10)  // 1902 1913 1975 1986 1997 2008 2059 2070 2081 2092 (python-dateutil agrees)
        XCTAssertEqual(count, 201 * 11 - collisions)
    }

    func testAscensionOnFirstOfMayNamesBothHolidays() {
        // 2008: Easter 23 March, Ascension 1 May.
        XCTAssertEqual(FrenchHolidays.name(of: day("2008-05-01")), "Fête du Travail et Ascension")
        XCTAssertEqual(FrenchHolidays.holidays(year: 2008).count, 11)
    }

    func testOrdinaryDayHasNoHolidayName() {
        XCTAssertNil(FrenchHolidays.name(of: day("2020-07-15")))
        XCTAssertEqual(FrenchHolidays.name(of: day("2020-07-14")), "Fête nationale")
    }
}
