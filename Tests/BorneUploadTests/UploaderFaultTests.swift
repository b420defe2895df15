import BorneStats
import BorneStore
@testable import BorneUpload
import Foundation
import XCTest

/// Fail-the-Nth over every operation of a round, the faulty transport
/// wrapper, and the plan's fixed ranges — against a `file://` collector.
final class UploaderFaultTests: XCTestCase {
    /// SQLite's method: fail the Nth operation (before or after it
    /// happens) for N = 1, 2, ... until a round sees no fault. After each:
    /// the ack never ran ahead of the collector, clean rounds then finish,
    /// the collector holds exactly the stored rows with no overlap, and the
    /// database is sound.
    func testFailTheNthOperationLosesNothingAndDuplicatesNothing() throws {
        let template = try KioskFixture()
        template.record(11_000)
        let expected = try template.storedRows()
        var n = 1
        var pointsSeen: Set<String> = []
        while true {
            let kiosk = try template.copy()
            let collector = try tempDir()
            defer { try? FileManager.default.removeItem(at: collector) }
            let fault = FailNth(n)
            let first = kiosk.uploader(FileCollector(directory: collector), faults: fault.hook).round()
            guard let point = fault.fired else {
                XCTAssertEqual(first.outcome, .complete, "no fault at N=\(n): \(first.summary)")
                break
            }
            pointsSeen.insert(point)
            // The cursor never passes what the collector holds.
            let acked = try kiosk.lastAcked()
            let atCollector = Set(try Collected(collector, kiosk: kiosk.kiosk, key: kiosk.key).seqs)
            XCTAssertTrue(expected.filter { $0.seq <= acked }.allSatisfy { atCollector.contains($0.seq) },
                          "N=\(n) (\(point)): acknowledged up to \(acked) beyond the collector")
            var rounds = 0
            var last = first
            while last.outcome != .complete && rounds < 3 {
                last = kiosk.uploader(FileCollector(directory: collector)).round()
                rounds += 1
            }
            XCTAssertEqual(last.outcome, .complete, "N=\(n) (\(point)): \(last.summary)")
            let c = try Collected(collector, kiosk: kiosk.kiosk, key: kiosk.key)
            XCTAssertEqual(c.rows, expected, "N=\(n) (\(point))")
            XCTAssertEqual(c.names.count, 3, "N=\(n) (\(point)): \(c.names)")
            XCTAssertEqual(try kiosk.lastAcked(), expected.last!.seq)
            XCTAssertEqual(try kiosk.integrity(), ["ok"])
            XCTAssertNil(ParkedBatches.load(dataDir: kiosk.dataDir))
            n += 1
            if n > 200 { return XCTFail("the round never ran without a fault") }
        }
        print("FAIL-THE-NTH: \(n - 1) fault points: \(pointsSeen.sorted().joined(separator: ", "))")
        XCTAssertTrue(pointsSeen.contains("acknowledge up to 5000 after"), "the ambiguous COMMIT was covered")
        XCTAssertTrue(pointsSeen.contains("PUT vic-sur-cere/vic-sur-cere-000000005001-000000010000.batch after"))
    }

    func testFaultyTransportWrapper() throws {
        let kiosk = try KioskFixture()
        kiosk.record(16_000)
        let collector = try tempDir()
        defer { try? FileManager.default.removeItem(at: collector) }
        // 2nd PUT: refused before storing (5xx); then: stored but reported lost.
        let faulty = FaultyTransport(FileCollector(directory: collector), faults: [
            2: .before(.failed("HTTP 503")),
            4: .after(.unreachable("connection reset")),
        ])
        let u = kiosk.uploader(faulty)
        XCTAssertEqual(u.round().outcome, .retryLater("HTTP 503"))
        XCTAssertEqual(try kiosk.lastAcked(), 5_000)
        XCTAssertEqual(u.round().outcome, .retryLater("connection reset"))
        XCTAssertEqual(try kiosk.lastAcked(), 5_000, "stored but not acknowledged: the cursor waits")
        let r = u.round()
        XCTAssertEqual(r.outcome, .complete, r.summary)
        XCTAssertEqual(faulty.paths.filter { $0.hasSuffix(".batch") }, [
            "vic-sur-cere/vic-sur-cere-000000000001-000000005000.batch",
            "vic-sur-cere/vic-sur-cere-000000005001-000000010000.batch",
            "vic-sur-cere/vic-sur-cere-000000005001-000000010000.batch",
            "vic-sur-cere/vic-sur-cere-000000005001-000000010000.batch",
            "vic-sur-cere/vic-sur-cere-000000010001-000000015000.batch",
            "vic-sur-cere/vic-sur-cere-000000015001-000000016000.batch",
        ])
        XCTAssertEqual(try Collected(collector, kiosk: kiosk.kiosk, key: kiosk.key).rows, try kiosk.storedRows())
    }

    func testFileTargetIsAtomicAndAResendWritesTheSameBytes() throws {
        let kiosk = try KioskFixture()
        kiosk.record(5_200)
        let collector = try tempDir()
        defer { try? FileManager.default.removeItem(at: collector) }
        XCTAssertEqual(kiosk.uploader(FileCollector(directory: collector)).round().outcome, .complete)
        let folder = collector.appendingPathComponent("vic-sur-cere")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(files, ["heartbeat.json", "vic-sur-cere-000000000001-000000005000.batch",
                               "vic-sur-cere-000000005001-000000005200.batch"])
        let before = try files.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
        // Forget the acknowledgements (as if they had been lost): the resend is identical.
        try kiosk.store().db.execute("UPDATE upload_state SET last_acked_seq = 0")
        try? FileManager.default.removeItem(at: kiosk.dataDir.appendingPathComponent("upload/plan.json"))
        XCTAssertEqual(kiosk.uploader(FileCollector(directory: collector)).round().sent.count, 2)
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent(files[1])), before[1])
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent(files[2])), before[2])
        XCTAssertEqual(try Collected(collector, kiosk: kiosk.kiosk, key: kiosk.key).rows, try kiosk.storedRows())
    }

    func testPlannedRangesHoldWhileRowsArriveAndAreReplannedForANewDatabase() throws {
        let kiosk = try KioskFixture()
        kiosk.record(120)
        let outbox = kiosk.outbox()
        XCTAssertEqual(try outbox.plan().map(\.last), [120])
        kiosk.record(30)
        XCTAssertEqual(try outbox.plan().map { [$0.first, $0.last] }, [[1, 120], [121, 150]], "planned: fixed; new rows: a new range")
        XCTAssertTrue(try outbox.acknowledge(upTo: 120))
        XCTAssertFalse(try outbox.acknowledge(upTo: 100), "the cursor never moves back")
        XCTAssertEqual(try kiosk.lastAcked(), 120)
        XCTAssertEqual(try outbox.plan().map { [$0.first, $0.last] }, [[121, 150]])
        // The database is replaced (moved aside as corrupt): the plan is cut again from its rows.
        let db = kiosk.dataDir.appendingPathComponent("sessions.db").path
        try FileManager.default.moveItem(atPath: db, toPath: db + ".corrupt-test")
        kiosk.record(10)
        let replanned = try outbox.plan()
        XCTAssertEqual(replanned.count, 1)
        XCTAssertGreaterThan(replanned[0].first, 150, "numbers continue above the floor")
        XCTAssertEqual(try outbox.batchBytes(replanned[0]).isEmpty, false)
    }

    func testTheKioskKeepsWritingWhileRoundsRun() throws {
        let kiosk = try KioskFixture()
        let collector = try tempDir()
        defer { try? FileManager.default.removeItem(at: collector) }
        var config = RecorderConfig(dataDir: kiosk.dataDir.path, kioskID: kiosk.kiosk)
        config.log = { _ in }
        let recorder = TouchRecorder(config: config)
        let writer = Thread {
            for i in 0..<3_000 {
                recorder.record(TouchRecord(wall: Date(), monoNs: UInt64(i) * 1_000_000, screen: "home", section: nil,
                                            target: "tile:manger", x: i % 160, y: i % 45, language: "fr", contentVersion: "v1"))
                if i % 100 == 0 { usleep(2_000) }
            }
        }
        writer.start()
        let u = kiosk.uploader(FileCollector(directory: collector))
        let deadline = Date().addingTimeInterval(20)
        var rounds = 0
        repeat {
            let r = u.round()
            if case .retryLater(let m) = r.outcome { XCTFail("round failed beside the writer: \(m)") }
            rounds += 1
        } while (writer.isExecuting || !writer.isFinished) && Date() < deadline
        XCTAssertTrue(recorder.close(timeout: 10))
        XCTAssertEqual(u.round().outcome, .complete)
        XCTAssertEqual(try Collected(collector, kiosk: kiosk.kiosk, key: kiosk.key).rows, try kiosk.storedRows())
        XCTAssertEqual(try kiosk.storedRows().count, 3_000)
        XCTAssertGreaterThan(rounds, 1)
    }

    func testNoDatabaseYetSendsAHeartbeatOnly() throws {
        let kiosk = try KioskFixture()
        let collector = try tempDir()
        defer { try? FileManager.default.removeItem(at: collector) }
        let r = kiosk.uploader(FileCollector(directory: collector)).round()
        XCTAssertEqual(r.outcome, .complete)
        let hb = try XCTUnwrap(try Collected(collector, kiosk: kiosk.kiosk, key: kiosk.key).heartbeat)
        XCTAssertTrue(hb.store.hasPrefix("no database yet"), hb.store)
        XCTAssertEqual(hb.rowsPending, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: kiosk.dataDir.appendingPathComponent("sessions.db").path),
                       "the uploader never creates the kiosk's database")
    }
}
