import Foundation
import XCTest
@testable import BorneBundle

/// `objects/ab/cdef….gz` in a published tree (docs/BUNDLES.md, "Compressed
/// objects"): written for every object, the object's exact bytes, rewritten
/// when damaged, pruned with its object; a bundle made by `pack` has none.
final class CompressedObjectTests: BundleTestCase {
    func compressedCopies(_ tree: URL) -> [String] {
        let e = FileManager.default.enumerator(atPath: tree.appendingPathComponent("objects").path)
        return (e?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".gz") }.sorted()
    }

    func testEveryPublishedObjectHasACompressedCopyOfItsExactBytes() throws {
        let b = try makeSmallBundle("b")
        XCTAssertEqual(compressedCopies(b), [], "pack writes plain objects only")
        let site = url("site")
        try BundlePublisher.publish(bundle: b, to: site)
        let m = try manifest(of: site)
        XCTAssertEqual(compressedCopies(site).count, Set(m.files.map(\.sha256)).count)
        for file in m.files {
            let packed = try Data(contentsOf: site.appendingPathComponent(CompressedObject.path(file.sha256)))
            let plain = try CompressedObject.decompress(packed, limit: file.size)
            XCTAssertEqual(SHA256.hex(plain), file.sha256, file.path)
            XCTAssertEqual(packed, CompressedObject.compress(plain), "deterministic: the same object, the same .gz")
        }
        XCTAssertNoThrow(try BundleVerifier(trustedKeys: trusted).verify(bundle: site), "the tree is still a bundle")
    }

    func testADamagedCompressedCopyIsRewrittenByTheNextPublish() throws {
        let b = try makeSmallBundle("b")
        let site = url("site")
        try BundlePublisher.publish(bundle: b, to: site)
        let file = try XCTUnwrap(try manifest(of: b).files.first { $0.path == "office.json" })
        let gz = site.appendingPathComponent(CompressedObject.path(file.sha256))
        let good = try Data(contentsOf: gz)
        try CompressedObject.compress(Data("{}".utf8)).write(to: gz)       // inflates, to other bytes
        try BundlePublisher.publish(bundle: b, to: site)
        XCTAssertEqual(try Data(contentsOf: gz), good)
        try good.prefix(good.count - 4).write(to: gz)                       // cut short
        try BundlePublisher.publish(bundle: b, to: site)
        XCTAssertEqual(try Data(contentsOf: gz), good)
    }

    func testInflatingStopsAtTheLimit() throws {
        let packed = CompressedObject.compress(Data(repeating: 0x61, count: 100_000))
        XCTAssertThrowsError(try CompressedObject.decompress(packed, limit: 99_999))
        XCTAssertEqual(try CompressedObject.decompress(packed, limit: 100_000).count, 100_000)
    }

    func testPruneRemovesTheCompressedCopiesWithTheirObjects() throws {
        let site = url("site")
        var bundles: [URL] = []
        for day in 1...3 {
            let b = try makeSmallBundle("b\(day)", version: "v\(day)", created: "2026-11-0\(day)T00:00:00Z")
            try BundlePublisher.publish(bundle: b, to: site)
            bundles.append(b)
        }
        try BundlePublisher.prune(site, keep: 2)
        var kept = Set<String>()
        for b in bundles.suffix(2) { kept.formUnion(try manifest(of: b).files.map(\.sha256)) }
        let expected = kept.map { String(CompressedObject.path($0).dropFirst("objects/".count)) }.sorted()
        XCTAssertEqual(compressedCopies(site), expected, "exactly the kept objects' .gz remain")
    }
}
