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

extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
