/// Substring search, trimming and number formatting for the kiosk's path, in
/// the standard library only. With Foundation imported, `String.contains(_:)`,
/// `range(of:)`, `replacingOccurrences`, `trimmingCharacters(in:)` and
/// `String(format:)` resolve to swift-corelibs Foundation, which runs them
/// through CoreFoundation (`CFStringFindWithOptionsAndLocale` and its Unicode
/// decomposition tables, `CFCharacterSet`, `__CFStringAppendFormatCore`):
/// their code and tables then count in the kiosk's resident memory
/// (docs/BENCHMARKS.md, "The kiosk without corelibs Foundation").
///
/// Each function gives Foundation's answer (`PlainTextTests` compares them on
/// every scalar and on random strings):
/// - `contains`/`range` take an ASCII needle (the callers' literals). Like
///   Foundation's default (non-literal) search, a match followed by a
///   combining mark (Grapheme_Extend: "e" in "e\u{301}") does not count, and the three scalars canonically equal to an ASCII one (U+037E
///   ";", U+1FEF "`", U+212A "K") match it.
/// - `trimmed` drops what `CharacterSet.whitespaces` holds (Zs, tab and U+200B).
/// - `zeroPadded` is `%0Nd`, `fixed` is `%.Nf` (the double's exact value
///   rounded half to even, as printf does).
public enum PlainText {
    /// Whether `needle` (ASCII) occurs in `s`, as Foundation's `s.contains(needle)` says.
    public static func contains(_ s: some StringProtocol, _ needle: String) -> Bool {
        byteRange(of: needle, in: s) != nil
    }

    /// Where `needle` (ASCII) first occurs in `s`, as Foundation's `s.range(of: needle)`.
    public static func range(of needle: String, in s: String) -> Range<String.Index>? {
        guard let r = byteRange(of: needle, in: s) else { return nil }
        let lower = s.utf8.index(s.utf8.startIndex, offsetBy: r.lowerBound)
        return lower..<s.utf8.index(lower, offsetBy: r.count)
    }

    /// `s` with every `target` (ASCII) replaced by `replacement`, matched as `range(of:)` does.
    public static func replacing(_ target: String, with replacement: String, in s: String) -> String {
        var out = ""
        var rest = Substring(s)
        while let r = byteRange(of: target, in: rest) {
            let lower = rest.utf8.index(rest.utf8.startIndex, offsetBy: r.lowerBound)
            let upper = rest.utf8.index(lower, offsetBy: r.count)
            out += rest[..<lower]
            out += replacement
            rest = rest[upper...]
        }
        out += rest
        return out
    }

    /// Byte offsets of the first match of an ASCII `needle` in `s`.
    static func byteRange(of needle: String, in s: some StringProtocol) -> Range<Int>? {
        let n = Array(needle.utf8)
        if n.isEmpty { return nil }
        guard n.allSatisfy({ $0 < 0x80 }) else {
            // Not what the kiosk's callers pass (literals), but never a crash: Foundation's search.
            return foundationByteRange(of: needle, in: String(s))
        }
        let h = Array(s.utf8)
        if h.allSatisfy({ $0 < 0x80 }) {
            guard h.count >= n.count else { return nil }
            for i in 0...(h.count - n.count) where h[i] == n[0] {
                var j = 1
                while j < n.count && h[i + j] == n[j] { j += 1 }
                if j == n.count { return i..<(i + n.count) }
            }
            return nil
        }
        // Scalar by scalar: each as the ASCII byte it equals (0 for none), with its UTF-8 offset.
        var scalars: [(ascii: UInt8, offset: Int, mark: Bool)] = []
        var offset = 0
        for u in s.unicodeScalars {
            scalars.append((asciiEquivalent(u), offset, isCombiningMark(u)))
            offset += UTF8.width(u)
        }
        guard scalars.count >= n.count else { return nil }
        for i in 0...(scalars.count - n.count) where scalars[i].ascii == n[0] {
            var j = 1
            while j < n.count && scalars[i + j].ascii == n[j] { j += 1 }
            guard j == n.count else { continue }
            let end = i + n.count
            if end < scalars.count && scalars[end].mark { continue }
            return scalars[i].offset..<(end < scalars.count ? scalars[end].offset : offset)
        }
        return nil
    }

    static func asciiEquivalent(_ u: Unicode.Scalar) -> UInt8 {
        switch u.value {
        case 0x01..<0x80: return UInt8(u.value)
        case 0x037E: return UInt8(ascii: ";")
        case 0x1FEF: return UInt8(ascii: "`")
        case 0x212A: return UInt8(ascii: "K")
        default: return 0
        }
    }

    /// Whether `u` joins the scalar before it for CoreFoundation's search:
    /// `combining`, the scalars after which Foundation does not find "a" in
    /// "xa\u{…}y" (Grapheme_Extend of Unicode 15, CoreFoundation's tables: the
    /// standard library's Unicode 16 property differs on some Mc).
    static func isCombiningMark(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        guard v >= 0x300 else { return false }
        var lo = 0, hi = combining.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if combining[mid].upperBound < v { lo = mid + 1 } else { hi = mid }
        }
        return lo < combining.count && combining[lo].contains(v)
    }

    /// Written by asking Foundation for every scalar (`PlainTextTests` checks it again).
    static let combining: [ClosedRange<UInt32>] = [
        0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x05BF...0x05BF, 0x05C1...0x05C2, 0x05C4...0x05C5, 0x05C7...0x05C7,
        0x0610...0x061A, 0x064B...0x065F, 0x0670...0x0670, 0x06D6...0x06DC, 0x06DF...0x06E4, 0x06E7...0x06E8, 0x06EA...0x06ED,
        0x0711...0x0711, 0x0730...0x074A, 0x07A6...0x07B0, 0x07EB...0x07F3, 0x07FD...0x07FD, 0x0816...0x0819, 0x081B...0x0823,
        0x0825...0x0827, 0x0829...0x082D, 0x0859...0x085B, 0x0898...0x089F, 0x08CA...0x08E1, 0x08E3...0x0902, 0x093A...0x093A,
        0x093C...0x093C, 0x0941...0x0948, 0x094D...0x094D, 0x0951...0x0957, 0x0962...0x0963, 0x0981...0x0981, 0x09BC...0x09BC,
        0x09BE...0x09BE, 0x09C1...0x09C4, 0x09CD...0x09CD, 0x09D7...0x09D7, 0x09E2...0x09E3, 0x09FE...0x09FE, 0x0A01...0x0A02,
        0x0A3C...0x0A3C, 0x0A41...0x0A42, 0x0A47...0x0A48, 0x0A4B...0x0A4D, 0x0A51...0x0A51, 0x0A70...0x0A71, 0x0A75...0x0A75,
        0x0A81...0x0A82, 0x0ABC...0x0ABC, 0x0AC1...0x0AC5, 0x0AC7...0x0AC8, 0x0ACD...0x0ACD, 0x0AE2...0x0AE3, 0x0AFA...0x0AFF,
        0x0B01...0x0B01, 0x0B3C...0x0B3C, 0x0B3E...0x0B3F, 0x0B41...0x0B44, 0x0B4D...0x0B4D, 0x0B55...0x0B57, 0x0B62...0x0B63,
        0x0B82...0x0B82, 0x0BBE...0x0BBE, 0x0BC0...0x0BC0, 0x0BCD...0x0BCD, 0x0BD7...0x0BD7, 0x0C00...0x0C00, 0x0C04...0x0C04,
        0x0C3C...0x0C3C, 0x0C3E...0x0C40, 0x0C46...0x0C48, 0x0C4A...0x0C4D, 0x0C55...0x0C56, 0x0C62...0x0C63, 0x0C81...0x0C81,
        0x0CBC...0x0CBC, 0x0CBF...0x0CBF, 0x0CC2...0x0CC2, 0x0CC6...0x0CC6, 0x0CCC...0x0CCD, 0x0CD5...0x0CD6, 0x0CE2...0x0CE3,
        0x0D00...0x0D01, 0x0D3B...0x0D3C, 0x0D3E...0x0D3E, 0x0D41...0x0D44, 0x0D4D...0x0D4D, 0x0D57...0x0D57, 0x0D62...0x0D63,
        0x0D81...0x0D81, 0x0DCA...0x0DCA, 0x0DCF...0x0DCF, 0x0DD2...0x0DD4, 0x0DD6...0x0DD6, 0x0DDF...0x0DDF, 0x0E31...0x0E31,
        0x0E34...0x0E3A, 0x0E47...0x0E4E, 0x0EB1...0x0EB1, 0x0EB4...0x0EBC, 0x0EC8...0x0ECE, 0x0F18...0x0F19, 0x0F35...0x0F35,
        0x0F37...0x0F37, 0x0F39...0x0F39, 0x0F71...0x0F7E, 0x0F80...0x0F84, 0x0F86...0x0F87, 0x0F8D...0x0F97, 0x0F99...0x0FBC,
        0x0FC6...0x0FC6, 0x102D...0x1030, 0x1032...0x1037, 0x1039...0x103A, 0x103D...0x103E, 0x1058...0x1059, 0x105E...0x1060,
        0x1071...0x1074, 0x1082...0x1082, 0x1085...0x1086, 0x108D...0x108D, 0x109D...0x109D, 0x135D...0x135F, 0x1712...0x1714,
        0x1732...0x1733, 0x1752...0x1753, 0x1772...0x1773, 0x17B4...0x17B5, 0x17B7...0x17BD, 0x17C6...0x17C6, 0x17C9...0x17D3,
        0x17DD...0x17DD, 0x180B...0x180D, 0x180F...0x180F, 0x1885...0x1886, 0x18A9...0x18A9, 0x1920...0x1922, 0x1927...0x1928,
        0x1932...0x1932, 0x1939...0x193B, 0x1A17...0x1A18, 0x1A1B...0x1A1B, 0x1A56...0x1A56, 0x1A58...0x1A5E, 0x1A60...0x1A60,
        0x1A62...0x1A62, 0x1A65...0x1A6C, 0x1A73...0x1A7C, 0x1A7F...0x1A7F, 0x1AB0...0x1ACE, 0x1B00...0x1B03, 0x1B34...0x1B3A,
        0x1B3C...0x1B3C, 0x1B42...0x1B42, 0x1B6B...0x1B73, 0x1B80...0x1B81, 0x1BA2...0x1BA5, 0x1BA8...0x1BA9, 0x1BAB...0x1BAD,
        0x1BE6...0x1BE6, 0x1BE8...0x1BE9, 0x1BED...0x1BED, 0x1BEF...0x1BF1, 0x1C2C...0x1C33, 0x1C36...0x1C37, 0x1CD0...0x1CD2,
        0x1CD4...0x1CE0, 0x1CE2...0x1CE8, 0x1CED...0x1CED, 0x1CF4...0x1CF4, 0x1CF8...0x1CF9, 0x1DC0...0x1DFF, 0x200C...0x200C,
        0x20D0...0x20F0, 0x2CEF...0x2CF1, 0x2D7F...0x2D7F, 0x2DE0...0x2DFF, 0x302A...0x302F, 0x3099...0x309A, 0xA66F...0xA672,
        0xA674...0xA67D, 0xA69E...0xA69F, 0xA6F0...0xA6F1, 0xA802...0xA802, 0xA806...0xA806, 0xA80B...0xA80B, 0xA825...0xA826,
        0xA82C...0xA82C, 0xA8C4...0xA8C5, 0xA8E0...0xA8F1, 0xA8FF...0xA8FF, 0xA926...0xA92D, 0xA947...0xA951, 0xA980...0xA982,
        0xA9B3...0xA9B3, 0xA9B6...0xA9B9, 0xA9BC...0xA9BD, 0xA9E5...0xA9E5, 0xAA29...0xAA2E, 0xAA31...0xAA32, 0xAA35...0xAA36,
        0xAA43...0xAA43, 0xAA4C...0xAA4C, 0xAA7C...0xAA7C, 0xAAB0...0xAAB0, 0xAAB2...0xAAB4, 0xAAB7...0xAAB8, 0xAABE...0xAABF,
        0xAAC1...0xAAC1, 0xAAEC...0xAAED, 0xAAF6...0xAAF6, 0xABE5...0xABE5, 0xABE8...0xABE8, 0xABED...0xABED, 0xFB1E...0xFB1E,
        0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xFF9E...0xFF9F, 0x101FD...0x101FD, 0x102E0...0x102E0, 0x10376...0x1037A,
        0x10A01...0x10A03, 0x10A05...0x10A06, 0x10A0C...0x10A0F, 0x10A38...0x10A3A, 0x10A3F...0x10A3F, 0x10AE5...0x10AE6,
        0x10D24...0x10D27, 0x10EAB...0x10EAC, 0x10EFD...0x10EFF, 0x10F46...0x10F50, 0x10F82...0x10F85, 0x11001...0x11001,
        0x11038...0x11046, 0x11070...0x11070, 0x11073...0x11074, 0x1107F...0x11081, 0x110B3...0x110B6, 0x110B9...0x110BA,
        0x110C2...0x110C2, 0x11100...0x11102, 0x11127...0x1112B, 0x1112D...0x11134, 0x11173...0x11173, 0x11180...0x11181,
        0x111B6...0x111BE, 0x111C9...0x111CC, 0x111CF...0x111CF, 0x1122F...0x11231, 0x11234...0x11234, 0x11236...0x11237,
        0x1123E...0x1123E, 0x11241...0x11241, 0x112DF...0x112DF, 0x112E3...0x112EA, 0x11300...0x11301, 0x1133B...0x1133C,
        0x1133E...0x1133E, 0x11340...0x11340, 0x11357...0x11357, 0x11366...0x1136C, 0x11370...0x11374, 0x11438...0x1143F,
        0x11442...0x11444, 0x11446...0x11446, 0x1145E...0x1145E, 0x114B0...0x114B0, 0x114B3...0x114B8, 0x114BA...0x114BA,
        0x114BD...0x114BD, 0x114BF...0x114C0, 0x114C2...0x114C3, 0x115AF...0x115AF, 0x115B2...0x115B5, 0x115BC...0x115BD,
        0x115BF...0x115C0, 0x115DC...0x115DD, 0x11633...0x1163A, 0x1163D...0x1163D, 0x1163F...0x11640, 0x116AB...0x116AB,
        0x116AD...0x116AD, 0x116B0...0x116B5, 0x116B7...0x116B7, 0x1171D...0x1171F, 0x11722...0x11725, 0x11727...0x1172B,
        0x1182F...0x11837, 0x11839...0x1183A, 0x11930...0x11930, 0x1193B...0x1193C, 0x1193E...0x1193E, 0x11943...0x11943,
        0x119D4...0x119D7, 0x119DA...0x119DB, 0x119E0...0x119E0, 0x11A01...0x11A0A, 0x11A33...0x11A38, 0x11A3B...0x11A3E,
        0x11A47...0x11A47, 0x11A51...0x11A56, 0x11A59...0x11A5B, 0x11A8A...0x11A96, 0x11A98...0x11A99, 0x11C30...0x11C36,
        0x11C38...0x11C3D, 0x11C3F...0x11C3F, 0x11C92...0x11CA7, 0x11CAA...0x11CB0, 0x11CB2...0x11CB3, 0x11CB5...0x11CB6,
        0x11D31...0x11D36, 0x11D3A...0x11D3A, 0x11D3C...0x11D3D, 0x11D3F...0x11D45, 0x11D47...0x11D47, 0x11D90...0x11D91,
        0x11D95...0x11D95, 0x11D97...0x11D97, 0x11EF3...0x11EF4, 0x11F00...0x11F01, 0x11F36...0x11F3A, 0x11F40...0x11F40,
        0x11F42...0x11F42, 0x13440...0x13440, 0x13447...0x13455, 0x16AF0...0x16AF4, 0x16B30...0x16B36, 0x16F4F...0x16F4F,
        0x16F8F...0x16F92, 0x16FE4...0x16FE4, 0x1BC9D...0x1BC9E, 0x1CF00...0x1CF2D, 0x1CF30...0x1CF46, 0x1D165...0x1D165,
        0x1D167...0x1D169, 0x1D16E...0x1D172, 0x1D17B...0x1D182, 0x1D185...0x1D18B, 0x1D1AA...0x1D1AD, 0x1D242...0x1D244,
        0x1DA00...0x1DA36, 0x1DA3B...0x1DA6C, 0x1DA75...0x1DA75, 0x1DA84...0x1DA84, 0x1DA9B...0x1DA9F, 0x1DAA1...0x1DAAF,
        0x1E000...0x1E006, 0x1E008...0x1E018, 0x1E01B...0x1E021, 0x1E023...0x1E024, 0x1E026...0x1E02A, 0x1E08F...0x1E08F,
        0x1E130...0x1E136, 0x1E2AE...0x1E2AE, 0x1E2EC...0x1E2EF, 0x1E4EC...0x1E4EF, 0x1E8D0...0x1E8D6, 0x1E944...0x1E94A,
        0x1F3FB...0x1F3FF, 0xE0020...0xE007F, 0xE0100...0xE01EF
    ]

    /// `s` without the leading and trailing scalars of `CharacterSet.whitespaces`
    /// (tab, the space separators Zs and U+200B), as `trimmingCharacters(in: .whitespaces)`;
    /// with `newlines`, of `CharacterSet.whitespacesAndNewlines` (also U+000A–U+000D,
    /// U+0085, U+2028 and U+2029).
    public static func trimmed(_ s: some StringProtocol, newlines: Bool = false) -> String {
        let u = s.unicodeScalars
        guard let first = u.firstIndex(where: { !isBlank($0, newlines) }) else { return "" }
        let last = u.lastIndex(where: { !isBlank($0, newlines) })!
        return String(String.UnicodeScalarView(u[first...last]))
    }

    static func isBlank(_ u: Unicode.Scalar, _ newlines: Bool) -> Bool {
        if u == " " || u == "\t" || u.value == 0x200B || (u.value >= 0xA0 && u.properties.generalCategory == .spaceSeparator) { return true }
        guard newlines else { return false }
        switch u.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// `n` written with at least `width` digits, zeros in front: `String(format: "%0*d", width, n)`.
    public static func zeroPadded(_ n: Int, width: Int = 2) -> String {
        let digits = String(n.magnitude)
        let pad = max(0, width - digits.count - (n < 0 ? 1 : 0))
        return (n < 0 ? "-" : "") + String(repeating: "0", count: pad) + digits
    }

    /// `v` with `places` decimals (0...9), point as separator: `String(format: "%.*f", places, v)`.
    /// The exact binary value is rounded half to even, as printf does (0.15 is 0.1499…: "0.1").
    public static func fixed(_ v: Double, places: Int) -> String {
        // Outside 0...9 (no caller asks for it): printf itself, never a crash.
        guard (0...9).contains(places) else { return foundationFixed(v, places: places) }
        guard v.isFinite else { return v.isNaN ? (v.sign == .minus ? "-nan" : "nan") : (v < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let a = v.magnitude
        let p = a * scale
        guard p < 0x1p52 else { return bigFixed(v, places: places) }
        // a × scale = p + e exactly (scale ≤ 10^9 is exact; fma gives the product's rounding error).
        let e = (-p).addingProduct(a, scale)
        let floorP = p.rounded(.down)
        var n = UInt64(floorP)
        let half = (p - floorP) - 0.5  // its sign is exact; the residual e only decides an exact tie
        if half > 0 || (half == 0 && e > 0) || (half == 0 && e == 0 && n % 2 == 1) { n += 1 }
        var digits = String(n)
        if places > 0 {
            if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        }
        return (v.sign == .minus ? "-" : "") + digits
    }

    /// Values too large for the fast path (≥ 2^52 / 10^places): integral, so the
    /// decimals are zeros; the integer part is exact.
    static func bigFixed(_ v: Double, places: Int) -> String {
        let a = v.magnitude
        var digits: String
        if a < 0x1p63 {
            digits = String(UInt64(a.rounded(.toNearestOrEven)))
            // a ≥ 2^52 is integral; between 2^52/10^places and 2^52 it may not be:
            if a != a.rounded(.down) { return slowFixed(v, places: places) }
        } else {
            digits = exactInteger(a)
        }
        if places > 0 { digits += "." + String(repeating: "0", count: places) }
        return (v.sign == .minus ? "-" : "") + digits
    }

    /// Decimal digits of an integral double ≥ 2^63 (significand × 2^k, exact).
    static func exactInteger(_ a: Double) -> String {
        var limbs: [UInt32] = []  // little-endian base 2^32
        var m = a.significandBitPattern | (1 << 52)
        var k = Int(a.exponent) - 52
        while m > 0 { limbs.append(UInt32(truncatingIfNeeded: m)); m >>= 32 }
        while k > 0 {
            var carry: UInt64 = 0
            for i in limbs.indices {
                let x = UInt64(limbs[i]) << 1 | carry
                limbs[i] = UInt32(truncatingIfNeeded: x); carry = x >> 32
            }
            if carry > 0 { limbs.append(UInt32(carry)) }
            k -= 1
        }
        var out: [UInt8] = []
        while !limbs.isEmpty {
            var rem: UInt64 = 0
            for i in limbs.indices.reversed() {
                let x = rem << 32 | UInt64(limbs[i])
                limbs[i] = UInt32(x / 10); rem = x % 10
            }
            out.append(UInt8(rem) + 48)
            while limbs.last == 0 { limbs.removeLast() }
        }
        return String(decoding: out.reversed(), as: UTF8.self)
    }

    /// Non-integral values with a product ≥ 2^52: rounds the exact value with
    /// integer arithmetic on significand × 2^exponent (rare: coordinates and
    /// distances never get here).
    static func slowFixed(_ v: Double, places: Int) -> String {
        let a = v.magnitude
        let intPart = a.rounded(.down)
        var frac = a - intPart  // exact
        var digits = String(UInt64(intPart))
        var decimals: [UInt8] = []
        for _ in 0..<places { frac *= 10; let d = frac.rounded(.down); decimals.append(UInt8(d)); frac -= d }  // exact: frac has few bits
        var roundUp = frac > 0.5 || (frac == 0.5 && (decimals.last.map { $0 % 2 == 1 } ?? (UInt64(intPart) % 2 == 1)))
        var i = decimals.count - 1
        while roundUp && i >= 0 { decimals[i] += 1; if decimals[i] == 10 { decimals[i] = 0; i -= 1 } else { roundUp = false } }
        if roundUp { digits = String(UInt64(intPart) + 1) }
        if places > 0 { digits += "." + String(decoding: decimals.map { $0 + 48 }, as: UTF8.self) }
        return (v.sign == .minus ? "-" : "") + digits
    }
}
