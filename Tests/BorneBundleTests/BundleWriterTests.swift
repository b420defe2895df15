import BorneCore
import Foundation
import XCTest
@testable import BorneBundle
import BorneContent

/// Packing: the bundle layout, a deterministic manifest, what is left out.
final class BundleWriterTests: BundleTestCase {
    func testPackWritesObjectsByHashAndASortedCanonicalManifest() throws {
        let gpx = try String(contentsOf: try makeContent("model").appendingPathComponent("gpx/boucle.gpx"), encoding: .utf8)
        let content = try makeContent("c", extra: ["items/pluie.json": #"{"section": "pluie", "items": []}"#, "gpx/copie.gpx": gpx])
        let bundle = try makeBundle("b", from: content)
        let m = try manifest(of: bundle)
        XCTAssertEqual(m.files.map(\.path), ["bundle.json", "gpx/boucle.gpx", "gpx/copie.gpx", "items/manger.json",
                                             "items/pluie.json", "office.json", "urgences.json"])
        XCTAssertEqual(m.source, "tests")
        XCTAssertEqual(UTCTime.format(m.created), "2026-11-26T18:00:00Z")
        XCTAssertTrue(m.id.hasPrefix("2026-11-26T18-00-00Z-"), m.id)
        XCTAssertEqual(m.id, "2026-11-26T18-00-00Z-" + BundleManifest.contentHash(m.files).prefix(12))
        for f in m.files {
            let data = try Data(contentsOf: bundle.appendingPathComponent(BundlePath.objectPath(f.sha256)))
            XCTAssertEqual(SHA256.hex(data), f.sha256)
            XCTAssertEqual(Int64(data.count), f.size)
            XCTAssertEqual(data, try Data(contentsOf: content.appendingPathComponent(f.path)))
        }
        // The two identical GPX files are one object.
        XCTAssertEqual(m.objects.count, m.files.count - 1)
        let objectFiles = try FileManager.default.subpathsOfDirectory(atPath: bundle.appendingPathComponent("objects").path)
            .filter { $0.contains("/") }
        XCTAssertEqual(objectFiles.count, m.objects.count)
        XCTAssertEqual(objectFiles.first?.split(separator: "/").map(\.count), [2, 62])
        XCTAssertFalse(FileManager.default.fileExists(atPath: bundle.path + ".tmp"))
    }

    func testManifestBytesAreExactlyTheDocumentedForm() throws {
        let m = BundleManifest(id: "2026-11-26T18-00-00Z-abc", created: date("2026-11-26T18:00:00Z"), source: "Office \"é\"",
                               scope: ["vic-sur-cere", "thiezac"],
                               files: [.init(path: "bundle.json", sha256: String(repeating: "a", count: 64), size: 136),
                                       .init(path: "items/x.json", sha256: String(repeating: "b", count: 64), size: 0)])
        let expected = """
            {
              "format": 1,
              "id": "2026-11-26T18-00-00Z-abc",
              "created": "2026-11-26T18:00:00Z",
              "source": "Office \\"é\\"",
              "scope": ["vic-sur-cere", "thiezac"],
              "files": [
                {"path": "bundle.json", "sha256": "\(String(repeating: "a", count: 64))", "size": 136},
                {"path": "items/x.json", "sha256": "\(String(repeating: "b", count: 64))", "size": 0}
              ]
            }

            """
        XCTAssertEqual(String(decoding: m.encoded(), as: UTF8.self), expected)
        XCTAssertEqual(try BundleManifest.parse(m.encoded()), m)
    }

    func testPackingTwiceGivesTheSameBundle() throws {
        let content = try makeContent("c")
        let a = try makeBundle("a", from: content)
        let b = try makeBundle("b", from: content)
        XCTAssertEqual(try Data(contentsOf: a.appendingPathComponent("manifest.json")),
                       try Data(contentsOf: b.appendingPathComponent("manifest.json")))
        // Ed25519 is deterministic too.
        XCTAssertEqual(try Data(contentsOf: a.appendingPathComponent("manifest.sig")),
                       try Data(contentsOf: b.appendingPathComponent("manifest.sig")))
    }

    /// A bundle is dated when it is packed: bundle.json's `created` (the date
    /// of an earlier build, or the demo's) would make a re-pack sort before
    /// the bundle it replaces, and publishing would leave the old one latest.
    func testCreatedIsTheMomentOfPackingNotBundleJSONAndSourceDefaultsToBundleJSON() throws {
        let content = try makeContent("c", created: "2026-01-02T03:04:05Z")
        let before = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let m = try BundleWriter.write(contentDirectory: content, to: url("b"))
        XCTAssertGreaterThanOrEqual(m.created, before)
        XCTAssertLessThanOrEqual(m.created, Date())
        XCTAssertTrue(m.id.hasPrefix(UTCTime.format(m.created).replacingOccurrences(of: ":", with: "-")), m.id)
        XCTAssertEqual(m.source, "tests")
        XCTAssertFalse(FileManager.default.fileExists(atPath: url("b/manifest.sig").path), "unsigned unless a key is given")
    }

    func testIdsSortByCreationTime() throws {
        let content = try makeContent("c")
        let early = try makeBundle("early", from: content, created: "2026-09-30T23:59:59Z")
        let late = try makeBundle("late", from: content, created: "2026-10-01T00:00:00Z")
        XCTAssertLessThan(try manifest(of: early).id, try manifest(of: late).id)
        XCTAssertTrue(BundlePath.precedes(try manifest(of: early).id, try manifest(of: late).id))
    }

    func testHiddenFilesAreLeftOutAndSymlinksRefused() throws {
        let content = try makeContent("c", extra: [".DS_Store": "x", "items/.swp": "x"])
        let m = try makeBundle("b", from: content).path
        XCTAssertFalse(try manifest(of: URL(fileURLWithPath: m)).files.contains { $0.path.contains(".DS") || $0.path.contains(".swp") })
        try FileManager.default.createSymbolicLink(atPath: content.appendingPathComponent("items/lien.json").path,
                                                   withDestinationPath: "/etc/passwd")
        assertThrows({ try BundleWriter.write(contentDirectory: content, to: self.url("b2")) }) {
            if case .symlink = $0 { return true } else { return false }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: url("b2").path))
    }

    func testContentThatDoesNotLoadIsNotPacked() throws {
        let content = try makeContent("c", extra: ["office.json": "{"])
        assertThrows({ try BundleWriter.write(contentDirectory: content, to: self.url("b")) }) {
            if case .contentInvalid(_, let reason) = $0 { return reason.contains("office.json") } else { return false }
        }
    }

    func testExistingOutputIsNotOverwritten() throws {
        let content = try makeContent("c")
        try FileManager.default.createDirectory(at: url("b"), withIntermediateDirectories: true)
        assertThrows(.outputExists(path: url("b").path)) { try BundleWriter.write(contentDirectory: content, to: self.url("b")) }
    }

    func testCustomIdMustStartWithTheCreationStamp() throws {
        let content = try makeContent("c")
        XCTAssertNoThrow(try BundleWriter.write(contentDirectory: content, to: url("ok"), id: "2026-11-26T18-00-00Z-demo-1",
                                                created: date("2026-11-26T18:00:00Z")))
        assertThrows({
            try BundleWriter.write(contentDirectory: content, to: self.url("bad"), id: "demo-2026.11.1",
                                   created: self.date("2026-11-26T18:00:00Z"))
        }) { if case .manifestInvalid(field: "id", _) = $0 { return true } else { return false } }
    }

    func testUTCTimeIsStrict() {
        XCTAssertNotNil(UTCTime.parse("2028-02-29T23:59:59Z"))
        for bad in ["2027-02-29T00:00:00Z", "2026-11-26T18:00:00", "2026-11-26T18:00:00.5Z", "2026-11-26 18:00:00Z",
                    "2026-11-26T18:00:00+01:00", "2026-13-01T00:00:00Z", "2026-11-26T24:00:00Z", "1969-12-31T23:59:59Z"] {
            XCTAssertNil(UTCTime.parse(bad), bad)
        }
    }
}
