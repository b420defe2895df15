import Foundation
import XCTest
import BorneCore
import BorneContent

/// The content committed in content/ must load cleanly and be rich enough
/// to demonstrate every screen.
final class RealContentTests: XCTestCase {
    static let result = Result { try ContentLoader.load(directory: Repo.content) }

    func loaded() throws -> ContentLoadResult { try Self.result.get() }

    func testRealContentLoadsWithoutProblems() throws {
        XCTAssertEqual(try loaded().problems.lines, [])
    }

    func testRealContentHasTheMinimumCountsPerSection() throws {
        let catalog = try loaded().catalog
        let minimum: [SectionID: Int] = [.dormir: 8, .manger: 8, .agenda: 12, .pluie: 6, .commerces: 6, .visites: 6, .randonnees: 6]
        for (section, count) in minimum {
            let own = catalog.items.filter { $0.section == section }.count
            XCTAssertGreaterThanOrEqual(own, count, "section \(section.rawValue)")
        }
        // "Il pleut ?" also gathers items tagged pluie elsewhere.
        XCTAssertGreaterThan(catalog.items(in: .pluie).count, catalog.items.filter { $0.section == .pluie }.count)
    }

    func testRealHikesHaveTracksMatchingTheirStatedFigures() throws {
        let hikes = try loaded().catalog.items(in: .randonnees)
        XCTAssertGreaterThanOrEqual(hikes.count, 6)
        for item in hikes {
            let hike = try XCTUnwrap(item.hike, item.id)
            let track = try XCTUnwrap(hike.track, "\(item.id) has no track")
            XCTAssertGreaterThan(track.segments.flatMap { $0 }.count, 150, item.id)
            XCTAssertTrue(track.stats.hasElevation, item.id)
            let stated = try XCTUnwrap(hike.distanceKm, item.id)
            XCTAssertEqual(track.stats.distanceM / 1000, stated, accuracy: stated * 0.1, item.id)
        }
        let activities = Set(hikes.compactMap { $0.hike?.activity })
        XCTAssertTrue(activities.isSuperset(of: [.walking, .vtt, .trail, .winter]))
    }

    func testRealAgendaCoversAYearAndTheWeekOfTheFourteenthOfJuly() throws {
        let events = try loaded().catalog.items(in: .agenda)
        let dates = events.flatMap(\.dates)
        let months = Set(dates.map { $0.start.year * 100 + $0.start.month })
        XCTAssertEqual(months.count, 12, "one event a month from December 2026 to November 2027: \(months.sorted())")
        XCTAssertEqual(months.min(), 202612)
        XCTAssertEqual(months.max(), 202711)
        let bastille = LocalDate(year: 2027, month: 7, day: 14)
        XCTAssertTrue(dates.contains { $0.overlaps(bastille, bastille) })
        let week = events.filter { $0.dates.contains { $0.overlaps(bastille.adding(days: -4), bastille.adding(days: 4)) } }
        XCTAssertGreaterThanOrEqual(week.count, 3)
        XCTAssertTrue(dates.contains { $0.end > $0.start }, "some events last several days")
        XCTAssertGreaterThanOrEqual(dates.filter { $0.start.month == 7 || $0.start.month == 8 }.count, 6)
    }

    func testEveryInventedBusinessIsMarkedDemo() throws {
        let catalog = try loaded().catalog
        for section: SectionID in [.dormir, .manger, .agenda, .pluie, .commerces, .randonnees] {
            for item in catalog.items where item.section == section {
                XCTAssertTrue(item.demo, "\(item.id) is invented and must say so")
            }
        }
        XCTAssertTrue(try loaded().bundle.demo)
        XCTAssertEqual(try loaded().catalog.version, "demo-2026.11.1")
    }

    func testFiltersHaveHitsInDormirAndManger() throws {
        let catalog = try loaded().catalog
        for section: SectionID in [.dormir, .manger] {
            let items = catalog.items(in: section)
            XCTAssertTrue(items.contains { $0.tags.contains("enfants") }, section.rawValue)
            XCTAssertTrue(items.contains { $0.openingHours != nil }, section.rawValue)
        }
    }

    func testOfficeEmergencyAndWeather() throws {
        let catalog = try loaded().catalog
        XCTAssertEqual(catalog.office.phone, "04 71 47 50 68")
        XCTAssertEqual(catalog.office.email, "tourisme@carlades.fr")
        XCTAssertEqual(catalog.office.address, "av. Mercier, 15800 Vic-sur-Cère")
        XCTAssertNotNil(catalog.office.openingHours)
        XCTAssertEqual(Set(catalog.emergency.map(\.number)).intersection(["112", "15", "17", "18", "114", "3237"]).count, 6)
        for number in catalog.emergency {
            XCTAssertEqual(Set(number.label.values.keys), Set(Language.allCases), number.number)
        }
        let weather = try XCTUnwrap(catalog.weather)
        XCTAssertTrue(weather.demo)
        XCTAssertEqual(weather.days.count, 5)
        XCTAssertEqual(weather.days.first?.date, LocalDate(year: 2026, month: 11, day: 26))
        XCTAssertEqual(weather.snow.count, 3)
        XCTAssertNotNil(weather.snowObservedAt)
    }

    func testEveryItemHasEnglishNameAndSummaryAndAPlausiblePosition() throws {
        for item in try loaded().catalog.items {
            XCTAssertNotNil(item.name.values[.en], "\(item.id): English name")
            XCTAssertNotNil(item.summary.values[.en], "\(item.id): English summary")
            XCTAssertFalse(item.description.french.isEmpty, "\(item.id): description")
            let geo = try XCTUnwrap(item.geo, "\(item.id): geo")
            // The Carladès and the Cantal mountains; the hiking table's hikes
            // reach Salers (west), Murat and Saint-Flour (east).
            let box = item.section == .randonnees ? (lat: 44.85...45.20, lon: 2.45...3.20) : (lat: 44.85...45.12, lon: 2.50...2.85)
            XCTAssertTrue(box.lat.contains(geo.lat) && box.lon.contains(geo.lon), "\(item.id): \(geo)")
        }
    }
}
