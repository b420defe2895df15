import BorneNet
import BorneTestSupport
import Foundation
import XCTest

final class HTTPClientFailureTests: XCTestCase {
    private var work: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("borne-net-fail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: work)
    }

    func testDeadPortFailsFastWithCouldNotConnect() throws {
        let port = try LoopbackSockets.freePort()   // nothing listens there any more
        let url = "http://127.0.0.1:\(port)/manifest.json"
        let start = Date()
        XCTAssertThrowsError(try HTTPClient().get(url, to: work.appendingPathComponent("m"))) { error in
            XCTAssertEqual(error as? NetError, .couldNotConnect(url: url))
            XCTAssertTrue((error as? NetError)?.isTransient ?? false)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 1.0)
    }

    func testSilentServerHitsTheOverallTimeout() throws {
        let silent = try LoopbackListener()
        let url = "http://127.0.0.1:\(silent.port)/manifest.json"
        let limits = HTTPLimits(connectTimeout: 2, overallTimeout: 1.5, lowSpeedBytesPerSecond: 1, lowSpeedSeconds: 60)
        let start = Date()
        XCTAssertThrowsError(try HTTPClient(limits: limits).get(url, to: work.appendingPathComponent("m"))) { error in
            XCTAssertEqual(error as? NetError, .timeout(url: url))
        }
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertGreaterThan(elapsed, 1.4)
        XCTAssertLessThan(elapsed, 4)
    }

    /// A TLS option libcurl refuses (here CURLOPT_CAINFO: longer than its
    /// 8 MB string limit) fails the transfer, naming the option — it does
    /// not run with the system's CAs instead. So do a refused user agent,
    /// on a PUT as on a GET.
    func testARefusedOptionFailsTheTransfer() throws {
        let port = try LoopbackSockets.freePort()
        let url = "http://127.0.0.1:\(port)/manifest.json"
        let huge = "/" + String(repeating: "x", count: 8_000_001)
        XCTAssertThrowsError(try HTTPClient(caFile: huge).get(url, to: work.appendingPathComponent("m"))) { error in
            guard case .curl(_, let message, let where_)? = error as? NetError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("CURLOPT_CAINFO"), message)
            XCTAssertEqual(where_, url)
            XCTAssertFalse((error as? NetError)?.isTransient ?? true, "a refused option does not heal by retrying")
        }
        let body = work.appendingPathComponent("body")
        try Data("x".utf8).write(to: body)
        XCTAssertThrowsError(try HTTPClient(userAgent: huge).put(url, from: body)) { error in
            guard case .curl(_, let message, _)? = error as? NetError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("CURLOPT_USERAGENT"), message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("m").path))
    }

    func testErrorsNeverShowCredentials() throws {
        let port = try LoopbackSockets.freePort()
        let url = "http://kiosk:s3cret@127.0.0.1:\(port)/objects/ab/cd?token=zzz"
        XCTAssertThrowsError(try HTTPClient().get(url, to: work.appendingPathComponent("m"))) { error in
            let text = "\(error)"
            XCTAssertFalse(text.contains("s3cret") || text.contains("kiosk:") || text.contains("zzz"), text)
            XCTAssertTrue(text.contains("127.0.0.1:\(port)/objects/ab/cd"), text)
        }
    }

    func testRedactKeepsSchemeHostPortAndPath() {
        XCTAssertEqual(NetError.redact("https://u:p@example.org:8443/a/b?x=1#f"), "https://example.org:8443/a/b?…")
        XCTAssertEqual(NetError.redact("http://127.0.0.1/m.json"), "http://127.0.0.1/m.json")
    }

    func testLocalFileErrorsNameThePath() throws {
        let url = "http://127.0.0.1:1/x"
        XCTAssertThrowsError(try HTTPClient().put(url, from: work.appendingPathComponent("absent.json"))) { error in
            guard case .file(let path, _)? = error as? NetError else { return XCTFail("\(error)") }
            XCTAssertTrue(path.hasSuffix("absent.json"))
        }
    }
}

final class HTTPClientSlowServerTests: NginxTestCase {
    func testTrickleBelowTheLowSpeedLimitIsAborted() throws {
        // nginx sends /slow/ at 256 bytes/s; the client wants 4 KiB/s over 2 s.
        try server.publish("slow/big", Self.bytes(200_000))
        let limits = HTTPLimits(connectTimeout: 2, overallTimeout: 30, lowSpeedBytesPerSecond: 4096, lowSpeedSeconds: 2)
        let part = work.appendingPathComponent("big.part")
        let start = Date()
        XCTAssertThrowsError(try HTTPClient(limits: limits).get(server.url("slow/big"), to: part)) { error in
            XCTAssertEqual(error as? NetError, .timeout(url: server.url("slow/big")))
        }
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertGreaterThan(elapsed, 1.5)
        XCTAssertLessThan(elapsed, 8, "the low-speed limit, not the 30 s timeout, stopped it")
        // What did arrive stays in the part for a later resume.
        let kept = HTTPClient.fileLength(part) ?? 0
        XCTAssertGreaterThan(kept, 0)
        XCTAssertEqual(try Data(contentsOf: part), Self.bytes(200_000).prefix(Int(kept)))
    }
}

final class HTTPClientRawResponseTests: XCTestCase {
    private var work: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("borne-net-raw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: work) }

    func testABodyWithoutLengthIsCutWhenItPassesTheBudget() throws {
        let head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"
        let server = try CannedServer(response: Data(head.utf8) + NginxTestCase.bytes(300_000))
        let budget = ByteBudget(limit: 50_000, dataDir: work)
        let url = "http://127.0.0.1:\(server.port)/stream"
        XCTAssertThrowsError(try HTTPClient(budget: budget).get(url, to: work.appendingPathComponent("s"))) { error in
            guard case .budgetExceeded(_, 50_000)? = error as? NetError else { return XCTFail("\(error)") }
        }
        // Cut within one receive buffer of the limit, and what did cross is counted.
        XCTAssertGreaterThan(budget.used, 50_000)
        XCTAssertLessThan(budget.used, 50_000 + 64 * 1024 + 500)
    }

    func testA206ForAnotherRangeIsRefusedAndThePartKept() throws {
        let head = "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-9/10\r\nContent-Length: 10\r\nConnection: close\r\n\r\n"
        let server = try CannedServer(response: Data(head.utf8) + Data("0123456789".utf8))
        let part = work.appendingPathComponent("p.part")
        try Data("01234".utf8).write(to: part)
        let url = "http://127.0.0.1:\(server.port)/obj"
        XCTAssertThrowsError(try HTTPClient().resume(url, into: part)) { error in
            guard case .badResponse(let u, _)? = error as? NetError else { return XCTFail("\(error)") }
            XCTAssertEqual(u, url)
        }
        XCTAssertEqual(try Data(contentsOf: part), Data("01234".utf8))
    }

    func testAFullDiskIsReportedWithThePath() throws {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 10000\r\nConnection: close\r\n\r\n"
        let server = try CannedServer(response: Data(head.utf8) + NginxTestCase.bytes(10_000))
        let url = "http://127.0.0.1:\(server.port)/obj"
        XCTAssertThrowsError(try HTTPClient().get(url, to: URL(fileURLWithPath: "/dev/full"))) { error in
            XCTAssertEqual(error as? NetError, .diskFull(path: "/dev/full"))
        }
    }
}
