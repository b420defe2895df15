import Foundation
import XCTest
@testable import BorneBundle

final class BundlePublisherTests: BundleTestCase {
    func testPublishingTwiceIsHarmlessAndTheTreeIsABundle() throws {
        let a = try makeSmallBundle("a")
        let site = url("site")
        let first = try BundlePublisher.publish(bundle: a, to: site)
        XCTAssertEqual(first.objectsWritten, try manifest(of: a).objects.count)
        XCTAssertTrue(first.isLatest)
        let second = try BundlePublisher.publish(bundle: a, to: site)
        XCTAssertEqual(second.objectsWritten, 0)
        XCTAssertEqual(second.objectsKept, first.objectsWritten)
        let id = try manifest(of: a).id
        for name in ["manifest.json", "manifest.sig"] {
            XCTAssertEqual(try Data(contentsOf: site.appendingPathComponent(name)), try Data(contentsOf: a.appendingPathComponent(name)))
            XCTAssertEqual(try Data(contentsOf: site.appendingPathComponent("bundles/\(id)/\(name)")),
                           try Data(contentsOf: a.appendingPathComponent(name)))
        }
        XCTAssertEqual(try BundleVerifier(trustedKeys: trusted).verify(bundle: site).manifest.id, id)
        // A kiosk can install straight from a copy of the tree.
        let r = try BundleInstaller(dataDirectory: url("data"), fileSystem: RealFileSystem())
            .install(bundle: site, trustedKeys: trusted, kioskID: nil)
        XCTAssertEqual(r.id, id)
    }

    func testTheLatestOnlyMovesForwardUnlessForced() throws {
        let old = try makeSmallBundle("old", version: "v1", created: "2026-11-01T00:00:00Z")
        let new = try makeSmallBundle("new", version: "v2", created: "2026-11-02T00:00:00Z")
        let site = url("site")
        XCTAssertTrue(try BundlePublisher.publish(bundle: new, to: site).isLatest)
        XCTAssertFalse(try BundlePublisher.publish(bundle: old, to: site).isLatest)
        XCTAssertEqual(try manifest(of: site).id, try manifest(of: new).id)
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("bundles/\(try manifest(of: old).id)/manifest.sig").path))
        XCTAssertTrue(try BundlePublisher.publish(bundle: old, to: site, force: true).isLatest)
        XCTAssertEqual(try manifest(of: site).id, try manifest(of: old).id)
    }

    func testUnsignedOrDamagedBundlesAreNotPublished() throws {
        let content = try makeContent("c")
        try BundleWriter.write(contentDirectory: content, to: url("unsigned"))
        assertThrows(.signatureMissing(path: url("unsigned").path + "/manifest.sig")) {
            try BundlePublisher.publish(bundle: self.url("unsigned"), to: self.url("site"))
        }
        let b = try makeSmallBundle("b")
        let object = try objectURL(b, path: "office.json")
        try Data("{}".utf8).write(to: object)
        assertThrows({ try BundlePublisher.publish(bundle: b, to: self.url("site")) }) {
            if case .truncatedObject = $0 { return true } else { return false }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: url("site/manifest.json").path))
    }

    func testPruneKeepsTheNewestBundlesAndTheirObjects() throws {
        let site = url("site")
        var ids: [String] = []
        for day in 1...3 {
            let b = try makeSmallBundle("b\(day)", version: "v\(day)", created: "2026-11-0\(day)T00:00:00Z")
            ids.append(try BundlePublisher.publish(bundle: b, to: site).id)
        }
        let p = try BundlePublisher.prune(site, keep: 2)
        XCTAssertEqual(p.bundlesRemoved, [ids[0]])
        XCTAssertEqual(p.objectsRemoved, 2, "bundle.json and items/manger.json of v1")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("bundles").path).sorted(),
                       Array(ids.suffix(2)))
        XCTAssertNoThrow(try BundleVerifier(trustedKeys: trusted).verify(bundle: site))
        for id in ids.suffix(2) {
            let m = try BundleManifest.parse(try Data(contentsOf: site.appendingPathComponent("bundles/\(id)/manifest.json")))
            XCTAssertNoThrow(try BundleVerifier(trustedKeys: trusted).verifyObjects(of: m, in: site.path))
        }
    }
}
