#if canImport(Glibc)
import Glibc
#endif

/// Why a touch device cannot be used. Each message says what, where, and
/// what to do.
public enum TouchError: Error, Equatable, CustomStringConvertible {
    /// `--touch-device` or `touch.device` is neither `auto` nor an absolute path.
    case badDeviceName(String)
    case cannotOpen(path: String, errno: Int32)
    /// Neither EVIOCGABS (not an evdev device: a FIFO) nor the config gave the axis ranges.
    case noRanges(path: String)
    /// EVIOCGABS answered with an empty axis.
    case emptyAxis(path: String, axis: String)

    public var description: String {
        switch self {
        case .badDeviceName(let name):
            return "touch device \"\(name)\": expected auto, none or an absolute path such as /dev/input/event3"
        case .cannotOpen(let path, let e):
            var hint = ""
            if e == EACCES || e == EPERM { hint = " (the kiosk's user must be in group input)" }
            if e == ENOENT { hint = " (no such device: check `ls /dev/input/by-id/`)" }
            return "touch device \(path): cannot open: \(String(cString: strerror(e)))\(hint)"
        case .noRanges(let path):
            return "touch device \(path): it does not say its axis ranges (not an evdev device?): give \"x_range\" and \"y_range\" in the kiosk config's \"touch\" object"
        case .emptyAxis(let path, let axis):
            return "touch device \(path): its \(axis) axis has no range (minimum = maximum): give \"x_range\" and \"y_range\" in the kiosk config's \"touch\" object, or pick another device"
        }
    }
}

/// A line for the kiosk's log about a touch device (never what was touched).
public struct TouchNotice: Equatable, Sendable, CustomStringConvertible {
    public enum Level: Int, Sendable { case error = 3, warning = 4, info = 6 }
    public var level: Level
    public var message: String
    public init(_ level: Level, _ message: String) { self.level = level; self.message = message }
    public var description: String { "<\(level.rawValue)>\(message)" }
}
