import BorneCore
import Foundation

/// The rules a content path of a manifest must follow before anything is
/// written under it. A bundle is untrusted input (a USB stick, a mirror): a
/// path is a relative name inside the content directory and nothing else.
public enum BundlePath {
    static let maxBytes = 1024
    static let maxComponentBytes = 255
    static let maxDepth = 32

    /// Throws `BundleError.unsafePath` naming the first rule `path` breaks.
    public static func check(_ path: String) throws {
        func unsafe(_ reason: String) -> BundleError { .unsafePath(path, reason: reason) }
        guard !path.isEmpty else { throw unsafe("empty path") }
        guard path.utf8.count <= maxBytes else { throw unsafe("longer than \(maxBytes) bytes") }
        guard !path.hasPrefix("/") else { throw unsafe("absolute path; paths are relative to the content directory") }
        guard !path.contains("\\") else { throw unsafe("backslash; use / between directories") }
        for u in path.unicodeScalars where u.value < 0x20 || (0x7f...0x9f).contains(u.value) {
            throw unsafe("control character U+\(String(format: "%04X", u.value))")
        }
        // Format characters (Unicode Cf) are invisible: bidi controls make
        // `items/\u{202E}nosj.live.json` display as `items/evil.json`, zero-width
        // ones make two names that look the same. No content name needs one.
        for u in path.unicodeScalars where u.properties.generalCategory == .format {
            let bidi = (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value) || u.value == 0x200E || u.value == 0x200F || u.value == 0x061C
            throw unsafe("invisible format character U+\(String(format: "%04X", u.value))" + (bidi ? " (a bidirectional control: the name would display reordered)" : ""))
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard components.count <= maxDepth else { throw unsafe("more than \(maxDepth) directory levels") }
        for c in components {
            if c.isEmpty { throw unsafe("empty component (a leading, doubled or trailing /)") }
            if c == ".." { throw unsafe("'..' would climb out of the content directory") }
            if c == "." { throw unsafe("'.' component") }
            if c.hasPrefix(".") { throw unsafe("hidden names (starting with '.') are reserved") }
            if c.utf8.count > maxComponentBytes { throw unsafe("a name longer than \(maxComponentBytes) bytes") }
        }
    }

    /// The key two paths clash on: same letters up to case and Unicode
    /// normalization (macOS and FAT sticks would make them one file).
    static func foldKey(_ path: String) -> String {
        path.precomposedStringWithCanonicalMapping.lowercased()
    }

    /// Checks every path, then that no two name the same file and no file is
    /// also used as a directory of another (`items` and `items/a.json`).
    public static func checkSet(_ paths: [String]) throws {
        var files: [String: String] = [:]
        for p in paths {
            try check(p)
            let key = foldKey(p)
            if let other = files[key] { throw BundleError.duplicatePath(p, other: other) }
            files[key] = p
        }
        for p in paths {
            var prefix = Substring(p)
            while let slash = prefix.lastIndex(of: "/") {
                prefix = prefix[..<slash]
                if let other = files[foldKey(String(prefix))] { throw BundleError.duplicatePath(p, other: other) }
            }
        }
    }

    /// `objects/ab/cdef…`: where an object lives, split 2/62 by its SHA-256.
    public static func objectPath(_ sha256: String) -> String {
        precondition(Hex.isLowercase(sha256, count: 64), "object names are 64 lowercase hex digits")
        return "objects/" + sha256.prefix(2) + "/" + sha256.dropFirst(2)
    }

    /// Byte order of the UTF-8 paths: the order of a manifest's `files`.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
