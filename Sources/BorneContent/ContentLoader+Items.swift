import Foundation
import BorneCore

/// `items/<section>.json`: `{"section": "manger", "items": [...]}`.
extension ContentLoader {
    static let itemKeys: Set<String> = [
        "id", "demo", "name", "category", "summary", "description", "commune", "address", "phone",
        "email", "website", "geo", "opening_hours", "hours_text", "tags", "dates", "hike",
    ]
    static let hikeKeys: Set<String> = [
        "gpx", "activity", "difficulty", "duration_minutes", "distance_km", "climb_m", "loop", "geometry",
        "territory", "season", "notes", "pois", "gpx_url", "pdf_url",
    ]

    /// Every `*.json` in `items/`, in name order; ids are unique across all of them
    /// (the first occurrence wins).
    static func readItems(in directory: URL, problems: inout [ContentProblem],
                          hoursCache: OpeningHoursCache = OpeningHoursCache(),
                          tracks: TrackIndexSession) -> [ContentItem] {
        let itemsDir = directory.appendingPathComponent("items")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: itemsDir.path) else {
            problems.append(ContentProblem(file: "items/", message: "directory is missing: no items loaded"))
            return []
        }
        var items: [ContentItem] = []
        var seen: [String: String] = [:] // id -> file that defined it
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let file = "items/" + name
            let root: [String: JSONValue]
            switch readJSON(file, in: directory) {
            case .failure(.missing): continue
            case .failure(.unreadable(let reason)):
                problems.append(ContentProblem(file: file, message: reason + " (file skipped)"))
                continue
            case .success(.object(let o)): root = o
            case .success(let other):
                problems.append(ContentProblem(file: file, message: "expected a JSON object, got \(other.typeName) (file skipped)"))
                continue
            }
            let log = IssueLog()
            let f = Fields(root, log: log)
            f.rejectUnknownKeys(["section", "items"])
            var section: SectionID?
            if let raw = f.rawString("section", required: true, fatal: true) {
                if let s = SectionID(rawValue: raw), s.isItemList {
                    section = s
                    if name != raw + ".json" {
                        log.add("section", "section \"\(raw)\" is declared in a file not named \(raw).json")
                    }
                } else {
                    let valid = SectionID.allCases.filter(\.isItemList).map(\.rawValue).joined(separator: ", ")
                    log.add("section", "must be one of \(valid), got \(Quote.value(raw))", fatal: true)
                }
            }
            let list = f.array("items", required: true, fatal: true)
            problems += Self.problems(from: log, file: file, consequence: "file skipped")
            guard let section, let list else { continue }
            let reader = ItemReader(file: file, section: section, directory: directory, hoursCache: hoursCache,
                                    tracks: tracks)
            for (index, value) in list.enumerated() {
                if let item = reader.read(value, index: index, seen: &seen, problems: &problems) {
                    items.append(item)
                }
            }
        }
        return items
    }
}

/// Reads the items of one file.
struct ItemReader {
    let file: String
    let section: SectionID
    let directory: URL
    let hoursCache: OpeningHoursCache
    let tracks: TrackIndexSession

    func read(_ value: JSONValue, index: Int, seen: inout [String: String],
              problems: inout [ContentProblem]) -> ContentItem? {
        guard case .object(let object) = value else {
            problems.append(ContentProblem(file: file, itemIndex: index,
                                           message: "expected an object, got \(value.typeName) (item skipped)"))
            return nil
        }
        let log = IssueLog()
        let f = Fields(object, log: log)
        // `named` is how problems name the item: its id once that is well formed,
        // even when it is a duplicate (the index would point at the wrong one).
        var id: String?
        var named: String?
        if let raw = f.rawString("id", required: true, fatal: true) {
            if let problem = Validate.idProblem(raw) {
                log.add("id", problem, fatal: true)
            } else {
                named = raw
                if let first = seen[raw] {
                    log.add("id", "duplicate id, already used in \(first)", fatal: true)
                } else {
                    id = raw
                }
            }
        }
        let item = read(f, id: id)
        problems += ContentLoader.problems(from: log, file: file, itemID: named, itemIndex: index)
        guard let id, let item, !log.hasFatal else { return nil }
        seen[id] = file
        return item
    }

    private func read(_ f: Fields, id: String?) -> ContentItem? {
        f.rejectUnknownKeys(ContentLoader.itemKeys)
        let demo = f.bool("demo") ?? (f.has("demo") ? true : false) // a malformed flag errs on "exemple"
        let name = f.text("name", required: true, fatal: true)
        let dates = readDates(f)
        let hike = readHike(f)
        var geo: GeoPoint?  // read in field order (problems are reported in that order), used by the hours
        var item = ContentItem(
            id: id ?? "", section: section, demo: demo, name: name ?? LocalizedText([:]),
            category: f.text("category") ?? LocalizedText([:]),
            summary: f.text("summary") ?? LocalizedText([:]),
            description: f.text("description", multiline: true) ?? LocalizedText([:]),
            commune: f.line("commune"), address: f.line("address"), phone: f.phone("phone"),
            email: f.email("email"), website: f.website("website"), geo: { geo = f.geo("geo"); return geo }(),
            openingHours: f.openingHours("opening_hours", cache: hoursCache, geo: geo),
            hoursText: f.text("hours_text") ?? LocalizedText([:]),
            tags: readTags(f), dates: dates, hike: hike)
        item.hoursUnreadable = item.openingHours == nil && f.givesOpeningHours("opening_hours")
        return name == nil ? nil : item
    }

    /// Tags outside the vocabulary are reported and dropped; repeats are merged.
    private func readTags(_ f: Fields) -> [String] {
        guard let values = f.array("tags") else { return [] }
        var tags: [String] = []
        for (i, v) in values.enumerated() {
            guard case .string(let tag) = v else {
                f.log.add("tags[\(i)]", "expected a string, got \(v.typeName)"); continue
            }
            guard ContentLoader.tagVocabulary.contains(tag) else {
                var message = "unknown tag \(Quote.value(tag)) (known tags: \(ContentLoader.tagVocabulary.joined(separator: ", ")))"
                if let guess = Spelling.nearest(to: tag, in: Set(ContentLoader.tagVocabulary)) { message += "; did you mean \"\(guess)\"?" }
                f.log.add("tags[\(i)]", message)
                continue
            }
            if !tags.contains(tag) { tags.append(tag) }
        }
        return tags
    }

    /// `[{"start": "2027-07-14", "end": "2027-07-15", "time": "21:00"}]`; a bad
    /// occurrence is dropped; an event (section agenda) needs at least one.
    private func readDates(_ f: Fields) -> [EventDate] {
        var dates: [EventDate] = []
        for (i, v) in (f.array("dates") ?? []).enumerated() {
            let prefix = "dates[\(i)]"
            guard case .object(let o) = v else {
                f.log.add(prefix, "expected an object, got \(v.typeName)"); continue
            }
            let d = Fields(o, prefix: prefix + ".", log: f.log)
            d.rejectUnknownKeys(["start", "end", "time"])
            guard let start = d.day("start", required: true) else { continue }
            var end = start
            if d.has("end") {
                guard let e = d.day("end") else { continue }
                guard e >= start else {
                    f.log.add(prefix + ".end", "end \(e) is before start \(start)")
                    continue
                }
                end = e
            }
            var time: String?
            if let t = d.rawString("time") {
                if let problem = Validate.timeProblem(t) { f.log.add(prefix + ".time", problem); continue }
                time = t
            }
            dates.append(EventDate(start: start, end: end, time: time))
        }
        if section == .agenda && dates.isEmpty {
            f.log.add("dates", "an event needs at least one valid date", fatal: true)
        }
        return dates.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    /// The hike block. Required (and fatal when unusable) in `randonnees`;
    /// elsewhere an unusable one is dropped. A missing or invalid GPX file
    /// keeps the hike, without a track.
    private func readHike(_ f: Fields) -> HikeInfo? {
        let required = section == .randonnees
        guard let h = f.object("hike", required: required, fatal: required) else { return nil }
        h.rejectUnknownKeys(ContentLoader.hikeKeys)
        let activity: HikeActivity? = h.rawString("activity").flatMap { HikeActivity.aliases[$0] }
            ?? enumValue(h, "activity", required: required)
        let difficulty: HikeDifficulty? = enumValue(h, "difficulty", required: required)
        let duration = h.int("duration_minutes", in: 1...(14 * 24 * 60), required: true, fatal: required)
        let distance = h.number("distance_km", in: 0...2000)
        let climb = h.number("climb_m", in: 0...50000)
        let loop = h.bool("loop") ?? true
        if let g = h.rawString("geometry"), g != "demo" && g != "surveyed" {
            h.log.add(h.path("geometry"), "must be \"demo\" or \"surveyed\", got \(Quote.value(g))")
        }
        var gpxPath: String?
        var track: Track?
        if let raw = h.rawString("gpx") {
            if let problem = Validate.relativePathProblem(raw, extension: "gpx") {
                h.log.add(h.path("gpx"), problem)
            } else {
                gpxPath = raw
                track = loadTrack(raw, log: h.log, field: h.path("gpx"))
            }
        }
        let territory: Territory? = h.has("territory") ? enumValue(h, "territory", required: false) : nil
        let season: HikeSeason? = h.has("season") ? enumValue(h, "season", required: false) : nil
        let notes = h.text("notes", multiline: true) ?? LocalizedText([:])
        let pois = readPOIs(h)
        let gpxURL = h.website("gpx_url"), pdfURL = h.website("pdf_url")
        guard let activity, let difficulty, let duration else { return nil }
        return HikeInfo(activity: activity, difficulty: difficulty, durationMinutes: duration,
                        gpxPath: gpxPath, track: track, distanceKm: distance, climbM: climb, loop: loop,
                        territory: territory, season: season, notes: notes, pois: pois,
                        gpxURL: gpxURL, pdfURL: pdfURL)
    }

    /// `[{"name": {...}, "lat": 45.1, "lon": 2.8, "note": {...}}]`; a bad one is dropped.
    private func readPOIs(_ h: Fields) -> [PointOfInterest] {
        var out: [PointOfInterest] = []
        for (i, v) in (h.array("pois") ?? []).enumerated() {
            let prefix = h.path("pois") + "[\(i)]"
            guard case .object(let o) = v else {
                h.log.add(prefix, "expected an object, got \(v.typeName)"); continue
            }
            let p = Fields(o, prefix: prefix + ".", log: h.log)
            p.rejectUnknownKeys(["name", "lat", "lon", "note"])
            let name = p.text("name", required: true)
            let lat = p.number("lat", in: -90...90, required: true)
            let lon = p.number("lon", in: -180...180, required: true)
            guard let name, let lat, let lon else { continue }
            out.append(PointOfInterest(name: name, geo: GeoPoint(lat: lat, lon: lon),
                                       note: p.text("note") ?? LocalizedText([:])))
        }
        return out
    }

    private func enumValue<E: RawRepresentable & CaseIterable>(_ h: Fields, _ key: String, required: Bool) -> E?
    where E.RawValue == String {
        guard let raw = h.rawString(key, required: true, fatal: required) else { return nil }
        guard let value = E(rawValue: raw) else {
            let valid = E.allCases.map(\.rawValue).joined(separator: ", ")
            h.log.add(h.path(key), "must be one of \(valid), got \(Quote.value(raw))", fatal: required)
            return nil
        }
        return value
    }

    func loadTrack(_ path: String, log: IssueLog, field: String) -> Track? {
        let data: Data
        switch ContentLoader.readData(path, in: directory, limit: ContentLoader.maxGPXBytes) {
        case .failure(.missing):
            log.add(field, "file \(path) not found"); return nil
        case .failure(.unreadable(let reason)):
            log.add(field, "\(path): \(reason)"); return nil
        case .success(let d): data = d
        }
        if let indexed = tracks.track(path, data: data) { return indexed }
        guard let text = String(data: data, encoding: .utf8) else {
            log.add(field, "\(path): not UTF-8 text"); return nil
        }
        do {
            let track = try GPX.parse(text)
            guard track.segments.contains(where: { !$0.isEmpty }) else {
                log.add(field, "\(path): the track has no points"); return nil
            }
            tracks.parsed(path, data: data, track: track)
            return track
        } catch let e as GPXError {
            log.add(field, "\(path): \(e)")
        } catch {
            log.add(field, "\(path): \(error)")
        }
        return nil
    }
}
