import BorneNet
import Foundation
import XCTest

final class ByteBudgetTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("borne-budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func testSpendingPersistsAcrossInstances() throws {
        let a = ByteBudget(limit: 1000, dataDir: dir)
        try a.record(600)
        let b = ByteBudget(limit: 1000, dataDir: dir)
        XCTAssertEqual(b.used, 600)
        XCTAssertEqual(b.remaining, 400)
        XCTAssertNoThrow(try b.ensureAllows(400))
        XCTAssertThrowsError(try b.ensureAllows(401)) { error in
            XCTAssertEqual(error as? NetError, .budgetExceeded(used: 600, limit: 1000))
        }
        let json = try String(contentsOf: dir.appendingPathComponent("net/budget.json"), encoding: .utf8)
        XCTAssertTrue(json.contains("\"used\":600"), json)
    }

    /// `borne sync` and `borne upload` charge the same file at the same
    /// time: every update is one locked read-add-replace, so none is lost.
    /// (Four writers with their own instance and descriptor, as two
    /// processes have; flock locks apply between them as between processes.)
    func testConcurrentRecordsLoseNoBytes() throws {
        let writers = 4, records = 150
        let data = dir!
        nonisolated(unsafe) var errors: [String] = []
        let errorsLock = NSLock()
        DispatchQueue.concurrentPerform(iterations: writers) { _ in
            let budget = ByteBudget(limit: 1_000_000, dataDir: data)
            for _ in 0..<records {
                do { try budget.record(1) } catch { errorsLock.lock(); errors.append("\(error)"); errorsLock.unlock() }
            }
        }
        XCTAssertEqual(errors, [])
        XCTAssertEqual(ByteBudget(limit: 1_000_000, dataDir: dir).used, Int64(writers * records))
    }

    func testTheBudgetRenewsAtMidnightInParis() throws {
        // 2025-07-14 23:30 in Paris is 21:30 UTC; midnight Paris is 22:00 UTC.
        nonisolated(unsafe) var now = Date(timeIntervalSince1970: 1_752_528_600)
        let budget = ByteBudget(limit: 1000, dataDir: dir, now: { now })
        XCTAssertEqual(ByteBudget.parisDay(now), "2025-07-14")
        try budget.record(900)
        now = now.addingTimeInterval(20 * 60)   // 23:50 Paris, still the 14th
        XCTAssertEqual(budget.used, 900)
        now = now.addingTimeInterval(20 * 60)   // 00:10 Paris on the 15th (22:10 UTC on the 14th)
        XCTAssertEqual(ByteBudget.parisDay(now), "2025-07-15")
        XCTAssertEqual(budget.used, 0)
    }

    func testADamagedFileCountsAsNothingSpent() throws {
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("net"), withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: dir.appendingPathComponent("net/budget.json"))
        XCTAssertEqual(ByteBudget(limit: 10, dataDir: dir).used, 0)
    }
}

final class ByteBudgetTransferTests: NginxTestCase {
    func testATransferThatWouldPassTheBudgetIsRefusedBeforeItsBody() throws {
        try server.publish("big.bin", Self.bytes(500_000))
        let budget = ByteBudget(limit: 100_000, dataDir: work)
        let client = HTTPClient(budget: budget)
        let file = work.appendingPathComponent("big.bin")

        // Size unknown beforehand: refused at the response's Content-Length.
        XCTAssertThrowsError(try client.get(server.url("big.bin"), to: file)) { error in
            guard case .budgetExceeded(_, let limit)? = error as? NetError else { return XCTFail("\(error)") }
            XCTAssertEqual(limit, 100_000)
        }
        // What crossed: the headers and what the server had already sent
        // into the receive window, which a near-empty budget keeps small.
        XCTAssertLessThanOrEqual(budget.used, 100_000, "never past the limit: \(budget.used)")
        XCTAssertLessThan(budget.used, 2 * Int64(HTTPClient.receiveBuffer(allowance: 100_000)!) + 8_000, "only the window crossed: \(budget.used)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: file.path))

        // Size known: refused without connecting at all.
        let before = budget.used
        let served = accessLines("/big.bin").count
        XCTAssertThrowsError(try client.get(server.url("big.bin"), to: file, expectedLength: 500_000))
        XCTAssertEqual(budget.used, before)
        XCTAssertEqual(accessLines("/big.bin").count, served)
    }

    func testBytesAreCountedAndPersisted() throws {
        try server.publish("a.bin", Self.bytes(70_000))
        let client = HTTPClient(budget: ByteBudget(limit: 1_000_000, dataDir: work))
        _ = try client.get(server.url("a.bin"), to: work.appendingPathComponent("a.bin"))
        let used = ByteBudget(limit: 1_000_000, dataDir: work).used
        XCTAssertGreaterThan(used, 70_000)
        XCTAssertLessThan(used, 70_000 + HTTPClient.wireAllowance(body: 70_000), "body, HTTP and TCP/IP headers: \(used)")

        // A second instance (the next `borne sync`) refuses what no longer fits.
        let next = HTTPClient(budget: ByteBudget(limit: 100_000, dataDir: work))
        XCTAssertThrowsError(try next.get(server.url("a.bin"), to: work.appendingPathComponent("b.bin"), expectedLength: 70_000)) { error in
            XCTAssertEqual(error as? NetError, .budgetExceeded(used: used, limit: 100_000))
        }
    }
}

final class BackoffTests: XCTestCase {
    func testCeilingDoublesUpToTheCap() {
        let b = Backoff(base: 1, cap: 30, random: { 0.5 })
        XCTAssertEqual((0..<7).map { b.ceiling(attempt: $0) }, [1, 2, 4, 8, 16, 30, 30])
        XCTAssertEqual(b.ceiling(attempt: 500), 30)
    }

    func testDelayIsFullJitterBetweenZeroAndTheCeiling() {
        XCTAssertEqual(Backoff(base: 2, cap: 60, random: { 0 }).delay(attempt: 3), 0)
        XCTAssertEqual(Backoff(base: 2, cap: 60, random: { 0.25 }).delay(attempt: 3), 4)
        XCTAssertEqual(Backoff(base: 2, cap: 60, random: { 0.999 }).delay(attempt: 10), 59.94, accuracy: 1e-9)
    }
}
