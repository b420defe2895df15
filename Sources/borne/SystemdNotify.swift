import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// systemd's notify protocol without libsystemd: one datagram per message to
/// the unix socket named by `$NOTIFY_SOCKET` (a path, or the abstract
/// namespace when it starts with '@'). `Type=notify` units wait for READY=1;
/// `WatchdogSec=` units are killed and restarted when WATCHDOG=1 stops coming.
/// Outside systemd (no `$NOTIFY_SOCKET`) every call does nothing.
/// Never blocks: the socket is non-blocking and a failed send is dropped
/// (systemd's own `sd_notify` behaves the same).
final class SystemdNotify {
    /// The socket address, or nil when not run by systemd.
    let socketPath: String?
    /// `$WATCHDOG_USEC` when it is meant for this process (`$WATCHDOG_PID`
    /// unset or ours); pings are due every half of it.
    let watchdogInterval: TimeInterval?
    private var lastPing: TimeInterval = 0

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        var interval: TimeInterval?
        if let usec = environment["WATCHDOG_USEC"].flatMap(UInt64.init), usec > 0 {
            let pid = environment["WATCHDOG_PID"].flatMap(Int32.init)
            if pid == nil || pid == getpid() { interval = TimeInterval(usec) / 1_000_000 }
        }
        watchdogInterval = path == nil ? nil : interval
    }

    var isActive: Bool { socketPath != nil }

    /// Sends `READY=1`, once the first frame is on screen.
    func ready(status: String? = nil) {
        send("READY=1" + (status.map { "\nSTATUS=\($0)" } ?? ""))
    }

    func stopping() { send("STOPPING=1") }

    /// Sends `WATCHDOG=1` when half the watchdog interval has passed since
    /// the last ping; call it from every turn of the main loop.
    func pingIfDue(monotonicNow: TimeInterval = SystemdNotify.monotonic()) {
        guard let interval = watchdogInterval else { return }
        if monotonicNow - lastPing >= interval / 2 {
            lastPing = monotonicNow
            send("WATCHDOG=1")
        }
    }

    static func monotonic() -> TimeInterval {
        TimeInterval(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000
    }

    /// One datagram; returns false when it could not be sent (or no socket).
    @discardableResult
    func send(_ message: String) -> Bool {
        guard let path = socketPath else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        // Abstract names are exactly their bytes long; paths end at their NUL.
        let length = MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1)
        let payload = Array(message.utf8)
        let sent = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                payload.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), sa, socklen_t(length)) }
            }
        }
        return sent == payload.count
    }
}
