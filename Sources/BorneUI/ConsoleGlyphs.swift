import BorneCore

/// The characters of the Linux console font the package ships
/// (/usr/share/borne/consolefonts, written by deploy/deb/consolefont.py from
/// GNU Unifont with exactly this set, listed by `borne console-font --list`),
/// and what a kiosk in `"glyphs": "console"` draws instead of any other
/// character: the console shows at most 512 glyphs, so braille (256 alone)
/// is out and maps and profiles become quadrant blocks; accented letters
/// lose their accent only when the font lacks them; what has no stand-in
/// becomes "?". Never a missing-glyph box. docs/OPERATIONS.md, « Écran ».
public enum ConsoleGlyphs {
    /// The font's characters, as ranges of code points (at most 512 glyphs).
    public static let ranges: [ClosedRange<UInt32>] = [
        0x20...0x7E,            // ASCII
        0xA0...0xFF,            // Latin-1: French, Spanish, German, Italian, Catalan
        0x100...0x17F,          // Latin Extended-A (Œ œ Ÿ and visitors' names)
        0x2010...0x2011, 0x2013...0x2014, 0x2018...0x201A, 0x201C...0x201E, 0x2020...0x2022,
        0x2026...0x2026, 0x2030...0x2030, 0x2039...0x203A, 0x20AC...0x20AC, 0x2122...0x2122,   // punctuation, €, ™
        0x2080...0x2089,        // subscript digits (CO₂, NO₂)
        0x2190...0x2195,        // arrows
        0x2212...0x2212, 0x2248...0x2248, 0x2260...0x2260, 0x2261...0x2261, 0x2264...0x2264, 0x2265...0x2265, 0x2302...0x2302,
        0x2500...0x2503, 0x250C...0x250C, 0x2510...0x2510, 0x2514...0x2514, 0x2518...0x2518, 0x251C...0x251C, 0x2524...0x2524, 0x252C...0x252C, 0x2534...0x2534, 0x253C...0x253C,
        0x2550...0x256C,        // double lines
        0x256D...0x2570,        // rounded corners
        0x2580...0x259F,        // block elements: eighths, halves, shades, quadrants
        0x25A0...0x25A3, 0x25AA...0x25AB, 0x25B2...0x25B2, 0x25B6...0x25B6, 0x25BA...0x25BA, 0x25BC...0x25BC, 0x25C0...0x25C0, 0x25C4...0x25C4,
        0x25C6...0x25C6, 0x25CB...0x25CB, 0x25CF...0x25CF,  // geometric shapes
        0x2600...0x2603, 0x2605...0x2605, 0x2608...0x2608, 0x260E...0x260E, 0x261A...0x261B, 0x2665...0x2665, 0x26A0...0x26A0, 0x2713...0x2713, 0x2744...0x2744, // weather and signs
    ]

    /// Every code point of the font, in order.
    public static let scalars: [UInt32] = ranges.flatMap { Array($0) }
    private static let set = Set(scalars)

    public static func contains(_ v: UInt32) -> Bool { set.contains(v) }

    /// The string to draw for `text` (one cell's character) on the console.
    public static func stand(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ contains($0.value) }) { return text }
        // "e" + U+0301 is "é", which the font has.
        let composed = text.precomposedStringWithCanonicalMapping
        if composed.unicodeScalars.allSatisfy({ contains($0.value) }) { return composed }
        guard let first = composed.unicodeScalars.first else { return text }
        return String(stand(first))
    }

    /// One code point's stand-in: itself when the font has it; a braille cell
    /// as the quadrant block covering the same dots; a letter without its
    /// accent; a few look-alikes; otherwise "?".
    public static func stand(_ u: Unicode.Scalar) -> Character {
        let v = u.value
        if contains(v) { return Character(u) }
        if (0x2800...0x28FF).contains(v) { return quadrant(braille: UInt8(v - 0x2800)) }
        if let look = lookAlikes[v] { return look }
        // é written as e + U+0301, or a letter outside Latin-1 / Extended-A: its base letter.
        let decomposed = String(Character(u)).decomposedStringWithCanonicalMapping.unicodeScalars
        if let base = decomposed.first, base.value != v, contains(base.value) { return Character(base) }
        return "?"
    }

    /// Braille dots 1 2 3 7 (left column, top to bottom) and 4 5 6 8 (right)
    /// folded into a 2×2 quadrant cell: a quadrant is on when one of its four
    /// dots is (rows 1–2 make the upper half, rows 3–4 the lower).
    public static func quadrant(braille bits: UInt8) -> Character {
        let upperLeft = bits & 0b0000_0011 != 0          // dots 1, 2
        let upperRight = bits & 0b0001_1000 != 0         // dots 4, 5
        let lowerLeft = bits & 0b0100_0100 != 0          // dots 3, 7
        let lowerRight = bits & 0b1010_0000 != 0         // dots 6, 8
        return quadrant(upperLeft, upperRight, lowerLeft, lowerRight)
    }

    /// The block element for four quadrants (U+2580–U+259F).
    public static func quadrant(_ ul: Bool, _ ur: Bool, _ ll: Bool, _ lr: Bool) -> Character {
        let index = (ul ? 8 : 0) | (ur ? 4 : 0) | (ll ? 2 : 0) | (lr ? 1 : 0)
        return quadrants[index]
    }

    // Indexed by ul·8 + ur·4 + ll·2 + lr.
    static let quadrants: [Character] = [
        " ", "▗", "▖", "▄", "▝", "▐", "▞", "▟", "▘", "▚", "▌", "▙", "▀", "▜", "▛", "█",
    ]

    static let lookAlikes: [UInt32: Character] = [
        0x2012: "-", 0x2015: "—", 0x2027: "·", 0x2032: "'", 0x2033: "\"", 0x2043: "-", 0x2044: "/",
        0x202F: " ", 0x2002: " ", 0x2003: " ", 0x2007: " ", 0x2009: " ", 0x200A: " ",
        0x21D0: "←", 0x21D2: "→", 0x2794: "→", 0x27A1: "→", 0x27A4: "→", 0x2B05: "←", 0x2B06: "↑", 0x2B07: "↓",
        0x2714: "✓", 0x2705: "✓", 0x2715: "×", 0x2716: "×", 0x274C: "×",
        0x2606: "★", 0x25E6: "○", 0x2B24: "●", 0x26AA: "○", 0x26AB: "●",
        0x2103: "°", 0x2109: "°", 0x2116: "N",
        0x2504: "─", 0x2505: "━", 0x2508: "─", 0x2509: "━", 0x254C: "─", 0x254D: "━",
        0x2506: "│", 0x2507: "┃", 0x250A: "│", 0x250B: "┃", 0x254E: "│", 0x254F: "┃",
        0x2571: "/", 0x2572: "\\", 0x2573: "×",
    ]

    /// `canvas` with every cell the console font cannot draw replaced by its
    /// stand-in. A wide character that becomes a narrow one leaves a blank in
    /// its second cell.
    public static func forConsole(_ canvas: Canvas) -> Canvas {
        var out = canvas
        for y in 0..<canvas.height {
            var x = 0
            while x < canvas.width {
                let cell = canvas[x, y]
                defer { x += 1 }
                if cell.isContinuation { continue }
                let shown = stand(cell.text)
                if shown == cell.text { continue }
                out.replace(x, y, Cell(shown, cell.style))
                if x + 1 < canvas.width, canvas[x + 1, y].isContinuation {
                    out.replace(x + 1, y, Cell(" ", canvas[x + 1, y].style))
                }
            }
        }
        return out
    }
}
