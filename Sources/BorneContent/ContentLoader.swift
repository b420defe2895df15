import Foundation
import BorneCore

/// `bundle.json`: what this content version is.
public struct BundleInfo: Equatable, Sendable {
    public var format: Int
    /// Shown on the maintenance screen and recorded with every touch.
    public var version: String
    /// When the bundle was built: an offline kiosk's floor for today's date.
    public var created: Date?
    public var source: String?
    /// The whole bundle is demonstration content.
    public var demo: Bool

    public init(format: Int, version: String, created: Date? = nil, source: String? = nil, demo: Bool = false) {
        self.format = format; self.version = version; self.created = created
        self.source = source; self.demo = demo
    }
}

/// What loading a content directory gives: the catalog, the bundle's
/// identity, and everything that was skipped or dropped on the way.
public struct ContentLoadResult: Equatable, Sendable {
    public var catalog: ContentCatalog
    public var bundle: BundleInfo
    public var problems: [ContentProblem]
    /// How the hikes' tracks were read (index or GPX); not part of equality:
    /// the same content loads equal whichever way its tracks came.
    public var tracks = TrackIndexUse()
    /// How the items were read (item index or parsed); not part of equality either.
    public var items = ItemIndexUse()

    public init(catalog: ContentCatalog, bundle: BundleInfo, problems: [ContentProblem]) {
        self.catalog = catalog; self.bundle = bundle; self.problems = problems
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.catalog == b.catalog && a.bundle == b.bundle && a.problems == b.problems
    }
}

/// The home screen's part of a content directory (`ContentLoader.loadHome`).
public struct HomeLoad: Sendable {
    /// Office, emergency, weather; items are `ItemIndex.Home` stand-ins.
    public var catalog: ContentCatalog
    public var bundle: BundleInfo
    /// The item index whose head gave the items.
    public var index: URL
}

/// Reads a content directory (format in docs/CONTENT.md).
///
/// `bundle.json` and `office.json` are required: without them loading throws
/// a `ContentError`. Everything else degrades: a malformed items file is
/// skipped, a bad item is skipped, a bad optional field is dropped, and each
/// is reported as a `ContentProblem`.
public enum ContentLoader {
    /// The tags an item may carry; the kiosk's filters are built on them.
    public static let tagVocabulary: [String] = [
        "enfants", "pluie", "accessible", "animaux", "gratuit",
        "terrasse", "groupes", "hiver", "produits-locaux", "wifi",
    ]

    /// Files larger than this are refused rather than read into memory.
    static let maxFileBytes = 64 << 20
    static let maxGPXBytes = 8 << 20

    /// Hikes' tracks come from the directory's track index (`.tracks`,
    /// written at install), else from `trackIndexFallback` (the kiosk's data
    /// directory, for content installed without one), for every GPX file
    /// whose bytes the index describes; the others are parsed.
    /// `result.tracks` says which, and holds the index to write back.
    /// Items likewise come from the directory's item index (`.items`), else
    /// from `itemIndexFallback`, when one describes the exact bytes of the
    /// files they come from; else they are parsed (`result.items`).
    /// `shelve`: items from an index stay in it (`catalog.shelf`, decoded
    /// when shown); a block that fails later is said to `shelve` and the
    /// items are then parsed.
    public static func load(directory: URL, trackIndexFallback: URL? = nil,
                            itemIndexFallback: URL? = nil,
                            shelve: (@Sendable (String) -> Void)? = nil) throws -> ContentLoadResult {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDir), isDir.boolValue else {
            throw ContentError.notADirectory(path: directory.path)
        }
        var problems: [ContentProblem] = []

        let bundle = try readBundle(try requiredJSON("bundle.json", in: directory), problems: &problems)
        let school = readSchoolHolidays(in: directory, problems: &problems)
        let office = try readOffice(try requiredJSON("office.json", in: directory), problems: &problems,
                                    hoursCache: OpeningHoursCache(schoolHolidays: school))
        let emergency = readEmergency(in: directory, problems: &problems)
        let weather = readWeather(in: directory, problems: &problems)
        let tracks = TrackIndexSession(directory: directory, fallback: trackIndexFallback)
        let hoursCache = OpeningHoursCache(schoolHolidays: school, defaultGeo: office.geo)
        let itemIndex = ItemIndexSession(directory: directory, fallback: itemIndexFallback)
        var items: [ContentItem] = []
        var shelf: IndexShelf?
        // One way through the indexes or the other: each says once why one is refused.
        let shelved = shelve.flatMap { report in
            itemIndex.shelved(hoursCache: hoursCache, tracks: tracks, fallback: { [school, geo = office.geo] in
                var ignored: [ContentProblem] = []  // said at this load
                return readItems(in: directory, problems: &ignored,
                                 hoursCache: OpeningHoursCache(schoolHolidays: school, defaultGeo: geo),
                                 tracks: TrackIndexSession(directory: directory, fallback: trackIndexFallback))
            }, report: report)
        }
        if let shelved {
            shelf = shelved.shelf
            problems += shelved.problems
        } else if shelve == nil, let indexed = itemIndex.indexed(hoursCache: hoursCache, tracks: tracks) {
            items = indexed.items
            problems += indexed.problems
        } else {
            _ = itemIndex.currentSources  // the bytes about to be parsed
            let before = problems.count
            items = readItems(in: directory, problems: &problems, hoursCache: hoursCache, tracks: tracks)
            itemIndex.parsed(items, problems: Array(problems[before...]))
        }

        var catalog = ContentCatalog(version: bundle.version, office: office, items: items,
                                     emergency: emergency, weather: weather)
        catalog.shelf = shelf
        catalog.schoolHolidays = school
        catalog.communes = readCommunes(in: directory, problems: &problems)
        var result = ContentLoadResult(catalog: catalog, bundle: bundle, problems: problems)
        result.tracks = tracks.use
        result.items = itemIndex.use
        return result
    }

    /// What the home screen of a village kiosk shows, read without the
    /// items: the office, emergency numbers, weather, and for each item
    /// only what the tile counts need, from the head of an item index that
    /// describes the content as it is now (`ItemIndex.Home`: the catalog's
    /// items are stand-ins, equal in number, section, tag and last day, on
    /// a `HeadShelf`: made when asked, not 10,000 `ContentItem`s).
    /// Nil when there is no such index or a required file does not load:
    /// the caller then loads in full (`load`), which says why.
    public static func loadHome(directory: URL, itemIndexFallback: URL? = nil) -> HomeLoad? {
        var problems: [ContentProblem] = []  // the full load reports them
        guard let bundle = try? readBundle(try requiredJSON("bundle.json", in: directory), problems: &problems),
              let index = ItemIndexSession(directory: directory, fallback: itemIndexFallback).freshHead() else { return nil }
        let school = readSchoolHolidays(in: directory, problems: &problems)
        guard let office = try? readOffice(try requiredJSON("office.json", in: directory), problems: &problems,
                                           hoursCache: OpeningHoursCache(schoolHolidays: school)) else { return nil }
        var catalog = ContentCatalog(version: bundle.version, office: office, items: [],
                                     emergency: readEmergency(in: directory, problems: &problems),
                                     weather: readWeather(in: directory, problems: &problems))
        catalog.shelf = HeadShelf(index.head.home)
        catalog.schoolHolidays = school
        return HomeLoad(catalog: catalog, bundle: bundle, index: index.url)
    }

    /// `holidays/school-zone-a.json`, the school holidays `SH` means
    /// (optional: without it, values using SH show "voir l'office").
    static let schoolHolidaysFile = "holidays/school-zone-a.json"

    static func readSchoolHolidays(in directory: URL, problems: inout [ContentProblem]) -> SchoolHolidays? {
        let url = directory.appendingPathComponent(schoolHolidaysFile)
        guard let data = try? Data(contentsOf: url) else { return nil }
        do {
            return try SchoolHolidays.parse(data)
        } catch {
            problems.append(ContentProblem(file: schoolHolidaysFile,
                                           message: "\(error) (file ignored: opening hours using SH show \"voir l'office\")"))
            return nil
        }
    }

    // MARK: - Files

    enum FileFault: Error {
        case missing
        case unreadable(String)
    }

    /// Reads and parses one JSON file given relative to `directory`.
    static func readJSON(_ relative: String, in directory: URL, limit: Int = maxFileBytes) -> Result<JSONValue, FileFault> {
        switch readData(relative, in: directory, limit: limit) {
        case .failure(let fault): return .failure(fault)
        case .success(let data):
            do { return .success(try JSONParser.parse(data)) } catch let e as JSONSyntaxError {
                return .failure(.unreadable(e.description))
            } catch {
                return .failure(.unreadable("invalid JSON: \(error)"))
            }
        }
    }

    static func readData(_ relative: String, in directory: URL, limit: Int) -> Result<Data, FileFault> {
        let url = directory.appendingPathComponent(relative)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else { return .failure(.missing) }
        if isDir.boolValue { return .failure(.unreadable("is a directory, expected a file")) }
        if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber,
           size.intValue > limit {
            return .failure(.unreadable("file too large (\(size.intValue) bytes, at most \(limit))"))
        }
        do {
            let data = try Data(contentsOf: url)
            guard data.count <= limit else { return .failure(.unreadable("file too large (\(data.count) bytes, at most \(limit))")) }
            return .success(data)
        } catch {
            return .failure(.unreadable("cannot be read: \(error.localizedDescription)"))
        }
    }

    static func requiredJSON(_ relative: String, in directory: URL) throws -> (file: String, object: [String: JSONValue]) {
        switch readJSON(relative, in: directory) {
        case .failure(.missing): throw ContentError.missingFile(file: relative)
        case .failure(.unreadable(let reason)): throw ContentError.unreadable(file: relative, reason: reason)
        case .success(.object(let o)): return (relative, o)
        case .success(let other): throw ContentError.unreadable(file: relative, reason: "expected a JSON object, got \(other.typeName)")
        }
    }

    /// Turns the issues of a record into problems of `file`.
    /// Fatal issues say what was given up: "(item skipped)".
    static func problems(from log: IssueLog, file: String, itemID: String? = nil, itemIndex: Int? = nil,
                         consequence: String = "item skipped") -> [ContentProblem] {
        log.entries.map {
            ContentProblem(file: file, itemID: itemID, itemIndex: itemID == nil ? itemIndex : nil,
                           field: $0.field, message: $0.fatal ? $0.message + " (\(consequence))" : $0.message)
        }
    }

    // MARK: - bundle.json

    static func readBundle(_ json: (file: String, object: [String: JSONValue]),
                           problems: inout [ContentProblem]) throws -> BundleInfo {
        let log = IssueLog()
        let f = Fields(json.object, log: log)
        // Unknown keys are reported, not fatal: a newer builder may add some.
        f.rejectUnknownKeys(["format", "version", "created", "source", "demo"])
        let format = f.int("format", in: 1...1000, required: true, fatal: true)
        if let format, format != BorneContent.contentFormat {
            log.add("format", "format \(format) is not supported (this kiosk reads format \(BorneContent.contentFormat))", fatal: true)
        }
        let version = f.line("version", required: true, fatal: true)
        var created: Date?
        if let raw = f.rawString("created") {
            created = UTCTime.parse(raw) ?? (try? Date(raw, strategy: .iso8601))  // the first without ICU
            if created == nil { log.add("created", "must be an ISO 8601 UTC time like 2026-11-26T18:00:00Z, got \(Quote.value(raw))") }
        }
        let source = f.line("source")
        let demo = f.bool("demo") ?? false
        try throwFirstFatal(log, file: json.file)
        problems += Self.problems(from: log, file: json.file)
        return BundleInfo(format: format ?? 0, version: version ?? "", created: created, source: source, demo: demo)
    }

    /// Required files cannot be half-loaded: their first fatal fault is thrown.
    static func throwFirstFatal(_ log: IssueLog, file: String) throws {
        if let fatal = log.entries.first(where: { $0.fatal }) {
            throw ContentError.invalidField(file: file, field: fatal.field ?? "", message: fatal.message)
        }
    }
}
