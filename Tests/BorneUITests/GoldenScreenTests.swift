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
        XCTAssertEqual(GoldenScreen.diff(expected: ga, got: gb),
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
}
