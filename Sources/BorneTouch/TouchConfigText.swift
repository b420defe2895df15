import BorneCore

/// Writing a calibration into a kiosk config without disturbing the rest of
/// the file: the top-level `"touch"` member is replaced, or added last; every
/// other byte (order of keys, comments-free formatting, the operator's
/// layout) stays as it was. The caller checks the result with the loader
/// before writing it.
public enum TouchConfigText {
    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public var offset: Int
        public var description: String { "not a JSON object (byte \(offset)); fix the file first" }
    }

    /// The `touch` object as one line of JSON, fields in the documented order.
    public static func json(_ t: TouchConfig) -> String {
        var parts: [String] = []
        if let d = t.device { parts.append("\"device\": \(quoted(d))") }
        if let x = t.xRange { parts.append("\"x_range\": [\(x.lowerBound), \(x.upperBound)]") }
        if let y = t.yRange { parts.append("\"y_range\": [\(y.lowerBound), \(y.upperBound)]") }
        parts.append("\"swap_xy\": \(t.swapXY)")
        parts.append("\"invert_x\": \(t.invertX)")
        parts.append("\"invert_y\": \(t.invertY)")
        let m = t.margins
        parts.append("\"margins\": [\(m.left), \(m.top), \(m.right), \(m.bottom)]")
        return "{" + parts.joined(separator: ", ") + "}"
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    public static func replacingTouch(in text: String, with t: TouchConfig) throws -> String {
        let b = Array(text.utf8)
        var s = Scanner(bytes: b)
        s.skipSpace()
        guard s.take(UInt8(ascii: "{")) else { throw Malformed(offset: s.pos) }
        var lastValueEnd: Int?
        var firstKeyStart: Int?
        while true {
            s.skipSpace()
            if s.take(UInt8(ascii: "}")) { break }
            let keyStart = s.pos
            if firstKeyStart == nil { firstKeyStart = keyStart }
            guard let key = s.string() else { throw Malformed(offset: s.pos) }
            s.skipSpace()
            guard s.take(UInt8(ascii: ":")) else { throw Malformed(offset: s.pos) }
            s.skipSpace()
            let valueStart = s.pos
            guard s.skipValue() else { throw Malformed(offset: s.pos) }
            if key == "touch" {
                return String(decoding: b[..<valueStart], as: UTF8.self) + json(t) + String(decoding: b[s.pos...], as: UTF8.self)
            }
            lastValueEnd = s.pos
            s.skipSpace()
            if s.take(UInt8(ascii: ",")) { continue }
            guard s.take(UInt8(ascii: "}")) else { throw Malformed(offset: s.pos) }
            break
        }
        let member = "\"touch\": " + json(t)
        guard let end = lastValueEnd, let first = firstKeyStart else {
            // An empty object.
            let close = b.lastIndex(of: UInt8(ascii: "}"))!
            return String(decoding: b[..<close], as: UTF8.self) + member + String(decoding: b[close...], as: UTF8.self)
        }
        // Indent as the first key is.
        var lineStart = first
        while lineStart > 0 && b[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        let indent = b[lineStart..<first].allSatisfy { $0 == 32 || $0 == 9 } ? String(decoding: b[lineStart..<first], as: UTF8.self) : " "
        let separator = b[lineStart..<first].allSatisfy { $0 == 32 || $0 == 9 } && lineStart > 0 ? ",\n" + indent : ", "
        return String(decoding: b[..<end], as: UTF8.self) + separator + member + String(decoding: b[end...], as: UTF8.self)
    }

    /// Just enough JSON to find where a value ends.
    struct Scanner {
        let bytes: [UInt8]
        var pos = 0

        mutating func skipSpace() {
            while pos < bytes.count, [32, 9, 10, 13].contains(bytes[pos]) { pos += 1 }
        }

        mutating func take(_ c: UInt8) -> Bool {
            guard pos < bytes.count, bytes[pos] == c else { return false }
            pos += 1
            return true
        }

        /// A string; its text with escapes left as written (keys compared are plain).
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = pos
            while pos < bytes.count {
                switch bytes[pos] {
                case UInt8(ascii: "\\"): pos += 2
                case UInt8(ascii: "\""):
                    defer { pos += 1 }
                    return String(decoding: bytes[start..<pos], as: UTF8.self)
                default: pos += 1
                }
            }
            return nil
        }

        mutating func skipValue() -> Bool {
            guard pos < bytes.count else { return false }
            switch bytes[pos] {
            case UInt8(ascii: "\""):
                return string() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while pos < bytes.count {
                    switch bytes[pos] {
                    case UInt8(ascii: "\""):
                        guard string() != nil else { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 { pos += 1; return true }
                    default: break
                    }
                    pos += 1
                }
                return false
            default:
                let start = pos
                while pos < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 32, 9, 10, 13].contains(bytes[pos]) {
                    pos += 1
                }
                return pos > start
            }
        }
    }
}
