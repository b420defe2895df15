import BorneTestSupport
import BorneUI
import XCTest

/// The golden-screen format itself: a change of colour alone changes the
/// file, the diff names the line, every role has its own letter, and the
/// goldens are drawn from the fixture content, not the shipped one.
final class GoldenScreenTests: XCTestCase {
    func testEveryRoleHasItsOwnLetterAndBoldItsOwnCase() {
        var seen: [Character: Role] = [:]
        for role in Role.allCases {
            for bold in [false, true] {
                let c = GoldenScreen.code(Style(role, bold: bold))
                XCTAssertNil(seen[c], "\(role) bold=\(bold) shares '\(c)' with \(seen[c].map { "\($0)" } ?? "")")
                seen[c] = role
            }
        }
        XCTAssertEqual(seen.count, Role.allCases.count * 2)
    }

    func testAColourChangeAloneChangesTheGoldenAndTheDiffNamesItsLine() {
        var a = Canvas(width: 12, height: 3)
        _ = a.text(1, 1, "Ouvert", Style(.open))
        var b = Canvas(width: 12, height: 3)
        _ = b.text(1, 1, "Ouvert", Style(.closed))
        XCTAssertEqual(a.plainText, b.plainText, "same text")
        let ga = GoldenScreen.render(a), gb = GoldenScreen.render(b)
        XCTAssertNotEqual(ga, gb)
        XCTAssertEqual(ga, "\n Ouvert\n\n-- roles --\n\n.oooooo\n\n")
        XCTAssertEqual(GoldenFile.diff(expected: ga, got: gb),
                       "line 6:\n  expected: .oooooo\n  got:      .cccccc")
    }

    func testRolesStandUnderTheCharactersOfAWideText() {
        var c = Canvas(width: 6, height: 1)
        _ = c.text(0, 0, "漢x", Style(.title, bold: true))
        XCTAssertEqual(c.plainText, "漢x")
        XCTAssertEqual(GoldenScreen.roles(c), "TT", "one letter per character, the continuation cell left out")
    }

    func testGoldensAreDrawnFromTheFixtureContent() throws {
        let env = try UITestSupport.goldenEnv()
        XCTAssertEqual(env.catalog.version, "golden-fixture-1")
        XCTAssertFalse(UITestSupport.fixtureContent.path.hasPrefix(UITestSupport.repoRoot.appendingPathComponent("content").path + "/"))
    }

    /// A missing golden is written and fails once; a different one fails
    /// with its lines; UPDATE_SNAPSHOTS rewrites, except in a strict run.
    func testGoldenFileRefusesUntilReviewedAndRewritesOnlyWhenAsked() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("borne-golden-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("g.txt")
        let none: [String: String] = [:]
        let written = try XCTUnwrap(GoldenFile.compare("a\nb\n", with: url, what: "g", environment: none))
        XCTAssertTrue(written.contains("no golden file for g; written now"), written)
        XCTAssertNil(GoldenFile.compare("a\nb\n", with: url, what: "g", environment: none))
        let differs = try XCTUnwrap(GoldenFile.compare("a\nc\n", with: url, what: "g", environment: none))
        XCTAssertTrue(differs.hasSuffix("line 2:\n  expected: b\n  got:      c"), differs)
        let strict = try XCTUnwrap(GoldenFile.compare("a\nc\n", with: url, what: "g",
                                                      environment: ["UPDATE_SNAPSHOTS": "1", "BORNE_STRICT_TESTS": "1"]))
        XCTAssertTrue(strict.contains("strict run"), strict)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "a\nb\n", "not rewritten in a strict run")
        XCTAssertNil(GoldenFile.compare("a\nc\n", with: url, what: "g", environment: ["UPDATE_SNAPSHOTS": "1"]))
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "a\nc\n")
    }
}
