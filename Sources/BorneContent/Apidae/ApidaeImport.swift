import Foundation
import BorneCore

/// A source the import cannot read at all. Faults *inside* a readable source
/// (a broken object, a damaged member file of an export) are never thrown:
/// they are reported in `ImportReport` and the rest is imported.
public enum ApidaeImportError: Error, Equatable, Sendable, CustomStringConvertible {
    case sourceNotFound(path: String)
    /// Unreadable, not JSON, a damaged zip, or JSON of an unknown shape.
    case unreadableSource(path: String, reason: String)
    /// A folder or zip without any file of an APIDAE export.
    case notAnExport(path: String)

    public var description: String {
        switch self {
        case .sourceNotFound(let p): return "\(p): no such file or folder"
        case .unreadableSource(let p, let reason): return "\(p): \(reason)"
        case .notAnExport(let p):
            return "\(p): not an APIDAE export (expected objets_modifies/*.json, objets_supprimes.json, "
                + "elements_reference.json, communes.json or selections.json)"
        }
    }
}

/// What an import gives: items for the content directory, the GPX files they
/// name, and the report.
public struct ApidaeImportResult: Sendable {
    public var items: [ContentItem]
    /// Content-relative path (`gpx/apidae-123.gpx`) → the file found in the
    /// GPX folder, to be copied by `ContentWriter`.
    public var gpxFiles: [String: URL]
    public var report: ImportReport
}

/// Reads APIDAE data into kiosk items (mapping in docs/CONTENT.md, "APIDAE
/// import"). Sources, in order, may be:
///
/// - a v002 export, as its `.zip` or unzipped folder: `objets_modifies/*.json`,
///   `objets_supprimes.json`, `elements_reference.json`, `communes.json`,
///   `selections.json` (`criteres_internes.json` is ignored);
/// - an API response: the `list-objets-touristiques` envelope
///   `{query, numFound, objetsTouristiques}`, a single object (get-by-id), or
///   a JSON array of objects;
/// - a `selections.json`-shaped array, or an `objets_supprimes`-shaped array of ids.
///
/// Later sources update earlier ones, as daily exports do: an object given
/// again replaces the earlier one, and an id in `objets_supprimes` removes it.
/// Reference tables (element references, communes, selections) of all
/// sources are pooled. Nothing is downloaded: a GPX named by an object is
/// looked up in `Options.gpxDirectory`.
public enum ApidaeImport {
    public struct Options: Sendable {
        /// APIDAE selections whose objects are tagged `pluie` ("Il pleut ?").
        public var rainyDaySelections: Set<Int>
        /// Where the GPX files named by hikes (`multimedias[type=PLAN]`) are.
        public var gpxDirectory: URL?

        public init(rainyDaySelections: Set<Int> = [], gpxDirectory: URL? = nil) {
            self.rainyDaySelections = rainyDaySelections; self.gpxDirectory = gpxDirectory
        }
    }

    /// JSON files larger than this are refused (an export member is a few MB).
    static let maxJSONBytes = 64 << 20

    public static func read(_ sources: [URL], options: Options = Options()) throws -> ApidaeImportResult {
        var report = ImportReport()
        var tables = ApidaeTables()
        // Objects by id in order of first appearance; later versions replace earlier ones.
        var order: [Int] = []
        var objects: [Int: ApidaeSourceObject] = [:]

        for url in sources {
            let content = try ApidaeSource.read(url)
            report.skipped += content.skippedFiles
            report.warnings += content.warnings
            tables.merge(content.tables)
            for object in content.objects {
                guard let id = object.value["id"]?.int else {
                    report.skip(.init(id: nil, name: ApidaeText.frenchName(object.value), source: object.source,
                                      reason: object.value.object == nil ? "not a JSON object" : "the object has no id"))
                    continue
                }
                if let earlier = objects[id] {
                    report.warnings.append(.init(id: id, message: "given again in \(object.source): replaces the one from \(earlier.source)"))
                } else {
                    order.append(id)
                }
                objects[id] = object
            }
            for id in content.deleted {
                guard let gone = objects.removeValue(forKey: id) else { continue }
                report.skipped.append(.init(id: id, name: ApidaeText.frenchName(gone.value), source: gone.source,
                                            reason: "deleted in \(content.label) (objets_supprimes.json)", expected: true))
            }
        }

        for selection in options.rainyDaySelections.sorted() where tables.selections[selection] == nil {
            report.warnings.append(.init(id: nil, field: "rainy_day_selection",
                                         message: "selection \(selection) is in none of the sources' selections.json: no APIDAE object is tagged pluie"))
        }

        var items: [ContentItem] = []
        var gpxFiles: [String: URL] = [:]
        let mapper = ApidaeMapper(tables: tables, options: options)
        for id in order {
            guard let object = objects[id] else { continue }
            switch mapper.map(object.value, id: id) {
            case .item(let item, let gpx, let warnings):
                items.append(item)
                if let gpx { gpxFiles[gpx.relative] = gpx.source }
                report.imported.append(id)
                report.warnings += warnings
            case .skipped(let reason, let warnings):
                report.skipped.append(.init(id: id, name: ApidaeText.frenchName(object.value), source: object.source, reason: reason))
                report.warnings += warnings
            case .filtered(let reason):
                report.skipped.append(.init(id: id, name: ApidaeText.frenchName(object.value), source: object.source,
                                            reason: reason, expected: true))
            }
        }
        return ApidaeImportResult(items: items, gpxFiles: gpxFiles, report: report)
    }
}

/// One object as found in a source, with where it came from (for the report).
struct ApidaeSourceObject {
    var value: JSONValue
    var source: String
}

/// The reference tables of an export: labels of element references, commune
/// names, and the members of each selection.
struct ApidaeTables {
    /// Element reference id → its labels (ids are unique across reference types).
    var references: [Int: LocalizedText] = [:]
    var communes: [Int: String] = [:]
    var selections: [Int: Set<Int>] = [:]

    mutating func merge(_ other: ApidaeTables) {
        references.merge(other.references) { _, new in new }
        communes.merge(other.communes) { _, new in new }
        selections.merge(other.selections) { a, b in a.union(b) }
    }

    mutating func addReferences(_ list: [JSONValue]) {
        for entry in list {
            guard let id = entry["id"]?.int else { continue }
            let labels = ApidaeText.labels(entry, multiline: false)
            if !labels.isEmpty { references[id] = labels }
        }
    }

    mutating func addCommunes(_ list: [JSONValue]) {
        for entry in list {
            guard let id = entry["id"]?.int, let name = entry["nom"]?.string else { continue }
            let clean = Sanitizer.line(name)
            if !clean.isEmpty { communes[id] = clean }
        }
    }

    mutating func addSelections(_ list: [JSONValue]) {
        for entry in list {
            guard let id = entry["id"]?.int else { continue }
            let members = (entry["objetsTouristiques"]?.array ?? []).compactMap { $0["id"]?.int }
            selections[id, default: []].formUnion(members)
        }
    }
}
