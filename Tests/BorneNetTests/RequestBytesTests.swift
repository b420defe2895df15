import BorneNet
import BorneTestSupport
import Foundation
import XCTest

/// What the client puts on the link per request and per connection, read
/// from the bytes a loopback server receives: headers that buy nothing are
/// not sent, and the TLS ClientHello offers only what a modern server needs
/// (docs/SYNC.md, "What a connection costs").
final class RequestBytesTests: XCTestCase {
    /// Accepts one connection, keeps what the client sent first (up to the
    /// end of an HTTP head, or one whole TLS record), answers `response`, closes.
    final class RecordingServer: @unchecked Sendable {
        private let server: OneConnectionServer
        private let box = ByteBox()
        var port: Int { server.port }

        init(response: Data) throws {
            let got = box
            server = try OneConnectionServer { c in
                var buf = [UInt8](repeating: 0, count: 4096)
                while !RecordingServer.complete(got.bytes) {
                    let n = read(c, &buf, buf.count)
                    guard n > 0 else { break }
                    got.bytes += buf[0..<n]
                }
                response.withUnsafeBytes { b in _ = write(c, b.baseAddress!, b.count) }
            }
        }

        /// An HTTP head ended by an empty line, or a whole TLS record.
        static func complete(_ b: [UInt8]) -> Bool {
            if b.first == 0x16 { return b.count >= 5 && b.count >= 5 + Int(b[3]) << 8 + Int(b[4]) }
            return b.count >= 4 && (0...(b.count - 4)).contains { b[$0..<$0 + 4] == [13, 10, 13, 10] }
        }

        /// What the client sent, once its connection is over.
        func received() -> [UInt8] {
            server.wait()
            return box.bytes
        }
    }

    static let ok = Data("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}".utf8)

    func headerNames(_ head: [UInt8]) -> [String] {
        String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n").dropFirst()
            .compactMap { $0.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } }
    }

    func testAGetSendsNoAcceptHeaderNoValidatorsAndAsksForGzipOnly() throws {
        let server = try RecordingServer(response: Self.ok)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("reqbytes-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let client = HTTPClient(userAgent: "borne/t (k)")
        _ = try client.get("http://127.0.0.1:\(server.port)/v1/forecast?latitude=1", to: work.appendingPathComponent("f"))
        let head = server.received()
        let text = String(decoding: head, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("GET /v1/forecast?latitude=1 HTTP/1.1\r\n"), text)
        XCTAssertEqual(headerNames(head).sorted(), ["accept-encoding", "host", "user-agent"], text)
        XCTAssertTrue(text.contains("\r\nAccept-Encoding: gzip\r\n"), text)
    }

    func testAPutSendsNoAcceptHeader() throws {
        let server = try RecordingServer(response: Data("HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
        let client = HTTPClient(userAgent: "borne/t (k)")
        // The body follows the head; the server answers as soon as the head is in.
        _ = try? client.put("http://127.0.0.1:\(server.port)/collect/k/heartbeat.json", data: Data("{}".utf8))
        let names = headerNames(server.received())
        XCTAssertFalse(names.contains("accept"), "\(names)")
        XCTAssertFalse(names.contains("expect"), "\(names)")
    }

    /// The ClientHello's cipher suites and groups, parsed from the record
    /// the server received: TLS 1.3's suites, TLS 1.2 only with ECDHE and an
    /// AEAD, three groups; short enough that OpenSSL adds no padding.
    func testTheClientHelloOffersOnlyModernSuitesAndThreeGroups() throws {
        let server = try RecordingServer(response: Data())
        let client = HTTPClient()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("reqbytes-tls-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        XCTAssertThrowsError(try client.get("https://127.0.0.1:\(server.port)/x", to: work.appendingPathComponent("x")))
        let record = server.received()
        let hello = try XCTUnwrap(ClientHello(record), "not a ClientHello: \(record.prefix(16))")
        let tls13: Set<UInt16> = [0x1301, 0x1302, 0x1303]
        // ECDHE-{ECDSA,RSA}-AES{128,256}-GCM and -CHACHA20-POLY1305; the
        // renegotiation SCSV (0x00ff) OpenSSL always adds.
        let tls12: Set<UInt16> = [0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0x00ff]
        XCTAssertEqual(Set(hello.suites).subtracting(tls13).subtracting(tls12), [], "suites offered: \(hello.suites.map { String($0, radix: 16) })")
        XCTAssertTrue(tls13.isSubset(of: Set(hello.suites)))
        XCTAssertEqual(hello.groups, [0x001d, 0x0017, 0x0018], "X25519, P-256, P-384")
        XCTAssertLessThan(record.count, 5 + 256, "unpadded: a full handshake's ClientHello under 256 bytes")
        XCTAssertFalse(hello.extensions.contains(0x0010), "no ALPN over HTTP/1.1: \(hello.extensions)")
    }

    /// A server that closed its side after an answer (as nginx does after
    /// its keep-alive timeout) never gets the next request on that
    /// connection: the client opens a new one. The first connection is read
    /// to its end after the server's FIN, so a request sent on it would show.
    func testNoRequestIsSentOnAConnectionTheServerClosed() throws {
        let listener = try LoopbackListener()
        let fd = listener.fd
        let done = DispatchSemaphore(value: 0)
        let seen = ByteBox(), later = ByteBox()
        let keepAlive = Data("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".utf8)
        Thread.detachNewThread {
            defer { done.signal() }
            for i in 0..<2 {
                let c = accept(fd, nil, nil)
                guard c >= 0 else { return }
                defer { close(c) }
                var buf = [UInt8](repeating: 0, count: 4096)
                var head: [UInt8] = []
                while !RecordingServer.complete(head) {
                    let n = read(c, &buf, buf.count)
                    guard n > 0 else { return }
                    head += buf[0..<n]
                }
                seen.bytes += head
                keepAlive.withUnsafeBytes { b in _ = write(c, b.baseAddress!, b.count) }
                guard i == 0 else { return }
                // The server's side ends; whatever the client still sends is read.
                shutdown(c, Int32(SHUT_WR))
                while true {
                    let n = read(c, &buf, buf.count)
                    if n <= 0 { break }
                    later.bytes += buf[0..<n]
                }
            }
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("reqbytes-dead-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let client = HTTPClient()
        for _ in 0..<2 {
            XCTAssertEqual(try client.get("http://127.0.0.1:\(listener.port)/w", to: work.appendingPathComponent("w")).status, 200)
        }
        try client.endRound()
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(later.bytes, [], "bytes sent on the closed connection: \(String(decoding: later.bytes, as: UTF8.self))")
        XCTAssertEqual(String(decoding: seen.bytes, as: UTF8.self).components(separatedBy: "GET /w ").count - 1, 2)
        XCTAssertEqual(client.connectionsOpened, 2)
    }

    /// Ten signature algorithms (ECDSA, RSA-PSS, RSA PKCS#1 with SHA-2,
    /// Ed25519), and a ClientHello that stays under the 256 bytes past which
    /// OpenSSL pads it to 512, even for a host name as long as
    /// api.open-meteo.com (18 characters).
    func testTheClientHelloWithAHostNameStaysUnpadded() throws {
        let server = try RecordingServer(response: Data())
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("reqbytes-sni-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        XCTAssertThrowsError(try HTTPClient().get("https://localhost:\(server.port)/x", to: work.appendingPathComponent("x")))
        let record = server.received()
        let hello = try XCTUnwrap(ClientHello(record))
        XCTAssertEqual(hello.host, "localhost")
        XCTAssertEqual(hello.sigalgs, [0x0403, 0x0503, 0x0603, 0x0807, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601])
        let handshake = record.count - 5
        XCTAssertLessThan(handshake + (18 - hello.host.utf8.count), 256, "\(handshake) bytes with \(hello.host)")
    }

    /// ALPN is what asks for HTTP/2: offered only then.
    func testTheClientHelloOffersALPNOnlyWhenHTTP2IsAsked() throws {
        let server = try RecordingServer(response: Data())
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("reqbytes-alpn-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        XCTAssertThrowsError(try HTTPClient(http2: true).get("https://127.0.0.1:\(server.port)/x", to: work.appendingPathComponent("x")))
        let hello = try XCTUnwrap(ClientHello(server.received()))
        XCTAssertTrue(hello.extensions.contains(0x0010), "\(hello.extensions)")
    }

    struct ClientHello {
        var suites: [UInt16] = []
        var groups: [UInt16] = []
        var extensions: [UInt16] = []
        var sigalgs: [UInt16] = []
        /// The server name sent (SNI), empty when none.
        var host = ""

        init?(_ r: [UInt8]) {
            func u16(_ i: Int) -> Int { Int(r[i]) << 8 | Int(r[i + 1]) }
            guard r.count > 50, r[0] == 0x16, r[5] == 0x01 else { return nil }
            var i = 5 + 4 + 2 + 32
            i += 1 + Int(r[i])                       // session id
            let suitesEnd = i + 2 + u16(i)
            guard suitesEnd <= r.count else { return nil }
            suites = stride(from: i + 2, to: suitesEnd, by: 2).map { UInt16(u16($0)) }
            i = suitesEnd
            i += 1 + Int(r[i])                       // compression methods
            let end = i + 2 + u16(i)
            guard end <= r.count else { return nil }
            i += 2
            while i + 4 <= end {
                let type = u16(i), len = u16(i + 2)
                extensions.append(UInt16(type))
                if type == 0x000a { groups = stride(from: i + 6, to: i + 4 + len, by: 2).map { UInt16(u16($0)) } }
                if type == 0x000d { sigalgs = stride(from: i + 6, to: i + 4 + len, by: 2).map { UInt16(u16($0)) } }
                if type == 0x0000, len > 5 { host = String(decoding: r[(i + 9)..<(i + 4 + len)], as: UTF8.self) }
                i += 4 + len
            }
        }
    }
}
