import BorneContent
import BorneCore
import Foundation
import XCTest

final class OpenMeteoTests: XCTestCase {
    func fixture(_ name: String) throws -> Data {
        var u = URL(fileURLWithPath: #filePath)
        u.deleteLastPathComponent()
        return try Data(contentsOf: u.appendingPathComponent("WeatherFixtures/\(name).json"))
    }

    let fetched = Date(timeIntervalSince1970: 1_800_000_000)

    func testCurrentConditionsTakeTheirLocalTimeWithTheResponseOffset() throws {
        let r = try OpenMeteo.parse(fixture("openmeteo_paris_current"), place: "Vic-sur-Cère", fetchedAt: fetched)
        XCTAssertEqual(KioskTime.formatLocal(r.observedAt), "2026-08-23T18:45")
        XCTAssertEqual(r.currentC, 23.2)
        XCTAssertEqual(r.currentCode, 0)
        XCTAssertEqual(r.windKmh, 11.2)
        XCTAssertEqual(r.place, "Vic-sur-Cère")
        XCTAssertFalse(r.demo)
    }

    func testDailyForecastSkipsADayWithMissingValues() throws {
        let r = try OpenMeteo.parse(fixture("openmeteo_paris_daily"), place: "Vic-sur-Cère", fetchedAt: fetched)
        XCTAssertEqual(r.days.count, 6, "the seventh day has a null weather code")
        XCTAssertEqual(r.days.first, WeatherDay(date: LocalDate(year: 2023, month: 5, day: 28), code: 3,
                                                 minC: 10.4, maxC: 23.8, precipitationMm: 0))
        XCTAssertEqual(r.observedAt, fetched, "no current block: the report is as old as the fetch")
    }

    func testAnotherTimeZoneIsRefusedNotShownWrong() throws {
        XCTAssertThrowsError(try OpenMeteo.parse(fixture("openmeteo_daily_7d_berlin_tz_chicago"), place: "x", fetchedAt: fetched)) {
            XCTAssertEqual("\($0)", "Open-Meteo response: field \"timezone\": is America/Chicago, expected Europe/Paris (day dates would be wrong)")
        }
        XCTAssertThrowsError(try OpenMeteo.parse(fixture("openmeteo_current_15min_europe_berlin"), place: "x", fetchedAt: fetched))
    }

    func testErrorAnswersAndGarbageAreRefusedWithTheReason() {
        let err = Data(#"{"error": true, "reason": "Latitude must be in range of -90 to 90°.\u001b[2J"}"#.utf8)
        XCTAssertThrowsError(try OpenMeteo.parse(err, place: "x", fetchedAt: fetched)) {
            XCTAssertEqual("\($0)", "Open-Meteo response: field \"error\": the service answered an error: Latitude must be in range of -90 to 90°.")
        }
        XCTAssertThrowsError(try OpenMeteo.parse(Data("<html>".utf8), place: "x", fetchedAt: fetched))
    }

    func testTheQueryAlwaysAsksForParisTime() {
        let u = OpenMeteo.forecastURL(latitude: 44.98, longitude: 2.626)
        XCTAssertTrue(u.contains("timezone=Europe%2FParis"))
        XCTAssertTrue(u.contains("latitude=44.98"))
    }
}
