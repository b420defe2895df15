import BorneUI

/// Text attributes, independent of ncurses so the palette is plain data.
public struct CellAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = CellAttributes(rawValue: 1 << 0)
    public static let reverse = CellAttributes(rawValue: 1 << 1)
    public static let underline = CellAttributes(rawValue: 1 << 2)
    public static let dim = CellAttributes(rawValue: 1 << 3)
}

/// How many colours the terminal can show.
public enum ColourDepth: String, Sendable {
    /// No colours, or `BORNE_MONO=1`: roles become attributes.
    case mono
    /// The 8 basic curses colours (the Linux console, `xterm`).
    case basic8
    /// The xterm 256-colour palette (`xterm-256color`, tmux).
    case xterm256
}

/// What a role looks like on one terminal. Colours are curses colour numbers
/// (0–7 basic, 16–255 xterm cube and greys); both are ignored in `.mono`.
public struct RoleLook: Equatable, Sendable {
    public var foreground: Int16
    public var background: Int16
    public var attributes: CellAttributes
    public init(_ foreground: Int16, on background: Int16, _ attributes: CellAttributes = []) {
        self.foreground = foreground; self.background = background; self.attributes = attributes
    }
}

/// The kiosk's palette: calm, high contrast for a screen in daylight.
///
/// Invariants the tests pin, in every depth:
/// - `.qr` shows the glyphs' ink dark on a light ground (dark modules on
///   light, as phone cameras expect). On `.mono` that is reverse video, which
///   assumes the usual light-on-dark terminal, so the QR widget must give the
///   whole code, quiet zone included, the `.qr` role.
/// - `.pressed` looks different from `.tile`, `.tileAccent`, `.button`,
///   `.selected` and `.normal`: the visitor must see the tap land.
public enum Palette {
    public static func look(_ role: Role, depth: ColourDepth) -> RoleLook {
        switch depth {
        case .xterm256: return xterm256(role)
        case .basic8: return basic8(role)
        case .mono: return RoleLook(-1, on: -1, mono(role))
        }
    }

    // xterm 256 indexes: 16 black, 231 white, 255 #eeeeee, 247 #9e9e9e,
    // 18 #000087 dark blue, 25 #005faf blue, 23 #005f5f deep teal,
    // 152 #afd7d7 light cyan, 153 #afd7ff sky, 220 #ffd700 yellow,
    // 78 #5fd787 green, 203 #ff5f5f light red, 160 #d70000 red,
    // 148 #afd700 yellow-green, 80 #5fd7d7 cyan.
    private static func xterm256(_ role: Role) -> RoleLook {
        switch role {
        case .normal: return RoleLook(255, on: 16)
        case .header: return RoleLook(231, on: 18, .bold)
        case .title: return RoleLook(153, on: 16, .bold)
        case .tile: return RoleLook(16, on: 152)
        case .tileAccent: return RoleLook(231, on: 23, .bold)
        case .pressed: return RoleLook(16, on: 220, .bold)
        case .button: return RoleLook(231, on: 25, .bold)
        case .selected: return RoleLook(16, on: 231, .bold)
        case .muted: return RoleLook(247, on: 16)
        case .open: return RoleLook(78, on: 16, .bold)
        case .closed: return RoleLook(203, on: 16, .bold)
        case .warning: return RoleLook(220, on: 16, .bold)
        case .emergency: return RoleLook(231, on: 160, .bold)
        case .qr: return RoleLook(16, on: 231)
        case .map: return RoleLook(148, on: 16)
        case .profile: return RoleLook(80, on: 16)
        }
    }

    // curses basic colours: 0 black, 1 red, 2 green, 3 yellow, 4 blue,
    // 5 magenta, 6 cyan, 7 white. Bold brightens the foreground on most.
    private static func basic8(_ role: Role) -> RoleLook {
        switch role {
        case .normal: return RoleLook(7, on: 0)
        case .header: return RoleLook(7, on: 4, .bold)
        case .title: return RoleLook(6, on: 0, .bold)
        case .tile: return RoleLook(0, on: 6)
        case .tileAccent: return RoleLook(0, on: 2)
        case .pressed: return RoleLook(0, on: 3, .bold)
        case .button: return RoleLook(7, on: 4, .bold)
        case .selected: return RoleLook(0, on: 7)
        case .muted: return RoleLook(7, on: 0, .dim)
        case .open: return RoleLook(2, on: 0, .bold)
        case .closed: return RoleLook(1, on: 0, .bold)
        case .warning: return RoleLook(3, on: 0, .bold)
        case .emergency: return RoleLook(7, on: 1, .bold)
        case .qr: return RoleLook(0, on: 7)
        case .map: return RoleLook(2, on: 0, .bold)
        case .profile: return RoleLook(6, on: 0)
        }
    }

    // Monochrome: targets are reverse video; the finger's target drops back to
    // normal video, bold and underlined; the active choice stays reverse but
    // bold and underlined, so it differs from both its neighbours and a press.
    private static func mono(_ role: Role) -> CellAttributes {
        switch role {
        case .normal, .profile: return []
        case .header: return [.reverse, .bold]
        case .title, .open, .closed, .warning, .map: return .bold
        case .tile, .button, .qr: return .reverse
        case .tileAccent, .emergency: return [.reverse, .bold]
        case .pressed: return [.bold, .underline]
        case .selected: return [.reverse, .bold, .underline]
        case .muted: return .dim
        }
    }
}
