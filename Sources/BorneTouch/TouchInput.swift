import BorneCore
import BorneUI
#if canImport(Glibc)
import Glibc
#endif

/// The kiosk's touchscreen as an `InputSource`: one device by path, or
/// `auto`: every touchscreen under `/dev/input`, now and later.
///
/// Devices come and go without error: an inotify watch on the device's
/// directory (no udev netlink socket, so `PrivateNetwork=yes` keeps
/// working) opens a device when its node appears (`IN_CREATE`) or when udev
/// gives it its group (`IN_ATTRIB`), and a device that reads ENODEV or
/// vanishes is closed and logged. A FIFO given by path (tests) is reopened
/// when its writer leaves. Every change is told through `report`.
public final class TouchInput: InputSource {
    public enum Mode: Equatable, Sendable {
        /// One device; it may appear later.
        case path(String)
        /// Every device of this directory (`/dev/input`) that looks like a
        /// touchscreen (`event*` with absolute axes and a touch or left button).
        case auto(directory: String)
    }

    public let mode: Mode
    public let config: TouchConfig?
    public let grab: Bool
    /// False for calibration: a device without known ranges still gives raw contacts.
    public let requireRanges: Bool
    /// Where device changes are told; the kiosk passes its log.
    public var report: (TouchNotice) -> Void
    /// Open devices by path.
    public private(set) var devices: [String: TouchDevice] = [:]
    private var inotify: DirectoryWatch?
    /// Paths already reported as unusable, so a flapping node is told once.
    private var told: Set<String> = []

    public init(mode: Mode, config: TouchConfig?, grab: Bool = true, requireRanges: Bool = true,
                report: @escaping (TouchNotice) -> Void = TouchInput.standardError) {
        self.mode = mode
        self.config = config
        self.grab = grab
        self.requireRanges = requireRanges
        self.report = report
        switch mode {
        case .path(let p):
            let dir = Self.directory(of: p)
            inotify = DirectoryWatch(directory: dir, report: report)
            attach(p, trigger: .start)
        case .auto(let dir):
            inotify = DirectoryWatch(directory: dir, report: report)
            scan()
            if devices.isEmpty { report(TouchNotice(.info, "touch: no touchscreen under \(dir) yet; waiting for one")) }
        }
    }

    deinit { close() }

    /// `--touch-device` (wins) or the config's `touch.device`: nil when
    /// neither names a device (or the option says `none`): no touch source.
    public static func make(option: String?, config: TouchConfig?,
                            report: @escaping (TouchNotice) -> Void = TouchInput.standardError) throws -> TouchInput? {
        guard let name = option ?? config?.device, name != "none" else { return nil }
        if name == "auto" { return TouchInput(mode: .auto(directory: "/dev/input"), config: config, report: report) }
        guard name.hasPrefix("/"), name.count > 1, !name.hasSuffix("/") else { throw TouchError.badDeviceName(name) }
        return TouchInput(mode: .path(name), config: config, report: report)
    }

    /// Log lines on stderr with journald priorities, when nobody passed a log.
    public static func standardError(_ notice: TouchNotice) {
        let line = Array((notice.description + "\n").utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    public func close() {
        for d in devices.values { d.close() }
        devices.removeAll()
        inotify?.close()
        inotify = nil
    }

    // MARK: - InputSource

    public var pollDescriptors: [Int32] {
        devices.keys.sorted().compactMap { devices[$0]?.fd }.filter { $0 >= 0 } + (inotify.map { [$0.fd] } ?? [])
    }

    public func readEvents(screen: Size) -> [InputEvent] {
        var events: [InputEvent] = []
        readDevices { $0.read(screen: screen, into: &events) }
        return events
    }

    /// For calibration: the raw position of each contact that ended, with
    /// the ranges of its device (nil when neither it nor the config says).
    public func readContacts() -> [(point: RawPoint, ranges: AxisRanges?)] {
        var out: [(point: RawPoint, ranges: AxisRanges?)] = []
        readDevices { device in
            var points: [RawPoint] = []
            defer { out += points.map { ($0, device.ranges) } }
            return device.readContacts(into: &points)
        }
        return out
    }

    private func readDevices(_ read: (TouchDevice) -> TouchDevice.ReadOutcome) {
        for change in inotify?.changes() ?? [] { apply(change) }
        for path in devices.keys.sorted() {
            guard let device = devices[path] else { continue }
            switch read(device) {
            case .open:
                break
            case .endOfFile where !device.isEvdev:
                do { try device.reopen() } catch { drop(path, because: "\(error)") }
            case .endOfFile:
                drop(path, because: "end of file")
            case .gone(let e):
                drop(path, because: e == ENODEV ? "unplugged" : String(cString: strerror(e)))
            }
        }
    }

    // MARK: - Devices

    enum Trigger { case start, created, attributes }

    private func apply(_ change: DirectoryWatch.Change) {
        switch change {
        case .directoryAppeared:
            if case .auto = mode { scan() } else if case .path(let p) = mode { attach(p, trigger: .start) }
        case .created(let name):
            consider(name, trigger: .created)
        case .attributes(let name):
            consider(name, trigger: .attributes)
        case .removed(let name):
            let path = inotify.map { $0.directory + "/" + name } ?? name
            if devices[path] != nil { drop(path, because: "removed") }
            told.remove(path)
        }
    }

    private func consider(_ name: String, trigger: Trigger) {
        guard let dir = inotify?.directory else { return }
        let path = dir + "/" + name
        switch mode {
        case .path(let p) where p == path: attach(p, trigger: trigger)
        case .auto where name.hasPrefix("event"): attach(path, trigger: trigger)
        default: break
        }
    }

    private func scan() {
        guard case .auto(let dir) = mode, let d = opendir(dir) else { return }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix("event") { names.append(name) }
        }
        for name in names.sorted() { attach(dir + "/" + name, trigger: .start) }
    }

    /// Opens `path` unless already open. In auto mode, devices that are not
    /// touchscreens are closed again without a word.
    private func attach(_ path: String, trigger: Trigger) {
        guard devices[path] == nil else { return }
        do {
            if case .auto = mode {
                guard try TouchDevice.isTouchscreen(path: path) else { return }
            }
            let device = try TouchDevice(path: path, config: config, grab: grab, requireRanges: requireRanges)
            devices[path] = device
            told.remove(path)
            var line = "touch: reading \(path) (\(device.name))"
            if let r = device.ranges {
                line += ", x \(r.x.lowerBound)…\(r.x.upperBound), y \(r.y.lowerBound)…\(r.y.upperBound)"
            } else {
                line += ", axis ranges unknown"
            }
            if device.isEvdev { line += device.grabbed ? ", grabbed" : ", NOT grabbed: another program holds it and sees the touches too" }
            report(TouchNotice(device.isEvdev && !device.grabbed ? .warning : .info, line))
        } catch TouchError.cannotOpen(let e) where trigger == .created && (e.errno == EACCES || e.errno == EPERM) {
            // A new node is root's until udev gives it group input (IN_ATTRIB follows).
        } catch TouchError.cannotOpen(let e) where e.errno == ENOENT && trigger != .start {
            // Gone again before we looked.
        } catch {
            guard !told.contains(path) else { return }
            told.insert(path)
            report(TouchNotice(.warning, "\(error); the kiosk goes on with the terminal's taps and waits for the device"))
        }
    }

    private func drop(_ path: String, because reason: String) {
        devices[path]?.close()
        devices[path] = nil
        report(TouchNotice(.warning, "touch: \(path) went away (\(reason)); waiting for it to come back"))
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }
}
