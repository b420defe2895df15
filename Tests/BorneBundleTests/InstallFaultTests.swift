import Foundation
import XCTest
@testable import BorneBundle

/// SQLite-style I/O fault tests: fail the Nth file-system operation for
/// N = 1, 2, ... until a run sees no fault. After each run the invariant
/// holds (`current` is one complete, verified version), and a plain retry
/// completes the job and leaves no leftovers.
final class InstallFaultTests: BundleTestCase {
    /// These tests are about the state a fault leaves, not about power loss
    /// (InstallDurabilityTests pins the fsyncs): skipping fsync keeps
    /// hundreds of installs fast on a busy disk. The sync calls still count.
    let fastFS = RealFileSystem(syncing: false)

    /// Alternates the errors a kiosk's disk gives: I/O error, full disk.
    func fault(_ n: Int) -> FaultyFileSystem.Fault { .error(n % 2 == 0 ? ENOSPC : EIO) }

    func assertNoLeftovers(_ data: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let content = data.appendingPathComponent("content")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: content.appendingPathComponent("staging").path), [],
                       file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: content.appendingPathComponent("current.tmp").path), file: file, line: line)
    }

    /// Whether the failing run had already renamed `current.tmp` over `current`.
    func switched(_ fs: FaultyFileSystem) -> Bool {
        fs.traceBeforeFault.contains { $0.hasPrefix("rename ") && $0.hasSuffix("/content/current.tmp") }
    }

    /// A run may succeed despite a fault only if it came after the switch
    /// (and is reported as a warning) or was the close of a file opened for
    /// reading, which has nothing to lose.
    func assertHarmless(_ fs: FaultyFileSystem, warnings: [String], _ at: String, file: StaticString = #filePath, line: UInt = #line) {
        if fs.failedOperation?.hasPrefix("close ") == true, warnings.isEmpty { return }
        XCTAssertTrue(switched(fs), at, file: file, line: line)
        XCTAssertFalse(warnings.isEmpty, at, file: file, line: line)
    }

    func testAFaultAtAnyOperationOfAnUpgradeLeavesOneCompleteVersionCurrent() throws {
        let a = try makeSmallBundle("a", version: "v1", created: "2026-11-01T00:00:00Z")
        let b = try makeSmallBundle("b", version: "v2", created: "2026-11-02T00:00:00Z")
        let idA = try manifest(of: a).id, idB = try manifest(of: b).id
        var n = 1
        while n < 10_000 {
            let data = url("data-\(n)")
            try BundleInstaller(dataDirectory: data, fileSystem: fastFS).install(bundle: a, trustedKeys: trusted, kioskID: nil)
            let faulty = FaultyFileSystem(base: fastFS, failAt: n, fault: fault(n))
            let result = Result { try BundleInstaller(dataDirectory: data, fileSystem: faulty).install(bundle: b, trustedKeys: trusted, kioskID: nil) }
            guard faulty.injected else {
                XCTAssertEqual(try result.get().outcome, .installed)
                break
            }
            let at = "fault #\(n) at \(faulty.failedOperation ?? "?")"
            switch result {
            case .failure(let error):
                XCTAssertNotNil(error as? BundleError, at)
                // Before the switch the old version stays; after it, the new one is whole.
                Invariant.check(data, allowed: [switched(faulty) ? idB : idA], context: at)
                if case .diskFull? = error as? BundleError { XCTAssertEqual(n % 2, 0, at) }
            case .success(let r):
                // Faults after the switch (pruning, clean-up) are warnings.
                assertHarmless(faulty, warnings: r.warnings, at)
                Invariant.check(data, allowed: [idB], context: at)
            }
            let retry = try BundleInstaller(dataDirectory: data, fileSystem: fastFS).install(bundle: b, trustedKeys: trusted, kioskID: nil)
            XCTAssertEqual(retry.id, idB)
            Invariant.check(data, allowed: [idB], context: "retry after \(at)")
            try assertNoLeftovers(data)
            try FileManager.default.removeItem(at: data)
            n += 1
        }
        XCTAssertGreaterThan(n, 100, "an upgrade takes about 130 operations")
    }

    func testAFaultAtAnyOperationOfAFirstInstallLeavesNothingOrTheWholeVersion() throws {
        let a = try makeSmallBundle("a")
        let idA = try manifest(of: a).id
        var n = 1
        while n < 10_000 {
            let data = url("data-\(n)")
            let faulty = FaultyFileSystem(base: fastFS, failAt: n, fault: fault(n))
            let result = Result { try BundleInstaller(dataDirectory: data, fileSystem: faulty).install(bundle: a, trustedKeys: trusted, kioskID: nil) }
            guard faulty.injected else { XCTAssertNoThrow(try result.get()); break }
            let at = "fault #\(n) at \(faulty.failedOperation ?? "?")"
            switch result {
            case .failure:
                Invariant.check(data, allowed: [switched(faulty) ? idA : nil], context: at)
            case .success(let r):
                assertHarmless(faulty, warnings: r.warnings, at)
                Invariant.check(data, allowed: [idA], context: at)
            }
            _ = try BundleInstaller(dataDirectory: data, fileSystem: fastFS).install(bundle: a, trustedKeys: trusted, kioskID: nil)
            Invariant.check(data, allowed: [idA], context: "retry after \(at)")
            try assertNoLeftovers(data)
            try FileManager.default.removeItem(at: data)
            n += 1
        }
        XCTAssertGreaterThan(n, 100)
    }

    func testAFaultAtAnyOperationOfARollbackLeavesOneCompleteVersionCurrent() throws {
        let a = try makeSmallBundle("a", version: "v1", created: "2026-11-01T00:00:00Z")
        let b = try makeSmallBundle("b", version: "v2", created: "2026-11-02T00:00:00Z")
        let idA = try manifest(of: a).id, idB = try manifest(of: b).id
        let data = url("data")
        let real = BundleInstaller(dataDirectory: data, fileSystem: fastFS)
        try real.install(bundle: a, trustedKeys: trusted, kioskID: nil)
        var n = 1
        while n < 10_000 {
            try real.install(bundle: b, trustedKeys: trusted, kioskID: nil)
            let faulty = FaultyFileSystem(base: fastFS, failAt: n, fault: fault(n))
            let result = Result { try BundleInstaller(dataDirectory: data, fileSystem: faulty).rollback() }
            guard faulty.injected else { XCTAssertEqual(try result.get().to, idA); break }
            let at = "fault #\(n) at \(faulty.failedOperation ?? "?")"
            if case .failure = result {
                Invariant.check(data, allowed: [switched(faulty) ? idA : idB], context: at)
            } else {
                Invariant.check(data, allowed: [idA], context: at)
            }
            _ = try real.recover()
            n += 1
        }
        XCTAssertGreaterThan(n, 30)
    }

    /// A published tree's top manifest never names an object that is not
    /// there, whatever operation of a publish fails.
    func testAFaultAtAnyOperationOfAPublishNeverExposesMissingObjects() throws {
        let a = try makeSmallBundle("a", version: "v1", created: "2026-11-01T00:00:00Z")
        let b = try makeSmallBundle("b", version: "v2", created: "2026-11-02T00:00:00Z")
        let idA = try manifest(of: a).id, idB = try manifest(of: b).id
        var n = 1
        while n < 10_000 {
            let site = url("site-\(n)")
            try BundlePublisher.publish(bundle: a, to: site, fileSystem: fastFS)
            let faulty = FaultyFileSystem(base: fastFS, failAt: n, fault: fault(n))
            let result = Result { try BundlePublisher.publish(bundle: b, to: site, fileSystem: faulty) }
            guard faulty.injected else { XCTAssertTrue(try result.get().isLatest); break }
            let at = "fault #\(n) at \(faulty.failedOperation ?? "?")"
            let top = try BundleManifest.parse(try Data(contentsOf: site.appendingPathComponent("manifest.json")))
            XCTAssertTrue([idA, idB].contains(top.id), at)
            XCTAssertNoThrow(try BundleVerifier(trustedKeys: trusted).verifyObjects(of: top, in: site.path), at)
            // The signature may lag one rename behind, and then only the signature fails.
            do { _ = try BundleVerifier(trustedKeys: trusted).verify(bundle: site) } catch BundleError.badSignature {} catch {
                XCTFail("\(at): \(error)")
            }
            // Publishing again repairs everything.
            XCTAssertTrue(try BundlePublisher.publish(bundle: b, to: site, fileSystem: fastFS).isLatest)
            XCTAssertEqual(try BundleVerifier(trustedKeys: trusted).verify(bundle: site).manifest.id, idB, at)
            try FileManager.default.removeItem(at: site)
            n += 1
        }
        XCTAssertGreaterThan(n, 100)
    }
}
