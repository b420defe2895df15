import BorneStats
import BorneStick
@testable import BorneUpload
import Foundation
import XCTest

/// Issue: "a stick writes outside itself". A link planted at any name the
/// statistics visit uses — `borne/stats`, `stats/KIOSK`, `receipts`, the
/// receipt, a batch, the heartbeat, each temporary name — is refused by
/// name: nothing outside the stick is read or written (the kiosk's own
/// `sessions.db` is the target here, as in the report), no touch is
/// acknowledged but by a verified receipt, and once the stick is cleaned
/// every touch goes.
final class StatsUsbStickSafetyTests: XCTestCase {
    var kiosk: KioskFixture!
    var stick: URL!
    var outside: URL!
    let batch = "vic-sur-cere-000000000001-000000000100.batch"

    override func setUpWithError() throws {
        kiosk = try KioskFixture()
        stick = try tempDir()
        outside = try tempDir()
        try FileManager.default.createDirectory(at: stick.appendingPathComponent("borne/stats/vic-sur-cere"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: stick.appendingPathComponent("borne/receipts"), withIntermediateDirectories: true)
        kiosk.record(100)
    }

    override func tearDown() {
        for u in [stick, outside] { if let u { try? FileManager.default.removeItem(at: u) } }
        kiosk = nil
    }

    var database: URL { kiosk.dataDir.appendingPathComponent("sessions.db") }

    func visit() throws -> StatsUsb.Report {
        try StatsUsb(outbox: kiosk.outbox(), mount: stick, status: kiosk.status()).run()
    }

    func plant(_ relative: String, to target: URL) throws {
        let path = stick.appendingPathComponent(relative)
        try? FileManager.default.removeItem(at: path)
        try FileManager.default.createSymbolicLink(atPath: path.path, withDestinationPath: target.path)
    }

    /// Nothing lost: the database whole, all 100 rows pending, and a clean stick then carries them all.
    func assertNothingLost(cleaning relative: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try kiosk.integrity(), ["ok"], file: file, line: line)
        XCTAssertEqual(try kiosk.storedRows().count, 100, file: file, line: line)
        XCTAssertEqual(try kiosk.lastAcked(), 0, "nothing acknowledged", file: file, line: line)
        try FileManager.default.removeItem(at: stick.appendingPathComponent(relative))
        if !relative.hasSuffix(".json") && !relative.contains(".") {
            try FileManager.default.createDirectory(at: stick.appendingPathComponent(relative), withIntermediateDirectories: true)
        }
        let again = try visit()
        XCTAssertEqual(again.refused, [], file: file, line: line)
        let c = try Collected(stick.appendingPathComponent("borne/stats"), kiosk: kiosk.kiosk, key: kiosk.key, file: file, line: line)
        XCTAssertEqual(c.rows, try kiosk.storedRows(), file: file, line: line)
    }

    func testFolderLinksStopTheVisitAndNothingIsWrittenOutside() throws {
        for relative in ["borne/stats", "borne/stats/vic-sur-cere"] {
            if relative == "borne/stats" { try FileManager.default.removeItem(at: stick.appendingPathComponent("borne/stats")) }
            try plant(relative, to: outside)
            XCTAssertThrowsError(try visit(), relative) { e in
                XCTAssertTrue((e as? StickError)?.isRefusal == true, "\(e)")
                XCTAssertTrue("\(e)".contains(self.stick.appendingPathComponent(relative).path), "\(e)")
            }
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), [], relative)
            try assertNothingLost(cleaning: relative)
            if relative == "borne/stats" {
                try FileManager.default.removeItem(at: stick.appendingPathComponent("borne/stats"))
                try FileManager.default.createDirectory(at: stick.appendingPathComponent("borne/stats/vic-sur-cere"),
                                                        withIntermediateDirectories: true)
            }
        }
    }

    func testAReceiptReachedThroughALinkIsNotUsed() throws {
        // A receipt that verifies, acknowledging everything — but outside the stick.
        let receipt = Receipt(kiosk: kiosk.kiosk, ackedUpTo: 100, officeUTC: "2026-11-27T09:00:00.000Z")
        try Data(receipt.encode(key: kiosk.key)).write(to: outside.appendingPathComponent("vic-sur-cere.json"))
        for (relative, target) in [("borne/receipts", outside!), ("borne/receipts/vic-sur-cere.json", outside.appendingPathComponent("vic-sur-cere.json"))] {
            if relative == "borne/receipts/vic-sur-cere.json" {
                try FileManager.default.removeItem(at: stick.appendingPathComponent("borne/receipts"))
                try FileManager.default.createDirectory(at: stick.appendingPathComponent("borne/receipts"), withIntermediateDirectories: true)
            }
            try plant(relative, to: target)
            let r = try visit()
            XCTAssertNil(r.receipt, relative)
            XCTAssertEqual(r.refused.count, 1, "\(relative): \(r.refused)")
            XCTAssertTrue(r.refused.first?.contains(stick.appendingPathComponent(relative).path) == true, "\(r.refused)")
            XCTAssertEqual(r.written.count + r.unchanged.count, 1, "the batches still go")
            XCTAssertEqual(try kiosk.lastAcked(), 0, relative)
        }
        try assertNothingLost(cleaning: "borne/receipts/vic-sur-cere.json")
    }

    func testLinksAtFileAndTemporaryNamesAreRefusedAndTheDatabaseIsUntouched() throws {
        let before = try Data(contentsOf: database)
        let names = [".\(batch).tmp-\(getpid())", ".heartbeat.json.tmp-\(getpid())", batch, "heartbeat.json"]
        for name in names {
            let relative = "borne/stats/vic-sur-cere/" + name
            try plant(relative, to: database)
            let r = try visit()
            XCTAssertFalse(r.refused.isEmpty, name)
            XCTAssertTrue(r.refused.allSatisfy { $0.contains(self.stick.appendingPathComponent(relative).path) }, "\(r.refused)")
            XCTAssertEqual(try Data(contentsOf: database), before, "\(name): sessions.db written through the link")
            let kind = try StickDir.openRoot(stick.path).folder("borne/stats/vic-sur-cere")?.kind(name)
            XCTAssertEqual(kind, .symlink, "\(name): the planted link is left for a person to see")
            try assertNothingLost(cleaning: relative)
            // Back to an empty kiosk folder for the next name.
            for f in try FileManager.default.contentsOfDirectory(atPath: stick.appendingPathComponent("borne/stats/vic-sur-cere").path) {
                try FileManager.default.removeItem(at: stick.appendingPathComponent("borne/stats/vic-sur-cere/" + f))
            }
        }
    }

    func testDevicesAtABatchAndTheHeartbeatAreRefusedNotOpened() throws {
        let folder = stick.appendingPathComponent("borne/stats/vic-sur-cere")
        // Character devices like /dev/null (1, 3); the tests run as root, as the kiosk's usb unit does.
        for name in [batch, "heartbeat.json"] {
            XCTAssertEqual(mknod(folder.appendingPathComponent(name).path, S_IFCHR | 0o600, dev_t((1 << 8) | 3)), 0,
                           String(cString: strerror(errno)))
        }
        let r = try visit()
        XCTAssertEqual(r.refused.count, 2, "\(r.refused)")
        XCTAssertTrue(r.refused.allSatisfy { $0.contains("refused, it is a device") }, "\(r.refused)")
        XCTAssertEqual(r.written, [])
        XCTAssertEqual(try kiosk.lastAcked(), 0)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("heartbeat.json"))
        try assertNothingLost(cleaning: "borne/stats/vic-sur-cere/" + batch)
    }
}
