import BorneStick
import BorneSystem
import Foundation
import XCTest

/// A failed system call on a stick is the one `IOError`, said in English
/// (the kiosk's `borne usb`) and in French (the office's commands).
final class StickErrorTests: XCTestCase {
    func testASystemCallFailureNamesTheCallThePathAndErrnoInBothLanguages() {
        let e = StickError(system: IOError(operation: "rename", path: "/media/stick/borne/st.json", errno: ENOSPC))
        XCTAssertEqual(e.path, "/media/stick/borne/st.json")
        XCTAssertTrue(e.isDiskFull)
        XCTAssertFalse(e.isRefusal)
        XCTAssertEqual(e.description, "/media/stick/borne/st.json: cannot rename: No space left on device (errno \(ENOSPC))")
        XCTAssertEqual(e.french, "/media/stick/borne/st.json : impossible de renommer : No space left on device (errno \(ENOSPC))")
        XCTAssertFalse(StickError(system: IOError(operation: "read", path: "/m/x", errno: EIO)).isDiskFull)
    }

    func testAFailedWriteOnTheStickIsAStickErrorWithItsIOError() throws {
        let root = NSTemporaryDirectory() + "stick-error-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = try StickDir.openRoot(root)
        // The folder removed under its open descriptor: creating in it fails (ENOENT).
        try FileManager.default.removeItem(atPath: root)
        XCTAssertThrowsError(try dir.write([1], to: "a.json")) { error in
            guard let e = error as? StickError, case .system(let io) = e.problem else { return XCTFail("\(error)") }
            XCTAssertEqual(io, IOError(operation: "create", path: root + "/.a.json.tmp-\(getpid())", errno: ENOENT))
            XCTAssertEqual(e.path, io.path)
        }
    }
}
