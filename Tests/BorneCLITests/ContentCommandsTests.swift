import Foundation
import XCTest
import BorneCore
@testable import borne

/// `borne content build` and `borne content inspect`: arguments, exit codes, output.
final class ContentCommandsTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let content = root.appendingPathComponent("content")
    static let fixtures = root.appendingPathComponent("Tests/BorneContentTests/ApidaeFixtures")
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("borne-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    func testBuildExitCodes() throws {
        let export = Self.fixtures.appendingPathComponent("export").path
        let extra = Self.content.path
        let out = tmp.appendingPathComponent("out").path
        XCTAssertEqual(ContentBuildCommand.run(["--help"]), 0)
        XCTAssertEqual(ContentBuildCommand.run([]), 64)
        XCTAssertEqual(ContentBuildCommand.run(["--apidae", export, "--extra", extra]), 64, "no --out nor --content-out")
        XCTAssertEqual(ContentBuildCommand.run(["--apidae", export, "--content-out", out]), 64, "no --extra")
        XCTAssertEqual(ContentBuildCommand.run(["--apidae", export, "--extra", extra, "--content-out", out, "--frobnicate"]), 64)
        XCTAssertEqual(ContentBuildCommand.run(["--apidae", export, "--extra", extra, "--out"]), 64)
        XCTAssertEqual(ContentBuildCommand.run(["--apidae", tmp.appendingPathComponent("absent.zip").path, "--extra", extra, "--content-out", out]), 66)
        let junk = tmp.appendingPathComponent("junk.json")
        try Data("{\"hello\": 1}".utf8).write(to: junk)
        XCTAssertEqual(ContentBuildCommand.run(["--apidae", junk.path, "--extra", extra, "--content-out", out]), 65)
        let config = tmp.appendingPathComponent("config.json")
        try Data("{\"rainy_day\": 1}".utf8).write(to: config)
        XCTAssertEqual(ContentBuildCommand.run(["--apidae", export, "--extra", extra, "--content-out", out, "--build-config", config.path]), 65)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))

        try Data("{\"rainy_day_selection\": 49073, \"version\": \"test-1\"}".utf8).write(to: config)
        let report = tmp.appendingPathComponent("report.txt")
        XCTAssertEqual(ContentBuildCommand.run(["--apidae", export, "--apidae", Self.fixtures.appendingPathComponent("hotentic_structure.json").path,
                                                "--extra", extra, "--content-out=\(out)", "--build-config", config.path, "--report", report.path]), 0)
        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("wrote \(out) (version test-1): "), lines[0])
        XCTAssertTrue(lines.contains { $0.contains("object 504") && $0.hasSuffix("skipped: type STRUCTURE is not shown on the kiosk") }, "\(lines)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/items/agenda.json"))
        // The output exists now: writing again is refused (EX_CANTCREAT).
        XCTAssertEqual(ContentBuildCommand.run(["--apidae", export, "--extra", extra, "--content-out", out]), 73)
    }

    func testInspectABundle() throws {
        let bundle = tmp.appendingPathComponent("bundle")
        XCTAssertEqual(ContentCommand.run(["pack", Self.content.path, "--out", bundle.path]), 0)
        XCTAssertEqual(ContentInspectCommand.run([bundle.path]), 0)
        XCTAssertEqual(ContentInspectCommand.run([bundle.path, "--json"]), 0)
        // An items object that is not there: the inspection says so.
        let manifest = try String(contentsOf: bundle.appendingPathComponent("manifest.json"), encoding: .utf8)
        let sha = try XCTUnwrap(manifest.range(of: #""path": "items/agenda.json""#).flatMap { _ in
            manifest.components(separatedBy: "items/agenda.json").last?.components(separatedBy: "\"sha256\": \"").dropFirst().first?.prefix(64)
        })
        try FileManager.default.removeItem(at: bundle.appendingPathComponent("objects/\(sha.prefix(2))/\(sha.dropFirst(2))"))
        XCTAssertEqual(ContentInspectCommand.run([bundle.path]), 65)
    }

    func testInspectJSONAndText() throws {
        let gpx = Self.content.appendingPathComponent("gpx/puy-griou.gpx").path
        let track = try GPX.parse(String(contentsOfFile: gpx, encoding: .utf8))
        let json = ContentInspectCommand.jsonLine(file: gpx, track: track)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["file", "name", "points", "segments", "distance_km", "ascent_m", "descent_m",
                                          "min_ele_m", "max_ele_m", "estimated_minutes"])
        XCTAssertEqual(object["points"] as? Int, track.pointCount)
        XCTAssertEqual(object["segments"] as? Int, 1)
        XCTAssertEqual((object["distance_km"] as? Double) ?? 0, track.stats.distanceM / 1000, accuracy: 0.0005)
        XCTAssertEqual((object["ascent_m"] as? Double) ?? 0, track.stats.ascentM, accuracy: 0.05)
        XCTAssertEqual(object["estimated_minutes"] as? Int, track.estimatedWalkingMinutes)

        let text = ContentInspectCommand.textLines(file: "x.gpx", track: track)
        XCTAssertTrue(text.contains { $0.hasPrefix("  distance   ") && $0.hasSuffix(" km") }, "\(text)")
        XCTAssertTrue(text.contains { $0.hasPrefix("  D+ / D−    ") }, "\(text)")

        let flat = try GPX.parse("""
            <?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
            <trkpt lat="44.98" lon="2.62"/><trkpt lat="44.99" lon="2.63"/></trkseg></trk></gpx>
            """)
        let j = ContentInspectCommand.jsonLine(file: "a \"b\".gpx", track: flat)
        XCTAssertTrue(j.contains(#""ascent_m": null, "descent_m": null, "min_ele_m": null"#), j)
        XCTAssertTrue(j.hasPrefix(#"{"file": "a \"b\".gpx", "name": null, "points": 2"#), j)
    }

    func testInspectExitCodes() throws {
        XCTAssertEqual(ContentInspectCommand.run(["--help"]), 0)
        XCTAssertEqual(ContentInspectCommand.run([]), 64)
        XCTAssertEqual(ContentInspectCommand.run(["a.gpx", "b.gpx"]), 64)
        XCTAssertEqual(ContentInspectCommand.run(["--frobnicate"]), 64)
        XCTAssertEqual(ContentInspectCommand.run([tmp.appendingPathComponent("absent.gpx").path]), 66)
        let notGPX = tmp.appendingPathComponent("x.gpx")
        try Data("<html></html>".utf8).write(to: notGPX)
        XCTAssertEqual(ContentInspectCommand.run([notGPX.path]), 65)
        XCTAssertEqual(ContentInspectCommand.run([Self.content.appendingPathComponent("gpx/pas-de-cere.gpx").path, "--json"]), 0)
    }
}
