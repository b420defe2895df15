import Foundation
import XCTest
import BorneBundle
@testable import borne

/// `borne keygen` and `borne content ...`: the whole contractor-to-kiosk
/// path through the command line, and its exit codes (sysexits.h).
final class ContentCommandTests: XCTestCase {
    var tmp: URL!
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("borne-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    func path(_ name: String) -> String { tmp.appendingPathComponent(name).path }

    /// The Vic-sur-Cère configuration trusting `keys`.
    func writeConfig(_ name: String, keys: [String]) throws -> String {
        let model = repo.appendingPathComponent("kiosk-config/vic-sur-cere.json")
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: model)) as? [String: Any])
        object["trusted_keys"] = keys
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    func testFromKeygenToInstallAndRollback() throws {
        XCTAssertEqual(KeygenCommand.run(["--out", path("keys")]), 0)
        let mode = try FileManager.default.attributesOfItem(atPath: path("keys/borne.key"))[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)
        let pub = try String(contentsOfFile: path("keys/borne.pub"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(pub.count, 64)
        XCTAssertEqual(KeygenCommand.run(["--out", path("keys")]), 73, "never overwrites a key")

        let content = repo.appendingPathComponent("content").path
        XCTAssertEqual(ContentCommand.run(["pack", content, "--out", path("v1"), "--created", "2026-11-26T18:00:00Z"]), 0)
        XCTAssertEqual(ContentCommand.run(["verify", path("v1"), "--pubkey", path("keys/borne.pub")]), 65, "unsigned")
        XCTAssertEqual(ContentCommand.run(["sign", path("v1"), "--key", path("keys/borne.key")]), 0)
        XCTAssertEqual(ContentCommand.run(["verify", path("v1"), "--pubkey", path("keys/borne.pub")]), 0)
        XCTAssertEqual(ContentCommand.run(["pack", content, "--out", path("v2"), "--created", "2026-11-27T18:00:00Z",
                                           "--key", path("keys/borne.key"), "--source", "cli test"]), 0)
        XCTAssertEqual(ContentCommand.run(["diff", path("v1"), path("v2/manifest.json")]), 0)

        let config = try writeConfig("kiosk.json", keys: [pub])
        let data = path("data")
        XCTAssertEqual(ContentCommand.run(["install", path("v1"), "--config", config, "--data-dir", data]), 0)
        XCTAssertEqual(ContentCommand.run(["install", path("v2"), "--config", config, "--data-dir", data]), 0)
        XCTAssertEqual(ContentCommand.run(["install", path("v2"), "--config", config, "--data-dir", data]), 0, "already current")
        XCTAssertEqual(ContentCommand.run(["install", path("v1"), "--config", config, "--data-dir", data]), 65, "downgrade")
        XCTAssertEqual(ContentCommand.run(["status", "--data-dir", data, "--verify"]), 0)
        XCTAssertEqual(ContentCommand.run(["rollback", "--data-dir", data]), 0)
        XCTAssertEqual(ContentCommand.run(["rollback", "--data-dir", data]), 69, "nothing older")
        let current = try FileManager.default.destinationOfSymbolicLink(atPath: data + "/content/current")
        XCTAssertTrue(current.hasPrefix("versions/2026-11-26T18-00-00Z-"), current)

        // The kiosks that publishing checks: one config trusting this key.
        let kiosks = path("kiosk-config")
        try FileManager.default.createDirectory(atPath: kiosks, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: config, toPath: kiosks + "/vic-sur-cere.json")
        XCTAssertEqual(ContentCommand.run(["publish", path("v1"), "--to", path("site"), "--kiosk-config", kiosks]), 0)
        XCTAssertEqual(ContentCommand.run(["publish", path("v2"), "--to", path("site"), "--prune", "1", "--kiosk-config", kiosks]), 0)
        XCTAssertEqual(ContentCommand.run(["publish", path("v2"), "--to", path("site"), "--kiosk-config", kiosks]), 0,
                       "publishing twice is harmless")
        XCTAssertEqual(ContentCommand.run(["verify", path("site"), "--pubkey", path("keys/borne.pub")]), 0)
    }

    func testVerifyFailsWithDataErrorOnATamperedObject() throws {
        XCTAssertEqual(KeygenCommand.run(["--out", path("keys")]), 0)
        XCTAssertEqual(ContentCommand.run(["pack", repo.appendingPathComponent("content").path, "--out", path("b"),
                                           "--key", path("keys/borne.key")]), 0)
        let objects = FileManager.default.enumerator(atPath: path("b/objects"))!.compactMap { $0 as? String }
            .filter { $0.count == 65 }
        let object = path("b/objects/" + objects[0])
        var bytes = try Data(contentsOf: URL(fileURLWithPath: object))
        bytes[0] ^= 1
        try bytes.write(to: URL(fileURLWithPath: object))
        XCTAssertEqual(ContentCommand.run(["verify", path("b"), "--pubkey", path("keys/borne.pub")]), 65)
        XCTAssertEqual(ContentCommand.run(["verify", path("nothing"), "--pubkey", path("keys/borne.pub")]), 65)
        XCTAssertEqual(ContentCommand.run(["verify", path("b"), "--pubkey", path("keys/none.pub")]), 66)
    }

    func testInstallNeedsATrustedKeyInTheConfiguration() throws {
        XCTAssertEqual(KeygenCommand.run(["--out", path("keys")]), 0)
        XCTAssertEqual(ContentCommand.run(["pack", repo.appendingPathComponent("content").path, "--out", path("b"),
                                           "--key", path("keys/borne.key")]), 0)
        let empty = try writeConfig("empty.json", keys: [])
        XCTAssertEqual(ContentCommand.run(["install", path("b"), "--config", empty, "--data-dir", path("d")]), 78)
        let other = try writeConfig("other.json", keys: [String(repeating: "ab", count: 32)])
        XCTAssertEqual(ContentCommand.run(["install", path("b"), "--config", other, "--data-dir", path("d")]), 65, "unknown key")
        XCTAssertEqual(ContentCommand.run(["install", path("b"), "--config", path("missing.json"), "--data-dir", path("d")]), 66)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("d/content/current")))
    }

    func testUsageErrorsAndHelp() {
        for sub in ["pack", "sign", "verify", "diff", "publish", "install", "rollback", "status"] {
            XCTAssertEqual(ContentCommand.run([sub, "--help"]), 0, sub)
            XCTAssertEqual(ContentCommand.run([sub, "--frobnicate"]), 64, sub)
        }
        XCTAssertEqual(ContentCommand.run(["--help"]), 0)
        XCTAssertEqual(ContentCommand.run([]), 64)
        XCTAssertEqual(ContentCommand.run(["unpack"]), 64)
        XCTAssertEqual(ContentCommand.run(["pack", "content"]), 64, "--out is required")
        XCTAssertEqual(ContentCommand.run(["pack", "a", "b", "--out", "x"]), 64)
        XCTAssertEqual(ContentCommand.run(["pack", path("nothing"), "--out", path("x")]), 66)
        XCTAssertEqual(ContentCommand.run(["pack", "content", "--out", path("x"), "--created", "yesterday"]), 64)
        XCTAssertEqual(ContentCommand.run(["publish", "b", "--to", "d", "--prune", "0"]), 64)
        XCTAssertEqual(KeygenCommand.run(["--help"]), 0)
        XCTAssertEqual(KeygenCommand.run([]), 64)
    }

    func testBuildAndInspectAreDispatched() {
        XCTAssertEqual(ContentCommand.run(["build"]), 64, "build without options is a usage error")
        XCTAssertEqual(ContentCommand.run(["build", "--help"]), 0)
        XCTAssertEqual(ContentCommand.run(["inspect"]), 64)
    }
}
