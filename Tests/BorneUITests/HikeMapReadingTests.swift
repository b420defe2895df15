import BorneCore
import XCTest
@testable import BorneUI

/// What a visitor reads on a hike map: the scale bar and "N↑" on cells of
/// their own (never over the track, never touching it), and every label next
/// to its own marker and no other (before: "├────┤ 1 km⠤⣀" ran into the
/// track, "◆●Pailherols" named the start, and the attract slide's
/// "Épicerie-relais du Plateau●" the start too). Every fixture hike, at
/// several sizes.
final class HikeMapReadingTests: XCTestCase {
    static let mapSizes = [Size(width: 20, height: 6), Size(width: 36, height: 10), Size(width: 50, height: 16),
                           Size(width: 76, height: 24), Size(width: 100, height: 40), Size(width: 140, height: 30)]
    static let screenSizes = [Size(width: 80, height: 24), Size(width: 100, height: 30), Size(width: 160, height: 45),
                              Size(width: 200, height: 60)]

    func isMarker(_ s: String) -> Bool { HikeMapView.markers.contains(s) }

    func row(_ c: Canvas, _ r: Rect) -> String { (r.x..<r.maxX).map { c[$0, r.y].text }.joined() }

    /// The widget, fed as the hike page feeds it: the hike's points of
    /// interest, the content's places with a position, the communes and a kiosk.
    func testScaleNorthAndLabelsReadOnEveryFixtureHike() throws {
        let env = try UITestSupport.goldenEnv(config: "pailherols")
        let hikes = env.catalog.items.filter { $0.hike?.track != nil }
        XCTAssertGreaterThanOrEqual(hikes.count, 10)
        let places = env.catalog.items.compactMap { i in i.geo.map { (name: i.name.text(.fr), geo: $0) } }
        let communes = env.catalog.communes.map { (name: $0.name, geo: $0.geo) }
        var labels = 0, moved = 0
        for item in hikes {
            let track = item.hike!.track!, b = track.bounds!
            let near = places.filter { p in
                p.geo.lat > b.minLat - 0.01 && p.geo.lat < b.maxLat + 0.01 && p.geo.lon > b.minLon - 0.01 && p.geo.lon < b.maxLon + 0.01
            }
            let pois = item.hike!.pois.map { (name: $0.name.text(.fr), geo: $0.geo) } + near.prefix(6)
            let view = HikeMapView(track: track, pois: pois, communes: communes, kiosk: ("Vous êtes ici", env.config.geo!))
            for size in Self.mapSizes {
                let rect = Rect(x: 1, y: 1, width: size.width, height: size.height)
                var canvas = Canvas(width: size.width + 2, height: size.height + 2)
                let drawn = view.render(in: rect, into: &canvas)
                let at = "\(item.id) at \(size.width)x\(size.height):\n\(canvas.plainText)"
                // The track alone, where the map drew it.
                let area = try XCTUnwrap(drawn.trackArea, at)
                var plain = Canvas(width: size.width + 2, height: size.height + 2)
                BrailleTrackView.drawTrack(track, area, try XCTUnwrap(view.frame), into: &plain)
                let bar = try XCTUnwrap(drawn.scaleBar, "a scale bar: \(at)")
                let north = try XCTUnwrap(drawn.north, "north: \(at)")
                if bar.y != rect.maxY - 1 || bar.x != rect.x { moved += 1 }
                for (r, text) in [(bar, view.scaleBar(view.frame!, width: area.width, height: area.height)), (north, "N↑")] {
                    XCTAssertEqual(row(canvas, r), String(text.prefix(r.width)), at)
                    // No track under it, none touching it on its row.
                    let wide = Rect(x: max(rect.x, r.x - 1), y: r.y, width: min(rect.maxX, r.maxX + 1) - max(rect.x, r.x - 1), height: 1)
                    for x in wide.x..<wide.maxX {
                        XCTAssertTrue(HikeMapView.isBlank(plain[x, r.y].text), "track under \(text) at \(x),\(r.y): \(at)")
                        if !r.contains(x: x, y: r.y) { XCTAssertTrue(HikeMapView.isBlank(canvas[x, r.y].text), "\(text) touches \(canvas[x, r.y].text): \(at)") }
                    }
                }
                XCTAssertFalse(HikeMapView.overlaps(bar, north), at)
                // Each label: whole, touching its own marker, no other.
                for l in drawn.labels {
                    labels += 1
                    XCTAssertEqual(row(canvas, l.rect), l.text, at)
                    XCTAssertTrue(isMarker(canvas[l.marker.x, l.marker.y].text), "\(l.text)'s marker is drawn: \(at)")
                    let m = l.marker
                    let beside = m.y == l.rect.y && (m.x == l.rect.x - 1 || m.x == l.rect.maxX)
                    let overUnder = abs(m.y - l.rect.y) == 1 && m.x >= l.rect.x && m.x < l.rect.maxX
                    XCTAssertTrue(beside || overUnder, "\(l.text) is next to its marker: \(at)")
                    // No other marker at either end of the label, nor on its
                    // marker's row beside or under/over it.
                    var cells = [(l.rect.x - 1, l.rect.y), (l.rect.maxX, l.rect.y)]
                    cells += (l.rect.x - 1...l.rect.maxX).map { ($0, m.y) }
                    for (x, y) in cells where rect.contains(x: x, y: y) && (x, y) != (m.x, m.y) {
                        XCTAssertFalse(isMarker(canvas[x, y].text), "\(l.text) touches another marker at \(x),\(y): \(at)")
                    }
                }
                // The legend's facts are what is on the map.
                let cells = (rect.y..<rect.maxY).flatMap { y in (rect.x..<rect.maxX).map { canvas[$0, y].text } }
                func count(_ s: String) -> Int { cells.filter { $0 == s }.count }
                XCTAssertEqual(count(BrailleTrackView.startMarker), drawn.start ? 1 : 0, at)
                XCTAssertEqual(count(HikeMapView.endMarker), drawn.end ? 1 : 0, at)
                XCTAssertEqual(count(HikeMapView.kioskMarker), drawn.kiosk ? 1 : 0, at)
                XCTAssertEqual(count(HikeMapView.poiMarker), drawn.places, at)
                XCTAssertEqual(count(HikeMapView.communeMarker), drawn.communes, at)
                XCTAssertTrue(drawn.start, "the start is always drawn: \(at)")
            }
        }
        XCTAssertGreaterThan(labels, 100, "the maps carry labels")
        XCTAssertGreaterThan(moved, 0, "some scale bars left a corner the track took")
    }

    /// A track that fills the top and bottom rows (a rectangle round the
    /// frame) leaves no free cells for the scale or north: the bottom row
    /// becomes theirs and the track is drawn above it.
    func testScaleAndNorthGetARowOfTheirOwnWhenTheTrackFillsTheEdges() {
        let corners = [(45.00, 2.60), (45.00, 2.70), (44.95, 2.70), (44.95, 2.60), (45.00, 2.60)]
        let track = Track(name: "frame", segments: [corners.map { TrackPoint(lat: $0.0, lon: $0.1) }])
        let rect = Rect(x: 0, y: 0, width: 40, height: 12)
        var canvas = Canvas(width: 40, height: 12)
        let drawn = HikeMapView(track: track).render(in: rect, into: &canvas)
        let text = canvas.plainText
        XCTAssertEqual(drawn.trackArea, Rect(x: 0, y: 0, width: 40, height: 11), text)
        XCTAssertEqual(drawn.scaleBar?.y, 11, text)
        XCTAssertEqual(drawn.north, Rect(x: 38, y: 11, width: 2, height: 1), text)
        let last = (0..<40).map { canvas[$0, 11].text }.joined()
        XCTAssertTrue(last.hasPrefix("├") && last.hasSuffix("N↑"), text)
        XCTAssertFalse(last.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF }, "no track on the bar's row:\n\(text)")
    }

    /// The screens: every fixture hike's page at four sizes (the table's
    /// hike view at 200×60) and the attract slide: no letter touches the
    /// start or the end (they carry no label), and the scale's text touches
    /// no track dot.
    func testNoLabelTouchesTheStartAndTheScaleReadsOnEveryScreen() throws {
        func check(_ c: Canvas, _ what: String) {
            let at = "\(what):\n\(c.plainText)"
            var bars = 0
            for y in 0..<c.height {
                for x in 0..<c.width {
                    let s = c[x, y].text
                    if s == BrailleTrackView.startMarker || s == HikeMapView.endMarker {
                        for n in [x - 1, x + 1] where n >= 0 && n < c.width {
                            XCTAssertFalse(c[n, y].text.unicodeScalars.contains { CharacterSet.letters.contains($0) },
                                           "a label touches \(s) at \(x),\(y): \(at)")
                        }
                    }
                    if s == "├" {
                        bars += 1
                        var e = x
                        while e < c.width, c[e, y].text != "┤" { e += 1 }
                        // "┤ 500 m": past the number, its space and the unit.
                        func word() { while e < c.width, !HikeMapView.isBlank(c[e, y].text), c[e, y].text.unicodeScalars.first!.value < 0x2800 { e += 1 } }
                        e += 2; word(); e += 1; word()
                        if e < c.width { XCTAssertTrue(HikeMapView.isBlank(c[e, y].text), "the scale runs into \(c[e, y].text) at \(e),\(y): \(at)") }
                        if x > 0 { XCTAssertTrue(HikeMapView.isBlank(c[x - 1, y].text), "the scale touches \(c[x - 1, y].text): \(at)") }
                    }
                }
            }
            XCTAssertEqual(bars, 1, "one scale bar: \(at)")
        }
        let env = try UITestSupport.goldenEnv(config: "pailherols")
        let ids = env.catalog.items.filter { $0.hike?.track != nil }.map(\.id)
        for size in Self.screenSizes {
            for id in ids {
                var d = Driver(env: env, size: size)
                d.tap("tile:randonnees")
                _ = d.app.perform(.openItem(id))
                check(d.app.render(), "\(id) at \(size.width)x\(size.height)")
            }
            var d = Driver(env: env, size: size)
            d.wait(seconds: env.config.attractSeconds)
            for _ in 0..<8 where !d.text.contains(L10n.text(.attractHike, .fr)) && !d.text.contains(L10n.text(.attractHike, .en)) {
                d.wait(seconds: Int(KioskApp.attractSlideSeconds))
            }
            check(d.canvas, "the attract slide at \(size.width)x\(size.height)")
        }
        let table = try UITestSupport.goldenEnv(config: "table-rando")
        for id in ids {
            var d = Driver(env: table, size: Size(width: 200, height: 60))
            _ = d.app.perform(.openItem(id))
            check(d.app.render(), "the table's \(id) at 200x60")
        }
    }
}
