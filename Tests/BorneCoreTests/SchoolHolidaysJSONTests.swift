@testable import BorneCore
import Foundation
import XCTest

/// `SchoolHolidays.parse` reads its file through `LooseJSON` (FoundationEssentials'
/// JSONDecoder) instead of `JSONSerialization` (swift-corelibs Foundation):
/// same calendar or same message as the old reader on the bundled file and on
/// variants of it that break each field.
final class SchoolHolidaysJSONTests: XCTestCase {
    /// The reader as it was (JSONSerialization and `as?` casts).
    private static func oldParse(_ data: Data) throws -> SchoolHolidays {
        func fail(_ m: String) -> SchoolHolidays.FormatError { SchoolHolidays.FormatError(message: m) }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { throw fail("not a JSON object") }
        guard let zone = root["zone"] as? String, !zone.isEmpty else { throw fail("\"zone\" is missing (e.g. \"A\")") }
        let source = root["source"] as? String ?? ""
        guard let cov = root["coverage"] as? [String: Any],
              let fromText = cov["from"] as? String, let from = LocalDate(iso: fromText),
              let toText = cov["to"] as? String, let to = LocalDate(iso: toText), from <= to else {
            throw fail("\"coverage\" must be {\"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\"} with from <= to")
        }
        guard let list = root["periods"] as? [[String: Any]] else { throw fail("\"periods\" must be a list") }
        var periods: [SchoolHolidays.Period] = []
        for (i, p) in list.enumerated() {
            let name = p["name"] as? String ?? ""
            guard let f = (p["first"] as? String).flatMap(LocalDate.init(iso:)),
                  let l = (p["last"] as? String).flatMap(LocalDate.init(iso:)) else {
                throw fail("periods[\(i)] (\(name)): \"first\" and \"last\" must be dates YYYY-MM-DD")
            }
            guard f <= l else { throw fail("periods[\(i)] (\(name)): ends (\(l)) before it starts (\(f))") }
            guard from <= f, l <= to else {
                throw fail("periods[\(i)] (\(name)): \(f)…\(l) is outside the coverage \(from)…\(to); widen \"coverage\"")
            }
            periods.append(SchoolHolidays.Period(name: name, first: f, last: l))
        }
        return SchoolHolidays(zone: zone, source: source, coverage: from...to, periods: periods)
    }

    private static func answer(_ parse: (Data) throws -> SchoolHolidays, _ data: Data) -> String {
        do { return "\(try parse(data))" } catch { return "error: \(error)" }
    }

    func testLooseJSONAcceptsWhatJSONSerializationAccepts() {
        let docs = ["{}", "[]", "1", "-0", "01", "1.", ".5", "-", "1e5", "1E+5", "1e", "2.5e-3", "\"a\"", "\"\\u00e9\"", "\"\\ud83d\\ude00\"",
                    "\"\\ud83d\"", "\"\\udc00\"", "\"\\x\"", "\"a\tb\"", "\"a\u{01}b\"", "[1,]", "{\"a\":1,}", "[1,,]", "[,]", "{,}", "[1,]]", "{\"a\":1,,}", "{\"a\" 1}", "{a:1}", "[1 2]",
                    " [ 1 , { \"a\" : [ true , false , null ] } ] ", "tru", "nul", "[true false]", "{\"a\":1}x", "{\"a\":1} ", "\n{}\n",
                    "{\"a\":1,\"a\":2}", "\"é\"", "[\"\\/\"]", "[-]", "[--1]", "[+1]", "[0x1]", "[Infinity]", "[NaN]", "", " ", "\u{FEFF}{}",
                    String(repeating: "[", count: 100) + String(repeating: "]", count: 100)]
        var differ: [String] = []
        for d in docs {
            let ours = LooseJSON.parse(Data(d.utf8)) != nil
            let theirs = (try? JSONSerialization.jsonObject(with: Data(d.utf8), options: .fragmentsAllowed)) != nil
            if ours != theirs { differ.append("\(d.prefix(40)): \(ours) vs JSONSerialization \(theirs)") }
        }
        XCTAssertEqual(differ, [])
        XCTAssertEqual(LooseJSON.parse(Data(#"{"a":[{"b":"\u00e9\ud83d\ude00"}],"a2":2.5}"#.utf8)),
                       .object(["a": .array([.object(["b": .string("é😀")])]), "a2": .number(2.5)]))
        XCTAssertEqual(LooseJSON.parse(Data(#"{"a":1,"a":2}"#.utf8))?.object?["a"], .number(2))
    }

    func testEveryVariantOfTheBundledFileGivesTheOldAnswer() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("content/holidays/school-zone-a.json")
        let bundled = try Data(contentsOf: url)
        let text = String(decoding: bundled, as: UTF8.self)
        var variants: [String] = [text, "", "[]", "null", "1", "\"A\"", "{}", "{", "{\"zone\":\"A\"}", text + "x", " " + text + "\n"]
        // Each value of the file replaced by every other kind of value.
        let replacements = ["null", "1", "2.5", "true", "\"\"", "\"A\"", "\"2025-13-01\"", "\"2025-02-22\"", "[]", "{}", "[{}]", "[1]", "{\"from\":1}"]
        for key in ["zone", "source", "coverage", "from", "to", "periods", "name", "first", "last"] {
            var searchFrom = text.startIndex
            var occurrences = 0
            while occurrences < 3, let r = text.range(of: "\"\(key)\": ", range: searchFrom..<text.endIndex) {
                occurrences += 1
                searchFrom = r.upperBound
                // The value ends at the next comma or closing brace at its depth (string values: the next quote).
                let valueStart = r.upperBound
                var end = valueStart
                var depth = 0
                var inString = false
                while end < text.endIndex {
                    let c = text[end]
                    if inString { if c == "\"" { inString = false; if depth == 0 { end = text.index(after: end); break } } }
                    else if c == "\"" { inString = true }
                    else if c == "{" || c == "[" { depth += 1 }
                    else if c == "}" || c == "]" { if depth == 0 { break }; depth -= 1; if depth == 0 { end = text.index(after: end); break } }
                    else if c == "," && depth == 0 { break }
                    end = text.index(after: end)
                }
                for v in replacements { variants.append(text.replacingCharacters(in: valueStart..<end, with: v)) }
                variants.append(text.replacingCharacters(in: r.lowerBound..<end, with: "\"other\": 1"))
            }
        }
        XCTAssertGreaterThan(variants.count, 200)
        var differ: [String] = []
        var parsed = 0
        for v in variants {
            let data = Data(v.utf8)
            let old = Self.answer(Self.oldParse, data), new = Self.answer(SchoolHolidays.parse, data)
            if !old.hasPrefix("error") { parsed += 1 }
            if old != new, differ.count < 5 { differ.append("\(v.prefix(300)): \(new) vs old \(old)") }
        }
        XCTAssertEqual(differ, [])
        XCTAssertGreaterThan(parsed, 20, "the variants that still parse (a changed name or source) were not made")
    }
}
