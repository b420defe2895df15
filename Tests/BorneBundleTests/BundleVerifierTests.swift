import Foundation
import XCTest
@testable import BorneBundle

/// Every way a bundle is refused. Each test breaks one thing in an otherwise
/// good (and, where needed, correctly re-signed) bundle, so it fails if that
/// one check is removed.
final class BundleVerifierTests: BundleTestCase {
    var bundle: URL!
    var verifier: BundleVerifier { BundleVerifier(trustedKeys: trusted) }

    override func setUpWithError() throws {
        try super.setUpWithError()
        bundle = try makeSmallBundle("b")
    }

    func verify() throws { _ = try verifier.verify(bundle: bundle) }

    func testGoodBundleVerifies() throws {
        let v = try verifier.verify(bundle: bundle)
        XCTAssertEqual(v.signer, key.publicKey)
        XCTAssertEqual(v.manifest, try manifest(of: bundle))
        XCTAssertEqual(v.manifestData, try Data(contentsOf: bundle.appendingPathComponent("manifest.json")))
    }

    // MARK: Signature

    func testTamperedManifestByteIsRefused() throws {
        let file = bundle.appendingPathComponent("manifest.json")
        var data = try Data(contentsOf: file)
        let range = try XCTUnwrap(data.range(of: Data("\"tests\"".utf8)))
        data[range.lowerBound + 1] = UInt8(ascii: "T")   // still a valid, canonical manifest
        try data.write(to: file)
        XCTAssertNoThrow(try BundleManifest.parse(data))
        assertThrows(.badSignature(path: bundle.path + "/manifest.sig", fingerprint: key.publicKey.hex)) { try verify() }
    }

    func testTamperedSignatureIsRefused() throws {
        let file = bundle.appendingPathComponent("manifest.sig")
        var text = try String(contentsOf: file, encoding: .utf8)
        let i = text.index(text.endIndex, offsetBy: -10)
        text.replaceSubrange(i...i, with: text[i] == "0" ? "1" : "0")
        try text.write(to: file, atomically: true, encoding: .utf8)
        assertThrows(.badSignature(path: bundle.path + "/manifest.sig", fingerprint: key.publicKey.hex)) { try verify() }
    }

    func testTruncatedSignatureIsRefused() throws {
        let file = bundle.appendingPathComponent("manifest.sig")
        let data = try Data(contentsOf: file)
        try data.prefix(data.count - 20).write(to: file)
        assertThrows({ try self.verify() }) { if case .signatureMalformed = $0 { return true } else { return false } }
    }

    func testMissingSignatureIsRefused() throws {
        try FileManager.default.removeItem(at: bundle.appendingPathComponent("manifest.sig"))
        assertThrows(.signatureMissing(path: bundle.path + "/manifest.sig")) { try verify() }
    }

    func testUnknownKeyIsNamed() throws {
        let stranger = try Ed25519PrivateKey.generate()
        try resign(bundle, with: stranger)
        assertThrows(.unknownKey(fingerprint: stranger.publicKey.hex)) { try verify() }
        // The same bundle verifies for a kiosk that trusts that key.
        XCTAssertNoThrow(try BundleVerifier(trustedKeys: [key.publicKey, stranger.publicKey]).verify(bundle: bundle))
    }

    func testNoTrustedKeysRefusesEverything() throws {
        assertThrows(.noTrustedKeys) { _ = try BundleVerifier(trustedKeys: []).verify(bundle: self.bundle) }
    }

    /// The key named in manifest.sig is only a hint: swapping in a trusted
    /// key's name does not make another key's signature pass.
    func testSignatureHintCannotImpersonateATrustedKey() throws {
        let stranger = try Ed25519PrivateKey.generate()
        let data = try Data(contentsOf: bundle.appendingPathComponent("manifest.json"))
        let forged = BundleSignature(publicKey: key.publicKey, signature: try stranger.sign(data))
        try forged.encoded().write(to: bundle.appendingPathComponent("manifest.sig"))
        assertThrows(.badSignature(path: bundle.path + "/manifest.sig", fingerprint: key.publicKey.hex)) { try verify() }
    }

    // MARK: Manifest

    func testNonCanonicalManifestIsRefusedEvenWhenSigned() throws {
        let file = bundle.appendingPathComponent("manifest.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: file)
        try resign(bundle)
        assertThrows(.manifestNotCanonical(path: file.path)) { try verify() }
    }

    func testDuplicateJSONKeyIsRefused() throws {
        let file = bundle.appendingPathComponent("manifest.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "  \"source\": \"tests\",\n", with: "  \"source\": \"tests\",\n  \"source\": \"tests\",\n")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try resign(bundle)
        assertThrows(.manifestNotCanonical(path: file.path)) { try verify() }
    }

    func testUnknownFormatIsRefused() throws {
        try rewriteManifest(bundle) { $0.format = 2 }
        assertThrows({ try self.verify() }) { if case .manifestInvalid(field: "format", _) = $0 { return true } else { return false } }
    }

    func testDotDotPathIsRefused() throws {
        try rewriteManifest(bundle) { m in m.files.insert(.init(path: "../evil.json", sha256: m.files[0].sha256, size: m.files[0].size), at: 0) }
        assertThrows({ try self.verify() }) { if case .unsafePath("../evil.json", let why) = $0 { return why.contains("'..'") } else { return false } }
        bundle = try makeSmallBundle("b2")
        try rewriteManifest(bundle) { m in m.files[0].path = "items/../../evil.json"; m.files.sort { BundlePath.precedes($0.path, $1.path) } }
        assertThrows({ try self.verify() }) { if case .unsafePath("items/../../evil.json", let why) = $0 { return why.contains("'..'") } else { return false } }
    }

    func testAbsolutePathIsRefused() throws {
        try rewriteManifest(bundle) { m in m.files.insert(.init(path: "/etc/borne/kiosk.json", sha256: m.files[0].sha256, size: m.files[0].size), at: 0) }
        assertThrows({ try self.verify() }) { if case .unsafePath("/etc/borne/kiosk.json", let why) = $0 { return why.contains("absolute") } else { return false } }
    }

    /// Hostile inputs 6: `items/\u{202E}nosj.live.json` shows as `items/evil.json`.
    func testBidiControlsAndOtherFormatCharactersInPathsAreRefused() throws {
        let tricky = "items/\u{202E}nosj.live.json"
        try rewriteManifest(bundle) { m in
            m.files.append(.init(path: tricky, sha256: m.files[0].sha256, size: m.files[0].size))
            m.files.sort { BundlePath.precedes($0.path, $1.path) }
        }
        assertThrows({ try self.verify() }) {
            if case .unsafePath(tricky, let why) = $0 { return why.contains("U+202E") && why.contains("bidirectional") } else { return false }
        }
        for p in ["items/\u{200B}manger.json", "items/a\u{2066}b.json", "gpx/x\u{FEFF}.gpx", "items/\u{200F}a.json", "a\u{00AD}b.json"] {
            XCTAssertThrowsError(try BundlePath.check(p), BundleError.quote(p)) { error in
                guard case .unsafePath(_, let why) = error as? BundleError else { return XCTFail("\(error)") }
                XCTAssertTrue(why.contains("format character"), why)
            }
        }
    }

    func testDuplicatePathIsRefused() throws {
        let first = try manifest(of: bundle).files[0].path
        try rewriteManifest(bundle) { m in m.files.insert(m.files[0], at: 0) }
        assertThrows(.duplicatePath(first, other: first)) { try verify() }
    }

    func testCaseInsensitiveDuplicateIsRefused() throws {
        try rewriteManifest(bundle) { m in
            let f = m.files.first { $0.path == "items/manger.json" }!
            m.files.append(.init(path: "items/Manger.json", sha256: f.sha256, size: f.size))
            m.files.sort { BundlePath.precedes($0.path, $1.path) }
        }
        assertThrows(.duplicatePath("items/manger.json", other: "items/Manger.json")) { try verify() }
    }

    func testFileUsedAsDirectoryIsRefused() throws {
        try rewriteManifest(bundle) { m in
            let f = m.files.first { $0.path == "items/manger.json" }!
            m.files.append(.init(path: "items/manger.json/x.json", sha256: f.sha256, size: f.size))
            m.files.sort { BundlePath.precedes($0.path, $1.path) }
        }
        assertThrows(.duplicatePath("items/manger.json/x.json", other: "items/manger.json")) { try verify() }
    }

    func testUnsafePathRules() {
        let bad = ["", "/a", "a/../b", "..", "./a", "a/./b", "a//b", "a/", "a\\b", "a\u{0}b", "a\nb", "a\u{7f}",
                   "a\u{85}b", ".hidden", "items/.git/config", String(repeating: "a", count: 256),
                   Array(repeating: "a", count: 33).joined(separator: "/")]
        for p in bad {
            XCTAssertThrowsError(try BundlePath.check(p), BundleError.quote(p)) { error in
                guard case .unsafePath = error as? BundleError else { return XCTFail("\(error)") }
            }
        }
        for p in ["bundle.json", "items/manger.json", "gpx/pas-de-cère.gpx", "a b/c.json"] {
            XCTAssertNoThrow(try BundlePath.check(p), p)
        }
        // Same file once normalized: é precomposed and decomposed.
        XCTAssertThrowsError(try BundlePath.checkSet(["gpx/cère.gpx", "gpx/ce\u{300}re.gpx"]))
    }

    // MARK: Objects

    func testTamperedObjectIsRefused() throws {
        let object = try objectURL(bundle, path: "items/manger.json")
        var data = try Data(contentsOf: object)
        data[data.count / 2] ^= 0x20
        try data.write(to: object)
        let f = try manifest(of: bundle).files.first { $0.path == "items/manger.json" }!
        assertThrows(.checksumMismatch(path: "items/manger.json", expected: f.sha256, actual: SHA256.hex(data))) { try verify() }
    }

    func testTruncatedObjectIsRefused() throws {
        let object = try objectURL(bundle, path: "office.json")
        let data = try Data(contentsOf: object)
        try data.prefix(10).write(to: object)
        assertThrows(.truncatedObject(path: "office.json", expected: Int64(data.count), actual: 10)) { try verify() }
    }

    func testLongerObjectIsRefused() throws {
        let object = try objectURL(bundle, path: "office.json")
        let data = try Data(contentsOf: object)
        try (data + Data(" ".utf8)).write(to: object)
        assertThrows(.sizeMismatch(path: "office.json", expected: Int64(data.count), actual: Int64(data.count + 1))) { try verify() }
    }

    func testMissingObjectIsRefused() throws {
        let object = try objectURL(bundle, path: "office.json")
        try FileManager.default.removeItem(at: object)
        let f = try manifest(of: bundle).files.first { $0.path == "office.json" }!
        assertThrows(.missingObject(path: "office.json", object: BundlePath.objectPath(f.sha256))) { try verify() }
    }

    func testSymlinkObjectIsRefusedEvenWithTheRightBytes() throws {
        let object = try objectURL(bundle, path: "office.json")
        let copy = url("office-copy.json")
        try FileManager.default.moveItem(at: object, to: copy)
        try FileManager.default.createSymbolicLink(at: object, withDestinationURL: copy)
        assertThrows(.symlink(path: object.path)) { try verify() }
    }

    func testSymlinkAnywhereInTheBundleIsRefused() throws {
        let link = bundle.appendingPathComponent("objects/zz")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/etc")
        assertThrows(.symlink(path: link.path)) { try verify() }
    }

    func testSymlinkManifestIsRefused() throws {
        let file = bundle.appendingPathComponent("manifest.json")
        try FileManager.default.moveItem(at: file, to: url("m.json"))
        try FileManager.default.createSymbolicLink(at: file, withDestinationURL: url("m.json"))
        assertThrows(.symlink(path: file.path)) { try verify() }
    }

    func testNotABundle() throws {
        assertThrows(.notABundle(path: url("nothing").path)) { _ = try self.verifier.verify(bundle: self.url("nothing")) }
        assertThrows(.notABundle(path: tmp.path)) { _ = try self.verifier.verify(bundle: self.tmp) }
    }

    func testMessagesSayWhatWhereAndWhatToDo() {
        let e = BundleError.checksumMismatch(path: "items/manger.json", expected: "aa", actual: "bb")
        XCTAssertTrue(e.description.contains("items/manger.json") && e.description.contains("copy it again"), e.description)
        XCTAssertTrue(BundleError.unknownKey(fingerprint: "ab12").description.contains("trusted_keys"))
        XCTAssertTrue(BundleError.downgrade(installed: "b", offered: "a").description.contains("--force"))
        XCTAssertTrue(BundleError.diskFull(path: "/var/lib/borne").description.contains("free space"))
        XCTAssertTrue(BundleError.unsafePath("a\u{1b}[2J", reason: "x").description.contains("\\u{1b}"), "control characters escaped")
    }
}
