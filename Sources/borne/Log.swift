import Foundation

/// One line per event on stderr, prefixed with its syslog priority so
/// journald files it right (`<3>` error, `<4>` warning, `<6>` info; see
/// sd-daemon(3)). For the daemons and the kiosk — never visitor data (no
/// tapped item, no session content): counts, versions, paths, errors.
/// Usage errors of the command line stay plain (`printError`): a person reads them.
enum Log {
    enum Priority: Int {
        case error = 3
        case warning = 4
        case info = 6
    }

    static func error(_ message: String) { write(.error, message) }
    static func warning(_ message: String) { write(.warning, message) }
    static func info(_ message: String) { write(.info, message) }

    /// Each line of a multi-line message gets the prefix (journald reads lines).
    static func line(_ priority: Priority, _ message: String) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "<\(priority.rawValue)>\($0)" }.joined(separator: "\n") + "\n"
    }

    static func write(_ priority: Priority, _ message: String) {
        FileHandle.standardError.write(Data(line(priority, message).utf8))
    }
}
