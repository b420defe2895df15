/// Any JSON value (RFC 8259), read in the standard library only: what
/// `JSONSerialization.jsonObject` gave as `[String: Any]`, without
/// swift-corelibs Foundation (NSDictionary, NSNumber, CoreFoundation) or
/// FoundationEssentials' `JSONDecoder` on the kiosk's start. The accessors
/// answer as the `as? String`, `as? [String: Any]` and `as? [[String: Any]]`
/// casts did: nil for any other kind of value. For small files that say
/// nothing of where a syntax error is (BorneContent's `JSONParser` does).
public enum LooseJSON: Equatable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([LooseJSON]), object([String: LooseJSON])

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var object: [String: LooseJSON]? { if case .object(let o) = self { o } else { nil } }
    /// A list whose every element is an object (`as? [[String: Any]]`).
    public var objects: [[String: LooseJSON]]? {
        guard case .array(let a) = self else { return nil }
        var out: [[String: LooseJSON]] = []
        for v in a { guard let o = v.object else { return nil }; out.append(o) }
        return out
    }

    /// The value `bytes` (UTF-8) hold, or nil when they are not exactly one JSON
    /// value (surrounding whitespace allowed). As `JSONSerialization` does, a
    /// repeated key keeps its last value, a comma may end a list or an object
    /// and a UTF-8 byte order mark may start the text.
    public static func parse(_ bytes: some Collection<UInt8>) -> LooseJSON? {
        var r = Reader(bytes: Array(bytes))
        if r.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { r.at = 3 }
        guard let v = r.value(depth: 0) else { return nil }
        r.skipBlanks()
        return r.at == r.bytes.count ? v : nil
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0

        mutating func skipBlanks() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard at + n <= bytes.count else { return false }
            for i in 0..<n where bytes[at + i] != word.utf8Start[i] { return false }
            at += n
            return true
        }

        mutating func value(depth: Int) -> LooseJSON? {
            skipBlanks()
            guard at < bytes.count, depth < 512 else { return nil }
            switch bytes[at] {
            case UInt8(ascii: "{"):
                var object: [String: LooseJSON] = [:]
                let ok = list(until: UInt8(ascii: "}")) { r in
                    guard r.at < r.bytes.count, r.bytes[r.at] == UInt8(ascii: "\""), let key = r.string() else { return false }
                    r.skipBlanks()
                    guard r.at < r.bytes.count, r.bytes[r.at] == UInt8(ascii: ":") else { return false }
                    r.at += 1
                    guard let v = r.value(depth: depth + 1) else { return false }
                    object[key] = v
                    return true
                }
                return ok ? .object(object) : nil
            case UInt8(ascii: "["):
                var array: [LooseJSON] = []
                let ok = list(until: UInt8(ascii: "]")) { r in
                    guard let v = r.value(depth: depth + 1) else { return false }
                    array.append(v)
                    return true
                }
                return ok ? .array(array) : nil
            case UInt8(ascii: "\""): return string().map { .string($0) }
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return number()
            }
        }

        /// From an opening bracket to `close`: elements separated by commas,
        /// each read by `element` (false: not JSON); a comma may end the list.
        mutating func list(until close: UInt8, _ element: (inout Reader) -> Bool) -> Bool {
            at += 1
            skipBlanks()
            if at < bytes.count, bytes[at] == close { at += 1; return true }
            while true {
                skipBlanks()
                guard element(&self) else { return false }
                skipBlanks()
                guard at < bytes.count else { return false }
                if bytes[at] == close { at += 1; return true }
                guard bytes[at] == UInt8(ascii: ",") else { return false }
                at += 1
                skipBlanks()
                if at < bytes.count, bytes[at] == close { at += 1; return true }
            }
        }

        /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
        mutating func number() -> LooseJSON? {
            let start = at
            func digits() -> Int {
                let s = at
                while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39 { at += 1 }
                return at - s
            }
            if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
            guard at < bytes.count else { return nil }
            if bytes[at] == UInt8(ascii: "0") { at += 1 } else if digits() == 0 { return nil }
            if at < bytes.count, bytes[at] == UInt8(ascii: ".") { at += 1; guard digits() > 0 else { return nil } }
            if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
                at += 1
                if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
                guard digits() > 0 else { return nil }
            }
            return Double(String(decoding: bytes[start..<at], as: UTF8.self)).map { .number($0) }
        }

        /// A string from its opening quote: escapes decoded, raw control characters and bad UTF-8 refused.
        mutating func string() -> String? {
            at += 1
            var out: [UInt8] = []
            while at < bytes.count {
                let b = bytes[at]
                at += 1
                switch b {
                case UInt8(ascii: "\""):
                    return String(validating: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard at < bytes.count else { return nil }
                    let e = bytes[at]
                    at += 1
                    if let plain = JSONString.unescaped(e) { out.append(plain); continue }
                    switch e {
                    case UInt8(ascii: "u"):
                        guard var v = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(v) {
                            guard literal("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            v = 0x10000 + (v - 0xD800) << 10 + (low - 0xDC00)
                        }
                        guard let u = Unicode.Scalar(v) else { return nil }
                        out.append(contentsOf: Array(String(u).utf8))
                    default: return nil
                    }
                case 0..<0x20: return nil
                default: out.append(b)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[at]
                at += 1
                switch b {
                case 0x30...0x39: v = v << 4 | UInt32(b - 0x30)
                case 0x41...0x46: v = v << 4 | UInt32(b - 0x37)
                case 0x61...0x66: v = v << 4 | UInt32(b - 0x57)
                default: return nil
                }
            }
            return v
        }
    }
}
