import BorneCore
import BorneUI
import XCTest

/// Hikes on the village kiosks (Pailherols' config): the table's filters
/// with counts, the order for this kiosk, the hike page's first screen
/// (figures, map with context, QR codes). Golden screens at 80×24 and
/// 160×45 in French and English.
final class HikePagesTests: XCTestCase {
    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 45)]

    func env(_ config: String = "pailherols") throws -> AppEnvironment { try UITestSupport.loadEnv(config: config) }

    func check(_ name: String, config: String = "pailherols", _ steps: (inout Driver) -> Void) throws {
        let env = try UITestSupport.goldenEnv(config: config)
        for l in [Language.fr, .en] {
            for size in Self.sizes {
                var d = Driver(env: env, size: size)
                if l != .fr { d.tap("lang:\(l.rawValue)") }
                steps(&d)
                UITestSupport.assertSnapshot(d.canvas, "\(name)-\(l.rawValue)-\(size.width)x\(size.height)")
            }
        }
    }

    func hikeIDs(_ d: Driver) -> [String] {
        d.app.targets.map(\.id).filter { $0.hasPrefix("item:") }.map { String($0.dropFirst(5)) }
    }

    /// Every hike of the list, page after page.
    func allListed(_ d: inout Driver) -> [String] {
        var ids = hikeIDs(d)
        for _ in 0..<10 where d.has("page:down") {
            d.tap("page:down")
            ids += hikeIDs(d)
        }
        return ids
    }

    func testSnapshots() throws {
        try check("hikes-list") { $0.tap("tile:randonnees") }
        try check("hikes-list-filtered") { d in
            d.tap("tile:randonnees")
            if d.has("hike:filters") { d.tap("hike:filters") }
            d.tap("filter:duration:short"); d.tap("filter:children")
            if d.has("filters:done") { d.tap("filters:done") }
        }
        try check("hike-page") { d in d.tap("tile:randonnees"); d.tap("item:rando-ma-montagne-pailherols") }
        try check("hike-page-text") { d in
            d.tap("tile:randonnees"); d.tap("item:rando-ma-montagne-pailherols"); d.tap("page:down")
        }
        // Small screens: the filters on their own screen.
        for l in [Language.fr, .en] {
            var d = Driver(env: try UITestSupport.goldenEnv(config: "pailherols"), size: Size(width: 80, height: 24))
            if l != .fr { d.tap("lang:\(l.rawValue)") }
            d.tap("tile:randonnees"); d.tap("hike:filters"); d.tap("filter:activity:walking")
            UITestSupport.assertSnapshot(d.canvas, "hike-filters-\(l.rawValue)-80x24")
        }
    }

    /// In July at Pailherols: its own hike first, the Carladès before the rest
    /// of the Cantal, nearest first, snowshoes last and marked; no road-cycling
    /// loop at the top.
    func testOrderForThisKiosk() throws {
        let env = try env()
        var d = Driver(env: env, size: Size(width: 80, height: 24))
        d.tap("tile:randonnees")
        XCTAssertTrue(d.text.contains("★ Sentier Ma Montagne"), d.text)
        XCTAssertTrue(d.text.contains("d'ici"), "distance from this kiosk shown:\n\(d.text)")
        let ids = allListed(&d)
        XCTAssertEqual(ids.count, 18, "\(ids)")
        XCTAssertEqual(ids.first, "rando-ma-montagne-pailherols")
        let items = Dictionary(uniqueKeysWithValues: env.catalog.items.map { ($0.id, $0) })
        let territory = ids.map { items[$0]!.hike!.territory }
        let snow = ids.map { items[$0]!.hike!.activity == .winter }
        let lastInSeason = snow.lastIndex(of: false)!
        XCTAssertEqual(snow.filter { $0 }.count, 3)
        XCTAssertTrue(snow[(lastInSeason + 1)...].allSatisfy { $0 }, "snowshoes after the rest in July: \(ids)")
        let inSeason = Array(territory[1...lastInSeason])
        if let firstOther = inSeason.firstIndex(where: { $0 != .carlades }) {
            XCTAssertTrue(inSeason[firstOther...].allSatisfy { $0 != .carlades }, "Carladès first: \(ids)")
        }
        XCTAssertNotEqual(ids.first, "rando-cyclo-planeze")
        // allListed left the last page on screen.
        XCTAssertTrue(d.text.contains("[hors saison]"), d.text)
    }

    /// A choice that would leave no hike is shown but cannot be tapped; the counts move with the other filters.
    func testZeroCountsAreUnavailable() throws {
        var d = Driver(env: try env(), size: Size(width: 80, height: 24))
        d.tap("tile:randonnees"); d.tap("hike:filters")
        XCTAssertFalse(d.has("filter:difficulty:expert"), "no expert hike in the content: not a target")
        XCTAssertTrue(d.has("filter:activity:winter"))
        d.tap("filter:duration:short")
        d.tap("filter:children")
        XCTAssertFalse(d.has("filter:activity:winter"), "no snowshoe outing under 2 h with children")
        XCTAssertTrue(d.text.contains("Voir 4 randonnées"), d.text)
        d.tap("filters:done")
        XCTAssertEqual(Set(hikeIDs(d)), ["rando-pas-de-cere", "rando-vtt-salvanhac", "rando-murat-bonnevie", "rando-saint-flour-remparts"])
    }

    /// At 80×24 the first screen of a hike holds the figures, the map and a
    /// QR code; the buttons choose which code; "Vous êtes ici" is on the map
    /// of a hike that passes the kiosk, not on one 20 km away.
    func testHikePageFirstScreen() throws {
        var d = Driver(env: try env(), size: Size(width: 80, height: 24))
        d.tap("tile:randonnees"); d.tap("item:rando-ma-montagne-pailherols")
        XCTAssertTrue(d.text.contains("9,6 km"), d.text)
        XCTAssertTrue(d.text.contains("Vous êtes ici"), d.text)
        XCTAssertTrue(d.text.contains("N↑"), "north on the map")
        XCTAssertTrue(d.text.contains("├"), "scale bar")
        XCTAssertTrue(d.has("download:rando-ma-montagne-pailherols"), "the GPX code is on the first screen")
        let qrRows = d.text.split(separator: "\n").filter { $0.contains("█▀▀▀▀▀█") }
        XCTAssertFalse(qrRows.isEmpty, d.text)
        d.tap("qr:1:rando-ma-montagne-pailherols")
        XCTAssertTrue(d.has("sheet:rando-ma-montagne-pailherols"))
        XCTAssertFalse(d.has("download:rando-ma-montagne-pailherols"))
        d.tap("nav:back"); d.tap("page:down"); d.tap("page:down"); d.tap("page:down")
        d.tap("item:rando-raquettes-neronne")
        XCTAssertFalse(d.text.contains("Vous êtes ici"), d.text)
        XCTAssertTrue(d.text.contains("[hors saison]"), d.text)
    }
}
