import Foundation

/// One event occurrence: a day range (inclusive) and an optional start time.
public struct EventDate: Equatable, Sendable {
    public var start: LocalDate
    public var end: LocalDate
    public var time: String?   // "21:00", display only

    public init(start: LocalDate, end: LocalDate, time: String? = nil) {
        self.start = start; self.end = end; self.time = time
    }

    public func overlaps(_ from: LocalDate, _ to: LocalDate) -> Bool {
        start <= to && end >= from
    }
}

/// What a hike is done with. `cycling` is road cycling ("cyclo"): content may
/// write it `"cyclo"` too (an alias the loader accepts; the writer keeps
/// `"cycling"`, so existing bundles and APIDAE imports stay valid).
public enum HikeActivity: String, CaseIterable, Codable, Sendable {
    case walking, vtt, vttElectrique = "vtt-electrique", trail, cycling, winter

    /// Accepted spellings besides the raw values.
    public static let aliases: [String: HikeActivity] = ["cyclo": .cycling]
}

public enum HikeDifficulty: String, CaseIterable, Codable, Sendable {
    case easy, medium, hard, expert
}

/// What a hike carries besides the common item fields. Distance and climb
/// come from the GPX track when there is one; `distanceKm` and `climbM` in
/// the content only fill in when the track lacks them.
public struct HikeInfo: Equatable, Sendable {
    public var activity: HikeActivity
    public var difficulty: HikeDifficulty
    public var durationMinutes: Int
    public var gpxPath: String?
    public var track: Track?
    public var distanceKm: Double?
    public var climbM: Double?
    public var loop: Bool
    /// The tourist office whose territory the hike is in; nil: not said.
    public var territory: Territory?
    /// When the hike can be done; nil: not said (treated as all year).
    public var season: HikeSeason?
    /// Practical notes: markings, difficult passages, parking.
    public var notes: LocalizedText
    public var pois: [PointOfInterest]
    /// Where a phone downloads the track and the printable sheet (http/https).
    public var gpxURL: String?
    public var pdfURL: String?

    public init(activity: HikeActivity, difficulty: HikeDifficulty, durationMinutes: Int,
                gpxPath: String? = nil, track: Track? = nil, distanceKm: Double? = nil,
                climbM: Double? = nil, loop: Bool = true, territory: Territory? = nil,
                season: HikeSeason? = nil, notes: LocalizedText = LocalizedText([:]),
                pois: [PointOfInterest] = [], gpxURL: String? = nil, pdfURL: String? = nil) {
        self.activity = activity; self.difficulty = difficulty; self.durationMinutes = durationMinutes
        self.gpxPath = gpxPath; self.track = track; self.distanceKm = distanceKm
        self.climbM = climbM; self.loop = loop; self.territory = territory; self.season = season
        self.notes = notes; self.pois = pois; self.gpxURL = gpxURL; self.pdfURL = pdfURL
    }

    /// A winter outing: said so by its season, or done on snowshoes.
    public var isWinter: Bool { season == .winter || activity == .winter }

    public var effectiveDistanceKm: Double? { track.map { $0.stats.distanceM / 1000 } ?? distanceKm }
    public var effectiveClimbM: Double? {
        if let t = track, t.stats.hasElevation { return t.stats.ascentM }
        return climbM
    }
}

public struct GeoPoint: Equatable, Sendable, Codable {
    public var lat: Double
    public var lon: Double
    public init(lat: Double, lon: Double) { self.lat = lat; self.lon = lon }
}

/// A commune of `communes.json`: its official name (as the INSEE code
/// file spells it), its INSEE code and the position of its chef-lieu;
/// hike maps label the communes that fall inside them.
public struct Commune: Equatable, Sendable {
    public var name: String
    public var insee: String
    public var geo: GeoPoint
    public init(name: String, insee: String, geo: GeoPoint) { self.name = name; self.insee = insee; self.geo = geo }
}

/// One thing a visitor can look at: a hotel, a restaurant, an event, a hike...
/// Every string in it has gone through `Sanitizer` when loaded.
public struct ContentItem: Equatable, Sendable, Identifiable {
    public var id: String
    public var section: SectionID
    /// Invented for the demo: said on screen ("exemple").
    public var demo: Bool
    public var name: LocalizedText
    public var category: LocalizedText
    public var summary: LocalizedText
    public var description: LocalizedText
    public var commune: String?
    public var address: String?
    public var phone: String?
    public var email: String?
    public var website: String?
    public var geo: GeoPoint?
    public var openingHours: OpeningHours?
    /// Display fallback when hours are not machine-readable ("periodeEnClair").
    public var hoursText: LocalizedText
    /// True when the content gave `opening_hours` but the kiosk cannot read
    /// them: the screens say "Horaires : voir l'office", never a state.
    public var hoursUnreadable = false
    public var tags: [String]
    public var dates: [EventDate]
    public var hike: HikeInfo?

    public init(id: String, section: SectionID, demo: Bool = false, name: LocalizedText,
                category: LocalizedText = LocalizedText([:]), summary: LocalizedText = LocalizedText([:]),
                description: LocalizedText = LocalizedText([:]), commune: String? = nil,
                address: String? = nil, phone: String? = nil, email: String? = nil,
                website: String? = nil, geo: GeoPoint? = nil, openingHours: OpeningHours? = nil,
                hoursText: LocalizedText = LocalizedText([:]), tags: [String] = [],
                dates: [EventDate] = [], hike: HikeInfo? = nil) {
        self.id = id; self.section = section; self.demo = demo; self.name = name
        self.category = category; self.summary = summary; self.description = description
        self.commune = commune; self.address = address; self.phone = phone; self.email = email
        self.website = website; self.geo = geo; self.openingHours = openingHours
        self.hoursText = hoursText; self.tags = tags; self.dates = dates; self.hike = hike
    }

    /// An event all of whose dates are before `day`. Items without dates never are.
    public func isOver(on day: LocalDate) -> Bool {
        !dates.isEmpty && dates.allSatisfy { $0.end < day }
    }

    /// The first occurrence ending on or after `day`, for sorting the agenda.
    public func nextDate(onOrAfter day: LocalDate) -> EventDate? {
        dates.filter { $0.end >= day }.min { $0.start < $1.start }
    }
}

public struct EmergencyNumber: Equatable, Sendable {
    public var number: String
    public var label: LocalizedText
    public var note: LocalizedText
    public init(number: String, label: LocalizedText, note: LocalizedText = LocalizedText([:])) {
        self.number = number; self.label = label; self.note = note
    }
}

/// The Office de Tourisme itself, shown in the header and its own section.
public struct OfficeInfo: Equatable, Sendable {
    public var name: LocalizedText
    public var address: String
    public var phone: String
    public var email: String
    public var website: String?
    public var openingHours: OpeningHours?
    public var hoursText: LocalizedText
    public var geo: GeoPoint?
    /// As `ContentItem.hoursUnreadable`.
    public var hoursUnreadable = false

    public init(name: LocalizedText, address: String, phone: String, email: String,
                website: String? = nil, openingHours: OpeningHours? = nil,
                hoursText: LocalizedText = LocalizedText([:]), geo: GeoPoint? = nil) {
        self.name = name; self.address = address; self.phone = phone; self.email = email
        self.website = website; self.openingHours = openingHours; self.hoursText = hoursText; self.geo = geo
    }
}

public struct WeatherDay: Equatable, Sendable {
    public var date: LocalDate
    public var code: Int        // WMO weather code, as Open-Meteo gives it
    public var minC: Double
    public var maxC: Double
    public var precipitationMm: Double?
    public init(date: LocalDate, code: Int, minC: Double, maxC: Double, precipitationMm: Double? = nil) {
        self.date = date; self.code = code; self.minC = minC; self.maxC = maxC; self.precipitationMm = precipitationMm
    }
}

public struct SnowStation: Equatable, Sendable {
    public var name: String
    public var altitudeM: Int?
    public var depthCm: Int?
    public var liftsOpen: Int?
    public var liftsTotal: Int?
    public var note: LocalizedText
    public init(name: String, altitudeM: Int? = nil, depthCm: Int? = nil, liftsOpen: Int? = nil,
                liftsTotal: Int? = nil, note: LocalizedText = LocalizedText([:])) {
        self.name = name; self.altitudeM = altitudeM; self.depthCm = depthCm
        self.liftsOpen = liftsOpen; self.liftsTotal = liftsTotal; self.note = note
    }
}

public struct WeatherReport: Equatable, Sendable {
    public var demo: Bool
    public var source: String
    public var place: String
    public var observedAt: Date
    public var currentC: Double?
    public var currentCode: Int?
    public var windKmh: Double?
    public var days: [WeatherDay]
    public var snowObservedAt: Date?
    public var snow: [SnowStation]
    public init(demo: Bool, source: String, place: String, observedAt: Date, currentC: Double? = nil,
                currentCode: Int? = nil, windKmh: Double? = nil, days: [WeatherDay] = [],
                snowObservedAt: Date? = nil, snow: [SnowStation] = []) {
        self.demo = demo; self.source = source; self.place = place; self.observedAt = observedAt
        self.currentC = currentC; self.currentCode = currentCode; self.windKmh = windKmh
        self.days = days; self.snowObservedAt = snowObservedAt; self.snow = snow
    }
}

/// Everything the kiosk shows, as loaded from a content directory.
public struct ContentCatalog: Equatable, Sendable {
    public var version: String
    public var office: OfficeInfo
    public var items: [ContentItem]
    public var emergency: [EmergencyNumber]
    public var weather: WeatherReport?
    /// The school holidays `SH` means (content/holidays/school-zone-a.json),
    /// carried so that building and writing content keeps the file.
    public var schoolHolidays: SchoolHolidays?
    /// The communes of `communes.json` (empty without it), in file order.
    public var communes: [Commune] = []

    /// Opening hours without a position (no item nor office `geo`) get the
    /// kiosk's, so sun times can be read.
    public func placingHours(at geo: GeoPoint?) -> ContentCatalog {
        var c = self
        c.placeHours(at: geo)
        return c
    }

    /// `placingHours` in place: the items are not copied.
    public mutating func placeHours(at geo: GeoPoint?) {
        guard let geo else { return }
        office.openingHours = office.openingHours?.placed(at: geo)
        for i in items.indices where items[i].openingHours != nil && items[i].openingHours?.context.geo == nil {
            items[i].openingHours = items[i].openingHours?.placed(at: geo)
        }
    }

    public init(version: String, office: OfficeInfo, items: [ContentItem],
                emergency: [EmergencyNumber], weather: WeatherReport?) {
        self.version = version; self.office = office; self.items = items
        self.emergency = emergency; self.weather = weather
    }

    /// The items a section lists. "Il pleut ?" gathers its own items and every
    /// item tagged `pluie` elsewhere.
    public func items(in section: SectionID) -> [ContentItem] {
        if section == .pluie {
            return items.filter { $0.section == .pluie || ($0.tags.contains("pluie") && $0.section != .pluie) }
        }
        return items.filter { $0.section == section }
    }

    /// The items a visitor can still use on `day`: an event whose every date
    /// is past is gone, in every section it appears in.
    public func items(in section: SectionID, on day: LocalDate) -> [ContentItem] {
        items(in: section).filter { !$0.isOver(on: day) }
    }

    public func item(id: String) -> ContentItem? { items.first { $0.id == id } }
}
