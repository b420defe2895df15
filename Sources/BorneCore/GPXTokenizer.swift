/// A small, tolerant XML tokenizer: just enough XML for GPX files as real
/// devices and websites write them. BorneCore stays free of XMLParser /
/// FoundationXML (heavy, and not the same on every platform).
///
/// Tolerance rules — a broken file should still show its track if it can:
/// - a UTF-8 byte order mark is skipped;
/// - comments, processing instructions and DOCTYPE declarations are skipped;
/// - CDATA sections become text, verbatim;
/// - attributes may use either quote, come in any order, or (HTML-style) be
///   unquoted or have no value;
/// - the five XML entities and numeric references (`&#233;`, `&#xE9;`) are
///   decoded; an unknown entity (`&nbsp;`) is kept as written;
/// - a `<` that cannot start markup is text; a construct cut off by the end of
///   the file ends the token stream (the parser closes what is still open).
///
/// Line numbers are 1-based and count `\n`; they point at a token's first byte.
struct XMLTokenizer {
    enum Token: Equatable {
        /// A start tag; `selfClosing` for `<name/>`. Names keep their prefix.
        case start(name: String, attributes: [Attribute], selfClosing: Bool)
        case end(name: String)
        /// Character data with entities decoded, or a CDATA section verbatim.
        case text(String)
    }

    struct Attribute: Equatable {
        var name: String
        var value: String
    }

    private let bytes: [UInt8]
    private var pos = 0
    // Line counting is lazy: newlines between `countedUpTo` and a token's
    // start are counted when that token is returned.
    private var countedUpTo = 0
    private var line = 1

    init(_ text: String) {
        bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3; countedUpTo = 3 }
    }

    /// The line of the last byte examined so far (for "end of file" errors).
    mutating func currentLine() -> Int { lineNumber(at: min(pos, bytes.count)) }

    /// The next token and the line it starts on, or nil at the end of input.
    mutating func next() -> (token: Token, line: Int)? {
        while pos < bytes.count {
            let start = pos
            guard bytes[pos] == Ascii.lt else {
                let end = bytes[pos...].firstIndex(of: Ascii.lt) ?? bytes.count
                pos = end
                return (.text(Self.decodeEntities(bytes[start..<end])), lineNumber(at: start))
            }
            if hasPrefix("<!--") {
                guard skipPast("-->", from: start + 4) else { return nil }
            } else if hasPrefix("<![CDATA[") {
                let bodyStart = start + 9
                guard let close = find("]]>", from: bodyStart) else { return nil }
                pos = close + 3
                return (.text(String(decoding: bytes[bodyStart..<close], as: UTF8.self)), lineNumber(at: start))
            } else if hasPrefix("<?") {
                guard skipPast("?>", from: start + 2) else { return nil }
            } else if hasPrefix("<!") {
                guard skipDeclaration(from: start + 2) else { return nil }
            } else if hasPrefix("</") {
                pos = start + 2
                let name = readName()
                guard let gt = bytes[pos...].firstIndex(of: Ascii.gt) else { return nil }
                pos = gt + 1
                return (.end(name: name), lineNumber(at: start))
            } else if start + 1 < bytes.count, Ascii.isNameStart(bytes[start + 1]) {
                pos = start + 1
                guard let token = readStartTag() else { return nil }
                return (token, lineNumber(at: start))
            } else {
                pos = start + 1 // a stray "<": keep it as text
                return (.text("<"), lineNumber(at: start))
            }
        }
        return nil
    }

    // MARK: - Tags

    /// After `<`: name, attributes, `>` or `/>`. Nil if the file ends inside.
    private mutating func readStartTag() -> Token? {
        let name = readName()
        var attributes: [Attribute] = []
        while true {
            skipWhitespace()
            guard pos < bytes.count else { return nil }
            switch bytes[pos] {
            case Ascii.gt:
                pos += 1
                return .start(name: name, attributes: attributes, selfClosing: false)
            case Ascii.slash:
                if pos + 1 < bytes.count, bytes[pos + 1] == Ascii.gt {
                    pos += 2
                    return .start(name: name, attributes: attributes, selfClosing: true)
                }
                pos += 1 // a stray "/" inside a tag
            default:
                let attrName = readName()
                if attrName.isEmpty { pos += 1; continue } // junk such as `"` or `=`
                skipWhitespace()
                var value = ""
                if pos < bytes.count, bytes[pos] == Ascii.equals {
                    pos += 1
                    skipWhitespace()
                    guard let v = readAttributeValue() else { return nil }
                    value = v
                }
                if !attributes.contains(where: { $0.name == attrName }) {
                    attributes.append(Attribute(name: attrName, value: value))
                }
            }
        }
    }

    private mutating func readAttributeValue() -> String? {
        guard pos < bytes.count else { return nil }
        let quote = bytes[pos]
        if quote == Ascii.quote || quote == Ascii.apostrophe {
            guard let close = bytes[(pos + 1)...].firstIndex(of: quote) else { return nil }
            let value = Self.decodeEntities(bytes[(pos + 1)..<close])
            pos = close + 1
            return value
        }
        let start = pos // unquoted: up to whitespace, ">" or "/>"
        while pos < bytes.count, !Ascii.isSpace(bytes[pos]), bytes[pos] != Ascii.gt {
            if bytes[pos] == Ascii.slash, pos + 1 < bytes.count, bytes[pos + 1] == Ascii.gt { break }
            pos += 1
        }
        return Self.decodeEntities(bytes[start..<pos])
    }

    /// An XML name (with any prefix): everything up to whitespace or one of `/>=`.
    private mutating func readName() -> String {
        let start = pos
        while pos < bytes.count {
            let b = bytes[pos]
            if Ascii.isSpace(b) || b == Ascii.gt || b == Ascii.slash || b == Ascii.equals
                || b == Ascii.lt || b == Ascii.quote || b == Ascii.apostrophe { break }
            pos += 1
        }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    // MARK: - Skipping

    /// `<!DOCTYPE ...>` and friends, including an internal subset in `[...]`.
    private mutating func skipDeclaration(from start: Int) -> Bool {
        var i = start
        var depth = 0
        var quote: UInt8?
        while i < bytes.count {
            let b = bytes[i]
            if let q = quote {
                if b == q { quote = nil }
            } else if b == Ascii.quote || b == Ascii.apostrophe {
                quote = b
            } else if b == Ascii.lbracket {
                depth += 1
            } else if b == Ascii.rbracket {
                depth = max(0, depth - 1)
            } else if b == Ascii.gt, depth == 0 {
                pos = i + 1
                return true
            }
            i += 1
        }
        return false
    }

    private mutating func skipPast(_ terminator: String, from start: Int) -> Bool {
        guard let i = find(terminator, from: start) else { pos = bytes.count; return false }
        pos = i + terminator.utf8.count
        return true
    }

    private func find(_ needle: String, from start: Int) -> Int? {
        let n = Array(needle.utf8)
        guard let first = n.first, start <= bytes.count else { return nil }
        var i = start
        while i + n.count <= bytes.count {
            if bytes[i] == first, bytes[i..<i + n.count].elementsEqual(n) { return i }
            i += 1
        }
        return nil
    }

    private func hasPrefix(_ s: String) -> Bool {
        let n = s.utf8
        return pos + n.count <= bytes.count && bytes[pos..<pos + n.count].elementsEqual(n)
    }

    private mutating func skipWhitespace() {
        while pos < bytes.count, Ascii.isSpace(bytes[pos]) { pos += 1 }
    }

    private mutating func lineNumber(at p: Int) -> Int {
        if p > countedUpTo {
            for b in bytes[countedUpTo..<p] where b == Ascii.newline { line += 1 }
            countedUpTo = p
        }
        return line
    }

    // MARK: - Entities

    /// Decodes `&amp; &lt; &gt; &quot; &apos;` and `&#NNN; &#xHH;`. Unknown or
    /// malformed references stay as written; invalid code points become U+FFFD.
    static func decodeEntities(_ slice: ArraySlice<UInt8>) -> String {
        guard slice.contains(Ascii.amp) else { return String(decoding: slice, as: UTF8.self) }
        var out = String()
        var runStart = slice.startIndex
        var i = slice.startIndex
        while i < slice.endIndex {
            guard slice[i] == Ascii.amp,
                  let semi = slice[i..<min(slice.endIndex, i + 12)].firstIndex(of: Ascii.semicolon),
                  let decoded = decodeReference(String(decoding: slice[(i + 1)..<semi], as: UTF8.self))
            else { i += 1; continue }
            out += String(decoding: slice[runStart..<i], as: UTF8.self)
            out.unicodeScalars.append(decoded)
            i = semi + 1
            runStart = i
        }
        out += String(decoding: slice[runStart..<slice.endIndex], as: UTF8.self)
        return out
    }

    private static func decodeReference(_ ref: String) -> Unicode.Scalar? {
        switch ref {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default: break
        }
        guard ref.hasPrefix("#") else { return nil }
        let digits = ref.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        guard let v = value else { return nil }
        guard v != 0, let scalar = Unicode.Scalar(v) else { return "\u{FFFD}" } // XML forbids &#0;
        return scalar
    }
}

/// ASCII bytes the tokenizer looks for.
enum Ascii {
    static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
    static let equals = UInt8(ascii: "="), quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")
    static let amp = UInt8(ascii: "&"), semicolon = UInt8(ascii: ";"), newline = UInt8(ascii: "\n")
    static let lbracket = UInt8(ascii: "["), rbracket = UInt8(ascii: "]")

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Letters, `_`, `:` and any non-ASCII byte (names may be Unicode).
    static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x3A || b >= 0x80
    }
}
