import BorneSystem
#if canImport(Glibc)
import Glibc
#endif

/// Why a touch device cannot be used. Each message says what, where, and
/// what to do.
public enum TouchError: Error, Equatable, CustomStringConvertible {
    /// `--touch-device` or `touch.device` is neither `auto` nor an absolute path.
    case badDeviceName(String)
    /// The failed `open` (or `fstat`): path and errno.
    case cannotOpen(IOError)
    /// A regular file, a directory...: only evdev nodes and FIFOs are read.
    case notADevice(path: String)
    /// A character device that refuses EVIOCGABS: not evdev, or no absolute axes (a keyboard).
    case noAbsoluteAxes(path: String)
    /// Neither EVIOCGABS (not an evdev device: a FIFO) nor the config gave the axis ranges.
    case noRanges(path: String)
    /// EVIOCGABS answered with an empty axis.
    case emptyAxis(path: String, axis: String)

    public var description: String {
        switch self {
        case .badDeviceName(let name):
            return "touch device \"\(name)\": expected auto, none or an absolute path such as /dev/input/event3"
        case .cannotOpen(let e):
            var hint = ""
            if e.errno == EACCES || e.errno == EPERM { hint = " (the kiosk's user must be in group input)" }
            if e.errno == ENOENT { hint = " (no such device: check `ls /dev/input/by-id/`)" }
            return "touch device \(e)\(hint)"
        case .notADevice(let path):
            return "touch device \(path): not a device nor a FIFO: give an evdev node such as /dev/input/event3 or /dev/input/by-id/…-event-touch"
        case .noAbsoluteAxes(let path):
            return "touch device \(path): not an evdev device with absolute axes (a touchscreen is /dev/input/eventN: see `ls -l /dev/input/by-id/`)"
        case .noRanges(let path):
            return "touch device \(path): a FIFO does not say its axis ranges: give \"x_range\" and \"y_range\" in the kiosk config's \"touch\" object"
        case .emptyAxis(let path, let axis):
            return "touch device \(path): its \(axis) axis has no range (minimum = maximum): give \"x_range\" and \"y_range\" in the kiosk config's \"touch\" object, or pick another device"
        }
    }
}
