import BorneTestSupport
import Foundation
import XCTest
@testable import BorneBundle
import BorneContent

/// Real crashes: `borne content install` runs in a child process that is
/// killed with SIGKILL — by itself at its Nth file-system operation
/// (`BORNE_TEST_HOOKS=1 BORNE_CRASH_AFTER_OPS=N`, for every N; debug builds
/// only), and by the test after random delays (seeded: the seed is printed,
/// `BORNE_KILL_SEED=S` replays them). After each kill `current` must
/// resolve to one complete, verified version, and a restarted install must
/// complete and leave no leftovers.
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

    /// Starts `borne content install` of `bundle` into `data` in a child
    /// process; `crashAfter` sets the debug build's crash hook, `hooks: false`
    /// leaves out its second switch (`BORNE_TEST_HOOKS=1`).
    func startInstall(_ bundle: URL, data: URL, crashAfter: Int? = nil, hooks: Bool = true) throws -> Process {
        let borne = URL(fileURLWithPath: try BuiltBorne.path(nextTo: Bundle(for: Self.self).bundleURL))
        let p = Process()
        var env = ProcessInfo.processInfo.environment
        env["BORNE_CRASH_AFTER_OPS"] = crashAfter.map(String.init)
        env["BORNE_TEST_HOOKS"] = crashAfter != nil && hooks ? "1" : nil
        p.executableURL = borne
        p.arguments = ["content", "install", bundle.path, "--config", config.path, "--data-dir", data.path]
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

    /// `BORNE_CRASH_AFTER_OPS` alone (a stray variable in a unit's
    /// environment) does not kill an install: the hook needs its second,
    /// explicit switch `BORNE_TEST_HOOKS=1`, and exists in debug builds only.
    func testTheCrashHookNeedsItsTestOnlySwitch() throws {
        let a = try makeSmallBundle("a", version: "v1", created: "2026-11-01T00:00:00Z")
        let data = url("data-stray")
        let child = try startInstall(a, data: data, crashAfter: 1, hooks: false)
        child.waitUntilExit()
        XCTAssertFalse(wasKilled(child), "BORNE_CRASH_AFTER_OPS without BORNE_TEST_HOOKS=1 killed the install")
        XCTAssertEqual(child.terminationStatus, 0)
        Invariant.check(data, allowed: [try manifest(of: a).id])
        XCTAssertTrue(RealFileSystem.fromEnvironment(["BORNE_CRASH_AFTER_OPS": "1"]) is RealFileSystem)
        XCTAssertTrue(RealFileSystem.fromEnvironment(["BORNE_CRASH_AFTER_OPS": "1", "BORNE_TEST_HOOKS": "1"]) is FaultyFileSystem)
        XCTAssertTrue(RealFileSystem.fromEnvironment(["BORNE_TEST_HOOKS": "1"]) is RealFileSystem)
    }

    /// The repository's content, killed from outside after random delays
    /// (seeded, printed, `BORNE_KILL_SEED` replays) spread over the whole
    /// length of an install: run i dies within the ith tenth of it.
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
        var rng = try KillSeed("KillTests.testKilledAfterVaryingDelays")
        for i in 0..<runs {
            let data = url("data-\(i)")
            try BundleInstaller(dataDirectory: data, fileSystem: fastFS).install(bundle: a, trustedKeys: trusted, kioskID: nil)
            let child = try startInstall(b, data: data)
            let delay = duration * (Double(i) + Double.random(in: 0..<1, using: &rng)) / Double(runs)
            usleep(useconds_t(delay * 1_000_000))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            let current = try BundleInstaller(dataDirectory: data, fileSystem: fastFS).currentID()
            outcomes[wasKilled(child) ? "killed with \(current == m.id ? "new" : "old") current" : "finished", default: 0] += 1
            Invariant.check(data, allowed: [idA, m.id], context: "killed after \(delay) s of \(duration) s (\(rng))")
            try restartAndCheck(b, data: data, id: m.id)
            try FileManager.default.removeItem(at: data)
        }
        print("kill -9 after delays (\(String(format: "%.3f", duration)) s per install, \(rng)): \(outcomes)")
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
