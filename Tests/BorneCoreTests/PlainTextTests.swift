@testable import BorneCore
import Foundation
import XCTest

/// `PlainText` gives Foundation's answers (what the kiosk's callers used
/// before) without CoreFoundation: searches, trimming, `String(format:)`.
final class PlainTextTests: XCTestCase {
    private struct Random {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        mutating func double() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(bitPattern: state)
        }
    }

    private static func foundationContains(_ s: String, _ needle: String) -> Bool { s.range(of: needle) != nil }

    // MARK: search

    func testAnASCIINeedleAfterEveryScalarIsFoundAsFoundationFindsIt() {
        // "a" + scalar: whether "a" is found decides how the scalar joins the letter
        // before it; scalar + "a" + scalar: whether a scalar equals an ASCII one.
        var mismatches: [String] = []
        var checked = 0
        for v in UInt32(1)...0x10FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            let s = "xa" + String(u) + "y"
            checked += 1
            for needle in ["a", "xa", "y"] where PlainText.contains(s, needle) != Self.foundationContains(s, needle) {
                if mismatches.count < 20 { mismatches.append(String(format: "U+%04X after %@", v, needle)) }
            }
            if v >= 0x80, let c = PlainText.asciiEquivalent(u) as UInt8?, c == 0 {
                for b in [UInt8(ascii: ";"), UInt8(ascii: "K"), UInt8(ascii: "`"), UInt8(ascii: "e"), UInt8(ascii: "A")] {
                    let needle = String(UnicodeScalar(b))
                    if Self.foundationContains(String(u), needle), mismatches.count < 20 {
                        mismatches.append(String(format: "U+%04X equals %@ for Foundation", v, needle))
                    }
                }
            }
        }
        for v: UInt32 in [0x037E, 0x1FEF, 0x212A] {
            let s = "x" + String(Unicode.Scalar(v)!) + "y"
            let needle = String(UnicodeScalar(PlainText.asciiEquivalent(Unicode.Scalar(v)!)))
            XCTAssertTrue(Self.foundationContains(s, needle), "U+\(String(v, radix: 16)) no longer equals \(needle) for Foundation")
            XCTAssertTrue(PlainText.contains(s, needle))
        }
        XCTAssertEqual(mismatches, [])
        XCTAssertGreaterThan(checked, 1_000_000)
    }

    func testRandomStringsGiveFoundationsAnswerAndRange() {
        let pool: [String] = ["a", "b", ".", "-", " ", ":", "@", "#", "/", "=", "%", "e", "é", "e\u{301}", "\u{301}", "\u{20DD}", "\u{903}",
                              "\u{200D}", "\u{200C}", "\r\n", "\r", "\n", "\u{1F1EB}\u{1F1F7}", "👍🏽", "ﬁ", "\u{37E}", "\u{212A}", "K", ";",
                              "\u{AC00}", "\u{1100}\u{1161}", "Ω", "\u{A0}", "\t", "中", "ß", "\u{FE0F}", "\u{E0001}"]
        let needles = [".", "--", " ", ":", "@", "a.", " #", "#", "e", "ab", "timezone=Europe/Paris", "K;", "a-b"]
        var r = Random(state: 14)
        var mismatches: [String] = []
        for _ in 0..<40_000 {
            var s = ""
            for _ in 0..<r.next(12) { s += pool[r.next(pool.count)] }
            let needle = needles[r.next(needles.count)]
            let f = s.range(of: needle).map { s.utf8.distance(from: s.startIndex, to: $0.lowerBound)..<s.utf8.distance(from: s.startIndex, to: $0.upperBound) }
            let p = PlainText.range(of: needle, in: s).map { s.utf8.distance(from: s.startIndex, to: $0.lowerBound)..<s.utf8.distance(from: s.startIndex, to: $0.upperBound) }
            if f != p || PlainText.contains(s, needle) != (f != nil) || PlainText.contains(s[...], needle) != (f != nil) {
                if mismatches.count < 10 { mismatches.append("\(s.unicodeScalars.map { String($0.value, radix: 16) }) \(needle): \(String(describing: p)) vs Foundation \(String(describing: f))") }
            }
            let replaced = PlainText.replacing(needle, with: "_", in: s)
            if replaced != s.replacingOccurrences(of: needle, with: "_"), mismatches.count < 10 {
                mismatches.append("replacing \(needle) in \(s.unicodeScalars.map { String($0.value, radix: 16) }): \(replaced) vs \(s.replacingOccurrences(of: needle, with: "_"))")
            }
        }
        XCTAssertEqual(mismatches, [])
    }

    func testEdgesOfTheSearch() {
        XCTAssertFalse(PlainText.contains("", "a"))
        XCTAssertFalse(PlainText.contains("abc", ""))
        XCTAssertFalse("abc".range(of: "") != nil)
        XCTAssertTrue(PlainText.contains("a--b", "--"))
        XCTAssertFalse(PlainText.contains("a-b-", "--"))
        XCTAssertFalse(PlainText.contains("café", "e"))
        XCTAssertFalse(PlainText.contains("cafe\u{301}", "e"))
        XCTAssertTrue(PlainText.contains("cafe\u{301}", "caf"))
        XCTAssertEqual(PlainText.replacing(".", with: ",", in: "1.5 km"), "1,5 km")
    }

    /// Inputs no caller passes give Foundation's answers instead of stopping the process.
    func testANonASCIINeedleAndManyDecimalsGiveFoundationsAnswers() {
        for (s, needle) in [("Thiézac", "éz"), ("Cère", "è"), ("abc", "é"), ("Où manger ?", "Où")] {
            XCTAssertEqual(PlainText.contains(s, needle), s.contains(needle), "\(s) / \(needle)")
            XCTAssertEqual(PlainText.range(of: needle, in: s), s.range(of: needle), "\(s) / \(needle)")
        }
        XCTAssertEqual(PlainText.replacing("è", with: "e", in: "Cère Cère"), "Cere Cere")
        XCTAssertEqual(PlainText.fixed(1.0 / 3, places: 12), String(format: "%.12f", 1.0 / 3))
        XCTAssertEqual(PlainText.fixed(2.5, places: -1), String(format: "%.0f", 2.5))
    }

    // MARK: trimming

    func testTrimmingDropsWhatCharacterSetWhitespacesHolds() {
        var mismatches: [String] = []
        for v in UInt32(0)...0x10FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            let s = String(u) + "x" + String(u)
            if PlainText.trimmed(s) != s.trimmingCharacters(in: .whitespaces), mismatches.count < 10 {
                mismatches.append(String(format: "U+%04X", v))
            }
            if PlainText.trimmed(s, newlines: true) != s.trimmingCharacters(in: .whitespacesAndNewlines), mismatches.count < 10 {
                mismatches.append(String(format: "U+%04X with newlines", v))
            }
        }
        XCTAssertEqual(mismatches, [])
        XCTAssertEqual(PlainText.trimmed("  \t tap tile:manger \u{A0}"), "tap tile:manger")
        XCTAssertEqual(PlainText.trimmed(" \u{301}a "), "\u{301}a")
        XCTAssertEqual(PlainText.trimmed(" \t "), "")
        XCTAssertEqual(PlainText.trimmed("a\nb\n"), "a\nb\n")
        XCTAssertEqual(PlainText.trimmed(" \r\nSELECT 1;\n\t", newlines: true), "SELECT 1;")
    }

    // MARK: formatting

    func testZeroPaddedIsPercentZeroD() {
        for n in [-1_000, -100, -10, -9, -1, 0, 1, 5, 9, 10, 59, 99, 100, 999, 1_000, 2_027, 99_999, Int.max, Int.min + 1] {
            for width in 1...6 {
                XCTAssertEqual(PlainText.zeroPadded(n, width: width), String(format: "%0\(width)ld", n), "\(n) width \(width)")
            }
        }
        var r = Random(state: 7)
        for _ in 0..<20_000 {
            let n = r.next(20_000) - 10_000
            XCTAssertEqual(PlainText.zeroPadded(n), String(format: "%02ld", n))
            XCTAssertEqual(PlainText.zeroPadded(n, width: 4), String(format: "%04ld", n))
        }
    }

    func testFixedIsPercentDotNF() {
        var values: [Double] = [0, -0.0, 0.05, 0.15, 0.25, 0.35, 0.45, -0.04, -0.05, 2.5, 3.5, 0.5, 1.5, 2.625, 9.95, 9.96, 99.95, 0.95, 1e-300,
                                5e-324, 44.98061, 2.62565, 44.980615, 12.345, 1_234.5678, 0x1p52, 0x1p52 + 1, 0x1p53, 0x1p63, 0x1p64, 1e20, 1e300,
                                Double.greatestFiniteMagnitude, 0x1p52 / 10 + 0.5, 450_359_962_737.0496, 4_503_599_627.37049, .infinity, -.infinity, .nan]
        var r = Random(state: 3)
        for _ in 0..<5_000 {
            // Distances (km), coordinates, altitudes, and ties at every decimal.
            values.append(Double(r.next(100_000)) / 1_000)
            values.append(Double(r.next(36_000_000)) / 100_000 - 180)
            values.append(Double(r.next(2_000_000)) / 2_000 + 0.05)
            values.append(Double(r.next(1 << 30)) / Double(1 << r.next(40)))
            let d = r.double()
            if d.isFinite { values.append(d) }
        }
        var mismatches: [String] = []
        for v in values {
            for places in 0...9 {
                let ours = PlainText.fixed(v, places: places), theirs = String(format: "%.\(places)f", v)
                if ours != theirs, mismatches.count < 10 { mismatches.append("\(v) (\(v.bitPattern)) %.\(places)f: \(ours) vs \(theirs)") }
            }
        }
        XCTAssertEqual(mismatches, [])
    }
}
