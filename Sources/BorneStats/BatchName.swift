/// `KIOSK-FIRST-LAST.batch`, FIRST and LAST zero-padded to 12 digits; the
/// collector and the stick keep it under `KIOSK/`. The name is the range:
/// sending the same range twice overwrites the same file.
public struct BatchName: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let suffix = ".batch"
    public let kiosk: String
    public let first: Int64
    public let last: Int64

    /// - Precondition: a valid kiosk id and `1 <= first <= last` (our own code builds these).
    public init(kiosk: String, first: Int64, last: Int64) {
        precondition(Self.isValidKiosk(kiosk), "invalid kiosk id in a batch name")
        precondition(first >= 1 && first <= last, "invalid batch range \(first)-\(last)")
        self.kiosk = kiosk; self.first = first; self.last = last
    }

    /// Parses a file name (or `KIOSK/file name`, whose folder must be the kiosk).
    /// nil unless it is exactly the canonical form.
    public init?(fileName: String) {
        var name = Substring(fileName)
        var folder: Substring?
        if let slash = name.lastIndex(of: "/") {
            folder = name[..<slash].split(separator: "/").last
            name = name[name.index(after: slash)...]
        }
        guard name.hasSuffix(Self.suffix) else { return nil }
        let parts = name.dropLast(Self.suffix.count).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let first = Self.number(parts[parts.count - 2]),
              let last = Self.number(parts[parts.count - 1]) else { return nil }
        let kiosk = parts.dropLast(2).joined(separator: "-")
        guard Self.isValidKiosk(kiosk), first >= 1, first <= last else { return nil }
        if let folder, folder != kiosk { return nil }
        self.kiosk = kiosk; self.first = first; self.last = last
        guard self.fileName == name else { return nil }   // not zero-padded as we write it
    }

    public var fileName: String { "\(kiosk)-\(Self.pad(first))-\(Self.pad(last))\(Self.suffix)" }
    /// `KIOSK/KIOSK-FIRST-LAST.batch`.
    public var path: String { "\(kiosk)/\(fileName)" }
    public var description: String { fileName }

    public static func < (a: BatchName, b: BatchName) -> Bool {
        (a.kiosk, a.first, a.last) < (b.kiosk, b.first, b.last)
    }

    /// Kiosk ids as the configs allow them: lowercase letters, digits and
    /// inner hyphens, at most 64 — safe as a folder and file name.
    public static func isValidKiosk(_ id: String) -> Bool {
        let u = Array(id.utf8)
        guard (1...64).contains(u.count), u.first != UInt8(ascii: "-"), u.last != UInt8(ascii: "-") else { return false }
        return u.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d }
    }

    static func pad(_ v: Int64) -> String {
        let s = String(v)
        return s.count >= 12 ? s : String(repeating: "0", count: 12 - s.count) + s
    }

    private static func number(_ s: Substring) -> Int64? {
        guard s.utf8.count >= 12, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(s)
    }
}
