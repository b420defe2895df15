import BorneCore
import BorneStore
import Foundation

/// One kiosk's figures for one year or period (Europe/Paris local time),
/// computed from the aggregates of `touches`. Rows flagged `scripted` or with an implausible
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
    /// `year`'s figures for `only` (nil: every kiosk with a tap or session
    /// in the year, or a trusted key): the report's, `periodStats`, for
    /// the calendar year.
    public func yearStats(_ year: Int, only: Set<String>? = nil) throws -> YearStats {
        try periodStats(.year(year), only: only).stats
    }

    /// The section a target opens: `tile:<section>` or `link:<section>`.
    static func openedSection(_ target: String) -> String? {
        guard target.hasPrefix("tile:") || target.hasPrefix("link:") else { return nil }
        let rest = target.dropFirst(5)
        return rest.isEmpty ? nil : String(rest)
    }
}
