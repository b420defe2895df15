import BorneCore
import Foundation
import XCTest
@testable import BorneOffice

/// A fresh directory per test, removed by the caller's `addTeardownBlock`.
func makeTempDir(_ name: String = #function) throws -> String {
    let clean = name.filter { $0.isLetter || $0.isNumber }
    let dir = (NSTemporaryDirectory() as NSString)
        .appendingPathComponent("borne-office-\(clean)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

extension XCTestCase {
    func tempDir(_ name: String = #function) throws -> String {
        let d = try makeTempDir(name)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: d) }
        return d
    }
}

/// A 64-hex key made of one repeated byte.
func testKeyHex(_ byte: UInt8 = 0x42) -> String {
    String(repeating: String(format: "%02x", byte), count: 32)
}

func ms(_ iso: String) -> Int64 { OfficeTime.parseISO(iso)! }

/// A touch row with sensible defaults.
func row(_ seq: Int64, session: Int64? = nil, wall: String = "2020-07-14T10:00:00Z", screen: String = "home",
         section: String? = nil, target: String? = nil, language: String = "fr", version: String = "2020.07.1",
         flags: Int64 = 0) -> OfficeTouch {
    OfficeTouch(seq: seq, sessionID: session, wallMs: ms(wall) + seq * 1000, monoMs: seq * 1000, screen: screen,
                section: section, target: target, x: 1, y: 2, language: language, contentVersion: version, flags: flags)
}
