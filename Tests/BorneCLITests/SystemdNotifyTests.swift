import Foundation
import XCTest
@testable import borne

/// The notify protocol over a real unix datagram socket, as systemd binds it:
/// a path, and the abstract namespace ('@').
final class SystemdNotifyTests: XCTestCase {
    /// Binds a datagram socket at `name` (leading '@': abstract); returns its fd.
    func bind(_ name: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(name.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
        let len = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, len) } }
        guard rc == 0 else { throw NSError(domain: "bind", code: Int(errno)) }
        var tv = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    func receive(_ fd: Int32) -> String? {
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buf, buf.count, 0)
        return n > 0 ? String(decoding: buf[0..<n], as: UTF8.self) : nil
    }

    func testReadyWatchdogAndStoppingReachAPathSocket() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
        let fd = try bind(path)
        defer { close(fd); unlink(path) }
        let n = SystemdNotify(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "2000000"])
        XCTAssertEqual(n.watchdogInterval, 2)
        n.ready(status: "showing content x")
        XCTAssertEqual(receive(fd), "READY=1\nSTATUS=showing content x")
        n.pingIfDue(monotonicNow: 1000)
        XCTAssertEqual(receive(fd), "WATCHDOG=1")
        n.pingIfDue(monotonicNow: 1000.5)  // within half the interval: nothing
        n.pingIfDue(monotonicNow: 1001)    // half the interval later: due
        XCTAssertEqual(receive(fd), "WATCHDOG=1")
        n.stopping()
        XCTAssertEqual(receive(fd), "STOPPING=1")
    }

    func testAnAbstractSocketIsReached() throws {
        let name = "@borne-notify-test-\(UUID().uuidString.prefix(8))"
        let fd = try bind(name)
        defer { close(fd) }
        XCTAssertTrue(SystemdNotify(environment: ["NOTIFY_SOCKET": name]).send("READY=1"))
        XCTAssertEqual(receive(fd), "READY=1")
    }

    func testWithoutSystemdNothingIsSent() {
        let n = SystemdNotify(environment: [:])
        XCTAssertFalse(n.isActive)
        XCTAssertNil(n.watchdogInterval)
        XCTAssertFalse(n.send("READY=1"))
        n.pingIfDue()
        // A watchdog meant for another process (WATCHDOG_PID) is not ours.
        let other = SystemdNotify(environment: ["NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"])
        XCTAssertNil(other.watchdogInterval)
    }

    func testLogLinesCarryJournaldPriorities() {
        XCTAssertEqual(Log.line(.error, "borne upload: disk full"), "<3>borne upload: disk full\n")
        XCTAssertEqual(Log.line(.info, "a\nb"), "<6>a\n<6>b\n")
        XCTAssertEqual(Log.line(.warning, "w"), "<4>w\n")
    }
}
