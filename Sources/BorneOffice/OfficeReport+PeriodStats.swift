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
    /// The period's figures, counted exactly as `yearStats` counts a year
    /// (a session in the period of its start, a tap in the period of its own
    /// local date, scripted rows and implausible clocks left out), plus the
    /// report's extras. `officeHours` splits sessions by the office's state
    /// at their start; nil leaves them all "unknown".
    public func periodStats(_ period: ReportPeriod, only: Set<String>? = nil,
                            officeHours: OpeningHours? = nil, itemQR: [String: String] = [:],
                            hikeCodes: [String: [String]] = [:]) throws -> PeriodStats {
        let start = ParisClock.startOfDay(period.start)
        let end = ParisClock.startOfDay(period.end)
        let margin: Int64 = 86_400_000
        var clock = ParisClock()
        var hours = OfficeHoursLookup(officeHours)
        var stats: [String: KioskYearStats] = [:]
        var extras: [String: KioskPeriodExtras] = [:]
        for k in try trustedKiosks() where only?.contains(k.id) ?? true {
            stats[k.id] = KioskYearStats()
            extras[k.id] = KioskPeriodExtras()
        }

        struct SessionKey: Hashable { var kiosk: String; var epoch: Int64; var id: Int64 }
        struct SessionAgg { var start: Int64; var exact: Bool; var lastSeq: Int64; var language: String }
        var sessions: [SessionKey: SessionAgg] = [:]

        let s = try db.prepare("""
            SELECT kiosk, seq, session_id, wall_ms, section, target, language, flags, epoch
            FROM touches
            WHERE wall_ms >= ? AND wall_ms < ? AND clock = 0 AND (flags & \(TouchFlags.scripted.rawValue)) = 0
            """)
        try s.bind([.integer(start - margin), .integer(end + margin)])
        var lastKiosk = ""
        var wanted = true
        while try s.step() {
            let kiosk = s.text(0) ?? ""
            if kiosk != lastKiosk {
                lastKiosk = kiosk
                wanted = only?.contains(kiosk) ?? true
            }
            guard wanted else { continue }
            let seq = s.int64(1)
            let wall = s.int64(3)
            let flags = s.int64(7)
            if let sid = s.int64OrNil(2) {
                let key = SessionKey(kiosk: kiosk, epoch: s.int64(8), id: sid)
                if var agg = sessions[key] {
                    if seq == sid { agg.start = wall; agg.exact = true }
                    else if !agg.exact, wall < agg.start { agg.start = wall }
                    if seq > agg.lastSeq { agg.lastSeq = seq; agg.language = s.text(6) ?? "" }
                    sessions[key] = agg
                } else {
                    sessions[key] = SessionAgg(start: wall, exact: seq == sid, lastSeq: seq, language: s.text(6) ?? "")
                }
            }
            guard wall >= start, wall < end else { continue }
            // Taken out of the dictionary so that its dictionaries are updated
            // in place (as yearStats does on branch perf).
            var k = stats.removeValue(forKey: kiosk) ?? KioskYearStats()
            k.taps += 1
            let section = s.text(4)
            if let section { k.tapsInside[section, default: 0] += 1 }
            if let target = s.text(5), flags & TouchFlags.noAction.rawValue == 0 {
                if let opened = Self.openedSection(target) {
                    k.openingTaps[opened, default: 0] += 1
                } else if target.hasPrefix("item:") {
                    k.itemViews[section ?? "", default: [:]][String(target.dropFirst(5)), default: 0] += 1
                } else if target == "nav:qr" || target.hasPrefix("qr:") {
                    // Read with their screen below, apart: this query stays within the wall-time index.
                } else if let (kind, item) = Self.qrShown(target, screen: nil, itemQR: itemQR, hikeCodes: hikeCodes) {
                    extras[kiosk, default: KioskPeriodExtras()].qr[kind, default: [:]][item, default: 0] += 1
                } else if target.hasPrefix("survey:") {
                    extras[kiosk, default: KioskPeriodExtras()].survey[String(target.dropFirst(7)), default: 0] += 1
                }
            }
            stats[kiosk] = k
        }
        s.reset()

        // QR codes asked for from a screen (`nav:qr`, `qr:...`): the screen says which item.
        let q = try db.prepare("""
            SELECT kiosk, target, screen FROM touches
            WHERE wall_ms >= ? AND wall_ms < ? AND clock = 0
              AND (flags & \(TouchFlags.scripted.rawValue | TouchFlags.noAction.rawValue)) = 0
              AND (target = 'nav:qr' OR target LIKE 'qr:%')
            """)
        try q.bind([.integer(start), .integer(end)])
        while try q.step() {
            let kiosk = q.text(0) ?? ""
            guard only?.contains(kiosk) ?? true, let target = q.text(1),
                  let (kind, item) = Self.qrShown(target, screen: q.text(2), itemQR: itemQR, hikeCodes: hikeCodes) else { continue }
            extras[kiosk, default: KioskPeriodExtras()].qr[kind, default: [:]][item, default: 0] += 1
        }
        q.reset()

        for (key, agg) in sessions where agg.start >= start && agg.start < end {
            var k = stats.removeValue(forKey: key.kiosk) ?? KioskYearStats()
            var e = extras.removeValue(forKey: key.kiosk) ?? KioskPeriodExtras()
            let local = clock.local(ms: agg.start)
            let date = LocalDate(dayNumber: local.day)
            k.sessions += 1
            k.days.insert(local.day)
            k.sessionsByHour[local.hour] += 1
            k.sessionsByMonth[date.month - 1] += 1
            k.sessionsByLanguage[agg.language, default: 0] += 1
            e.sessionsByYearMonth[date.year * 12 + date.month - 1, default: 0] += 1
            // Europe/Paris offsets are whole hours: the minute is the UTC one.
            let minute = local.hour * 60 + Int((agg.start / 60_000) % 60 + 60) % 60
            switch hours.isOpen(day: local.day, minute: minute) {
            case true?: e.sessionsOfficeOpen += 1
            case false?: e.sessionsOfficeClosed += 1; e.closedByHour[local.hour] += 1
            case nil: e.sessionsOfficeUnknown += 1
            }
            stats[key.kiosk] = k
            extras[key.kiosk] = e
        }
        return PeriodStats(period: period, stats: YearStats(year: period.start.year, kiosks: stats), extras: extras)
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
