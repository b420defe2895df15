import BorneCore
import BorneStats
import XCTest
@testable import BorneOffice
@testable import BorneStore

final class IngestTests: XCTestCase {
    let now = { UTCTime.date(ms: ms("2020-07-20T08:00:00Z")) }

    func ingest(_ store: OfficeStore, _ sources: [String]) throws -> IngestReport {
        try OfficeIngest(store: store, now: now).run(sources)
    }

    func testSameBatchTwiceIsCountedOnce() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        try writeBatch(sessionRows(from: 1, taps: 5, at: "2020-07-14T10:00:00Z"), kiosk: "vic-sur-cere",
                       key: testKey(0x42), root: dir + "/dav")
        let first = try ingest(store, [dir + "/dav"])
        XCTAssertEqual(first.newRows, 5)
        let second = try ingest(store, [dir + "/dav"])
        XCTAssertEqual(second.newRows, 0)
        XCTAssertEqual(second.lines.map(\.result), [.duplicate])
        XCTAssertEqual(try touchCount(store), 5)
        XCTAssertEqual(try store.yearStats(2020).kiosks["vic-sur-cere"]?.sessions, 1)
        XCTAssertEqual(try store.ingestLog().count, 1, "a skipped duplicate is not logged again")
    }

    func testOverlappingRangesStoreEachRowOnce() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        let rows = sessionRows(from: 1, taps: 15, at: "2020-07-14T10:00:00Z")
        try writeBatch(Array(rows[0..<10]), kiosk: "vic-sur-cere", key: testKey(0x42), root: dir + "/dav")
        try writeBatch(Array(rows[4..<15]), kiosk: "vic-sur-cere", key: testKey(0x42), root: dir + "/dav")
        let r = try ingest(store, [dir + "/dav"])
        XCTAssertEqual(r.rowsSeen, 21)
        XCTAssertEqual(r.newRows, 15)
        XCTAssertEqual(try store.touches(kiosk: "vic-sur-cere"), rows)
    }

    func testAlteredBatchIsRejectedAndNothingOfItStored() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        let path = try writeBatch(sessionRows(from: 1, taps: 5, at: "2020-07-14T10:00:00Z"), kiosk: "vic-sur-cere",
                                  key: testKey(0x42), root: dir + "/dav")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 10] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let r = try ingest(store, [dir + "/dav"])
        XCTAssertEqual(r.rejected.map(\.file), ["vic-sur-cere/vic-sur-cere-000000000001-000000000005.batch"])
        XCTAssert(r.rejected[0].reason!.contains("le MAC ne se vérifie pas"), r.rejected[0].reason!)
        XCTAssertEqual(try touchCount(store), 0)
        XCTAssertEqual(try store.ingestLog().map(\.result), ["rejected"])
        XCTAssert(r.summary().contains("REFUSÉ vic-sur-cere/vic-sur-cere-000000000001-000000000005.batch"))
        _ = try ingest(store, [dir + "/dav"])
        XCTAssertEqual(try store.ingestLog().count, 1, "the same refusal is logged once")
    }

    func testBatchSignedWithAnotherKeyIsRejected() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        try writeBatch(sessionRows(from: 1, taps: 3, at: "2020-07-14T10:00:00Z"), kiosk: "vic-sur-cere",
                       key: testKey(0x99), root: dir + "/dav")
        let r = try ingest(store, [dir + "/dav"])
        XCTAssertEqual(r.rejected.count, 1)
        XCTAssertEqual(try touchCount(store), 0)
    }

    func testBatchOfAnUnknownKioskIsRejected() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        try writeBatch(sessionRows(from: 1, taps: 3, at: "2020-07-14T10:00:00Z"), kiosk: "raulhac",
                       key: testKey(0x42), root: dir + "/dav")
        try writeHeartbeat(kiosk: "raulhac", key: testKey(0x42), root: dir + "/dav")
        let r = try ingest(store, [dir + "/dav"])
        XCTAssertEqual(r.rejected.count, 2)
        XCTAssert(r.rejected.allSatisfy { $0.reason!.contains("borne inconnue « raulhac »") })
        XCTAssertEqual(try touchCount(store), 0)
        XCTAssertEqual(try store.latestHeartbeats().count, 0)
    }

    func testBatchRenamedToAnotherRangeOrKioskIsRejected() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir, trusting: ["vic-sur-cere", "raulhac"])
        let path = try writeBatch(sessionRows(from: 1, taps: 3, at: "2020-07-14T10:00:00Z"), kiosk: "vic-sur-cere",
                                  key: testKey(0x42), root: dir + "/dav")
        let fm = FileManager.default
        try fm.copyItem(atPath: path, toPath: dir + "/dav/vic-sur-cere/vic-sur-cere-000000000001-000000000004.batch")
        try fm.createDirectory(atPath: dir + "/dav/raulhac", withIntermediateDirectories: true)
        try fm.copyItem(atPath: path, toPath: dir + "/dav/raulhac/raulhac-000000000001-000000000003.batch")
        try fm.moveItem(atPath: path, toPath: dir + "/dav/vic-sur-cere/notes.batch")
        let r = try ingest(store, [dir + "/dav"])
        XCTAssertEqual(Set(r.rejected.map(\.file)), ["raulhac/raulhac-000000000001-000000000003.batch",
                                                     "vic-sur-cere/vic-sur-cere-000000000001-000000000004.batch",
                                                     "vic-sur-cere/notes.batch"])
        XCTAssertEqual(try touchCount(store), 0)
    }

    func testUSBStickGetsAReceiptUpToTheLastBatchBeforeARefusedOne() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir, trusting: ["st-jacques-des-blats"])
        let key = testKey(0x42)
        let stats = dir + "/stick/borne/stats"
        let rows = sessionRows(from: 1, taps: 30, at: "2020-07-14T10:00:00Z")
        try writeBatch(Array(rows[0..<10]), kiosk: "st-jacques-des-blats", key: key, root: stats)
        let bad = try writeBatch(Array(rows[10..<20]), kiosk: "st-jacques-des-blats", key: key, root: stats)
        try writeBatch(Array(rows[20..<30]), kiosk: "st-jacques-des-blats", key: key, root: stats)
        try writeHeartbeat(kiosk: "st-jacques-des-blats", key: key, root: stats, rowsPending: 30)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: bad)))
        bytes[bytes.count - 3] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: bad))

        let r = try ingest(store, [dir + "/stick"])
        XCTAssertEqual(r.rejected.count, 1)
        XCTAssertEqual(try touchCount(store), 20, "the batches around the refused one are stored")
        let receiptPath = dir + "/stick/borne/receipts/st-jacques-des-blats.json"
        XCTAssertEqual(r.receipts.map(\.path), [receiptPath])
        let receipt = try Receipt.decode(Array(try Data(contentsOf: URL(fileURLWithPath: receiptPath))), key: key,
                                         file: receiptPath)
        XCTAssertEqual(receipt.ackedUpTo, 10, "nothing after the refused batch is acknowledged")
        XCTAssertEqual(receipt.officeUTC, "2020-07-20T08:00:00.000Z")
        XCTAssertEqual(try store.latestHeartbeats()["st-jacques-des-blats"]?.via, .usb)

        // The kiosk rewrites the refused batch intact on its next visit.
        try writeBatch(Array(rows[10..<20]), kiosk: "st-jacques-des-blats", key: key, root: stats)
        let again = try ingest(store, [dir + "/stick"])
        XCTAssertEqual(again.receipts.first?.ackedUpTo, 30)
        XCTAssertEqual(try touchCount(store), 30)
    }

    func testHeartbeatIsRecordedOnceWithTheCollectorsTime() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        let path = try writeHeartbeat(kiosk: "vic-sur-cere", key: testKey(0x42), root: dir + "/dav",
                                      sent: "2020-07-19T09:59:00.000Z", clock: "2020-07-19T10:00:30.000Z")
        setModified(path, "2020-07-19T10:00:00Z")
        let r = try ingest(store, [dir + "/dav"])
        XCTAssertEqual(r.lines.map(\.result), [.heartbeat])
        let h = try XCTUnwrap(try store.latestHeartbeats()["vic-sur-cere"])
        XCTAssertEqual(h.receivedMs, ms("2020-07-19T10:00:00Z"))
        XCTAssertEqual(h.clockOffsetMs, 30_000)
        XCTAssertEqual(try ingest(store, [dir + "/dav"]).lines.map(\.result), [.duplicate])
    }

    func testForgedHeartbeatIsRejected() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        try writeHeartbeat(kiosk: "vic-sur-cere", key: testKey(0x77), root: dir + "/dav")
        let r = try ingest(store, [dir + "/dav"])
        XCTAssertEqual(r.rejected.map(\.file), ["vic-sur-cere/heartbeat.json"])
        XCTAssertTrue(try store.latestHeartbeats().isEmpty)
    }

    func testMissingSourceIsAnError() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        XCTAssertThrowsError(try ingest(store, [dir + "/nowhere"])) { e in
            XCTAssertEqual(e as? OfficeError, .noSuchSource(dir + "/nowhere"))
        }
    }

    /// Ingest's connection checkpoints nothing at its COMMITs (the WAL is
    /// checkpointed on another connection and thread, `WALCheckpointer`);
    /// the ingest still ends durable: the WAL checkpointed and truncated,
    /// every row in, and automatic checkpoints back for whatever follows.
    func testIngestLeavesCheckpointsToAnotherConnectionAndEndsDurable() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir, trusting: ["vic-sur-cere", "pailherols"])
        for (i, kiosk) in ["vic-sur-cere", "pailherols"].enumerated() {
            for first in stride(from: Int64(1), through: 401, by: 100) {
                try writeBatch(sessionRows(from: first, taps: 100, at: "2020-07-14T10:00:00Z"), kiosk: kiosk,
                               key: testKey(0x42 + UInt8(i)), root: dir + "/dav")
            }
        }
        var atCommits: [Int64] = []
        store.db.stepHook = { phase, sql in
            if phase == .after, sql == "COMMIT" { atCommits.append(try store.db.int64("PRAGMA wal_autocheckpoint") ?? -1) }
        }
        let ingest = OfficeIngest(store: store, now: now)
        ingest.rowsPerTransaction = 150
        XCTAssertEqual(try ingest.run([dir + "/dav"]).newRows, 1000)
        store.db.stepHook = nil
        XCTAssertEqual(atCommits.count, 6, "three transactions per kiosk (a COMMIT once 150 rows are in)")
        XCTAssertEqual(Set(atCommits), [0], "no automatic checkpoint at ingest's COMMITs")
        XCTAssertEqual(try store.db.int64("PRAGMA wal_autocheckpoint"), 1000)
        let wal = try FileManager.default.attributesOfItem(atPath: dir + "/office.db-wal")[.size] as? Int
        XCTAssertEqual(wal, 0, "checkpointed and truncated at the end")
        let other = try OfficeStore(path: dir + "/office.db")
        XCTAssertEqual(try touchCount(other), 1000)
    }
}
