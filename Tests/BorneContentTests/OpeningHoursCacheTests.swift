import Foundation
import XCTest
import BorneCore
@testable import BorneContent

/// Items each with their own position share their hours' parse: parsing
/// never reads the position, only evaluation does (10,000 generated items
/// were parsed one expression per item before).
final class OpeningHoursCacheTests: XCTestCase {
    func testOneParsePerExpressionPlacedAtEachPosition() throws {
        let office = GeoPoint(lat: 44.98, lon: 2.62)
        let cache = OpeningHoursCache(defaultGeo: office)
        let a = GeoPoint(lat: 45.0, lon: 2.7), b = GeoPoint(lat: 44.9, lon: 2.5)
        let expression = "Mo-Sa 09:00-sunset"
        let atA = try cache.parse(expression, geo: a).get()
        let atB = try cache.parse(expression, geo: b).get()
        let atOffice = try cache.parse(expression).get()
        XCTAssertEqual(cache.parsed.count, 1, "one parse for three positions")
        XCTAssertEqual(atA, try OpeningHours(expression, context: .init(geo: a)))
        XCTAssertEqual(atB, try OpeningHours(expression, context: .init(geo: b)))
        XCTAssertEqual(atOffice, try OpeningHours(expression, context: .init(geo: office)))
        XCTAssertNotEqual(atA.status(at: Date(timeIntervalSince1970: 1_800_000_000)).nextChange,
                          atB.status(at: Date(timeIntervalSince1970: 1_800_000_000)).nextChange,
                          "sunset differs between the two positions")
        guard case .failure(let e) = cache.parse("Mo-Xx 10:00", geo: a) else { return XCTFail("parsed a bad expression") }
        XCTAssertEqual(e.expression, "Mo-Xx 10:00")
    }
}
