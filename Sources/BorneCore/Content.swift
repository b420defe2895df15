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

/// What the lists, counts, filters and maps look at in an item, small
/// enough to keep for every item of a catalog whose items stay on disk
/// (`ItemShelf`): no names, summaries nor descriptions.
public struct ItemFacts: Equatable, Sendable {
    public var id: String
    public var section: SectionID
    /// Tagged `pluie`: also listed under "Il pleut ?".
    public var rainy: Bool
    /// Tagged `enfants` (the "with children" filters).
    public var children: Bool
    public var dates: [EventDate]
    /// Boxed (most items have none, and inline the optional would cost
    /// every item the size of the hours and their context), and shared by
    /// the items of a shelf with the same expression (`SharedHours`).
    public var openingHours: OpeningHours? {
        get {
            guard let h = sharedHours else { return nil }
            return h.atItem ? h.value.placed(at: geo ?? h.fallback) : h.value
        }
        set { sharedHours = newValue.map { SharedHours($0) } }
    }
    public var sharedHours: SharedHours?
    public var geo: GeoPoint?
    public var hike: HikeFacts?

    public static func == (a: ItemFacts, b: ItemFacts) -> Bool {
        a.id == b.id && a.section == b.section && a.rainy == b.rainy && a.children == b.children
            && a.dates == b.dates && a.openingHours == b.openingHours && a.geo == b.geo && a.hike == b.hike
    }

    /// An item known only by these (the home's stand-ins).
    public init(id: String, section: SectionID, rainy: Bool, dates: [EventDate]) {
        self.id = id; self.section = section; self.rainy = rainy; children = false; self.dates = dates
    }

    public init(_ item: ContentItem) {
        id = item.id; section = item.section
        rainy = item.tags.contains("pluie"); children = item.tags.contains("enfants")
        dates = item.dates; openingHours = item.openingHours; geo = item.geo
        hike = item.hike.map { HikeFacts($0) }
    }

    /// As `ContentItem.isOver(on:)`.
    public func isOver(on day: LocalDate) -> Bool {
        !dates.isEmpty && dates.allSatisfy { $0.end < day }
    }

    /// As `ContentItem.nextDate(onOrAfter:)`.
    public func nextDate(onOrAfter day: LocalDate) -> EventDate? {
        dates.filter { $0.end >= day }.min { $0.start < $1.start }
    }

    /// Listed in `s` ("Il pleut ?" also lists items tagged `pluie`).
    public func isListed(in s: SectionID) -> Bool {
        s == .pluie ? (section == .pluie || rainy) : section == s
    }
}

/// Opening hours kept for `ItemFacts`: as given, or parsed once for every
/// item with the same expression and evaluated at each item's position
/// (else `fallback`: the office's, then the kiosk's), as a load places them.
public final class SharedHours: Sendable {
    public let value: OpeningHours
    public let fallback: GeoPoint?
    /// `value` is placed at the item's position (else `fallback`) when read.
    public let atItem: Bool

    /// Hours as they are (already placed).
    public init(_ value: OpeningHours) { self.value = value; fallback = nil; atItem = false }

    /// Hours not placed yet, for every item with this expression.
    public init(unplaced value: OpeningHours, fallback: GeoPoint?) {
        self.value = value; self.fallback = fallback; atItem = true
    }

    /// The same with `geo` where no fallback position was known.
    public func placing(at geo: GeoPoint) -> SharedHours {
        atItem && fallback == nil ? SharedHours(unplaced: value, fallback: geo) : self
    }
}

/// What the hike lists sort and filter on: the hike without its texts,
/// points of interest and track (one reference per hike in `ItemFacts`).
public final class HikeFacts: Equatable, Sendable {
    /// The hike's fields; `notes`, `pois` and `track` left empty.
    public let info: HikeInfo
    /// `HikeInfo.effectiveDistanceKm`, `effectiveClimbM` of the full hike.
    public let distanceKm: Double?
    public let climbM: Double?
    /// Where its track starts (nil: no track).
    public let start: TrackPoint?

    public init(_ hike: HikeInfo) {
        var info = hike
        info.notes = LocalizedText([:]); info.pois = []; info.track = nil
        self.info = info
        distanceKm = hike.effectiveDistanceKm; climbM = hike.effectiveClimbM; start = hike.track?.start
    }

    public static func == (a: HikeFacts, b: HikeFacts) -> Bool {
        a.info == b.info && a.distanceKm == b.distanceKm && a.climbM == b.climbM && a.start == b.start
    }
}

/// A catalog's items kept out of the heap (the kiosk's item index, read
/// where it lies on disk): an item is decoded when a screen shows it; the
/// facts every list needs are kept for all. Never fails: an item that can
/// no longer be read is said (by the shelf's owner) and read another way.
public protocol ItemShelf: AnyObject, Sendable {
    var count: Int { get }
    /// The item at `position`, decoded (a few recent ones are kept).
    func item(at position: Int) -> ContentItem
    func facts(at position: Int) -> ItemFacts
    /// Every item's name, in order, without keeping the items.
    func forEachName(_ body: (Int, LocalizedText) -> Void)
    /// The same items with opening hours without a position placed at `geo`.
    func placingHours(at geo: GeoPoint) -> any ItemShelf
}

/// Everything the kiosk shows, as loaded from a content directory.
public struct ContentCatalog: Equatable, Sendable {
    public var version: String
    public var office: OfficeInfo
    /// The items, when they are in memory; empty when `shelf` holds them.
    /// Screens read them through `itemCount`, `item(at:)` and `facts(at:)`.
    public var items: [ContentItem]
    /// The items kept on disk, decoded when shown (the kiosk); nil: `items`.
    public var shelf: (any ItemShelf)?
    public var emergency: [EmergencyNumber]
    public var weather: WeatherReport?
    /// The school holidays `SH` means (content/holidays/school-zone-a.json),
    /// carried so that building and writing content keeps the file.
    public var schoolHolidays: SchoolHolidays?
    /// The communes of `communes.json` (empty without it), in file order.
    public var communes: [Commune] = []

    public static func == (a: ContentCatalog, b: ContentCatalog) -> Bool {
        a.version == b.version && a.office == b.office && a.items == b.items && a.shelf === b.shelf
            && a.emergency == b.emergency && a.weather == b.weather && a.schoolHolidays == b.schoolHolidays
            && a.communes == b.communes
    }

    /// How many items the catalog has (on the shelf or in memory).
    public var itemCount: Int { shelf?.count ?? items.count }

    /// The item at `position` (`0..<itemCount`).
    public func item(at position: Int) -> ContentItem {
        if let shelf { return shelf.item(at: position) }
        return items[position]
    }

    /// The id of the item at `position`.
    public func id(at position: Int) -> String {
        if let shelf { return shelf.facts(at: position).id }
        return items[position].id
    }

    /// What lists look at in the item at `position`.
    public func facts(at position: Int) -> ItemFacts {
        if let shelf { return shelf.facts(at: position) }
        return ItemFacts(items[position])
    }

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
        shelf = shelf?.placingHours(at: geo)
        for i in items.indices where items[i].openingHours != nil && items[i].openingHours?.context.geo == nil {
            items[i].openingHours = items[i].openingHours?.placed(at: geo)
        }
    }

    public init(version: String, office: OfficeInfo, items: [ContentItem],
                emergency: [EmergencyNumber], weather: WeatherReport?) {
        self.version = version; self.office = office; self.items = items
        self.emergency = emergency; self.weather = weather
    }

    /// The positions of the items a section lists, in catalog order.
    /// "Il pleut ?" gathers its own items and every item tagged `pluie`
    /// elsewhere; with `day`, an event whose every date is past is gone.
    public func positions(in section: SectionID, on day: LocalDate? = nil) -> [Int] {
        (0..<itemCount).filter { p in
            let f = facts(at: p)
            return f.isListed(in: section) && !(day.map(f.isOver(on:)) ?? false)
        }
    }

    /// The items a section lists. "Il pleut ?" gathers its own items and every
    /// item tagged `pluie` elsewhere.
    public func items(in section: SectionID) -> [ContentItem] {
        positions(in: section).map(item(at:))
    }

    /// The items a visitor can still use on `day`: an event whose every date
    /// is past is gone, in every section it appears in.
    public func items(in section: SectionID, on day: LocalDate) -> [ContentItem] {
        positions(in: section, on: day).map(item(at:))
    }

    public func item(id: String) -> ContentItem? {
        guard let shelf else { return items.first { $0.id == id } }
        return (0..<shelf.count).first { shelf.facts(at: $0).id == id }.map(shelf.item(at:))
    }
}
