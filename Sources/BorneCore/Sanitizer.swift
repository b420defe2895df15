/// Makes content text safe for the terminal: no control character (C0, C1,
/// DEL), no escape sequence, no bidirectional override, whatever a content
/// file holds. Tabs and newlines become spaces (or are kept as newlines in
/// multi-line text); an ESC and the sequence it introduces are dropped.
public enum Sanitizer {
    /// One-line text: every whitespace run becomes one space; trimmed.
    public static func line(_ s: String) -> String {
        if isCleanLine(s) { return s }
        return collapse(clean(s, keepNewlines: false))
    }

    /// True when `line` would return `s` unchanged: the common case, checked
    /// without building a new string (loading 10,000 items spent half its
    /// time here).
    static func isCleanLine(_ s: String) -> Bool {
        var previousSpace = true  // a leading space is not clean
        for u in s.unicodeScalars {
            let v = u.value
            if v == 0x20 {
                if previousSpace { return false }
                previousSpace = true
                continue
            }
            previousSpace = false
            if v < 0x20 || (0x7F..<0xA0).contains(v) { return false }
            if v >= 0x2000 && needsCleaning(v) { return false }
        }
        return !previousSpace || s.isEmpty
    }

    /// Scalars above U+2000 that `clean` changes or drops.
    static func needsCleaning(_ v: UInt32) -> Bool {
        switch v {
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029, 0xFEFF, 0xFFF9...0xFFFB,
             0xE000...0xF8FF, 0xF0000...0x10FFFF:
            return true
        default:
            return false
        }
    }

    /// Multi-line text: paragraphs kept (newlines), other controls removed.
    public static func paragraphs(_ s: String) -> String {
        let cleaned = clean(s, keepNewlines: true)
        return cleaned.split(separator: "\n", omittingEmptySubsequences: false)
            .map { collapse(String($0)) }
            .joined(separator: "\n")
            .trimmingCharactersNewlines()
    }

    static func collapse(_ s: String) -> String {
        var out = ""
        var lastSpace = true
        for ch in s {
            if ch == " " {
                if !lastSpace { out.append(" ") }
                lastSpace = true
            } else {
                out.append(ch); lastSpace = false
            }
        }
        if out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    static func clean(_ s: String, keepNewlines: Bool) -> String {
        var out = String.UnicodeScalarView()
        var scalars = Array(s.unicodeScalars)[...]
        while let u = scalars.popFirst() {
            let v = u.value
            switch v {
            case 0x1B: // ESC: drop it and the sequence it starts.
                dropEscapeSequence(&scalars)
            case 0x9B: // CSI (C1): drop parameters and final byte.
                dropUntilFinal(&scalars)
            case 0x90, 0x9D, 0x9E, 0x9F, 0x98: // DCS, OSC, PM, APC, SOS: drop to ST/BEL.
                dropString(&scalars)
            case 0x0A, 0x0D:
                if keepNewlines {
                    if v == 0x0D, scalars.first?.value == 0x0A { continue }
                    out.append("\n")
                } else { out.append(" ") }
            case 0x09:
                out.append(" ")
            case 0x00..<0x20, 0x7F, 0x80..<0xA0:
                continue
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: // bidi controls
                continue
            case 0x2028, 0x2029:
                out.append(keepNewlines ? "\n" : " ")
            case 0xFEFF, 0xFFF9...0xFFFB:
                continue
            case 0xE000...0xF8FF, 0xF0000...0x10FFFF: // private use: glyph unknown to any font
                out.append("\u{FFFD}")
            default:
                out.append(u)
            }
        }
        return String(out)
    }

    private static func dropEscapeSequence(_ s: inout ArraySlice<Unicode.Scalar>) {
        guard let next = s.first else { return }
        switch next.value {
        case 0x5B: // '[' CSI
            s.removeFirst(); dropUntilFinal(&s)
        case 0x5D, 0x50, 0x5E, 0x5F, 0x58: // ']' OSC, 'P' DCS, '^' PM, '_' APC, 'X' SOS
            s.removeFirst(); dropString(&s)
        case 0x20...0x2F: // intermediate bytes then a final byte
            while let c = s.first, (0x20...0x2F).contains(c.value) { s.removeFirst() }
            if !s.isEmpty { s.removeFirst() }
        default:
            s.removeFirst() // two-character sequence (ESC c, ESC 7, ...)
        }
    }

    private static func dropUntilFinal(_ s: inout ArraySlice<Unicode.Scalar>) {
        while let c = s.popFirst() {
            if (0x40...0x7E).contains(c.value) { return }
            if c.value < 0x20 || c.value > 0x7E { return }
        }
    }

    private static func dropString(_ s: inout ArraySlice<Unicode.Scalar>) {
        while let c = s.popFirst() {
            if c.value == 0x07 || c.value == 0x9C { return }
            if c.value == 0x1B { if s.first?.value == 0x5C { s.removeFirst() }; return }
        }
    }
}

extension String {
    func trimmingCharactersNewlines() -> String {
        var s = Substring(self)
        while let f = s.first, f == "\n" || f == " " { s.removeFirst() }
        while let l = s.last, l == "\n" || l == " " { s.removeLast() }
        return String(s)
    }
}
