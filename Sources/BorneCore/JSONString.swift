/// A JSON string literal for the JSON that Borne writes by hand (CLI output,
/// content files): `"` and `\` escaped, control characters, DEL, C1 controls
/// and the two JavaScript line separators as escapes, everything else as UTF-8.
///
/// Bundle manifests keep their own, narrower escaping: it is part of their
/// signed canonical form (BorneBundle's `BundleManifest`), never to change.
public enum JSONString {
    public static func literal(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value)
                || u.value == 0x2028 || u.value == 0x2029:
                out += "\\u" + String(u.value, radix: 16, uppercase: true).leftPadded(to: 4)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}

extension JSONString {
    /// The byte a one-letter escape of a JSON string stands for (`n` in `\n`:
    /// 0x0A); nil for `u` (four hex digits follow) and for anything JSON does not allow.
    public static func unescaped(_ letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return letter
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }
}

extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
