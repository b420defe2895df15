import Foundation

/// TCP on 127.0.0.1 for the tests: a free port, "does anything answer", and
/// a listening socket. Shared by the nginx harness and the failure tests.
public enum LoopbackSockets {
    /// A port that was free a moment ago (bound to 0, read back, closed).
    public static func freePort() throws -> Int {
        try LoopbackListener().port     // closed when the listener goes
    }

    public static func canConnect(port: Int) -> Bool {
        guard let fd = connected(port: port) else { return false }
        close(fd)
        return true
    }

    /// A socket connected to 127.0.0.1:`port` (the caller closes it), or nil.
    public static func connected(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = address(port: port)
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { close(fd); return nil }
        return fd
    }

    public static func address(port: Int) -> sockaddr_in {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return addr
    }
}

/// A listening TCP socket on 127.0.0.1 at a free port. Nobody accepts unless
/// the test does: the kernel completes connections from the backlog and the
/// peer hears nothing (a link that went silent mid-request). Closed on deinit.
public final class LoopbackListener: @unchecked Sendable {
    public let fd: Int32
    public let port: Int

    public init(backlog: Int32 = 16) throws {
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard sock >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var one: Int32 = 1
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = LoopbackSockets.address(port: 0)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(sock, backlog) == 0 else {
            let e = errno
            close(sock)
            throw POSIXError(.init(rawValue: e) ?? .EIO)
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &len) }
        }
        fd = sock
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    deinit { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
}
