import BorneContent
import BorneCore
@testable import BorneUI
import XCTest

/// Issue 12: every kiosk shows a place name where it shows a place — its
/// config's `name` in the header, and in the weather's header and the
/// attract screen for the weather `borne sync` fetched for it (the table:
/// its commune) — never a note such as "Vic-sur-Cère (RN122)".
final class PlaceHeaderTests: XCTestCase {
    func testEveryKiosksWeatherAndHeaderSayItsPlaceName() throws {
        let dir = UITestSupport.repoRoot.appendingPathComponent("kiosk-config")
        let ids = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }
            .map { String($0.dropLast(5)) }.sorted()
        XCTAssertEqual(ids.count, 8)
        let official = Set(try ContentLoader.load(directory: UITestSupport.repoRoot.appendingPathComponent("content")).catalog
            .communes.map(\.name))
        let forecast = try Data(contentsOf: UITestSupport.repoRoot
            .appendingPathComponent("Tests/BorneContentTests/WeatherFixtures/openmeteo_paris_daily.json"))
        let now = UITestSupport.clock
        for id in ids {
            var env = try UITestSupport.loadEnv(config: id, qr: false)
            let name = env.config.name
            XCTAssert(official.contains(env.config.commune), "\(id): commune \(env.config.commune)")
            // As `borne sync` saves it (WeatherFetch): fetched a minute ago.
            env.catalog.weather = try OpenMeteo.parse(forecast, place: env.config.weatherPlace, fetchedAt: now.addingTimeInterval(-60))
            var d = Driver(env: env, size: Size(width: 160, height: 45), now: now)
            // A village kiosk's home names it; the table's home names no place ("Toutes les randonnées du Cantal").
            if env.config.layout == .standard { XCTAssert(d.text.contains(name), "\(id): the home header names the kiosk") }
            let place = env.config.weatherPlace
            XCTAssert(place == name || official.contains(place), "\(id): \(place)")
            if env.config.layout == .table { XCTAssertEqual(place, "Vic-sur-Cère", "the table's weather is its commune's") }
            XCTAssert(d.has("tile:meteo"), "\(id): no tile:meteo: \(d.app.targets.map(\.id))")
            d.tap("tile:meteo")
            let meteo = d.text
            XCTAssert(meteo.contains("\(place) · "), "\(id): the weather's header says \(place)")
            XCTAssertFalse(meteo.contains("RN122"), "\(id)\n\(meteo)")

            // The attract screen's weather slide.
            var a = Driver(env: env, size: Size(width: 160, height: 45), now: now)
            a.wait(seconds: env.config.attractSeconds)
            var slides: [String] = []
            for _ in 0..<4 {
                slides.append(a.text)
                a.wait(seconds: Int(KioskApp.attractSlideSeconds))
            }
            // The attract screen invites in turn in every language: its weather title is in one of them.
            let titles = ["La météo", "The weather", "Das Wetter", "Het weer", "El tiempo"]
            XCTAssert(slides.contains { s in titles.contains { s.contains("\($0) · \(place)") } },
                      "\(id): the attract screen's weather names \(place)")
            XCTAssertFalse(slides.contains { $0.contains("RN122") }, id)
        }
    }
}
