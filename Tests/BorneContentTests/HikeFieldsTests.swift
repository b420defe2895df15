import BorneContent
import BorneCore
import Foundation
import XCTest

/// The hiking table's hike fields: read, checked, and written back the same.
final class HikeFieldsTests: ContentDirectoryTestCase {
    func hike(_ extra: String) -> String {
        item("rando-x", #""hike": {"activity": "vtt", "difficulty": "easy", "duration_minutes": 70, "loop": true, \#(extra)}"#)
    }

    func testTableFieldsAreRead() throws {
        try writeItems("randonnees", [hike(#""territory": "carlades", "season": "summer", "notes": {"fr": "Balisage jaune"}, "pois": [{"name": {"fr": "Belvédère"}, "lat": 44.99, "lon": 2.64}], "gpx_url": "https://exemple.carlades.fr/rando/x.gpx", "pdf_url": "https://exemple.carlades.fr/rando/x.pdf""#)])
        let result = try load()
        XCTAssertEqual(result.problems.lines, [])
        let h = try XCTUnwrap(result.catalog.item(id: "rando-x")?.hike)
        XCTAssertEqual(h.territory, .carlades)
        XCTAssertEqual(h.pois.count, 1)
        XCTAssertEqual(h.gpxURL, "https://exemple.carlades.fr/rando/x.gpx")
        XCTAssertEqual(h.notes.french, "Balisage jaune")
    }

    func testBadTableFieldsAreReportedAndDroppedNotTheHike() throws {
        try writeItems("randonnees", [hike(#""territory": "atlantis", "gpx_url": "javascript:alert(1)", "pois": [{"name": {"fr": "Sans position"}}]"#)])
        let result = try load()
        let lines = result.problems.lines
        XCTAssertTrue(lines.contains { $0.contains("\"hike.territory\"") && $0.contains("atlantis") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.contains("\"hike.gpx_url\"") && $0.contains("only http and https") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.contains("pois[0]") }, "\(lines)")
        let item = try XCTUnwrap(result.catalog.item(id: "rando-x"), "one bad field never drops the hike")
        XCTAssertNil(item.hike?.gpxURL)
    }

    func testTheDemoHikesRoundTripThroughTheWriter() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let loaded = try ContentLoader.load(directory: repo.appendingPathComponent("content"))
        let out = dir.appendingPathComponent("written")
        try ContentWriter.write(catalog: loaded.catalog, bundle: loaded.bundle,
                                files: Dictionary(uniqueKeysWithValues: try FileManager.default
                                    .contentsOfDirectory(atPath: repo.appendingPathComponent("content/gpx").path)
                                    .map { ("gpx/" + $0, repo.appendingPathComponent("content/gpx/" + $0)) }),
                                to: out)
        let back = try ContentLoader.load(directory: out)
        let a = loaded.catalog.items(in: .randonnees), b = back.catalog.items(in: .randonnees)
        XCTAssertEqual(a.map(\.id), b.map(\.id))
        for (x, y) in zip(a, b) {
            XCTAssertEqual(x.hike?.territory, y.hike?.territory, x.id)
            XCTAssertEqual(x.hike?.pois, y.hike?.pois, x.id)
            XCTAssertEqual(x.hike?.gpxURL, y.hike?.gpxURL, x.id)
            XCTAssertEqual(x.hike?.season, y.hike?.season, x.id)
        }
    }
}
