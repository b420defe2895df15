@testable import BorneContent
import Foundation
import XCTest

/// The content's JSON reader and `LooseJSON` decode a string's escapes with
/// one table (`JSONString.unescaped`); both give what JSONSerialization gives.
final class JSONEscapeTests: XCTestCase {
    func testEveryEscapeDecodesAsJSONSerializationDecodesIt() throws {
        let text = #"["\"", "\\", "\/", "\b", "\f", "\n", "\r", "\t", "\u00e9", "\ud83d\ude00", "a\/b\\c\"d"]"#
        let expected = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String])
        guard case .array(let values) = try JSONParser.parse(Data(text.utf8)) else { return XCTFail("not an array") }
        XCTAssertEqual(values, expected.map { .string($0) })
        XCTAssertThrowsError(try JSONParser.parse(Data(#"["\x"]"#.utf8)))
        XCTAssertThrowsError(try JSONParser.parse(Data(#"["\ud83d"]"#.utf8)))
    }
}
