/// Why the terminal could not be opened. Each message says what was wrong and
/// what the person installing the kiosk can do about it.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// `stream` is "standard input" or "standard output".
    case notATerminal(stream: String)
    case termNotSet
    /// ncurses has no terminfo entry for `term` (or it cannot address the cursor).
    case unknownTerminal(term: String)

    public var description: String {
        switch self {
        case .notATerminal(let stream):
            return "\(stream) is not a terminal: run `borne kiosk` on a tty "
                + "(systemd: StandardInput=tty, StandardOutput=tty, TTYPath=/dev/tty1) or in a terminal emulator"
        case .termNotSet:
            return "TERM is not set: set it to the terminal's type, e.g. TERM=linux on the console "
                + "or TERM=xterm-256color in a terminal emulator"
        case .unknownTerminal(let term):
            return "TERM=\(term) is unknown to terminfo or cannot address the cursor: "
                + "use TERM=linux or TERM=xterm-256color, or install its entry (apt-get install ncurses-term)"
        }
    }
}
