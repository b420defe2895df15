import BorneCore
import Foundation

/// The items of a content version as the loader made them, already
/// sanitized, so that a kiosk starts without parsing and sanitizing every
/// `items/*.json` again: written next to the content when a version is
/// installed (`.items`, BorneBundle's installer) or, for content installed
/// without it, into the kiosk's data directory (`DATA/cache/items`).
///
/// It is tied to the bytes it was built from: every `items/*.json`,
/// `office.json` (the hours' default position) and the school holidays,
/// each by size and FNV-1a 64 fingerprint. When any of them changed, or a
/// file was added or removed, the index is stale and the items are parsed
/// again. The whole file ends with the fingerprint of everything before it,
/// so a truncated or altered index is refused as a whole.
///
/// Opening hours are kept as their expression and parsed again on load
/// (with the same context, through the load's cache: one parse per distinct
/// expression); hikes' tracks come from the track index or their GPX file,
/// as in a full load; a hike whose track no longer loads as it did makes
/// the index stale.
public struct ItemIndex: Equatable, Sendable {
    /// A file the items depend on; `size` -1: the file was absent.
    public struct Source: Equatable, Sendable {
        public var path: String
        public var size: Int
        public var fingerprint: UInt64
        public init(path: String, size: Int, fingerprint: UInt64) {
            self.path = path; self.size = size; self.fingerprint = fingerprint
        }
    }

    public var sources: [Source]
    public var items: [ContentItem]
    /// The problems reading the items gave, in order.
    public var problems: [ContentProblem]

    public init(sources: [Source] = [], items: [ContentItem] = [], problems: [ContentProblem] = []) {
        self.sources = sources; self.items = items; self.problems = problems
    }

    static let magic = Array("BORNE-ITEMS-1\n".utf8)

    public typealias DecodeError = IndexDecodeError
}

// MARK: - Sources

extension ItemIndex {
    /// The files the items of `directory` depend on, as they are now.
    static func currentSources(of directory: URL) -> [Source] {
        var paths = ["office.json", ContentLoader.schoolHolidaysFile]
        let itemsDir = directory.appendingPathComponent("items")
        if let names = try? FileManager.default.contentsOfDirectory(atPath: itemsDir.path) {
            paths += names.sorted().filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { "items/" + $0 }
        } else {
            paths.append("items/")
        }
        return paths.map { path in
            guard let data = try? Data(contentsOf: directory.appendingPathComponent(path)) else {
                return Source(path: path, size: -1, fingerprint: 0)
            }
            return Source(path: path, size: data.count, fingerprint: data.withUnsafeBytes { TrackIndex.fingerprint($0) })
        }
    }

    /// Why this index does not describe `sources` (nil: it does).
    func staleness(against sources: [Source]) -> String? {
        let mine = Dictionary(self.sources.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let now = Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var changed: [String] = []
        for path in Set(mine.keys).union(now.keys).sorted() where mine[path] != now[path] {
            switch (mine[path]?.size ?? -1, now[path]?.size ?? -1) {
            case (-1, _): changed.append("\(path) added")
            case (_, -1): changed.append("\(path) removed")
            default: changed.append("\(path) changed")
            }
        }
        guard !changed.isEmpty else { return nil }
        return changed.prefix(3).joined(separator: ", ") + (changed.count > 3 ? ", …" : "")
    }
}

// MARK: - Encoding

extension ItemIndex {
    public func encoded() -> [UInt8] {
        var w = IndexWriter(Self.magic)
        w.u32(sources.count)
        for s in sources { w.str(s.path); w.u64(UInt64(bitPattern: Int64(s.size))); w.u64(s.fingerprint) }
        w.u32(items.count)
        for item in items { w.item(item) }
        w.u32(problems.count)
        for p in problems {
            w.str(p.file); w.optStr(p.itemID); w.opt(p.itemIndex) { $0.u32($1) }; w.optStr(p.field); w.str(p.message)
        }
        return w.finished()
    }

    /// The index in `bytes`, or why it cannot be used. Opening hours and
    /// tracks are not in it: `ItemIndexSession` fills them in.
    static func decode(_ bytes: [UInt8]) throws -> (index: ItemIndex, hours: [String?], hadTrack: [Bool]) {
        var r = try IndexReader(bytes, magic: magic, notAnIndex: "not an item index (no BORNE-ITEMS-1 header)")
        var index = ItemIndex()
        for _ in 0..<(try r.u32()) {
            let path = try r.str(), size = Int(Int64(bitPattern: try r.u64())), fp = try r.u64()
            index.sources.append(Source(path: path, size: size, fingerprint: fp))
        }
        var hours: [String?] = [], hadTrack: [Bool] = []
        let count = try r.u32()
        index.items.reserveCapacity(count)
        for _ in 0..<count {
            let (item, expression, track) = try r.item()
            index.items.append(item); hours.append(expression); hadTrack.append(track)
        }
        for _ in 0..<(try r.u32()) {
            let file = try r.str(), id = try r.optStr(), at = try r.opt { try $0.u32() }
            let field = try r.optStr(), message = try r.str()
            index.problems.append(ContentProblem(file: file, itemID: id, itemIndex: at, field: field, message: message))
        }
        try r.end()
        return (index, hours, hadTrack)
    }
}

extension IndexWriter {
    mutating func optStr(_ s: String?) { opt(s) { $0.str($1) } }
    mutating func optDouble(_ d: Double?) { opt(d) { $0.double($1) } }
    mutating func text(_ t: LocalizedText) {
        let values = t.values.sorted { $0.key.rawValue < $1.key.rawValue }
        u32(values.count)
        for (language, value) in values { str(language.rawValue); str(value) }
    }
    mutating func geo(_ g: GeoPoint?) { opt(g) { $0.double($1.lat); $0.double($1.lon) } }

    mutating func item(_ item: ContentItem) {
        str(item.id); str(item.section.rawValue); bool(item.demo)
        text(item.name); text(item.category); text(item.summary); text(item.description)
        optStr(item.commune); optStr(item.address); optStr(item.phone); optStr(item.email); optStr(item.website)
        geo(item.geo)
        optStr(item.openingHours?.expression); bool(item.hoursUnreadable); text(item.hoursText)
        u32(item.tags.count); for t in item.tags { str(t) }
        u32(item.dates.count)
        for d in item.dates {
            for day in [d.start, d.end] { u32(day.year); u8(UInt8(day.month)); u8(UInt8(day.day)) }
            optStr(d.time)
        }
        opt(item.hike) { w, h in
            w.str(h.activity.rawValue); w.str(h.difficulty.rawValue); w.u32(h.durationMinutes)
            w.optStr(h.gpxPath); w.bool(h.track != nil)
            w.optDouble(h.distanceKm); w.optDouble(h.climbM); w.bool(h.loop)
            w.optStr(h.territory?.rawValue); w.optStr(h.season?.rawValue); w.text(h.notes)
            w.u32(h.pois.count)
            for p in h.pois { w.text(p.name); w.double(p.geo.lat); w.double(p.geo.lon); w.text(p.note) }
            w.optStr(h.gpxURL); w.optStr(h.pdfURL)
        }
    }
}

extension IndexReader {
    mutating func raw<E: RawRepresentable>(_: E.Type) throws -> E where E.RawValue == String {
        let s = try str()
        guard let v = E(rawValue: s) else { throw fail("unknown value \(Quote.value(s))") }
        return v
    }
    mutating func text() throws -> LocalizedText {
        var values: [Language: String] = [:]
        for _ in 0..<(try u32()) { values[try raw(Language.self)] = try str() }
        return LocalizedText(values)
    }
    mutating func geo() throws -> GeoPoint? {
        try u8() == 1 ? GeoPoint(lat: try double(), lon: try double()) : nil
    }

    mutating func item() throws -> (ContentItem, hours: String?, hadTrack: Bool) {
        let id = try str(), section = try raw(SectionID.self), demo = try bool()
        let name = try text(), category = try text(), summary = try text(), description = try text()
        let commune = try optStr(), address = try optStr(), phone = try optStr(), email = try optStr()
        let website = try optStr(), geo = try geo()
        let hours = try optStr(), unreadable = try bool(), hoursText = try text()
        var tags: [String] = []
        for _ in 0..<(try u32()) { tags.append(try str()) }
        var dates: [EventDate] = []
        for _ in 0..<(try u32()) {
            var days: [LocalDate] = []
            for _ in 0..<2 { days.append(LocalDate(year: try u32(), month: Int(try u8()), day: Int(try u8()))) }
            dates.append(EventDate(start: days[0], end: days[1], time: try optStr()))
        }
        var hadTrack = false
        var hike: HikeInfo?
        if try u8() == 1 {
            let activity = try raw(HikeActivity.self), difficulty = try raw(HikeDifficulty.self)
            let duration = try u32(), gpx = try optStr()
            hadTrack = try bool()
            let distance = try optDouble(), climb = try optDouble(), loop = try bool()
            let territory = try opt { try $0.raw(Territory.self) }, season = try opt { try $0.raw(HikeSeason.self) }
            let notes = try text()
            var pois: [PointOfInterest] = []
            for _ in 0..<(try u32()) {
                let n = try text(), lat = try double(), lon = try double(), note = try text()
                pois.append(PointOfInterest(name: n, geo: GeoPoint(lat: lat, lon: lon), note: note))
            }
            hike = HikeInfo(activity: activity, difficulty: difficulty, durationMinutes: duration, gpxPath: gpx,
                            distanceKm: distance, climbM: climb, loop: loop, territory: territory, season: season,
                            notes: notes, pois: pois, gpxURL: try optStr(), pdfURL: try optStr())
        }
        var item = ContentItem(id: id, section: section, demo: demo, name: name, category: category,
                               summary: summary, description: description, commune: commune, address: address,
                               phone: phone, email: email, website: website, geo: geo, hoursText: hoursText,
                               tags: tags, dates: dates, hike: hike)
        item.hoursUnreadable = unreadable
        return (item, hours, hadTrack)
    }
}

// MARK: - Use in a load

/// How a load used the item index (`ItemIndex`): the items are parsed only
/// when no index describes the exact bytes of the files they come from.
public struct ItemIndexUse: Sendable {
    /// The index the items were read from; nil when they were parsed.
    public var source: URL?
    /// Indexes found but not used: which, and why (damaged, stale).
    public var refused: [String] = []
    /// When the items were parsed: the index to write where the next load
    /// will find it.
    public var built: ItemIndex?

    public init() {}
}

/// One load's items: from the first usable index, else parsed.
final class ItemIndexSession {
    let directory: URL
    let candidates: [URL]
    var use = ItemIndexUse()
    private var sources: [ItemIndex.Source]?

    init(directory: URL, fallback: URL?) {
        self.directory = directory
        candidates = [directory.appendingPathComponent(ContentLoader.itemIndexName), fallback].compactMap { $0 }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The files the items depend on, read once per load.
    var currentSources: [ItemIndex.Source] {
        if let sources { return sources }
        let s = ItemIndex.currentSources(of: directory)
        sources = s
        return s
    }

    /// The items and their problems from an index that describes the
    /// content exactly, with opening hours parsed and tracks loaded as a
    /// full load does; nil when none does (`use.refused` says why).
    func indexed(hoursCache: OpeningHoursCache, tracks: TrackIndexSession) -> ItemIndex? {
        for url in candidates {
            do {
                let (index, hours, hadTrack) = try ItemIndex.decode(Array(try Data(contentsOf: url)))
                if let why = index.staleness(against: currentSources) {
                    use.refused.append("item index \(url.path) is stale (\(why))")
                    continue
                }
                var complete = index
                if let why = fill(&complete, hours: hours, hadTrack: hadTrack, hoursCache: hoursCache, tracks: tracks) {
                    use.refused.append("item index \(url.path) is stale (\(why))")
                    continue
                }
                use.source = url
                return complete
            } catch {
                use.refused.append("item index \(url.path) not used: \(error)")
            }
        }
        return nil
    }

    /// Puts back what the index does not hold; why it cannot, if so.
    private func fill(_ index: inout ItemIndex, hours: [String?], hadTrack: [Bool],
                      hoursCache: OpeningHoursCache, tracks: TrackIndexSession) -> String? {
        let reader = ItemReader(file: "", section: .manger, directory: directory, hoursCache: hoursCache, tracks: tracks)
        for i in index.items.indices {
            if let expression = hours[i] {
                guard case .success(let h) = hoursCache.parse(expression, geo: index.items[i].geo) else {
                    return "opening hours of \(index.items[i].id) no longer parse"
                }
                index.items[i].openingHours = h
            }
            guard let path = index.items[i].hike?.gpxPath else { continue }
            let track = reader.loadTrack(path, log: IssueLog(), field: "hike.gpx")
            guard (track != nil) == hadTrack[i] else { return "\(path) changed" }
            index.items[i].hike?.track = track
        }
        return nil
    }

    /// Items parsed from the files: the index of them.
    func parsed(_ items: [ContentItem], problems: [ContentProblem]) {
        use.built = ItemIndex(sources: currentSources, items: items, problems: problems)
    }
}

extension ContentLoader {
    /// The item index inside a content version (a hidden name: content paths never are).
    public static let itemIndexName = ".items"
}
