import BorneUI

/// Decodes the bytes a terminal sends (read in bulk, not one `get_wch` per
/// byte) into kiosk events: xterm mouse reports (SGR `ESC [ < b ; x ; y M/m`
/// and X10 `ESC [ M b x y`) become presses and releases of button 1; every
/// other byte is a key, and the keys of one `feed` become a single `.key`
/// event: keys do nothing on a kiosk but count as activity, so a 2 MB paste
/// costs one scan, never one frame per byte. Pure, so tests pin it.
struct RawInputDecoder {
    /// An escape sequence cut by the end of a read waits here for its end.
    private(set) var carry: [UInt8] = []
    /// Longer "sequences" are not mouse reports: their bytes count as keys.
    static let maxSequence = 48

    struct Output: Equatable {
        var pointer: [InputEvent] = []
        /// Keys seen (bytes outside mouse reports, escape sequences count once).
        var keys = 0
        /// The last key, curses-style (`KEY_ENTER`, `a`, `^C`, `KEY_ESCAPE`...).
        var lastKey: String?
    }

    /// Decodes `bytes` (after what was carried over). With `final`, an
    /// unfinished sequence at the end is taken as keys instead of waiting.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool = false) -> Output {
        var out = Output()
        if carry.isEmpty {
            decode(bytes, final: final, into: &out)
        } else {
            let joined = carry + Array(bytes)
            carry = []
            joined.withUnsafeBufferPointer { decode($0, final: final, into: &out) }
        }
        return out
    }

    mutating func feed(_ bytes: [UInt8], final: Bool = false) -> Output {
        bytes.withUnsafeBufferPointer { feed($0, final: final) }
    }

    /// Nothing more came: what was carried is keys (a lone Escape key).
    mutating func flush() -> Output { feed([UInt8](), final: true) }

    private mutating func decode(_ b: UnsafeBufferPointer<UInt8>, final: Bool, into out: inout Output) {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            guard c == 0x1B else {
                out.keys += 1
                i += 1
                // Only the last key's name is kept: decode it once, at the end.
                if i == n || b[i] == 0x1B { out.lastKey = InputDecoding.keyText(character: UInt32(c)) }
                continue
            }
            switch sequence(b, at: i) {
            case .incomplete:
                if final || n - i > Self.maxSequence {
                    out.keys += 1; out.lastKey = "KEY_ESCAPE"; i += 1
                } else {
                    carry = Array(b[i..<n]); return
                }
            case .key(let length):
                out.keys += 1; out.lastKey = "KEY_ESCAPE"; i += length
            case .mouse(let events, let length):
                out.pointer += events; i += length
            }
        }
    }

    private enum Sequence { case incomplete, key(Int), mouse([InputEvent], Int) }

    /// The escape sequence starting at `i` (b[i] is ESC).
    private func sequence(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Sequence {
        let n = b.count
        guard i + 1 < n else { return .incomplete }
        let second = b[i + 1]
        if second == UInt8(ascii: "O") { return i + 2 < n ? .key(3) : .incomplete }   // SS3: F1-F4, keypad
        guard second == UInt8(ascii: "[") else { return .key(1) }                       // Escape, or Alt+key
        guard i + 2 < n else { return .incomplete }
        if b[i + 2] == UInt8(ascii: "M") {
            // X10: ESC [ M Cb Cx Cy, each byte 32 + value (coordinates 1-based).
            guard i + 5 < n else { return .incomplete }
            let cb = Int(b[i + 3]) - 32, x = Int(b[i + 4]) - 33, y = Int(b[i + 5]) - 33
            return .mouse(Self.x10(cb, x, y), 6)
        }
        // CSI: parameters and intermediates (0x20-0x3F) up to a final byte (0x40-0x7E).
        var j = i + 2
        while j < n, (0x20...0x3F).contains(b[j]) { j += 1 }
        guard j < n else { return .incomplete }
        let length = j - i + 1
        let final = b[j]
        guard b[i + 2] == UInt8(ascii: "<"), final == UInt8(ascii: "M") || final == UInt8(ascii: "m") else {
            return .key(length)
        }
        var params: [Int] = []
        var value = 0, digits = 0
        for k in (i + 3)..<j {
            let d = b[k]
            if d == UInt8(ascii: ";") { params.append(value); value = 0; digits = 0 }
            else if (0x30...0x39).contains(d), digits < 6 { value = value * 10 + Int(d - 0x30); digits += 1 }
            else if !(0x30...0x39).contains(d) { return .key(length) }
        }
        params.append(value)
        guard params.count == 3 else { return .key(length) }
        return .mouse(Self.sgr(params[0], params[1] - 1, params[2] - 1, pressed: final == UInt8(ascii: "M")), length)
    }

    /// Button 1 only; motion (32) and wheel (64) reports are ignored, as the
    /// ncurses decoding did.
    static func sgr(_ button: Int, _ x: Int, _ y: Int, pressed: Bool) -> [InputEvent] {
        guard button & ~0x1C == 0, x >= 0, y >= 0 else { return [] }   // modifiers (4, 8, 16) allowed
        return InputDecoding.mouseEvents(pressed: pressed, released: !pressed, clicked: false, x: x, y: y)
    }

    /// X10 reports a release as button 3 without saying which button.
    static func x10(_ cb: Int, _ x: Int, _ y: Int) -> [InputEvent] {
        guard cb & 0x60 == 0, x >= 0, y >= 0 else { return [] }
        switch cb & 3 {
        case 0: return InputDecoding.mouseEvents(pressed: true, released: false, clicked: false, x: x, y: y)
        case 3: return InputDecoding.mouseEvents(pressed: false, released: true, clicked: false, x: x, y: y)
        default: return []
        }
    }
}
