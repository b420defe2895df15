import Foundation
import XCTest
import BorneBundle
import BorneContent
@testable import borne

/// The contractor's content path does not fail silently: a pack, build,
/// verify or publish that would leave kiosks showing less than the office
/// wrote refuses, saying what and where (issue "The contractor publishes only
/// what the kiosks can show").
class ContentCLITestCase: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let content = root.appendingPathComponent("content")
    static let fixtures = root.appendingPathComponent("Tests/BorneContentTests/ApidaeFixtures")
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("borne-strict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    func path(_ name: String) -> String { tmp.appendingPathComponent(name).path }

    struct Run { var status: Int32; var out: String; var err: String }

    /// Runs `body` with stdout and stderr going to files, and returns what it printed.
    func run(_ body: () -> Int32) throws -> Run {
        fflush(nil)
        let outFile = path("stdout-\(UUID().uuidString)"), errFile = path("stderr-\(UUID().uuidString)")
        let savedOut = dup(1), savedErr = dup(2)
        let o = open(outFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600), e = open(errFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertTrue(o >= 0 && e >= 0)
        dup2(o, 1); dup2(e, 2); close(o); close(e)
        let status = body()
        fflush(nil)
        dup2(savedOut, 1); dup2(savedErr, 2); close(savedOut); close(savedErr)
        return Run(status: status, out: try String(contentsOfFile: outFile, encoding: .utf8),
                   err: try String(contentsOfFile: errFile, encoding: .utf8))
    }

    func content(_ args: [String]) throws -> Run { try run { ContentCommand.run(args) } }

    /// A copy of the demo content, changed by `edit` (file path relative to it → new text).
    func demoCopy(_ name: String, _ edit: [String: (String) -> String] = [:]) throws -> URL {
        let dir = tmp.appendingPathComponent(name)
        try FileManager.default.copyItem(at: Self.content, to: dir)
        for (file, change) in edit {
            let url = dir.appendingPathComponent(file)
            try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// The stray comma: `{ , "id": ...` in the first item of manger.json.
    static func strayComma(_ text: String) -> String {
        guard let r = text.range(of: "\"id\"") else { return text }
        return text.replacingCharacters(in: r, with: ", \"id\"")
    }

    func keys() throws -> (key: String, pub: String, hex: String) {
        XCTAssertEqual(KeygenCommand.run(["--out", path("keys")]), 0)
        let hex = try String(contentsOfFile: path("keys/borne.pub"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return (path("keys/borne.key"), path("keys/borne.pub"), hex)
    }
}

final class ContentStrictnessTests: ContentCLITestCase {
    func testTheDemoContentPacksWithoutAnyProblem() throws {
        XCTAssertEqual(try ContentLoader.load(directory: Self.content).problems.map(\.description), [])
        let r = try content(["pack", Self.content.path, "--out", path("b")])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertFalse(r.err.contains("problem"), r.err)
    }

    func testAStrayCommaRefusesThePackListingTheFile() throws {
        let c = try demoCopy("c", ["items/manger.json": Self.strayComma])
        let r = try content(["pack", c.path, "--out", path("b")])
        XCTAssertEqual(r.status, 65, r.err)
        XCTAssertTrue(r.err.contains("refused: 1 content problem"), r.err)
        XCTAssertTrue(r.err.contains("c/items/manger.json: invalid JSON at line 5"), r.err)
        XCTAssertTrue(r.err.contains("(file skipped)"), r.err)
        XCTAssertTrue(r.err.contains("--allow-problems"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("b")), "no bundle is written")

        let allowed = try content(["pack", c.path, "--out", path("b"), "--allow-problems"])
        XCTAssertEqual(allowed.status, 0, allowed.err)
        XCTAssertTrue(allowed.err.contains("packed anyway (--allow-problems)"), allowed.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("b/manifest.json")))
    }

    func testEveryProblemIsListedWithItsItemAndField() throws {
        let c = try demoCopy("c", [
            "items/manger.json": Self.strayComma,
            "items/commerces.json": { $0.replacingOccurrences(of: "\"website\": \"", with: "\"website\": \"ht!tp:") },
            "items/dormir.json": { t in
                guard let r = t.range(of: "\"id\": \"") else { return t }
                return t.replacingCharacters(in: r, with: "\"id\": \"Bad Id ")
            },
        ])
        let r = try content(["pack", c.path, "--out", path("b")])
        XCTAssertEqual(r.status, 65, r.err)
        let lines = r.err.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.contains("items/manger.json") && $0.contains("(file skipped)") }, r.err)
        XCTAssertTrue(lines.contains { $0.contains("items/dormir.json: items[0]: field \"id\"") && $0.contains("(item skipped)") }, r.err)
        XCTAssertTrue(lines.contains { $0.contains("items/commerces.json: item \"") && $0.contains("field \"website\"") }, r.err)
    }

    func testBuildRefusesExtraContentWithProblemsAndAllowsThemOnRequest() throws {
        let c = try demoCopy("c", ["items/manger.json": Self.strayComma])
        let export = Self.fixtures.appendingPathComponent("export").path
        let r = try run { ContentBuildCommand.run(["--apidae", export, "--extra", c.path, "--gpx", Self.content.appendingPathComponent("gpx").path,
                                                   "--out", self.path("b")]) }
        XCTAssertEqual(r.status, 65, r.err)
        XCTAssertTrue(r.err.contains("--extra: items/manger.json: invalid JSON"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("b")))
        let allowed = try run { ContentBuildCommand.run(["--apidae", export, "--extra", c.path, "--gpx", Self.content.appendingPathComponent("gpx").path,
                                                         "--out", self.path("b"), "--allow-problems"]) }
        XCTAssertEqual(allowed.status, 0, allowed.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("b/manifest.json")))
    }

    func testAHikeWhoseGPXIsMissingIsAProblemNotANote() throws {
        // The APIDAE trek names its PLAN GPX; without --gpx the hike would have no track.
        let trek = Self.fixtures.appendingPathComponent("geotrek_a_trek_FIXTURE_itineraire_multimedias_PLAN_gpx.json").path
        let r = try run { ContentBuildCommand.run(["--apidae", trek, "--extra", Self.content.path, "--out", self.path("b")]) }
        XCTAssertEqual(r.status, 65, r.out + r.err)
        XCTAssertTrue(r.err.contains("object 123123: field multimedias: PLAN names apidae_test_trek.gpx"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("b")))

        // The same in hand-made content: a hike naming a GPX that is not there.
        let c = try demoCopy("c", ["items/randonnees.json": { $0.replacingOccurrences(of: "gpx/puy-griou.gpx", with: "gpx/absente.gpx") }])
        let p = try content(["pack", c.path, "--out", path("b2")])
        XCTAssertEqual(p.status, 65, p.err)
        XCTAssertTrue(p.err.contains("field \"hike.gpx\": file gpx/absente.gpx not found"), p.err)
    }

    func testVerifyLoadsTheContentAsTheKioskDoes() throws {
        let k = try keys()
        let c = try demoCopy("c", ["items/manger.json": Self.strayComma])
        XCTAssertEqual(try content(["pack", c.path, "--out", path("b"), "--key", k.key, "--allow-problems"]).status, 0)
        let r = try content(["verify", path("b"), "--pubkey", k.pub])
        XCTAssertEqual(r.status, 65, r.out + r.err)
        XCTAssertTrue(r.err.contains("signature and objects are good"), r.err)
        XCTAssertTrue(r.err.contains("items/manger.json: invalid JSON"), r.err)
        XCTAssertFalse(r.out.hasPrefix("ok"), r.out)

        XCTAssertEqual(try content(["pack", Self.content.path, "--out", path("good"), "--key", k.key]).status, 0)
        let good = try content(["verify", path("good"), "--pubkey", k.pub])
        XCTAssertEqual(good.status, 0, good.err)
        XCTAssertTrue(good.out.contains("content loads:"), good.out)
    }
}
