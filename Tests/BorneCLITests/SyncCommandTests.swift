import BorneCore
import BorneSync
import CCrypto
import Foundation
import XCTest
@testable import borne

/// `borne sync` and `borne usb`: options, exit codes, the gate seam and the
/// status report written back to a stick.
final class SyncCommandTests: XCTestCase {
    private var dir: URL!
    private let config = "kiosk-config/st-jacques-des-blats.json"
    private var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    private var configPath: String { packageRoot.appendingPathComponent(config).path }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("borne-cli-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("stick/borne"), withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func testUsageErrors() {
        XCTAssertEqual(SyncCommand.run(["--help"]), 0)
        XCTAssertEqual(SyncCommand.run([]), 64)
        XCTAssertEqual(SyncCommand.run(["--config", configPath]), 64)
        XCTAssertEqual(SyncCommand.run(["--config", configPath, "--data-dir", dir.path, "--source", "ftp://x/"]), 64)
        XCTAssertEqual(SyncCommand.run(["--config", configPath, "--data-dir", dir.path, "--budget", "lots"]), 64)
        XCTAssertEqual(UsbCommand.run(["--help"]), 0)
        XCTAssertEqual(UsbCommand.run(["--config", configPath, "--data-dir", dir.path]), 64)
        XCTAssertEqual(UsbCommand.run([dir.path, "--frob"]), 64)
    }

    func testAKioskThatTrustsNoKeyRefusesToSync() {
        // The committed configs trust no key yet: nothing unsigned may ever be installed.
        let vic = packageRoot.appendingPathComponent("kiosk-config/vic-sur-cere.json").path
        XCTAssertEqual(SyncCommand.run(["--config", vic, "--data-dir", dir.path, "--source", "http://127.0.0.1:1/b"]), 78)
    }

    func testAKioskWithoutNetworkDoesNotSync() {
        XCTAssertEqual(SyncCommand.run(["--config", configPath, "--data-dir", dir.path]), 0)
    }

    func testAnUnreachableSourceIsTemporary() {
        let vic = packageRoot.appendingPathComponent("kiosk-config/vic-sur-cere.json").path
        let code = SyncCommand.run(["--config", vic, "--data-dir", dir.path, "--source", "http://127.0.0.1:1/b"],
                                   gateFactory: { _, _ in MiniGate() }, sleep: { _ in })
        XCTAssertEqual(code, 75)
    }

    func testUsbWithoutATrustedKeyStillReportsOnTheStick() throws {
        let stick = dir.appendingPathComponent("stick")
        // A bundle's manifest on the stick (never read: the kiosk trusts no key).
        try FileManager.default.createDirectory(at: stick.appendingPathComponent("borne"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: stick.appendingPathComponent("borne/manifest.json"))
        XCTAssertEqual(UsbCommand.run([stick.path, "--config", configPath, "--data-dir", dir.path]), 78)
        let status = try report(stick, "status-st-jacques-des-blats.json")
        XCTAssertEqual(status["ok"] as? Bool, false)
        XCTAssertEqual(status["kiosk_id"] as? String, "st-jacques-des-blats")
        XCTAssertEqual((status["errors"] as? [String])?.first?.contains("trusts no signing key"), true, "\(status)")
        XCTAssertTrue(status["installed_id"] is NSNull)
    }

    func testUsbInstallsTheSticksBundleAndReportsIt() throws {
        let stick = dir.appendingPathComponent("stick")
        let body = Data("{\"places\": []}".utf8)
        let sha = MiniGate.sha256(body)
        let object = stick.appendingPathComponent("borne/objects/\(sha.prefix(2))/\(sha.dropFirst(2))")
        try FileManager.default.createDirectory(at: object.deletingLastPathComponent(), withIntermediateDirectories: true)
        try body.write(to: object)
        try Data("v7 \(sha) \(body.count) content/places.json\n".utf8).write(to: stick.appendingPathComponent("borne/manifest.json"))
        try Data("sig".utf8).write(to: stick.appendingPathComponent("borne/manifest.sig"))
        let gate = MiniGate()
        let args = [stick.path, "--config", configPath, "--data-dir", dir.appendingPathComponent("data").path]
        let at = Date(timeIntervalSince1970: 1_752_480_000)

        XCTAssertEqual(UsbCommand.run(args, gateFactory: { _, _ in gate }, now: { at }), 0)
        var status = try report(stick, "status-st-jacques-des-blats.json")
        XCTAssertEqual(status["ok"] as? Bool, true)
        XCTAssertEqual(status["installed_id"] as? String, "v7")
        XCTAssertEqual(status["current_id"] as? String, "v7")
        XCTAssertEqual(status["objects_copied"] as? Int, 1)
        XCTAssertEqual(status["time"] as? String, "2025-07-14T10:00:00+02:00")
        XCTAssertEqual(gate.installed, ["v7"])

        // The same stick again: nothing to do, still reported.
        XCTAssertEqual(UsbCommand.run(args, gateFactory: { _, _ in gate }), 0)
        status = try report(stick, "status-st-jacques-des-blats.json")
        XCTAssertEqual(status["ok"] as? Bool, true)
        XCTAssertTrue(status["installed_id"] is NSNull)
        XCTAssertEqual(status["current_id"] as? String, "v7")
        XCTAssertEqual(gate.installed, ["v7"])
    }

    func testUsbWithAMissingObjectFailsAndSaysWhich() throws {
        let stick = dir.appendingPathComponent("stick")
        let sha = MiniGate.sha256(Data("x".utf8))
        try Data("v8 \(sha) 1 a.txt\n".utf8).write(to: stick.appendingPathComponent("borne/manifest.json"))
        try Data("sig".utf8).write(to: stick.appendingPathComponent("borne/manifest.sig"))
        let code = UsbCommand.run([stick.path, "--config", configPath, "--data-dir", dir.path], gateFactory: { _, _ in MiniGate() })
        XCTAssertEqual(code, 66)
        let errors = try report(stick, "status-st-jacques-des-blats.json")["errors"] as? [String]
        XCTAssertEqual(errors?.count, 1)
        XCTAssertTrue(errors?.first?.contains(sha) ?? false, "\(errors ?? [])")
    }

    private func report(_ stick: URL, _ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: stick.appendingPathComponent("borne/\(name)"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

/// A gate for command tests: manifest lines "ID SHA SIZE PATH", any signature.
final class MiniGate: BundleGate {
    private(set) var installed: [String] = []

    func verifyManifest(_ manifest: Data, signature: Data) throws -> [ObjectRef] {
        String(decoding: manifest, as: UTF8.self).split(separator: "\n").map {
            let f = $0.split(separator: " ")
            return ObjectRef(path: String(f[3]), sha256: String(f[1]), size: Int64(f[2])!)
        }
    }

    func hasObject(sha256: String) -> Bool { false }

    func sha256(file: URL) throws -> String { Self.sha256(try Data(contentsOf: file)) }

    func installFromObjects(manifest: Data, signature: Data, objectsDir: URL) throws -> String {
        let id = String(String(decoding: manifest, as: UTF8.self).prefix { $0 != " " })
        installed.append(id)
        return id
    }

    static func sha256(_ data: Data) -> String {
        var md = [UInt8](repeating: 0, count: 32)
        var len: UInt32 = 0
        _ = data.withUnsafeBytes { borne_EVP_Digest($0.baseAddress, $0.count, &md, &len, borne_EVP_sha256(), nil) }
        return md.map { String(format: "%02x", $0) }.joined()
    }
}
