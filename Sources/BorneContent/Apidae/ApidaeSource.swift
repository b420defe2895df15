import Foundation

/// The content of one `--apidae` source: objects, deletions, reference
/// tables, and what could not be read inside it.
struct ApidaeSource {
    /// The source's file name, as the report names it.
    var label: String
    var objects: [ApidaeSourceObject] = []
    var deleted: [Int] = []
    var tables = ApidaeTables()
    var skippedFiles: [ImportReport.Skipped] = []
    var warnings: [ImportReport.Warning] = []

    static func read(_ url: URL) throws -> ApidaeSource {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
            throw ApidaeImportError.sourceNotFound(path: url.path)
        }
        var source = ApidaeSource(label: url.lastPathComponent)
        if isDir.boolValue {
            try source.readExport(FolderMembers(root: url), path: url.path)
            return source
        }
        let data: Data
        do {
            if let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue,
               size > ZipArchive.defaultArchiveLimit {
                throw ApidaeImportError.unreadableSource(path: url.path, reason: "file too large (\(size) bytes)")
            }
            data = try Data(contentsOf: url)
        } catch let e as ApidaeImportError {
            throw e
        } catch {
            throw ApidaeImportError.unreadableSource(path: url.path, reason: "cannot be read: \(error.localizedDescription)")
        }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            let zip: ZipArchive
            do { zip = try ZipArchive(data: data) } catch {
                throw ApidaeImportError.unreadableSource(path: url.path, reason: "\(error)")
            }
            try source.readExport(ZipMembers(zip: zip), path: url.path)
            return source
        }
        let json: JSONValue
        do { json = try JSONParser.parse(data) } catch {
            throw ApidaeImportError.unreadableSource(path: url.path, reason: "\(error)")
        }
        guard source.readResponse(json) else {
            throw ApidaeImportError.unreadableSource(
                path: url.path, reason: "JSON of an unknown shape: expected an APIDAE object, a list of objects, "
                    + "a {\"objetsTouristiques\": [...]} response, selections or a list of deleted ids")
        }
        return source
    }

    // MARK: - Exports

    /// Reads the export's files wherever they sit in the tree (some zips hold
    /// them in one top folder); `__MACOSX/` and hidden files are ignored.
    private mutating func readExport(_ members: ExportMembers, path: String) throws {
        let names = members.names.filter { name in
            !name.hasPrefix("__MACOSX/") && !name.split(separator: "/").contains { $0.hasPrefix(".") }
        }
        func base(_ name: String) -> String { String(name.split(separator: "/").last ?? "") }
        let known = ["objets_supprimes.json", "elements_reference.json", "communes.json", "selections.json"]
        let objectFiles = names.filter { name in
            let parts = name.split(separator: "/")
            return parts.count >= 2 && parts[parts.count - 2] == "objets_modifies" && name.hasSuffix(".json")
        }.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
        guard !objectFiles.isEmpty || names.contains(where: { known.contains(base($0)) }) else {
            throw ApidaeImportError.notAnExport(path: path)
        }
        for name in objectFiles {
            guard let json = parseMember(name, members) else { continue }
            let found = Self.objects(in: json)
            guard let found else {
                skippedFiles.append(.init(id: nil, name: nil, source: "\(label):\(name)",
                                          reason: "expected a list of objects, got \(json.typeName): the file is skipped"))
                continue
            }
            let source = "\(label):\(name)"   // one string shared by the file's objects
            objects += found.map { ApidaeSourceObject(value: $0, source: source) }
        }
        for name in names.sorted() where known.contains(base(name)) {
            guard let json = parseMember(name, members) else { continue }
            guard let list = json.array else {
                warnings.append(.init(id: nil, message: "\(label):\(name): expected a JSON array, got \(json.typeName): ignored"))
                continue
            }
            switch base(name) {
            case "objets_supprimes.json": deleted += list.compactMap(\.int)
            case "elements_reference.json": tables.addReferences(list)
            case "communes.json": tables.addCommunes(list)
            default: tables.addSelections(list)
            }
        }
    }

    /// Parses one member; a damaged one is reported and skipped.
    private mutating func parseMember(_ name: String, _ members: ExportMembers) -> JSONValue? {
        do {
            let data = try members.read(name)
            return try JSONParser.parse(data)
        } catch {
            let what = name.hasSuffix(".json") && name.contains("objets_modifies") ? "its objects are skipped" : "ignored"
            skippedFiles.append(.init(id: nil, name: nil, source: "\(label):\(name)", reason: "\(error): \(what)"))
            return nil
        }
    }

    // MARK: - API responses

    /// Takes a response's objects, selections or deletions; false when the
    /// shape is none of those.
    private mutating func readResponse(_ json: JSONValue) -> Bool {
        if let list = json.array {
            if !list.isEmpty && list.allSatisfy({ $0.int != nil }) {
                deleted += list.compactMap(\.int); return true
            }
            if !list.isEmpty && list.allSatisfy({ $0["objetsTouristiques"]?.array != nil && $0["type"] == nil }) {
                tables.addSelections(list); return true
            }
        }
        guard let found = Self.objects(in: json) else { return false }
        objects += found.map { ApidaeSourceObject(value: $0, source: label) }
        return true
    }

    /// The objects of a list, of an envelope `{"objetsTouristiques": [...]}`,
    /// or a single object (one with an `id`).
    static func objects(in json: JSONValue) -> [JSONValue]? {
        switch json {
        case .array(let list): return list
        case .object(let o):
            if let list = o["objetsTouristiques"]?.array { return list }
            if o["id"] != nil { return [json] }
            if o["numFound"] != nil { return [] } // an empty search omits the list
            return nil
        default: return nil
        }
    }
}

/// The files of an export, in a folder or a zip.
protocol ExportMembers {
    /// Relative paths of the regular files, `/`-separated.
    var names: [String] { get }
    func read(_ name: String) throws -> Data
}

struct FolderMembers: ExportMembers {
    let root: URL

    var names: [String] {
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        let rootPath = root.standardizedFileURL.path
        var out: [String] = []
        for case let url as URL in e {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(rootPath + "/") else { continue }
            out.append(String(path.dropFirst(rootPath.count + 1)))
        }
        return out.sorted()
    }

    func read(_ name: String) throws -> Data {
        let url = root.appendingPathComponent(name)
        if let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue,
           size > ApidaeImport.maxJSONBytes {
            throw ZipError.tooLarge(name: name, size: size, limit: ApidaeImport.maxJSONBytes)
        }
        return try Data(contentsOf: url)
    }
}

struct ZipMembers: ExportMembers {
    let zip: ZipArchive
    var names: [String] { zip.entries.filter { !$0.isDirectory }.map(\.name) }

    func read(_ name: String) throws -> Data {
        guard let entry = zip.entry(named: name) else { throw ZipError.corrupt(name: name, reason: "no such entry") }
        if entry.uncompressedSize > ApidaeImport.maxJSONBytes {
            throw ZipError.tooLarge(name: name, size: entry.uncompressedSize, limit: ApidaeImport.maxJSONBytes)
        }
        return try zip.data(for: entry)
    }
}
