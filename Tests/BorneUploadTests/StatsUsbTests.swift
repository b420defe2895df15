import BorneStats
@testable import BorneUpload
import BorneSystem
import Foundation
import XCTest

/// A stick's round trip: the kiosk writes batches and a heartbeat, the
/// office (played here with the codec) reads them and writes a receipt,
/// the kiosk's next visit acknowledges and cleans up.
final class StatsUsbTests: XCTestCase {
    var kiosk: KioskFixture!
    var stick: URL!

    override func setUpWithError() throws {
        kiosk = try KioskFixture()
        stick = try tempDir()
        try FileManager.default.createDirectory(at: stick.appendingPathComponent("borne"), withIntermediateDirectories: true)
    }

    override func tearDown() {
        if let stick { try? FileManager.default.removeItem(at: stick) }
        kiosk = nil
    }

    func visit() throws -> StatsUsb.Report {
        try StatsUsb(outbox: kiosk.outbox(), mount: stick, status: kiosk.status()).run()
    }

    var statsFolder: URL { stick.appendingPathComponent("borne/stats") }

    func stickFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: statsFolder.appendingPathComponent(kiosk.kiosk).path).sorted()
    }

    /// What `borne office ingest` does with the stick: decode everything, and acknowledge up to the last row it stored.
    func officeIngest(upTo limit: Int64 = .max, key: StatsKey? = nil) throws -> Collected {
        let c = try Collected(statsFolder, kiosk: kiosk.kiosk, key: kiosk.key)
        let acked = c.names.filter { $0.last <= limit }.map(\.last).max() ?? 0
        let receipt = Receipt(kiosk: kiosk.kiosk, ackedUpTo: acked, officeUTC: "2026-11-27T09:00:00.000Z")
        let dir = stick.appendingPathComponent("borne/receipts")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(receipt.encode(key: key ?? kiosk.key)).write(to: dir.appendingPathComponent("\(kiosk.kiosk).json"))
        return c
    }

    func testRoundTripWithAReceipt() throws {
        kiosk.record(7_000)
        let first = try visit()
        XCTAssertEqual(first.written, ["vic-sur-cere-000000000001-000000005000.batch", "vic-sur-cere-000000005001-000000007000.batch"])
        XCTAssertNil(first.receipt)
        XCTAssertEqual(try stickFiles(), ["heartbeat.json"] + first.written)
        XCTAssertEqual(try kiosk.lastAcked(), 0, "nothing is acknowledged by writing to a stick")

        // Carried twice before the office saw it: same files, same bytes; new rows add a batch.
        let bytes = try Data(contentsOf: statsFolder.appendingPathComponent("vic-sur-cere/\(first.written[0])"))
        kiosk.record(300)
        let second = try visit()
        XCTAssertEqual(second.unchanged, first.written)
        XCTAssertEqual(second.written, ["vic-sur-cere-000000007001-000000007300.batch"])
        XCTAssertEqual(try Data(contentsOf: statsFolder.appendingPathComponent("vic-sur-cere/\(first.written[0])")), bytes)

        // The office ingests the stick up to 7,000 (say the third file came too late) and writes a receipt.
        let office = try officeIngest(upTo: 7_000)
        XCTAssertEqual(office.rows, try kiosk.storedRows(), "the office reads every row")
        XCTAssertEqual(office.heartbeat?.rowsPending, 7_300)
        let third = try visit()
        XCTAssertEqual(third.receipt?.ackedUpTo, 7_000)
        XCTAssertNil(third.receiptProblem)
        XCTAssertEqual(try kiosk.lastAcked(), 7_000)
        XCTAssertEqual(third.removed, first.written)
        XCTAssertEqual(try stickFiles(), ["heartbeat.json", "vic-sur-cere-000000007001-000000007300.batch"])
        XCTAssertEqual(third.pending, 300)
        // The same receipt again is harmless.
        XCTAssertEqual(try visit().lastAckedSeq, 7_000)
    }

    func testForgedOrForeignReceiptsMoveNothing() throws {
        kiosk.record(100)
        _ = try visit()
        // Made with another key.
        _ = try officeIngest(key: try StatsKey.generate())
        let forged = try visit()
        XCTAssertNil(forged.receipt)
        XCTAssertTrue(forged.receiptProblem?.contains("MAC does not verify") == true, forged.receiptProblem ?? "")
        XCTAssertEqual(try kiosk.lastAcked(), 0)
        // Altered after signing.
        _ = try officeIngest()
        let file = stick.appendingPathComponent("borne/receipts/vic-sur-cere.json")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\"acked_up_to\":100", with: "\"acked_up_to\":99")
        try text.write(to: file, atomically: true, encoding: .utf8)
        XCTAssertNotNil(try visit().receiptProblem)
        XCTAssertEqual(try kiosk.lastAcked(), 0)
        // Beyond the highest row: acknowledged only up to it.
        let big = Receipt(kiosk: kiosk.kiosk, ackedUpTo: 1_000_000, officeUTC: "2026-11-27T09:00:00.000Z")
        try Data(big.encode(key: kiosk.key)).write(to: file)
        XCTAssertEqual(try visit().lastAckedSeq, 100)
        XCTAssertEqual(try stickFiles(), ["heartbeat.json"])
    }

    func testAFullStickLeavesOnlyWholeFiles() throws {
        kiosk.record(6_000)
        let usb = StatsUsb(outbox: kiosk.outbox(), mount: stick, status: kiosk.status())
        usb.faults = { op, phase in
            if case .stick(let name) = op, name.hasSuffix("05001-000000006000.batch"), phase == .before {
                throw IOError(operation: "write", path: name, errno: ENOSPC)
            }
        }
        XCTAssertThrowsError(try usb.run())
        XCTAssertEqual(try stickFiles(), ["vic-sur-cere-000000000001-000000005000.batch"])
        XCTAssertEqual(try visit().written, ["vic-sur-cere-000000005001-000000006000.batch"])
        XCTAssertEqual(try Collected(statsFolder, kiosk: kiosk.kiosk, key: kiosk.key).rows, try kiosk.storedRows())
    }
}
