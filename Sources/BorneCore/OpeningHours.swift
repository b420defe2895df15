import Foundation

/// Opening hours of offices, restaurants and sites: a parser and evaluator for
/// the subset of OpenStreetMap's `opening_hours` syntax that the Carladès
/// content uses (see docs/OPENING_HOURS.md), evaluated in Europe/Paris.
///
/// Parsing happens once, in `init`; `status(at:)` and `intervals(on:)` only
/// walk precomputed rules, because the kiosk asks for every row on every frame.
/// All evaluation is in local date + minute of day, converted to instants with
/// `KioskTime` only at the end, so daylight-saving changes cannot shift hours.

/// A syntax error: the expression, the 0-based character position and what
/// was expected there.
public struct OpeningHoursError: Error, Equatable, Sendable, CustomStringConvertible {
    public var expression: String
    public var position: Int
    public var message: String
    public init(expression: String, position: Int, message: String) {
        self.expression = expression; self.position = position; self.message = message
    }
    public var description: String { "opening_hours \"\(expression)\" at character \(position + 1): \(message)" }
}

/// The state of an opening-hours expression at an instant.
public struct OpeningStatus: Equatable, Sendable {
    public var isOpen: Bool
    /// The next instant the state (open, closed or unknown) changes, nil when
    /// it does not change within the search horizon (e.g. "24/7", "off").
    public var nextChange: Date?
    /// The rule's comment, if the matching rule has one ("sur rendez-vous").
    public var comment: String?
    /// True when the expression says the state is unknown here (an `unknown`
    /// rule, or a rule that is only a comment); `isOpen` is then false.
    public var isUnknown: Bool
    /// True when the kiosk cannot evaluate the expression at this instant
    /// (it needs school holidays the calendar does not cover, or sun times
    /// without a position): show "Horaires : voir l'office", never a state.
    /// `isUnknown` is then true too.
    public var isUnreadable: Bool
    /// True when `nextChange` is where the expression becomes unreadable
    /// (e.g. past the school-holiday calendar): say the state, not what follows.
    public var nextIsUnreadable = false
    public init(isOpen: Bool, nextChange: Date?, comment: String? = nil, isUnknown: Bool = false,
                isUnreadable: Bool = false) {
        self.isOpen = isOpen; self.nextChange = nextChange; self.comment = comment
        self.isUnknown = isUnknown || isUnreadable; self.isUnreadable = isUnreadable
    }
}

/// An OpenStreetMap `opening_hours` expression, evaluated in Europe/Paris.
public struct OpeningHours: Equatable, Sendable {
    /// What evaluation needs besides the expression: the place's position
    /// (sunrise, sunset, dawn, dusk) and the school-holiday calendar (`SH`).
    /// Without them an expression that needs them still parses, and is
    /// unreadable on the days it needs them.
    public struct Context: Equatable, Sendable {
        public var geo: GeoPoint?
        public var schoolHolidays: SchoolHolidays?
        public init(geo: GeoPoint? = nil, schoolHolidays: SchoolHolidays? = nil) {
            self.geo = geo; self.schoolHolidays = schoolHolidays
        }
    }

    public let expression: String
    public let context: Context
    let rules: [Rule]
    /// How many days after the current one `status(at:)` looks for a change:
    /// 400 in general, 8 when every rule depends on the weekday only (the
    /// schedule then repeats weekly, so a change not seen in 8 days never comes).
    let horizonDays: Int

    /// Two values are equal when their expressions mean the same; the context
    /// (position, calendar) is where they are evaluated, not what they say,
    /// and is compared by the catalog it comes from (`ContentCatalog`).
    public static func == (a: OpeningHours, b: OpeningHours) -> Bool {
        a.expression == b.expression && a.rules == b.rules && a.horizonDays == b.horizonDays
    }

    /// Parses the expression; throws `OpeningHoursError` naming the position.
    public init(_ expression: String, context: Context = Context()) throws {
        self.expression = expression
        self.context = context
        var parser = OpeningHoursParser(expression)
        self.rules = try parser.parse()
        self.horizonDays = rules.allSatisfy(\.isWeekly) ? 8 : 400
    }

    /// Open or closed at the instant, the next change and the rule's comment.
    public func status(at date: Date) -> OpeningStatus {
        let (day, minute) = KioskTime.local(date)
        let segments = filledSchedule(on: day)
        let current = segments.first { $0.start <= minute && minute < $0.end } ?? segments[segments.count - 1]
        var next: Date?
        var nextKind = current.kind
        search: for offset in 0...horizonDays {
            let d = day.adding(days: offset)
            for seg in offset == 0 ? segments : filledSchedule(on: d)
            where (offset > 0 || seg.start > minute) && seg.kind != current.kind {
                var instant = KioskTime.instant(d, minute: seg.start)
                // In the autumn fold the local minute occurs twice; instant()
                // gives the first, which may be behind us: take the second.
                if instant <= date { instant.addTimeInterval(3600) }
                next = instant
                nextKind = seg.kind
                break search
            }
        }
        if current.kind == .unreadable {
            return OpeningStatus(isOpen: false, nextChange: nil, isUnreadable: true)
        }
        var status = OpeningStatus(isOpen: current.kind == .open, nextChange: next,
                                   comment: current.comment, isUnknown: current.kind == .unknown)
        status.nextIsUnreadable = nextKind == .unreadable
        return status
    }

    /// Open intervals of a local day, in minutes from midnight (end exclusive, up to 1440).
    public func intervals(on day: LocalDate) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for seg in schedule(on: day) where seg.kind == .open {
            if let last = result.last, last.upperBound == seg.start {
                result[result.count - 1] = last.lowerBound..<seg.end
            } else {
                result.append(seg.start..<seg.end)
            }
        }
        return result
    }

    /// False on a day the kiosk cannot evaluate (SH past the school-holiday
    /// calendar, sun times without a position): `intervals(on:)` is then empty
    /// and must not be shown as "closed".
    public func isReadable(on day: LocalDate) -> Bool {
        !schedule(on: day).contains { $0.kind == .unreadable }
    }

    /// Whether the expression is open at some minute of the day.
    public func isOpen(on day: LocalDate) -> Bool {
        schedule(on: day).contains { $0.kind == .open }
    }

    // MARK: - Evaluation of one day

    /// Whether the expression uses something evaluation may lack (`SH`, sun
    /// times): such days can be unreadable.
    public var needsContext: (schoolHolidays: Bool, position: Bool) {
        (rules.contains { $0.weekdays?.usesSchoolHolidays ?? false }, rules.contains(where: \.usesSun))
    }

    /// The explicit segments of a day, sorted and disjoint; gaps are closed.
    /// A day that cannot be evaluated is one unreadable segment.
    func schedule(on day: LocalDate) -> [DaySegment] {
        let unreadable = [DaySegment(start: 0, end: 1440, kind: .unreadable)]
        var sched: [DaySegment] = []
        var matched = false
        let yesterday = day.adding(days: -1)
        for rule in rules {
            guard let today = rule.matches(day, school: context.schoolHolidays) else { return unreadable }
            var segs = (today: rule.today, spill: rule.spill)
            var ySpill = rule.spill
            var fromYesterday = false
            if rule.usesSun {
                if today {
                    guard let s = rule.sunSegments(on: day, geo: context.geo) else { return unreadable }
                    segs = s
                }
                guard let y = rule.matches(yesterday, school: context.schoolHolidays) else { return unreadable }
                if y {
                    guard let s = rule.sunSegments(on: yesterday, geo: context.geo) else { return unreadable }
                    ySpill = s.spill
                    fromYesterday = !ySpill.isEmpty
                }
            } else if !rule.spill.isEmpty {
                guard let y = rule.matches(yesterday, school: context.schoolHolidays) else { return unreadable }
                fromYesterday = y
            }
            switch rule.op {
            case .normal:
                if today {
                    // A closed rule with times only closes those times
                    // ("Mo-Fr 09:00-18:00; We 12:00-13:00 off"); any other
                    // matching rule replaces the day.
                    if !(rule.kind == .closed && rule.hasTimes) { sched = [] }
                    paint(&sched, segs.today)
                    matched = true
                }
                if fromYesterday { paint(&sched, ySpill) }
            case .additional:
                if today { paint(&sched, segs.today); matched = true }
                if fromYesterday { paint(&sched, ySpill) }
            case .fallback:
                let earlierSaidSomething = matched && sched.contains { $0.kind != .closed }
                if !earlierSaidSomething {
                    sched = []
                    matched = today
                    if today { paint(&sched, segs.today) }
                    if fromYesterday { paint(&sched, ySpill) }
                }
            }
        }
        return sched
    }

    /// The day's schedule with the gaps filled by closed segments, so that it
    /// covers 0..<1440 exactly.
    func filledSchedule(on day: LocalDate) -> [DaySegment] {
        var out: [DaySegment] = []
        var t = 0
        for seg in schedule(on: day) {
            if seg.start > t { out.append(DaySegment(start: t, end: seg.start, kind: .closed)) }
            out.append(seg)
            t = seg.end
        }
        if t < 1440 { out.append(DaySegment(start: t, end: 1440, kind: .closed)) }
        return out
    }

    /// Paints segments over a schedule: each new segment wins over what was
    /// there in its range. Keeps the schedule sorted and disjoint.
    private func paint(_ sched: inout [DaySegment], _ segments: [DaySegment]) {
        for seg in segments where seg.start < seg.end {
            var out: [DaySegment] = []
            out.reserveCapacity(sched.count + 2)
            var inserted = false
            for old in sched {
                if old.end <= seg.start || old.start >= seg.end {
                    if !inserted && old.start >= seg.end { out.append(seg); inserted = true }
                    out.append(old)
                    continue
                }
                if old.start < seg.start {
                    var left = old; left.end = seg.start; out.append(left)
                }
                if !inserted { out.append(seg); inserted = true }
                if old.end > seg.end {
                    var right = old; right.start = seg.end; out.append(right)
                }
            }
            if !inserted { out.append(seg) }
            sched = out
        }
    }
}
