/// The parsed form of one `opening_hours` rule and what it matches: the
/// selectors (years, dates, weekdays, public holidays), the time spans, the
/// state it sets and its comment. Built once by the parser; evaluation only
/// reads these precomputed values (no strings are looked at per frame).

/// The state a rule sets: `open` (the default), `closed`/`off`, `unknown`.
enum RuleKind: UInt8, Equatable, Sendable {
    case open, closed, unknown
    /// Not a state a rule sets: a day the kiosk cannot evaluate (SH outside
    /// the school-holiday calendar, sun times without a position).
    case unreadable
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

/// The weekday part of a rule: weekdays as a bit mask (bit n = ISO weekday
/// n, 1 = Monday), nth weekdays of the month (`Mo[1]`, `Su[-1]`, with an
/// optional day offset), and the holidays `PH` (French public holidays) and
/// `SH` (school holidays of the content's calendar).
///
/// Listed with ',' everything is a union (`Su,PH`: Sundays and public
/// holidays). A holiday list followed by a weekday list with a space is an
/// intersection (`SH Mo-Fr`: weekdays of the school holidays), as the OSM
/// specification says.
struct WeekdaySelector: Equatable, Sendable {
    var mask: UInt8 = 0
    var nth: [NthWeekday] = []
    var holidays = false
    var schoolHolidays = false
    /// `PH Mo-Fr` / `SH Sa,Su`: the day must be a holiday *and* match the weekdays.
    var intersect = false

    var usesSchoolHolidays: Bool { schoolHolidays }
    var isWeekly: Bool { nth.isEmpty && !holidays && !schoolHolidays }

    /// nil when it depends on school holidays the calendar does not cover.
    func matches(_ day: LocalDate, school: SchoolHolidays?) -> Bool? {
        let weekday = mask & (1 << UInt8(day.isoWeekday)) != 0 || nth.contains { $0.matches(day) }
        let hasWeekdays = mask != 0 || !nth.isEmpty
        if intersect && !weekday { return false }
        if !intersect && weekday { return true }
        var holiday = holidays && FrenchHolidays.isHoliday(day)
        if !holiday && schoolHolidays {
            guard let s = school?.contains(day) else { return nil }
            holiday = s
        }
        if intersect { return holiday && (weekday || !hasWeekdays) }
        return holiday
    }
}

/// `Mo[1]`, `Su[-1]`, `We[1,3]`, `Sa[2-3]`: the weekday's occurrences in the
/// month, counted from its start (1...5) or its end (-1...-5); `Su[-1] +1 day`
/// moves the matching day.
struct NthWeekday: Equatable, Sendable {
    var weekday: Int
    /// Bit n (1...5): the nth from the start; bit 8+n: the nth from the end.
    var which: UInt16
    var offsetDays: Int = 0

    func matches(_ day: LocalDate) -> Bool {
        let d = offsetDays == 0 ? day : day.adding(days: -offsetDays)
        guard d.isoWeekday == weekday else { return false }
        let fromStart = (d.day - 1) / 7 + 1
        let fromEnd = (LocalDate.daysIn(month: d.month, year: d.year) - d.day) / 7 + 1
        return which & (1 << UInt16(fromStart)) != 0 || which & (1 << UInt16(8 + fromEnd)) != 0
    }
}

/// ISO week numbers `week 01-10/2`: from, to (inclusive) and a step.
struct WeekRange: Equatable, Sendable {
    var from: Int
    var to: Int
    var step: Int = 1

    func contains(_ day: LocalDate) -> Bool {
        let w = Self.isoWeek(day)
        guard from <= to ? (from...to).contains(w) : (w >= from || w <= to) else { return false }
        let distance = (w - from + 53) % 53
        return distance % step == 0
    }

    /// The ISO 8601 week number (1...53) of a day.
    static func isoWeek(_ day: LocalDate) -> Int {
        // The week belongs to the year of its Thursday.
        let thursday = day.adding(days: 4 - day.isoWeekday)
        let jan1 = LocalDate(year: thursday.year, month: 1, day: 1)
        return (thursday.dayNumber - jan1.dayNumber) / 7 + 1
    }
}

/// A time of a span: fixed minutes (up to 48:00) or a sun event with an
/// offset in minutes, `(sunset-00:30)`.
enum TimeSpec: Equatable, Sendable {
    case fixed(Int)
    case sun(SolarTimes.Event, offset: Int)

    var fixedMinute: Int? { if case let .fixed(m) = self { return m } else { return nil } }
}

/// One time span as written: `09:00-12:00`, `sunrise-sunset`, `18:00+`
/// (open end: the closing time is unknown), `10:00-18:00+`.
struct TimeSpan: Equatable, Sendable {
    var start: TimeSpec
    var end: TimeSpec?
    var openEnd = false
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
    /// Empty: any ISO week.
    var weeks: [WeekRange] = []
    /// nil: any weekday.
    var weekdays: WeekdaySelector?
    /// Whether the rule gave times; without them it covers the whole day.
    var hasTimes = false
    var kind: RuleKind = .open
    var comment: String?
    /// Segments on the matching day (within 0..<1440), when the spans are fixed.
    private(set) var today: [DaySegment] = []
    /// Segments on the day after a matching day (times past 24:00), shifted by -1440.
    private(set) var spill: [DaySegment] = []
    /// The spans when one depends on the sun: resolved day by day.
    private(set) var sunSpans: [TimeSpan] = []

    var usesSun: Bool { !sunSpans.isEmpty }

    /// Sets fixed spans, in minutes; an end past 1440 runs into the next day.
    /// Invariant: 0 <= lowerBound < 1440, upperBound <= 2880.
    mutating func setSpans(_ spans: [Range<Int>]) {
        setSegments(spans.map { ($0, false) })
    }

    /// Sets the spans as written; those with sun events are kept to be
    /// resolved on each day.
    mutating func setSpans(_ spans: [TimeSpan]) {
        if spans.contains(where: { $0.start.fixedMinute == nil || ($0.end != nil && $0.end?.fixedMinute == nil) }) {
            sunSpans = spans
            return
        }
        setSegments(spans.map { Self.resolve($0) { _ in 0 } })
    }

    private mutating func setSegments(_ spans: [(Range<Int>, openEnd: Bool)]) {
        (today, spill) = Self.segments(spans, kind: kind, comment: comment)
    }

    /// Segments of the spans: open ends are unknown (the closing time is not
    /// known: the kiosk must not say "open until midnight").
    static func segments(_ spans: [(Range<Int>, openEnd: Bool)], kind: RuleKind, comment: String?)
        -> (today: [DaySegment], spill: [DaySegment]) {
        let all = spans.isEmpty ? [(0..<1440, false)] : spans
        var today: [DaySegment] = [], spill: [DaySegment] = []
        for (r, openEnd) in all {
            let k: RuleKind = openEnd && kind == .open ? .unknown : kind
            today.append(DaySegment(start: r.lowerBound, end: min(r.upperBound, 1440), kind: k, comment: comment))
            if r.upperBound > 1440 {
                spill.append(DaySegment(start: max(r.lowerBound, 1440) - 1440, end: r.upperBound - 1440, kind: k, comment: comment))
            }
        }
        return (today, spill)
    }

    /// Minutes of a span on a day; `sun` gives an event's minute. An end
    /// before the start runs past midnight; `18:00+` runs to midnight;
    /// `10:00-18:00+` is open to 18:00 (the open end after it is unknown,
    /// added by the caller as a second span).
    static func resolve(_ span: TimeSpan, sun: (SolarTimes.Event) -> Int) -> (Range<Int>, openEnd: Bool) {
        func minute(_ t: TimeSpec) -> Int {
            switch t {
            case let .fixed(m): return m
            case let .sun(e, offset): return min(max(sun(e) + offset, 0), 1439)
            }
        }
        let from = minute(span.start)
        guard let endSpec = span.end else { return (from..<max(1440, from + 1), true) }
        var to = minute(endSpec)
        if to <= from { to += 1440 }
        return (from..<min(to, 2880), false)
    }

    /// The day's segments for a rule whose spans depend on the sun; nil
    /// without a position (the value cannot be read).
    func sunSegments(on day: LocalDate, geo: GeoPoint?) -> (today: [DaySegment], spill: [DaySegment])? {
        guard let geo else { return nil }
        var spans: [(Range<Int>, openEnd: Bool)] = []
        for s in sunSpans {
            spans.append(Self.resolve(s) { SolarTimes.minute($0, on: day, at: geo) ?? ($0.isMorning ? 360 : 1080) })
        }
        return Self.segments(spans, kind: kind, comment: comment)
    }

    /// Whether the day selectors (years, dates, weeks, weekdays) all accept
    /// the day; nil when that depends on school holidays the calendar does
    /// not cover.
    func matches(_ day: LocalDate, school: SchoolHolidays?) -> Bool? {
        if !years.isEmpty && !years.contains(where: { $0.contains(day.year) }) { return false }
        if !dates.isEmpty && !dates.contains(where: { $0.contains(day) }) { return false }
        if !weeks.isEmpty && !weeks.contains(where: { $0.contains(day) }) { return false }
        if let w = weekdays { return w.matches(day, school: school) }
        return true
    }

    /// True when the rule only depends on the weekday, so a schedule made of
    /// such rules repeats every week.
    var isWeekly: Bool {
        years.isEmpty && dates.isEmpty && weeks.isEmpty && (weekdays?.isWeekly ?? true) && !usesSun
    }
}
