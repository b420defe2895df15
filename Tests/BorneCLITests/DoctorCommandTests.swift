import Foundation
import XCTest
@testable import borne

/// `borne doctor` on a healthy kiosk, then on one broken data directory per
/// fault, each named by its check; and `borne setup` writing a kiosk.
final class DoctorCommandTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var tmp: URL!
    var config: String { tmp.appendingPathComponent("etc/kiosk.json").path }
    var data: URL { tmp.appendingPathComponent("data") }
    /// When the test's touches were recorded (the kiosk's real clock).
    var recorded = Date()

    static func iso(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("borne-doctor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    /// A kiosk as `borne setup` leaves it, trusting a fresh key, with signed
    /// content installed and a few touches recorded (by a scripted run).
    func makeHealthyKiosk() throws {
        let keys = tmp.appendingPathComponent("keys").path
        XCTAssertEqual(KeygenCommand.run(["--out", keys]), 0)
        let pub = try String(contentsOfFile: keys + "/borne.pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let configs = tmp.appendingPathComponent("kiosk-config")
        try FileManager.default.createDirectory(at: configs, withIntermediateDirectories: true)
        let vic = try String(contentsOf: Self.root.appendingPathComponent("kiosk-config/vic-sur-cere.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"trusted_keys\": []", with: "\"trusted_keys\": [\"\(pub)\"]")
        try vic.write(to: configs.appendingPathComponent("vic-sur-cere.json"), atomically: true, encoding: .utf8)
        XCTAssertEqual(SetupCommand.run(["--kiosk", "vic-sur-cere", "--config-dir", configs.path,
                                         "--etc", tmp.appendingPathComponent("etc").path, "--data-dir", data.path]), 0)
        let bundle = tmp.appendingPathComponent("bundle").path
        XCTAssertEqual(ContentCommand.run(["pack", Self.root.appendingPathComponent("content").path, "--out", bundle,
                                           "--created", "2026-01-10T08:00:00Z"]), 0)
        XCTAssertEqual(ContentCommand.run(["sign", bundle, "--key", keys + "/borne.key"]), 0)
        XCTAssertEqual(ContentCommand.run(["install", bundle, "--config", config, "--data-dir", data.path]), 0)
        let taps = tmp.appendingPathComponent("taps.txt")
        try "tap 20 8\nwait 500\ntap 20 8\n".write(to: taps, atomically: true, encoding: .utf8)
        recorded = Date()
        XCTAssertEqual(KioskCommand.run(["--config", config, "--content", data.appendingPathComponent("content/current").path,
                                         "--data-dir", data.path, "--script", taps.path]), 0)
    }

    func doctor(now: Date? = nil, minFree: Int64 = 1) -> [Doctor.Finding] {
        var d = Doctor(configPath: config, dataDir: data, now: now ?? recorded.addingTimeInterval(3600))
        d.minFreeBytes = minFree
        return d.run()
    }

    func faults(_ findings: [Doctor.Finding]) -> [String] {
        findings.filter { $0.status == .fault }.map(\.check)
    }

    func testAHealthyKioskPasses() throws {
        try makeHealthyKiosk()
        let findings = doctor()
        XCTAssertEqual(faults(findings), [], DoctorCommand.report(findings))
        for check in ["config", "stats-key", "trusted-keys", "content", "database", "disk", "clock", "upload"] {
            XCTAssertEqual(findings.first { $0.check == check }?.status, .ok, check)
        }
        XCTAssertEqual(DoctorCommand.exitCode(findings), 0)
        XCTAssertTrue(DoctorCommand.report(findings).contains("Verdict : borne en bon état"))
        XCTAssertEqual(DoctorCommand.run(["--config", config, "--data-dir", data.path, "--min-free-bytes", "1",
                                          "--now", Self.iso(recorded.addingTimeInterval(3600)), "--json"]), 0)
    }

    func testAMissingStatsKeyIsAFault() throws {
        try makeHealthyKiosk()
        try FileManager.default.removeItem(at: data.appendingPathComponent("keys/stats.key"))
        XCTAssertEqual(faults(doctor()), ["stats-key"])
        XCTAssertEqual(DoctorCommand.run(["--config", config, "--data-dir", data.path, "--min-free-bytes", "1",
                                          "--now", Self.iso(recorded.addingTimeInterval(3600))]), 69)
    }

    func testTamperedContentIsAFault() throws {
        try makeHealthyKiosk()
        let current = data.appendingPathComponent("content/current")
        let office = try FileManager.default.contentsOfDirectory(atPath: current.path).filter { $0.hasSuffix(".json") }.sorted()
        let victim = current.appendingPathComponent(office[0])
        var bytes = try Data(contentsOf: victim)
        bytes.append(contentsOf: Array(" ".utf8))
        try bytes.write(to: victim)
        let findings = doctor()
        XCTAssertEqual(faults(findings), ["content"])
        XCTAssertTrue(findings.first { $0.check == "content" }!.en.contains("tampered"))
    }

    func testAForgedSignatureIsAFault() throws {
        try makeHealthyKiosk()
        // Someone else's key in the config: the installed manifest no longer verifies.
        let other = tmp.appendingPathComponent("other").path
        XCTAssertEqual(KeygenCommand.run(["--out", other]), 0)
        let pub = try String(contentsOfFile: other + "/borne.pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        var text = try String(contentsOfFile: config, encoding: .utf8)
        let range = text.range(of: "\"trusted_keys\": [\"")!
        text.replaceSubrange(range.upperBound..<text.index(range.upperBound, offsetBy: 64), with: pub)
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(faults(doctor()), ["content"])
    }

    func testACorruptDatabaseIsAFault() throws {
        try makeHealthyKiosk()
        let db = data.appendingPathComponent("sessions.db")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db.path + suffix) }
        var bytes = try Data(contentsOf: db)
        for i in stride(from: 100, to: min(bytes.count, 8192), by: 7) { bytes[i] = 0xA5 }
        try bytes.write(to: db)
        XCTAssertEqual(faults(doctor()), ["database"])
    }

    func testAFullDiskIsAFault() throws {
        try makeHealthyKiosk()
        XCTAssertEqual(faults(doctor(minFree: Int64.max)), ["disk"])
    }

    func testAClockBeforeTheContentIsAFault() throws {
        try makeHealthyKiosk()
        let findings = doctor(now: Doctor.parseInstant("2001-01-01T00:00:00Z")!)
        XCTAssertEqual(faults(findings), ["clock"])
        XCTAssertTrue(findings.first { $0.check == "clock" }!.fr.contains("en retard"))
    }

    func testNoUploadFor48HoursIsAFault() throws {
        try makeHealthyKiosk()
        let findings = doctor(now: recorded.addingTimeInterval(49 * 3600))
        XCTAssertEqual(faults(findings), ["upload"])
        XCTAssertTrue(findings.first { $0.check == "upload" }!.en.contains("no statistics shipped for 4"))
        XCTAssertEqual(faults(doctor(now: recorded.addingTimeInterval(47 * 3600))), [])
    }

    func testAnUnreadableConfigExits78() {
        XCTAssertEqual(DoctorCommand.run(["--config", tmp.appendingPathComponent("absent.json").path, "--data-dir", data.path]), 78)
        XCTAssertEqual(DoctorCommand.run(["--frob"]), 64)
        XCTAssertEqual(DoctorCommand.run(["--help"]), 0)
    }

    func testSetupKeepsTheKeyAndRefusesToReplaceAnotherConfig() throws {
        let etc = tmp.appendingPathComponent("etc").path
        let configs = Self.root.appendingPathComponent("kiosk-config").path
        let args = ["--config-dir", configs, "--etc", etc, "--data-dir", data.path]
        XCTAssertEqual(SetupCommand.run(["--kiosk", "thiezac"] + args), 0)
        let key = try String(contentsOf: data.appendingPathComponent("keys/stats.key"), encoding: .utf8)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: etc + "/kiosk.json")),
                       try Data(contentsOf: URL(fileURLWithPath: configs + "/thiezac.json")))
        XCTAssertEqual(SetupCommand.run(["--kiosk", "thiezac"] + args), 0, "again: nothing changes")
        XCTAssertEqual(try String(contentsOf: data.appendingPathComponent("keys/stats.key"), encoding: .utf8), key)
        XCTAssertEqual(SetupCommand.run(["--kiosk", "raulhac"] + args), 73)
        XCTAssertEqual(SetupCommand.run(["--kiosk", "raulhac", "--force"] + args), 0)
        XCTAssertEqual(try String(contentsOf: data.appendingPathComponent("keys/stats.key"), encoding: .utf8), key,
                       "the key belongs to the machine's data, never replaced")
        XCTAssertEqual(SetupCommand.run(["--kiosk", "nowhere"] + args), 66)
        XCTAssertEqual(SetupCommand.run(args), 64)
    }
}
