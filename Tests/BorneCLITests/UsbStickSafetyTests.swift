import BorneSync
import Foundation
import XCTest
@testable import borne

/// `borne usb` on a stick with links planted where the kiosk reads or
/// writes: refused by name (exit 65, the path in the message), nothing
/// outside the stick read or written. The statistics positions are in
/// BorneUploadTests.StatsUsbStickSafetyTests, the office's in
/// BorneOfficeTests.IngestStickSafetyTests.
final class UsbStickSafetyTests: XCTestCase {
    private var dir: URL!
    private var stick: URL { dir.appendingPathComponent("stick") }
    private var data: URL { dir.appendingPathComponent("data") }
    private var outside: URL { dir.appendingPathComponent("outside") }
    private var configPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("kiosk-config/st-jacques-des-blats.json").path
    }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("borne-cli-usb-safety-\(UUID().uuidString)")
        for d in [stick.appendingPathComponent("borne"), data, outside] {
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        }
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    private func plant(_ relative: String, to target: URL) throws {
        try FileManager.default.createSymbolicLink(atPath: stick.appendingPathComponent(relative).path, withDestinationPath: target.path)
    }

    private func usb(_ extra: [String] = [], gate: MiniGate = MiniGate()) -> Int32 {
        UsbCommand.run([stick.path, "--config", configPath, "--data-dir", data.path] + extra, gateFactory: { _, _ in gate })
    }

    private func status() throws -> [String: Any] {
        let d = try Data(contentsOf: stick.appendingPathComponent("borne/status-st-jacques-des-blats.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: d) as? [String: Any])
    }

    /// The case: a link at the status report's temporary name pointing at the kiosk's database.
    func testALinkAtTheStatusTemporaryNameDoesNotOverwriteTheDatabase() throws {
        let db = data.appendingPathComponent("sessions.db")
        let bytes = Data("SQLite format 3\u{0}the kiosk's touches".utf8)
        try bytes.write(to: db)
        try plant("borne/.status-st-jacques-des-blats.json.tmp", to: db)
        XCTAssertEqual(usb(["--no-stats"]), 65)
        XCTAssertEqual(try Data(contentsOf: db), bytes, "sessions.db overwritten through the stick")
        XCTAssertFalse(FileManager.default.fileExists(atPath: stick.appendingPathComponent("borne/status-st-jacques-des-blats.json").path))
        // The final name as a link: refused too, the target untouched.
        try FileManager.default.removeItem(at: stick.appendingPathComponent("borne/.status-st-jacques-des-blats.json.tmp"))
        try plant("borne/status-st-jacques-des-blats.json", to: db)
        XCTAssertEqual(usb(["--no-stats"]), 65)
        XCTAssertEqual(try Data(contentsOf: db), bytes)
    }

    func testBorneFolderAsALinkIsRefusedAndNothingIsWritten() throws {
        try FileManager.default.removeItem(at: stick.appendingPathComponent("borne"))
        try plant("borne", to: outside)
        XCTAssertEqual(usb(), 65)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), [])
    }

    func testManifestSignatureAndObjectsReachedThroughLinksAreNotRead() throws {
        // What a link might point at: a file of the kiosk's system (here a stand-in for /etc/shadow).
        let body = Data("root:secret-hash:19000:0:99999:7:::\n".utf8)
        let shadow = outside.appendingPathComponent("shadow")
        try body.write(to: shadow)
        let sha = MiniGate.sha256(body)
        let manifest = Data("v9 \(sha) \(body.count) content/places.json\n".utf8)
        let borne = stick.appendingPathComponent("borne")

        // manifest.json, then manifest.sig as links.
        try manifest.write(to: outside.appendingPathComponent("manifest.json"))
        try plant("borne/manifest.json", to: outside.appendingPathComponent("manifest.json"))
        try Data("sig".utf8).write(to: borne.appendingPathComponent("manifest.sig"))
        XCTAssertEqual(usb(["--no-stats"]), 65)
        var errors = try status()["errors"] as? [String] ?? []
        XCTAssertTrue(errors.first?.contains(borne.appendingPathComponent("manifest.json").path + ": refused, it is a symbolic link") == true,
                      "\(errors)")
        try FileManager.default.removeItem(at: borne.appendingPathComponent("manifest.json"))
        try manifest.write(to: borne.appendingPathComponent("manifest.json"))
        try FileManager.default.removeItem(at: borne.appendingPathComponent("manifest.sig"))
        try plant("borne/manifest.sig", to: shadow)
        XCTAssertEqual(usb(["--no-stats"]), 65)
        errors = try status()["errors"] as? [String] ?? []
        XCTAssertTrue(errors.first?.contains("manifest.sig: refused") == true, "\(errors)")
        try FileManager.default.removeItem(at: borne.appendingPathComponent("manifest.sig"))
        try Data("sig".utf8).write(to: borne.appendingPathComponent("manifest.sig"))

        // The object, its folder objects/ab and objects/ as links to the file or its folder: never installed.
        let gate = MiniGate()
        let objectFolder = "borne/objects/\(sha.prefix(2))"
        try FileManager.default.createDirectory(at: stick.appendingPathComponent(objectFolder), withIntermediateDirectories: true)
        try plant(objectFolder + "/" + sha.dropFirst(2), to: shadow)
        XCTAssertEqual(usb(["--no-stats"], gate: gate), 65)
        XCTAssertEqual(gate.installed, [], "the outside file was installed as content")
        try FileManager.default.removeItem(at: stick.appendingPathComponent(objectFolder))
        let linked = outside.appendingPathComponent("ab")
        try FileManager.default.createDirectory(at: linked, withIntermediateDirectories: true)
        try body.write(to: linked.appendingPathComponent(String(sha.dropFirst(2))))
        try plant(objectFolder, to: linked)
        XCTAssertEqual(usb(["--no-stats"], gate: gate), 65)
        errors = try status()["errors"] as? [String] ?? []
        XCTAssertTrue(errors.first?.contains(stick.appendingPathComponent(objectFolder).path + ": refused") == true, "\(errors)")
        XCTAssertEqual(gate.installed, [])

        // A regular object: installed.
        try FileManager.default.removeItem(at: stick.appendingPathComponent(objectFolder))
        try FileManager.default.createDirectory(at: stick.appendingPathComponent(objectFolder), withIntermediateDirectories: true)
        try body.write(to: stick.appendingPathComponent(objectFolder + "/" + sha.dropFirst(2)))
        XCTAssertEqual(usb(["--no-stats"], gate: gate), 0)
        XCTAssertEqual(gate.installed, ["v9"])

        // The bundle taken off: a statistics-only stick, whose report still says what the kiosk runs.
        try FileManager.default.removeItem(at: borne.appendingPathComponent("manifest.json"))
        XCTAssertEqual(usb(["--no-stats"], gate: gate), 0)
        let report = try status()
        XCTAssertEqual(report["current_id"] as? String, "v9")
        XCTAssertTrue(report["installed_id"] is NSNull)
        XCTAssertEqual(gate.installed, ["v9"])
    }

    func testAStickWithoutABundleCarriesStatisticsOnly() throws {
        XCTAssertEqual(usb(), 0)
        XCTAssertEqual(try status()["ok"] as? Bool, true)
        XCTAssertTrue(FileManager.default.fileExists(atPath: stick.appendingPathComponent("borne/stats/st-jacques-des-blats/heartbeat.json").path))
        // No borne/ folder at all: not a Borne stick.
        try FileManager.default.removeItem(at: stick.appendingPathComponent("borne"))
        XCTAssertEqual(usb(), 66)
    }
}
