import Foundation
import XCTest
import BorneCore
@testable import BorneContent

/// `communes.json`: the communes hike maps label (docs/CONTENT.md).
final class CommunesFileTests: ContentDirectoryTestCase {
    func testCommunesAreReadInFileOrder() throws {
        try write("communes.json", """
            {"communes": [{"name": "Vic-sur-Cère", "insee": "15258", "geo": {"lat": 44.98056, "lon": 2.62583}},
                          {"name": "Thiézac", "insee": "15236", "geo": {"lat": 45.01556, "lon": 2.66528}}]}
            """)
        let r = try load()
        XCTAssertEqual(r.problems.lines, [])
        XCTAssertEqual(r.catalog.communes, [Commune(name: "Vic-sur-Cère", insee: "15258", geo: GeoPoint(lat: 44.98056, lon: 2.62583)),
                                            Commune(name: "Thiézac", insee: "15236", geo: GeoPoint(lat: 45.01556, lon: 2.66528))])
    }

    func testWithoutTheFileThereIsNoCommuneAndNoProblem() throws {
        let r = try load()
        XCTAssertEqual(r.catalog.communes, [])
        XCTAssertEqual(r.problems.lines, [])
    }

    func testABadCommuneIsSkippedAndNamed() throws {
        try write("communes.json", """
            {"communes": [{"name": "Raulhac", "insee": "1515", "geo": {"lat": 44.9, "lon": 2.65}},
                          {"name": "Badailhac", "insee": "15017"},
                          {"name": "Polminhac", "insee": "15154", "geo": {"lat": 44.9525, "lon": 2.57833}, "pop": 1200},
                          {"name": "Polminhac", "insee": "15154", "geo": {"lat": 44.9525, "lon": 2.57833}},
                          {"name": "Ajaccio", "insee": "2A004", "geo": {"lat": 41.92, "lon": 8.74}}]}
            """)
        let r = try load()
        XCTAssertEqual(r.catalog.communes.map(\.name), ["Polminhac", "Ajaccio"])
        let lines = r.problems.lines
        XCTAssertTrue(lines.contains { $0.hasPrefix("communes.json: field \"communes[0].insee\": must be a five-character INSEE code") && $0.hasSuffix("(commune skipped)") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("communes.json: field \"communes[1].geo\": is required") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("communes.json: field \"communes[2].pop\": unknown field") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("communes.json: field \"communes[3].name\": duplicate commune") }, "\(lines)")
    }

    func testAnUnreadableFileIsReported() throws {
        try write("communes.json", "{\"communes\": [")
        let r = try load()
        XCTAssertEqual(r.catalog.communes, [])
        XCTAssertEqual(r.problems.count, 1)
        XCTAssertTrue(r.problems[0].description.hasPrefix("communes.json: "), r.problems[0].description)
        XCTAssertTrue(r.problems[0].description.hasSuffix("(file skipped: hike maps show no commune)"), r.problems[0].description)
    }

    /// The shipped content: the office's communes the content's addresses
    /// name, each with its INSEE code, spelt as in the addresses.
    func testShippedCommunesMatchTheAddresses() throws {
        let r = try ContentLoader.load(directory: Repo.content)
        let names = Set(r.catalog.communes.map(\.name))
        for kiosk in ["Vic-sur-Cère", "Thiézac", "Pailherols", "Polminhac", "Raulhac", "Saint-Jacques-des-Blats"] {
            XCTAssertTrue(names.contains(kiosk), kiosk)
        }
        // Addresses end with the item's commune, as officially spelt.
        for item in r.catalog.items {
            guard let address = item.address, let commune = item.commune,
                  let range = address.range(of: #"\d{5} "#, options: .regularExpression) else { continue }
            XCTAssertEqual(String(address[range.upperBound...]), commune, "\(item.id): \(address)")
        }
        XCTAssertTrue(r.catalog.office.address.hasSuffix("15800 Vic-sur-Cère"), r.catalog.office.address)
        let itemCommunes = Set(r.catalog.items.compactMap(\.commune))
        for c in r.catalog.communes { XCTAssertTrue(itemCommunes.contains(c.name), "\(c.name) is spelt as no item spells it") }
    }

    /// A village kiosk's approximate position (its config's `geo`) lies in
    /// its village: within 500 m of the commune's chef-lieu. A slip of a
    /// digit would sort every hike wrongly and put "Vous êtes ici" elsewhere.
    func testVillageKiosksStandInTheirCommune() throws {
        let communes = try ContentLoader.load(directory: Repo.content).catalog.communes
        var checked = 0
        for file in try FileManager.default.contentsOfDirectory(at: Repo.kioskConfig, includingPropertiesForKeys: nil)
        where file.pathExtension == "json" {
            let config = try KioskConfigLoader.load(file: file)
            guard let here = config.geo, let commune = communes.first(where: { $0.name == config.commune }) else { continue }
            let d = Geodesy.distanceM(TrackPoint(lat: here.lat, lon: here.lon), TrackPoint(lat: commune.geo.lat, lon: commune.geo.lon))
            // The Pas de Cère rest area is on the RN 122, out of Vic-sur-Cère's village but in its commune.
            let limit = config.id == "pas-de-cere" ? 3000.0 : 500
            XCTAssertLessThan(d, limit, "\(config.id): \(Int(d)) m from \(commune.name)'s chef-lieu")
            checked += 1
        }
        XCTAssertEqual(checked, 8, "every kiosk, its commune officially spelt")
    }
}
