/// Display width of text in terminal cells, matching glibc's wcwidth for the
/// characters the kiosk uses: combining marks take 0 cells, East Asian wide
/// and emoji-presentation characters 2, everything else 1.
public enum TextWidth {
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x300 { return 1 }
        if isZeroWidth(v) { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    public static func of(_ ch: Character) -> Int {
        var w = 0
        for (i, u) in ch.unicodeScalars.enumerated() {
            if i == 0 { w = of(u) } else if u.value == 0xFE0F, w == 1, isEmojiVS16Widened(ch.unicodeScalars.first!.value) { w = 2 }
        }
        return w
    }

    public static func of(_ s: String) -> Int {
        s.reduce(0) { $0 + of($1) }
    }

    static func isEmojiVS16Widened(_ v: UInt32) -> Bool { false }

    static func isZeroWidth(_ v: UInt32) -> Bool {
        switch v {
        case 0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x0610...0x061A, 0x064B...0x065F,
             0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x200B...0x200F, 0x20D0...0x20FF, 0xFE00...0xFE0F,
             0xFE20...0xFE2F, 0xE0100...0xE01EF:
            return true
        default:
            return false
        }
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
             0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
             0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `s` that fits in `width` cells; adds "…" when cut.
    public static func truncate(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if of(s) <= width { return s }
        var out = ""
        var w = 0
        for ch in s {
            let cw = of(ch)
            if w + cw > width - 1 { break }
            out.append(ch); w += cw
        }
        return out + "…"
    }

    /// Word-wraps `s` (paragraphs split on "\n") into lines of at most `width` cells.
    public static func wrap(_ s: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in s.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineW = 0
            for word in paragraph.split(separator: " ") {
                var word = String(word)
                var ww = of(word)
                while ww > width { // a word longer than the line: hard-break it
                    if lineW > 0 { lines.append(line); line = ""; lineW = 0 }
                    var head = "", hw = 0
                    var rest = Substring(word)
                    while let ch = rest.first, hw + of(ch) <= width { head.append(ch); hw += of(ch); rest.removeFirst() }
                    if head.isEmpty { head = String(rest.removeFirst()) }
                    lines.append(head)
                    word = String(rest); ww = of(word)
                }
                if word.isEmpty { continue }
                if lineW == 0 {
                    line = word; lineW = ww
                } else if lineW + 1 + ww <= width {
                    line += " " + word; lineW += 1 + ww
                } else {
                    lines.append(line); line = word; lineW = ww
                }
            }
            lines.append(line)
        }
        return lines
    }
}
