import BorneCore
import BorneStore
import Foundation

/// One kiosk's figures for one year (Europe/Paris local time), computed
/// from `touches` alone. Rows flagged `scripted` or with an implausible
/// clock are left out.
public struct KioskYearStats: Equatable, Sendable {
    /// Distinct session ids whose session started in the year.
    public var sessions = 0
    /// Local days (days since 1970-01-01) with at least one session start.
    public var days: Set<Int> = []
    /// Opening taps: activated taps on `tile:<section>` / `link:<section>`, by section id.
    public var openingTaps: [String: Int] = [:]
    /// Taps made inside each section (`touches.section`), activated or not.
    public var tapsInside: [String: Int] = [:]
    public var sessionsByHour = [Int](repeating: 0, count: 24)
    public var sessionsByMonth = [Int](repeating: 0, count: 12)
    /// Sessions by the language of their last tap.
    public var sessionsByLanguage: [String: Int] = [:]
    /// Detail screens opened (activated `item:<id>` taps), by section then item id.
    public var itemViews: [String: [String: Int]] = [:]
    /// Taps counted in the year.
    public var taps = 0

    public init() {}

    public var openingTapsTotal: Int { openingTaps.values.reduce(0, +) }

    mutating func add(_ o: KioskYearStats) {
        sessions += o.sessions
        days.formUnion(o.days)
        for (k, v) in o.openingTaps { openingTaps[k, default: 0] += v }
        for (k, v) in o.tapsInside { tapsInside[k, default: 0] += v }
        for h in 0..<24 { sessionsByHour[h] += o.sessionsByHour[h] }
        for m in 0..<12 { sessionsByMonth[m] += o.sessionsByMonth[m] }
        for (k, v) in o.sessionsByLanguage { sessionsByLanguage[k, default: 0] += v }
        for (s, items) in o.itemViews { for (i, v) in items { itemViews[s, default: [:]][i, default: 0] += v } }
        taps += o.taps
    }
}

/// Every kiosk's figures for one year.
public struct YearStats: Equatable, Sendable {
    public var year: Int
    public var kiosks: [String: KioskYearStats]

    /// All kiosks together; `days` is the number of distinct days on which
    /// any kiosk had a session (not a sum).
    public var all: KioskYearStats {
        var a = KioskYearStats()
        for k in kiosks.values { a.add(k) }
        return a
    }

    public var isEmpty: Bool { kiosks.values.allSatisfy { $0.sessions == 0 && $0.taps == 0 } }
}

extension OfficeStore {
    /// Computes `year`'s figures from `touches`, for `only` (nil: every kiosk
    /// with rows or a trusted key). One pass over the year's rows (plus a
    /// day on each side, to find where sessions across midnight started).
    ///
    /// - A session counts in the year of its start: the wall time of its
    ///   first tap (seq = session id), or of its earliest stored tap when the
    ///   first is missing (database replaced on the kiosk).
    /// - Taps count in the year of their own local date.
    /// - A kiosk's key epochs (reinstallations) add up: the same seq or
    ///   session id in two epochs are two rows, two sessions.
    public func yearStats(_ year: Int, only: Set<String>? = nil) throws -> YearStats {
        let start = ParisClock.startOfDay(LocalDate(year: year, month: 1, day: 1))
        let end = ParisClock.startOfDay(LocalDate(year: year + 1, month: 1, day: 1))
        let margin: Int64 = 86_400_000
        var clock = ParisClock()
        var stats: [String: KioskYearStats] = [:]
        for k in try trustedKiosks() where only?.contains(k.id) ?? true { stats[k.id] = KioskYearStats() }

        // A session is (kiosk, key epoch, id): a reinstalled kiosk numbers from 1 again.
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
            // Taken out of the dictionary, so that its dictionaries are
            // uniquely referenced and updated in place (a copy left in
            // `stats` made every row copy them: most of a report's time).
            var k = stats.removeValue(forKey: kiosk) ?? KioskYearStats()
            k.taps += 1
            let section = s.text(4)
            if let section { k.tapsInside[section, default: 0] += 1 }
            if let target = s.text(5), flags & TouchFlags.noAction.rawValue == 0 {
                if let opened = Self.openedSection(target) {
                    k.openingTaps[opened, default: 0] += 1
                } else if target.hasPrefix("item:") {
                    k.itemViews[section ?? "", default: [:]][String(target.dropFirst(5)), default: 0] += 1
                }
            }
            stats[kiosk] = k
        }
        s.reset()

        for (key, agg) in sessions where agg.start >= start && agg.start < end {
            var k = stats.removeValue(forKey: key.kiosk) ?? KioskYearStats()
            let local = clock.local(ms: agg.start)
            k.sessions += 1
            k.days.insert(local.day)
            k.sessionsByHour[local.hour] += 1
            k.sessionsByMonth[LocalDate(dayNumber: local.day).month - 1] += 1
            k.sessionsByLanguage[agg.language, default: 0] += 1
            stats[key.kiosk] = k
        }
        return YearStats(year: year, kiosks: stats)
    }

    /// The section a target opens: `tile:<section>` or `link:<section>`.
    static func openedSection(_ target: String) -> String? {
        guard target.hasPrefix("tile:") || target.hasPrefix("link:") else { return nil }
        let rest = target.dropFirst(5)
        return rest.isEmpty ? nil : String(rest)
    }
}
