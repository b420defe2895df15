import Foundation
import XCTest
@testable import BorneBundle
import BorneContent

/// Installing, switching, keeping and rolling back content versions.
final class BundleInstallerTests: BundleTestCase {
    var data: URL { url("data") }
    var installer: BundleInstaller { BundleInstaller(dataDirectory: data, fileSystem: RealFileSystem()) }

    @discardableResult
    func install(_ bundle: URL, kiosk: String? = "vic-sur-cere", force: Bool = false) throws -> BundleInstaller.InstallResult {
        try installer.install(bundle: bundle, trustedKeys: trusted, kioskID: kiosk, force: force)
    }

    func id(_ bundle: URL) throws -> String { try manifest(of: bundle).id }

    func staging() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("content/staging").path)
    }

    /// pack → sign → verify → install → load, on the repository's content/.
    func testRoundTripOfTheRepositoryContent() throws {
        let bundle = url("repo-bundle")
        let m = try BundleWriter.write(contentDirectory: Repo.content, to: bundle, signingKey: key)
        XCTAssertTrue(m.files.contains { $0.path == "items/manger.json" })
        XCTAssertTrue(m.files.contains { $0.path == "gpx/pas-de-cere.gpx" })
        _ = try BundleVerifier(trustedKeys: trusted).verify(bundle: bundle)
        let result = try install(bundle)
        XCTAssertEqual(result, .init(id: m.id, outcome: .installed, previous: nil, pruned: [], warnings: []))
        let current = data.appendingPathComponent("content/current")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: current.path), "versions/\(m.id)")
        XCTAssertEqual(try ContentLoader.load(directory: current), try ContentLoader.load(directory: Repo.content))
        XCTAssertEqual(installer.currentDirectory?.lastPathComponent, m.id)
        for f in m.files {
            XCTAssertEqual(try Data(contentsOf: current.appendingPathComponent(f.path)),
                           try Data(contentsOf: Repo.content.appendingPathComponent(f.path)), f.path)
        }
        XCTAssertEqual(try staging(), [])
        Invariant.check(data, allowed: [m.id])
        // The install step wrote the hikes' track index: the kiosk parses no GPX.
        let loaded = try ContentLoader.load(directory: current)
        XCTAssertEqual(loaded.tracks.source?.path, current.appendingPathComponent(ContentLoader.trackIndexName).path)
        XCTAssertEqual(loaded.tracks.parsed, 0)
        XCTAssertEqual(loaded.tracks.built.entries.count, try ContentLoader.load(directory: Repo.content).tracks.parsed)
        // And the item index: the kiosk parses no items, and sees the same catalog.
        XCTAssertEqual(loaded.items.source?.path, current.appendingPathComponent(ContentLoader.itemIndexName).path)
        XCTAssertEqual(loaded.items.refused, [])
        XCTAssertNil(loaded.items.built)
    }

    func testInstallingTheSameIdAgainIsANoOp() throws {
        let a = try makeSmallBundle("a")
        try install(a)
        let version = data.appendingPathComponent("content/versions/\(try id(a))")
        let before = try FileManager.default.attributesOfItem(atPath: version.path)[.modificationDate] as? Date
        XCTAssertEqual(try install(a).outcome, .alreadyCurrent)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: version.path)[.modificationDate] as? Date, before)
    }

    func testNewerBundleReplacesCurrentAndOlderIsRefusedUnlessForced() throws {
        let a = try makeSmallBundle("a", version: "v1", created: "2026-11-01T00:00:00Z")
        let b = try makeSmallBundle("b", version: "v2", created: "2026-11-02T00:00:00Z")
        try install(a)
        let r = try install(b)
        XCTAssertEqual(r.previous, try id(a))
        XCTAssertEqual(try installer.currentID(), try id(b))
        assertThrows(.downgrade(installed: try id(b), offered: try id(a))) { try self.install(a) }
        Invariant.check(data, allowed: [try id(b)])
        XCTAssertEqual(try install(a, force: true).outcome, .installed)
        Invariant.check(data, allowed: [try id(a)])
    }

    func testOnlyTheLastThreeVersionsAreKeptAndNeverTheCurrentRemoved() throws {
        var ids: [String] = []
        for day in 1...5 {
            let b = try makeSmallBundle("b\(day)", version: "v\(day)", created: "2026-11-0\(day)T00:00:00Z")
            let r = try install(b)
            ids.append(r.id)
            if day == 4 { XCTAssertEqual(r.pruned, [ids[0]]) }
        }
        XCTAssertEqual(try installer.installedVersions(), Array(ids.suffix(3)))
        // The current version is kept even when it is the oldest (a forced downgrade).
        let b0 = try makeSmallBundle("b0", version: "v0", created: "2026-10-01T00:00:00Z")
        let r = try install(b0, force: true)
        XCTAssertEqual(r.pruned, [ids[2]])
        XCTAssertEqual(try installer.installedVersions(), [r.id, ids[3], ids[4]])
        Invariant.check(data, allowed: [r.id])
    }

    func testRollbackSwitchesToThePreviousVersion() throws {
        assertThrows(.nothingInstalled(dataDirectory: data.standardizedFileURL.path)) { try self.installer.rollback() }
        let a = try makeSmallBundle("a", version: "v1", created: "2026-11-01T00:00:00Z")
        let b = try makeSmallBundle("b", version: "v2", created: "2026-11-02T00:00:00Z")
        try install(a)
        assertThrows(.noPreviousVersion(current: try id(a))) { try self.installer.rollback() }
        try install(b)
        XCTAssertEqual(try installer.rollback(), .init(from: try id(b), to: try id(a)))
        Invariant.check(data, allowed: [try id(a)])
        XCTAssertEqual(try ContentLoader.load(directory: data.appendingPathComponent("content/current")).bundle.version, "v1")
        // Going forward again is an install of the newer bundle.
        XCTAssertEqual(try install(b).outcome, .installed)
        Invariant.check(data, allowed: [try id(b)])
    }

    func testRollbackRefusesADamagedVersion() throws {
        let a = try makeSmallBundle("a", version: "v1", created: "2026-11-01T00:00:00Z")
        let b = try makeSmallBundle("b", version: "v2", created: "2026-11-02T00:00:00Z")
        try install(a)
        try install(b)
        let office = data.appendingPathComponent("content/versions/\(try id(a))/office.json")
        try Data("{}".utf8).write(to: office)
        assertThrows({ try self.installer.rollback() }) {
            if case .truncatedObject(path: "office.json", _, _) = $0 { return true } else { return false }
        }
        Invariant.check(data, allowed: [try id(b)])
    }

    func testRecoverRemovesLeftoversOfACrash() throws {
        let a = try makeSmallBundle("a")
        try install(a)
        let content = data.appendingPathComponent("content")
        try FileManager.default.createSymbolicLink(atPath: content.appendingPathComponent("current.tmp").path, withDestinationPath: "versions/x")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("staging/x.tmp/items"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: content.appendingPathComponent("staging/x.tmp/items/a.json"))
        try FileManager.default.createDirectory(at: content.appendingPathComponent("versions/y.tmp"), withIntermediateDirectories: true)
        let removed = try installer.recover()
        XCTAssertEqual(removed.count, 3, "\(removed)")
        XCTAssertEqual(try staging(), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: content.appendingPathComponent("current.tmp").path))
        XCTAssertEqual(try installer.installedVersions(), [try id(a)])
        Invariant.check(data, allowed: [try id(a)])
    }

    func testRecoverOnAnEmptyDataDirectoryCreatesTheLayout() throws {
        XCTAssertEqual(try installer.recover(), [])
        XCTAssertNil(try installer.currentID())
        XCTAssertNil(installer.currentDirectory)
        Invariant.check(data, allowed: [nil])
    }

    func testASecondInstallerWaitsItsTurn() throws {
        let a = try makeSmallBundle("a")
        let holder = installer
        try holder.prepareLayout()
        try holder.withLock {
            assertThrows(.busy(path: data.standardizedFileURL.path + "/content/.lock")) { try self.install(a) }
            XCTAssertEqual(try installer.recover(), [], "recover leaves a running install alone")
        }
        XCTAssertEqual(try install(a).outcome, .installed)
    }

    // MARK: Refusals leave the old content current

    func installRefused(_ bundle: URL, kiosk: String? = "vic-sur-cere", file: StaticString = #filePath, line: UInt = #line,
                        matching: (BundleError) -> Bool) throws {
        let a = try makeSmallBundle("installed-first", created: "2026-01-01T00:00:00Z")
        try install(a)
        assertThrows(file: file, line: line, { try self.install(bundle, kiosk: kiosk) }, matching: matching)
        Invariant.check(data, allowed: [try id(a)], file: file, line: line)
        XCTAssertEqual(try installer.installedVersions(), [try id(a)], file: file, line: line)
        XCTAssertEqual(try staging(), [], file: file, line: line)
    }

    func testTamperedObjectIsNotInstalled() throws {
        let b = try makeSmallBundle("b")
        let object = try objectURL(b, path: "items/manger.json")
        var bytes = try Data(contentsOf: object)
        bytes[5] ^= 1
        try bytes.write(to: object)
        try installRefused(b) { if case .checksumMismatch = $0 { return true } else { return false } }
    }

    func testTamperedManifestIsNotInstalled() throws {
        let b = try makeSmallBundle("b")
        let file = b.appendingPathComponent("manifest.json")
        var bytes = try Data(contentsOf: file)
        let r = try XCTUnwrap(bytes.range(of: Data("\"tests\"".utf8)))
        bytes[r.lowerBound + 1] = UInt8(ascii: "x")
        try bytes.write(to: file)
        try installRefused(b) { if case .badSignature = $0 { return true } else { return false } }
    }

    func testBundleOfAnUnknownKeyIsNotInstalled() throws {
        let b = try makeSmallBundle("b")
        try resign(b, with: try Ed25519PrivateKey.generate())
        try installRefused(b) { if case .unknownKey = $0 { return true } else { return false } }
    }

    func testDotDotPathWritesNothingOutside() throws {
        let b = try makeSmallBundle("b")
        try rewriteManifest(b) { m in m.files.insert(.init(path: "../../evil.json", sha256: m.files[0].sha256, size: m.files[0].size), at: 0) }
        try installRefused(b) { if case .unsafePath = $0 { return true } else { return false } }
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.appendingPathComponent("content/evil.json").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.appendingPathComponent("evil.json").path))
    }

    func testBidiControlPathIsNotInstalled() throws {
        let b = try makeSmallBundle("b")
        try rewriteManifest(b) { m in
            m.files.append(.init(path: "items/\u{202E}nosj.live.json", sha256: m.files[0].sha256, size: m.files[0].size))
            m.files.sort { BundlePath.precedes($0.path, $1.path) }
        }
        // Refused, and only the version installed before stays (installRefused checks it).
        try installRefused(b) { if case .unsafePath(_, let why) = $0 { return why.contains("U+202E") } else { return false } }
    }

    func testTruncatedObjectIsNotInstalled() throws {
        let b = try makeSmallBundle("b")
        let object = try objectURL(b, path: "gpx/boucle.gpx")
        try Data(try Data(contentsOf: object).prefix(50)).write(to: object)
        try installRefused(b) { if case .truncatedObject(path: "gpx/boucle.gpx", _, actual: 50) = $0 { return true } else { return false } }
    }

    func testContentThatDoesNotLoadIsNotInstalled() throws {
        // A correctly signed bundle whose office.json is broken.
        let b = try makeSmallBundle("b")
        let bad = Data(#"{"name": {"fr": "x"}}"#.utf8)
        let sha = SHA256.hex(bad)
        let object = b.appendingPathComponent(BundlePath.objectPath(sha))
        try FileManager.default.createDirectory(at: object.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bad.write(to: object)
        try rewriteManifest(b) { m in
            let i = m.files.firstIndex { $0.path == "office.json" }!
            m.files[i] = .init(path: "office.json", sha256: sha, size: Int64(bad.count))
        }
        try installRefused(b) { if case .contentInvalid(_, let reason) = $0 { return reason.contains("office.json") } else { return false } }
    }

    func testBundleForOtherKiosksIsNotInstalled() throws {
        let b = try makeSmallBundle("b", scope: ["thiezac"])
        try installRefused(b) { $0 == .outOfScope(bundle: try! self.id(b), kiosk: "vic-sur-cere", scope: ["thiezac"]) }
        let c = try makeSmallBundle("c", version: "v3", scope: ["vic-sur-cere", "thiezac"])
        XCTAssertEqual(try install(c).outcome, .installed)
    }

    func testDiskFullSurfacesAsDiskFullAndKeepsTheOldVersion() throws {
        let a = try makeSmallBundle("a", created: "2026-01-01T00:00:00Z")
        try install(a)
        let b = try makeSmallBundle("b", version: "v2")
        // From the third write on, the disk is full (each write half-succeeds first).
        let full = FaultyFileSystem(base: RealFileSystem(), failAt: 3, fault: .persistent(ENOSPC), counting: [.write])
        let faulty = BundleInstaller(dataDirectory: data, fileSystem: full)
        XCTAssertThrowsError(try faulty.install(bundle: b, trustedKeys: trusted, kioskID: nil)) { error in
            guard case .diskFull(let path)? = error as? BundleError else { return XCTFail("\(error)") }
            XCTAssertTrue(path.contains("/content/staging/"), path)
            XCTAssertTrue(error.localizedDescription.isEmpty == false)
        }
        XCTAssertTrue(full.injected)
        Invariant.check(data, allowed: [try id(a)])
        XCTAssertEqual(try staging(), [], "the partial stage is removed")
        XCTAssertEqual(try install(b).outcome, .installed, "with space again, the install goes through")
    }
}

/// Swaps an object's bytes the second time it is opened: after the verifier
/// read it, before the installer copies it (a USB stick changing under us).
final class SwappingFileSystem: FileSystem {
    let base = RealFileSystem()
    let target: String
    let replacement: Data
    var opens = 0
    init(target: String, replacement: Data) { self.target = target; self.replacement = replacement }

    func openForReading(_ path: String) throws -> Int32 {
        if path == target {
            opens += 1
            if opens == 2 { try replacement.write(to: URL(fileURLWithPath: path)) }
        }
        return try base.openForReading(path)
    }
    func kind(_ path: String) throws -> FileKind? { try base.kind(path) }
    func listDirectory(_ path: String) throws -> [String] { try base.listDirectory(path) }
    func makeDirectory(_ path: String) throws { try base.makeDirectory(path) }
    func createFile(_ path: String, private p: Bool) throws -> Int32 { try base.createFile(path, private: p) }
    func read(_ fd: Int32, into b: UnsafeMutableRawBufferPointer, path: String) throws -> Int { try base.read(fd, into: b, path: path) }
    func write(_ fd: Int32, _ b: UnsafeRawBufferPointer, path: String) throws { try base.write(fd, b, path: path) }
    func sync(_ fd: Int32, path: String) throws { try base.sync(fd, path: path) }
    func close(_ fd: Int32, path: String) throws { try base.close(fd, path: path) }
    func syncDirectory(_ path: String) throws { try base.syncDirectory(path) }
    func rename(_ from: String, to: String) throws { try base.rename(from, to: to) }
    func createSymlink(_ path: String, target: String) throws { try base.createSymlink(path, target: target) }
    func readSymlink(_ path: String) throws -> String? { try base.readSymlink(path) }
    func removeFile(_ path: String) throws { try base.removeFile(path) }
    func removeDirectory(_ path: String) throws { try base.removeDirectory(path) }
}

final class BundleInstallerTOCTOUTests: BundleTestCase {
    func testObjectChangedAfterVerificationIsCaughtWhileCopying() throws {
        let data = url("data")
        let a = try makeSmallBundle("a", created: "2026-01-01T00:00:00Z")
        try BundleInstaller(dataDirectory: data, fileSystem: RealFileSystem()).install(bundle: a, trustedKeys: trusted, kioskID: nil)
        let b = try makeSmallBundle("b", version: "v2")
        let object = try objectURL(b, path: "items/manger.json")
        var evil = try Data(contentsOf: object)
        evil[evil.count - 3] ^= 0x01   // same size, other bytes
        let swapping = SwappingFileSystem(target: object.standardizedFileURL.path, replacement: evil)
        XCTAssertThrowsError(try BundleInstaller(dataDirectory: data, fileSystem: swapping)
            .install(bundle: b, trustedKeys: trusted, kioskID: nil)) { error in
            guard case .checksumMismatch(path: "items/manger.json", _, _)? = error as? BundleError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(swapping.opens, 2, "verified once, then copied")
        Invariant.check(data, allowed: [try manifest(of: a).id])
    }
}
