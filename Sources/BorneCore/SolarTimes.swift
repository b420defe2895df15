import Foundation

/// Sunrise, sunset, dawn and dusk (civil twilight) for a day at a position,
/// by NOAA's solar-position equations (the algorithm of NOAA's Solar
/// Calculator spreadsheet: Meeus's low-precision solar coordinates, the
/// equation of time, the hour angle for a zenith of 90.833° at sunrise and
/// sunset, 96° at civil dawn and dusk). Accurate to a minute at mid-latitudes.
///
/// Pure arithmetic; the result is in Europe/Paris local minutes of the day
/// (through `KioskTime`), rounded to the nearest minute.
public enum SolarTimes {
    public enum Event: String, Sendable, CaseIterable {
        case dawn, sunrise, sunset, dusk

        var zenith: Double {
            switch self {
            case .sunrise, .sunset: return 90.833
            case .dawn, .dusk: return 96
            }
        }
        var isMorning: Bool { self == .dawn || self == .sunrise }
    }

    /// The event's local minute of the day (0..<1440), nil when it does not
    /// happen that day (polar day or night; never in France).
    public static func minute(_ event: Event, on day: LocalDate, at geo: GeoPoint) -> Int? {
        guard let utc = utcMinutes(event, on: day, lat: geo.lat, lon: geo.lon) else { return nil }
        let midnightUTC = Date(timeIntervalSince1970: TimeInterval(day.dayNumber) * 86400)
        let instant = midnightUTC.addingTimeInterval((utc * 60).rounded())
        let (localDay, localMinute) = KioskTime.local(instant.addingTimeInterval(30))  // round to the minute
        let shift = (localDay.dayNumber - day.dayNumber) * 1440
        return min(max(localMinute + shift, 0), 1439)
    }

    /// Minutes after 00:00 UTC of the day; two passes, the second with the
    /// sun's position at the first estimate (as NOAA's calculator does).
    static func utcMinutes(_ event: Event, on day: LocalDate, lat: Double, lon: Double) -> Double? {
        var estimate = 720 - 4 * lon
        for _ in 0..<2 {
            let jd = 2440587.5 + Double(day.dayNumber) + estimate / 1440
            let (decl, eqTime) = sunPosition(julianCentury: (jd - 2451545) / 36525)
            let phi = lat * .pi / 180
            let cosHA = cos(event.zenith * .pi / 180) / (cos(phi) * cos(decl)) - tan(phi) * tan(decl)
            guard (-1...1).contains(cosHA) else { return nil }
            let ha = acos(cosHA) * 180 / .pi
            let noon = 720 - 4 * lon - eqTime
            estimate = event.isMorning ? noon - 4 * ha : noon + 4 * ha
        }
        return estimate
    }

    /// The sun's declination (radians) and the equation of time (minutes).
    static func sunPosition(julianCentury t: Double) -> (declination: Double, equationOfTime: Double) {
        let rad = Double.pi / 180
        let l0 = (280.46646 + t * (36000.76983 + t * 0.0003032)).truncatingRemainder(dividingBy: 360)
        let m = 357.52911 + t * (35999.05029 - 0.0001537 * t)
        let e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t)
        let c = sin(m * rad) * (1.914602 - t * (0.004817 + 0.000014 * t))
            + sin(2 * m * rad) * (0.019993 - 0.000101 * t) + sin(3 * m * rad) * 0.000289
        let omega = 125.04 - 1934.136 * t
        let lambda = l0 + c - 0.00569 - 0.00478 * sin(omega * rad)
        let eps0 = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60
        let eps = eps0 + 0.00256 * cos(omega * rad)
        let decl = asin(sin(eps * rad) * sin(lambda * rad))
        let y = pow(tan(eps * rad / 2), 2)
        let eq = y * sin(2 * l0 * rad) - 2 * e * sin(m * rad) + 4 * e * y * sin(m * rad) * cos(2 * l0 * rad)
            - 0.5 * y * y * sin(4 * l0 * rad) - 1.25 * e * e * sin(2 * m * rad)
        return (decl, 4 * eq / rad)
    }
}
