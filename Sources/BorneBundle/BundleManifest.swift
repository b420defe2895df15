import BorneCore
import Foundation

/// `manifest.json`: what a bundle holds. Format in docs/BUNDLES.md.
///
/// There is exactly one byte representation of a manifest, the one
/// `encoded()` writes, and `parse` accepts only that: the signature covers
/// bytes, so bytes that two JSON readers could read differently (duplicate
/// keys, escapes, number forms) are refused instead of being interpreted.
public struct BundleManifest: Equatable, Sendable {
    public struct File: Equatable, Sendable {
        /// Relative path in the content directory (`items/manger.json`); see `BundlePath`.
        public var path: String
        /// 64 lowercase hex digits; the object is stored at `objects/<2>/<62>`.
        public var sha256: String
        public var size: Int64

        public init(path: String, sha256: String, size: Int64) {
            self.path = path; self.sha256 = sha256; self.size = size
        }
    }

    /// The manifest format this code reads and writes.
    public static let currentFormat = 1
    static let maxBytes = 16 << 20
    static let maxFiles = 100_000
    static let maxFileSize: Int64 = 1 << 40

    public var format: Int
    /// `<created, colons as dashes>-<suffix>`, e.g. `2026-11-26T18-00-00Z-3f2a9c0d1e4b`:
    /// ids sort by creation time; the default suffix is the first 12 hex digits
    /// of `contentHash`. Also the name of the version directory on a kiosk.
    public var id: String
    /// Whole seconds, UTC.
    public var created: Date
    public var source: String
    /// Kiosk ids this bundle is for; nil for every kiosk.
    public var scope: [String]?
    /// Sorted by the bytes of `path`.
    public var files: [File]

    public init(format: Int = BundleManifest.currentFormat, id: String, created: Date, source: String,
                scope: [String]? = nil, files: [File]) {
        self.format = format; self.id = id; self.created = created; self.source = source
        self.scope = scope; self.files = files
    }

    /// Distinct objects, by SHA-256.
    public var objects: Set<String> { Set(files.map(\.sha256)) }

    /// Bytes of the distinct objects.
    public var objectBytes: Int64 {
        var seen = Set<String>()
        return files.reduce(0) { seen.insert($1.sha256).inserted ? $0 + $1.size : $0 }
    }

    /// SHA-256 of one line `<sha256> <size> <path>\n` per file, in manifest
    /// order: identifies the content whatever the id, date or source.
    public static func contentHash(_ files: [File]) -> String {
        let h = SHA256()
        for f in files { h.update(Data("\(f.sha256) \(f.size) \(f.path)\n".utf8)) }
        return h.finalizeHex()
    }

    /// The default id: creation stamp plus 12 hex digits of the content hash.
    public static func makeID(created: Date, files: [File]) -> String {
        stamp(created) + "-" + contentHash(files).prefix(12)
    }

    /// `2026-11-26T18-00-00Z`: the creation time as a file name.
    static func stamp(_ date: Date) -> String {
        UTCTime.format(date).replacingOccurrences(of: ":", with: "-")
    }

    // MARK: - Encoding

    /// The canonical bytes: fixed key order, two-space indentation, one
    /// file per line, strings escaped only where JSON requires, a final newline.
    public func encoded() -> Data {
        var s = "{\n"
        s += "  \"format\": \(format),\n"
        s += "  \"id\": \(Self.string(id)),\n"
        s += "  \"created\": \(Self.string(UTCTime.format(created))),\n"
        s += "  \"source\": \(Self.string(source)),\n"
        if let scope {
            s += "  \"scope\": [" + scope.map(Self.string).joined(separator: ", ") + "],\n"
        }
        if files.isEmpty {
            s += "  \"files\": []\n"
        } else {
            s += "  \"files\": [\n"
            s += files.map {
                "    {\"path\": \(Self.string($0.path)), \"sha256\": \(Self.string($0.sha256)), \"size\": \($0.size)}"
            }.joined(separator: ",\n")
            s += "\n  ]\n"
        }
        s += "}\n"
        return Data(s.utf8)
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as
    /// `\u00XX`, everything else as UTF-8. Part of the signed canonical form:
    /// not BorneCore's `JSONString`, and never to change.
    static func string(_ value: String) -> String {
        var out = "\""
        for u in value.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
