import BorneCore
import BorneStats
import BorneStick
import XCTest
@testable import BorneOffice

/// `borne office ingest` of a stick never reads or writes through a link, a
/// FIFO or a device planted on it: each position is refused by name, and
/// what was stored stays stored. `borne office stick prepare` likewise.
final class IngestStickSafetyTests: XCTestCase {
    let kiosk = "st-jacques-des-blats"
    let now = { UTCTime.date(ms: ms("2020-07-20T08:00:00Z")) }
    var dir = "", stick = "", stats = "", outside = ""
    var store: OfficeStore!

    override func setUpWithError() throws {
        dir = try tempDir()
        stick = dir + "/stick"
        stats = stick + "/borne/stats"
        outside = dir + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        store = try makeOffice(dir, trusting: [kiosk])
    }

    /// Ten rows in one batch, and a heartbeat, under `root/KIOSK/`.
    func writeKiosk(root: String) throws {
        let rows = sessionRows(from: 1, taps: 10, at: "2020-07-14T10:00:00Z")
        try writeBatch(rows, kiosk: kiosk, key: testKey(0x42), root: root)
        try writeHeartbeat(kiosk: kiosk, key: testKey(0x42), root: root, rowsPending: 10)
    }

    func link(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    func ingest() throws -> IngestReport { try OfficeIngest(store: store, now: now).run([stick]) }

    func assertRefused(_ body: () throws -> Void, path: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { e in
            XCTAssertTrue((e as? StickError)?.isRefusal == true, "\(e)", file: file, line: line)
            XCTAssertTrue("\(e)".contains(path), "\(e)", file: file, line: line)
        }
    }

    func testStatsFolderAsALinkIsRefusedAndNothingIsReadThroughIt() throws {
        try writeKiosk(root: outside)
        try FileManager.default.createDirectory(atPath: stick + "/borne", withIntermediateDirectories: true)
        try link(stats, to: outside)
        assertRefused({ _ = try ingest() }, path: stats)
        XCTAssertEqual(try touchCount(store), 0, "nothing read through the link")
        XCTAssertFalse(FileManager.default.fileExists(atPath: stick + "/borne/receipts"))
    }

    func testKioskFolderAsALinkIsRefusedByNameAndNoReceiptIsWritten() throws {
        try writeKiosk(root: outside)
        try FileManager.default.createDirectory(atPath: stats, withIntermediateDirectories: true)
        try link(stats + "/" + kiosk, to: outside + "/" + kiosk)
        let r = try ingest()
        XCTAssertEqual(r.stickRefusals.count, 1)
        XCTAssertTrue(r.stickRefusals[0].contains(stats + "/" + kiosk), r.stickRefusals[0])
        XCTAssertEqual(r.rejected.map(\.file), [stats + "/" + kiosk])
        XCTAssertEqual(try touchCount(store), 0)
        XCTAssertTrue(r.receipts.isEmpty)
        XCTAssertTrue(r.summary().contains("1 chemin(s) refusé(s) sur la clé"), r.summary())
    }

    func testBatchHeartbeatAndFifoInTheKioskFolderAreRefusedTheRestIsStored() throws {
        // The real batch (rows 1-10) on the stick; a link named like rows 11-20 pointing outside; a FIFO as heartbeat.
        try writeBatch(sessionRows(from: 1, taps: 10, at: "2020-07-14T10:00:00Z"), kiosk: kiosk, key: testKey(0x42), root: stats)
        let outsideBatch = try writeBatch(sessionRows(from: 11, taps: 10, at: "2020-07-14T11:00:00Z"), kiosk: kiosk,
                                          key: testKey(0x42), root: outside)
        try link(stats + "/" + kiosk + "/" + (outsideBatch as NSString).lastPathComponent, to: outsideBatch)
        XCTAssertEqual(mkfifo(stats + "/" + kiosk + "/heartbeat.json", 0o644), 0)
        let r = try ingest()
        XCTAssertEqual(try touchCount(store), 10, "the regular batch is stored, the link's target is not read")
        XCTAssertEqual(r.stickRefusals.count, 2, "\(r.stickRefusals)")
        XCTAssertEqual(r.rejected.count, 2)
        XCTAssertEqual(r.receipts.first?.ackedUpTo, 10, "nothing from the refused batch on is acknowledged")
    }

    func testReceiptsFolderReceiptAndTempNameAsLinksAreRefusedWhatWasStoredStays() throws {
        try writeKiosk(root: stats)
        try FileManager.default.createDirectory(atPath: stick + "/borne", withIntermediateDirectories: true)
        // receipts/ a link to an outside folder.
        try link(stick + "/borne/receipts", to: outside)
        assertRefused({ _ = try ingest() }, path: stick + "/borne/receipts")
        XCTAssertEqual(try touchCount(store), 10, "what was read is stored")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), [])
        XCTAssertEqual(try store.trustedKiosk(kiosk)?.ackedUpTo, 0, "no receipt, nothing acknowledged")
        // The receipt's own name, then its temporary name.
        try FileManager.default.removeItem(atPath: stick + "/borne/receipts")
        try FileManager.default.createDirectory(atPath: stick + "/borne/receipts", withIntermediateDirectories: true)
        let secret = outside + "/secret"
        try Data("secret".utf8).write(to: URL(fileURLWithPath: secret))
        for name in ["\(kiosk).json", ".\(kiosk).json.tmp-\(getpid())"] {
            let planted = stick + "/borne/receipts/" + name
            try link(planted, to: secret)
            assertRefused({ _ = try ingest() }, path: planted)
            XCTAssertEqual(try String(contentsOfFile: secret, encoding: .utf8), "secret")
            try FileManager.default.removeItem(atPath: planted)
        }
        XCTAssertEqual(try ingest().receipts.first?.ackedUpTo, 10, "once cleaned, the stick gets its receipt")
    }

    func testPrepareWritesReceiptsAndRefusesLinks() throws {
        try FileManager.default.createDirectory(atPath: stick, withIntermediateDirectories: true)
        try store.setAckedUpTo(42, kiosk: kiosk)
        let written = try OfficeStick.prepare(mount: stick, store: store, kiosks: nil, now: now())
        XCTAssertEqual(written, [OfficeStick.Written(path: stick + "/borne/receipts/\(kiosk).json", kiosk: kiosk, ackedUpTo: 42)])
        let receipt = try Receipt.decode(Array(try Data(contentsOf: URL(fileURLWithPath: written[0].path))), key: testKey(0x42), file: "r")
        XCTAssertEqual(receipt.ackedUpTo, 42)
        XCTAssertThrowsError(try OfficeStick.prepare(mount: stick, store: store, kiosks: ["nowhere"], now: now())) {
            XCTAssertEqual($0 as? OfficeError, .unknownKiosk("nowhere"))
        }
        // borne/ as a link to an outside folder.
        let other = dir + "/stick2"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try link(other + "/borne", to: outside)
        assertRefused({ _ = try OfficeStick.prepare(mount: other, store: self.store, kiosks: nil, now: self.now()) }, path: other + "/borne")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), [])
    }
}
