internal import CCurl
import Foundation

/// What an `HTTPClient`'s connections moved on the link, read from the
/// kernel: libcurl hands every socket it opens to `opened` (its sockopt
/// callback) and every socket it closes to `closing` (its close-socket
/// callback), and the meter reads TCP_INFO — payload bytes both ways
/// (the TLS stream: handshakes, certificates, session tickets, records,
/// alerts; retransmissions too) and segments both ways, each charged with
/// its IP and TCP headers (52 bytes over IPv4, 72 over IPv6).
///
/// What crosses after a socket is closed (the FIN exchange, the peer's
/// last alert) is not visible: each closed connection is charged
/// `closeAllowance` for it. DNS lookups are not counted (see docs/SYNC.md).
///
/// One client, one thread at a time; the lock only guards against a
/// connection closed from another thread by libcurl's share.
final class WireMeter: @unchecked Sendable {
    /// The FIN exchange (4 segments) and the TLS close alerts both ways.
    static let closeAllowance: Int64 = 4 * 72 + 2 * 64

    private struct Socket {
        var charged: Int64
        var header: Int64
    }

    private let lock = NSLock()
    private var sockets: [Int32: Socket] = [:]
    /// Bytes of sockets closed since the last `take`.
    private var closedBytes: Int64 = 0
    /// Sockets libcurl opened, over the meter's life.
    private(set) var opened = 0

    /// SO_RCVBUF for the sockets opened from now on; nil leaves the
    /// kernel's. A small receive window bounds what a server can push
    /// before a refusal or a cut takes effect: bytes in flight cross the
    /// link (and are counted) whether or not curl reads them.
    var receiveBuffer: Int32?

    func open(_ fd: Int32) {
        let header = Int64(borne_tcp_header_bytes(fd))
        // Delayed-ACK mode before connect: the kernel then lets the
        // ClientHello carry the handshake's last ACK instead of sending an
        // ACK of its own (52 bytes a connection; docs/SYNC.md).
        var quickAck: Int32 = 0
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_QUICKACK, &quickAck, socklen_t(MemoryLayout<Int32>.size))
        if var size = receiveBuffer {
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        lock.lock(); defer { lock.unlock() }
        sockets[fd] = Socket(charged: 0, header: header)
        opened += 1
    }

    /// Called before the socket is closed: what it moved since the last
    /// charge, and the close, wait for the next `take`.
    func closing(_ fd: Int32) {
        lock.lock(); defer { lock.unlock() }
        guard let s = sockets.removeValue(forKey: fd) else { return }
        closedBytes += max(0, Self.total(fd, header: s.header).map { $0 - s.charged } ?? 0) + Self.closeAllowance
    }

    /// Bytes moved since the last `take`, not yet charged, without marking them charged.
    func peek() -> Int64 {
        lock.lock(); defer { lock.unlock() }
        var sum = closedBytes
        for (fd, s) in sockets { sum += max(0, (Self.total(fd, header: s.header) ?? s.charged) - s.charged) }
        return sum
    }

    /// Bytes moved since the last `take`, now marked charged.
    func take() -> Int64 {
        lock.lock(); defer { lock.unlock() }
        var sum = closedBytes
        closedBytes = 0
        for (fd, s) in sockets {
            guard let now = Self.total(fd, header: s.header) else { continue }
            sum += max(0, now - s.charged)
            sockets[fd]?.charged = now
        }
        return sum
    }

    /// Payload plus headers of every segment, so far; nil when not TCP.
    private static func total(_ fd: Int32, header: Int64) -> Int64? {
        var payload: UInt64 = 0, segments: UInt64 = 0
        guard borne_tcp_counts(fd, &payload, &segments) == 0 else { return nil }
        return Int64(payload) + Int64(segments) * header
    }
}

// libcurl's socket callbacks; `context` is the unretained `WireMeter`,
// which the client keeps alive until its handle (and so every connection
// opened through it) is cleaned up.

func borneCurlSockopt(_ context: UnsafeMutableRawPointer?, _ fd: curl_socket_t, _ purpose: curlsocktype) -> Int32 {
    if let context { Unmanaged<WireMeter>.fromOpaque(context).takeUnretainedValue().open(fd) }
    return Int32(CURL_SOCKOPT_OK)
}

func borneCurlCloseSocket(_ context: UnsafeMutableRawPointer?, _ fd: curl_socket_t) -> Int32 {
    if let context { Unmanaged<WireMeter>.fromOpaque(context).takeUnretainedValue().closing(fd) }
    return close(fd)
}
