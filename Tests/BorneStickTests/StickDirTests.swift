@testable import BorneStick
import Foundation
import XCTest

/// The resolver alone: a link, a FIFO or a device where the stick should
/// hold a file or a folder is refused by name, and nothing outside the
/// stick is read or written.
final class StickDirTests: XCTestCase {
    var work: URL!
    var stick: URL!
    var outside: URL!

    override func setUpWithError() throws {
        work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("borne-stick-\(UUID().uuidString)")
        stick = work.appendingPathComponent("stick")
        outside = work.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: stick.appendingPathComponent("borne"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: outside.appendingPathComponent("secret"))
    }

    override func tearDown() { if let work { try? FileManager.default.removeItem(at: work) } }

    func link(_ relative: String, to target: URL) throws {
        try FileManager.default.createSymbolicLink(atPath: stick.appendingPathComponent(relative).path, withDestinationPath: target.path)
    }

    func fifo(_ relative: String) {
        XCTAssertEqual(mkfifo(stick.appendingPathComponent(relative).path, 0o644), 0)
    }

    func refusal(_ kind: EntryKind, _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { e in
            guard let s = e as? StickError else { return XCTFail("\(e)", file: file, line: line) }
            XCTAssertTrue(s.isRefusal, "\(s)", file: file, line: line)
            XCTAssertTrue("\(s)".contains(kind.rawValue), "\(s)", file: file, line: line)
        }
    }

    func testAFolderLinkIsRefusedAtEveryDepthAndNothingIsCreatedOutside() throws {
        try link("borne/stats", to: outside)
        let root = try StickDir.openRoot(stick.path)
        refusal(.symlink) { _ = try root.folder("borne/stats/vic-sur-cere", create: true) }
        refusal(.symlink) { _ = try root.folder("borne/stats") }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), ["secret"])
        // The message names the path on the stick.
        XCTAssertThrowsError(try root.folder("borne/stats")) { XCTAssertTrue("\($0)".contains(self.stick.path + "/borne/stats"), "\($0)") }
        // The top folder itself.
        try FileManager.default.removeItem(at: stick.appendingPathComponent("borne"))
        try link("borne", to: outside)
        refusal(.symlink) { _ = try root.folder("borne") }
    }

    func testAFileLinkIsNeitherReadNorWrittenThrough() throws {
        try link("borne/manifest.json", to: outside.appendingPathComponent("secret"))
        let borne = try XCTUnwrap(try StickDir.openRoot(stick.path).folder("borne"))
        refusal(.symlink) { _ = try borne.read("manifest.json", limit: 1000) }
        refusal(.symlink) { _ = try borne.openFile("manifest.json") }
        refusal(.symlink) { try borne.write(Array("x".utf8), to: "manifest.json") }
        refusal(.symlink) { try borne.remove("manifest.json") }
        // A link at the temporary name: refused, the target untouched.
        try link("borne/.status.json.tmp", to: outside.appendingPathComponent("secret"))
        refusal(.symlink) { try borne.write(Array("{}".utf8), to: "status.json", temp: ".status.json.tmp") }
        try link("borne/.b.tmp-\(getpid())", to: outside.appendingPathComponent("new"))
        refusal(.symlink) { try borne.write(Array("{}".utf8), to: "b") }
        XCTAssertEqual(try String(contentsOf: outside.appendingPathComponent("secret"), encoding: .utf8), "secret")
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside.appendingPathComponent("new").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: stick.appendingPathComponent("borne/status.json").path))
    }

    func testAFifoIsRefusedWithoutBlocking() throws {
        fifo("borne/manifest.json")
        fifo("borne/stats")
        let borne = try XCTUnwrap(try StickDir.openRoot(stick.path).folder("borne"))
        refusal(.fifo) { _ = try borne.read("manifest.json", limit: 1000) }
        refusal(.fifo) { try borne.write([1], to: "manifest.json") }
        refusal(.fifo) { _ = try borne.folder("stats", create: true) }
    }

    func testADeviceIsRefused() throws {
        // A character device like /dev/null (1, 3), made on the stick (the tests run as root, as the kiosk's usb unit does).
        XCTAssertEqual(mknod(stick.appendingPathComponent("borne/receipts").path, S_IFCHR | 0o600, dev_t((1 << 8) | 3)), 0,
                       String(cString: strerror(errno)))
        XCTAssertEqual(mknod(stick.appendingPathComponent("borne/x.json").path, S_IFCHR | 0o600, dev_t((1 << 8) | 3)), 0)
        let borne = try XCTUnwrap(try StickDir.openRoot(stick.path).folder("borne"))
        refusal(.device) { _ = try borne.read("x.json", limit: 10) }
        refusal(.device) { try borne.write([1], to: "x.json") }
        refusal(.device) { try borne.remove("x.json") }
        refusal(.device) { _ = try borne.folder("receipts", create: true) }
        XCTAssertEqual(try borne.entries().map(\.kind), [.device, .device])
        // Links to a device are links: refused before anything is opened.
        try link("borne/null", to: URL(fileURLWithPath: "/dev/null"))
        refusal(.symlink) { _ = try borne.read("null", limit: 10) }
    }

    func testWritesReadsAndReplacesRegularFiles() throws {
        let root = try StickDir.openRoot(stick.path)
        let dir = try XCTUnwrap(try root.folder("borne/stats/vic-sur-cere", create: true))
        try dir.write(Array("one".utf8), to: "a.batch")
        try dir.write(Array("two".utf8), to: "a.batch")
        XCTAssertEqual(try dir.read("a.batch", limit: 10), Array("two".utf8))
        XCTAssertNil(try dir.read("absent", limit: 10))
        XCTAssertThrowsError(try dir.read("a.batch", limit: 2)) { XCTAssertEqual(($0 as? StickError)?.problem, .tooBig(size: 3, limit: 2)) }
        // A regular leftover at the temporary name is replaced.
        try Data("half".utf8).write(to: stick.appendingPathComponent("borne/stats/vic-sur-cere/.a.batch.tmp-\(getpid())"))
        try dir.write(Array("three".utf8), to: "a.batch")
        XCTAssertEqual(try dir.entries().map(\.name), ["a.batch"])
        XCTAssertThrowsError(try dir.folder("../..")) { XCTAssertEqual(($0 as? StickError)?.problem, .badName) }
        try dir.remove("a.batch")
        XCTAssertEqual(try dir.entries().count, 0)
    }
}
