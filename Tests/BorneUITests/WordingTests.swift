import BorneCore
import BorneUI
import XCTest

/// One wording per language for the same state, and content without a
/// translation marked as French in the visitor's language.
final class WordingTests: XCTestCase {
    /// The office's status line of the home header ("● Oficina abierta · cierra…").
    func homeStatus(_ text: String, _ lang: Language) -> String? {
        let open = L10n.text(.officeOpen, lang), closed = L10n.text(.officeClosed, lang)
        for line in text.split(separator: "\n") {
            for w in [open, closed] {
                if let r = line.range(of: w) { return String(line[r.lowerBound...]).trimmingCharacters(in: .whitespaces) }
            }
        }
        return nil
    }

    /// Open (Tuesday 10:30) and closed (Tuesday 22:00): home and the office's page say the same.
    func testOfficeStateHasOneWordingPerLanguage() throws {
        let env = try UITestSupport.loadEnv()
        for time in ["2027-07-13T10:30", "2027-07-13T22:00"] {
            for lang in Language.allCases {
                var d = Driver(env: env, size: Size(width: 160, height: 45), now: KioskTime.parseLocal(time)!)
                d.tap("lang:\(lang.rawValue)")
                guard let status = homeStatus(d.text, lang) else { XCTFail("\(lang) \(time): no office status on home:\n\(d.text)"); continue }
                // Up to the weather on the right of the header.
                let words = status.components(separatedBy: "  ").first!
                d.tap("tile:office")
                XCTAssertTrue(d.text.contains(words), "\(lang) \(time): home says '\(words)', the office page:\n\(d.text)")
            }
        }
    }

    /// Agenda descriptions exist in fr and en only: Dutch, German and Spanish
    /// visitors read the French one, marked so in their language.
    func testUntranslatedContentIsMarkedInTheVisitorsLanguage() throws {
        let env = try UITestSupport.loadEnv()
        let item = try XCTUnwrap(env.catalog.items.first { $0.section == .agenda && $0.description.values[.nl] == nil
            && !$0.description.isEmpty && $0.dates.contains { $0.end >= LocalDate(year: 2027, month: 7, day: 13) } })
        for (lang, marker) in [(Language.nl, "(in het Frans)"), (.de, "(auf Französisch)"), (.es, "(en francés)")] {
            var d = Driver(env: env, size: Size(width: 160, height: 45))
            d.tap("lang:\(lang.rawValue)")
            d.app.warmUp()
            d.tap("tile:agenda")
            var found = false
            for _ in 0..<10 {
                if d.has("item:\(item.id)") { found = true; break }
                if !d.has("page:down") { break }
                d.tap("page:down")
            }
            guard found else { XCTFail("\(item.id) not in the agenda"); continue }
            d.tap("item:\(item.id)")
            XCTAssertTrue(d.text.contains(marker), "\(lang): \(d.text)")
        }
        var en = Driver(env: env, size: Size(width: 160, height: 45))
        en.tap("lang:en"); en.tap("tile:agenda")
        XCTAssertFalse(en.text.contains("(in French)"), "English descriptions exist: nothing marked")
    }
}
