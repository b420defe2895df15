import XCTest
@testable import borne

/// Exit codes are the names of `ExitCode` (sysexits.h), never literals: a
/// `return 73` in a command is how EX_CANTCREAT went missing from ExitCode.
final class ExitCodeNamesTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/borne")

    func testNoLiteralExitCodeInTheCommands() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path).filter { $0.hasSuffix(".swift") }
        XCTAssertTrue(files.contains("main.swift"), "Sources/borne not found at \(Self.sources.path)")
        // `return 65`, `Exit(code: 64)`, `code: 74`, `exit(1)`, `: Int32 = 73` outside ExitCode.swift.
        let literal = try NSRegularExpression(pattern: #"(return|code:|exit\(|Int32 =)\s*[0-9]+\b"#)
        var found: [String] = []
        for file in files where file != "ExitCode.swift" {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let s = String(line)
                // Counters and buffers initialised to 0 are not exit codes.
                if s.contains("var "), s.contains("Int32 = 0") { continue }
                if literal.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil { found.append("\(file):\(n + 1): \(s)") }
            }
        }
        XCTAssertEqual(found, [], "use ExitCode's names")
    }

    func testEveryCodeHasItsSysexitsValue() {
        XCTAssertEqual([ExitCode.ok, ExitCode.usage, ExitCode.dataErr, ExitCode.noInput, ExitCode.unavailable, ExitCode.software,
                        ExitCode.canCreate, ExitCode.ioErr, ExitCode.tempFail, ExitCode.config, ExitCode.maintenanceQuit],
                       [0, 64, 65, 66, 69, 70, 73, 74, 75, 78, 10])
    }
}
