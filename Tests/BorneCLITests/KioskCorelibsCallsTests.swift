import BorneTestSupport
import Foundation
import XCTest

/// A kiosk's start (home, then a list) runs none of the CoreFoundation string
/// functions its own checks and texts used to call (issue 14: their code and
/// Unicode tables count in the kiosk's memory; docs/BENCHMARKS.md, "The kiosk
/// without corelibs Foundation"): `CFStringFindWithOptionsAndLocale`
/// (`contains`/`range(of:)` with Foundation imported: the config and content
/// checks, the script parser), `CFStringCreateWithFormatAndArguments`
/// (`String(format:)`: the header's clock, dates and hours), `CFStringPad`
/// (the usage tables made at every start) and `JSONSerialization` (the school
/// holidays). A real `borne kiosk` runs under gdb with a breakpoint on each;
/// a hit fails the test with its backtrace, which names the caller. (Still
/// called on this path, by other modules: `trimmingCharacters` in
/// BorneStore's SQL, whose `CFCharacterSetGetPredefined` is not watched.)
final class KioskCorelibsCallsTests: XCTestCase {
    private static let repo = BuiltBorne.repoRoot
    static let watched = ["CFStringFindWithOptionsAndLocale", "CFStringPad", "CFStringCreateWithFormatAndArguments",
                          "$s10Foundation17JSONSerializationC10jsonObject4with7optionsyp0A10Essentials4DataV_AC14ReadingOptionsVtKFZ"]

    func testAKioskStartAndAListRunNoneOfTheWatchedCoreFoundationFunctions() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gdb") else {
            throw MissingPrerequisite("gdb is not installed (make test-deps installs it)")
        }
        let borne = try BuiltBorne.path(nextTo: Bundle(for: Self.self).bundleURL)
        let dir = try BuiltBorne.kioskDirectory("cf")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A comment after a step and blanks around it: the parser's search and trimming run.
        try "  tap tile:manger   # the list\t\ndump\n".write(to: dir.appendingPathComponent("script.txt"), atomically: true, encoding: .utf8)
        let kiosk = [borne, "kiosk", "--config", dir.appendingPathComponent("config.json").path,
                     "--content", Self.repo.appendingPathComponent("content").path, "--data-dir", dir.appendingPathComponent("data").path,
                     "--size", "160x45", "--clock", "2027-07-13T10:30:00", "--script", dir.appendingPathComponent("script.txt").path, "--dump-screen"]
        var gdb = ["-batch", "-nx", "-ex", "set complaints 0", "-ex", "set breakpoint pending on", "-ex", "set pagination off", "-ex", "set debuginfod enabled off"]
        for f in Self.watched { gdb += ["-ex", "break \(f)"] }
        gdb += ["-ex", "run", "-ex", "bt 25", "-ex", "kill", "--args"] + kiosk
        // gdb's status is its last command's: `kill` fails when the kiosk has ended (no hit).
        let (_, out, err) = try BuiltBorne.run(gdb, executable: "/usr/bin/gdb")
        // Each breakpoint was set (resolved in the binary or in libFoundation once loaded).
        for (i, f) in Self.watched.enumerated() {
            XCTAssertTrue(out.contains("Breakpoint \(i + 1) at") || err.contains("Breakpoint \(i + 1) at") || out.contains("Breakpoint \(i + 1) (\(f)) pending"),
                          "no breakpoint on \(f): gdb said\n\(out.suffix(3000))\n\(err.suffix(1000))")
        }
        func isHit(_ line: Substring) -> Bool {
            line.range(of: #"^(Thread \d+ .* hit )?Breakpoint \d+, "#, options: .regularExpression) != nil
        }
        let lines = out.split(separator: "\n")
        XCTAssertFalse(lines.contains(where: isHit), "the kiosk called a watched CoreFoundation function; gdb's backtrace:\n"
                       + lines.drop { !isHit($0) }.prefix(30).joined(separator: "\n"))
        XCTAssertTrue(out.contains("Où manger") && out.contains("exited normally"),
                      "the kiosk did not show the list and end: gdb said\n\(out.suffix(3000))\n\(err.suffix(1000))")
    }
}
