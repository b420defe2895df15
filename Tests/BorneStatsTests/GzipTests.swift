import BorneStats
import Foundation
import XCTest

final class GzipTests: XCTestCase {
    func testRoundTripAndGunzipCompatibility() throws {
        let text = Array(String(repeating: "touche\tmanger\tfr\n", count: 500).utf8)
        let gz = Gzip.compress(text)
        XCTAssertEqual(try Gzip.decompress(gz, limit: text.count), text)
        XCTAssertEqual(try Gzip.decompress(Gzip.compress([]), limit: 0), [])
        // The system's gzip reads it too (the office may look with zcat).
        let dir = try makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("t.gz")
        try Data(gz).write(to: file)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-dc", file.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(Array(data), text)
    }

    func testBombsAndDamageAreRefused() {
        let zeros = Gzip.compress([UInt8](repeating: 0, count: 4 << 20))
        XCTAssertLessThan(zeros.count, 10_000)
        XCTAssertThrowsError(try Gzip.decompress(zeros, limit: 1 << 20)) { XCTAssertEqual($0 as? GzipError, .tooLarge(limit: 1 << 20)) }
        let gz = Gzip.compress(Array("bonjour le Carladès".utf8))
        XCTAssertThrowsError(try Gzip.decompress(Array(gz.dropLast(3)), limit: 100)) { XCTAssertEqual($0 as? GzipError, .truncated) }
        XCTAssertThrowsError(try Gzip.decompress(gz + [0, 0], limit: 100)) { XCTAssertEqual($0 as? GzipError, .trailingData(bytes: 2)) }
        XCTAssertThrowsError(try Gzip.decompress(Array("not gzip at all, definitely".utf8), limit: 100)) { XCTAssertEqual($0 as? GzipError, .notGzip) }
        var crc = gz
        crc[crc.count - 6] ^= 0xff          // the CRC-32 in the trailer
        XCTAssertThrowsError(try Gzip.decompress(crc, limit: 100)) {
            guard case .corrupt = $0 as? GzipError else { return XCTFail("\($0)") }
        }
    }
}
