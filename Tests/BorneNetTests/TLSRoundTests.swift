import BorneNet
import BorneTestSupport
import Foundation
import XCTest

/// A round over TLS against a real nginx (`TLSNginxServer`): its requests
/// ride one connection, the next round resumes the TLS session, and the
/// budget counts what crossed the link, handshakes included, without ever
/// passing its limit.
final class TLSRoundTests: XCTestCase {
    private var server: TLSNginxServer!
    private var work: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        let (tls, dir) = (try TLSNginxServer(), FileManager.default.temporaryDirectory.appendingPathComponent("borne-tls-\(UUID().uuidString)"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        (server, work) = (tls, dir)
        addTeardownBlock { tls.stop(); try? FileManager.default.removeItem(at: dir) }
    }

    private func client(_ budget: ByteBudget? = nil, http2: Bool = false) -> HTTPClient {
        HTTPClient(budget: budget, userAgent: "borne-test", caFile: server.caFile, http2: http2)
    }

    /// The access log once it holds `count` requests (nginx writes a line
    /// after the answer has gone, so the client can be a little ahead).
    private func requests(_ count: Int) -> [TLSNginxServer.Request] {
        let deadline = Date().addingTimeInterval(10)
        var log = server.requests()
        while log.count < count && Date() < deadline {
            usleep(10_000)
            log = server.requests()
        }
        return log
    }

    func testARoundsRequestsRideOneConnectionOverHTTP2WhenAsked() throws {
        try server.publish("weather.json", Data(repeating: 0x61, count: 864))
        try server.publish("manifest.json", NginxTestCase.bytes(1_076))
        let c = client(http2: true)
        let first = try c.get(server.url("weather.json"), to: work.appendingPathComponent("w"))
        let manifest = try c.get(server.url("manifest.json"), to: work.appendingPathComponent("m"))
        let again = try c.get(server.url("manifest.json"), to: work.appendingPathComponent("m"), ifNoneMatch: manifest.etag)
        XCTAssertEqual(try c.put(server.url("collect/k/hb.json"), data: Data("{}".utf8)), 201)
        try c.endRound()

        XCTAssertEqual([first.status, manifest.status, again.status], [200, 200, 304])
        let log = requests(4)
        XCTAssertEqual(log.count, 4, "\(log)")
        XCTAssertEqual(Set(log.map(\.connection)).count, 1, "one connection for the round:\n\(log.map(\.line).joined(separator: "\n"))")
        XCTAssertEqual(log.map(\.rank), [1, 2, 3, 4])
        XCTAssertEqual(Set(log.map(\.proto)), ["HTTP/2.0"], "HTTP/2 where the server offers it")
        XCTAssertEqual(c.connectionsOpened, 1)
    }

    func testByDefaultTheRoundKeepsOneHTTP11ConnectionAlive() throws {
        try server.publish("a.json", Data(repeating: 0x61, count: 500))
        let c = client()
        for _ in 0..<3 { _ = try c.get(server.url("a.json"), to: work.appendingPathComponent("a")) }
        try c.endRound()
        let log = requests(3)
        XCTAssertEqual(log.map(\.rank), [1, 2, 3], log.map(\.line).joined(separator: "\n"))
        XCTAssertEqual(Set(log.map(\.proto)), ["HTTP/1.1"])
        XCTAssertEqual(c.connectionsOpened, 1)
    }

    /// One round that fetches an 864-byte weather file with its own client;
    /// returns what the budget was charged.
    private func weatherRound(_ budget: ByteBudget) throws -> Int64 {
        let before = budget.used
        let round = client(budget)
        _ = try round.get(server.url("weather.json"), to: work.appendingPathComponent("w"))
        try round.endRound()
        return budget.used - before
    }

    func testTheNextRoundResumesTheTLSSessionAndCostsLess() throws {
        try server.publish("weather.json", Data(repeating: 0x61, count: 864))
        let budget = ByteBudget(limit: 1_000_000, dataDir: work)
        let firstCost = try weatherRound(budget)
        let secondCost = try weatherRound(budget)

        let log = requests(2)
        XCTAssertEqual(log.count, 2)
        XCTAssertNotEqual(log[0].connection, log[1].connection, "each round closes its connection")
        XCTAssertFalse(log[0].resumed, "the first round makes a full handshake")
        XCTAssertTrue(log[1].resumed, "the second round resumes the TLS session:\n\(log.map(\.line).joined(separator: "\n"))")
        // A resumed handshake carries no certificate chain.
        XCTAssertLessThan(secondCost, firstCost - 300, "full \(firstCost) B, resumed \(secondCost) B")
    }

    func testTheBudgetCountsTheTLSHandshakeAndTheTCPHeaders() throws {
        try server.publish("weather.json", Data(repeating: 0x61, count: 864))
        let budget = ByteBudget(limit: 1_000_000, dataDir: work)
        _ = try weatherRound(budget)
        let http = requests(1).map(\.httpBytes).reduce(0, +)
        // HTTP's bytes alone were what the budget counted before: the TLS
        // handshake (the certificate chain above all), HTTP/2's framing and
        // HPACK aside, and ≥ 10 segments of 52 bytes of TCP/IP headers.
        XCTAssertGreaterThan(budget.used, Int64(http + 1_000 + 10 * 52), "HTTP \(http) B, budget \(budget.used) B")
        XCTAssertLessThan(budget.used, Int64(http) + HTTPClient.wireAllowance(body: 864), "HTTP \(http) B, budget \(budget.used) B")
    }

    func testASharedRoundNeverPassesTheBudget() throws {
        for i in 0..<6 { try server.publish("objects/\(i).bin", NginxTestCase.bytes(20_000, seed: UInt64(i))) }
        let limit: Int64 = 75_000
        let budget = ByteBudget(limit: limit, dataDir: work)
        let c = client(budget)
        var fetched = 0
        var refusal: Error?
        for i in 0..<6 {
            do {
                _ = try c.get(server.url("objects/\(i).bin"), to: work.appendingPathComponent("\(i)"))
                fetched += 1
            } catch { refusal = error; break }
        }
        try c.endRound()
        guard case .budgetExceeded? = refusal as? NetError else { return XCTFail("expected the budget to stop the round, got \(String(describing: refusal))") }
        XCTAssertGreaterThanOrEqual(fetched, 2)
        XCTAssertLessThanOrEqual(budget.used, limit, "the round, its handshake and its close stay within the day's bytes")
        XCTAssertEqual(Set(requests(fetched + 1).map(\.connection)).count, 1)
        // Known sizes are refused before connecting: nothing reaches nginx.
        let served = server.requests().count
        let next = client(budget)
        XCTAssertThrowsError(try next.get(server.url("objects/5.bin"), to: work.appendingPathComponent("5"), expectedLength: 20_000))
        try next.endRound()
        XCTAssertEqual(server.requests().count, served)
        XCTAssertEqual(next.connectionsOpened, 0)
        XCTAssertLessThanOrEqual(budget.used, limit)
    }

    /// The sync part and the upload part of rounds (or `borne sync` from the
    /// timer and the upload daemon) charge one budget file at once, each
    /// through its own `ByteBudget`: the lock loses no byte of either.
    func testTwoClientsAtOnceChargeOneBudgetWithoutLosingBytes() throws {
        try server.publish("weather.json", Data(repeating: 0x61, count: 864))
        let file = work.appendingPathComponent("net/budget.json")
        let sync = client(ByteBudget(limit: 10_000_000, file: file))
        let upload = client(ByteBudget(limit: 10_000_000, file: file))
        let group = DispatchGroup()
        nonisolated(unsafe) var failures: [Error] = []
        let lock = NSLock()
        for (c, work) in [(sync, { (c: HTTPClient) in _ = try c.get(self.server.url("weather.json"), to: self.work.appendingPathComponent("w-\(UUID().uuidString)")) }),
                          (upload, { (c: HTTPClient) in _ = try c.put(self.server.url("collect/k/hb-\(UUID().uuidString).json"), data: Data("{}".utf8)) })] {
            // Each client is used by its own thread only.
            nonisolated(unsafe) let (c, work) = (c, work)
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    for _ in 0..<10 { try work(c) }
                    try c.endRound()
                } catch { lock.lock(); failures.append(error); lock.unlock() }
            }.start()
        }
        group.wait()
        XCTAssertTrue(failures.isEmpty, "\(failures)")
        XCTAssertGreaterThan(sync.bytesCharged, 0)
        XCTAssertGreaterThan(upload.bytesCharged, 0)
        XCTAssertEqual(ByteBudget(limit: 10_000_000, file: file).used, sync.bytesCharged + upload.bytesCharged)
        XCTAssertEqual(requests(20).count, 20)
        XCTAssertEqual(sync.connectionsOpened + upload.connectionsOpened, 2, "one connection for each client's round")
    }
}

/// The end of a connection: the client closes it without a close_notify
/// alert (docs/SYNC.md, "What a connection costs"), seen by a TCP relay in
/// front of the real nginx that reads the TLS records the client sends.
final class TLSCloseTests: XCTestCase {
    /// Forwards one connection to `target` and keeps the client's bytes.
    final class Relay: @unchecked Sendable {
        private let server: OneConnectionServer
        private let box = ByteBox()
        var port: Int { server.port }

        init(to target: Int) throws {
            let box = self.box
            server = try OneConnectionServer { c in
                guard let s = LoopbackSockets.connected(port: target) else { return }
                defer { close(s) }
                var fds = [pollfd(fd: c, events: Int16(POLLIN), revents: 0), pollfd(fd: s, events: Int16(POLLIN), revents: 0)]
                var buf = [UInt8](repeating: 0, count: 65_536)
                while poll(&fds, 2, 20_000) > 0 {
                    for (from, to) in [(0, 1), (1, 0)] where fds[from].revents != 0 {
                        let n = read(fds[from].fd, &buf, buf.count)
                        if n <= 0 { return }
                        if from == 0 { box.bytes += buf[0..<n] }
                        _ = write(fds[to].fd, buf, n)
                    }
                }
            }
        }

        /// The client's TLS records (type, length), once the connection is over.
        func clientRecords() -> [(type: UInt8, length: Int)] {
            server.wait()
            let fromClient = box.bytes
            var out: [(UInt8, Int)] = []
            var i = 0
            while i + 5 <= fromClient.count {
                let len = Int(fromClient[i + 3]) << 8 | Int(fromClient[i + 4])
                out.append((fromClient[i], len))
                i += 5 + len
            }
            return out
        }
    }

    func testARoundEndsItsConnectionWithoutACloseNotify() throws {
        let server = try TLSNginxServer(http2: false)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("borne-tlsclose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { server.stop(); try? FileManager.default.removeItem(at: work) }
        try server.publish("weather.json", Data(repeating: 0x61, count: 864))
        let relay = try Relay(to: server.port)
        let client = HTTPClient(userAgent: "borne-test", caFile: server.caFile)
        let r = try client.get("https://127.0.0.1:\(relay.port)/weather.json", to: work.appendingPathComponent("w"))
        XCTAssertEqual(r.status, 200)
        try client.endRound()
        let records = relay.clientRecords()
        // ClientHello, ChangeCipherSpec (middlebox compatibility), Finished, the request: nothing after.
        XCTAssertEqual(records.map(\.type), [0x16, 0x14, 0x17, 0x17], "\(records)")
        // An encrypted close_notify would be one more application-data record of 19 bytes (alert 2, type 1, tag 16).
        XCTAssertFalse(records.dropFirst(3).contains { $0.type == 0x17 && $0.length == 19 }, "\(records)")
    }
}
