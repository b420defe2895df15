import BorneCore
import BorneSystem
import BorneUI
internal import CEvdev
#if canImport(Glibc)
import Glibc
#endif

/// One open touch device: an evdev node (`/dev/input/event3`) or, in tests,
/// a FIFO carrying the same records. Non-blocking; not `Sendable` (one
/// thread, the kiosk loop's).
public final class TouchDevice {
    public let path: String
    public private(set) var fd: Int32
    /// An evdev node (answers EVIOCGABS); false for a FIFO (tests), which is
    /// reopened at end of file.
    public let isEvdev: Bool
    /// The device's own ranges (EVIOCGABS), else the config's; nil only for
    /// a device opened for calibration (`requireRanges: false`) with neither.
    public let ranges: AxisRanges?
    /// The device's name (EVIOCGNAME), for the log.
    public let name: String
    /// False when EVIOCGRAB failed (another program holds the device).
    public private(set) var grabbed = false
    private var decoder = EvdevDecoder()
    private var tracker = ContactTracker()
    /// nil without ranges: such a device gives raw contacts only.
    private var recognizer: TapRecognizer?
    /// The last position of the contact under way, for `readContacts`.
    private var lastRaw: RawPoint?

    /// Opens `path` read-only and non-blocking, takes its ranges from the
    /// device or else `config`, and grabs it when asked.
    public init(path: String, config: TouchConfig?, grab: Bool, requireRanges: Bool = true) throws {
        let fd = try Self.open(path)
        self.path = path
        self.fd = fd
        do {
            var st = stat()
            guard fstat(fd, &st) == 0 else { throw TouchError.cannotOpen(IOError(operation: "stat", path: path, errno: errno)) }
            let kind = st.st_mode & S_IFMT
            // Only a FIFO is reopened at end of file and takes its ranges from
            // the config; anything else must be an evdev node.
            guard kind == S_IFIFO || kind == S_IFCHR else { throw TouchError.notADevice(path: path) }
            isEvdev = kind == S_IFCHR
            if isEvdev {
                guard let r = Self.deviceRanges(fd) else { throw TouchError.noAbsoluteAxes(path: path) }
                guard let x = r.x else { throw TouchError.emptyAxis(path: path, axis: "x") }
                guard let y = r.y else { throw TouchError.emptyAxis(path: path, axis: "y") }
                ranges = AxisRanges(x: x, y: y)
            } else if let x = config?.xRange, let y = config?.yRange {
                ranges = AxisRanges(x: x, y: y)
            } else if requireRanges {
                throw TouchError.noRanges(path: path)
            } else {
                ranges = nil
            }
        } catch {
            Glibc.close(fd)
            throw error
        }
        name = isEvdev ? Self.deviceName(fd) : "FIFO"
        recognizer = ranges.map { TapRecognizer(mapping: TouchMapping(ranges: $0, config: config)) }
        if grab && isEvdev { grabbed = borne_evdev_grab(fd, 1) == 0 }
    }

    deinit { close() }

    /// Lets the device go (the grab ends with the descriptor).
    public func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    public enum ReadOutcome: Equatable {
        /// Everything readable was read; more may come.
        case open
        /// A FIFO's writer closed it: reopen to wait for the next one.
        case endOfFile
        /// The device is gone (unplugged: ENODEV) or failing (errno).
        case gone(errno: Int32)
    }

    /// Reads everything there is without blocking; taps are appended to `events`.
    public func read(screen: Size, into events: inout [InputEvent]) -> ReadOutcome {
        readChanges { change in
            if let taps = recognizer?.handle(change, screen: screen) { events += taps }
        }
    }

    /// Reads everything there is without blocking; appends the raw position
    /// of each contact that ended (where the finger was when it lifted), for
    /// calibration. Moving does not matter here.
    public func readContacts(into contacts: inout [RawPoint]) -> ReadOutcome {
        readChanges { change in
            switch change {
            case .down(let p), .move(let p): lastRaw = p
            case .up: if let p = lastRaw { contacts.append(p) }; lastRaw = nil
            case .cancelled: lastRaw = nil
            }
        }
    }

    private func readChanges(_ handle: (ContactChange) -> Void) -> ReadOutcome {
        guard fd >= 0 else { return .gone(errno: EBADF) }
        var buffer = [UInt8](repeating: 0, count: 64 * 24)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                for e in decoder.decode(buffer[0..<n]) {
                    for change in tracker.feed(e) { handle(change) }
                }
                continue
            }
            if n == 0 { return .endOfFile }
            let e = errno
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK { return .open }
            return .gone(errno: e)
        }
    }

    /// A FIFO at end of file: open it again (a FIFO whose writer left keeps
    /// reporting POLLHUP; a fresh descriptor waits for the next writer).
    /// A contact cut in the middle is forgotten.
    public func reopen() throws {
        close()
        let fd = try Self.open(path)
        self.fd = fd
        decoder.reset()
        tracker = ContactTracker()
        if let r = recognizer { recognizer = TapRecognizer(mapping: r.mapping) }
        lastRaw = nil
    }

    // MARK: - ioctls

    /// nil: not an evdev device (EVIOCGABS refused, ENOTTY for a FIFO);
    /// an axis is nil when the device gives it no range.
    static func deviceRanges(_ fd: Int32) -> (x: ClosedRange<Int>?, y: ClosedRange<Int>?)? {
        /// nil: the ioctl was refused; .some(nil): the axis has no range.
        func axis(_ code: UInt16) -> ClosedRange<Int>?? {
            var lo: Int32 = 0, hi: Int32 = 0
            guard borne_evdev_abs(fd, UInt32(code), &lo, &hi) == 0 else { return nil }
            return .some(hi > lo ? Int(lo)...Int(hi) : nil)
        }
        // A multitouch device's MT axes are what its contacts report; use
        // them when they have a range, else the single-touch ones.
        guard let x = axis(EvdevCode.absX), let y = axis(EvdevCode.absY) else { return nil }
        let mx = axis(EvdevCode.absMTPositionX) ?? nil, my = axis(EvdevCode.absMTPositionY) ?? nil
        if let mx, let my { return (mx, my) }
        return (x, y)
    }

    static func deviceName(_ fd: Int32) -> String {
        var buf = [CChar](repeating: 0, count: 256)
        guard borne_evdev_name(fd, &buf, UInt32(buf.count - 1)) >= 0 else { return "unnamed" }
        let bytes = buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
        return Sanitizer.line(String(decoding: bytes, as: UTF8.self))
    }

    /// Whether the node at `fd` is a touchscreen, tablet or absolute pointer:
    /// absolute x (or multitouch x), a touch or left button, and not a
    /// touchpad (INPUT_PROP_POINTER: it moves a pointer, it is not the screen).
    static func looksLikeTouchscreen(_ fd: Int32) -> Bool {
        func bits(_ type: UInt16, count: Int) -> [UInt8]? {
            var b = [UInt8](repeating: 0, count: count / 8 + 1)
            return borne_evdev_bits(fd, UInt32(type), &b, UInt32(b.count)) >= 0 ? b : nil
        }
        func has(_ b: [UInt8], _ bit: Int) -> Bool { bit / 8 < b.count && b[bit / 8] & (1 << (bit % 8)) != 0 }
        guard let types = bits(0, count: 32), has(types, Int(EvdevCode.evAbs)), has(types, Int(EvdevCode.evKey)),
              let abs = bits(EvdevCode.evAbs, count: EvdevCode.absMax),
              let keys = bits(EvdevCode.evKey, count: EvdevCode.keyMax) else { return false }
        guard has(abs, Int(EvdevCode.absX)) || has(abs, Int(EvdevCode.absMTPositionX)) else { return false }
        guard has(keys, Int(EvdevCode.btnTouch)) || has(keys, Int(EvdevCode.btnLeft)) else { return false }
        var props = [UInt8](repeating: 0, count: 8)
        if borne_evdev_props(fd, &props, UInt32(props.count)) >= 0, has(props, EvdevCode.propPointer) { return false }
        return true
    }
}

extension TouchDevice {
    /// Opens `path` read-only and non-blocking (EINTR retried).
    static func open(_ path: String) throws -> Int32 {
        do {
            return try syscall("open", path) { Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
        } catch let e as IOError {
            throw TouchError.cannotOpen(e)
        }
    }

    /// Opens `path` just to look at its capabilities (auto mode).
    static func isTouchscreen(path: String) throws -> Bool {
        let fd = try Self.open(path)
        defer { Glibc.close(fd) }
        return looksLikeTouchscreen(fd)
    }
}
