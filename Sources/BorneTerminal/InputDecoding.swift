import BorneUI

/// Pure decoding of what ncurses hands over, kept apart from the C calls so
/// tests can pin it.
enum InputDecoding {
    /// The events of one ncurses mouse report for button 1, in order.
    /// `mouseinterval(0)` makes most terminals report a press and a release;
    /// some report only a click, which becomes a press then a release.
    static func mouseEvents(pressed: Bool, released: Bool, clicked: Bool, x: Int, y: Int) -> [InputEvent] {
        var events: [InputEvent] = []
        if pressed || clicked { events.append(.press(x: x, y: y)) }
        if released || clicked { events.append(.release(x: x, y: y)) }
        return events
    }

    /// The `.key` text of a character `get_wch` returned: the text itself, or a
    /// curses-style name for controls (`KEY_ENTER`, `^C`...).
    static func keyText(character code: UInt32) -> String {
        switch code {
        case 10, 13: return "KEY_ENTER"
        case 8, 0x7F: return "KEY_BACKSPACE"
        case 0x1B: return "KEY_ESCAPE"
        case 9: return "KEY_TAB"
        case 0..<0x20: return "^" + String(UnicodeScalar(UInt8(code + 0x40)))
        case 0x80..<0xA0: return "KEY_UNKNOWN"
        default:
            guard let scalar = Unicode.Scalar(code) else { return "KEY_UNKNOWN" }
            return String(Character(scalar))
        }
    }

    /// ncurses allows one spacing character and up to 4 combining marks per cell.
    static let maxCombiningMarks = 4

    /// The UTF-32 code points (`wchar_t` on glibc) for `setcchar`, NUL-terminated:
    /// the cell's first scalar, then at most 4 combining marks. Controls become
    /// "?" (the canvas is sanitized; this only keeps a stray one from moving
    /// the cursor); a lone combining mark gets a space to sit on. Returns nil
    /// for a continuation cell (the right half of a wide character), which
    /// ncurses fills itself.
    static func wideCharacters(_ text: String) -> [Int32]? {
        var scalars = text.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return nil }
        var out: [Int32] = []
        out.reserveCapacity(2 + maxCombiningMarks)
        if isControl(first) {
            out.append(Int32(UInt8(ascii: "?")))
        } else if isCombining(first) {
            out.append(Int32(UInt8(ascii: " ")))
            out.append(Int32(bitPattern: first.value))
        } else {
            out.append(Int32(bitPattern: first.value))
        }
        while let next = scalars.next(), out.count <= maxCombiningMarks {
            // Spacing scalars (emoji sequences, ZWJ) cannot share a cell in curses.
            if isCombining(next) { out.append(Int32(bitPattern: next.value)) }
        }
        out.append(0)
        return out
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F..<0xA0).contains(s.value)
    }

    static func isCombining(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return true
        default: return false
        }
    }
}

/// Recognises a lost terminal from `get_wch` alone: a hung-up tty makes it
/// return ERR at once, forever, instead of waiting for the timeout. The
/// SIGHUP flag and `tcgetattr` usually say so first; this is the last line.
struct LostTerminalDetector {
    /// Consecutive early ERRs before the terminal is declared lost. A signal
    /// can cut one wait short; eight in a row is not a signal.
    static let limit = 8
    private(set) var consecutiveEarlyErrors = 0

    /// Records a `get_wch` ERR after `elapsedMs` of a `timeoutMs` wait.
    /// Returns true when the terminal must be considered lost.
    mutating func recordError(elapsedMs: Int, timeoutMs: Int) -> Bool {
        // A poll (or a very short wait) is expected to come back at once.
        guard timeoutMs >= 20 else { return false }
        if elapsedMs * 2 < timeoutMs {
            consecutiveEarlyErrors += 1
        } else {
            consecutiveEarlyErrors = 0
        }
        return consecutiveEarlyErrors >= Self.limit
    }

    mutating func recordInput() { consecutiveEarlyErrors = 0 }
}
