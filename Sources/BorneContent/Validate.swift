import Foundation
import BorneCore

/// Loose checks of the strings that become actions on screen: a phone number
/// shown to be dialled, an address turned into a QR code. Each returns the
/// reason a value is refused, or nil when it is acceptable.
enum Validate {
    /// Content ids: lowercase kebab-case, 1 to 80 characters ("auberge-du-griou").
    static func idProblem(_ s: String) -> String? {
        let ok = !s.isEmpty && s.count <= 80 && s.utf8.allSatisfy { b in
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-")
        } && !s.hasPrefix("-") && !s.hasSuffix("-") && !PlainText.contains(s, "--")
        return ok ? nil : "must be kebab-case (a-z, 0-9 and single hyphens, at most 80 characters), got \(Quote.value(s))"
    }

    /// Phone numbers as people write them: digits, spaces, dots, hyphens,
    /// brackets and one leading "+"; 2 digits ("15") to 15 (E.164).
    static func phoneProblem(_ s: String) -> String? {
        var digits = 0
        var ok = true
        for (i, b) in s.utf8.enumerated() {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"): break
            case UInt8(ascii: "+") where i == 0: break
            default: ok = false
            }
        }
        guard ok, (2...15).contains(digits) else {
            return "not a phone number: \(Quote.value(s))"
        }
        return nil
    }

    static let forbiddenInEmail = Set("<>()[],;:\"\\".unicodeScalars)

    static func emailProblem(_ s: String) -> String? {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        let ok = parts.count == 2 && !parts[0].isEmpty && PlainText.contains(parts[1], ".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && s.count <= 254
            && s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !forbiddenInEmail.contains($0) }
        return ok ? nil : "not an e-mail address: \(Quote.value(s))"
    }

    /// Web addresses: absolute http or https with a host, no credentials, no
    /// spaces. Anything else (`javascript:`, `file:`, `data:`) is refused.
    static func websiteProblem(_ s: String) -> String? {
        guard s.count <= 2000, let components = URLComponents(string: s), let scheme = components.scheme?.lowercased() else {
            return "not a web address: \(Quote.value(s))"
        }
        guard scheme == "http" || scheme == "https" else {
            return "only http and https addresses are allowed, got \(Quote.value(s))"
        }
        guard let host = WebHost.host(of: components), !host.isEmpty, PlainText.contains(host, "."),
              components.user == nil, components.password == nil,
              !PlainText.contains(s, " ") else {
            return "not a web address: \(Quote.value(s))"
        }
        return nil
    }

    /// "HH:MM", 00:00 to 23:59 (24:00 is allowed for "until midnight").
    static func timeProblem(_ s: String) -> String? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]),
              (0...23).contains(h) && (0...59).contains(m) || (h == 24 && m == 0) else {
            return "must be a time HH:MM, got \(Quote.value(s))"
        }
        return nil
    }

    /// A path inside the content directory: relative, no "..", plain names.
    static func relativePathProblem(_ s: String, extension ext: String) -> String? {
        let components = s.split(separator: "/", omittingEmptySubsequences: false)
        let ok = !s.isEmpty && s.count <= 200 && !s.hasPrefix("/") && components.allSatisfy { c in
            !c.isEmpty && c != "." && c != ".." && !c.hasPrefix(".") && c.utf8.allSatisfy { b in
                (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                    || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
            }
        } && s.lowercased().hasSuffix("." + ext)
        return ok ? nil : "must be a relative path inside the content directory ending in .\(ext), got \(Quote.value(s))"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
