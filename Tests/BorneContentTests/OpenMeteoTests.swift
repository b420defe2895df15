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

    /// Every field asked for is shown (header and attract: symbol and
    /// temperature; weather screen: wind too, and per day symbol, min and
    /// max), and nothing else: precipitation is shown nowhere, and 7 days is
    /// the service's default. Each byte of the query goes up the 4G link
    /// every hour.
    func testTheQueryAsksForExactlyTheFieldsShown() throws {
        let u = OpenMeteo.forecastURL(latitude: 44.98, longitude: 2.626)
        XCTAssertEqual(u, "https://api.open-meteo.com/v1/forecast?latitude=44.98&longitude=2.626"
                       + "&current=temperature_2m,weather_code,wind_speed_10m"
                       + "&daily=weather_code,temperature_2m_max,temperature_2m_min&timezone=Europe%2FParis")
        // A response to that query (no precipitation_sum) gives every day and the current conditions.
        let days = (1...7).map { "\"2027-07-0\($0)\"" }.joined(separator: ",")
        let body = #"{"utc_offset_seconds":7200,"timezone":"Europe/Paris","current":{"time":"2027-07-01T14:45","temperature_2m":24.3,"weather_code":2,"wind_speed_10m":9.7},"daily":{"time":[\#(days)],"weather_code":[2,3,61,80,1,0,3],"temperature_2m_max":[26.1,24.8,19.3,21.7,25.2,27.9,23.4],"temperature_2m_min":[12.4,13.1,11.8,10.2,11.5,13.9,14.2]}}"#
        let r = try OpenMeteo.parse(Data(body.utf8), place: "Pas de Cère", fetchedAt: fetched)
        XCTAssertEqual(r.days.count, 7)
        XCTAssertEqual(r.currentC, 24.3)
        XCTAssertEqual(r.currentCode, 2)
        XCTAssertEqual(r.windKmh, 9.7)
        XCTAssertEqual(r.days.map(\.code), [2, 3, 61, 80, 1, 0, 3])
        XCTAssertEqual(r.days.last?.minC, 14.2)
        XCTAssertEqual(r.days.last?.maxC, 23.4)
    }

    func testTheQueryAlwaysAsksForParisTime() {
        let u = OpenMeteo.forecastURL(latitude: 44.98, longitude: 2.626)
        XCTAssertTrue(u.contains("timezone=Europe%2FParis"))
        XCTAssertTrue(u.contains("latitude=44.98"))
    }
}
