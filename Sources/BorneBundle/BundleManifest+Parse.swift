import BorneCore
import Foundation

extension BundleManifest {
    static let knownKeys: Set<String> = ["format", "id", "created", "source", "scope", "files"]
    static let fileKeys: Set<String> = ["path", "sha256", "size"]

    /// Reads and checks a manifest: schema, every path, then that `data` is
    /// byte for byte the canonical encoding. `path` names it in errors.
    public static func parse(_ data: Data, path: String = "manifest.json") throws -> BundleManifest {
        guard data.count <= maxBytes else {
            throw BundleError.manifestUnreadable(path: path, reason: "larger than \(maxBytes) bytes")
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw BundleError.manifestUnreadable(path: path, reason: "not valid JSON")
        }
        guard let object = root as? [String: Any] else {
            throw BundleError.manifestUnreadable(path: path, reason: "expected a JSON object")
        }
        let manifest = try decode(object)
        try manifest.validate()
        guard manifest.encoded() == data else { throw BundleError.manifestNotCanonical(path: path) }
        return manifest
    }

    private static func invalid(_ field: String, _ message: String) -> BundleError {
        .manifestInvalid(field: field, message: message)
    }

    private static func decode(_ o: [String: Any]) throws -> BundleManifest {
        if let unknown = o.keys.filter({ !knownKeys.contains($0) }).sorted().first {
            throw invalid(unknown, "unknown field (format 1 has \(knownKeys.sorted().joined(separator: ", ")))")
        }
        guard let format = o["format"] as? Int else { throw invalid("format", "required integer") }
        guard format == currentFormat else {
            throw invalid("format", "format \(format) is not supported (this kiosk reads format \(currentFormat)); update borne")
        }
        guard let id = o["id"] as? String else { throw invalid("id", "required string") }
        guard let createdText = o["created"] as? String else { throw invalid("created", "required string") }
        guard let created = UTCTime.parse(createdText) else {
            throw invalid("created", "expected a UTC time like 2026-11-26T18:00:00Z, got \(BundleError.quote(createdText))")
        }
        guard let source = o["source"] as? String else { throw invalid("source", "required string") }
        var scope: [String]?
        if let raw = o["scope"] {
            guard let list = raw as? [Any] else { throw invalid("scope", "expected an array of kiosk ids") }
            scope = try list.enumerated().map { i, v in
                guard let s = v as? String else { throw invalid("scope[\(i)]", "expected a kiosk id") }
                return s
            }
        }
        guard let rawFiles = o["files"] as? [Any] else { throw invalid("files", "required array") }
        guard rawFiles.count <= maxFiles else { throw invalid("files", "more than \(maxFiles) files") }
        var files: [File] = []
        files.reserveCapacity(rawFiles.count)
        for (i, raw) in rawFiles.enumerated() {
            guard let f = raw as? [String: Any] else { throw invalid("files[\(i)]", "expected an object") }
            if let unknown = f.keys.filter({ !fileKeys.contains($0) }).sorted().first {
                throw invalid("files[\(i)].\(unknown)", "unknown field")
            }
            guard let path = f["path"] as? String else { throw invalid("files[\(i)].path", "required string") }
            guard let sha = f["sha256"] as? String else { throw invalid("files[\(i)].sha256", "required string") }
            guard let size = (f["size"] as? NSNumber).flatMap({ Int64(exactly: $0.doubleValue) }) else {
                throw invalid("files[\(i)].size", "required integer")
            }
            files.append(File(path: path, sha256: sha, size: size))
        }
        return BundleManifest(format: format, id: id, created: created, source: source, scope: scope, files: files)
    }

    /// The rules of a manifest, whoever built it: `BundleWriter` calls this
    /// before writing, `parse` after reading.
    public func validate() throws {
        guard format == Self.currentFormat else { throw Self.invalid("format", "must be \(Self.currentFormat)") }
        let stamp = Self.stamp(created)
        guard id.hasPrefix(stamp + "-"), Self.isIDSuffix(id.dropFirst(stamp.count + 1)) else {
            throw Self.invalid("id", "must be \(stamp)-<suffix> (the created time, then 1 to 64 of a-z, 0-9 and -), got \(BundleError.quote(id))")
        }
        guard !source.isEmpty, source.count <= 200,
              !source.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7f...0x9f).contains($0.value) }) else {
            throw Self.invalid("source", "must be 1 to 200 characters without control characters")
        }
        if let scope {
            guard !scope.isEmpty else { throw Self.invalid("scope", "must name at least one kiosk, or be left out for all kiosks") }
            for (i, kiosk) in scope.enumerated() {
                guard Self.isKioskID(kiosk) else { throw Self.invalid("scope[\(i)]", "not a kiosk id: \(BundleError.quote(kiosk))") }
                guard !scope[..<i].contains(kiosk) else { throw Self.invalid("scope[\(i)]", "kiosk \(kiosk) is listed twice") }
            }
        }
        guard !files.isEmpty else { throw Self.invalid("files", "a bundle holds at least bundle.json and office.json") }
        for (i, f) in files.enumerated() {
            guard Hex.isLowercase(f.sha256, count: 64) else {
                throw Self.invalid("files[\(i)].sha256", "expected 64 lowercase hex digits")
            }
            guard (0...Self.maxFileSize).contains(f.size) else {
                throw Self.invalid("files[\(i)].size", "must be between 0 and \(Self.maxFileSize)")
            }
            if i > 0, !BundlePath.precedes(files[i - 1].path, f.path), files[i - 1].path != f.path {
                throw Self.invalid("files[\(i)].path", "files must be sorted by path")
            }
        }
        try BundlePath.checkSet(files.map(\.path))
    }

    static func isIDSuffix(_ s: Substring) -> Bool {
        (1...64).contains(s.utf8.count) && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    /// Kiosk ids are lowercase kebab-case (docs/CONTENT.md).
    static func isKioskID(_ s: String) -> Bool {
        (1...80).contains(s.utf8.count) && !s.hasPrefix("-") && !s.hasSuffix("-") && !s.contains("--")
            && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }
}
