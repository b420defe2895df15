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

    /// Every subcommand with its own `--help`, found by walking the command
    /// tables (`Borne.commands`, then each group's): the words after `borne`
    /// ("office", "stick", "prepare") and its row.
    static var subcommands: [(words: [String], command: BorneCommand)] {
        func walk(_ words: [String], _ group: CommandGroup) -> [(words: [String], command: BorneCommand)] {
            group.commands.flatMap { c in [(words + [c.name], c)] + (c.group.map { walk(words + [c.name], $0) } ?? []) }
        }
        return Borne.commands.flatMap { c in c.group.map { walk([c.name], $0) } ?? [] }
    }

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
        XCTAssertEqual(Set(Self.subcommands.map { $0.words.joined(separator: "_") }), [
            "content_pack", "content_sign", "content_verify", "content_diff", "content_publish", "content_install",
            "content_rollback", "content_status", "content_build", "content_inspect", "content_hike-sheet",
            "office_trust", "office_ingest", "office_report", "office_fleet", "office_stick", "office_stick_prepare",
        ], "the tables' subcommands")
        for (words, c) in Self.subcommands {
            let name = words.joined(separator: " ")
            let r = try run(words + ["--help"])
            XCTAssertEqual(r.code, 0, name)
            XCTAssertEqual(r.err, "", name)
            assertGolden(r.out, words.joined(separator: "_"))
            XCTAssertEqual(r.out, c.help + "\n", "the table's help of \(name)")
            XCTAssertEqual(try run(words.dropLast() + ["help", words.last!]).out, r.out, "borne \(words.dropLast().joined(separator: " ")) help \(words.last!)")
        }
    }

    /// A group's usage is made from its table: each visible row's name,
    /// synopsis and summary; no subcommand, or an unknown one, is a usage
    /// error with the usage, in French for the office.
    func testGroupsUsageFromTheirTables() throws {
        for c in Borne.commands {
            guard let group = c.group else { continue }
            XCTAssertEqual(c.help, group.usage, c.name)
            for sub in group.commands {
                let line = "  " + ([sub.name, sub.synopsis].filter { !$0.isEmpty }.joined(separator: " "))
                XCTAssert(group.usage.contains("\n" + line), "\(c.name) \(sub.name) in \(c.name)'s usage")
                XCTAssert(group.usage.contains(sub.summary!), "\(c.name) \(sub.name)'s summary")
            }
            let none = try run([c.name])
            XCTAssertEqual(none.code, 64, c.name)
            XCTAssertEqual(none.err, group.usage + "\n", c.name)
            let unknown = try run([c.name, "frobnicate"])
            XCTAssertEqual(unknown.code, 64)
            XCTAssertEqual(unknown.err, group.unknown("frobnicate") + "\n\n" + group.usage + "\n")
        }
        XCTAssertEqual(try run(["office", "frobnicate"]).err.split(separator: "\n").first, "borne office : commande inconnue « frobnicate »")
        XCTAssertEqual(try run(["content", "frobnicate"]).err.split(separator: "\n").first, "borne content: unknown subcommand 'frobnicate'")
        XCTAssertEqual(try run(["office", "stick"]).code, 64)
        XCTAssertEqual(try run(["office", "help", "frobnicate"]).err, "borne office : commande inconnue « frobnicate »\n")
    }

    /// No golden file is left without the command it was made for.
    func testNoStaleGoldenFile() throws {
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: Self.goldenDir.path).filter { $0.hasSuffix(".txt") })
        var expected: Set<String> = ["borne.txt"]
        for c in Borne.commands { expected.insert(c.name + ".txt") }
        for (words, _) in Self.subcommands { expected.insert(words.joined(separator: "_") + ".txt") }
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
