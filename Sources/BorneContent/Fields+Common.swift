import Foundation
import BorneCore

/// Readers of the fields shared by items and the office.
extension Fields {
    func phone(_ key: String, required: Bool = false, fatal: Bool = false) -> String? {
        guard let s = line(key, required: required, fatal: fatal) else { return nil }
        if let problem = Validate.phoneProblem(s) { log.add(path(key), problem, fatal: fatal); return nil }
        return s
    }

    func email(_ key: String, required: Bool = false, fatal: Bool = false) -> String? {
        guard let s = line(key, required: required, fatal: fatal) else { return nil }
        if let problem = Validate.emailProblem(s) { log.add(path(key), problem, fatal: fatal); return nil }
        return s
    }

    func website(_ key: String) -> String? {
        guard let raw = rawString(key) else { return nil }
        // Judged on the raw text: sanitizing first could turn a refused
        // address into an accepted one.
        if let problem = Validate.websiteProblem(raw) { log.add(path(key), problem); return nil }
        return Sanitizer.line(raw)
    }

    /// `{"lat": 44.98, "lon": 2.626}` in WGS 84 degrees.
    func geo(_ key: String) -> GeoPoint? {
        guard let g = object(key) else { return nil }
        g.rejectUnknownKeys(["lat", "lon"])
        let lat = g.number("lat", in: -90...90, required: true)
        let lon = g.number("lon", in: -180...180, required: true)
        guard let lat, let lon else { return nil }
        return GeoPoint(lat: lat, lon: lon)
    }

    /// An OpenStreetMap `opening_hours` expression. A bad one is dropped, so
    /// the item falls back to its `hours_text`.
    func openingHours(_ key: String, cache: OpeningHoursCache? = nil, geo: GeoPoint? = nil) -> OpeningHours? {
        guard let raw = rawString(key) else { return nil }
        let expression = Sanitizer.line(raw)
        guard !expression.isEmpty else { return nil }
        switch cache?.parse(expression, geo: geo) ?? OpeningHoursCache.parseUncached(expression) {
        case .success(let hours):
            return hours
        case .failure(let e):
            log.add(path(key), "\(e.message) at character \(e.position + 1)")
            return nil
        }
    }

    /// Whether the key holds something other than an empty string: a value
    /// that, if `openingHours` could not read it, must show "voir l'office".
    func givesOpeningHours(_ key: String) -> Bool {
        switch value(key) {
        case nil: return false
        case .string(let s)?: return !Sanitizer.line(s).isEmpty
        default: return true
        }
    }

    /// A local day `YYYY-MM-DD`.
    func day(_ key: String, required: Bool = false, fatal: Bool = false) -> LocalDate? {
        guard let raw = rawString(key, required: required, fatal: fatal) else { return nil }
        guard let d = LocalDate(iso: raw) else {
            log.add(path(key), "must be a date YYYY-MM-DD, got \(Quote.value(raw))", fatal: fatal)
            return nil
        }
        return d
    }

    /// An instant, ISO 8601 with an explicit offset ("2026-11-26T07:00:00Z").
    func instant(_ key: String, required: Bool = false, fatal: Bool = false) -> Date? {
        guard let raw = rawString(key, required: required, fatal: fatal) else { return nil }
        guard let d = UTCTime.parse(raw) ?? (try? Date(raw, strategy: .iso8601)) else {  // the first without ICU
            log.add(path(key), "must be an ISO 8601 UTC time like 2026-11-26T07:00:00Z, got \(Quote.value(raw))", fatal: fatal)
            return nil
        }
        return d
    }
}

/// Parsed expressions by text, for one load: shops and restaurants share a
/// handful of schedules, and parsing is the costliest step of an item.
///
/// It also carries what evaluation needs: the content's school-holiday
/// calendar (`SH`) and a position for sun times when the item has none (the
/// office's).
final class OpeningHoursCache {
    private(set) var parsed: [String: Result<OpeningHours, OpeningHoursError>] = [:]
    let schoolHolidays: SchoolHolidays?
    let defaultGeo: GeoPoint?

    init(schoolHolidays: SchoolHolidays? = nil, defaultGeo: GeoPoint? = nil) {
        self.schoolHolidays = schoolHolidays; self.defaultGeo = defaultGeo
    }

    /// Parsing does not depend on the position (only evaluation does): one
    /// parse per expression, placed at `geo` (else the default position).
    func parse(_ expression: String, geo: GeoPoint? = nil) -> Result<OpeningHours, OpeningHoursError> {
        let result: Result<OpeningHours, OpeningHoursError>
        if let known = parsed[expression] {
            result = known
        } else {
            result = Self.parseUncached(expression, context: OpeningHours.Context(schoolHolidays: schoolHolidays))
            parsed[expression] = result
        }
        return result.map { $0.placed(at: geo ?? defaultGeo) }
    }

    static func parseUncached(_ expression: String, context: OpeningHours.Context = .init()) -> Result<OpeningHours, OpeningHoursError> {
        do {
            return .success(try OpeningHours(expression, context: context))
        } catch let e as OpeningHoursError {
            return .failure(e)
        } catch {
            return .failure(OpeningHoursError(expression: expression, position: 0, message: "\(error)"))
        }
    }
}
