/// The Cantal's tourist offices whose hikes the hiking table shows. The raw
/// value is the content's `hike.territory`; the display name is the office's.
public enum Territory: String, CaseIterable, Codable, Sendable {
    case carlades, murat, lioran, saintFlour = "saint-flour", salers

    /// Proper names: the same in every language.
    public var displayName: String {
        switch self {
        case .carlades: return "Carladès"
        case .murat: return "Hautes Terres"
        case .lioran: return "Lioran"
        case .saintFlour: return "Saint-Flour"
        case .salers: return "Salers"
        }
    }
}

/// When a hike can be done.
public enum HikeSeason: String, CaseIterable, Codable, Sendable {
    case all, summer, winter
}

/// A point of interest along a hike, shown on the table's map.
public struct PointOfInterest: Equatable, Sendable {
    public var name: LocalizedText
    public var geo: GeoPoint
    public var note: LocalizedText
    public init(name: LocalizedText, geo: GeoPoint, note: LocalizedText = LocalizedText([:])) {
        self.name = name; self.geo = geo; self.note = note
    }
}

/// A day of any year, "12-01".
public struct MonthDay: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var month: Int, day: Int
    public init(month: Int, day: Int) { self.month = month; self.day = day }
    /// Parses "MM-DD" (checked against the longest month, 02-29 allowed).
    public init?(_ text: String) {
        let p = text.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 2, p[0].count == 2, p[1].count == 2, let m = Int(p[0]), let d = Int(p[1]),
              (1...12).contains(m), d >= 1, d <= LocalDate.daysIn(month: m, year: 2028) else { return nil }
        self.init(month: m, day: d)
    }
    public static func < (a: MonthDay, b: MonthDay) -> Bool { (a.month, a.day) < (b.month, b.day) }
    public var description: String { (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)" }
}
