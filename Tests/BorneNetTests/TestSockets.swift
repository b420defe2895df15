import Foundation

/// Loopback sockets for the failure tests.
enum TestSockets {
    /// A port that was free a moment ago (bound to 0, read back, closed).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var addr = loopback(port: 0)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = loopback(port: port)
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    static func loopback(port: Int) -> sockaddr_in {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return addr
    }
}

/// A server that accepts TCP connections (the kernel completes them from the
/// backlog) and never says a word: a link that went silent mid-request.
final class SilentServer {
    let port: Int
    private let fd: Int32
    var socketFD: Int32 { fd }

    init() throws {
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = TestSockets.loopback(port: 0)
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard sock >= 0, ok == 0, listen(sock, 8) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &len) }
        }
        fd = sock
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    deinit { close(fd) }
}

/// Answers each connection with canned bytes, then closes: responses nginx
/// would never send (a body without Content-Length...). Serves `count`
/// connections on a background thread, then stops.
final class CannedServer {
    let port: Int
    private let listener: SilentServer

    init(response: Data, count: Int = 1) throws {
        listener = try SilentServer()
        port = listener.port
        let fd = listener.socketFD
        Thread.detachNewThread {
            for _ in 0..<count {
                let c = accept(fd, nil, nil)
                guard c >= 0 else { return }
                var request = [UInt8](repeating: 0, count: 4096)
                _ = read(c, &request, request.count)
                response.withUnsafeBytes { buf in
                    var done = 0
                    while done < buf.count {
                        let n = write(c, buf.baseAddress! + done, buf.count - done)
                        if n <= 0 { break }
                        done += n
                    }
                }
                close(c)
            }
        }
    }
}
