import Foundation
import BorneCore

/// A JSON value with its object members in a chosen order, for writing files
/// people read and diff (the parser's `JSONValue` keeps no order).
indirect enum OrderedJSON: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    static func == (a: OrderedJSON, b: OrderedJSON) -> Bool { a.compact == b.compact }

    /// Members whose value is nil are left out: absent and null mean the same
    /// to the loader, and absent is shorter.
    static func members(_ pairs: [(String, OrderedJSON?)]) -> OrderedJSON {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    /// Two-space indented text; an array or object that fits in `inlineWidth`
    /// characters stays on one line, as in the hand-written content files.
    func rendered(indent: Int = 0, inlineWidth: Int = 100) -> String {
        let flat = compact
        switch self {
        case .array(let values) where !values.isEmpty && flat.count + indent > inlineWidth:
            let pad = String(repeating: " ", count: indent + 2)
            let inner = values.map { pad + $0.rendered(indent: indent + 2, inlineWidth: inlineWidth) }
            return "[\n" + inner.joined(separator: ",\n") + "\n" + String(repeating: " ", count: indent) + "]"
        case .object(let members) where !members.isEmpty && flat.count + indent > inlineWidth:
            let pad = String(repeating: " ", count: indent + 2)
            let inner = members.map { key, value in
                pad + Self.quote(key) + ": " + value.rendered(indent: indent + 2, inlineWidth: inlineWidth)
            }
            return "{\n" + inner.joined(separator: ",\n") + "\n" + String(repeating: " ", count: indent) + "}"
        default:
            return flat
        }
    }

    /// One line, `{"a": 1, "b": [2, 3]}`.
    var compact: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return Self.number(d)
        case .string(let s): return Self.quote(s)
        case .array(let values): return "[" + values.map(\.compact).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { Self.quote($0.0) + ": " + $0.1.compact }.joined(separator: ", ") + "}"
        }
    }

    /// Integers without a fraction; others in Swift's shortest form, which
    /// reads back as the same Double.
    static func number(_ d: Double) -> String {
        precondition(d.isFinite, "JSON has no NaN or infinity")
        if d.rounded() == d, abs(d) < 1e15 { return String(Int(d)) }
        return "\(d)"
    }

    static func quote(_ s: String) -> String { JSONString.literal(s) }
}

/// The content model as the files of docs/CONTENT.md spell it.
enum ContentJSON {
    static func text(_ t: LocalizedText) -> OrderedJSON? {
        guard !t.french.isEmpty else { return nil }
        return .object(Language.allCases.compactMap { lang in t.values[lang].map { (lang.rawValue, .string($0)) } })
    }

    static func string(_ s: String?) -> OrderedJSON? { s.map { .string($0) } }
    static func number(_ d: Double?) -> OrderedJSON? { d.map { .number($0) } }
    static func int(_ i: Int?) -> OrderedJSON? { i.map { .number(Double($0)) } }

    static func geo(_ g: GeoPoint?) -> OrderedJSON? {
        g.map { .object([("lat", .number($0.lat)), ("lon", .number($0.lon))]) }
    }

    static func instant(_ d: Date?) -> OrderedJSON? {
        d.map { .string($0.formatted(Date.ISO8601FormatStyle())) }
    }

    static func bundle(_ b: BundleInfo, version: String) -> OrderedJSON {
        .members([
            ("format", .number(Double(b.format))), ("version", .string(version)), ("created", instant(b.created)),
            ("source", string(b.source)), ("demo", b.demo ? .bool(true) : nil),
        ])
    }

    static func office(_ o: OfficeInfo) -> OrderedJSON {
        .members([
            ("name", text(o.name)), ("address", .string(o.address)), ("phone", .string(o.phone)),
            ("email", .string(o.email)), ("website", string(o.website)), ("geo", geo(o.geo)),
            ("opening_hours", string(o.openingHours?.expression)), ("hours_text", text(o.hoursText)),
        ])
    }

    static func emergency(_ numbers: [EmergencyNumber]) -> OrderedJSON {
        .object([("numbers", .array(numbers.map { n in
            .members([("number", .string(n.number)), ("label", text(n.label)), ("note", text(n.note))])
        }))])
    }

    static func weather(_ w: WeatherReport) -> OrderedJSON {
        var current: OrderedJSON?
        if w.currentC != nil || w.currentCode != nil || w.windKmh != nil {
            current = .members([("temperature_c", number(w.currentC)), ("code", int(w.currentCode)), ("wind_kmh", number(w.windKmh))])
        }
        var snow: OrderedJSON?
        if w.snowObservedAt != nil || !w.snow.isEmpty {
            snow = .members([
                ("observed_at", instant(w.snowObservedAt)),
                ("stations", .array(w.snow.map { s in
                    .members([("name", .string(s.name)), ("altitude_m", int(s.altitudeM)), ("depth_cm", int(s.depthCm)),
                              ("lifts_open", int(s.liftsOpen)), ("lifts_total", int(s.liftsTotal)), ("note", text(s.note))])
                })),
            ])
        }
        return .members([
            ("demo", w.demo ? .bool(true) : nil), ("source", .string(w.source)), ("place", .string(w.place)),
            ("observed_at", instant(w.observedAt)), ("current", current),
            ("days", w.days.isEmpty ? nil : .array(w.days.map { d in
                .members([("date", .string(d.date.description)), ("code", .number(Double(d.code))), ("min_c", .number(d.minC)),
                          ("max_c", .number(d.maxC)), ("precipitation_mm", number(d.precipitationMm))])
            })),
            ("snow", snow),
        ])
    }

    static func communes(_ communes: [Commune]) -> OrderedJSON {
        .object([("communes", .array(communes.map { c in
            .members([("name", .string(c.name)), ("insee", .string(c.insee)), ("geo", geo(c.geo))])
        }))])
    }

    static func schoolHolidays(_ s: SchoolHolidays) -> OrderedJSON {
        .members([
            ("zone", .string(s.zone)), ("source", .string(s.source)),
            ("coverage", .members([("from", .string(s.coverage.lowerBound.description)),
                                   ("to", .string(s.coverage.upperBound.description))])),
            ("periods", .array(s.periods.map { p in
                .members([("name", .string(p.name)), ("first", .string(p.first.description)), ("last", .string(p.last.description))])
            })),
        ])
    }

    static func item(_ i: ContentItem) -> OrderedJSON {
        .members([
            ("id", .string(i.id)), ("demo", i.demo ? .bool(true) : nil), ("name", text(i.name)),
            ("category", text(i.category)), ("summary", text(i.summary)), ("description", text(i.description)),
            ("commune", string(i.commune)), ("address", string(i.address)), ("phone", string(i.phone)),
            ("email", string(i.email)), ("website", string(i.website)), ("geo", geo(i.geo)),
            ("opening_hours", string(i.openingHours?.expression)), ("hours_text", text(i.hoursText)),
            ("tags", i.tags.isEmpty ? nil : .array(i.tags.map { .string($0) })),
            ("dates", i.dates.isEmpty ? nil : .array(i.dates.map { d in
                .members([("start", .string(d.start.description)), ("end", d.end == d.start ? nil : .string(d.end.description)),
                          ("time", string(d.time))])
            })),
            ("hike", i.hike.map(hike)),
        ])
    }

    static func hike(_ h: HikeInfo) -> OrderedJSON {
        .members([
            ("gpx", string(h.gpxPath)), ("activity", .string(h.activity.rawValue)),
            ("difficulty", .string(h.difficulty.rawValue)), ("duration_minutes", .number(Double(h.durationMinutes))),
            ("distance_km", number(h.distanceKm)), ("climb_m", number(h.climbM)), ("loop", h.loop ? nil : .bool(false)),
            ("territory", string(h.territory?.rawValue)), ("season", string(h.season?.rawValue)),
            ("notes", text(h.notes)),
            ("pois", h.pois.isEmpty ? nil : .array(h.pois.map { p in
                .members([("name", text(p.name)), ("lat", .number(p.geo.lat)), ("lon", .number(p.geo.lon)),
                          ("note", text(p.note))])
            })),
            ("gpx_url", string(h.gpxURL)), ("pdf_url", string(h.pdfURL)),
        ])
    }
}
