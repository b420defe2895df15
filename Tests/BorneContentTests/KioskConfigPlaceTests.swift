import BorneContent
import BorneCore
import Foundation
import XCTest

/// Place names (issue 12): what a kiosk shows as a place is its config's
/// `name` (as the office writes it) or an official commune name, never a
/// note such as "Vic-sur-Cère (RN122)"; and every config's `commune` is an
/// official commune name (INSEE spelling, as `content/communes.json`).
final class KioskConfigPlaceTests: XCTestCase {
    func configs() throws -> [KioskConfig] {
        let all = KioskConfigLoader.validateAll(directory: Repo.kioskConfig)
        XCTAssertEqual(all.errors, [], "every shipped config loads")
        XCTAssertEqual(all.configs.count, 8, "the office's eight kiosks")
        return all.configs
    }

    func testEveryConfigsCommuneIsAnOfficialCommuneName() throws {
        let official = Set(try ContentLoader.load(directory: Repo.content).catalog.communes.map(\.name))
        for config in try configs() {
            XCTAssertTrue(official.contains(config.commune),
                          "\(config.id): commune \"\(config.commune)\" is not an official name of content/communes.json")
        }
    }

    /// The weather a kiosk fetches is saved under the place its header and
    /// attract screen show (`OpenMeteo.parse(place:)`, as `borne sync` calls it).
    func testTheWeatherHeadersPlaceIsTheConfigNameOrAnOfficialCommune() throws {
        let official = Set(try ContentLoader.load(directory: Repo.content).catalog.communes.map(\.name))
        let fixture = Repo.root.appendingPathComponent("Tests/BorneContentTests/WeatherFixtures/openmeteo_paris_daily.json")
        let data = try Data(contentsOf: fixture)
        for config in try configs() {
            let report = try OpenMeteo.parse(data, place: config.weatherPlace, fetchedAt: Date(timeIntervalSince1970: 1_600_000_000))
            XCTAssertTrue(report.place == config.name || official.contains(report.place),
                          "\(config.id): the weather header says \"\(report.place)\", neither its name nor a commune")
            XCTAssertNil(report.place.range(of: #"[()]"#, options: .regularExpression), "\(config.id): \(report.place)")
        }
    }
}
