import Foundation
import XCTest
@testable import BorneContent

/// Zips made by Python's zipfile (stored and deflate), some damaged on
/// purpose by the tests: committed files in ZipFixtures/, made once by
/// ZipFixtures/make-zips.py (the tests need no Python).
final class ZipArchiveTests: XCTestCase {
    static let fixtures = Repo.root.appendingPathComponent("Tests/BorneContentTests/ZipFixtures")

    /// A committed zip of ZipFixtures/.
    func fixture(_ name: String) throws -> URL {
        let url = Self.fixtures.appendingPathComponent(name)
        XCTAssertTrue(FileManager.default.fileExists(atPath: url.path), "missing fixture \(url.path) (ZipFixtures/make-zips.py makes it)")
        return url
    }

    func testReadsStoredAndDeflatedEntries() throws {
        let url = try fixture("stored-and-deflated.zip")
        let zip = try ZipArchive(contentsOf: url)
        XCTAssertEqual(zip.entries.map(\.name), ["stored.txt", "dir/deflated.json", "empty.txt", "dir/"])
        XCTAssertEqual(zip.entries.map(\.method), [0, 8, 8, 0])
        XCTAssertEqual(String(decoding: try zip.data(for: zip.entry(named: "stored.txt")!), as: UTF8.self), "hello stored")
        let big = try zip.data(for: zip.entry(named: "dir/deflated.json")!)
        XCTAssertEqual(String(decoding: big, as: UTF8.self), "{\"a\": \"" + String(repeating: "é", count: 5000) + "\"}")
        XCTAssertLessThan(zip.entry(named: "dir/deflated.json")!.compressedSize, 1000)
        XCTAssertEqual(try zip.data(for: zip.entry(named: "empty.txt")!), Data())
        XCTAssertTrue(zip.entry(named: "dir/")!.isDirectory)
    }

    func testPathTraversalNamesAreRefused() throws {
        for (i, bad) in ["../evil.json", "objets_modifies/../../evil.json", "/etc/passwd", "C:/x.json", #"a\..\b"#].enumerated() {
            let url = try fixture("traversal-\(i).zip")
            XCTAssertThrowsError(try ZipArchive(contentsOf: url), bad) { error in
                guard case ZipError.unsafeName = error else { return XCTFail("\(bad): \(error)") }
            }
        }
    }

    func testUnsafeNameRules() {
        XCTAssertNil(ZipArchive.unsafeNameProblem("objets_modifies/objets_modifies-1.json"))
        XCTAssertNil(ZipArchive.unsafeNameProblem("dir/"))
        XCTAssertNil(ZipArchive.unsafeNameProblem("a..b.json")) // dots inside a name are fine
        XCTAssertNotNil(ZipArchive.unsafeNameProblem(".."))
        XCTAssertNotNil(ZipArchive.unsafeNameProblem("a//b"))
        XCTAssertNotNil(ZipArchive.unsafeNameProblem("./a"))
        XCTAssertNotNil(ZipArchive.unsafeNameProblem("a\u{0}b"))
    }

    func testDamagedDataFailsTheCRCOrInflate() throws {
        let url = try fixture("stored-1000.zip")
        var bytes = [UInt8](try Data(contentsOf: url))
        let header = 30 + "a.txt".utf8.count
        bytes[header + 50] ^= 0xFF
        let zip = try ZipArchive(data: Data(bytes))
        XCTAssertThrowsError(try zip.data(for: zip.entries[0])) { XCTAssertEqual($0 as? ZipError, .crcMismatch(name: "a.txt")) }
    }

    func testDeclaredSizeIsChecked() throws {
        let url = try fixture("deflated-10000.zip")
        // Lower the declared uncompressed size in the central directory (offset 24 of its entry).
        var bytes = [UInt8](try Data(contentsOf: url))
        let cd = try XCTUnwrap(findSignature(bytes, [0x50, 0x4b, 0x01, 0x02]))
        bytes[cd + 24] = 100; bytes[cd + 25] = 0; bytes[cd + 26] = 0; bytes[cd + 27] = 0
        let zip = try ZipArchive(data: Data(bytes))
        XCTAssertThrowsError(try zip.data(for: zip.entries[0])) { error in
            guard case ZipError.corrupt(_, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("more than its declared 100"), reason)
        }
        // And the limit refuses an entry before inflating it.
        XCTAssertThrowsError(try ZipArchive(contentsOf: url, entryLimit: 5000)) {
            XCTAssertEqual($0 as? ZipError, .tooLarge(name: "a.txt", size: 10000, limit: 5000))
        }
    }

    func testZip64AndNonZipsAreRefusedClearly() throws {
        let url = try fixture("zip64-local-header.zip")
        // zipfile writes a Zip64 extra field in the local header only.
        let local = try ZipArchive(contentsOf: url)
        XCTAssertThrowsError(try local.data(for: local.entries[0])) { XCTAssertEqual($0 as? ZipError, .zip64Unsupported) }
        // A Zip64 end of central directory (zipfile writes one past 65,535 entries; lower its limit).
        let url2 = try fixture("zip64-end-record.zip")
        XCTAssertThrowsError(try ZipArchive(contentsOf: url2)) { XCTAssertEqual($0 as? ZipError, .zip64Unsupported) }
        XCTAssertThrowsError(try ZipArchive(data: Data("not a zip at all, just some text".utf8))) { error in
            guard case ZipError.notAZip = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try ZipArchive(data: Data([0x50, 0x4b])))
    }

    private func findSignature(_ b: [UInt8], _ sig: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        for i in 0...(b.count - 4) where Array(b[i..<i + 4]) == sig { return i }
        return nil
    }
}
