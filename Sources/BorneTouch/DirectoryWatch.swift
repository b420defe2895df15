#if canImport(Glibc)
import Glibc
#endif

/// inotify on one directory (`/dev/input`): names created, given new
/// attributes (udev setting the group) and removed. When the directory
/// does not exist yet (a machine with no input device at all), its parent
/// is watched until it appears. No udev netlink: works under
/// `PrivateNetwork=yes`. Non-blocking; `fd` goes into the kiosk's poll.
final class DirectoryWatch {
    enum Change: Equatable {
        /// The directory appeared, or inotify lost changes: look at all of it.
        case directoryAppeared
        case created(String)
        case attributes(String)
        case removed(String)
    }

    let directory: String
    private(set) var fd: Int32 = -1
    private var directoryWatch: Int32 = -1
    private var parentWatch: Int32 = -1
    private let report: (TouchNotice) -> Void

    private static let directoryMask = UInt32(IN_CREATE | IN_ATTRIB | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM)
    private static let parentMask = UInt32(IN_CREATE | IN_MOVED_TO)

    init?(directory: String, report: @escaping (TouchNotice) -> Void) {
        self.directory = directory
        self.report = report
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else {
            report(TouchNotice(.warning, "touch: cannot watch \(directory) (inotify: \(String(cString: strerror(errno)))); devices plugged in later will not be seen until the kiosk restarts"))
            return nil
        }
        if !watchDirectory() { watchParent() }
    }

    deinit { close() }

    func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    @discardableResult
    private func watchDirectory() -> Bool {
        directoryWatch = inotify_add_watch(fd, directory, Self.directoryMask)
        return directoryWatch >= 0
    }

    private func watchParent() {
        let parent = TouchInput.directory(of: directory)
        parentWatch = inotify_add_watch(fd, parent, Self.parentMask)
        if parentWatch < 0 {
            report(TouchNotice(.warning, "touch: cannot watch \(directory) nor \(parent) (\(String(cString: strerror(errno)))); devices plugged in later will not be seen until the kiosk restarts"))
        }
    }

    /// Everything inotify has queued, without blocking.
    func changes() -> [Change] {
        guard fd >= 0 else { return [] }
        var out: [Change] = []
        let size = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: size)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, size) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            out += parse(buffer[0..<n])
        }
        return out
    }

    /// `struct inotify_event`: wd (s32), mask (u32), cookie (u32), len (u32), name[len].
    private func parse(_ bytes: ArraySlice<UInt8>) -> [Change] {
        var out: [Change] = []
        var i = 0
        bytes.withUnsafeBytes { raw in
            while i + 16 <= raw.count {
                let wd = raw.loadUnaligned(fromByteOffset: i, as: Int32.self)
                let mask = raw.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self)
                let len = Int(raw.loadUnaligned(fromByteOffset: i + 12, as: UInt32.self))
                let nameBytes = raw[(i + 16)..<min(raw.count, i + 16 + len)]
                let name = String(decoding: nameBytes.prefix(while: { $0 != 0 }), as: UTF8.self)
                i += 16 + len
                out += interpret(wd: wd, mask: mask, name: name)
            }
        }
        return out
    }

    private func interpret(wd: Int32, mask: UInt32, name: String) -> [Change] {
        // The queue overflowed: changes were lost, so look at everything again.
        if mask & UInt32(IN_Q_OVERFLOW) != 0 { return directoryWatch >= 0 ? [.directoryAppeared] : [] }
        if wd == parentWatch && parentWatch >= 0 {
            let mine = String(directory.split(separator: "/").last ?? "")
            guard name == mine, watchDirectory() else { return [] }
            inotify_rm_watch(fd, parentWatch)
            parentWatch = -1
            return [.directoryAppeared]
        }
        guard wd == directoryWatch else { return [] }
        if mask & UInt32(IN_IGNORED) != 0 {
            // The directory itself went away: wait for it again.
            directoryWatch = -1
            watchParent()
            return []
        }
        guard !name.isEmpty else { return [] }
        if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { return [.created(name)] }
        if mask & UInt32(IN_ATTRIB) != 0 { return [.attributes(name)] }
        if mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 { return [.removed(name)] }
        return []
    }
}
