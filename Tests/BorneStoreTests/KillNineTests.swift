import BorneTestSupport
import Foundation
import XCTest
@testable import BorneStore

/// A real `kill -9` of a process writing touches (`borne store-selftest`):
/// every sequence number it printed as committed is in the database, the
/// database is sound, and the next run continues above every number.
final class KillNineTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try makeTempDir(name) }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// The `borne` built next to this test bundle.
    func borneBinary() throws -> String {
        try BuiltBorne.path(nextTo: Bundle(for: Self.self).bundleURL)
    }

    /// Starts a self-test, kills it with SIGKILL once it printed `lines`
    /// numbers, and returns every complete line it printed.
    func runAndKill(_ borne: String, after lines: Int) throws -> [Int64] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: borne)
        p.arguments = ["store-selftest", "--data-dir", dir, "--count", "10000000", "--kiosk", "kill-test"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let pid = p.processIdentifier
        // Never hang the suite: kill anyway after 20 s.
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        var data = Data()
        var newlines = 0
        while newlines < lines {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }      // the child died on its own
            newlines += chunk.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            data += chunk
        }
        kill(pid, SIGKILL)
        data += out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        watchdog.cancel()
        XCTAssertEqual(p.terminationReason, .uncaughtSignal, "the self-test ended before it was killed")
        // A line cut by the kill has no newline: it is not a complete acknowledgement.
        var text = String(decoding: data, as: UTF8.self)
        if let last = text.lastIndex(of: "\n") { text = String(text[...last]) } else { text = "" }
        return text.split(separator: "\n").map { Int64($0)! }
    }

    func testKillNineLosesNoCommittedTouchAndReusesNoSequence() throws {
        let borne = try borneBinary()
        var everPrinted: [Int64] = []
        var maxBefore: Int64 = 0
        var leftOpen: [Int64] = []
        var rng = try KillSeed("KillNineTests.testKillNineLosesNoCommittedTouchAndReusesNoSequence")
        for round in 1...3 {
            let printed = try runAndKill(borne, after: Int.random(in: 200...3000, using: &rng))
            XCTAssertFalse(printed.isEmpty, "round \(round): nothing committed")
            XCTAssertEqual(printed, printed.sorted(), "round \(round)")
            XCTAssertGreaterThan(printed.first ?? 0, maxBefore, "round \(round) reused a sequence number")
            everPrinted += printed

            let store = try openStore(dir)
            XCTAssertEqual(try store.db.integrityCheck(), ["ok"], "round \(round)")
            let stored = try store.sequences()
            let missing = Set(everPrinted).subtracting(stored)
            XCTAssertTrue(missing.isEmpty, "round \(round): printed as committed but not stored: \(missing.sorted().prefix(10))")
            XCTAssertEqual(stored, Array(1...(stored.last ?? 0)), "round \(round): a gap or a duplicate")
            // The transaction that counts a tap in its session is the one that stores it.
            let mismatched = try store.db.int64("""
                SELECT count(*) FROM sessions s
                WHERE s.touches != (SELECT count(*) FROM touches t WHERE t.session_id = s.id)
                """)
            XCTAssertEqual(mismatched, 0, "round \(round)")
            // A session the previous kill left open was ended at this start.
            let sessions = try store.sessions()
            for id in leftOpen {
                XCTAssertEqual(sessions.first { $0.id == id }?.flags, .endedByRestart, "round \(round), session \(id)")
            }
            leftOpen = sessions.filter { $0.endUTC == nil }.map(\.id)
            XCTAssertLessThanOrEqual(leftOpen.count, 1, "round \(round)")
            maxBefore = stored.last ?? 0
        }
    }
}
