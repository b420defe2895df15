import BorneTestSupport
import BorneStats
@testable import BorneUpload
import Foundation
import XCTest

/// The built `borne` as a child process: `kill -9` mid-batch and restart,
/// SIGTERM, exit codes, and `borne usb` carrying statistics.
final class UploadCommandTests: XCTestCase {
    var kiosk: KioskFixture!
    var work: URL!

    override func setUpWithError() throws {
        kiosk = try KioskFixture()
        work = try tempDir()
    }

    override func tearDown() {
        if let work { try? FileManager.default.removeItem(at: work) }
        kiosk = nil
    }

    /// The `borne` built next to this test bundle (or in .build/debug).
    func borne(_ command: String = "upload") throws -> String {
        try BuiltBorne.path(nextTo: Bundle(for: Self.self).bundleURL)
    }

    @discardableResult
    func run(_ path: String, _ args: [String]) throws -> (Int32, String, String) { try BuiltBorne.run(args, executable: path) }

    /// A kiosk config for the fixture's kiosk.
    func config(collector: String?, user: String? = nil, password: String? = nil, connectivity: String = "office-network") throws -> String {
        var extra = ""
        if let collector { extra += ", \"collector_url\": \"\(collector)\"" }
        if let user, let password {
            let file = work.appendingPathComponent("collector.password")
            try (password + "\n").write(to: file, atomically: true, encoding: .utf8)
            chmod(file.path, 0o600)
            extra += ", \"collector_user\": \"\(user)\", \"collector_password_file\": \"\(file.path)\""
        }
        let text = """
            {"id": "\(kiosk.kiosk)", "name": "Vic", "commune": "Vic-sur-Cère", "connectivity": "\(connectivity)",
             "sections": ["manger", "office", "urgences"], "languages": ["fr", "en"],
             "idle_seconds": 60, "attract_seconds": 180, "weather_stale_minutes": 180,
             "maintenance_pin": "2020", "trusted_keys": []\(extra)}
            """
        let file = work.appendingPathComponent("kiosk-\(UUID().uuidString.prefix(8)).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func testKillNineMidBatchThenRestartLosesNothingAndDuplicatesNothing() throws {
        let borne = try borne()
        let server = try CollectorServer()
        defer { server.stop() }
        // Every answer comes late, so a kill lands in the middle of a transfer.
        let proxy = try FaultProxy(upstreamPort: server.port, then: .delay(0.3))
        kiosk.record(20_000)
        let conf = try config(collector: proxy.baseURL + "/collect", user: server.user, password: server.password)
        let args = ["upload", "--once", "--config", conf, "--data-dir", kiosk.dataDir.path, "--timeout", "10"]
        var rng = try KillSeed("UploadCommandTests.testKillNineMidBatchThenRestartLosesNothingAndDuplicatesNothing")
        var acks: [Int64] = []
        for round in 0..<4 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: borne)
            p.arguments = args
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32.random(in: 200_000...1_200_000, using: &rng))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            acks.append(try kiosk.lastAcked())
            // The kiosk goes on recording between the kills.
            kiosk.record(round == 1 ? 5_200 : 700)
        }
        let (status, out, err) = try run(borne, args)
        XCTAssertEqual(status, 0, "\(out)\n\(err)")
        let c = try Collected(server.directory("collect"), kiosk: kiosk.kiosk, key: kiosk.key)
        XCTAssertEqual(c.rows, try kiosk.storedRows(), "nothing lost, nothing changed")
        XCTAssertEqual(Set(c.seqs).count, c.seqs.count, "nothing duplicated")
        XCTAssertEqual(try kiosk.lastAcked(), try kiosk.storedRows().last!.seq)
        XCTAssertEqual(try kiosk.integrity(), ["ok"])
        print("KILL -9: cursor after each kill \(acks); \(c.names.count) batches at the collector; "
              + "\(server.requests("PUT /collect/vic-sur-cere/vic-sur-cere-").count) batch PUTs reached nginx")
    }

    func testSigtermEndsTheDaemonCleanly() throws {
        let borne = try borne()
        kiosk.record(50)
        let collector = work.appendingPathComponent("collector")
        let conf = try config(collector: "file://" + collector.path)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: borne)
        p.arguments = ["upload", "--config", conf, "--data-dir", kiosk.dataDir.path, "--interval", "60"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let heartbeat = collector.appendingPathComponent("vic-sur-cere/heartbeat.json").path
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: heartbeat) && Date() < deadline { usleep(20_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: heartbeat), "the daemon's first round ran")
        let start = Date()
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(start), 3, "SIGTERM wakes the pause")
        XCTAssertEqual(p.terminationReason, .exit)
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertEqual(try kiosk.lastAcked(), 50)
    }

    /// The daemon (no --once) reads the collector before READY=1: without its
    /// password file it exits 78, which borne-upload.service does not restart
    /// (RestartPreventExitStatus=78). It used to stay active, retrying forever.
    func testDaemonWithoutPasswordFileExits78() throws {
        let borne = try borne()
        let conf = try config(collector: "http://127.0.0.1:9/collect", user: "u", password: "pw")
        try FileManager.default.removeItem(at: work.appendingPathComponent("collector.password"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: borne)
        p.arguments = ["upload", "--config", conf, "--data-dir", kiosk.dataDir.path, "--interval", "60"]
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        // A daemon that does not exit is the failure; the bound only keeps the suite from hanging on it.
        let deadline = Date().addingTimeInterval(30)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(p.terminationReason, .exit, "still running: \(text)")
        XCTAssertEqual(p.terminationStatus, 78, text)
        XCTAssertTrue(text.contains("collector.password"), text)
    }

    /// The daemon as an unprivileged service runs it (borne-upload.service:
    /// User=borne, RLIMIT_NICE 0), with libdispatch's log on stderr: it used
    /// to print "Failed to set thread priority for worker thread … errno=13"
    /// at every start (its signal sources woke a thread asking for nice -4).
    func testUnprivilegedDaemonLogsNoThreadPriorityFailure() throws {
        let borne = try borne()
        kiosk.record(5)
        let collector = work.appendingPathComponent("collector")
        let conf = try config(collector: "file://" + collector.path)
        var launch = ["/usr/bin/env", "LIBDISPATCH_LOG=stderr", borne]
        if getuid() == 0 {
            // As nobody, as the unit's User= would: the data directory must be its own.
            for dir in [kiosk.dataDir.path, work.path] {
                XCTAssertEqual(try run("/bin/chown", ["-R", "65534:65534", dir]).0, 0)
            }
            launch = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + launch
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: launch[0])
        p.arguments = Array(launch.dropFirst()) + ["upload", "--config", conf, "--data-dir", kiosk.dataDir.path, "--interval", "60"]
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let heartbeat = collector.appendingPathComponent("vic-sur-cere/heartbeat.json").path
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: heartbeat) && Date() < deadline && p.isRunning { usleep(20_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: heartbeat), "the daemon's first round ran")
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(p.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("stopped"), text)
        XCTAssertFalse(text.contains("Failed to set thread priority"), text)
    }

    func testOnceExitCodes() throws {
        let borne = try borne()
        kiosk.record(10)
        let dir = kiosk.dataDir.path
        let ok = try config(collector: "file://" + work.appendingPathComponent("c").path)
        XCTAssertEqual(try run(borne, ["upload", "--once", "--config", ok, "--data-dir", dir]).0, 0)
        let closed = try LoopbackSockets.freePort()
        let down = try config(collector: "http://127.0.0.1:\(closed)/collect", user: "u", password: "secret-pw")
        let (code, out, err) = try run(borne, ["upload", "--once", "--config", down, "--data-dir", dir])
        XCTAssertEqual(code, 75, "\(out)\(err)")
        XCTAssertFalse((out + err).contains("secret-pw"), "no password in the output")
        let usbOnly = try config(collector: nil, connectivity: "none")
        XCTAssertEqual(try run(borne, ["upload", "--once", "--config", usbOnly, "--data-dir", dir]).0, 0)
        XCTAssertEqual(try run(borne, ["upload", "--once", "--config", usbOnly, "--data-dir", dir, "--target", "ftp://x.fr/"]).0, 64)
        XCTAssertEqual(try run(borne, ["upload", "--once", "--data-dir", dir]).0, 64)
        XCTAssertEqual(try run(borne, ["upload", "--once", "--config", work.appendingPathComponent("none.json").path, "--data-dir", dir]).0, 66)
        // A damaged stats key stops it with the path and what to do.
        try "not a key".write(to: StatsKey.file(dataDir: kiosk.dataDir), atomically: true, encoding: .utf8)
        let (badKey, _, keyErr) = try run(borne, ["upload", "--once", "--config", ok, "--data-dir", dir])
        XCTAssertEqual(badKey, 78)
        XCTAssertTrue(keyErr.contains("stats.key"), keyErr)
    }

    /// `--target file://DIR` (a stick, a test) sends no password: a kiosk
    /// whose collector_password_file is missing can still ship to a folder,
    /// while its HTTP collector still refuses to run without it.
    func testFileTargetNeedsNoPasswordFile() throws {
        let borne = try borne()
        kiosk.record(10)
        let dir = kiosk.dataDir.path
        let conf = try config(collector: "http://127.0.0.1:9/collect", user: "u", password: "pw")
        try FileManager.default.removeItem(at: work.appendingPathComponent("collector.password"))
        let folder = work.appendingPathComponent("folder-collector")
        let (code, out, err) = try run(borne, ["upload", "--once", "--config", conf, "--data-dir", dir, "--target", "file://" + folder.path])
        XCTAssertEqual(code, 0, "\(out)\(err)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("vic-sur-cere/heartbeat.json").path))
        XCTAssertEqual(try kiosk.lastAcked(), 10)
        let (httpCode, _, httpErr) = try run(borne, ["upload", "--once", "--config", conf, "--data-dir", dir])
        XCTAssertEqual(httpCode, 78, httpErr)
        XCTAssertTrue(httpErr.contains("collector.password"), httpErr)
    }

    func testUsbCommandCarriesStatistics() throws {
        let borne = try borne("usb")
        kiosk.record(5_500)
        let stick = work.appendingPathComponent("stick")
        try FileManager.default.createDirectory(at: stick.appendingPathComponent("borne"), withIntermediateDirectories: true)
        let conf = try config(collector: nil, connectivity: "none")
        let (code, out, err) = try run(borne, ["usb", stick.path, "--config", conf, "--data-dir", kiosk.dataDir.path])
        // This stick has no content bundle: the content is left alone, the statistics go.
        XCTAssertEqual(code, 0, "\(out)\n\(err)")
        XCTAssertTrue(out.contains("no content bundle on the stick"), out)
        XCTAssertTrue(out.contains("stats: "), out)
        let c = try Collected(stick.appendingPathComponent("borne/stats"), kiosk: kiosk.kiosk, key: kiosk.key)
        XCTAssertEqual(c.rows, try kiosk.storedRows())
        XCTAssertEqual(c.heartbeat?.rowsPending, 5_500)
        // The office's receipt comes back on the stick.
        let receipt = Receipt(kiosk: kiosk.kiosk, ackedUpTo: 5_000, officeUTC: "2026-11-27T09:00:00.000Z")
        try FileManager.default.createDirectory(at: stick.appendingPathComponent("borne/receipts"), withIntermediateDirectories: true)
        try Data(receipt.encode(key: kiosk.key)).write(to: stick.appendingPathComponent("borne/receipts/vic-sur-cere.json"))
        _ = try run(borne, ["usb", stick.path, "--config", conf, "--data-dir", kiosk.dataDir.path])
        XCTAssertEqual(try kiosk.lastAcked(), 5_000)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: stick.appendingPathComponent("borne/stats/vic-sur-cere").path).sorted(),
                       ["heartbeat.json", "vic-sur-cere-000000005001-000000005500.batch"])
        _ = try run(borne, ["usb", stick.path, "--config", conf, "--data-dir", kiosk.dataDir.path, "--no-stats"])
    }
}
