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
        // Kiosks are numbered as they are met: per-row work indexes an
        // array and hashes integers, not kiosk names. `present`: the kiosk
        // is in the result (trusted, or with a tap or session in the year).
        var numbers: [String: Int] = [:]
        var names: [String] = []
        var figures: [KioskYearStats] = []
        var present: [Bool] = []
        var wantedKiosk: [Bool] = []
        func number(_ kiosk: String) -> Int {
            if let n = numbers[kiosk] { return n }
            let n = names.count
            numbers[kiosk] = n
            names.append(kiosk)
            figures.append(KioskYearStats())
            present.append(false)
            wantedKiosk.append(only?.contains(kiosk) ?? true)
            return n
        }
        for k in try trustedKiosks() where only?.contains(k.id) ?? true { present[number(k.id)] = true }

        // A session is (kiosk, key epoch, id): a reinstalled kiosk numbers from 1 again.
        struct SessionKey: Hashable { var kiosk: Int; var epoch: Int64; var id: Int64 }
        struct SessionAgg { var start: Int64; var exact: Bool; var lastSeq: Int64; var language: String }
        var sessions: [SessionKey: SessionAgg] = [:]

        let s = try db.prepare("""
            SELECT kiosk, seq, session_id, wall_ms, section, target, language, flags, epoch
            FROM touches
            WHERE wall_ms >= ? AND wall_ms < ? AND clock = 0 AND (flags & \(TouchFlags.scripted.rawValue)) = 0
            """)
        try s.bind([.integer(start - margin), .integer(end + margin)])
        var lastKiosk = ""
        var kn = -1
        while try s.step() {
            let kiosk = s.text(0) ?? ""
            if kn < 0 || kiosk != lastKiosk {
                lastKiosk = kiosk
                kn = number(kiosk)
            }
            guard wantedKiosk[kn] else { continue }
            let seq = s.int64(1)
            let wall = s.int64(3)
            let flags = s.int64(7)
            if let sid = s.int64OrNil(2) {
                let key = SessionKey(kiosk: kn, epoch: s.int64(8), id: sid)
                if let i = sessions.index(forKey: key) {
                    // Updated in place: one hash per row.
                    let agg = sessions.values[i]
                    if seq == sid { sessions.values[i].start = wall; sessions.values[i].exact = true }
                    else if !agg.exact, wall < agg.start { sessions.values[i].start = wall }
                    if seq > agg.lastSeq { sessions.values[i].lastSeq = seq; sessions.values[i].language = s.text(6) ?? "" }
                } else {
                    sessions[key] = SessionAgg(start: wall, exact: seq == sid, lastSeq: seq, language: s.text(6) ?? "")
                }
            }
            guard wall >= start, wall < end else { continue }
            present[kn] = true
            figures[kn].taps += 1
            let section = s.text(4)
            if let section { figures[kn].tapsInside[section, default: 0] += 1 }
            if let target = s.text(5), flags & TouchFlags.noAction.rawValue == 0 {
                if let opened = Self.openedSection(target) {
                    figures[kn].openingTaps[opened, default: 0] += 1
                } else if target.hasPrefix("item:") {
                    figures[kn].itemViews[section ?? "", default: [:]][String(target.dropFirst(5)), default: 0] += 1
                }
            }
        }
        s.reset()

        for (key, agg) in sessions where agg.start >= start && agg.start < end {
            let local = clock.local(ms: agg.start)
            present[key.kiosk] = true
            figures[key.kiosk].sessions += 1
            figures[key.kiosk].days.insert(local.day)
            figures[key.kiosk].sessionsByHour[local.hour] += 1
            figures[key.kiosk].sessionsByMonth[LocalDate(dayNumber: local.day).month - 1] += 1
            figures[key.kiosk].sessionsByLanguage[agg.language, default: 0] += 1
        }
        var stats: [String: KioskYearStats] = [:]
        for n in names.indices where present[n] { stats[names[n]] = figures[n] }
        return YearStats(year: year, kiosks: stats)
    }

    /// The section a target opens: `tile:<section>` or `link:<section>`.
    static func openedSection(_ target: String) -> String? {
        guard target.hasPrefix("tile:") || target.hasPrefix("link:") else { return nil }
        let rest = target.dropFirst(5)
        return rest.isEmpty ? nil : String(rest)
    }
}
