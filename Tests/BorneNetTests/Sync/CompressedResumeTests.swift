import BorneNet
import BorneSync
import Foundation
import XCTest

/// A compressed object (`objects/ab/cdef….gz`) cut by an interrupted run is
/// resumed with a Range request, and a resumed part that does not inflate
/// to the signed bytes is fetched again from zero: the engine with
/// FakeGate's trees, gzipped as `borne content publish` does, on nginx.
final class CompressedResumeTests: NginxTestCase {
    private var data: URL { work.appendingPathComponent("data") }
    private var published: URL { server.root.appendingPathComponent("bundle") }

    /// Publishes one object, compressible enough to give a sizeable .gz, and
    /// its .gz (`gzip -9n`); returns the plain bytes and the .gz bytes.
    private func publishOneCompressed() throws -> (plain: Data, packed: Data, part: URL) {
        let text = (0..<6_000).map { "trkpt \($0): lat 45.\($0 * 7 % 1000) lon 2.\($0 * 13 % 1000) ele \(900 + $0 % 300)\n" }.joined()
        let plain = Data(text.utf8)
        try FakeGate.publish(["gpx/long.gpx": plain], id: "v1", into: published)
        let sha = FakeGate.sha256(plain)
        let object = published.appendingPathComponent("objects/\(sha.prefix(2))/\(sha.dropFirst(2))")
        XCTAssertEqual(system("gzip -9nk '\(object.path)' && chmod a+r '\(object.path).gz'"), 0)
        let packed = try Data(contentsOf: object.appendingPathExtension("gz"))
        XCTAssertLessThan(packed.count * 3, plain.count, "the test wants a well compressible object")
        let part = data.appendingPathComponent("sync/objects/\(sha.prefix(2))/\(sha.dropFirst(2)).gz.part")
        try FileManager.default.createDirectory(at: part.deletingLastPathComponent(), withIntermediateDirectories: true)
        return (plain, packed, part)
    }

    private func run() throws -> (SyncReport, FakeGate) {
        let gate = FakeGate(root: work.appendingPathComponent("gate"))
        let engine = SyncEngine(source: server.url("bundle"), dataDir: data, gate: gate, transport: HTTPClient(),
                                retrier: Retrier(attempts: 1, sleep: { _ in }))
        return (try engine.run(), gate)
    }

    private var manifestAndSignature: Int64 {
        Int64(((try? Data(contentsOf: published.appendingPathComponent("manifest.json")))?.count ?? 0) + FakeGate.signature.count)
    }

    func testACompressedPartIsResumed() throws {
        let (plain, packed, part) = try publishOneCompressed()
        let cut = packed.count / 3
        try packed.prefix(cut).write(to: part)

        let (report, gate) = try run()
        XCTAssertEqual(report.installedId, "v1")
        XCTAssertEqual(report.bytesFetched, Int64(packed.count - cut) + manifestAndSignature, "only the rest of the .gz")
        XCTAssertTrue(accessLines(".gz HTTP/").last?.contains("\" 206 ") == true, "\(accessLines(".gz"))")
        XCTAssertEqual(try Data(contentsOf: gate.root.appendingPathComponent("versions/v1/gpx/long.gpx")), plain)
    }

    func testAResumedPartThatDoesNotInflateToTheSignedBytesIsFetchedAgainFromZero() throws {
        let (plain, packed, part) = try publishOneCompressed()
        let cut = packed.count / 3
        var damaged = packed.prefix(cut)
        damaged[damaged.startIndex + cut / 2] ^= 0xFF
        try damaged.write(to: part)

        let (report, gate) = try run()
        XCTAssertEqual(report.installedId, "v1")
        XCTAssertEqual(report.bytesFetched, Int64(packed.count - cut + packed.count) + manifestAndSignature,
                       "the rest of the damaged part, then the whole .gz")
        let requests = accessLines(".gz HTTP/")
        XCTAssertEqual(requests.count, 2, requests.joined(separator: "\n"))
        XCTAssertTrue(requests.first?.contains("\" 206 ") == true && requests.last?.contains("\" 200 ") == true, "\(requests)")
        XCTAssertEqual(try Data(contentsOf: gate.root.appendingPathComponent("versions/v1/gpx/long.gpx")), plain)
    }
}
