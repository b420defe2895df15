import BorneTestSupport
import XCTest
@testable import borne

/// `borne --help` and every `borne CMD --help`, as the built binary prints
/// them, against the golden files in Tests/BorneCLITests/__help__/.
///
/// A change of a help text fails here with a diff; after reviewing it,
/// `UPDATE_SNAPSHOTS=1 swift test --filter BorneCLITests.HelpGoldenTests`
/// rewrites the files (then review `git diff` and commit them). The strict
/// run (`make test STRICT=1`, BORNE_STRICT_TESTS=1) refuses UPDATE_SNAPSHOTS.
final class HelpGoldenTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let goldenDir = root.appendingPathComponent("__help__")

    /// Subcommands with their own `--help`, by command.
    static let subcommands: [String: [String]] = [
        "content": ["pack", "sign", "verify", "diff", "publish", "install", "rollback", "status", "build", "inspect", "hike-sheet"],
        "office": ["trust", "ingest", "report", "fleet", "stick"],
    ]

    func run(_ args: [String]) throws -> (code: Int32, out: String, err: String) {
        try BuiltBorne.run(args, executable: try BuiltBorne.path(nextTo: Bundle(for: Self.self).bundleURL))
    }

    /// Compares `text` with `__help__/NAME.txt` (`GoldenFile`: UPDATE_SNAPSHOTS=1 rewrites it).
    func assertGolden(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let what = "`\(name.replacingOccurrences(of: "_", with: " "))` help"
        if let failure = GoldenFile.compare(text, with: Self.goldenDir.appendingPathComponent(name + ".txt"), what: what) {
            XCTFail(failure, file: file, line: line)
        }
    }

    func testBorneHelp() throws {
        let r = try run(["--help"])
        XCTAssertEqual(r.code, 0)
        XCTAssertEqual(r.err, "")
        assertGolden(r.out, "borne")
        for same in [["-h"], ["help"]] {
            XCTAssertEqual(try run(same).out, r.out, "borne \(same[0])")
        }
        // Every visible command has its line, and only those.
        for c in Borne.commands {
            XCTAssertEqual(r.out.contains("\n  \(c.name) "), c.summary != nil, c.name)
        }
    }

    func testNoCommandIsAUsageErrorWithTheSameText() throws {
        let r = try run([])
        XCTAssertEqual(r.code, 64)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err, try run(["--help"]).out)
    }

    func testEveryCommandsHelp() throws {
        XCTAssertEqual(Set(Borne.commands.map(\.name)).count, Borne.commands.count, "a command listed twice")
        for c in Borne.commands {
            let r = try run([c.name, "--help"])
            XCTAssertEqual(r.code, 0, c.name)
            XCTAssertEqual(r.err, "", c.name)
            assertGolden(r.out, c.name)
            XCTAssertEqual(try run([c.name, "-h"]).out, r.out, "borne \(c.name) -h")
            XCTAssertEqual(try run(["help", c.name]).out, r.out, "borne help \(c.name)")
            XCTAssertEqual(r.out, c.help + "\n", "the table's help of \(c.name)")
        }
    }

    func testEverySubcommandsHelp() throws {
        for (command, subs) in Self.subcommands {
            for sub in subs {
                let r = try run([command, sub, "--help"])
                XCTAssertEqual(r.code, 0, "\(command) \(sub)")
                XCTAssertEqual(r.err, "", "\(command) \(sub)")
                assertGolden(r.out, "\(command)_\(sub)")
            }
        }
    }

    /// No golden file is left without the command it was made for.
    func testNoStaleGoldenFile() throws {
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: Self.goldenDir.path).filter { $0.hasSuffix(".txt") })
        var expected: Set<String> = ["borne.txt"]
        for c in Borne.commands { expected.insert(c.name + ".txt") }
        for (command, subs) in Self.subcommands { for s in subs { expected.insert("\(command)_\(s).txt") } }
        XCTAssertEqual(names.subtracting(expected).sorted(), [], "golden files without a command")
        XCTAssertEqual(expected.subtracting(names).sorted(), [], "commands without a golden file")
    }

    func testHelpOfAnUnknownCommand() throws {
        let r = try run(["help", "frobnicate"])
        XCTAssertEqual(r.code, 64)
        XCTAssertEqual(r.err, "borne: unknown command 'frobnicate'\n")
        let u = try run(["frobnicate"])
        XCTAssertEqual(u.code, 64)
        XCTAssertTrue(u.err.hasPrefix("borne: unknown command 'frobnicate'\n\n"), u.err)
    }
}
