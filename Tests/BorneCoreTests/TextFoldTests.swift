import BorneCore
import Foundation
import XCTest

/// `TextFold.folded` gives Foundation's case- and accent-insensitive folding
/// (what the hike and item lists sorted by before), without CoreFoundation
/// for Latin text.
final class TextFoldTests: XCTestCase {
    private static func foundation(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    func testEveryScalarOfTheTablesRangesFoldsAsFoundationFoldsIt() {
        var checked = 0
        var mismatches: [String] = []
        for range in TextFold.ranges {
            for v in range {
                guard let u = Unicode.Scalar(v) else { continue }
                let s = String(Character(u))
                checked += 1
                if TextFold.folded(s) != Self.foundation(s), mismatches.count < 10 {
                    mismatches.append(String(format: "U+%04X: %@ vs Foundation %@", v, TextFold.folded(s), Self.foundation(s)))
                }
            }
        }
        XCTAssertEqual(mismatches, [])
        XCTAssertGreaterThan(checked, 980)
    }

    func testEveryStringOfTheBundledContentFoldsAsFoundationFoldsIt() throws {
        let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("content")
        guard let walk = FileManager.default.enumerator(at: content, includingPropertiesForKeys: nil) else {
            return XCTFail("cannot list \(content.path)")
        }
        var strings: [String] = []
        func collect(_ v: Any) {
            if let s = v as? String { strings.append(s) }
            if let a = v as? [Any] { a.forEach(collect) }
            if let d = v as? [String: Any] { d.forEach { strings.append($0.key); collect($0.value) } }
        }
        for case let url as URL in walk where url.pathExtension == "json" {
            collect(try JSONSerialization.jsonObject(with: Data(contentsOf: url)))
        }
        XCTAssertGreaterThan(strings.count, 1_000, "the bundled content's strings were not found")
        var mismatches: [String] = []
        for s in strings where TextFold.folded(s) != Self.foundation(s) && mismatches.count < 10 {
            mismatches.append(s)
        }
        XCTAssertEqual(mismatches, [])
    }

    func testRandomStringsFoldAsFoundationFoldsThemInsideAndOutsideTheTable() {
        // Letters of the table, and what it leaves to Foundation: combining
        // accents after a letter, Greek, Cyrillic, CJK, emoji, Hangul.
        let outside: [UInt32] = [0x0301, 0x0308, 0x0327, 0x0344, 0x03A3, 0x03C2, 0x0416, 0x4E2D, 0x1F600, 0xAC00, 0xFB01, 0x2126, 0x212B]
        let inside = TextFold.ranges.flatMap { Array($0) }.filter { Unicode.Scalar($0) != nil }
        var state: UInt64 = 14
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var mismatches: [String] = []
        for round in 0..<20_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<(1 + next(12)) {
                let v = round % 4 == 0 && next(5) == 0 ? outside[next(outside.count)] : inside[next(inside.count)]
                scalars.append(Unicode.Scalar(v)!)
            }
            let s = String(scalars)
            if TextFold.folded(s) != Self.foundation(s), mismatches.count < 10 {
                mismatches.append(s.unicodeScalars.map { String(format: "%04X", $0.value) }.joined(separator: " "))
            }
        }
        XCTAssertEqual(mismatches, [])
    }
}
