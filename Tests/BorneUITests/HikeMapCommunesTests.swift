import XCTest
import BorneCore
@testable import BorneUI

/// Communes on a hike map (HikeMapView): labelled when inside the frame, the
/// label never over the track, its start and end, the corners or another
/// label; the marker "○" may sit on the track (as "◆" do), never on another
/// marker: a commune without its marker is not drawn at all.
final class HikeMapCommunesTests: XCTestCase {
    let track = Track(name: "t", segments: [[
        TrackPoint(lat: 44.95, lon: 2.60), TrackPoint(lat: 44.975, lon: 2.65), TrackPoint(lat: 45.00, lon: 2.70),
        TrackPoint(lat: 44.99, lon: 2.69),
    ]])
    let rect = Rect(x: 2, y: 1, width: 60, height: 20)

    func render(_ communes: [(name: String, geo: GeoPoint)]) -> (Canvas, Int) {
        var canvas = Canvas(width: 64, height: 22)
        let n = HikeMapView(track: track, pois: [(name: "Buron", geo: GeoPoint(lat: 44.96, lon: 2.68))], communes: communes)
            .render(in: rect, into: &canvas).communes
        return (canvas, n)
    }

    func testCommunesInsideAreLabelledWithoutCoveringAnything() {
        let (plain, none) = render([])
        XCTAssertEqual(none, 0)
        let communes: [(name: String, geo: GeoPoint)] = [
            (name: "Offtrack", geo: GeoPoint(lat: 44.995, lon: 2.61)),   // inside, away from the track
            (name: "Ontrack", geo: GeoPoint(lat: 44.975, lon: 2.65)),    // on the track itself
            (name: "Farville", geo: GeoPoint(lat: 46.0, lon: 3.5)),      // outside the frame
        ]
        let (map, drawn) = render(communes)
        let text = map.plainText
        XCTAssertTrue(text.contains("Offtrack"), text)
        XCTAssertTrue(text.contains("Ontrack"), text)
        XCTAssertFalse(text.contains("Farville"), "a commune outside the frame is not drawn, nor widens it:\n\(text)")
        XCTAssertEqual(drawn, 2)
        // Nothing drawn before (start, end, north, scale bar, the point of
        // interest and its label) is overwritten by a commune; a track dot
        // only by a commune's marker, which every drawn commune has.
        for y in 0..<22 {
            for x in 0..<64 where !HikeMapView.isBlank(plain[x, y].text) && !plain[x, y].text.isEmpty {
                let dot = plain[x, y].text.unicodeScalars.first!.value >= 0x2800 && map[x, y].text == HikeMapView.communeMarker
                XCTAssertTrue(map[x, y].text == plain[x, y].text || dot, "cell \(x),\(y) covered:\n\(text)")
            }
        }
        XCTAssertEqual(text.components(separatedBy: HikeMapView.communeMarker).count - 1, 2, "each commune with its marker:\n\(text)")
        // The frame is the same: communes do not move the track.
        XCTAssertTrue(text.contains(BrailleTrackView.startMarker))
    }

    /// A point of interest's marker never lands on another's label (before,
    /// markers and labels were drawn in turn: "◆◆oucolle viewpoint").
    func testNoMarkerOverwritesALabel() {
        // Two points three cells apart on one row: the first's label would
        // run over the second's marker.
        let a = GeoPoint(lat: 44.985, lon: 2.62), b = GeoPoint(lat: 44.985, lon: 2.6245)
        var canvas = Canvas(width: 64, height: 22)
        HikeMapView(track: track, pois: [(name: "Alphaville", geo: a), (name: "Betatown", geo: b)]).render(in: rect, into: &canvas)
        let text = canvas.plainText
        XCTAssertTrue(text.contains("Alphaville"), text)
        XCTAssertTrue(text.contains("Betatown"), text)
        XCTAssertEqual(text.components(separatedBy: HikeMapView.poiMarker).count - 1, 2, text)
    }

    /// A hike page names the communes of its map, each beside its "○", and
    /// its legend says "○" only when one is drawn. At Pailherols the start's
    /// cell is the village's: the commune is left out rather than its name
    /// put beside the start (before: "◆●Pailherols").
    func testTheHikePageShowsTheCommunesOfItsMap() throws {
        let env = try UITestSupport.loadEnv(config: "pailherols")
        func page(_ id: String) -> String {
            var d = Driver(env: env, size: Size(width: 160, height: 45))
            d.tap("tile:randonnees")
            _ = d.app.perform(.openItem(id))
            return d.app.render().plainText
        }
        let own = page("rando-ma-montagne-pailherols")
        XCTAssertFalse(own.contains(BrailleTrackView.startMarker + "Pailherols") || own.contains("Pailherols" + BrailleTrackView.startMarker), own)
        XCTAssertEqual(own.components(separatedBy: HikeMapView.communeMarker).count - 1, 0, "no commune, no legend for one:\n\(own)")
        let polminhac = page("rando-vtt-polminhac")
        XCTAssertTrue(polminhac.contains(HikeMapView.communeMarker + " communes"), "the legend names the commune marker:\n\(polminhac)")
        XCTAssertEqual(polminhac.components(separatedBy: HikeMapView.communeMarker).count - 1, 2, "one on the map, one in the legend:\n\(polminhac)")
    }
}
