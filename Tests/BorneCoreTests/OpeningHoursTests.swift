import XCTest
@testable import BorneCore

/// OpeningHours: parsing (errors with positions) and evaluation of weekday,
/// holiday, date-range, past-midnight and daylight-saving cases. Expected
/// values are worked out by hand from the expressions and a 2020 calendar.
final class OpeningHoursTests: XCTestCase {
    // MARK: - Helpers

    private func at(_ local: String, file: StaticString = #filePath, line: UInt = #line) -> Date {
        guard let d = KioskTime.parseLocal(local) else {
            XCTFail("bad local time \(local)", file: file, line: line)
            return Date(timeIntervalSince1970: 0)
        }
        return d
    }

    /// Asserts the state and next change ("none" when nil) at a local time.
    private func expect(_ expression: String, _ local: String, _ state: String, next: String,
                        comment: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let s = try OpeningHours(expression).status(at: at(local))
            let got = s.isUnknown ? "unknown" : s.isOpen ? "open" : "closed"
            XCTAssertEqual(got, state, "\(expression) at \(local)", file: file, line: line)
            XCTAssertEqual(s.nextChange.map(KioskTime.formatLocal) ?? "none", next,
                           "next change of \(expression) at \(local)", file: file, line: line)
            XCTAssertEqual(s.comment, comment, "comment of \(expression) at \(local)", file: file, line: line)
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
    }

    private func expectError(_ expression: String, position: Int, _ fragment: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try OpeningHours(expression), expression, file: file, line: line) { error in
            guard let e = error as? OpeningHoursError else {
                return XCTFail("not an OpeningHoursError: \(error)", file: file, line: line)
            }
            XCTAssertEqual(e.position, position, "position in \(expression): \(e.message)", file: file, line: line)
            XCTAssertTrue(e.message.contains(fragment), "message \"\(e.message)\" lacks \"\(fragment)\"", file: file, line: line)
            XCTAssertEqual(e.expression, expression, file: file, line: line)
        }
    }

    // MARK: - Parser errors

    func testEmptyExpressionIsAnErrorAtZero() {
        expectError("", position: 0, "empty expression")
        expectError("   ", position: 3, "empty expression")
    }

    func testMissingClosingTimeNamesItsPosition() {
        expectError("Mo-Fr 9:00", position: 10, "expected '-' and a closing time")
        expectError("Mo-Fr 09:00-", position: 12, "expected a closing time like 18:00")
        expectError("Mo-Sa 09:30-12:30,14:00 18:00", position: 24, "expected '-'")
    }

    func testTimeWithoutColonAsksForATimeLike0930() {
        expectError("Mo-Fr 0930-1200", position: 6, "expected a time like 09:30")
        expectError("Mo-Fr 10:5-12:00", position: 6, "expected a time like 09:30")
    }

    func testOutOfRangeTimes() {
        expectError("Mo-Fr 10:60-12:00", position: 9, "minutes must be 00 to 59")
        expectError("Mo-Fr 25:00-26:00", position: 6, "before 24:00")
        expectError("Mo-Fr 10:00-49:00", position: 12, "out of range")
        expectError("Mo-Fr 10:00-10:00", position: 12, "empty")
    }

    func testUnknownWordNamesItsPosition() {
        expectError("Mo-Fr 10:00-12:00 foo", position: 18, "unknown word 'foo'")
        expectError("Mo-Xy 10:00-12:00", position: 3, "expected a weekday")
        expectError("Lu-Ve 10:00-12:00", position: 0, "unknown word 'Lu'")
    }

    func testInvalidDatesAreRejected() {
        expectError("Jul 32", position: 4, "day 32 is not a day of Jul")
        expectError("2021 Feb 29 off", position: 9, "day 29 is not a day of Feb 2021")
        expectError("Mar 17-2020 Jun 02 off", position: 7, "give the year at the start")
        expectError("2020 Jun 02-2020 Mar 17 off", position: 11, "ends before it starts")
        expectError("Dec 26-24 off", position: 7, "ends before it starts")
        expectError("Jul 13- 10:00-12:00", position: 8, "expected a month or a date after '-'")
    }

    /// The value: a colon after the month range (OSM specification).
    func testColonAfterWideRanges() throws {
        let oh = try OpeningHours("Dec-May: Fr-Sa 07:30-09:30")
        XCTAssertTrue(oh.status(at: KioskTime.parseLocal("2025-01-03T08:00")!).isOpen)   // a Friday in January
        XCTAssertFalse(oh.status(at: KioskTime.parseLocal("2025-07-04T08:00")!).isOpen)  // a Friday in July
        let xmas = try OpeningHours("10:00-12:00; Dec 25: off")
        XCTAssertFalse(xmas.isOpen(on: LocalDate(iso: "2025-12-25")!))
        XCTAssertTrue(xmas.isOpen(on: LocalDate(iso: "2025-12-26")!))
        XCTAssertTrue(try OpeningHours("2025 Jul-Aug: Mo 10:00-12:00").isOpen(on: LocalDate(iso: "2025-07-07")!))
        XCTAssertTrue(try OpeningHours("week 27-30: Mo 10:00-12:00").isOpen(on: LocalDate(iso: "2025-07-07")!))
        expectError(": Mo 10:00-12:00", position: 0, "':' only follows dates or weeks")
    }

    func testWeekNumbersAreISOWeeks() throws {
        let oh = try OpeningHours("week 01-10 Mo 10:00-12:00")
        XCTAssertTrue(oh.isOpen(on: LocalDate(iso: "2025-03-03")!))    // week 10
        XCTAssertFalse(oh.isOpen(on: LocalDate(iso: "2025-03-10")!))   // week 11
        XCTAssertTrue(oh.isOpen(on: LocalDate(iso: "2024-12-30")!))    // ISO week 1 of 2025
        let even = try OpeningHours("week 02-52/2 10:00-12:00")
        XCTAssertTrue(even.isOpen(on: LocalDate(iso: "2025-01-06")!))  // week 2
        XCTAssertFalse(even.isOpen(on: LocalDate(iso: "2025-01-13")!)) // week 3
        XCTAssertEqual(WeekRange.isoWeek(LocalDate(iso: "2026-12-31")!), 53)
        XCTAssertEqual(WeekRange.isoWeek(LocalDate(iso: "2027-01-03")!), 53)
        XCTAssertEqual(WeekRange.isoWeek(LocalDate(iso: "2027-01-04")!), 1)
        expectError("week 54 10:00-12:00", position: 5, "week number 01 to 53")
    }

    func testNthWeekdays() throws {
        let first = try OpeningHours("Mo[1] 10:00-12:00")
        XCTAssertTrue(first.isOpen(on: LocalDate(iso: "2025-03-03")!))
        XCTAssertFalse(first.isOpen(on: LocalDate(iso: "2025-03-10")!))
        let last = try OpeningHours("Su[-1] 10:00-12:00")
        XCTAssertTrue(last.isOpen(on: LocalDate(iso: "2025-03-30")!))
        XCTAssertFalse(last.isOpen(on: LocalDate(iso: "2025-03-23")!))
        let list = try OpeningHours("We[1,3] 10:00-12:00; Sa[2-3] 09:00-10:00")
        XCTAssertTrue(list.isOpen(on: LocalDate(iso: "2025-03-19")!))   // 3rd Wednesday
        XCTAssertFalse(list.isOpen(on: LocalDate(iso: "2025-03-12")!))  // 2nd
        XCTAssertTrue(list.isOpen(on: LocalDate(iso: "2025-03-15")!))   // 3rd Saturday
        let shifted = try OpeningHours("Su[-1] +1 day 10:00-12:00")
        XCTAssertTrue(shifted.isOpen(on: LocalDate(iso: "2025-03-31")!))
        expectError("Su[6] 10:00-12:00", position: 3, "1 to 5")
        expectError("Su[1 10:00-12:00", position: 5, "expected ']'")
    }

    /// An open end does not say when it closes: unknown, not "open until midnight".
    func testOpenEndIsUnknownAfterItsTime() throws {
        let oh = try OpeningHours("Fr 18:00+")
        let before = oh.status(at: KioskTime.parseLocal("2025-03-07T17:00")!)
        XCTAssertFalse(before.isOpen)
        XCTAssertEqual(before.nextChange.map(KioskTime.formatLocal), "2025-03-07T18:00")
        let after = oh.status(at: KioskTime.parseLocal("2025-03-07T20:00")!)
        XCTAssertTrue(after.isUnknown)
        XCTAssertFalse(after.isOpen)
        let span = try OpeningHours("Fr 10:00-18:00+")
        XCTAssertTrue(span.status(at: KioskTime.parseLocal("2025-03-07T17:00")!).isOpen)
        XCTAssertTrue(span.status(at: KioskTime.parseLocal("2025-03-07T19:00")!).isUnknown)
    }

    func testHolidaysThenWeekdaysIsAnIntersection() throws {
        let oh = try OpeningHours("PH Mo-Fr 10:00-12:00")
        XCTAssertTrue(oh.isOpen(on: LocalDate(iso: "2025-05-08")!))    // Thursday, Victoire 1945
        XCTAssertFalse(oh.isOpen(on: LocalDate(iso: "2025-05-09")!))   // an ordinary Friday
        XCTAssertFalse(oh.isOpen(on: LocalDate(iso: "2022-05-08")!))   // Sunday holiday
        expectError("Su PH 10:00-12:00", position: 3, "write the holidays first")
    }

    func testSunTimesAndYearsParse() throws {
        XCTAssertNoThrow(try OpeningHours("2024-2026 Apr-Oct: Mo-Su (sunrise+00:30)-(sunset-01:00)"))
        XCTAssertNoThrow(try OpeningHours("dawn-dusk; PH off"))
        expectError("(sunrise 01:00)-sunset", position: 9, "'+' or '-'")
        expectError("Mo sunrise", position: 10, "closing time")
    }

    func testSeparatorMistakes() {
        expectError("Mo 10:00-12:00 | Tu 10:00-12:00", position: 15, "'||'")
        expectError("Mo-Fr 10:00-12:00;;", position: 18, "empty rule")
        expectError("Mo-Fr 10:00-12:00,", position: 18, "expected a rule after the separator")
        expectError("Mo-Fr 10:00-12:00 ||", position: 20, "expected a rule after the separator")
    }

    func testOrderOfSelectorsIsEnforced() {
        expectError("10:00-12:00 Mo", position: 12, "out of order")
        expectError("Mo off 10:00-12:00", position: 7, "times must come before off")
        expectError("off Mo", position: 4, "out of order")
    }

    func testUnclosedCommentAndStrayCharacters() {
        expectError("Mo 10:00-12:00 \"sur rendez-vous", position: 15, "comment not closed")
        expectError("Mo € 10:00-12:00", position: 3, "unexpected character '€'")
        expectError("Mo 10:00-12:00 \"a\" \"b\"", position: 19, "at most one")
    }

    func testErrorDescriptionNamesExpressionAndOneBasedCharacter() {
        do {
            _ = try OpeningHours("Mo-Fr 0930")
            XCTFail("should not parse")
        } catch {
            XCTAssertEqual("\(error)", "opening_hours \"Mo-Fr 0930\" at character 7: '0930': expected a time like 09:30")
        }
    }

    func testTrailingSemicolonAndLowerCaseAreTolerated() throws {
        XCTAssertEqual(try OpeningHours("mo-fr 10:00-12:00;").intervals(on: LocalDate(iso: "2020-05-04")!), [600..<720])
        XCTAssertEqual(try OpeningHours("Mo-Fr 10:00-12:00").expression, "Mo-Fr 10:00-12:00")
    }

    // MARK: - Weekdays and holidays

    func testWeekdayRangeWithLunchBreak() {
        let e = "Mo-Sa 09:30-12:30,14:00-18:00"
        expect(e, "2020-05-09T13:00", "closed", next: "2020-05-09T14:00")       // Saturday lunch
        expect(e, "2020-05-09T17:59", "open", next: "2020-05-09T18:00")
        expect(e, "2020-05-10T10:00", "closed", next: "2020-05-11T09:30")       // Sunday
        expect(e, "2020-05-11T09:30", "open", next: "2020-05-11T12:30")         // opening minute is open
        expect(e, "2020-05-11T12:30", "closed", next: "2020-05-11T14:00")       // closing minute is closed
    }

    func testWeekdayListAndWrappingRange() {
        expect("Mo,We,Fr 14:00-18:00", "2020-05-05T15:00", "closed", next: "2020-05-06T14:00")  // Tuesday
        expect("Mo,We,Fr 14:00-18:00", "2020-05-08T15:00", "open", next: "2020-05-08T18:00")    // Friday
        expect("Sa-Mo 10:00-12:00", "2020-05-11T11:00", "open", next: "2020-05-11T12:00")       // Monday
        expect("Sa-Mo 10:00-12:00", "2020-05-12T11:00", "closed", next: "2020-05-16T10:00")     // Tuesday
    }

    func testClosedOnEasterMonday() {
        let e = "Mo-Sa 09:00-18:00; PH off"
        expect(e, "2020-04-13T10:00", "closed", next: "2020-04-14T09:00")
        expect(e, "2021-04-05T10:00", "closed", next: "2021-04-06T09:00")
        expect(e, "2020-04-14T10:00", "open", next: "2020-04-14T18:00")
    }

    func testClosedOnChristmasAndNewYearButOpenOnBoxingDay() {
        let e = "Mo-Sa 09:00-18:00; PH off"
        expect(e, "2020-12-24T19:00", "closed", next: "2020-12-26T09:00")
        expect(e, "2020-12-31T19:00", "closed", next: "2021-01-02T09:00")
    }

    func testSundaysAndHolidaysShareHours() {
        let e = "Mo-Sa 09:00-18:00; Su,PH 09:30-12:30"
        expect(e, "2020-07-14T10:00", "open", next: "2020-07-14T12:30")        // Tuesday, Fête nationale
        expect(e, "2020-07-14T15:00", "closed", next: "2020-07-15T09:00")
        expect(e, "2020-07-12T12:00", "open", next: "2020-07-12T12:30")        // Sunday
    }

    func testLaterRuleOverridesEarlierOnesForItsDays() {
        expect("PH off; Mo-Sa 10:00-19:00", "2020-07-14T11:00", "open", next: "2020-07-14T19:00")
        expect("Mo-Sa 10:00-19:00; PH off", "2020-07-14T11:00", "closed", next: "2020-07-15T10:00")
        expect("Dec 24-26 off; Mo-Fr 09:00-17:00", "2020-12-24T10:00", "open", next: "2020-12-24T17:00")
        expect("Mo-Fr 09:00-17:00; Dec 24-26 off", "2020-12-24T10:00", "closed", next: "2020-12-28T09:00")
        // A normal rule with times replaces the whole day, not only its times.
        expect("Mo-Fr 09:00-18:00; We 14:00-15:00", "2020-05-06T10:00", "closed", next: "2020-05-06T14:00")
    }

    func testClosedRuleWithTimesOnlyClosesThoseTimes() {
        let e = "Mo-Fr 09:00-18:00; We 12:00-13:00 off"
        expect(e, "2020-05-06T11:00", "open", next: "2020-05-06T12:00")
        expect(e, "2020-05-06T12:30", "closed", next: "2020-05-06T13:00")
        expect(e, "2020-05-07T12:30", "open", next: "2020-05-07T18:00")
    }

    func testAdditionalRuleAddsToTheDay() {
        let e = "Mo-Fr 09:00-12:00, We 14:00-16:00"
        expect(e, "2020-05-06T13:00", "closed", next: "2020-05-06T14:00")
        expect(e, "2020-05-06T10:00", "open", next: "2020-05-06T12:00")
        XCTAssertEqual(try OpeningHours(e).intervals(on: LocalDate(iso: "2020-05-06")!), [540..<720, 840..<960])
        // The classic pitfall: with ";" Friday's dinner rule replaces its lunch, with "," it adds.
        let friday = LocalDate(iso: "2020-05-08")!
        XCTAssertEqual(try OpeningHours("Tu-Su 12:00-14:00; Fr,Sa 19:00-21:00").intervals(on: friday), [1140..<1260])
        XCTAssertEqual(try OpeningHours("Tu-Su 12:00-14:00, Fr,Sa 19:00-21:00").intervals(on: friday), [720..<840, 1140..<1260])
    }

    func testFallbackAppliesWhereEarlierRulesSayNothing() {
        let e = "Mo-Fr 09:00-12:00 || \"sur rendez-vous\""
        expect(e, "2020-05-06T10:00", "open", next: "2020-05-06T12:00")
        expect(e, "2020-05-06T13:00", "closed", next: "2020-05-07T09:00")      // a weekday: the first rule rules
        // Saturday: no rule matches, the fallback says unknown until Monday 00:00.
        expect(e, "2020-05-09T10:00", "unknown", next: "2020-05-11T00:00", comment: "sur rendez-vous")
        expect(e, "2020-05-08T13:00", "closed", next: "2020-05-09T00:00")
    }

    // MARK: - Times past midnight

    func testNightSpanSpillsIntoTheNextDay() throws {
        let e = "Fr-Sa 22:00-02:00"
        expect(e, "2020-05-08T23:00", "open", next: "2020-05-09T02:00")        // Friday night
        expect(e, "2020-05-09T01:00", "open", next: "2020-05-09T02:00")        // Saturday 01:00, from Friday
        expect(e, "2020-05-10T01:30", "open", next: "2020-05-10T02:00")        // Sunday 01:30, from Saturday
        expect(e, "2020-05-08T01:00", "closed", next: "2020-05-08T22:00")      // Friday 01:00: Thursday had none
        let oh = try OpeningHours(e)
        XCTAssertEqual(oh.intervals(on: LocalDate(iso: "2020-05-09")!), [0..<120, 1320..<1440])
        XCTAssertEqual(oh.intervals(on: LocalDate(iso: "2020-05-10")!), [0..<120])
    }

    func testOpenFromEveningToMidnightAndOverMidnightIsOneChange() {
        // Saturday 22:00 to Sunday 02:00 is one opening: the next change is 02:00, not midnight.
        expect("Sa 22:00-24:00; Su 00:00-02:00", "2020-05-09T23:00", "open", next: "2020-05-10T02:00")
        expect("Mo 18:00-26:00", "2020-05-11T23:00", "open", next: "2020-05-12T02:00")
    }

    func testLaterRuleForTheNextDayOverridesTheSpill() {
        expect("Mo 22:00-02:00; Tu off", "2020-05-12T01:00", "closed", next: "2020-05-18T22:00")
        expect("Mo 22:00-02:00; Tu 10:00-11:00 off", "2020-05-12T01:00", "open", next: "2020-05-12T02:00")
    }

    // MARK: - Dates

    func testDateRangeWithinTheYear() {
        let e = "Jul 13-Aug 22 10:00-12:00"
        expect(e, "2020-07-12T11:00", "closed", next: "2020-07-13T10:00")
        expect(e, "2020-07-13T11:00", "open", next: "2020-07-13T12:00")
        expect(e, "2020-08-22T13:00", "closed", next: "2021-07-13T10:00")     // next summer, within 400 days
    }

    func testDateRangeWrappingTheYearEnd() {
        let e = "Nov 01-Jan 31 10:00-12:00"
        expect(e, "2020-10-31T11:00", "closed", next: "2020-11-01T10:00")
        expect(e, "2020-12-31T11:00", "open", next: "2020-12-31T12:00")
        expect(e, "2021-01-01T11:00", "open", next: "2021-01-01T12:00")
        expect(e, "2021-01-31T13:00", "closed", next: "2021-11-01T10:00")
        expect(e, "2020-02-01T11:00", "closed", next: "2020-11-01T10:00")
    }

    func testSingleDaysAndDayRangesInAMonth() {
        expect("10:00-12:00; Dec 25 off", "2020-12-24T13:00", "closed", next: "2020-12-26T10:00")
        expect("10:00-12:00; Dec 24-26 off", "2020-12-23T13:00", "closed", next: "2020-12-27T10:00")
        expect("10:00-12:00; Dec 25,Jan 01 off", "2020-12-31T13:00", "closed", next: "2021-01-02T10:00")
    }

    func testYearDateRangeOnlyAppliesThatYear() {
        let e = "24/7; 2020 Mar 17-2020 Jun 02 off"
        expect(e, "2020-03-16T23:59", "open", next: "2020-03-17T00:00")
        expect(e, "2020-04-01T12:00", "closed", next: "2020-06-03T00:00")
        expect(e, "2021-04-01T12:00", "open", next: "none")
    }

    func testYearAndMonthCloseTheWholeMonth() {
        let e = "Mo-Sa 10:00-18:00; 2020 Nov off"
        expect(e, "2020-10-31T12:00", "open", next: "2020-10-31T18:00")
        expect(e, "2020-11-02T12:00", "closed", next: "2020-12-01T10:00")
        expect(e, "2021-11-02T12:00", "open", next: "2021-11-02T18:00")
    }

    func testWholeMonthsAndMonthRanges() {
        let e = "Jan-Mar 10:00-16:00; Apr-Oct 09:00-19:00; Nov off"
        expect(e, "2020-03-31T17:00", "closed", next: "2020-04-01T09:00")
        expect(e, "2020-10-31T19:00", "closed", next: "2021-01-01T10:00")      // November and December: nothing
        expect(e, "2020-12-15T12:00", "closed", next: "2021-01-01T10:00")
        expect(e, "2020-03-15T15:59", "open", next: "2020-03-15T16:00")
    }

    func testYearRangeSelector() {
        let e = "2020-2021 Mo-Fr 10:00-12:00"
        expect(e, "2021-12-31T11:00", "open", next: "2021-12-31T12:00")
        expect(e, "2021-12-31T13:00", "closed", next: "none")
        expect(e, "2019-12-31T13:00", "closed", next: "2020-01-01T10:00")
    }

    func testLeapDayMatchesOnlyLeapYears() throws {
        let oh = try OpeningHours("Feb 29 10:00-12:00")
        XCTAssertTrue(oh.isOpen(on: LocalDate(iso: "2020-02-29")!))
        XCTAssertFalse(oh.isOpen(on: LocalDate(iso: "2021-02-28")!))
        XCTAssertFalse(oh.isOpen(on: LocalDate(iso: "2021-03-01")!))
        // The next 29 February is more than 400 days away: no change within the horizon.
        expect("Feb 29 10:00-12:00", "2021-01-01T00:00", "closed", next: "none")
    }

    func testEasterOffsetFollowsEaster() {
        let e = "easter +39 days 10:00-12:00"
        expect(e, "2020-05-21T11:00", "open", next: "2020-05-21T12:00")        // Ascension 2020
        expect(e, "2020-05-22T11:00", "closed", next: "2021-05-13T10:00")      // Ascension 2021
        expect("10:00-12:00; easter -2 days off", "2020-04-09T13:00", "closed", next: "2020-04-11T10:00")  // Good Friday off
    }

    // MARK: - Constant expressions, comments, unknown

    func testAlwaysOpenAndAlwaysClosedNeverChange() {
        expect("24/7", "2020-05-08T10:00", "open", next: "none")
        expect("open", "2020-05-08T10:00", "open", next: "none")
        expect("off", "2020-05-08T10:00", "closed", next: "none")
        expect("closed", "2020-05-08T10:00", "closed", next: "none")
        expect("24/7; Dec 25 off", "2020-12-24T10:00", "open", next: "2020-12-25T00:00")
        expect("24/7; Dec 25 off", "2020-12-25T10:00", "closed", next: "2020-12-26T00:00")
    }

    func testWeekdayOnlyClosedExpressionFindsNoChange() {
        expect("Mo-Fr 10:00-12:00; Mo-Fr off", "2020-05-08T10:00", "closed", next: "none")
    }

    func testCommentBecomesTheStatusComment() {
        let e = "Mo-Fr 10:00-12:00 \"sur rendez-vous\"; Sa off \"fermeture annuelle\""
        expect(e, "2020-05-11T10:00", "open", next: "2020-05-11T12:00", comment: "sur rendez-vous")
        expect(e, "2020-05-11T13:00", "closed", next: "2020-05-12T10:00")
        expect(e, "2020-05-09T13:00", "closed", next: "2020-05-11T10:00", comment: "fermeture annuelle")
    }

    func testCommentOnlyRuleIsUnknown() {
        expect("\"sur rendez-vous\"", "2020-05-11T10:00", "unknown", next: "none", comment: "sur rendez-vous")
        expect("Mo 10:00-12:00 unknown \"appeler\"", "2020-05-11T10:00", "unknown", next: "2020-05-11T12:00", comment: "appeler")
    }

    // MARK: - Daylight saving (Europe/Paris)

    func testNextChangeAcrossSpringForwardIsAnHourShorter() throws {
        let oh = try OpeningHours("09:30-18:00")
        let now = at("2020-03-28T19:00")
        let s = oh.status(at: now)
        XCTAssertEqual(s.nextChange.map(KioskTime.formatLocal), "2020-03-29T09:30")
        XCTAssertEqual(s.nextChange!.timeIntervalSince(now), 13.5 * 3600)    // 14h30 on the clock, 13h30 lived
    }

    func testNextChangeAcrossFallBackIsAnHourLonger() throws {
        let oh = try OpeningHours("09:30-18:00")
        let now = at("2020-10-24T19:00")
        let s = oh.status(at: now)
        XCTAssertEqual(s.nextChange.map(KioskTime.formatLocal), "2020-10-25T09:30")
        XCTAssertEqual(s.nextChange!.timeIntervalSince(now), 15.5 * 3600)
    }

    func testNightOpeningOverSpringForward() throws {
        let now = at("2020-03-28T23:00")
        let s = try OpeningHours("Sa 22:00-04:00").status(at: now)
        XCTAssertTrue(s.isOpen)
        XCTAssertEqual(s.nextChange.map(KioskTime.formatLocal), "2020-03-29T04:00")
        XCTAssertEqual(s.nextChange!.timeIntervalSince(now), 4 * 3600)        // 23:00 CET to 04:00 CEST
    }

    func testChangeInsideTheRepeatedAutumnHourIsNotInThePast() throws {
        // 02:30 CET, the second 02:30 of 25 October 2020; the change at 02:45
        // must be the second 02:45 too, 15 minutes later, not an hour before.
        let now = at("2020-10-25T02:30").addingTimeInterval(3600)
        XCTAssertEqual(KioskTime.formatLocal(now), "2020-10-25T02:30")
        let s = try OpeningHours("Su 02:45-10:00").status(at: now)
        XCTAssertFalse(s.isOpen)
        XCTAssertEqual(s.nextChange!.timeIntervalSince(now), 15 * 60)
    }

    func testStatusIsTheSameWhateverTheMachineTimeZone() throws {
        // Evaluation goes through KioskTime (Europe/Paris), never TimeZone.current.
        let now = Date(timeIntervalSince1970: 1_588_924_800)  // 2020-05-08T08:00Z = 10:00 in Paris
        let s = try OpeningHours("Fr 09:30-12:30").status(at: now)
        XCTAssertTrue(s.isOpen)
        XCTAssertEqual(s.nextChange, Date(timeIntervalSince1970: 1_588_924_800 + 2.5 * 3600))
    }

    // MARK: - Days and performance

    func testIntervalsOfADay() throws {
        let oh = try OpeningHours("Mo-Sa 09:30-12:30,14:00-18:00; Su 10:00-24:00")
        XCTAssertEqual(oh.intervals(on: LocalDate(iso: "2020-05-09")!), [570..<750, 840..<1080])
        XCTAssertEqual(oh.intervals(on: LocalDate(iso: "2020-05-10")!), [600..<1440])
        XCTAssertTrue(try OpeningHours("off").intervals(on: LocalDate(iso: "2020-05-10")!).isEmpty)
    }

    func testParsedExpressionsCompareByMeaningOfTheirText() throws {
        XCTAssertEqual(try OpeningHours("Mo 10:00-12:00"), try OpeningHours("Mo 10:00-12:00"))
        XCTAssertNotEqual(try OpeningHours("Mo 10:00-12:00"), try OpeningHours("Tu 10:00-12:00"))
    }

    func testWeeklyExpressionsOnlySearchAWeekAhead() throws {
        XCTAssertEqual(try OpeningHours("Mo-Sa 09:00-18:00; Su off").horizonDays, 8)
        XCTAssertEqual(try OpeningHours("Mo-Sa 09:00-18:00; PH off").horizonDays, 400)
        XCTAssertEqual(try OpeningHours("Jul 10:00-12:00").horizonDays, 400)
    }
}
