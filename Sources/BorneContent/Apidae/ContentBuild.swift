import Foundation
import BorneCore

/// `--build-config FILE`: `{"rainy_day_selection": 12345, "version": "...", "source": "...", "demo": false}`,
/// every key optional. Unknown keys are errors: a misspelt one would
/// silently take its default.
public struct BuildConfig: Equatable, Sendable {
    /// APIDAE selections whose objects are tagged `pluie` (a number or a list in the file).
    public var rainyDaySelections: Set<Int>
    /// The content version; default `apidae-YYYY.MM.DD-HHMM` (UTC build time).
    public var version: String?
    /// Who or what built it; default names the APIDAE sources.
    public var source: String?
    /// Whether the whole bundle is demonstration content; default: the
    /// `--extra` bundle's flag when no APIDAE object was imported, else false.
    public var demo: Bool?

    public init(rainyDaySelections: Set<Int> = [], version: String? = nil, source: String? = nil, demo: Bool? = nil) {
        self.rainyDaySelections = rainyDaySelections; self.version = version; self.source = source; self.demo = demo
    }

    public static func load(file: URL) throws -> BuildConfig {
        let name = file.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw ContentBuildError.configUnreadable(file: file.path, reason: error.localizedDescription)
        }
        let json: JSONValue
        do { json = try JSONParser.parse(data) } catch {
            throw ContentBuildError.configInvalid(file: name, message: "\(error)")
        }
        guard case .object(let o) = json else {
            throw ContentBuildError.configInvalid(file: name, message: "expected a JSON object, got \(json.typeName)")
        }
        let log = IssueLog()
        let f = Fields(o, log: log)
        f.rejectUnknownKeys(["rainy_day_selection", "version", "source", "demo"], fatal: true)
        var config = BuildConfig()
        if let v = f.value("rainy_day_selection") {
            let values = v.array ?? [v]
            for (i, x) in values.enumerated() {
                guard let id = x.int, x.number != nil, id > 0 else {
                    log.add("rainy_day_selection" + (v.array == nil ? "" : "[\(i)]"), "must be an APIDAE selection id (a positive integer)", fatal: true)
                    continue
                }
                config.rainyDaySelections.insert(id)
            }
        }
        config.version = f.line("version")
        if let v = config.version, v.count > 80 { log.add("version", "at most 80 characters", fatal: true) }
        config.source = f.line("source")
        config.demo = f.bool("demo")
        if let first = log.entries.first {
            throw ContentBuildError.configInvalid(file: name, message: "field \"\(first.field ?? "")\": \(first.message)")
        }
        return config
    }
}

public enum ContentBuildError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `--extra` is required: it holds office.json, which APIDAE does not give.
    case missingExtra
    case extra(ContentError)
    case apidae(ApidaeImportError)
    case configUnreadable(file: String, reason: String)
    case configInvalid(file: String, message: String)
    case write(ContentWriteError)

    public var description: String {
        switch self {
        case .missingExtra:
            return "--extra DIR is required: it gives office.json (and urgences.json, weather.json, hand-made items) that APIDAE does not"
        case .extra(let e): return "--extra: \(e)"
        case .apidae(let e): return "--apidae \(e)"
        case .configUnreadable(let f, let r): return "\(f): cannot be read: \(r)"
        case .configInvalid(let f, let m): return "\(f): \(m)"
        case .write(let e): return "\(e)"
        }
    }
}

/// What a build did, for the contractor: counts, every APIDAE object skipped
/// and why, warnings, and any problem found when reloading the written content.
public struct BuildReport: Sendable {
    public var output: URL
    public var version: String
    public var importReport: ImportReport
    /// Problems of the `--extra` content directory (as the kiosk would report them).
    public var extraProblems: [ContentProblem]
    /// Problems found by loading the written directory (should be none).
    public var outputProblems: [ContentProblem]
    public var itemsBySection: [SectionID: Int]
    /// GPX files written, relative to the content directory.
    public var gpxFiles: [String]
    /// GPX files of `--gpx` that no item uses.
    public var unusedGPX: [String]
    /// APIDAE items dropped because an `--extra` item has their id.
    public var idCollisions: [String]
    /// Texts of the written content in French only, per language the kiosks offer.
    public var untranslated = UntranslatedReport(entries: [], languages: [])

    /// Everything that stops the build unless `--allow-problems`: an APIDAE
    /// file or object that failed to load, a hike whose GPX is missing, a
    /// problem of the `--extra` content or of the written directory.
    public var problems: [String] {
        importReport.problems
            + extraProblems.map { "--extra: \($0)" }
            + outputProblems.map { "output: \($0)" }
    }

    /// What the build left out on purpose or guessed: objects not shown on a
    /// kiosk, warnings, APIDAE items replaced by `--extra` ones, GPX files no item uses.
    public var notes: [String] {
        importReport.skipped.filter(\.expected).map(\.description)
            + importReport.warnings.filter { !$0.isProblem }.map { "warning: \($0)" }
            + idCollisions.map { "skipped: item \($0): its id is already used by an --extra item" }
            + unusedGPX.map { "note: --gpx \($0) is used by no item" }
    }

    /// One line: what was built, then one count of problems and one of notes
    /// (the same counts `borne content build` prints at the end).
    public func summary(naming directory: Bool) -> String {
        let total = itemsBySection.values.reduce(0, +)
        let sections = SectionID.allCases.compactMap { s in itemsBySection[s].map { "\(s.rawValue) \($0)" } }.joined(separator: ", ")
        let imported = importReport.imported.count
        let failed = importReport.skipped.filter { !$0.expected }.reduce(0) { $0 + $1.count }
        let left = importReport.skippedObjects - failed
        let p = problems.count, n = notes.count
        return (directory ? "wrote \(output.path) (version \(version))" : "built version \(version)")
            + ": \(total) items (\(sections)), \(gpxFiles.count) GPX; "
            + "\(imported) APIDAE object\(imported == 1 ? "" : "s") imported, \(left) left out, \(failed) failed; "
            + "\(p) problem\(p == 1 ? "" : "s"), \(n) note\(n == 1 ? "" : "s")"
    }

    public var summary: String { summary(naming: true) }

    /// The whole report, one line each: the summary, the problems, the notes.
    public var lines: [String] { lines(naming: true) }

    public func lines(naming directory: Bool) -> [String] {
        [summary(naming: directory)] + problems.map { "problem: \($0)" } + notes
            + untranslated.entries.map { "untranslated: \($0)" }
    }
}

/// `borne content build`: APIDAE objects and hand-made content merged into one
/// content directory (the bundle is packed from it by another step).
public enum ContentBuild {
    /// - `extra` (required): a content directory giving `office.json`,
    ///   `urgences.json`, `weather.json`, its own items (and their GPX), and
    ///   the default `demo` flag;
    /// - `apidae`: exports and API responses (`ApidaeImport`), whose objects
    ///   become items `apidae-<id>`; an `--extra` item with the same id wins;
    /// - `gpx`: the folder where the hikes' PLAN files are found.
    /// Writes `contentDirectory` (which must not exist or be empty), then
    /// loads it back and reports any problem.
    public static func build(apidae: [URL], gpx: URL?, extra: URL?, config: BuildConfig,
                             out contentDirectory: URL, now: Date = Date()) throws -> BuildReport {
        guard let extra else { throw ContentBuildError.missingExtra }
        let base: ContentLoadResult
        do { base = try ContentLoader.load(directory: extra) } catch let e as ContentError {
            throw ContentBuildError.extra(e)
        }
        let imported: ApidaeImportResult
        do {
            imported = try ApidaeImport.read(apidae, options: .init(rainyDaySelections: config.rainyDaySelections, gpxDirectory: gpx))
        } catch let e as ApidaeImportError {
            throw ContentBuildError.apidae(e)
        }

        var items = base.catalog.items
        var files: [String: URL] = [:]
        for item in items { if let p = item.hike?.gpxPath, item.hike?.track != nil { files[p] = extra.appendingPathComponent(p) } }
        // The --extra hikes' GPX names: a --gpx folder holding the same files
        // (often the --extra content's own gpx/) is in use, not unused.
        let extraNames = Set(items.compactMap { $0.hike?.gpxPath.map { ($0 as NSString).lastPathComponent } })
        let taken = Set(items.map(\.id))
        var collisions: [String] = []
        for item in imported.items {
            guard !taken.contains(item.id) else { collisions.append(item.id); continue }
            items.append(item)
            if let p = item.hike?.gpxPath, let source = imported.gpxFiles[p] { files[p] = source }
        }

        let created = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let version = config.version ?? "apidae-" + stamp(created)
        let source = config.source ?? (apidae.isEmpty ? "borne content build" : "borne content build from APIDAE "
            + apidae.map(\.lastPathComponent).joined(separator: ", "))
        let bundle = BundleInfo(format: BorneContent.contentFormat, version: version, created: created, source: source,
                                demo: config.demo ?? (base.bundle.demo && imported.items.isEmpty))
        var catalog = ContentCatalog(version: version, office: base.catalog.office, items: items,
                                     emergency: base.catalog.emergency, weather: base.catalog.weather)
        catalog.schoolHolidays = base.catalog.schoolHolidays
        catalog.communes = base.catalog.communes
        do {
            try ContentWriter.write(catalog: catalog, bundle: bundle, files: files, to: contentDirectory)
        } catch let e as ContentWriteError {
            throw ContentBuildError.write(e)
        }

        let written = try? ContentLoader.load(directory: contentDirectory)
        var byCount: [SectionID: Int] = [:]
        for item in written?.catalog.items ?? [] { byCount[item.section, default: 0] += 1 }
        return BuildReport(
            output: contentDirectory, version: version, importReport: imported.report, extraProblems: base.problems,
            outputProblems: written?.problems ?? [ContentProblem(file: "", message: "the written directory does not load")],
            itemsBySection: byCount, gpxFiles: files.keys.sorted(), unusedGPX: unused(gpx, used: Set(files.values), extraNames: extraNames),
            idCollisions: collisions,
            untranslated: UntranslatedReport(catalog: written?.catalog ?? catalog))
    }

    /// `2026.11.26-1800` (UTC).
    static func stamp(_ date: Date) -> String {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        let d = c.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d.%02d.%02d-%02d%02d", d.year!, d.month!, d.day!, d.hour!, d.minute!)
    }

    private static func unused(_ dir: URL?, used: Set<URL>, extraNames: Set<String>) -> [String] {
        guard let dir, let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        let usedNames = Set(used.map { $0.standardizedFileURL.path })
        return names.filter { $0.lowercased().hasSuffix(".gpx") }
            .filter { !usedNames.contains(dir.appendingPathComponent($0).standardizedFileURL.path) && !extraNames.contains($0) }
            .sorted()
    }
}
