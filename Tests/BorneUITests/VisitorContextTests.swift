import XCTest
import BorneCore
@testable import BorneUI

/// Issue 12, second round: the event's calendar entry on a 80×24 screen and
/// the attract screen's hike with the hike page's map context. Golden
/// screens at 80×24 and 160×45, in French and English.
final class VisitorContextTests: XCTestCase {
    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 45)]

    /// The 14 July ball has no website: before, a 80×24 screen offered it no
    /// code at all; now the compact calendar entry.
    func testEventCalendarCodeAt80x24() throws {
        let env = try UITestSupport.goldenEnv()
        for lang in [Language.fr, .en] {
            var d = Driver(env: env, size: Size(width: 80, height: 24))
            if lang != .fr { d.tap("lang:\(lang.rawValue)") }
            d.tap("tile:agenda"); d.tap("item:fete-nationale-vic-2027")
            XCTAssertTrue(d.has("nav:qr"), "the event offers its calendar entry at 80×24:\n\(d.text)")
            UITestSupport.assertSnapshot(d.canvas, "event-calendar-page-\(lang.rawValue)-80x24")
            d.tap("nav:qr")
            XCTAssertTrue(d.text.contains(L10n.text(.scanCalendar, lang)), d.text)
            XCTAssertFalse(d.text.contains("BEGIN:VEVENT"), d.text)
            UITestSupport.assertSnapshot(d.canvas, "event-calendar-code-\(lang.rawValue)-80x24")
        }
    }

    /// An event with a website: its calendar code, and the website's button
    /// beside it, whole (the wider calendar code once covered it).
    func testTheWebsiteButtonStaysBesideTheCalendarCode() throws {
        let env = try UITestSupport.goldenEnv()
        var d = Driver(env: env, size: Size(width: 80, height: 24))
        d.tap("tile:agenda"); d.tap("item:festival-contes-en-carlades-2027"); d.tap("nav:qr")
        XCTAssertTrue(d.text.contains(L10n.text(.scanCalendar, .fr)), d.text)
        XCTAssertTrue(d.text.contains("▣ " + L10n.text(.scanWebsite, .fr) + " "), d.text)
        XCTAssertTrue(d.has("qr:scanWebsite"), d.text)
        UITestSupport.assertSnapshot(d.canvas, "event-calendar-and-website-fr-80x24")
    }

    /// The compact entry: the name (cut at a word) and the start, nothing
    /// else; the full one keeps place and end.
    func testCompactCalendarEntry() throws {
        let env = try UITestSupport.loadEnv()
        let item = try XCTUnwrap(env.catalog.item(id: "fete-nationale-vic-2027"))
        func renderer(_ size: Size) -> Renderer {
            Renderer(env: env, state: AppState(size: size, now: UITestSupport.clock), now: UITestSupport.clock, cache: ListCache(version: "t"))
        }
        let small = renderer(Size(width: 80, height: 24))
        XCTAssertEqual(small.calendarCode(item), "BEGIN:VEVENT\nSUMMARY:Fête nationale : bal…\nDTSTART:20270714T210000\nEND:VEVENT")
        let big = renderer(Size(width: 160, height: 45))
        let full = try XCTUnwrap(big.calendarCode(item))
        XCTAssertTrue(full.contains("DTEND;TZID=Europe/Paris:20270714T235900") && full.contains("LOCATION:"), full)
        XCTAssertEqual(Renderer.calendarSummary(full), "Fête nationale : bal et feu d'artifice")
    }

    /// The attract screen's hike: start, north, scale and the legend, as on
    /// the hike page (before: a bare track).
    func testAttractHikeHasTheMapContext() throws {
        let env = try UITestSupport.goldenEnv(config: "pailherols")
        for size in Self.sizes {
            var d = Driver(env: env, size: size)
            d.wait(seconds: env.config.attractSeconds)
            var seen = false
            for _ in 0..<8 {
                if d.text.contains(L10n.text(.attractHike, .fr)) || d.text.contains(L10n.text(.attractHike, .en)) {
                    let lang: Language = d.text.contains(L10n.text(.attractHike, .fr)) ? .fr : .en
                    seen = true
                    XCTAssertTrue(d.text.contains("N↑"), d.text)
                    XCTAssertTrue(d.text.contains("├") && d.text.contains("┤ "), "a scale bar:\n\(d.text)")
                    XCTAssertTrue(d.text.contains(BrailleTrackView.startMarker + " " + L10n.text(.legendStart, lang)), "the legend:\n\(d.text)")
                    XCTAssertTrue(d.text.contains(L10n.text(.youAreHere, lang)), "Pailherols' kiosk is by its hike:\n\(d.text)")
                    UITestSupport.assertSnapshot(d.canvas, "attract-hike-\(lang.rawValue)-\(size.width)x\(size.height)")
                }
                d.wait(seconds: Int(KioskApp.attractSlideSeconds))
            }
            XCTAssertTrue(seen, "the hike slide was shown at \(size.width)x\(size.height)")
        }
    }
}
