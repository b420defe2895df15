import Foundation
import XCTest
@testable import borne

/// The 4G kiosk (Pas de Cère) put in rounds by `borne setup` alone:
/// ETC/upload.env gets the rounds' BORNE_UPLOAD_ARGS, borne-sync.service's
/// ExecCondition (the real unit file, run by /bin/sh) skips the timer's sync
/// on that file, and `borne doctor` warns when either is missing.
final class FourGSetupTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let configs = root.appendingPathComponent("kiosk-config").path
    /// The file the package installs (a conffile of comments).
    static let packaged = root.appendingPathComponent("deploy/deb/upload.env")
    var tmp: URL!
    var etc: String { tmp.appendingPathComponent("etc").path }
    var env: URL { tmp.appendingPathComponent("etc/upload.env") }
    var data: String { tmp.appendingPathComponent("data").path }

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("borne-4g-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: tmp.appendingPathComponent("etc").path, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.packaged, to: env)
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    func setup(_ kiosk: String, _ extra: [String] = []) -> Int32 {
        SetupCommand.run(["--kiosk", kiosk, "--config-dir", Self.configs, "--etc", etc, "--data-dir", data] + extra)
    }

    func envText() throws -> String { try String(contentsOf: env, encoding: .utf8) }

    func testSetupWritesTheRoundsOnA4GKioskOnly() throws {
        let packaged = try String(contentsOf: Self.packaged, encoding: .utf8)
        XCTAssertEqual(setup("thiezac"), 0)
        XCTAssertEqual(try envText(), packaged, "a commune-internet kiosk: upload.env untouched")

        XCTAssertEqual(setup("pas-de-cere", ["--force"]), 0)
        let text = try envText()
        XCTAssertTrue(text.hasPrefix(packaged), "the package's comments kept:\n\(text)")
        XCTAssertTrue(text.hasSuffix("\nBORNE_UPLOAD_ARGS=--with-sync --interval 60 --content-every 6 --upload-every 24\n"), text)
        XCTAssertEqual(UploadEnv.args(text), UploadEnv.roundsArgs)
        XCTAssertEqual(setup("pas-de-cere"), 0, "again")
        XCTAssertEqual(try envText(), text, "again: nothing changes")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: etc).sorted()
        XCTAssertEqual(leftovers, ["kiosk.json", "upload.env"], "written atomically, no temporary file left")
    }

    func testSetupLeavesOtherArgumentsAloneWithoutForce() throws {
        try "BORNE_UPLOAD_ARGS=--interval 30 --budget 9000000\n".write(to: env, atomically: true, encoding: .utf8)
        XCTAssertEqual(setup("pas-de-cere"), ExitCode.canCreate)
        XCTAssertEqual(try envText(), "BORNE_UPLOAD_ARGS=--interval 30 --budget 9000000\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: etc + "/kiosk.json"), "refused before anything is written")
        XCTAssertFalse(FileManager.default.fileExists(atPath: data), "refused before anything is written")

        XCTAssertEqual(setup("pas-de-cere", ["--force"]), 0)
        XCTAssertEqual(try envText().components(separatedBy: "BORNE_UPLOAD_ARGS=").count, 2, "one line, the old one replaced")
        XCTAssertEqual(UploadEnv.args(try envText()), UploadEnv.roundsArgs)

        // Rounds tuned by hand (another budget) are rounds: kept, and setup succeeds.
        let tuned = "BORNE_UPLOAD_ARGS=\"--with-sync --interval 60 --content-every 6 --upload-every 24 --budget 3000000\"\n"
        try tuned.write(to: env, atomically: true, encoding: .utf8)
        XCTAssertEqual(setup("pas-de-cere"), 0)
        XCTAssertEqual(try envText(), tuned)
    }

    /// borne-sync.service's ExecCondition, as the unit file has it, run by
    /// /bin/sh on a copy of upload.env: it skips (exit 1, a line for the
    /// journal) exactly when UploadEnv says rounds.
    func testTheSyncUnitSkipsItsRunsExactlyWhenInRounds() throws {
        let unit = try String(contentsOf: Self.root.appendingPathComponent("systemd/borne-sync.service"), encoding: .utf8)
        let line = try XCTUnwrap(unit.split(separator: "\n").first { $0.hasPrefix("ExecCondition=/bin/sh -c '") })
        let script = String(line.drop { $0 != "'" }.dropFirst().dropLast())
        XCTAssertTrue(script.contains("/etc/borne/upload.env"), script)
        let local = script.replacingOccurrences(of: "/etc/borne/upload.env", with: env.path)
        func condition() throws -> (Int32, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", local]
            let pipe = Pipe()
            p.standardOutput = pipe
            try p.run()
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: out, as: UTF8.self))
        }
        let cases: [(String?, Bool)] = [
            (nil, false),
            (try String(contentsOf: Self.packaged, encoding: .utf8), false),
            ("BORNE_UPLOAD_ARGS=--interval 30\n", false),
            ("#BORNE_UPLOAD_ARGS=--with-sync\n", false),
            (UploadEnv.withRounds(try String(contentsOf: Self.packaged, encoding: .utf8)), true),
            ("  BORNE_UPLOAD_ARGS=\"--budget 1 --with-sync\"\n", true),
        ]
        for (text, rounds) in cases {
            try? FileManager.default.removeItem(at: env)
            if let text { try text.write(to: env, atomically: true, encoding: .utf8) }
            XCTAssertEqual(UploadEnv.isRounds(text.flatMap(UploadEnv.args)), rounds, text ?? "no file")
            let (rc, out) = try condition()
            XCTAssertEqual(rc, rounds ? 1 : 0, text ?? "no file")
            XCTAssertEqual(out, rounds ? "borne sync: skipped: borne-upload does the sync in rounds (--with-sync in \(env.path))\n" : "",
                           text ?? "no file")
        }
    }

    func rounds(systemdRoot: String? = nil) -> Doctor.Finding? {
        var d = Doctor(configPath: etc + "/kiosk.json", dataDir: URL(fileURLWithPath: data), now: Date())
        d.systemdRoot = systemdRoot ?? tmp.appendingPathComponent("no-systemd").path
        var out: [Doctor.Finding] = []
        d.checkRounds(d.checkConfig(&out), &out)
        return out.first { $0.check == "rounds" }
    }

    func testDoctorWarnsWhenA4GKioskIsNotInRounds() throws {
        // The 4G kiosk set up as before this change: its kiosk.json, the package's upload.env.
        try FileManager.default.copyItem(atPath: Self.configs + "/pas-de-cere.json", toPath: etc + "/kiosk.json")
        var f = try XCTUnwrap(rounds())
        XCTAssertEqual(f.status, .warning)
        XCTAssertTrue(f.fr.contains("ne règle pas BORNE_UPLOAD_ARGS") && f.fr.contains("8 Mo"), f.fr)
        XCTAssertTrue(f.fix.contains("mettre \(UploadEnv.roundsLine) dans \(env.path)") && f.fix.contains("borne setup --kiosk pas-de-cere"), f.fix)

        try "BORNE_UPLOAD_ARGS=--interval 30\n".write(to: env, atomically: true, encoding: .utf8)
        f = try XCTUnwrap(rounds())
        XCTAssertEqual(f.status, .warning)
        XCTAssertTrue(f.en.contains("has BORNE_UPLOAD_ARGS=--interval 30, without --with-sync"), f.en)

        XCTAssertEqual(setup("pas-de-cere", ["--force"]), 0)
        f = try XCTUnwrap(rounds())
        XCTAssertEqual(f.status, .ok, f.fr)
        XCTAssertEqual(DoctorCommand.report([f]), "[OK    ] rounds: borne 4G en tournées (borne upload \(UploadEnv.roundsArgs)) — 4g kiosk in rounds (borne upload \(UploadEnv.roundsArgs))\n\nVerdict : borne en bon état.\nVerdict: kiosk healthy.")

        // The timer enabled and a borne-sync.service without the condition (an older package): still checking.
        let sys = tmp.appendingPathComponent("sysroot")
        let wants = sys.appendingPathComponent("etc/systemd/system/timers.target.wants")
        let lib = sys.appendingPathComponent("lib/systemd/system")
        try FileManager.default.createDirectory(at: wants, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: wants.appendingPathComponent("borne-sync.timer").path,
                                                   withDestinationPath: Self.root.appendingPathComponent("systemd/borne-sync.timer").path)
        let unit = try String(contentsOf: Self.root.appendingPathComponent("systemd/borne-sync.service"), encoding: .utf8)
        let old = unit.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("ExecCondition=") }.joined(separator: "\n")
        try old.write(to: lib.appendingPathComponent("borne-sync.service"), atomically: true, encoding: .utf8)
        f = try XCTUnwrap(rounds(systemdRoot: sys.path))
        XCTAssertEqual(f.status, .warning)
        XCTAssertTrue(f.fr.contains("borne-sync.timer fait encore ses propres vérifications (\(lib.path)/borne-sync.service"), f.fr)

        // The package's unit skips the timer's runs: in rounds.
        try unit.write(to: lib.appendingPathComponent("borne-sync.service"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try XCTUnwrap(rounds(systemdRoot: sys.path)).status, .ok)
        // An old unit but the timer disabled: in rounds too.
        try old.write(to: lib.appendingPathComponent("borne-sync.service"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: wants.appendingPathComponent("borne-sync.timer"))
        XCTAssertEqual(try XCTUnwrap(rounds(systemdRoot: sys.path)).status, .ok)
    }

    /// A 4g kiosk's machine set up again as another kiosk: its upload.env
    /// is not touched (only warned about), so the rounds stay until removed.
    func testAnotherKioskLeavesTheRoundsInPlace() throws {
        XCTAssertEqual(setup("pas-de-cere"), 0)
        let rounds = try envText()
        XCTAssertEqual(setup("thiezac", ["--force"]), 0)
        XCTAssertEqual(try envText(), rounds)
    }

    func testDoctorSaysNothingOfRoundsOnAnotherKiosk() throws {
        XCTAssertEqual(setup("thiezac"), 0)
        XCTAssertNil(rounds())
    }
}
