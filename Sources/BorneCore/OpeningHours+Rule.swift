/// The parsed form of one `opening_hours` rule and what it matches: the
/// selectors (years, dates, weekdays, public holidays), the time spans, the
/// state it sets and its comment. Built once by the parser; evaluation only
/// reads these precomputed values (no strings are looked at per frame).

/// The state a rule sets: `open` (the default), `closed`/`off`, `unknown`.
enum RuleKind: UInt8, Equatable, Sendable {
    case open, closed, unknown
}

/// How a rule combines with the rules before it.
enum RuleOperator: Equatable, Sendable {
    /// `;` — replaces what earlier rules said for the days it matches.
    case normal
    /// `,` between rules — adds to what earlier rules said.
    case additional
    /// `||` — used only where the earlier rules matched nothing, or only closed.
    case fallback
}

/// One end of a date range: `Dec 25`, `2020 Mar 17`, `Nov` (a whole month:
/// day 1 at a start, the last day at an end) or `easter +39 days`.
struct DatePoint: Equatable, Sendable {
    enum Base: Equatable, Sendable {
        /// `day == nil` is a whole month.
        case monthDay(month: Int, day: Int?)
        case easter(offsetDays: Int)
    }
    var year: Int?
    var base: Base

    var isEaster: Bool { if case .easter = base { return true } else { return false } }

    /// Sortable key `year*10000 + month*100 + day` for month-day points; a
    /// missing day is 1 at a start and 31 at an end (any real day compares
    /// correctly against those, and `Feb 29` simply never matches in 2021).
    func key(year y: Int, isEnd: Bool) -> Int {
        switch base {
        case let .monthDay(month, day):
            return y * 10000 + month * 100 + (day ?? (isEnd ? 31 : 1))
        case let .easter(offset):
            let d = FrenchHolidays.easterSunday(year: y).adding(days: offset)
            return d.year * 10000 + d.month * 100 + d.day
        }
    }
}

/// A date range `start-end`, inclusive; a single date or month has start == end.
/// Ranges without years repeat every year and may wrap the year end
/// (`Nov 01-Jan 31`); an end without a year takes the start's year.
struct DateRange: Equatable, Sendable {
    var start: DatePoint
    var end: DatePoint

    func contains(_ day: LocalDate) -> Bool {
        let k = day.year * 10000 + day.month * 100 + day.day
        if let sy = start.year {
            let s = start.key(year: sy, isEnd: false)
            var e = end.key(year: end.year ?? sy, isEnd: true)
            if end.year == nil, e < s { e = end.key(year: sy + 1, isEnd: true) }
            return s <= k && k <= e
        }
        if !start.isEaster && !end.isEaster {
            // Compare month-day only: the range repeats every year.
            let md = k % 10000
            let s = start.key(year: 0, isEnd: false), e = end.key(year: 0, isEnd: true)
            return s <= e ? (s <= md && md <= e) : (md >= s || md <= e)
        }
        // Easter moves: resolve the range in the previous and current year.
        for y in [day.year - 1, day.year] {
            let s = start.key(year: y, isEnd: false)
            var e = end.key(year: y, isEnd: true)
            if e < s { e = end.key(year: y + 1, isEnd: true) }
            if s <= k && k <= e { return true }
        }
        return false
    }
}

/// Weekdays as a bit mask (bit n = ISO weekday n, 1 = Monday) and `PH`.
/// A day matches when its weekday is in the mask *or* it is a public holiday
/// and `PH` was listed (`Su,PH` is "Sundays and public holidays").
struct WeekdaySelector: Equatable, Sendable {
    var mask: UInt8 = 0
    var holidays = false

    func matches(_ day: LocalDate) -> Bool {
        if mask & (1 << UInt8(day.isoWeekday)) != 0 { return true }
        return holidays && FrenchHolidays.isHoliday(day)
    }
}

/// A piece of a day's schedule, in minutes from local midnight.
struct DaySegment: Equatable, Sendable {
    var start: Int
    var end: Int
    var kind: RuleKind
    var comment: String?
}

/// One rule, with its spans already split into the part on the matching day
/// and the part that spills past midnight into the next day.
struct Rule: Equatable, Sendable {
    var op: RuleOperator = .normal
    /// Empty: any year. Invariant: each range is within 1900...9999.
    var years: [ClosedRange<Int>] = []
    /// Empty: any date.
    var dates: [DateRange] = []
    /// nil: any weekday.
    var weekdays: WeekdaySelector?
    /// Whether the rule gave times; without them it covers the whole day.
    var hasTimes = false
    var kind: RuleKind = .open
    var comment: String?
    /// Segments on the matching day (within 0..<1440).
    private(set) var today: [DaySegment] = []
    /// Segments on the day after a matching day (times past 24:00), shifted by -1440.
    private(set) var spill: [DaySegment] = []

    /// Sets the spans, in minutes; an end past 1440 runs into the next day.
    /// Invariant: 0 <= lowerBound < 1440, upperBound <= 2880.
    mutating func setSpans(_ spans: [Range<Int>]) {
        let all = spans.isEmpty ? [0..<1440] : spans
        today = all.map { DaySegment(start: $0.lowerBound, end: min($0.upperBound, 1440), kind: kind, comment: comment) }
        spill = all.filter { $0.upperBound > 1440 }.map {
            DaySegment(start: max($0.lowerBound, 1440) - 1440, end: $0.upperBound - 1440, kind: kind, comment: comment)
        }
    }

    /// Whether the day selectors (years, dates, weekdays) all accept the day.
    func matches(_ day: LocalDate) -> Bool {
        if !years.isEmpty && !years.contains(where: { $0.contains(day.year) }) { return false }
        if !dates.isEmpty && !dates.contains(where: { $0.contains(day) }) { return false }
        if let w = weekdays, !w.matches(day) { return false }
        return true
    }

    /// True when the rule only depends on the weekday, so a schedule made of
    /// such rules repeats every week.
    var isWeekly: Bool {
        years.isEmpty && dates.isEmpty && !(weekdays?.holidays ?? false)
    }
}
