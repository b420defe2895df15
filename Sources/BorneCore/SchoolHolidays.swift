import Foundation

/// French school holidays of one zone (the Cantal is in zone A, académie de
/// Clermont-Ferrand), read from a data file of the content
/// (`content/holidays/school-zone-a.json`) that the contractor updates when
/// the Ministry publishes a new calendar. `SH` in opening hours uses it.
///
/// The calendar knows which days it covers: outside them `contains` answers
/// nil (cannot tell), and an opening-hours value that needs SH there is
/// unreadable ("Horaires : voir l'office") rather than guessed.
public struct SchoolHolidays: Equatable, Sendable {
    public struct Period: Equatable, Sendable {
        public var name: String
        /// First and last day off, inclusive (the Saturday the holidays start
        /// to the day before classes resume).
        public var first: LocalDate
        public var last: LocalDate
        public init(name: String, first: LocalDate, last: LocalDate) {
            self.name = name; self.first = first; self.last = last
        }
    }

    public var zone: String
    public var source: String
    /// The days the file speaks for, inclusive.
    public var coverage: ClosedRange<LocalDate>
    public var periods: [Period]

    public init(zone: String, source: String, coverage: ClosedRange<LocalDate>, periods: [Period]) {
        self.zone = zone; self.source = source; self.coverage = coverage
        self.periods = periods.sorted { $0.first < $1.first }
    }

    /// True in a holiday period, false on a school day, nil outside the coverage.
    public func contains(_ day: LocalDate) -> Bool? {
        guard coverage.contains(day) else { return nil }
        return periods.contains { $0.first <= day && day <= $0.last }
    }

    /// A problem in the file: where and what.
    public struct FormatError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads the JSON file's bytes:
    /// `{"zone": "A", "source": "...", "coverage": {"from": "2024-01-01", "to": "2026-08-31"},
    ///   "periods": [{"name": "Toussaint", "first": "2024-10-19", "last": "2024-11-03"}, ...]}`.
    /// Every period must lie within the coverage and end after it starts.
    /// Read as `LooseJSON` (what `JSONSerialization` gave before, without
    /// swift-corelibs Foundation's NSDictionary, NSNumber and CoreFoundation
    /// on the kiosk's start).
    public static func parse(_ data: Data) throws -> SchoolHolidays {
        func fail(_ m: String) -> FormatError { FormatError(message: m) }
        guard let root = LooseJSON.parse(data)?.object else {
            throw fail("not a JSON object")
        }
        guard let zone = root["zone"]?.string, !zone.isEmpty else { throw fail("\"zone\" is missing (e.g. \"A\")") }
        let source = root["source"]?.string ?? ""
        guard let cov = root["coverage"]?.object,
              let fromText = cov["from"]?.string, let from = LocalDate(iso: fromText),
              let toText = cov["to"]?.string, let to = LocalDate(iso: toText), from <= to else {
            throw fail("\"coverage\" must be {\"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\"} with from <= to")
        }
        guard let list = root["periods"]?.objects else { throw fail("\"periods\" must be a list") }
        var periods: [Period] = []
        for (i, p) in list.enumerated() {
            let name = p["name"]?.string ?? ""
            guard let f = p["first"]?.string.flatMap(LocalDate.init(iso:)),
                  let l = p["last"]?.string.flatMap(LocalDate.init(iso:)) else {
                throw fail("periods[\(i)] (\(name)): \"first\" and \"last\" must be dates YYYY-MM-DD")
            }
            guard f <= l else { throw fail("periods[\(i)] (\(name)): ends (\(l)) before it starts (\(f))") }
            guard from <= f, l <= to else {
                throw fail("periods[\(i)] (\(name)): \(f)…\(l) is outside the coverage \(from)…\(to); widen \"coverage\"")
            }
            periods.append(Period(name: name, first: f, last: l))
        }
        return SchoolHolidays(zone: zone, source: source, coverage: from...to, periods: periods)
    }
}
