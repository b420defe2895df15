import BorneCore
import Foundation
import XCTest
@testable import BorneBundle

final class BundleDiffTests: XCTestCase {
    func file(_ path: String, _ c: Character, _ size: Int64) -> BundleManifest.File {
        .init(path: path, sha256: String(repeating: c, count: 64), size: size)
    }

    func manifest(_ files: [BundleManifest.File]) -> BundleManifest {
        BundleManifest(id: "2026-11-26T18-00-00Z-x", created: UTCTime.parse("2026-11-26T18:00:00Z")!, source: "t", files: files)
    }

    func testAddedRemovedChangedAndBytesToFetch() {
        let old = manifest([file("a.json", "a", 10), file("b.json", "b", 20), file("c.json", "c", 30)])
        let new = manifest([file("a.json", "a", 10), file("c.json", "d", 40), file("d.json", "b", 20),
                            file("e.json", "e", 50), file("f.json", "e", 50)])
        let d = BundleDiff(from: old, to: new)
        XCTAssertEqual(d.added, ["d.json", "e.json", "f.json"])
        XCTAssertEqual(d.removed, ["b.json"])
        XCTAssertEqual(d.changed, ["c.json"])
        XCTAssertEqual(d.unchanged, 1)
        // d.json's bytes are already held (as b.json); e and f are one object.
        XCTAssertEqual(d.objectsToFetch, [String(repeating: "d", count: 64), String(repeating: "e", count: 64)])
        XCTAssertEqual(d.bytesToFetch, 90)
        XCTAssertFalse(d.isEmpty)
        XCTAssertTrue(BundleDiff(from: new, to: new).isEmpty)
        XCTAssertEqual(BundleDiff(from: new, to: new).bytesToFetch, 0)
    }

    func testFromNothingAndWithObjectsAlreadyHeld() {
        let new = manifest([file("a.json", "a", 10), file("b.json", "b", 20)])
        XCTAssertEqual(BundleDiff(from: nil, to: new).bytesToFetch, 30)
        XCTAssertEqual(BundleDiff(from: nil, to: new, held: [String(repeating: "b", count: 64)]).bytesToFetch, 10)
    }
}
