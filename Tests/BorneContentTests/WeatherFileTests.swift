import BorneContent
import BorneCore
import BorneSystem
import Foundation
import XCTest

final class WeatherFileTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("weatherfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func report(at: Date, snow: [SnowStation] = []) -> WeatherReport {
        WeatherReport(demo: false, source: "Open-Meteo", place: "Vic-sur-Cère", observedAt: at, currentC: 12.5,
                      currentCode: 61, windKmh: 9, days: [WeatherDay(date: LocalDate(year: 2027, month: 1, day: 15), code: 3,
                                                                     minC: -2, maxC: 6, precipitationMm: 1.2)],
                      snowObservedAt: snow.isEmpty ? nil : at, snow: snow)
    }

    func testAFetchedReportReadsBackEqual() throws {
        let r = report(at: t0)
        try WeatherFile.write(r, dataDir: dir)
        let back = WeatherFile.read(dataDir: dir)
        XCTAssertEqual(back.problems.map(\.description), [])
        XCTAssertEqual(back.report, r)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("weather/.weather.json.tmp").path))
    }

    func testAFailedWriteNamesTheFileAndKeepsThePreviousReport() throws {
        let r = report(at: t0)
        try WeatherFile.write(r, dataDir: dir)
        // Something in the way of the temporary file: the write fails, saying where and why.
        let tmp = dir.appendingPathComponent("weather/.weather.json.tmp").path
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: false)
        XCTAssertThrowsError(try WeatherFile.write(report(at: t0.addingTimeInterval(60)), dataDir: dir)) { error in
            XCTAssertEqual(error as? IOError, IOError(operation: "create", path: tmp, errno: EISDIR))
            XCTAssertEqual("\(error)", "\(tmp): cannot create: Is a directory (errno \(EISDIR))")
        }
        XCTAssertEqual(WeatherFile.read(dataDir: dir).report, r)
    }

    func testNoFileIsNoReportAndABrokenFileIsAProblem() throws {
        XCTAssertNil(WeatherFile.read(dataDir: dir).report)
        try FileManager.default.createDirectory(at: WeatherFile.directory(dataDir: dir), withIntermediateDirectories: true)
        try Data("{\"source\": 1".utf8).write(to: WeatherFile.directory(dataDir: dir).appendingPathComponent("weather.json"))
        let back = WeatherFile.read(dataDir: dir)
        XCTAssertNil(back.report)
        XCTAssertEqual(back.problems.first?.file, "weather.json")
    }

    func testTheFresherForecastWinsAndKeepsTheBundlesSnow() {
        let lioran = SnowStation(name: "Le Lioran", altitudeM: 1250, depthCm: 40)
        let bundle = report(at: t0, snow: [lioran])
        let fetched = report(at: t0.addingTimeInterval(3600))
        let merged = WeatherFile.merge(bundle: bundle, fetched: fetched)
        XCTAssertEqual(merged?.observedAt, fetched.observedAt)
        XCTAssertEqual(merged?.snow, [lioran])
        XCTAssertEqual(WeatherFile.merge(bundle: bundle, fetched: report(at: t0.addingTimeInterval(-60))), bundle,
                       "an older fetched report never replaces the bundle's")
        XCTAssertEqual(WeatherFile.merge(bundle: nil, fetched: fetched), fetched)
    }
}
