/// The same sanitizer for what the office writes: reports (text, CSV,
/// HTML), the fleet and ingest summaries. Batch text arrives from kiosks
/// and must reach no terminal, spreadsheet or browser as anything but
/// plain text: no control character, escape sequence or bidi override
/// (`line`), no formula in a CSV cell, HTML escaped.
extension Sanitizer {
    /// True for a scalar that `line` removes or replaces: C0 and C1
    /// controls, DEL, bidirectional controls, line and paragraph
    /// separators, BOM, interlinear annotations, private use. Tab and
    /// newline are C0 controls too.
    public static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (0x7F..<0xA0).contains(v) || (v >= 0x2000 && needsCleaning(v))
    }

    /// The first unsafe scalar of `s` (see `isUnsafe`), nil when there is none.
    public static func firstUnsafe(in s: String) -> Unicode.Scalar? {
        s.unicodeScalars.first(where: isUnsafe)
    }

    /// A CSV cell (RFC 4180): the text made safe by `line`; a cell that a
    /// spreadsheet would run as a formula (starting with `=`, `+`, `-` or
    /// `@`) gets a leading `'`, as spreadsheets expect, unless it is a plain
    /// number or percentage (`-3`, `+12 %`); quoted when it holds a comma or
    /// a quote.
    public static func csvCell(_ s: String) -> String {
        var cell = line(s)
        if let first = cell.unicodeScalars.first, "=+-@".unicodeScalars.contains(first), !isPlainNumber(cell) {
            cell = "'" + cell
        }
        guard cell.contains(where: { $0 == "," || $0 == "\"" }) else { return cell }
        var quoted = "\""
        for ch in cell { quoted += ch == "\"" ? "\"\"" : String(ch) }
        return quoted + "\""
    }

    /// `[+-]digits[.digits][ %]`: what the office's reports write as numbers.
    static func isPlainNumber(_ s: String) -> Bool {
        var u = Substring(s)
        if u.hasSuffix(" %") { u = u.dropLast(2) } else if u.hasSuffix("%") { u = u.dropLast() }
        if u.first == "+" || u.first == "-" { u = u.dropFirst() }
        let parts = u.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// Text for HTML content or a quoted attribute value: made safe by
    /// `line`, then `& < > " '` escaped.
    public static func html(_ s: String) -> String {
        var out = ""
        let clean = line(s)
        out.reserveCapacity(clean.utf8.count)
        for c in clean.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
