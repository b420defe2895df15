import BorneNet
import BorneSync
import Foundation
import XCTest

final class SyncEngineTests: NginxTestCase {
    private var data: URL { work.appendingPathComponent("data") }
    private var gate: FakeGate!
    private var published: URL { server.root.appendingPathComponent("bundle") }
    private var source: String { server.url("bundle") }

    override func setUpWithError() throws {
        try super.setUpWithError()
        gate = FakeGate(root: work.appendingPathComponent("gate"))
    }

    static func files(_ n: Int, size: Int = 40_000, seed: UInt64 = 1) -> [String: Data] {
        var out: [String: Data] = [:]
        for i in 0..<n { out["img/photo-\(i).jpg"] = bytes(size + i, seed: seed + UInt64(i)) }
        out["content/places.json"] = Data("{\"places\": []}".utf8)
        return out
    }

    private func engine(budget: ByteBudget? = nil, transport: SyncTransport? = nil, attempts: Int = 1) -> SyncEngine {
        SyncEngine(source: source, dataDir: data, gate: gate,
                   transport: transport ?? HTTPClient(budget: budget),
                   retrier: Retrier(attempts: attempts, sleep: { _ in }))
    }

    private func installed(_ id: String) -> URL { gate.root.appendingPathComponent("versions/\(id)") }

    func testSyncFetchesAllThenNothingWhenUnchanged() throws {
        let files = Self.files(5)
        let sizes = try FakeGate.publish(files, id: "v1", into: published)
        let first = try engine().run()
        XCTAssertEqual(first.installedId, "v1")
        XCTAssertTrue(first.manifestChanged)
        XCTAssertEqual(first.objectsFetched, 6)
        let total = files.values.reduce(0) { $0 + $1.count } + sizes.manifest + sizes.signature
        XCTAssertEqual(first.bytesFetched, Int64(total))
        for (path, body) in files { XCTAssertEqual(try Data(contentsOf: installed("v1").appendingPathComponent(path)), body) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.appendingPathComponent("sync/objects").path),
                       "staging is emptied after the install")

        let second = try engine().run()
        XCTAssertEqual(second, SyncReport(manifestChanged: false, objectsFetched: 0, bytesFetched: 0, installedId: nil))
        XCTAssertEqual(accessLines("/bundle/manifest.json").last?.contains("\" 304 "), true, "conditional GET answered 304")
        XCTAssertEqual(gate.installs, ["v1"])
        let state = try String(contentsOf: data.appendingPathComponent("sync/state.json"), encoding: .utf8)
        XCTAssertTrue(state.contains("\"etag\"") && state.contains("\"installed_id\" : \"v1\""), state)
    }

    func testChangingOneFileFetchesOnlyThatObject() throws {
        var files = Self.files(8)
        try FakeGate.publish(files, id: "v1", into: published)
        _ = try engine().run()

        let changed = Self.bytes(123_457, seed: 99)
        files["img/photo-3.jpg"] = changed
        let sizes = try FakeGate.publish(files, id: "v2", into: published)
        let budget = ByteBudget(limit: 50_000_000, dataDir: data)
        let report = try engine(budget: budget).run()

        XCTAssertEqual(report.installedId, "v2")
        XCTAssertEqual(report.objectsFetched, 1)
        let expected = changed.count + sizes.manifest + sizes.signature
        XCTAssertEqual(report.bytesFetched, Int64(expected), "body bytes: the object, the manifest and its signature")
        // On the wire, with request and response headers of the three GETs, and the
        // 404 of the object's compressed copy, which FakeGate's trees do not hold.
        XCTAssertGreaterThan(budget.used, Int64(expected))
        XCTAssertLessThan(budget.used, Int64(expected + 2_000))
        print("measured: one changed object of \(changed.count) B + manifest \(sizes.manifest) B + sig \(sizes.signature) B"
              + " = \(expected) B of bodies; \(budget.used) B on the wire (budget)")
        XCTAssertEqual(try Data(contentsOf: installed("v2").appendingPathComponent("img/photo-3.jpg")), changed)
    }

    func testAPartLeftByAnInterruptedRunIsResumed() throws {
        let big = Self.bytes(400_000, seed: 5)
        try FakeGate.publish(["big.bin": big], id: "v1", into: published)
        let sha = FakeGate.sha256(big)
        let part = data.appendingPathComponent("sync/objects/\(sha.prefix(2))/\(sha.dropFirst(2)).part")
        try FileManager.default.createDirectory(at: part.deletingLastPathComponent(), withIntermediateDirectories: true)
        try big.prefix(300_000).write(to: part)

        let report = try engine().run()
        XCTAssertEqual(report.installedId, "v1")
        let manifest = try Data(contentsOf: published.appendingPathComponent("manifest.json")).count
        XCTAssertEqual(report.bytesFetched, Int64(100_000 + manifest + FakeGate.signature.count))
    }

    func testAnObjectThatDoesNotMatchItsNameIsRefusedAndNothingInstalled() throws {
        let files = ["a.txt": Data("alpha".utf8), "b.txt": Data("bravo".utf8)]
        try FakeGate.publish(files, id: "v1", into: published)
        let sha = FakeGate.sha256(Data("bravo".utf8))
        try Data("brav0".utf8).write(to: published.appendingPathComponent("objects/\(sha.prefix(2))/\(sha.dropFirst(2))"))

        XCTAssertThrowsError(try engine().run()) { error in
            guard let f = error as? SyncFailure, case .checksumMismatch(let source, let expected, _)? = f.cause as? SyncError
            else { return XCTFail("\(error)") }
            XCTAssertEqual(expected, sha)
            XCTAssertTrue(source.hasSuffix("/bundle/objects/\(sha.prefix(2))/\(sha.dropFirst(2))"), source)
            XCTAssertFalse(f.isTemporary)
        }
        XCTAssertEqual(gate.installs, [])
        let staged = data.appendingPathComponent("sync/objects/\(sha.prefix(2))/\(sha.dropFirst(2))")
        XCTAssertFalse(FileManager.default.fileExists(atPath: staged.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: staged.path + ".part"))
    }

    func testAManifestThatDoesNotVerifyIsForgotten() throws {
        try FakeGate.publish(Self.files(1), id: "v1", into: published)
        try Data("forged".utf8).write(to: published.appendingPathComponent("manifest.sig"))
        XCTAssertThrowsError(try engine().run()) { error in
            XCTAssertTrue((error as? SyncFailure)?.error is FakeGate.Refused, "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: data.appendingPathComponent("sync/manifest.json").path))
        // Fixed on the server: the next run fetches the pair again (no stale 304).
        try FakeGate.publish(Self.files(1), id: "v1", into: published)
        XCTAssertEqual(try engine().run().installedId, "v1")
    }

    func testTheBudgetStopsASyncWhichTheNextDayFinishes() throws {
        let files = Self.files(6, size: 50_000)
        try FakeGate.publish(files, id: "v1", into: published)
        nonisolated(unsafe) var now = Date(timeIntervalSince1970: 1_752_480_000)   // 2025-07-14 10:00 Paris
        let today = ByteBudget(limit: 160_000, dataDir: data, now: { now })

        XCTAssertThrowsError(try engine(budget: today).run()) { error in
            guard let f = error as? SyncFailure, case .budgetExceeded? = f.cause as? NetError else { return XCTFail("\(error)") }
            XCTAssertTrue(f.isTemporary)
            XCTAssertGreaterThan(f.report.objectsFetched, 0)
            XCTAssertLessThan(f.report.objectsFetched, 7)
        }
        XCTAssertLessThanOrEqual(today.used, 160_000, "refused at Content-Length: never past the limit")
        XCTAssertEqual(gate.installs, [])

        now = now.addingTimeInterval(86_400)
        let report = try engine(budget: today).run()
        XCTAssertEqual(report.installedId, "v1")
        let sent = accessLines("/bundle/objects/").filter { $0.contains("\" 200 ") }.count
        XCTAssertEqual(sent, 7, "each object crossed the link once")
    }

    func testAFailureAtAnyTransferLeavesARunThatCompletes() throws {
        // SQLite-style: fail the Nth transfer, N = 1, 2, ... until a run sees no fault.
        let files = Self.files(3, size: 20_000)
        try FakeGate.publish(files, id: "v1", into: published)
        var n = 1
        while true {
            try? FileManager.default.removeItem(at: data)
            try? FileManager.default.removeItem(at: gate.root)
            gate = FakeGate(root: work.appendingPathComponent("gate"))
            let faulty = FaultyTransport(HTTPClient(), failAt: n)
            let first = Result { try engine(transport: faulty).run() }
            if case .success(let report) = first {
                XCTAssertEqual(report.installedId, "v1")
                break
            }
            XCTAssertEqual(gate.installs, [], "no install after a fault (N=\(n))")
            let second = try engine().run()
            XCTAssertEqual(second.installedId, "v1", "N=\(n)")
            for (path, body) in files { XCTAssertEqual(try Data(contentsOf: installed("v1").appendingPathComponent(path)), body) }
            n += 1
            XCTAssertLessThan(n, 20)
        }
        XCTAssertEqual(n, 8, "manifest + signature + the first object's compressed copy (404) + 4 objects = 7 transfers could fail")
    }

    func testTransientFailuresAreRetriedWithBackoff() throws {
        try FakeGate.publish(Self.files(1), id: "v1", into: published)
        let faulty = FaultyTransport(HTTPClient(), failAt: 1)
        var delays: [Double] = []
        let engine = SyncEngine(source: source, dataDir: data, gate: gate, transport: faulty,
                                retrier: Retrier(backoff: Backoff(base: 2, cap: 60, random: { 0.5 }), attempts: 3,
                                                 sleep: { delays.append($0) }))
        XCTAssertEqual(try engine.run().installedId, "v1")
        XCTAssertEqual(delays, [1])
    }

    func testASecondRunWhileOneHoldsTheLockIsBusy() throws {
        try FakeGate.publish(Self.files(1), id: "v1", into: published)
        let blocking = BlockingTransport(HTTPClient())
        let done = expectation(description: "first run")
        nonisolated(unsafe) let first = engine(transport: blocking)  // handed to one thread, used there only
        Thread.detachNewThread {
            _ = try? first.run()
            done.fulfill()
        }
        blocking.entered.wait()
        XCTAssertThrowsError(try engine().run()) { error in
            guard case .busy? = (error as? SyncFailure)?.error as? SyncError else { return XCTFail("\(error)") }
        }
        blocking.release.signal()
        wait(for: [done], timeout: 10)
    }
}

/// Fails its Nth transfer (1-based) with a connection error.
final class FaultyTransport: SyncTransport {
    let inner: SyncTransport
    let failAt: Int
    private(set) var count = 0

    init(_ inner: SyncTransport, failAt: Int) { self.inner = inner; self.failAt = failAt }

    private func tick(_ url: String) throws {
        count += 1
        if count == failAt { throw NetError.couldNotConnect(url: url) }
    }

    func fetch(_ url: String, to file: URL, ifNoneMatch: String?, ifModifiedSince: String?) throws -> HTTPResult {
        try tick(url)
        return try inner.fetch(url, to: file, ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince)
    }

    func fetchResumable(_ url: String, into part: URL, expectedLength: Int64?) throws -> HTTPResult {
        try tick(url)
        return try inner.fetchResumable(url, into: part, expectedLength: expectedLength)
    }
}

/// Holds its first transfer until released, to test the lock.
final class BlockingTransport: SyncTransport, @unchecked Sendable {
    let inner: SyncTransport
    let entered = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)

    private var held = false

    init(_ inner: SyncTransport) { self.inner = inner }

    func fetch(_ url: String, to file: URL, ifNoneMatch: String?, ifModifiedSince: String?) throws -> HTTPResult {
        if !held {
            held = true
            entered.signal()
            release.wait()
        }
        return try inner.fetch(url, to: file, ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince)
    }

    func fetchResumable(_ url: String, into part: URL, expectedLength: Int64?) throws -> HTTPResult {
        try inner.fetchResumable(url, into: part, expectedLength: expectedLength)
    }
}
