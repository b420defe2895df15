import Foundation
import XCTest
@testable import BorneBundle
import BorneContent

/// Real crashes: an install runs in a child process that is killed with
/// SIGKILL — by itself at its Nth file-system operation
/// (`BORNE_CRASH_AFTER_OPS=N`, for every N), and by the test after varying
/// delays. After each kill `current` must resolve to one complete, verified
/// version, and a restarted install must complete and leave no leftovers.
///
/// The child is `borne content install` when the built `borne` has that
/// subcommand; until main.swift dispatches it, the child is this test binary
/// running `KillChildTests.testInstallChild`, which does what the command
/// does (kiosk config → trusted keys → `BundleInstaller` with the file
/// system from the environment).
final class KillTests: BundleTestCase {
    var config: URL!
    /// For the set-up and restart done in this process (the children fsync
    /// for real); fsync does not change what a kill leaves behind.
    let fastFS = RealFileSystem(syncing: false)

    override func setUpWithError() throws {
        try super.setUpWithError()
        // The kiosk configuration of Vic-sur-Cère, trusting the test key.
        let model = Repo.root.appendingPathComponent("kiosk-config/vic-sur-cere.json")
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: model)) as? [String: Any])
        object["trusted_keys"] = [key.publicKey.hex]
        config = url("kiosk.json")
        try JSONSerialization.data(withJSONObject: object).write(to: config)
        XCTAssertNoThrow(try KioskConfigLoader.load(file: config))
    }

    /// `borne` next to the test binary, if it has `content install`.
    static let borne: URL? = {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [dir.appendingPathComponent("borne"), Repo.root.appendingPathComponent(".build/debug/borne")]
        for binary in candidates where FileManager.default.isExecutableFile(atPath: binary.path) {
            let p = Process()
            p.executableURL = binary
            p.arguments = ["content", "install", "--help"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            guard (try? p.run()) != nil else { continue }
            p.waitUntilExit()
            if p.terminationStatus == 0 { return binary }
        }
        return nil
    }()

    /// Starts an install of `bundle` into `data` in a child process.
    func startInstall(_ bundle: URL, data: URL, crashAfter: Int? = nil) throws -> Process {
        let p = Process()
        var env = ProcessInfo.processInfo.environment
        env["BORNE_CRASH_AFTER_OPS"] = crashAfter.map(String.init)
        let args = ["install", bundle.path, "--config", config.path, "--data-dir", data.path]
        if let borne = Self.borne {
            p.executableURL = borne
            p.arguments = ["content"] + args
        } else {
            p.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            p.arguments = ["BorneBundleTests.KillChildTests/testInstallChild"]
            env[KillChildTests.argumentsVariable] = args.joined(separator: "\n")
        }
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    func wasKilled(_ p: Process) -> Bool { p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL }

    /// Installs A, then B in a child that dies before its Nth operation that
    /// changes the disk, for every N.
    func testKilledAtEveryOperationOfAnInstall() throws {
        print("kill test child: \(Self.borne?.path ?? "test binary (borne has no `content install` yet)")")
        let a = try makeSmallBundle("a", version: "v1", created: "2026-11-01T00:00:00Z")
        let b = try makeSmallBundle("b", version: "v2", created: "2026-11-02T00:00:00Z")
        let idA = try manifest(of: a).id, idB = try manifest(of: b).id
        var n = 1
        var kills = 0
        while n < 1_000 {
            let data = url("data-\(n)")
            try BundleInstaller(dataDirectory: data, fileSystem: fastFS).install(bundle: a, trustedKeys: trusted, kioskID: nil)
            let child = try startInstall(b, data: data, crashAfter: n)
            child.waitUntilExit()
            if !wasKilled(child) {
                XCTAssertEqual(child.terminationStatus, 0, "the install ran to its end with N = \(n)")
                Invariant.check(data, allowed: [idB])
                break
            }
            kills += 1
            Invariant.check(data, allowed: [idA, idB], context: "killed at operation \(n)")
            try restartAndCheck(b, data: data, id: idB)
            try FileManager.default.removeItem(at: data)
            n += 1
        }
        print("kill -9 at every disk-changing operation: \(kills) kills, then a complete run at N = \(n)")
        XCTAssertGreaterThan(kills, 50, "the child must have been killed before every operation that changes the disk")
    }

    /// The repository's content, killed from outside after varying delays
    /// spread over the whole length of an install.
    func testKilledAfterVaryingDelays() throws {
        let a = try makeSmallBundle("a", version: "v1", created: "2026-01-01T00:00:00Z")
        let b = url("repo")
        let m = try BundleWriter.write(contentDirectory: Repo.content, to: b, created: date("2026-11-26T18:00:00Z"), signingKey: key)
        let idA = try manifest(of: a).id
        // How long a whole install takes here, child start-up included (warm).
        var duration = TimeInterval.infinity
        for run in 0..<2 {
            let started = Date()
            let timing = try startInstall(b, data: url("timing-\(run)"))
            timing.waitUntilExit()
            XCTAssertEqual(timing.terminationStatus, 0)
            duration = min(duration, Date().timeIntervalSince(started))
        }
        var outcomes: [String: Int] = [:]
        let runs = 10
        for i in 0..<runs {
            let data = url("data-\(i)")
            try BundleInstaller(dataDirectory: data, fileSystem: fastFS).install(bundle: a, trustedKeys: trusted, kioskID: nil)
            let child = try startInstall(b, data: data)
            usleep(useconds_t(duration * 0.9 * Double(i) / Double(runs - 1) * 1_000_000))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            let current = try BundleInstaller(dataDirectory: data, fileSystem: fastFS).currentID()
            outcomes[wasKilled(child) ? "killed with \(current == m.id ? "new" : "old") current" : "finished", default: 0] += 1
            Invariant.check(data, allowed: [idA, m.id], context: "killed after \(i)/\(runs - 1) of \(duration) s")
            try restartAndCheck(b, data: data, id: m.id)
            try FileManager.default.removeItem(at: data)
        }
        print("kill -9 after delays (\(String(format: "%.3f", duration)) s per install): \(outcomes)")
        XCTAssertGreaterThan(outcomes.filter { $0.key.hasPrefix("killed") }.values.reduce(0, +), runs / 2)
    }

    /// A restarted install completes and leaves nothing behind. It runs in
    /// this process (what is on disk is all a new process would see), which
    /// halves the test's time.
    func restartAndCheck(_ bundle: URL, data: URL, id: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try BundleInstaller(dataDirectory: data, fileSystem: fastFS)
            .install(bundle: bundle, trustedKeys: trusted, kioskID: "vic-sur-cere")
        XCTAssertEqual(r.id, id, file: file, line: line)
        XCTAssertEqual(r.warnings, [], file: file, line: line)
        Invariant.check(data, allowed: [id], file: file, line: line, context: "after restart")
        let content = data.appendingPathComponent("content")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: content.appendingPathComponent("staging").path), [],
                       file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: content.appendingPathComponent("current.tmp").path), file: file, line: line)
    }
}

/// Not a test of its own: the child process of `KillTests` while the built
/// `borne` has no `content install`. Without its environment variable it
/// does nothing.
final class KillChildTests: XCTestCase {
    static let argumentsVariable = "BORNE_KILL_CHILD_ARGS"

    func testInstallChild() throws {
        guard let text = ProcessInfo.processInfo.environment[Self.argumentsVariable] else { return }
        // install BUNDLE --config FILE --data-dir DIR, as `borne content install` takes them.
        let args = text.components(separatedBy: "\n")
        guard args.count == 6, args[0] == "install" else { exit(64) }
        do {
            let config = try KioskConfigLoader.load(file: URL(fileURLWithPath: args[3]))
            let keys = try config.trustedKeys.map { try Ed25519PublicKey(hex: $0) }
            // The default file system: BORNE_CRASH_AFTER_OPS is honoured here.
            let installer = BundleInstaller(dataDirectory: URL(fileURLWithPath: args[5]))
            try installer.install(bundle: URL(fileURLWithPath: args[1]), trustedKeys: keys, kioskID: config.id)
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(65)
        }
    }
}
