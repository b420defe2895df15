import Foundation
import BorneCore

/// `weather.json`: the latest weather report and snow cover. Optional: the
/// weather importer may not have run yet, and the kiosk then says so.
extension ContentLoader {
    static func readWeather(in directory: URL, problems: inout [ContentProblem]) -> WeatherReport? {
        let file = "weather.json"
        let root: [String: JSONValue]
        switch readJSON(file, in: directory) {
        case .failure(.missing): return nil
        case .failure(.unreadable(let reason)):
            problems.append(ContentProblem(file: file, message: reason))
            return nil
        case .success(.object(let o)): root = o
        case .success(let other):
            problems.append(ContentProblem(file: file, message: "expected a JSON object, got \(other.typeName)"))
            return nil
        }
        let log = IssueLog()
        defer { problems += Self.problems(from: log, file: file, consequence: "weather report ignored") }
        let f = Fields(root, log: log)
        f.rejectUnknownKeys(["demo", "source", "place", "observed_at", "current", "days", "snow"])
        let source = f.line("source", required: true, fatal: true)
        let place = f.line("place", required: true, fatal: true)
        let observedAt = f.instant("observed_at", required: true, fatal: true)

        var currentC: Double?, currentCode: Int?, windKmh: Double?
        if let c = f.object("current") {
            c.rejectUnknownKeys(["temperature_c", "code", "wind_kmh"])
            currentC = c.number("temperature_c", in: -60...60)
            currentCode = c.int("code", in: 0...99)
            windKmh = c.number("wind_kmh", in: 0...400)
        }

        var days: [WeatherDay] = []
        for (index, value) in (f.array("days") ?? []).enumerated() {
            let prefix = "days[\(index)]"
            guard case .object(let o) = value else {
                log.add(prefix, "expected an object, got \(value.typeName)"); continue
            }
            let d = Fields(o, prefix: prefix + ".", log: log)
            d.rejectUnknownKeys(["date", "code", "min_c", "max_c", "precipitation_mm"])
            let date = d.day("date", required: true)
            let code = d.int("code", in: 0...99, required: true)
            let minC = d.number("min_c", in: -60...60, required: true)
            let maxC = d.number("max_c", in: -60...60, required: true)
            let rain = d.number("precipitation_mm", in: 0...1000)
            guard let date, let code, let minC, let maxC else { continue }
            if minC > maxC {
                log.add(prefix, "min_c \(Quote.number(minC)) is above max_c \(Quote.number(maxC))")
                continue
            }
            if let last = days.last, date <= last.date {
                log.add(prefix + ".date", "days must be in increasing order, \(date) comes after \(last.date)")
                continue
            }
            days.append(WeatherDay(date: date, code: code, minC: minC, maxC: maxC, precipitationMm: rain))
        }

        var snowObservedAt: Date?
        var stations: [SnowStation] = []
        if let s = f.object("snow") {
            s.rejectUnknownKeys(["observed_at", "stations"])
            snowObservedAt = s.instant("observed_at")
            for (index, value) in (s.array("stations") ?? []).enumerated() {
                let prefix = "snow.stations[\(index)]"
                guard case .object(let o) = value else {
                    log.add(prefix, "expected an object, got \(value.typeName)"); continue
                }
                let st = Fields(o, prefix: prefix + ".", log: log)
                st.rejectUnknownKeys(["name", "altitude_m", "depth_cm", "lifts_open", "lifts_total", "note"])
                guard let name = st.line("name", required: true) else { continue }
                let open = st.int("lifts_open", in: 0...500)
                var total = st.int("lifts_total", in: 0...500)
                if let open, let t = total, open > t {
                    log.add(prefix + ".lifts_open", "\(open) lifts open is more than lifts_total \(t)")
                    total = nil
                }
                stations.append(SnowStation(
                    name: name, altitudeM: st.int("altitude_m", in: 0...5000), depthCm: st.int("depth_cm", in: 0...2000),
                    liftsOpen: total == nil ? nil : open, liftsTotal: total, note: st.text("note") ?? LocalizedText([:])))
            }
        }

        guard let source, let place, let observedAt, !log.hasFatal else { return nil }
        return WeatherReport(demo: f.bool("demo") ?? false, source: source, place: place, observedAt: observedAt,
                             currentC: currentC, currentCode: currentCode, windKmh: windKmh, days: days,
                             snowObservedAt: snowObservedAt, snow: stations)
    }
}
