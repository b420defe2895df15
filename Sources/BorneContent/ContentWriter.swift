import Foundation
import BorneCore

/// Why a content directory could not be written. Nothing is left at the
/// destination when writing fails: files are staged beside it first.
public enum ContentWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The destination exists and is not an empty directory.
    case destinationNotEmpty(path: String)
    /// A file to copy has a path that is not a plain relative path inside the
    /// content directory (`gpx/name.gpx`).
    case badRelativePath(String)
    case missingSource(relative: String, source: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .destinationNotEmpty(let p):
            return "\(p): already exists and is not an empty directory (choose a new --out, or remove it)"
        case .badRelativePath(let p):
            return "\(Quote.value(p)): not a plain relative path inside the content directory (like gpx/name.gpx)"
        case .missingSource(let r, let s):
            return "\(r): its source \(s) cannot be read"
        case .cannotWrite(let p, let reason):
            return "\(p): cannot write: \(reason)"
        }
    }
}

/// Writes a content directory in the format of docs/CONTENT.md, such that
/// `ContentLoader.load` reads back the same catalog.
///
/// It writes what it is given: validation is the loader's job (the build
/// reloads what it wrote and reports the problems). Files are written into a
/// staging directory beside `directory`, which is renamed into place at the
/// end, so a failed write leaves no half content directory behind.
public enum ContentWriter {
    /// Writes `bundle.json` (its `version` is `catalog.version`),
    /// `office.json`, `urgences.json`, `weather.json` when there is a
    /// report, `communes.json` when there are communes, one `items/<section>.json` per section that has items (in the
    /// catalog's order), and copies `files` (relative path → source file),
    /// the GPX tracks.
    public static func write(catalog: ContentCatalog, bundle: BundleInfo, files: [String: URL] = [:],
                             to directory: URL) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: directory.path, isDirectory: &isDir) {
            let empty = isDir.boolValue && ((try? fm.contentsOfDirectory(atPath: directory.path))?.isEmpty ?? false)
            guard empty else { throw ContentWriteError.destinationNotEmpty(path: directory.path) }
        }
        for relative in files.keys where Validate.relativePathProblem(relative, extension: "gpx") != nil {
            throw ContentWriteError.badRelativePath(relative)
        }
        let parent = directory.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(directory.lastPathComponent).partial-\(UUID().uuidString)")
        do {
            try fm.createDirectory(at: staging.appendingPathComponent("items"), withIntermediateDirectories: true)
        } catch {
            throw ContentWriteError.cannotWrite(path: parent.path, reason: error.localizedDescription)
        }
        do {
            try writeFiles(catalog: catalog, bundle: bundle, files: files, into: staging)
            if fm.fileExists(atPath: directory.path) { try fm.removeItem(at: directory) }
            try fm.moveItem(at: staging, to: directory)
        } catch {
            try? fm.removeItem(at: staging)
            if let e = error as? ContentWriteError { throw e }
            throw ContentWriteError.cannotWrite(path: directory.path, reason: error.localizedDescription)
        }
    }

    /// The text of `items/<section>.json` for `items` (all of that section).
    static func itemsFile(section: SectionID, items: [ContentItem]) -> String {
        OrderedJSON.object([
            ("section", .string(section.rawValue)),
            ("items", .array(items.map(ContentJSON.item))),
        ]).rendered() + "\n"
    }

    private static func writeFiles(catalog: ContentCatalog, bundle: BundleInfo, files: [String: URL], into dir: URL) throws {
        try put(ContentJSON.bundle(bundle, version: catalog.version), "bundle.json", in: dir)
        try put(ContentJSON.office(catalog.office), "office.json", in: dir)
        try put(ContentJSON.emergency(catalog.emergency), "urgences.json", in: dir)
        if let weather = catalog.weather { try put(ContentJSON.weather(weather), "weather.json", in: dir) }
        if let school = catalog.schoolHolidays {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("holidays"), withIntermediateDirectories: true)
            try put(ContentJSON.schoolHolidays(school), ContentLoader.schoolHolidaysFile, in: dir)
        }
        if !catalog.communes.isEmpty { try put(ContentJSON.communes(catalog.communes), ContentLoader.communesFile, in: dir) }
        for section in SectionID.allCases where section.isItemList {
            let items = catalog.items.filter { $0.section == section }
            guard !items.isEmpty else { continue }
            try write(itemsFile(section: section, items: items), "items/\(section.rawValue).json", in: dir)
        }
        let fm = FileManager.default
        for (relative, source) in files.sorted(by: { $0.key < $1.key }) {
            let target = dir.appendingPathComponent(relative)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard let data = try? Data(contentsOf: source) else {
                throw ContentWriteError.missingSource(relative: relative, source: source.path)
            }
            try data.write(to: target)
        }
    }

    private static func put(_ json: OrderedJSON, _ relative: String, in dir: URL) throws {
        try write(json.rendered() + "\n", relative, in: dir)
    }

    private static func write(_ text: String, _ relative: String, in dir: URL) throws {
        do {
            try Data(text.utf8).write(to: dir.appendingPathComponent(relative))
        } catch {
            throw ContentWriteError.cannotWrite(path: relative, reason: error.localizedDescription)
        }
    }
}
