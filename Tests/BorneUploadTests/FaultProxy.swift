import BorneTestSupport
import Foundation

/// A proxy in front of the real collector that does, connection by
/// connection, what a bad link does: forward (optionally after a delay),
/// drop the connection half-way through the request body, forward the
/// request and then drop the answer (the collector stored the batch, the
/// kiosk never hears it: the same batch is acknowledged twice), or stall
/// until the client gives up (a timeout).
final class FaultProxy: @unchecked Sendable {
    enum Mode: Sendable, Equatable {
        case forward
        case delay(Double)
        case dropMidRequest
        case dropAnswer
        case stall
        /// Answers 500 without forwarding, as a collector with a full disk or a crashed backend would.
        case serverError
    }

    let port: Int
    private let listener: LoopbackListener
    private let upstreamPort: Int
    private let lock = NSLock()
    private var script: [Mode]
    private var fallback: Mode
    private var _connections = 0
    private var stalled: [Int32] = []

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var connections: Int { lock.lock(); defer { lock.unlock() }; return _connections }

    /// `script` gives the mode of the first connections; `then` the rest.
    init(upstreamPort: Int, script: [Mode] = [], then fallback: Mode = .forward) throws {
        listener = try LoopbackListener()
        port = listener.port
        self.upstreamPort = upstreamPort
        self.script = script
        self.fallback = fallback
        let fd = listener.fd
        Thread.detachNewThread { [self] in
            while true {
                let c = accept(fd, nil, nil)
                guard c >= 0 else { return }
                let mode = nextMode()
                Thread.detachNewThread { self.serve(c, mode) }
            }
        }
    }

    deinit {
        lock.lock(); let s = stalled; lock.unlock()
        for c in s { close(c) }
    }

    func setScript(_ s: [Mode], then f: Mode = .forward) {
        lock.lock(); script = s; fallback = f; lock.unlock()
    }

    private func nextMode() -> Mode {
        lock.lock(); defer { lock.unlock() }
        _connections += 1
        return script.isEmpty ? fallback : script.removeFirst()
    }

    private func serve(_ c: Int32, _ mode: Mode) {
        // One request per connection: the answer says "Connection: close".
        guard let (head, body) = readRequest(c, stopAfterBodyBytes: mode == .dropMidRequest ? 100 : nil) else { close(c); return }
        switch mode {
        case .dropMidRequest:
            close(c)
        case .stall:
            lock.lock(); stalled.append(c); lock.unlock()
        case .delay(let s):
            Thread.sleep(forTimeInterval: s)
            relay(c, head, body, answer: true)
        case .forward:
            relay(c, head, body, answer: true)
        case .dropAnswer:
            relay(c, head, body, answer: false)
        case .serverError:
            writeAll(c, Array("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
            close(c)
        }
    }

    private func relay(_ c: Int32, _ head: String, _ body: [UInt8], answer: Bool) {
        defer { close(c) }
        let u = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(u) }
        var addr = LoopbackSockets.address(port: upstreamPort)
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(u, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { return }
        var lines = head.components(separatedBy: "\r\n").filter { !$0.lowercased().hasPrefix("connection:") && !$0.isEmpty }
        lines.append("Connection: close")
        writeAll(u, Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body)
        var response: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(u, &buf, buf.count)
            if n <= 0 { break }
            response += buf[0..<n]
        }
        if answer { writeAll(c, response) }
    }

    /// The request head (without the blank line) and its body (Content-Length).
    private func readRequest(_ c: Int32, stopAfterBodyBytes: Int?) -> (String, [UInt8])? {
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        let marker: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        var length = 0
        while true {
            if headEnd == nil, let r = find(marker, in: data) {
                headEnd = r
                let head = String(decoding: data[..<r], as: UTF8.self)
                for line in head.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let h = headEnd {
                let have = data.count - h - 4
                if let stop = stopAfterBodyBytes, have >= min(stop, length) { return ("", []) }
                if have >= length {
                    return (String(decoding: data[..<h], as: UTF8.self), Array(data[(h + 4)...]))
                }
            }
            let n = read(c, &buf, buf.count)
            if n <= 0 { return nil }
            data += buf[0..<n]
        }
    }

    private func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 { return }
            done += n
        }
    }
}
