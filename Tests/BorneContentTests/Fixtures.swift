import Foundation
import XCTest
import BorneCore
import BorneContent

/// Paths of the checkout, found from this file (CI has no ../shared).
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // BorneContentTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // repository root
    static let content = root.appendingPathComponent("content")
    static let kioskConfig = root.appendingPathComponent("kiosk-config")
}

/// A test case with a copy of the repository's content in `dir`, inside
/// `tmp` (removed after the test), for tests that change its files.
class RepoContentCopyTestCase: XCTestCase {
    var dir: URL!
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("borne-copy-\(UUID().uuidString)")
        dir = tmp.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repo.content, to: dir)
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    /// Replaces `dir` with `count` items of bench/gen_content.py (hours,
    /// events, hikes).
    func generateContent(count: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        try FileManager.default.removeItem(at: dir)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [Repo.root.appendingPathComponent("bench/gen_content.py").path, "--count", "\(count)",
                       "--out", dir.path, "--src", Repo.content.path]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "bench/gen_content.py failed", file: file, line: line)
    }
}

/// A test case with a fresh temporary content directory holding the two
/// required files, so each test writes only what it is about.
class ContentDirectoryTestCase: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("borne-content-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("items"), withIntermediateDirectories: true)
        try write("bundle.json", #"{"format": 1, "version": "test-1", "created": "2026-11-26T18:00:00Z", "source": "tests"}"#)
        try write("office.json", """
            {"name": {"fr": "Office de Tourisme du Carladès"}, "address": "av. Mercier, 15800 Vic-sur-Cère",
             "phone": "04 71 47 50 68", "email": "tourisme@carlades.fr"}
            """)
        try write("urgences.json", #"{"numbers": [{"number": "112", "label": {"fr": "Urgence européenne"}}]}"#)
    }

    override func tearDownWithError() throws {
        if let dir { try? FileManager.default.removeItem(at: dir) }
    }

    func write(_ relative: String, _ text: String) throws {
        let url = dir.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Writes `items/<section>.json` holding the given item objects (JSON text).
    func writeItems(_ section: String, _ items: [String]) throws {
        try write("items/\(section).json", "{\"section\": \"\(section)\", \"items\": [\n" + items.joined(separator: ",\n") + "\n]}\n")
    }

    /// A minimal valid item with `extra` members appended.
    func item(_ id: String, _ extra: String = "") -> String {
        "{\"id\": \"\(id)\", \"name\": {\"fr\": \"Nom \(id)\"}" + (extra.isEmpty ? "" : ", " + extra) + "}"
    }

    func load(file: StaticString = #filePath, line: UInt = #line) throws -> ContentLoadResult {
        try ContentLoader.load(directory: dir)
    }
}

extension Array where Element == ContentProblem {
    var lines: [String] { map(\.description) }
}
