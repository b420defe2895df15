import BorneCore
import BorneStore
import Foundation

/// What the report adds to `KioskYearStats` for one kiosk and one period:
/// sessions by the office's state when they started, sessions per calendar
/// month of the period, QR codes asked for, and the satisfaction answers.
public struct KioskPeriodExtras: Equatable, Sendable {
    /// Sessions that started while the office was open / closed (its
    /// opening hours, public holidays included).
    public var sessionsOfficeOpen = 0
    public var sessionsOfficeClosed = 0
    /// Sessions that started on a day the office's hours cannot say (no
    /// hours given, or hours needing a calendar the content lacks).
    public var sessionsOfficeUnknown = 0
    /// Sessions started while the office was closed, by local hour.
    public var closedByHour = [Int](repeating: 0, count: 24)
    /// Sessions by calendar month of the period: key `year * 12 + month - 1`.
    public var sessionsByYearMonth: [Int: Int] = [:]
    /// QR codes shown on a tap: kind (`gpx`, `pdf`, `carte`, `web`, `telephone`, `lieu`, `fiche`, `autre`) → item id → taps.
    public var qr: [String: [String: Int]] = [:]
    /// Answers to the kiosk's satisfaction question (`survey:<answer>` taps), by answer.
    public var survey: [String: Int] = [:]

    public init() {}

    mutating func add(_ o: KioskPeriodExtras) {
        sessionsOfficeOpen += o.sessionsOfficeOpen
        sessionsOfficeClosed += o.sessionsOfficeClosed
        sessionsOfficeUnknown += o.sessionsOfficeUnknown
        for h in 0..<24 { closedByHour[h] += o.closedByHour[h] }
        for (k, v) in o.sessionsByYearMonth { sessionsByYearMonth[k, default: 0] += v }
        for (kind, items) in o.qr { for (i, v) in items { qr[kind, default: [:]][i, default: 0] += v } }
        for (k, v) in o.survey { survey[k, default: 0] += v }
    }
}

/// Every kiosk's figures for a period of local days.
public struct PeriodStats: Equatable, Sendable {
    public var period: ReportPeriod
    public var stats: YearStats
    public var extras: [String: KioskPeriodExtras]

    public var isEmpty: Bool { stats.isEmpty }

    public var allExtras: KioskPeriodExtras {
        var a = KioskPeriodExtras()
        for e in extras.values { a.add(e) }
        return a
    }
}

extension LocalDate {
    /// The same day of the next month (used on the 1st).
    fileprivate func addingMonth() -> LocalDate {
        month == 12 ? LocalDate(year: year + 1, month: 1, day: day) : LocalDate(year: year, month: month + 1, day: day)
    }
}

/// Runs `body` on `value` in place.
@inline(__always) private func update<T>(_ value: inout T, _ body: (inout T) -> Void) { body(&value) }

/// The office's opening hours, asked day by day (cached), for the
/// closed-hours split of sessions.
struct OfficeHoursLookup {
    let hours: OpeningHours?
    private var cache: [Int: (readable: Bool, open: [Range<Int>])] = [:]

    init(_ hours: OpeningHours?) { self.hours = hours }

    /// Open (true), closed (false) or not known (nil) at a local minute of a day.
    mutating func isOpen(day: Int, minute: Int) -> Bool? {
        guard let hours else { return nil }
        let d: (readable: Bool, open: [Range<Int>])
        if let c = cache[day] { d = c } else {
            let date = LocalDate(dayNumber: day)
            d = (hours.isReadable(on: date), hours.intervals(on: date))
            cache[day] = d
        }
        guard d.readable else { return nil }
        return d.open.contains { $0.contains(minute) }
    }
}

extension OfficeStore {
    /// The period's figures, plus the report's extras, from the aggregates
    /// kept at ingest (`touch_days`, `touch_months`, `touch_sessions`: OfficeStore+Aggregates.swift):
    /// a session counts in the period of its start (its first tap, or its
    /// earliest stored tap when the first is missing), a tap in the period
    /// of its own local date; scripted rows and implausible clocks are left
    /// out. Kiosks: the trusted ones, and those with a tap or a session in
    /// the period. `officeHours` splits sessions by the office's state at
    /// their start; nil leaves them all "unknown".
    public func periodStats(_ period: ReportPeriod, only: Set<String>? = nil,
                            officeHours: OpeningHours? = nil, itemQR: [String: String] = [:],
                            hikeCodes: [String: [String]] = [:]) throws -> PeriodStats {
        var stats: [String: KioskYearStats] = [:]
        var extras: [String: KioskPeriodExtras] = [:]
        for k in try trustedKiosks() where only?.contains(k.id) ?? true {
            stats[k.id] = KioskYearStats()
            extras[k.id] = KioskPeriodExtras()
        }
        let names = try aggregateStrings()
        func wanted(_ id: Int64) -> String? {
            let name = names[id] ?? ""
            return only?.contains(name) ?? true ? name : nil
        }

        // Taps: summed per (kiosk, section, target, screen) over the days, then counted once per combination.
        struct Combination: Hashable { var kiosk: Int64; var section: Int64; var target: Int64; var screen: Int64 }
        var taps: [Combination: Int] = [:]
        // Whole calendar months from touch_months, the days before and after them from touch_days.
        let days = try db.prepare("SELECT kiosk, section, target, screen, taps FROM touch_days WHERE day >= ? AND day < ?")
        let months = try db.prepare("SELECT kiosk, section, target, screen, taps FROM touch_months WHERE month >= ? AND month < ?")
        func read(_ s: Statement, _ from: Int, _ to: Int) throws {
            guard from < to else { return }
            try s.bind([.integer(Int64(from)), .integer(Int64(to))])
            while try s.step() {
                taps[Combination(kiosk: s.int64(0), section: s.int64(1), target: s.int64(2), screen: s.int64(3)),
                     default: 0] += Int(s.int64(4))
            }
            s.reset()
        }
        let (firstDay, endDay) = (period.start.dayNumber, period.end.dayNumber)
        let first = period.start.day == 1 ? period.start : LocalDate(year: period.start.year, month: period.start.month, day: 1)
            .addingMonth()
        let last = LocalDate(year: period.end.year, month: period.end.month, day: 1)
        if first.dayNumber < last.dayNumber, first.dayNumber >= firstDay, last.dayNumber <= endDay {
            try read(days, firstDay, first.dayNumber)
            try read(months, first.year * 12 + first.month - 1, last.year * 12 + last.month - 1)
            try read(days, last.dayNumber, endDay)
        } else {
            try read(days, firstDay, endDay)
        }
        for (c, n) in taps {
            guard let kiosk = wanted(c.kiosk) else { continue }
            var k = stats.removeValue(forKey: kiosk) ?? KioskYearStats()
            k.taps += n
            let section = c.section == 0 ? nil : names[c.section]
            if let section { k.tapsInside[section, default: 0] += n }
            if c.target != 0, let target = names[c.target] {
                if let opened = Self.openedSection(target) {
                    k.openingTaps[opened, default: 0] += n
                } else if target.hasPrefix("item:") {
                    k.itemViews[section ?? "", default: [:]][String(target.dropFirst(5)), default: 0] += n
                } else if let (kind, item) = Self.qrShown(target, screen: c.screen == 0 ? nil : names[c.screen],
                                                          itemQR: itemQR, hikeCodes: hikeCodes) {
                    extras[kiosk, default: KioskPeriodExtras()].qr[kind, default: [:]][item, default: 0] += n
                } else if target.hasPrefix("survey:") {
                    extras[kiosk, default: KioskPeriodExtras()].survey[String(target.dropFirst(7)), default: 0] += n
                }
            }
            stats[kiosk] = k
        }

        // Sessions started in the period, counted per kiosk id, then named.
        struct Counts {
            var year = KioskYearStats()
            var extras = KioskPeriodExtras()
            var languages: [Int64: Int] = [:]
        }
        var counts: [Int64: Counts] = [:]
        var clock = ParisClock()
        var hours = OfficeHoursLookup(officeHours)
        var dates: [Int: LocalDate] = [:]
        let q = try db.prepare("SELECT kiosk, start_ms, language FROM touch_sessions WHERE start_ms >= ? AND start_ms < ?")
        try q.bind([.integer(ParisClock.startOfDay(period.start)), .integer(ParisClock.startOfDay(period.end))])
        while try q.step() {
            let start = q.int64(1)
            let local = clock.local(ms: start)
            let date: LocalDate
            if let known = dates[local.day] { date = known } else { date = LocalDate(dayNumber: local.day); dates[local.day] = date }
            // Europe/Paris offsets are whole hours: the minute is the UTC one.
            let minute = local.hour * 60 + Int((start / 60_000) % 60 + 60) % 60
            let open = hours.isOpen(day: local.day, minute: minute)
            update(&counts[q.int64(0), default: Counts()]) { c in
                c.year.sessions += 1
                c.year.days.insert(local.day)
                c.year.sessionsByHour[local.hour] += 1
                c.year.sessionsByMonth[date.month - 1] += 1
                c.languages[q.int64(2), default: 0] += 1
                c.extras.sessionsByYearMonth[date.year * 12 + date.month - 1, default: 0] += 1
                switch open {
                case true?: c.extras.sessionsOfficeOpen += 1
                case false?: c.extras.sessionsOfficeClosed += 1; c.extras.closedByHour[local.hour] += 1
                case nil: c.extras.sessionsOfficeUnknown += 1
                }
            }
        }
        q.reset()
        for (id, c) in counts {
            guard let kiosk = wanted(id) else { continue }
            var year = c.year
            for (language, n) in c.languages { year.sessionsByLanguage[names[language] ?? "", default: 0] += n }
            update(&stats[kiosk, default: KioskYearStats()]) { $0.add(year) }
            update(&extras[kiosk, default: KioskPeriodExtras()]) { $0.add(c.extras) }
        }
        return PeriodStats(period: period, stats: YearStats(year: period.start.year, kiosks: stats), extras: extras)
    }

    /// Every string of the aggregates by id.
    func aggregateStrings() throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for (id, value) in try db.prepare("SELECT id, value FROM strings").rows([], { ($0.int64(0), $0.text(1) ?? "") }) {
            names[id] = value
        }
        return names
    }

    /// A tap that shows a QR code, as (kind, item id): `download:<id>` the
    /// hike's GPX, `sheet:<id>` its PDF, `start:<id>` its start on a map;
    /// `nav:qr` on `detail:<id>` the item's website, phone or place, which
    /// `itemQR` (item id → `web`, `telephone`, `lieu`) tells, else `fiche`.
    ///
    /// The kiosk's QR screen names its other codes by what they carry,
    /// `qr:<caption key>` (`qr:scanWebsite`, `qr:scanPhone`...): the item is
    /// the screen's when it is `detail:<id>`, else not known (""); the hike
    /// page's code choice is `qr:<index>:<hike id>`, the index into the
    /// hike's codes in the kiosk's order (GPX, PDF, start; those it has),
    /// which `hikeCodes` gives.
    static func qrShown(_ target: String, screen: String?, itemQR: [String: String],
                        hikeCodes: [String: [String]] = [:]) -> (String, String)? {
        for (prefix, kind) in [("download:", "gpx"), ("sheet:", "pdf"), ("start:", "carte")] where target.hasPrefix(prefix) {
            return (kind, String(target.dropFirst(prefix.count)))
        }
        if target.hasPrefix("qr:") {
            let parts = target.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            if parts.count == 3, let i = Int(parts[1]) {
                let codes = hikeCodes[parts[2]] ?? []
                return (i >= 0 && i < codes.count ? codes[i] : "rando", parts[2])
            }
            let kinds = ["scanWebsite": "web", "scanPhone": "telephone", "scanMap": "lieu", "scanCalendar": "agenda",
                         "scanGPX": "gpx", "scanPDF": "pdf", "scanStart": "carte"]
            let item = screen.map { $0.hasPrefix("detail:") ? String($0.dropFirst(7)) : "" } ?? ""
            return (kinds[parts.count > 1 ? parts[1] : ""] ?? "autre", item)
        }
        if target == "nav:qr" {
            guard let screen, screen.hasPrefix("detail:") else { return ("autre", screen ?? "") }
            let id = String(screen.dropFirst(7))
            return (itemQR[id] ?? "fiche", id)
        }
        return nil
    }
}
