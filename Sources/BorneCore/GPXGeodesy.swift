import Foundation

/// Distances on the Earth, for track statistics and maps.
public enum Geodesy {
    /// The IUGG mean Earth radius, the usual choice for haversine. (gpxpy
    /// uses the WGS84 equatorial radius, 6 378 137 m, so its lengths are
    /// 0.112 % longer than ours.)
    public static let earthRadiusM = 6_371_008.8

    /// Great-circle distance in metres (haversine), elevation ignored.
    public static func distanceM(_ a: TrackPoint, _ b: TrackPoint) -> Double {
        let φ1 = a.lat * .pi / 180, φ2 = b.lat * .pi / 180
        let dφ = φ2 - φ1
        let dλ = (b.lon - a.lon) * .pi / 180
        let h = sin(dφ / 2) * sin(dφ / 2) + cos(φ1) * cos(φ2) * sin(dλ / 2) * sin(dλ / 2)
        return 2 * earthRadiusM * asin(min(1, sqrt(h)))
    }
}
