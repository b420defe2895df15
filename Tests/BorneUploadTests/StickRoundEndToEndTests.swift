import BorneTestSupport
import BorneStats
@testable import BorneUpload
import Foundation
import XCTest

/// St Jacques des Blats' statistics round with the built binary, on a stick
/// that carries no content: the office prepares it (`borne office stick
/// prepare`, with receipts) → the kiosk's `borne usb` writes its batches
/// ("pas de contenu sur cette clé", exit 0) → the office ingests the stick
/// and writes receipts → the next visit prunes what the office received.
final class StickRoundEndToEndTests: XCTestCase {
    let id = "st-jacques-des-blats"
    var kiosk: KioskFixture!
    var work: URL!

    static let repo: URL = {
        var u = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { u.deleteLastPathComponent() }
        return u
    }()

    override func setUpWithError() throws {
        kiosk = try KioskFixture(kiosk: id)
        work = try tempDir()
    }

    override func tearDown() {
        if let work { try? FileManager.default.removeItem(at: work) }
        kiosk = nil
    }

    @discardableResult
    func run(_ args: [String]) throws -> (code: Int32, out: String, err: String) { try BuiltBorne.run(args) }

    func stickFiles(_ stick: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: stick.appendingPathComponent("borne/stats/\(id)").path).sorted()
    }

    func testTheStJacquesRoundOnAStatisticsOnlyStick() throws {
        let config = Self.repo.appendingPathComponent("kiosk-config/\(id).json").path
        let data = kiosk.dataDir.path
        let db = work.appendingPathComponent("office.db").path
        let stick = work.appendingPathComponent("stick")
        try FileManager.default.createDirectory(at: stick, withIntermediateDirectories: true)
        kiosk.record(7_000)

        // At the office: trust the kiosk once, prepare a stick (the office's, no content on it).
        XCTAssertEqual(try run(["office", "trust", id, "--key", StatsKey.file(dataDir: kiosk.dataDir).path, "--db", db]).code, 0)
        var r = try run(["office", "stick", "prepare", stick.path, "--db", db, "--kiosk", id, "--now", "2026-11-20T09:00:00Z"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("borne/receipts/\(id).json (\(id) jusqu'au n° 0)"), r.out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stick.appendingPathComponent("borne/manifest.json").path))

        // At the kiosk: no bundle, the statistics go.
        r = try run(["usb", stick.path, "--config", config, "--data-dir", data])
        XCTAssertEqual(r.code, 0, "\(r.out)\n\(r.err)")
        XCTAssertTrue(r.out.contains("pas de contenu sur cette clé"), r.out)
        XCTAssertEqual(try stickFiles(stick), ["heartbeat.json", "\(id)-000000000001-000000005000.batch", "\(id)-000000005001-000000007000.batch"])
        XCTAssertEqual(try Collected(stick.appendingPathComponent("borne/stats"), kiosk: id, key: kiosk.key).rows, try kiosk.storedRows())
        XCTAssertEqual(try kiosk.lastAcked(), 0, "the prepared receipt acknowledges nothing the office does not hold")
        let status = try JSONSerialization.jsonObject(with: Data(contentsOf: stick.appendingPathComponent("borne/status-\(id).json"))) as? [String: Any]
        XCTAssertEqual(status?["ok"] as? Bool, true)

        // Back at the office: ingest, receipt.
        r = try run(["office", "ingest", stick.path, "--db", db, "--now", "2026-11-27T09:00:00Z"])
        XCTAssertEqual(r.code, 0, "\(r.out)\n\(r.err)")
        XCTAssertTrue(r.out.contains("2 lot(s) enregistré(s), 7000 touche(s) nouvelle(s)"), r.out)
        XCTAssertTrue(r.out.contains("(\(id) jusqu'au n° 7000)"), r.out)

        // Next visit: the kiosk prunes what the office received, and carries the new touches.
        kiosk.record(300)
        r = try run(["usb", stick.path, "--config", config, "--data-dir", data])
        XCTAssertEqual(r.code, 0, "\(r.out)\n\(r.err)")
        XCTAssertEqual(try kiosk.lastAcked(), 7_000)
        XCTAssertEqual(try stickFiles(stick), ["heartbeat.json", "\(id)-000000007001-000000007300.batch"])
        r = try run(["office", "ingest", stick.path, "--db", db, "--now", "2026-12-04T09:00:00Z"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("1 lot(s) enregistré(s), 300 touche(s) nouvelle(s)"), r.out)
        XCTAssertTrue(r.out.contains("jusqu'au n° 7300"), r.out)

        // A fresh stick prepared by the office carries the receipt up to what it holds: the kiosk prunes with it too.
        let fresh = work.appendingPathComponent("fresh")
        try FileManager.default.createDirectory(at: fresh, withIntermediateDirectories: true)
        XCTAssertEqual(try run(["office", "stick", "prepare", fresh.path, "--db", db]).code, 0)
        r = try run(["usb", fresh.path, "--config", config, "--data-dir", data])
        XCTAssertEqual(r.code, 0, "\(r.out)\n\(r.err)")
        XCTAssertEqual(try kiosk.lastAcked(), 7_300)
        XCTAssertTrue(r.out.contains("0 pending"), r.out)
    }

    func testLinksOnTheStickExitNonZeroNamingThePathAndLoseNothing() throws {
        let config = Self.repo.appendingPathComponent("kiosk-config/\(id).json").path
        let db = work.appendingPathComponent("office.db").path
        let stick = work.appendingPathComponent("stick"), outside = work.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: stick, withIntermediateDirectories: true)
        kiosk.record(100)
        XCTAssertEqual(try run(["office", "trust", id, "--key", StatsKey.file(dataDir: kiosk.dataDir).path, "--db", db]).code, 0)
        XCTAssertEqual(try run(["office", "stick", "prepare", stick.path, "--db", db]).code, 0)

        // The kiosk: borne/stats as a link to an outside folder.
        try FileManager.default.createSymbolicLink(atPath: stick.appendingPathComponent("borne/stats").path, withDestinationPath: outside.path)
        var r = try run(["usb", stick.path, "--config", config, "--data-dir", kiosk.dataDir.path])
        XCTAssertEqual(r.code, 65, "\(r.out)\n\(r.err)")
        XCTAssertTrue(r.err.contains(stick.appendingPathComponent("borne/stats").path + ": refused, it is a symbolic link"), r.err)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), [])
        XCTAssertEqual(try kiosk.storedRows().count, 100)
        XCTAssertEqual(try kiosk.lastAcked(), 0)

        // Cleaned: the batches go. The office finds a planted kiosk folder beside them: 65, the rest stored.
        try FileManager.default.removeItem(at: stick.appendingPathComponent("borne/stats"))
        XCTAssertEqual(try run(["usb", stick.path, "--config", config, "--data-dir", kiosk.dataDir.path]).code, 0)
        try FileManager.default.createSymbolicLink(atPath: stick.appendingPathComponent("borne/stats/thiezac").path, withDestinationPath: outside.path)
        r = try run(["office", "ingest", stick.path, "--db", db])
        XCTAssertEqual(r.code, 65, "\(r.out)\n\(r.err)")
        XCTAssertTrue(r.err.contains(stick.appendingPathComponent("borne/stats/thiezac").path), r.err)
        XCTAssertTrue(r.out.contains("100 touche(s) nouvelle(s)"), r.out)
        XCTAssertTrue(r.out.contains("(\(id) jusqu'au n° 100)"), r.out)
    }
}
