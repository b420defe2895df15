/// How long a walk takes, for hikes whose content gives no duration and for
/// `borne content inspect`.
///
/// DIN 33466 (the rule of the German, Austrian and Swiss alpine clubs and of
/// the Swiss hiking-trail signposts before 2012): 4 km/h on the flat, 300 m/h
/// climbing, 500 m/h descending; the larger of the horizontal and vertical
/// times plus half the smaller. It counts descent, unlike "4 km/h + 1 h per
/// 600 m", and is what French topo-guides' "durée" figures are close to for
/// an average walker without breaks. Rounded up to 5 minutes.
public enum WalkingTime {
    public static let flatKmPerHour = 4.0
    public static let ascentMPerHour = 300.0
    public static let descentMPerHour = 500.0

    /// Minutes for `distanceKm` with `ascentM` of climb and `descentM` of
    /// descent; 0 for a walk of no length and no climb.
    public static func minutes(distanceKm: Double, ascentM: Double, descentM: Double) -> Int {
        let horizontal = max(0, distanceKm) / flatKmPerHour
        let vertical = max(0, ascentM) / ascentMPerHour + max(0, descentM) / descentMPerHour
        let hours = max(horizontal, vertical) + min(horizontal, vertical) / 2
        // The epsilon keeps 180.000000001 minutes (floating point) at 180.
        return Int(((hours * 60 - 1e-9) / 5).rounded(.up)) * 5
    }
}

extension Track {
    /// `WalkingTime.minutes` for this track's distance, D+ and D−; nil for a
    /// track without length.
    public var estimatedWalkingMinutes: Int? {
        guard stats.distanceM > 0 else { return nil }
        return WalkingTime.minutes(distanceKm: stats.distanceM / 1000, ascentM: stats.ascentM, descentM: stats.descentM)
    }
}
