import BorneUI
internal import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// What the opened terminal can do, for the caller's start-up log line.
public struct TerminalCapabilities: Equatable, Sendable {
    public var colourDepth: ColourDepth
    /// False when ncurses found no way to report the mouse: taps will not arrive.
    public var mouse: Bool
    /// False when neither $LANG nor C.UTF-8 gave a UTF-8 locale: accents,
    /// box drawing and braille will show as escapes.
    public var utf8: Bool
    public var term: String
}

/// The kiosk's terminal: ncurses set up for a touch screen, input as
/// `InputEvent`s, frames flushed as diffs. One per process, used from one
/// thread; not `Sendable`.
///
/// The `borne kiosk` loop owns it:
/// `let t = try Terminal(); loop { let batch = t.readBatch(timeoutMs: 250) ... ;
/// t.draw(canvas) }; t.shutdown()`, leaving the loop on `.lost` or when
/// `shouldExit` (SIGTERM) is set.
public final class Terminal {
    /// The screen in cells; updated when a resize is read.
    public internal(set) var size: Size
    public let capabilities: TerminalCapabilities

    /// SIGTERM arrived: finish the frame, call `shutdown()`, exit 0.
    public var shouldExit: Bool { borne_terminate_received() != 0 }
    /// SIGHUP arrived: the tty is gone. `readBatch` then returns `lost`.
    public var terminalLost: Bool { borne_hangup_received() != 0 || lostLatched }

    private let screen: OpaquePointer
    /// ncurses attributes and colour pair per `Role.rawValue`.
    let looks: [(attrs: attr_t, pair: Int16)]
    /// The frame on screen; nil forces the next draw to repaint everything.
    var lastFrame: Canvas?
    /// Pointer events read but not handed over yet (more than one batch's worth).
    var pending: [InputEvent] = []
    /// The terminal's bytes, decoded in bulk.
    var decoder = RawInputDecoder()
    var detector = LostTerminalDetector()
    /// Once lost, always lost: later calls wait out their timeout, never spin.
    var lostLatched = false
    private(set) var ended = false

    public init() throws {
        guard isatty(STDIN_FILENO) == 1 else { throw TerminalError.notATerminal(stream: "standard input") }
        guard isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal(stream: "standard output") }
        guard let termC = getenv("TERM"), termC.pointee != 0 else { throw TerminalError.termNotSet }
        let term = String(cString: termC)

        borne_unblock_all_signals()
        borne_install_signal_handlers()
        let utf8 = Self.selectUTF8Locale()

        guard let screen = borne_newterm() else { throw TerminalError.unknownTerminal(term: term) }
        self.screen = screen
        _ = set_term(screen)
        guard borne_can_address_cursor() != 0 else {
            _ = endwin()
            delscreen(screen)
            throw TerminalError.unknownTerminal(term: term)
        }
        let win = borne_stdscr()
        raw()                          // Ctrl-C, Ctrl-Z, Ctrl-\ are bytes, not signals
        noecho()
        nonl()
        _ = keypad(win, true)
        _ = meta(win, true)
        _ = leaveok(win, true)         // the cursor is hidden; never move it back
        _ = intrflush(win, false)
        _ = curs_set(0)
        _ = typeahead(-1)              // input never interrupts a screen update
        let mouse = mousemask(borne_all_mouse_events(), nil) != 0
        _ = mouseinterval(0)           // no click synthesis: a tap is press then release

        let depth = Self.setUpColours()
        looks = Self.ncursesLooks(depth)
        let normal = looks[Int(Role.normal.rawValue)]
        borne_set_background(normal.attrs, normal.pair)

        size = Size(width: Int(borne_cols()), height: Int(borne_lines()))
        capabilities = TerminalCapabilities(colourDepth: depth, mouse: mouse, utf8: utf8, term: term)
    }

    deinit { shutdown() }

    /// Restores the terminal (cursor, modes, mouse reporting off). Idempotent;
    /// the caller calls it on every way out, SIGTERM included.
    public func shutdown() {
        guard !ended else { return }
        ended = true
        _ = curs_set(1)
        _ = endwin()
        delscreen(screen)
    }

    /// LANG may name a non-UTF-8 or missing locale; the kiosk still needs
    /// accents, box drawing, braille and half blocks, so fall back to C.UTF-8
    /// for the character type only (messages and numbers follow LANG).
    private static func selectUTF8Locale() -> Bool {
        _ = setlocale(LC_ALL, "")
        if borne_locale_is_utf8() != 0 { return true }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            if borne_locale_is_utf8() != 0 { return true }
        }
        return false
    }

    private static func setUpColours() -> ColourDepth {
        if let mono = getenv("BORNE_MONO"), String(cString: mono) == "1" { return .mono }
        guard has_colors() else { return .mono }
        guard start_color() == borne_ok() else { return .mono }
        _ = use_default_colors()
        guard borne_color_pairs() > Role.allCases.count else { return .mono }
        return borne_colors() >= 256 ? .xterm256 : (borne_colors() >= 8 ? .basic8 : .mono)
    }

    /// One colour pair per role, numbered `rawValue + 1` (pair 0 is the
    /// terminal's own and cannot be changed).
    private static func ncursesLooks(_ depth: ColourDepth) -> [(attrs: attr_t, pair: Int16)] {
        Role.allCases.sorted { $0.rawValue < $1.rawValue }.map { role in
            let look = Palette.look(role, depth: depth)
            var pair: Int16 = 0
            if depth != .mono {
                pair = Int16(role.rawValue) + 1
                _ = init_pair(pair, look.foreground, look.background)
            }
            return (attrs: attributes(look.attributes), pair: pair)
        }
    }

    static func attributes(_ a: CellAttributes) -> attr_t {
        var out = borne_a_normal()
        if a.contains(.bold) { out |= borne_a_bold() }
        if a.contains(.reverse) { out |= borne_a_reverse() }
        if a.contains(.underline) { out |= borne_a_underline() }
        if a.contains(.dim) { out |= borne_a_dim() }
        return out
    }
}
