import BorneCore
import Foundation
import XCTest
@testable import BorneBundle
import BorneContent

/// Paths of the checkout, found from this file.
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // BorneBundleTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // repository root
    static let content = root.appendingPathComponent("content")
}

/// A test case with a fresh temporary directory and a signing key.
class BundleTestCase: XCTestCase {
    var tmp: URL!
    var key: Ed25519PrivateKey!
    var trusted: [Ed25519PublicKey] { [key.publicKey] }

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("borne-bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        key = try Ed25519PrivateKey.generate()
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    func url(_ name: String) -> URL { tmp.appendingPathComponent(name) }

    /// A small content directory that loads: bundle.json, office.json,
    /// urgences.json, one items file, one GPX. `version` changes bundle.json,
    /// `extra` adds or replaces files.
    @discardableResult
    func makeContent(_ name: String, version: String = "test-1", created: String = "2026-11-26T18:00:00Z",
                     extra: [String: String] = [:]) throws -> URL {
        let dir = url(name)
        var files: [String: String] = [
            "bundle.json": #"{"format": 1, "version": "\#(version)", "created": "\#(created)", "source": "tests"}"#,
            "office.json": #"{"name": {"fr": "Office de Tourisme du Carladès"}, "address": "av. Mercier, 15800 Vic-sur-Cère", "phone": "04 71 47 50 68", "email": "tourisme@carlades.fr"}"#,
            "urgences.json": #"{"numbers": [{"number": "112", "label": {"fr": "Urgences"}}]}"#,
            "items/manger.json": #"{"section": "manger", "items": [{"id": "chez-test", "name": {"fr": "Chez Test \#(version)"}}]}"#,
            "gpx/boucle.gpx": "<?xml version=\"1.0\"?><gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg><trkpt lat=\"44.98\" lon=\"2.62\"><ele>680</ele></trkpt><trkpt lat=\"44.99\" lon=\"2.63\"><ele>700</ele></trkpt></trkseg></trk></gpx>\n",
        ]
        for (k, v) in extra { files[k] = v }
        for (path, text) in files {
            let file = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        return dir
    }

    /// Packs and signs `content` into `name`.
    @discardableResult
    func makeBundle(_ name: String, from content: URL, created: String = "2026-11-26T18:00:00Z",
                    scope: [String]? = nil, signer: Ed25519PrivateKey? = nil) throws -> URL {
        let out = url(name)
        try BundleWriter.write(contentDirectory: content, to: out, source: "tests", created: date(created),
                               scope: scope, signingKey: signer ?? key)
        return out
    }

    /// A signed bundle of a fresh small content directory.
    func makeSmallBundle(_ name: String, version: String = "test-1", created: String = "2026-11-26T18:00:00Z",
                         scope: [String]? = nil) throws -> URL {
        try makeBundle(name, from: try makeContent(name + "-content", version: version, created: created),
                       created: created, scope: scope)
    }

    func date(_ text: String) -> Date { UTCTime.parse(text)! }

    func manifest(of bundle: URL) throws -> BundleManifest {
        try BundleManifest.parse(try Data(contentsOf: bundle.appendingPathComponent("manifest.json")))
    }

    func objectURL(_ bundle: URL, path: String) throws -> URL {
        let file = try XCTUnwrap(try manifest(of: bundle).files.first { $0.path == path })
        return bundle.appendingPathComponent(BundlePath.objectPath(file.sha256))
    }

    /// Re-signs a bundle's (possibly edited) manifest with `key`, so a test
    /// reaches the check after the signature.
    func resign(_ bundle: URL, with signer: Ed25519PrivateKey? = nil) throws {
        let data = try Data(contentsOf: bundle.appendingPathComponent("manifest.json"))
        try BundleSignature(signing: data, with: signer ?? key).encoded()
            .write(to: bundle.appendingPathComponent("manifest.sig"))
    }

    /// Replaces the manifest by `edit(manifest)`, canonically encoded and signed.
    func rewriteManifest(_ bundle: URL, _ edit: (inout BundleManifest) -> Void) throws {
        var m = try manifest(of: bundle)
        edit(&m)
        try m.encoded().write(to: bundle.appendingPathComponent("manifest.json"))
        try resign(bundle)
    }

    func assertThrows(_ expected: BundleError, file: StaticString = #filePath, line: UInt = #line,
                      _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual(error as? BundleError, expected, "\(error)", file: file, line: line)
        }
    }

    func assertThrows(file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void,
                      matching: (BundleError) -> Bool) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let e = error as? BundleError else { return XCTFail("not a BundleError: \(error)", file: file, line: line) }
            XCTAssertTrue(matching(e), "unexpected error: \(e)", file: file, line: line)
        }
    }
}

/// The install invariant: `current` is absent (only if `allowed` contains
/// nil) or a link to a version whose every file matches its manifest and
/// whose content loads; and that version is one of `allowed`.
enum Invariant {
    static func check(_ data: URL, allowed: [String?], file: StaticString = #filePath, line: UInt = #line,
                      context: @autoclosure () -> String = "") {
        let installer = BundleInstaller(dataDirectory: data, fileSystem: RealFileSystem())
        do {
            let id = try installer.currentID()
            XCTAssertTrue(allowed.contains(id), "current is \(id ?? "absent"), expected one of \(allowed) \(context())",
                          file: file, line: line)
            guard let id else { return }
            let resolved = data.appendingPathComponent("content/current").resolvingSymlinksInPath()
            XCTAssertEqual(resolved.path, data.appendingPathComponent("content/versions/\(id)").resolvingSymlinksInPath().path,
                           file: file, line: line)
            try installer.verifyInstalled(id)
            _ = try ContentLoader.load(directory: data.appendingPathComponent("content/current"))
        } catch {
            XCTFail("invariant broken \(context()): \(error)", file: file, line: line)
        }
    }
}
