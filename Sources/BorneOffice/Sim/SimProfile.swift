import BorneCore

/// What the simulator must produce for one kiosk over one year: exact
/// figures (sessions, days with a session, opening taps per section) and
/// the shape of its use (hours, season, languages).
public struct KioskProfile: Equatable, Sendable {
    public enum Place: String, Sendable {
        /// The office's outdoor kiosk: used when the office is closed (12-14h, 18-20h).
        case office
        /// A village kiosk (agence postale, point d'accueil): sessions over the day.
        case village
        /// A rest area open day and night (Pas de Cère, on the RN122).
        case restArea
    }

    public var id: String
    public var place: Place
    /// Sessions in the year (the report's "Nombre des sessions").
    public var sessions: Int
    /// Distinct local days with at least one session.
    public var days: Int
    /// Opening taps (activated `tile:<section>`) per section.
    public var openingTaps: [SectionID: Int]
    /// Share of sessions where the visitor switches to another language.
    public var foreignShare: Double

    public init(id: String, place: Place, sessions: Int, days: Int, openingTaps: [SectionID: Int],
                foreignShare: Double = 0.12) {
        self.id = id; self.place = place; self.sessions = sessions; self.days = days
        self.openingTaps = openingTaps; self.foreignShare = foreignShare
    }

    /// The figures times `factor`, rounded; days stay within 1...sessions and the year.
    public func scaled(_ factor: Double, daysInYear: Int) -> KioskProfile {
        guard factor != 1 else { return self }
        var p = self
        func r(_ v: Int) -> Int { Int((Double(v) * factor).rounded()) }
        p.sessions = max(sessions > 0 ? 1 : 0, r(sessions))
        p.days = min(max(p.sessions > 0 ? 1 : 0, r(days)), p.sessions, daysInYear)
        p.openingTaps = openingTaps.mapValues(r)
        return p
    }

    /// Relative number of sessions starting in each local hour 0...23.
    public var hourWeights: [Double] {
        switch place {
        case .office:
            // The office's hours are 09:30-12:30 and 14:00-18:00: the kiosk
            // outside is used mostly while it is closed (2020 report).
            return [0, 0, 0, 0, 0, 0, 0, 0.3, 0.6, 0.5, 0.5, 0.8, 4.5, 4.5, 0.8, 0.5, 0.5, 0.8, 4.0, 4.0, 1.0, 0.5, 0.2, 0.05]
        case .village:
            return [0, 0, 0, 0, 0, 0, 0, 0.1, 0.4, 0.8, 1.0, 1.0, 0.9, 0.9, 1.0, 1.1, 1.1, 1.0, 0.8, 0.6, 0.4, 0.2, 0.05, 0]
        case .restArea:
            return [0.05, 0.03, 0.02, 0.02, 0.03, 0.05, 0.2, 0.5, 0.8, 1.0, 1.0, 1.1, 1.2, 1.1, 1.0, 1.1, 1.1, 1.0, 0.9, 0.7, 0.5, 0.35, 0.2, 0.1]
        }
    }

    /// Relative use of each day of the year (season, lockdowns, weekends).
    public func dayWeight(_ d: LocalDate) -> Double {
        let md = d.month * 100 + d.day
        var w: Double
        switch md {
        case ..<0215: w = 0.35
        case ..<0317: w = 0.5              // February holidays, early March
        case ..<0511: w = 0.012            // first lockdown (17 March - 10 May 2020)
        case ..<0602: w = 0.3              // the office reopened on 2 June
        case ..<0701: w = 0.75
        case ..<0801: w = 1.7
        case ..<0824: w = 2.0
        case ..<0901: w = 1.3
        case ..<1001: w = 0.8
        case ..<1030: w = 0.55
        case ..<1215: w = 0.07             // second lockdown (30 October - 14 December)
        default: w = 0.45                  // Christmas holidays
        }
        if place == .restArea, d.month == 7 || d.month == 8 { w *= 1.3 }
        if d.isoWeekday >= 6 { w *= 1.35 }
        return w
    }
}

/// A named set of kiosk profiles for one year.
public struct SimProfile: Equatable, Sendable {
    public var name: String
    public var year: Int
    public var kiosks: [KioskProfile]
    /// Seeds every random choice: same profile, same rows.
    public var seed: UInt64

    public static func named(_ name: String, year: Int) -> SimProfile? {
        switch name {
        case "seed-2020": return Seed2020.profile(year: year)
        default: return nil
        }
    }

    public static let names = ["seed-2020"]
}
