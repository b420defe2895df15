import BorneCore
import Foundation

/// `--compare`: the period each figure is put beside.
public enum ReportComparison: String, Sendable, CaseIterable {
    case previousYear = "previous-year"
    case previousPeriod = "previous-period"
}

/// What the report knows besides the database: the office's opening hours
/// and the names of the content's items (from `--content DIR`), and the
/// kiosks' names (from `--kiosk-config DIR`).
public struct ReportContext: Equatable, Sendable {
    /// The office's opening hours (content `office.json`), for the
    /// closed-hours split and the shading of hour charts.
    public var officeHours: OpeningHours?
    /// Item id → French name; nil when no content was given.
    public var itemNames: [String: String]?
    /// Item id → what its detail screen's QR code carries: `web`, `telephone` or `lieu`.
    public var itemQR: [String: String]

    /// Hike id → the kinds of its codes in the kiosk's order (`gpx`, `pdf`, `carte`: those it has).
    public var hikeCodes: [String: [String]]

    /// The kiosks' names, from their configurations; `.none`: every kiosk by its id (the report says so).
    public var kioskNames: KioskNames

    public init(officeHours: OpeningHours? = nil, itemNames: [String: String]? = nil, itemQR: [String: String] = [:],
                hikeCodes: [String: [String]] = [:], kioskNames: KioskNames = .none) {
        self.officeHours = officeHours; self.itemNames = itemNames; self.itemQR = itemQR; self.hikeCodes = hikeCodes
        self.kioskNames = kioskNames
    }

    /// The label of an item: its name, or "id (nom inconnu)" when the
    /// content does not have it (or no content was given).
    public func itemLabel(_ id: String) -> String {
        if id.isEmpty { return "fiche non notée (écran du code)" }
        if let n = itemNames?[id] { return n }
        return "\(id) (nom inconnu)"
    }
}

extension OfficeReport {
    /// For each hour of the day, the share (0...1) of the period's minutes
    /// in that hour during which the office was open: the shading of the
    /// hour charts (darker: open on more days). Nil without the office's hours.
    public var officeOpenShare: [Double]? {
        guard let hours = context.officeHours else { return nil }
        var open = [Int](repeating: 0, count: 24)
        var d = period.start
        while d < period.end {
            for r in hours.intervals(on: d) {
                for m in r where m < 1440 { open[m / 60] += 1 }
            }
            d = d.adding(days: 1)
        }
        let total = Double(max(period.dayCount, 1) * 60)
        return open.map { Double($0) / total }
    }

    /// The hours at which the office was open on at least half of the period's days, as "9h-12h, 14h-18h".
    var officeHoursSummary: String? {
        guard let share = officeOpenShare else { return nil }
        var parts: [String] = []
        var h = 0
        while h < 24 {
            if share[h] >= 0.5 {
                var e = h
                while e + 1 < 24 && share[e + 1] >= 0.5 { e += 1 }
                parts.append("\(h)h-\(e + 1)h")
                h = e + 1
            } else { h += 1 }
        }
        return parts.isEmpty ? "fermé" : parts.joined(separator: ", ")
    }
}
