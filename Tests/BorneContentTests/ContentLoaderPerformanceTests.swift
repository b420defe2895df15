import Foundation
import XCTest
import BorneCore
import BorneContent

/// 10,000 items load with no problem and none lost. Speed is measured by the
/// benchmarks (bench/, docs/BENCHMARKS.md), never asserted here; the time is
/// printed for information only.
final class ContentLoaderPerformanceTests: ContentDirectoryTestCase {
    func testTenThousandItemsLoadWithoutLoss() throws {
        let sections = ["dormir", "manger", "agenda", "pluie", "commerces", "visites"]
        for section in sections {
            var items: [String] = []
            for i in 0..<(10_000 / sections.count + 1) {
                let id = "\(section)-\(i)"
                var extra = """
                    "demo": true, "category": {"fr": "Catégorie", "en": "Category"},
                    "summary": {"fr": "Une ligne de résumé pour l'élément \(i).", "en": "A one-line summary for item \(i)."},
                    "description": {"fr": "Premier paragraphe de description, assez long pour être réaliste.\\nSecond paragraphe.", "en": "First paragraph.\\nSecond."},
                    "commune": "Vic-sur-Cère", "address": "\(i) avenue Mercier, 15800 Vic-sur-Cère",
                    "phone": "04 65 71 \(String(format: "%02d %02d", i / 100 % 100, i % 100))", "email": "contact-\(i)@exemple.carlades.fr",
                    "website": "https://exemple.carlades.fr/\(id)", "geo": {"lat": 44.98, "lon": 2.626},
                    "opening_hours": "Tu-Su 12:00-14:00,19:00-21:30; PH off", "hours_text": {"fr": "Du mardi au dimanche"},
                    "tags": ["enfants", "terrasse"]
                    """
                if section == "agenda" { extra += #", "dates": [{"start": "2027-07-14", "end": "2027-07-15", "time": "21:00"}]"# }
                items.append(item(id, extra))
            }
            try writeItems(section, items)
        }
        let start = Date()
        let result = try load()
        let seconds = Date().timeIntervalSince(start)
        print("ContentLoaderPerformanceTests: loaded \(result.catalog.items.count) items in \(String(format: "%.3f", seconds)) s")
        XCTAssertEqual(result.problems.lines, [])
        XCTAssertGreaterThanOrEqual(result.catalog.items.count, 10_000)
    }
}
