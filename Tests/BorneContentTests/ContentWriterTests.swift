import Foundation
import XCTest
import BorneCore
@testable import BorneContent

final class ContentWriterTests: XCTestCase {
    var out: URL!

    override func setUpWithError() throws {
        out = FileManager.default.temporaryDirectory.appendingPathComponent("borne-writer-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        if let out { try? FileManager.default.removeItem(at: out.deletingLastPathComponent().appendingPathComponent(out.lastPathComponent)) }
    }

    /// The GPX files the catalog's hikes name, taken from `directory`.
    func gpxFiles(of catalog: ContentCatalog, in directory: URL) -> [String: URL] {
        var files: [String: URL] = [:]
        for item in catalog.items { if let p = item.hike?.gpxPath { files[p] = directory.appendingPathComponent(p) } }
        return files
    }

    func testDemoContentRoundTrips() throws {
        let first = try ContentLoader.load(directory: Repo.content)
        XCTAssertEqual(first.problems.map(\.description), [])
        try ContentWriter.write(catalog: first.catalog, bundle: first.bundle,
                                files: gpxFiles(of: first.catalog, in: Repo.content), to: out)
        let second = try ContentLoader.load(directory: out)
        XCTAssertEqual(second.problems.map(\.description), [])
        XCTAssertEqual(second.bundle, first.bundle)
        XCTAssertEqual(second.catalog.office, first.catalog.office)
        XCTAssertEqual(second.catalog.emergency, first.catalog.emergency)
        XCTAssertEqual(second.catalog.weather, first.catalog.weather)
        XCTAssertFalse(first.catalog.communes.isEmpty)
        XCTAssertEqual(second.catalog.communes, first.catalog.communes)
        // Items come back grouped by section, in the file order within each.
        let byID = Dictionary(uniqueKeysWithValues: first.catalog.items.map { ($0.id, $0) })
        XCTAssertEqual(second.catalog.items.count, first.catalog.items.count)
        for item in second.catalog.items {
            XCTAssertEqual(item, byID[item.id], item.id)
        }
        // Tracks are re-read from the copied files.
        let hikes = second.catalog.items.compactMap(\.hike)
        XCTAssertGreaterThanOrEqual(hikes.count, 6)
        XCTAssertTrue(hikes.allSatisfy { $0.track != nil })
        // Writing what was read again gives the same bytes: the format is stable.
        let again = out.deletingLastPathComponent().appendingPathComponent("borne-writer-again-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: again) }
        try ContentWriter.write(catalog: second.catalog, bundle: second.bundle,
                                files: gpxFiles(of: second.catalog, in: out), to: again)
        for name in ["bundle.json", "office.json", "urgences.json", "weather.json", "communes.json", "items/randonnees.json", "items/manger.json"] {
            XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent(name)),
                           try Data(contentsOf: again.appendingPathComponent(name)), name)
        }
    }

    func testItemsFileFormat() throws {
        let item = ContentItem(
            id: "x-1", section: .agenda, name: LocalizedText([.fr: "Fête \"du\" village", .en: "Village fair"]),
            description: LocalizedText(fr: "Ligne 1\nLigne 2"), phone: "04 71 47 50 68",
            openingHours: try OpeningHours("Mo-Fr 10:00-12:00 \"sur rendez-vous\""),
            tags: ["pluie", "enfants"],
            dates: [EventDate(start: LocalDate(iso: "2027-07-14")!, end: LocalDate(iso: "2027-07-14")!, time: "21:00"),
                    EventDate(start: LocalDate(iso: "2027-08-05")!, end: LocalDate(iso: "2027-08-08")!)],
            hike: HikeInfo(activity: .walking, difficulty: .easy, durationMinutes: 75, distanceKm: 3.4, climbM: 105.5, loop: false))
        let text = ContentWriter.itemsFile(section: .agenda, items: [item])
        XCTAssertEqual(text, """
            {
              "section": "agenda",
              "items": [
                {
                  "id": "x-1",
                  "name": {"fr": "Fête \\"du\\" village", "en": "Village fair"},
                  "description": {"fr": "Ligne 1\\nLigne 2"},
                  "phone": "04 71 47 50 68",
                  "opening_hours": "Mo-Fr 10:00-12:00 \\"sur rendez-vous\\"",
                  "tags": ["pluie", "enfants"],
                  "dates": [{"start": "2027-07-14", "time": "21:00"}, {"start": "2027-08-05", "end": "2027-08-08"}],
                  "hike": {
                    "activity": "walking",
                    "difficulty": "easy",
                    "duration_minutes": 75,
                    "distance_km": 3.4,
                    "climb_m": 105.5,
                    "loop": false
                  }
                }
              ]
            }

            """)
    }

    func testControlCharactersAreEscaped() {
        XCTAssertEqual(OrderedJSON.quote("a\u{1B}[31m\u{85}\u{2028}b\\"), #""a\u001B[31m\u0085\u2028b\\""#)
        XCTAssertEqual(OrderedJSON.number(2), "2")
        XCTAssertEqual(OrderedJSON.number(0.1), "0.1")
        XCTAssertEqual(OrderedJSON.number(-4), "-4")
    }

    func testRefusesANonEmptyDestinationAndLeavesNothingOnFailure() throws {
        let loaded = try ContentLoader.load(directory: Repo.content)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: out.appendingPathComponent("keep.txt"))
        XCTAssertThrowsError(try ContentWriter.write(catalog: loaded.catalog, bundle: loaded.bundle, to: out)) {
            XCTAssertEqual($0 as? ContentWriteError, .destinationNotEmpty(path: self.out.path))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path), ["keep.txt"])

        let fresh = out.appendingPathComponent("c")
        XCTAssertThrowsError(try ContentWriter.write(catalog: loaded.catalog, bundle: loaded.bundle,
                                                     files: ["gpx/a.gpx": out.appendingPathComponent("absent.gpx")], to: fresh))
        XCTAssertThrowsError(try ContentWriter.write(catalog: loaded.catalog, bundle: loaded.bundle,
                                                     files: ["../a.gpx": Repo.content.appendingPathComponent("gpx/puy-griou.gpx")], to: fresh)) {
            XCTAssertEqual($0 as? ContentWriteError, .badRelativePath("../a.gpx"))
        }
        // No staging directory and no destination are left behind.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path), ["keep.txt"])
    }
}
