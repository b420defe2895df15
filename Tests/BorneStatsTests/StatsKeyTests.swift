import BorneStats
import BorneCore
import Foundation
import XCTest

final class StatsKeyTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws { dir = try makeTempDir() }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func testFirstUseCreatesAPrivateKeyThatLaterRunsLoad() throws {
        let made = try StatsKey.loadOrCreate(dataDir: dir)
        XCTAssertTrue(made.created)
        let file = StatsKey.file(dataDir: dir).path
        XCTAssertEqual(mode(file), 0o600)
        XCTAssertEqual(mode(dir.appendingPathComponent("keys").path), 0o700)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertEqual(text, made.key.hex + "\n")
        XCTAssertTrue(text.dropLast().allSatisfy { "0123456789abcdef".contains($0) })
        let again = try StatsKey.loadOrCreate(dataDir: dir)
        XCTAssertFalse(again.created)
        XCTAssertEqual(again.key, made.key)
        XCTAssertEqual(try StatsKey.load(file: StatsKey.file(dataDir: dir)), made.key)
        XCTAssertNotEqual(try StatsKey.generate(), made.key)
        XCTAssertFalse("\(made.key)".contains(made.key.hex))
        XCTAssertEqual(made.key.fingerprint.count, 16)
        // Nothing else left in the directory (no temporary file).
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("keys").path), ["stats.key"])
    }

    func testConcurrentFirstUseAgreesOnOneKey() throws {
        let results = LockedArray<StatsKey>()
        let d: URL = dir
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            if let k = try? StatsKey.loadOrCreate(dataDir: d).key { results.append(k) }
        }
        XCTAssertEqual(results.items.count, 8)
        XCTAssertEqual(Set(results.items.map(\.hex)).count, 1)
    }

    func testBadKeyFilesAreRefusedAndNeverReplaced() throws {
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("keys"), withIntermediateDirectories: true)
        let file = StatsKey.file(dataDir: dir)
        let cases: [(String, String)] = [
            ("", "the file is empty"),
            ("abc\n", "3 characters, expected 64 hexadecimal digits"),
            (String(repeating: "g", count: 64), "not hexadecimal"),
            (String(repeating: "0", count: 64), "all zeros"),
        ]
        for (content, reason) in cases {
            try content.write(to: file, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try StatsKey.loadOrCreate(dataDir: dir)) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains(file.path) && text.contains(reason), text)
            }
            XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), content, "a bad key must not be overwritten")
        }
        // Upper case and a CRLF are still the same key.
        try (String(repeating: "0123456789ABCDEF", count: 4) + "\r\n").write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try StatsKey.loadOrCreate(dataDir: dir).key, testKey)
    }

    func testAFailedSystemCallSaysItWasOnTheStatisticsKey() throws {
        // A file where the keys folder belongs: the key cannot be created in it.
        try "".write(to: dir.appendingPathComponent("keys"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try StatsKey.loadOrCreate(dataDir: dir)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix(dir.appendingPathComponent("keys").path + "/.stats.key.tmp-"), text)
            XCTAssertTrue(text.contains(": cannot create the statistics key: Not a directory (errno \(ENOTDIR))"), text)
        }
    }

    func testTooOpenModesAreTightened() throws {
        let made = try StatsKey.loadOrCreate(dataDir: dir)
        let file = StatsKey.file(dataDir: dir).path
        chmod(file, 0o644)
        chmod(dir.appendingPathComponent("keys").path, 0o755)
        let again = try StatsKey.loadOrCreate(dataDir: dir)
        XCTAssertEqual(again.key, made.key)
        XCTAssertEqual(again.warnings.count, 2, "\(again.warnings)")
        XCTAssertEqual(mode(file), 0o600)
        XCTAssertEqual(mode(dir.appendingPathComponent("keys").path), 0o700)
    }

    func testHMACMatchesRFC4231() {
        // RFC 4231 test case 2.
        let mac = HMACSHA256.mac(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8))
        XCTAssertEqual(Hex.encode(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertEqual(HMACSHA256.mac(key: testKey, []).count, 32)
        XCTAssertTrue(HMACSHA256.verify(HMACSHA256.mac(key: testKey, [1, 2]), key: testKey, [1, 2]))
        XCTAssertFalse(HMACSHA256.verify(HMACSHA256.mac(key: testKey, [1, 2]), key: otherKey, [1, 2]))
        XCTAssertFalse(HMACSHA256.verify([1, 2, 3], key: testKey, [1, 2]))
    }
}

final class LockedArray<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T] = []
    func append(_ v: T) { lock.lock(); storage.append(v); lock.unlock() }
    var items: [T] { lock.lock(); defer { lock.unlock() }; return storage }
}
