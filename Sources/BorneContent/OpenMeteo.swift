import BorneCore
import Foundation

/// Reads an Open-Meteo forecast response (`/v1/forecast`) into the kiosk's
/// weather report. The kiosk always asks for `timezone=Europe/Paris`: day
/// dates in another time zone would put Monday's forecast under Sunday, so a
/// response in another zone is refused rather than shown wrong.
public enum OpenMeteo {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var field: String
        public var message: String
        public var description: String { "Open-Meteo response: field \"\(field)\": \(message)" }
    }

    /// The fields the kiosk shows: now (header, attract, weather screen:
    /// symbol, temperature, wind) and per day (symbol, min / max). Nothing
    /// else is asked for: every field is bytes on the 4G link, each hour.
    public static let currentFields = ["temperature_2m", "weather_code", "wind_speed_10m"]
    public static let dailyFields = ["weather_code", "temperature_2m_max", "temperature_2m_min"]

    /// The query the kiosk sends for its commune: the fields shown, Paris
    /// time; 7 days is the service's default (the weather screen shows up to 7).
    public static func forecastURL(base: String = "https://api.open-meteo.com/v1/forecast",
                                   latitude: Double, longitude: Double) -> String {
        base + "?latitude=\(latitude)&longitude=\(longitude)"
            + "&current=" + currentFields.joined(separator: ",")
            + "&daily=" + dailyFields.joined(separator: ",")
            + "&timezone=Europe%2FParis"
    }

    /// - Parameters:
    ///   - fetchedAt: when the response arrived; the report's time when it has no `current` block.
    public static func parse(_ data: Data, place: String, fetchedAt: Date) throws -> WeatherReport {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ParseError(field: "(document)", message: "not a JSON object")
        }
        if let reason = root["reason"] as? String, root["error"] as? Bool == true {
            throw ParseError(field: "error", message: "the service answered an error: \(Sanitizer.line(reason))")
        }
        guard let tz = root["timezone"] as? String else {
            throw ParseError(field: "timezone", message: "missing; ask with timezone=Europe/Paris")
        }
        guard tz == "Europe/Paris" else {
            throw ParseError(field: "timezone", message: "is \(Sanitizer.line(tz)), expected Europe/Paris (day dates would be wrong)")
        }
        guard let offset = root["utc_offset_seconds"] as? Int, abs(offset) <= 14 * 3600 else {
            throw ParseError(field: "utc_offset_seconds", message: "missing or out of range")
        }

        var report = WeatherReport(demo: false, source: "Open-Meteo", place: place, observedAt: fetchedAt)
        if let current = root["current"] as? [String: Any] {
            guard let time = current["time"] as? String, let at = instant(time, offset: offset) else {
                throw ParseError(field: "current.time", message: "expected local time like 2026-11-26T18:45")
            }
            report.observedAt = at
            report.currentC = number(current["temperature_2m"], in: -60...60)
            report.currentCode = (current["weather_code"] as? NSNumber).map { $0.intValue }.flatMap { (0...99).contains($0) ? $0 : nil }
            report.windKmh = number(current["wind_speed_10m"], in: 0...400)
        }
        if let daily = root["daily"] as? [String: Any] {
            guard let times = daily["time"] as? [String] else {
                throw ParseError(field: "daily.time", message: "expected a list of dates")
            }
            func column(_ name: String) -> [Any] { daily[name] as? [Any] ?? [] }
            let codes = column("weather_code"), maxs = column("temperature_2m_max")
            let mins = column("temperature_2m_min"), rain = column("precipitation_sum")
            for (i, t) in times.enumerated() {
                guard let day = LocalDate(iso: t) else {
                    throw ParseError(field: "daily.time[\(i)]", message: "expected YYYY-MM-DD, got \(Sanitizer.line(t))")
                }
                // A day with a missing value (null) is skipped, not invented.
                guard i < codes.count, i < maxs.count, i < mins.count,
                      let code = (codes[i] as? NSNumber)?.intValue, (0...99).contains(code),
                      let hi = number(maxs[i], in: -60...60), let lo = number(mins[i], in: -60...60), lo <= hi
                else { continue }
                report.days.append(WeatherDay(date: day, code: code, minC: lo, maxC: hi,
                                              precipitationMm: i < rain.count ? number(rain[i], in: 0...1000) : nil))
            }
        }
        if report.currentC == nil && report.days.isEmpty {
            throw ParseError(field: "current", message: "neither current conditions nor daily forecast in the response")
        }
        return report
    }

    static func number(_ v: Any?, in range: ClosedRange<Double>) -> Double? {
        guard let n = v as? NSNumber else { return nil }
        let d = n.doubleValue
        return range.contains(d) ? d : nil
    }

    /// `2026-11-26T18:45` at a fixed UTC offset.
    static func instant(_ text: String, offset: Int) -> Date? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let day = LocalDate(iso: String(parts[0])) else { return nil }
        let hm = parts[1].split(separator: ":")
        guard hm.count >= 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        let seconds = (day.dayNumber * 86400) + h * 3600 + m * 60 - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
