import XCTest
@testable import BorneCore

/// The Maison du Tourisme's 2020 schedule (OfficeSchedule), day by day around
/// every period boundary, every 2020 public holiday and both lockdowns. The
/// expectations are read off the leaflet (shared/data/seed-2020/
/// office-opening-2020.txt) and a 2020 calendar, not computed by the code.
final class OpeningHoursOfficeTests: XCTestCase {
    /// "local time  state  next change", state open/closed. A case applies to
    /// both the planned and the actual schedule unless listed in `actualOnly`
    /// for the same time.
    private let planned = """
        2020-01-01T10:00 closed 2020-01-02T09:30   Jour de l'An (Wed)
        2020-01-02T16:30 open   2020-01-02T17:00   winter hours end at 17:00
        2020-01-31T16:59 open   2020-01-31T17:00
        2020-01-31T17:30 closed 2020-02-01T09:30   Fri 31 Jan -> Sat 1 Feb
        2020-02-01T13:00 closed 2020-02-01T14:00   lunch break
        2020-02-01T17:30 open   2020-02-01T18:00   Feb: 18:00 closing
        2020-02-02T10:00 closed 2020-02-03T09:30   Sundays closed Feb-Apr
        2020-03-16T17:30 open   2020-03-16T18:00   last day before lockdown
        2020-03-17T10:00 open   2020-03-17T12:30
        2020-04-12T10:00 closed 2020-04-14T09:30   Easter Sunday, then Easter Monday closed
        2020-04-13T10:00 closed 2020-04-14T09:30   Lundi de Pâques
        2020-04-30T17:30 open   2020-04-30T18:00
        2020-04-30T19:00 closed 2020-05-02T09:30   1 May closed
        2020-05-01T10:00 closed 2020-05-02T09:30   Fête du Travail
        2020-05-03T10:00 open   2020-05-03T13:30   first Sunday of the May period
        2020-05-03T14:00 closed 2020-05-04T09:30
        2020-05-07T19:00 closed 2020-05-08T09:30
        2020-05-08T10:00 open   2020-05-08T13:30   8 May: Sunday hours
        2020-05-08T13:45 closed 2020-05-09T09:30
        2020-05-21T13:00 open   2020-05-21T13:30   Ascension: Sunday hours
        2020-05-21T15:00 closed 2020-05-22T09:30
        2020-05-31T10:00 open   2020-05-31T13:30   Pentecost Sunday is an ordinary Sunday
        2020-05-31T19:00 closed 2020-06-02T09:30   Whit Monday closed
        2020-06-01T10:00 closed 2020-06-02T09:30   Lundi de Pentecôte
        2020-06-02T10:00 open   2020-06-02T12:30
        2020-06-03T09:29 closed 2020-06-03T09:30
        2020-06-07T11:00 open   2020-06-07T13:30
        2020-07-12T13:00 open   2020-07-12T13:30   last Sunday of the May period
        2020-07-12T14:00 closed 2020-07-13T09:30
        2020-07-13T13:00 closed 2020-07-13T13:30   summer: lunch 12:30-13:30
        2020-07-13T18:15 open   2020-07-13T18:30
        2020-07-14T10:00 open   2020-07-14T12:30   Fête nationale: Sunday hours of summer
        2020-07-14T13:45 closed 2020-07-14T14:30
        2020-07-14T17:30 closed 2020-07-15T09:30
        2020-07-19T13:00 closed 2020-07-19T14:30   summer Sunday
        2020-07-19T15:00 open   2020-07-19T17:00
        2020-08-15T16:00 open   2020-08-15T17:00   Assomption (Sat): holiday hours
        2020-08-15T17:30 closed 2020-08-16T09:30   not the Saturday 18:30
        2020-08-22T18:00 open   2020-08-22T18:30   last summer day
        2020-08-22T19:00 closed 2020-08-23T09:30
        2020-08-23T13:00 open   2020-08-23T13:30   late-August Sunday
        2020-08-23T14:00 closed 2020-08-24T09:30
        2020-08-30T10:00 open   2020-08-30T13:30
        2020-08-31T17:30 open   2020-08-31T18:00
        2020-08-31T19:00 closed 2020-09-01T09:30
        2020-09-06T10:00 closed 2020-09-07T09:30   Sundays closed from September
        2020-10-31T17:30 open   2020-10-31T18:00
        2020-10-31T18:00 closed 2020-11-02T09:30   Toussaint is a Sunday
        2020-11-02T16:30 open   2020-11-02T17:00   winter hours
        2020-11-02T17:30 closed 2020-11-03T09:30
        2020-11-11T10:00 closed 2020-11-12T09:30   Armistice
        2020-11-30T10:00 open   2020-11-30T12:30
        2020-12-24T16:59 open   2020-12-24T17:00
        2020-12-24T17:00 closed 2020-12-26T09:30   Noël
        2020-12-25T10:00 closed 2020-12-26T09:30
        2020-12-31T17:00 closed 2021-01-02T09:30   Jour de l'An 2021
        """

    /// Where the lockdowns (17 Mar–2 Jun, November) change the answer.
    private let actualOnly = """
        2020-03-16T19:00 closed 2020-06-03T09:30   lockdown starts 17 Mar
        2020-03-17T10:00 closed 2020-06-03T09:30
        2020-04-30T17:30 closed 2020-06-03T09:30
        2020-05-08T10:00 closed 2020-06-03T09:30
        2020-05-31T19:00 closed 2020-06-03T09:30
        2020-06-01T10:00 closed 2020-06-03T09:30
        2020-06-02T10:00 closed 2020-06-03T09:30   closed to 2 Jun inclusive
        2020-06-03T09:30 open   2020-06-03T12:30   reopening
        2020-10-31T18:00 closed 2020-12-01T09:30   November lockdown
        2020-11-02T16:30 closed 2020-12-01T09:30
        2020-11-11T10:00 closed 2020-12-01T09:30
        2020-11-30T10:00 closed 2020-12-01T09:30
        2020-12-01T09:30 open   2020-12-01T12:30
        """

    private struct Case {
        var time: String, state: String, next: String, line: String
    }

    private func cases(_ table: String) -> [Case] {
        table.split(separator: "\n").map { line in
            let f = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            return Case(time: f[0], state: f[1], next: f[2], line: String(line))
        }
    }

    private func check(_ expression: String, _ table: [Case], name: String) throws {
        let oh = try OpeningHours(expression)
        for c in table {
            let s = oh.status(at: KioskTime.parseLocal(c.time)!)
            XCTAssertEqual(s.isOpen ? "open" : "closed", c.state, "\(name): \(c.line)")
            XCTAssertEqual(s.nextChange.map(KioskTime.formatLocal) ?? "none", c.next, "\(name) next change: \(c.line)")
            XCTAssertFalse(s.isUnknown, "\(name): \(c.line)")
        }
    }

    // MARK: - Day by day

    func testPlanned2020AroundEveryBoundaryAndHoliday() throws {
        try check(OfficeSchedule.planned2020, cases(planned), name: "planned2020")
    }

    func testActual2020AddsTheLockdowns() throws {
        let overrides = cases(actualOnly)
        let overridden = Set(overrides.map(\.time))
        let inLockdown: (String) -> Bool = { t in
            (t >= "2020-03-17" && t < "2020-06-03") || t.hasPrefix("2020-11")
        }
        // Every planned case outside the lockdowns whose next change is not in them either holds as is.
        let unchanged = cases(planned).filter { !overridden.contains($0.time) && !inLockdown($0.time) && !inLockdown($0.next) }
        XCTAssertGreaterThan(unchanged.count, 30)
        try check(OfficeSchedule.actual2020, unchanged + overrides, name: "actual2020")
        XCTAssertEqual(OfficeSchedule.office2020, OfficeSchedule.actual2020)
    }

    func testOpenDaysAroundLockdownBoundaries() throws {
        let oh = try OpeningHours(OfficeSchedule.actual2020)
        let expected: [(String, Bool)] = [
            ("2020-03-16", true), ("2020-03-17", false), ("2020-06-02", false), ("2020-06-03", true),
            ("2020-10-31", true), ("2020-11-01", false), ("2020-11-30", false), ("2020-12-01", true),
        ]
        for (iso, open) in expected {
            XCTAssertEqual(oh.isOpen(on: LocalDate(iso: iso)!), open, iso)
        }
    }

    func testIntervalsOfTypicalDaysInEachPeriod() throws {
        let oh = try OpeningHours(OfficeSchedule.planned2020)
        let expected: [(String, [Range<Int>])] = [
            ("2020-01-06", [570..<750, 840..<1020]),    // winter Mon
            ("2020-02-03", [570..<750, 840..<1080]),    // Feb-Apr Mon
            ("2020-05-10", [570..<810]),                // May Sunday
            ("2020-07-15", [570..<750, 810..<1110]),    // summer Wed
            ("2020-07-19", [570..<750, 870..<1020]),    // summer Sunday
            ("2020-07-14", [570..<750, 870..<1020]),    // 14 Jul
            ("2020-08-30", [570..<810]),                // late-August Sunday
            ("2020-09-06", []),                         // September Sunday
            ("2020-12-25", []),
        ]
        for (iso, r) in expected {
            XCTAssertEqual(oh.intervals(on: LocalDate(iso: iso)!), r, iso)
        }
    }

    // MARK: - The leaflet's counts

    private func count(_ expression: String) throws -> (open: Int, holidays: [String], sundays: Int) {
        let oh = try OpeningHours(expression)
        var d = LocalDate(year: 2020, month: 1, day: 1)
        var open = 0, sundays = 0
        var holidays: [String] = []
        while d.year == 2020 {
            if oh.isOpen(on: d) {
                open += 1
                if FrenchHolidays.isHoliday(d) { holidays.append(d.description) }
                if d.isoWeekday == 7 { sundays += 1 }
            }
            d = d.adding(days: 1)
        }
        return (open, holidays, sundays)
    }

    func testPlanned2020Has326OpenDaysWith4HolidaysAnd18Sundays() throws {
        let c = try count(OfficeSchedule.planned2020)
        XCTAssertEqual(c.open, 326)
        XCTAssertEqual(c.holidays, ["2020-05-08", "2020-05-21", "2020-07-14", "2020-08-15"])
        XCTAssertEqual(c.sundays, 18)
    }

    func testActual2020Has233OpenDays() throws {
        // 326 planned, less the 69 planned open days of 17 Mar-2 Jun and the 24 of November.
        let c = try count(OfficeSchedule.actual2020)
        XCTAssertEqual(c.open, 233)
        XCTAssertEqual(c.holidays, ["2020-07-14", "2020-08-15"])
        XCTAssertEqual(c.sundays, 13)
    }

    func testStandardScheduleEqualsPlanned2020In2020AndFollowsAscension() throws {
        let standard = try OpeningHours(OfficeSchedule.standard)
        let planned = try OpeningHours(OfficeSchedule.planned2020)
        var d = LocalDate(year: 2020, month: 1, day: 1)
        while d.year == 2020 {
            XCTAssertEqual(standard.intervals(on: d), planned.intervals(on: d), "\(d)")
            d = d.adding(days: 1)
        }
        // 2021: Ascension is 13 May, and 21 May is an ordinary Friday.
        XCTAssertEqual(standard.intervals(on: LocalDate(iso: "2021-05-13")!), [570..<810])
        XCTAssertEqual(standard.intervals(on: LocalDate(iso: "2021-05-21")!), [570..<750, 840..<1080])
        XCTAssertEqual(standard.intervals(on: LocalDate(iso: "2021-05-24")!), [])   // Whit Monday
        XCTAssertFalse(OfficeSchedule.standard.contains("2020"))
    }
}
