import BorneCore
import Foundation

/// The days a report covers: local (Europe/Paris) dates, `start` included,
/// `end` excluded, and how the report names them.
public struct ReportPeriod: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case year, month, range, season(String) }

    public var start: LocalDate
    public var end: LocalDate
    public var kind: Kind

    public init(start: LocalDate, end: LocalDate, kind: Kind) {
        self.start = start; self.end = end; self.kind = kind
    }

    public static func year(_ y: Int) -> ReportPeriod {
        ReportPeriod(start: LocalDate(year: y, month: 1, day: 1), end: LocalDate(year: y + 1, month: 1, day: 1), kind: .year)
    }

    public static func month(_ y: Int, _ m: Int) -> ReportPeriod {
        let next = m == 12 ? LocalDate(year: y + 1, month: 1, day: 1) : LocalDate(year: y, month: m + 1, day: 1)
        return ReportPeriod(start: LocalDate(year: y, month: m, day: 1), end: next, kind: .month)
    }

    /// `from` to `to`, both included.
    public static func range(from: LocalDate, to: LocalDate) -> ReportPeriod {
        ReportPeriod(start: from, end: to.adding(days: 1), kind: .range)
    }

    /// The last day included.
    public var last: LocalDate { end.adding(days: -1) }
    public var dayCount: Int { end.dayNumber - start.dayNumber }

    public var isCalendarYear: Bool {
        start.month == 1 && start.day == 1 && end == LocalDate(year: start.year + 1, month: 1, day: 1)
    }

    static let monthNames = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                             "septembre", "octobre", "novembre", "décembre"]
    /// Distinct short month names, as French typography abbreviates them.
    static let monthShort = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                             "nov.", "déc."]

    static func french(_ d: LocalDate) -> String {
        "\(d.day == 1 ? "1er" : String(d.day)) \(monthNames[d.month - 1]) \(d.year)"
    }

    /// "2020", "juillet 2027", "été 2027", "du 1er mars 2027 au 31 mai 2027".
    public var label: String {
        switch kind {
        case .year where isCalendarYear: return String(start.year)
        case .month where start.day == 1 && end == ReportPeriod.month(start.year, start.month).end:
            return "\(Self.monthNames[start.month - 1]) \(start.year)"
        case .season(let name):
            let years = start.year == last.year ? String(start.year) : "\(start.year)-\(last.year)"
            return "\(name) \(years) (du \(Self.french(start)) au \(Self.french(last)))"
        default:
            return "du \(Self.french(start)) au \(Self.french(last))"
        }
    }

    /// A short name for a column header or a row: "2020", "juil. 2027", "01/03/2027-31/05/2027".
    public var shortLabel: String {
        switch kind {
        case .year where isCalendarYear: return String(start.year)
        case .month: return "\(Self.monthShort[start.month - 1]) \(start.year)"
        case .season(let name):
            return start.year == last.year ? "\(name) \(start.year)" : "\(name) \(start.year)-\(last.year)"
        default:
            func d(_ x: LocalDate) -> String { String(format: "%02d/%02d/%04d", x.day, x.month, x.year) }
            return "\(d(start))-\(d(last))"
        }
    }

    /// The same dates one year earlier (29 February becomes the 28th).
    public var previousYear: ReportPeriod {
        func back(_ d: LocalDate) -> LocalDate {
            LocalDate(year: d.year - 1, month: d.month, day: min(d.day, LocalDate.daysIn(month: d.month, year: d.year - 1)))
        }
        return ReportPeriod(start: back(start), end: back(end), kind: kind)
    }

    /// The period of the same length just before: the previous month for a
    /// month, the previous year for a year, else as many days just before.
    public var previousPeriod: ReportPeriod {
        switch kind {
        case .year where isCalendarYear: return .year(start.year - 1)
        case .month where start.day == 1:
            return start.month == 1 ? .month(start.year - 1, 12) : .month(start.year, start.month - 1)
        case .season: return previousYear
        default:
            return ReportPeriod(start: start.adding(days: -dayCount), end: start, kind: .range)
        }
    }

    /// A day `YYYY-MM-DD`, for `--from` and `--to`.
    public static func parseDay(_ s: String) -> LocalDate? {
        let p = s.split(separator: "-")
        guard p.count == 3, p[0].count == 4, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]),
              (1...12).contains(m), (1...LocalDate.daysIn(month: m, year: y)).contains(d) else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    /// A month `YYYY-MM`, for `--month`.
    public static func parseMonth(_ s: String) -> ReportPeriod? {
        let p = s.split(separator: "-")
        guard p.count == 2, p[0].count == 4, let y = Int(p[0]), let m = Int(p[1]), (1...12).contains(m) else { return nil }
        return .month(y, m)
    }
}

/// The office's seasons (`--season ete|hiver`), from the office's
/// configuration file (docs/STATISTICS.md, "Periods"):
/// `{"seasons": {"ete": {"from": "04-01", "to": "10-31"}, "hiver": {"from": "11-01", "to": "03-31"}}}`.
/// A season whose `to` comes before its `from` in the calendar runs into the
/// next year: `hiver 2026` is 1 November 2026 to 31 March 2027.
public struct OfficeSeasons: Equatable, Sendable {
    public struct Season: Equatable, Sendable {
        public var fromMonth: Int, fromDay: Int, toMonth: Int, toDay: Int
    }

    public var seasons: [String: Season]

    public struct ConfigError: Error, CustomStringConvertible {
        public var description: String
    }

    /// French names of the seasons, for the report.
    public static let frenchNames = ["ete": "été", "hiver": "hiver"]

    public static func load(file: URL) throws -> OfficeSeasons {
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw ConfigError(description: "\(file.path) : fichier illisible (\(error.localizedDescription))")
        }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ConfigError(description: "\(file.path) : ce n'est pas un objet JSON")
        }
        guard let seasons = root["seasons"] as? [String: Any] else {
            throw ConfigError(description: "\(file.path) : clé \"seasons\" absente (attendu {\"seasons\": {\"ete\": {\"from\": \"04-01\", \"to\": \"10-31\"}, ...}})")
        }
        var out: [String: Season] = [:]
        for (name, v) in seasons {
            guard let o = v as? [String: Any], let f = o["from"] as? String, let t = o["to"] as? String,
                  let from = monthDay(f), let to = monthDay(t) else {
                throw ConfigError(description: "\(file.path) : saison \"\(name)\" : attendu {\"from\": \"MM-JJ\", \"to\": \"MM-JJ\"}")
            }
            out[name] = Season(fromMonth: from.0, fromDay: from.1, toMonth: to.0, toDay: to.1)
        }
        return OfficeSeasons(seasons: out)
    }

    static func monthDay(_ s: String) -> (Int, Int)? {
        let p = s.split(separator: "-")
        guard p.count == 2, let m = Int(p[0]), let d = Int(p[1]), (1...12).contains(m),
              (1...LocalDate.daysIn(month: m, year: 2000)).contains(d) else { return nil }
        return (m, d)
    }

    /// The season `name` that starts in `year`.
    public func period(_ name: String, year: Int) -> ReportPeriod? {
        guard let s = seasons[name] else { return nil }
        let from = LocalDate(year: year, month: s.fromMonth, day: min(s.fromDay, LocalDate.daysIn(month: s.fromMonth, year: year)))
        let wraps = (s.toMonth, s.toDay) < (s.fromMonth, s.fromDay)
        let ty = wraps ? year + 1 : year
        let to = LocalDate(year: ty, month: s.toMonth, day: min(s.toDay, LocalDate.daysIn(month: s.toMonth, year: ty)))
        return ReportPeriod(start: from, end: to.adding(days: 1), kind: .season(Self.frenchNames[name] ?? name))
    }
}
