import BorneSystem
import Foundation
import XCTest

final class SystemCallTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "borne-system-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testSyscallRetriesEINTRAndReturnsTheResult() throws {
        var calls = 0
        let rc = try syscall("read", "/some/file") { () -> Int in
            calls += 1
            if calls < 3 { errno = EINTR; return -1 }
            return 42
        }
        XCTAssertEqual(rc, 42)
        XCTAssertEqual(calls, 3)
    }

    func testAFailedCallNamesTheOperationThePathAndTheError() {
        let missing = dir + "/absent/file"
        XCTAssertThrowsError(try syscall("open", missing) { open(missing, O_RDONLY) }) { error in
            guard let e = error as? IOError else { return XCTFail("\(error)") }
            XCTAssertEqual(e, IOError(operation: "open", path: missing, errno: ENOENT))
            XCTAssertEqual("\(e)", "\(missing): cannot open: No such file or directory (errno \(ENOENT))")
            XCTAssertFalse(e.isDiskFull)
        }
        XCTAssertTrue(IOError(operation: "write", path: "x", errno: ENOSPC).isDiskFull)
        XCTAssertTrue(IOError(operation: "write", path: "x", errno: EDQUOT).isDiskFull)
    }

    func testAtomicWriteReplacesTheFileAndLeavesNoTemporaryFile() throws {
        let path = dir + "/a/b/state.json"
        try AtomicFile.makeDirectories(AtomicFile.directory(of: path))
        try AtomicFile.write(Array("one".utf8), to: path)
        try AtomicFile.write(Array("two".utf8), to: path, mode: 0o600)
        XCTAssertEqual(try AtomicFile.read(path, limit: 10), Array("two".utf8))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/a/b"), ["state.json"])
        XCTAssertNil(try AtomicFile.read(dir + "/a/none", limit: 10))
    }

    func testAFailedAtomicWriteNamesTheTemporaryFileAndKeepsTheOldContent() throws {
        let path = dir + "/floor"
        try AtomicFile.write(Array("old".utf8), to: path)
        // A folder where the temporary file goes: the write fails, naming it.
        try FileManager.default.createDirectory(atPath: path + ".tmp", withIntermediateDirectories: false)
        XCTAssertThrowsError(try AtomicFile.write(Array("new".utf8), to: path, temp: path + ".tmp",
                                                  directorySyncRequired: true)) { error in
            XCTAssertEqual(error as? IOError, IOError(operation: "create", path: path + ".tmp", errno: EISDIR))
        }
        XCTAssertEqual(try AtomicFile.read(path, limit: 10), Array("old".utf8))
    }

    func testReadRefusesWhatIsNotARegularFileOrTooLong() throws {
        XCTAssertThrowsError(try AtomicFile.read(dir, limit: 10)) { error in
            XCTAssertEqual((error as? IOError)?.operation, "read (not a regular file)")
        }
        try AtomicFile.write([UInt8](repeating: 1, count: 11), to: dir + "/big")
        XCTAssertThrowsError(try AtomicFile.read(dir + "/big", limit: 10)) { error in
            XCTAssertEqual("\(error)", "\(dir!)/big: cannot read (over 10 bytes): File too large (errno \(EFBIG))")
        }
    }

    func testAKeyFileIsMadeOncePrivateAndNeverReplaced() throws {
        let path = dir + "/keys/k"
        var warnings: [String] = []
        XCTAssertTrue(try KeyFile.createIfAbsent(path, warnings: &warnings) { Array("first\n".utf8) })
        XCTAssertFalse(try KeyFile.createIfAbsent(path, warnings: &warnings) { XCTFail("made again"); return [] })
        XCTAssertEqual(try KeyFile.read(path, limit: 100), .text("first\n"))
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, 0o600)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: dir + "/keys")[.posixPermissions] as? Int, 0o700)
        XCTAssertEqual(try KeyFile.read(dir + "/keys", limit: 100), .notRegular)
        XCTAssertEqual(try KeyFile.read(path, limit: 3), .tooLong(bytes: 6))
        XCTAssertThrowsError(try KeyFile.read(dir + "/nothing", limit: 3)) { error in
            XCTAssertEqual(error as? IOError, IOError(operation: "stat", path: dir + "/nothing", errno: ENOENT))
        }
    }
}
