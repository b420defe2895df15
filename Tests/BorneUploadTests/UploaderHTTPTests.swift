import BorneNet
import BorneStats
import BorneStore
@testable import BorneUpload
import Foundation
import XCTest

/// Rounds against a real nginx WebDAV collector, with real failures: a
/// `return 500` location, a dropped connection, a stalled answer, a lost
/// answer (the batch stored, the kiosk not told), real 401, 405 and 413.
final class UploaderHTTPTests: XCTestCase {
    var server: CollectorServer!
    var kiosk: KioskFixture!

    override func setUpWithError() throws {
        server = try CollectorServer()
        kiosk = try KioskFixture()
    }

    override func tearDown() {
        server?.stop()
        server = nil
        kiosk = nil
    }

    func collector(_ location: String = "collect", base: String? = nil, password: String? = nil, timeout: Double = 10,
                   budget: ByteBudget? = nil) -> HTTPCollector {
        HTTPCollector(base: (base ?? server.baseURL) + "/" + location, user: server.user,
                      password: password ?? server.password, client: httpClient(timeout: timeout, budget: budget))
    }

    func collected(_ location: String = "collect") throws -> Collected {
        try Collected(server.directory(location), kiosk: kiosk.kiosk, key: kiosk.key)
    }

    func testRoundShipsEverythingAndTheCollectorHoldsExactlyTheStoredRows() throws {
        kiosk.record(12_000)
        let report = kiosk.uploader(collector()).round()
        XCTAssertEqual(report.outcome, .complete, report.summary)
        XCTAssertEqual(report.sent.map(\.fileName), [
            "vic-sur-cere-000000000001-000000005000.batch", "vic-sur-cere-000000005001-000000010000.batch",
            "vic-sur-cere-000000010001-000000012000.batch",
        ])
        XCTAssertTrue(report.heartbeatSent)
        let c = try collected()
        XCTAssertEqual(c.rows, try kiosk.storedRows(), "the collector holds exactly the stored rows")
        XCTAssertEqual(try kiosk.lastAcked(), 12_000)
        let hb = try XCTUnwrap(c.heartbeat)
        XCTAssertEqual(hb.kiosk, "vic-sur-cere")
        XCTAssertEqual(hb.rowsPending, 0)
        XCTAssertEqual(hb.lastAckedSeq, 12_000)
        XCTAssertEqual(hb.store, "ok")
        XCTAssertEqual(hb.parked, [])
        XCTAssertNil(hb.uploadError)
        XCTAssertNotNil(hb.diskFreeBytes)
        print("UPLOAD SIZE: 12,000 touches in \(report.bytesSent) bytes (\(report.bytesSent * 1000 / 12_000) bytes per 1,000 touches)")

        // Nothing new: the next round sends only the heartbeat.
        let puts = server.requests("PUT").count
        let again = kiosk.uploader(collector()).round()
        XCTAssertEqual(again.outcome, .complete)
        XCTAssertEqual(again.sent, [])
        XCTAssertEqual(server.requests("PUT").count, puts + 1)
        XCTAssertTrue(server.requests("PUT").last!.contains("heartbeat.json"))
        // Basic auth is enforced: no password, no batch.
        XCTAssertThrowsError(try HTTPCollector(base: server.baseURL + "/collect", user: nil, password: nil, client: httpClient())
            .put("vic-sur-cere/x.batch", [1], contentType: "application/octet-stream")) {
            XCTAssertEqual(($0 as? DeliveryError).map { if case .rejected(401, _) = $0 { return true } else { return false } }, true)
        }
    }

    func testServerErrorStopsTheRoundAndNothingIsAcknowledged() throws {
        kiosk.record(6_000)
        let report = kiosk.uploader(collector("fail")).round()
        guard case .retryLater(let why) = report.outcome else { return XCTFail(report.summary) }
        XCTAssertTrue(why.contains("HTTP 500"), why)
        XCTAssertEqual(report.sent, [])
        XCTAssertEqual(try kiosk.lastAcked(), 0)
        XCTAssertEqual(server.requests("PUT /fail/vic-sur-cere/vic-sur-cere-").count, 1, "the round stops at the first failure")
        XCTAssertEqual(server.requests("PUT /fail/vic-sur-cere/heartbeat.json").count, 1, "the collector answered: the heartbeat is tried")
        XCTAssertNil(ParkedBatches.load(dataDir: kiosk.dataDir), "a 5xx parks nothing")
        // The collector is back.
        XCTAssertEqual(kiosk.uploader(collector()).round().outcome, .complete)
        XCTAssertEqual(try collected().rows, try kiosk.storedRows())
    }

    func testDroppedConnectionIsRetriedAndLosesNothing() throws {
        kiosk.record(11_000)
        let proxy = try FaultProxy(upstreamPort: server.port, script: [.forward, .dropMidRequest])
        let report = kiosk.uploader(collector(base: proxy.baseURL)).round()
        guard case .retryLater = report.outcome else { return XCTFail(report.summary) }
        XCTAssertEqual(report.sent.count, 1)
        XCTAssertEqual(try kiosk.lastAcked(), 5_000)
        XCTAssertFalse(report.heartbeatSent, "no answer at all: the heartbeat waits for the next round")
        XCTAssertEqual(proxy.connections, 2)
        let retry = kiosk.uploader(collector(base: proxy.baseURL)).round()
        XCTAssertEqual(retry.outcome, .complete, retry.summary)
        XCTAssertEqual(retry.sent.map(\.first), [5_001, 10_001])
        XCTAssertEqual(try collected().rows, try kiosk.storedRows())
    }

    func testStalledCollectorTimesOutAndSlowOneSucceeds() throws {
        kiosk.record(300)
        let proxy = try FaultProxy(upstreamPort: server.port, script: [.stall, .delay(0.4)])
        let start = Date()
        let report = kiosk.uploader(collector(base: proxy.baseURL, timeout: 1)).round()
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        guard case .retryLater(let why) = report.outcome else { return XCTFail(report.summary) }
        XCTAssertTrue(why.contains("timed out"), why)
        XCTAssertEqual(try kiosk.lastAcked(), 0)
        // Slow but within the timeout: acknowledged.
        let slow = kiosk.uploader(collector(base: proxy.baseURL, timeout: 5)).round()
        XCTAssertEqual(slow.outcome, .complete, slow.summary)
        XCTAssertEqual(try kiosk.lastAcked(), 300)
        XCTAssertEqual(try collected().rows, try kiosk.storedRows())
    }

    func testBatchAcknowledgedTwiceIsHarmless() throws {
        kiosk.record(7_000)
        // The collector stores the first batch, but its answer is lost.
        let proxy = try FaultProxy(upstreamPort: server.port, script: [.dropAnswer])
        let first = kiosk.uploader(collector(base: proxy.baseURL)).round()
        guard case .retryLater = first.outcome else { return XCTFail(first.summary) }
        XCTAssertEqual(try kiosk.lastAcked(), 0)
        let name = "vic-sur-cere/vic-sur-cere-000000000001-000000005000.batch"
        let stored = try Data(contentsOf: server.directory("collect").appendingPathComponent(name))
        // Meanwhile the kiosk records more: the planned range does not grow.
        kiosk.record(500)
        let second = kiosk.uploader(collector(base: proxy.baseURL)).round()
        XCTAssertEqual(second.outcome, .complete, second.summary)
        XCTAssertEqual(second.sent.map(\.fileName), ["vic-sur-cere-000000000001-000000005000.batch",
                                                     "vic-sur-cere-000000005001-000000007000.batch",
                                                     "vic-sur-cere-000000007001-000000007500.batch"])
        let puts = server.requests("PUT /collect/\(name)")
        XCTAssertEqual(puts.count, 2, "\(puts)")
        XCTAssertTrue(puts[0].contains("\" 201 ") && puts[1].contains("\" 204 "), "created, then overwritten: \(puts)")
        XCTAssertEqual(try Data(contentsOf: server.directory("collect").appendingPathComponent(name)), stored, "the same bytes")
        XCTAssertEqual(try collected().rows, try kiosk.storedRows())
    }

    func testRefusedBatchIsParkedWithItsReasonAndShownInTheHeartbeat() throws {
        kiosk.record(1_500)
        let report = kiosk.uploader(collector("small")).round()
        guard case .parked(let reason) = report.outcome else { return XCTFail(report.summary) }
        XCTAssertTrue(reason.contains("413") && reason.contains("client_max_body_size"), reason)
        XCTAssertEqual(try kiosk.lastAcked(), 0)
        let parked = try XCTUnwrap(ParkedBatches.load(dataDir: kiosk.dataDir))
        XCTAssertEqual(parked.batches.map(\.name), ["vic-sur-cere-000000000001-000000001500.batch"])
        XCTAssertEqual(parked.batches.first?.status, 413)
        // The small heartbeat got through and carries the parked batch.
        let hb = try XCTUnwrap(try collected("small").heartbeat)
        XCTAssertEqual(hb.parked.map(\.status), [413])
        XCTAssertEqual(hb.rowsPending, 1_500)
        XCTAssertEqual(hb.uploadError, reason)

        // Same configuration: the parked batch is not sent again.
        let puts = server.requests(".batch").count
        let still = kiosk.uploader(collector("small")).round()
        guard case .parked = still.outcome else { return XCTFail(still.summary) }
        XCTAssertEqual(server.requests(".batch").count, puts)
        // --retry-parked tries it (and it is refused again).
        let retried = kiosk.uploader(collector("small")).round(retryParked: true)
        guard case .parked = retried.outcome else { return XCTFail(retried.summary) }
        XCTAssertEqual(server.requests(".batch").count, puts + 1)
        // A new configuration releases it.
        let fixed = kiosk.uploader(collector("open"), fingerprint: "target-2").round()
        XCTAssertEqual(fixed.outcome, .complete, fixed.summary)
        XCTAssertNil(ParkedBatches.load(dataDir: kiosk.dataDir))
        XCTAssertEqual(try collected("open").rows, try kiosk.storedRows())
        XCTAssertEqual(try collected("open").heartbeat?.parked, [])
    }

    func testWrongPasswordAndWrongMethodPark() throws {
        kiosk.record(50)
        let wrong = kiosk.uploader(collector(password: "nope")).round()
        guard case .parked(let reason) = wrong.outcome else { return XCTFail(wrong.summary) }
        XCTAssertTrue(reason.contains("HTTP 401") && reason.contains("collector_user"), reason)
        XCTAssertFalse(reason.contains("nope"), "no password in a reason")
        XCTAssertFalse(wrong.heartbeatSent)
        let noDav = kiosk.uploader(collector("static"), fingerprint: "target-static").round()
        guard case .parked(let r405) = noDav.outcome else { return XCTFail(noDav.summary) }
        XCTAssertTrue(r405.contains("405"), r405)
        let right = kiosk.uploader(collector(), fingerprint: "target-right").round()
        XCTAssertEqual(right.outcome, .complete, right.summary)
        XCTAssertEqual(try collected().rows, try kiosk.storedRows())
    }

    func testDailyBudgetIsRespected() throws {
        kiosk.record(15_000)
        let day = LockedDate(Date(timeIntervalSince1970: 1_790_000_000))
        let budgetFile = kiosk.dataDir.appendingPathComponent("net/budget.json")
        // Room for one full batch and its headers, not two.
        let size = Int64(try kiosk.outbox().batchBytes(BatchName(kiosk: kiosk.kiosk, first: 1, last: 5_000)).count)
        let limit = size * 3 / 2 + HTTPCollector.headerAllowance
        let budget = ByteBudget(limit: limit, file: budgetFile, now: { day.value })
        let report = kiosk.uploader(collector(budget: budget)).round()
        guard case .budgetExhausted = report.outcome else { return XCTFail(report.summary) }
        XCTAssertEqual(report.sent.count, 1)
        XCTAssertLessThanOrEqual(budget.used, limit, "the day's bytes stay under the budget")
        XCTAssertFalse(report.heartbeatSent)
        XCTAssertEqual(try kiosk.lastAcked(), 5_000)
        // The next day (Europe/Paris) the budget renews.
        day.value = day.value.addingTimeInterval(86_400)
        let next = kiosk.uploader(collector(budget: budget)).round()
        guard case .budgetExhausted = next.outcome else { return XCTFail(next.summary) }
        XCTAssertEqual(try kiosk.lastAcked(), 10_000)
        XCTAssertLessThanOrEqual(budget.used, limit)
        day.value = day.value.addingTimeInterval(86_400)
        XCTAssertEqual(kiosk.uploader(collector(budget: budget)).round().outcome, .complete)
        XCTAssertEqual(try collected().rows, try kiosk.storedRows())
    }
}

final class LockedDate: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: Date
    init(_ d: Date) { _value = d }
    var value: Date {
        get { lock.lock(); defer { lock.unlock() }; return _value }
        set { lock.lock(); _value = newValue; lock.unlock() }
    }
}
