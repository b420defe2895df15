import BorneCore
import BorneQR
import BorneUI
import XCTest

/// The hiking table (`kiosk-config/table-rando.json`, `layout: table`):
/// golden screens at 160×45 and 200×60, the "Done when" path, the take-away
/// QR codes decoded back to the hike's URLs.
final class TableScreenTests: XCTestCase {
    static let sizes = [Size(width: 160, height: 45), Size(width: 200, height: 60)]
    static let hike = "rando-vtt-salvanhac"

    func env() throws -> AppEnvironment { try UITestSupport.loadEnv(config: "table-rando") }

    /// VTT, Carladès, < 2 h: the issue's own example.
    static func filterVTTCarladesShort(_ d: inout Driver) {
        d.tap("filter:activity:vtt"); d.tap("filter:territory:carlades"); d.tap("filter:duration:short")
    }

    func check(_ name: String, _ steps: (inout Driver) -> Void) throws {
        let env = try UITestSupport.goldenEnv(config: "table-rando")
        for size in Self.sizes {
            var d = Driver(env: env, size: size)
            steps(&d)
            UITestSupport.assertSnapshot(d.canvas, "table-\(name)-fr-\(size.width)x\(size.height)")
        }
    }

    func testTableHome() throws { try check("home") { _ in } }

    func testFilteredList() throws { try check("vtt-carlades-short") { Self.filterVTTCarladesShort(&$0) } }

    func testHikeMapAndProfile() throws {
        try check("hike-map") { d in Self.filterVTTCarladesShort(&d); d.tap("item:\(Self.hike)") }
    }

    func testRelief() throws {
        try check("hike-relief") { d in
            Self.filterVTTCarladesShort(&d); d.tap("item:\(Self.hike)"); d.tap("view:relief:\(Self.hike)"); d.tap("relief:right")
        }
    }

    func testTakeAway() throws {
        try check("hike-takeaway") { d in
            Self.filterVTTCarladesShort(&d); d.tap("item:\(Self.hike)"); d.tap("download:\(Self.hike)")
        }
    }

    func testEmptyResult() throws {
        try check("empty") { d in d.tap("filter:activity:winter"); d.tap("filter:territory:saint-flour") }
    }

    /// The "Done when" path, by taps: home, VTT + Carladès + < 2 h, a hike,
    /// its map and profile, its relief turned, its QR codes; back to the list.
    func testDoneWhenPath() throws {
        var d = Driver(env: try env(), size: Size(width: 200, height: 60))
        XCTAssertEqual(d.app.route, .home)
        XCTAssertTrue(d.text.contains("Toutes les randonnées du Cantal"))
        Self.filterVTTCarladesShort(&d)
        let items = d.app.targets.filter { $0.id.hasPrefix("item:") }.map(\.id)
        XCTAssertEqual(Set(items), ["item:rando-vtt-salvanhac", "item:rando-vtt-polminhac"])
        XCTAssertTrue(d.text.contains("2 randonnées"))
        d.tap("item:\(Self.hike)")
        XCTAssertEqual(d.app.route, .hike(Self.hike, .map))
        XCTAssertTrue(d.text.contains("N↑"))
        XCTAssertTrue(d.text.contains("D−"))
        XCTAssertTrue(d.text.contains("●"))
        d.tap("view:relief:\(Self.hike)")
        let before = d.text
        d.tap("relief:right")
        XCTAssertNotEqual(d.text, before, "turning changes the drawing")
        let reactions = d.tap("download:\(Self.hike)")
        XCTAssertEqual(d.app.route, .hike(Self.hike, .takeAway))
        XCTAssertTrue(reactions.contains { if case .touch(let t) = $0 { return t.target == "download:\(Self.hike)" && t.activated } else { return false } })
        XCTAssertTrue(d.text.contains("https://exemple.carlades.fr/rando/\(Self.hike).gpx"))
        d.tap("nav:back")
        XCTAssertEqual(d.app.route, .home)
        XCTAssertTrue(d.text.contains("2 randonnées"), "the filters are kept on the way back")
        d.wait(seconds: 61)
        XCTAssertEqual(d.app.state.table, TableFilter(), "idleness clears the filters")
    }

    func testCountsFollowTheFilters() throws {
        var d = Driver(env: try env(), size: Size(width: 160, height: 45))
        let all = d.app.targets.filter { $0.id.hasPrefix("item:") }.count
        XCTAssertGreaterThan(all, 0)
        d.tap("filter:activity:winter")
        XCTAssertTrue(d.text.contains("3 randonnées"), d.text)
        d.tap("filter:activity:winter") // tapping again clears it
        XCTAssertEqual(d.app.state.table.activity, nil)
        d.tap("filter:activity:winter"); d.tap("filter:territory:saint-flour")
        XCTAssertTrue(d.has("table:clear-empty"))
        d.tap("table:clear-empty")
        XCTAssertEqual(d.app.state.table, TableFilter())
    }

    func testEveryTableTargetIsBigEnough() throws {
        for size in Self.sizes {
            var d = Driver(env: try env(), size: size)
            var screens: [[Target]] = [d.app.targets]
            Self.filterVTTCarladesShort(&d); screens.append(d.app.targets)
            d.tap("item:\(Self.hike)"); screens.append(d.app.targets)
            d.tap("view:relief:\(Self.hike)"); screens.append(d.app.targets)
            d.tap("download:\(Self.hike)"); screens.append(d.app.targets)
            d.tap("nav:home"); d.tap("filter:activity:winter"); d.tap("filter:territory:saint-flour"); screens.append(d.app.targets)
            for targets in screens {
                for t in targets {
                    XCTAssertGreaterThanOrEqual(t.rect.width, 12, "\(t.id) at \(size)")
                    XCTAssertGreaterThanOrEqual(t.rect.height, 3, "\(t.id) at \(size)")
                    XCTAssertLessThanOrEqual(t.rect.maxX, size.width, "\(t.id) outside the screen")
                    XCTAssertLessThanOrEqual(t.rect.maxY, size.height, "\(t.id) outside the screen")
                }
            }
        }
    }

    /// The take-away screen's two codes, read back from the canvas as drawn, decode to the hike's URLs.
    func testTakeAwayCodesDecodeToTheHikesURLs() throws {
        let zbarimg = try QRTests.zbarimg()
        for size in Self.sizes {
            var d = Driver(env: try env(), size: size)
            d.tap("item:\(Self.hike)"); d.tap("download:\(Self.hike)")
            let qrCells = (0..<size.height).flatMap { y in (0..<size.width).map { (x: $0, y: y) } }
                .filter { d.canvas[$0.x, $0.y].style.role == .qr }
            let middle = size.width / 2
            var decoded: [String] = []
            for half in [qrCells.filter { $0.x < middle }, qrCells.filter { $0.x >= middle }] {
                let xs = half.map(\.x), ys = half.map(\.y)
                let rect = Rect(x: xs.min()!, y: ys.min()!, width: xs.max()! - xs.min()! + 1, height: ys.max()! - ys.min()! + 1)
                let fullBlocks = (rect.y..<rect.maxY).allSatisfy { y in (rect.x..<rect.maxX).allSatisfy { ["█", " "].contains(d.canvas[$0, y].text) } }
                var image: QRTests.Bitmap
                if fullBlocks, rect.width == 2 * rect.height {
                    // Scale 2: two columns, one row per module.
                    image = (rect.y..<rect.maxY).map { y in stride(from: rect.x, to: rect.maxX, by: 2).map { d.canvas[$0, y].text == "█" } }
                } else {
                    image = QRTests.modules(from: d.canvas, at: rect)
                }
                image = QRTests.surround(image, by: 3, dark: true)
                decoded.append(try QRTests.decode(image, zbarimg: zbarimg, margin: 0))
            }
            XCTAssertEqual(decoded, ["https://exemple.carlades.fr/rando/\(Self.hike).gpx",
                                     "https://exemple.carlades.fr/rando/\(Self.hike).pdf"], "\(size)")
        }
    }
}

/// Winter on the table: snowshoe routes first and the snow report on its home.
final class TableWinterTests: XCTestCase {
    func testInWinterSnowshoeRoutesComeFirstWithTheSnowReport() throws {
        var env = try UITestSupport.loadEnv(config: "table-rando")
        let january = KioskTime.parseLocal("2027-01-15T10:30")!
        XCTAssertTrue(env.config.isWinter(LocalDate(year: 2027, month: 1, day: 15)))
        env.catalog.weather?.observedAt = january   // a fresh report, with the bundle's snow stations
        let d = Driver(env: env, size: Size(width: 200, height: 60), now: january)
        XCTAssertTrue(d.text.contains("Enneigement"), d.text)
        let items = d.app.targets.filter { $0.id.hasPrefix("item:") }.sorted { $0.rect.y < $1.rect.y }
        let first = try XCTUnwrap(items.first).id.dropFirst("item:".count)
        XCTAssertEqual(env.catalog.item(id: String(first))?.hike?.isWinter, true, "first: \(first)")

        // In July the same table lists without the winter order or the snow line.
        var summer = env
        summer.catalog.weather?.observedAt = KioskTime.parseLocal("2027-07-13T10:30")!
        let s = Driver(env: summer, size: Size(width: 200, height: 60), now: KioskTime.parseLocal("2027-07-13T10:30")!)
        XCTAssertFalse(s.text.contains("Enneigement :"), s.text)
    }
}
