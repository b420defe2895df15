import BorneSystem
import Foundation
import XCTest
@testable import borne

/// `borne office trust` says in French why a key file could not be read:
/// the system call, the path and errno of the `IOError`.
final class OfficeTrustKeyErrorTests: XCTestCase {
    func testAnUnreadableKeyFileIsSaidInFrenchWithTheCallAndErrno() {
        let e = IOError(operation: "open the statistics key", path: "/media/cle/stats.key", errno: EIO)
        XCTAssertEqual(OfficeTrust.french(e),
                       "/media/cle/stats.key : impossible de lire la clé (open) : Input/output error (errno \(EIO))")
    }
}
