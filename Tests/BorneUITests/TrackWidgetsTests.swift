import XCTest
import BorneCore
@testable import BorneUI

/// GPX fixtures live with the core tests (see Tests/BorneCoreTests/Fixtures/gpx).
private func fixtureTrack(_ name: String) throws -> Track {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../BorneCoreTests/Fixtures/gpx/\(name)").standardizedFileURL
    return try GPX.parse(String(contentsOf: url, encoding: .utf8))
}

private func isBraille(_ s: String) -> Bool {
    s.unicodeScalars.count == 1 && (0x2801...0x28FF).contains(s.unicodeScalars.first!.value)
}

/// Texts of the cells of `canvas` inside `rect`, row by row.
private func cells(_ canvas: Canvas, _ rect: Rect) -> [[String]] {
    (rect.y..<rect.maxY).map { y in (rect.x..<rect.maxX).map { x in canvas[x, y].text } }
}

/// Asserts that every cell outside `rect` is still the "x" it was filled with.
private func assertUntouchedOutside(_ canvas: Canvas, _ rect: Rect, file: StaticString = #filePath, line: UInt = #line) {
    for y in 0..<canvas.height {
        for x in 0..<canvas.width where !rect.contains(x: x, y: y) {
            if canvas[x, y] != Cell("x") { XCTFail("cell (\(x), \(y)) drawn outside \(rect)", file: file, line: line); return }
        }
    }
}

/// A straight track from (lat, lon) to (lat + dLat, lon + dLon), in `n` steps.
private func straight(_ lat: Double, _ lon: Double, dLat: Double, dLon: Double, n: Int = 10) -> [TrackPoint] {
    (0...n).map { TrackPoint(lat: lat + dLat * Double($0) / Double(n), lon: lon + dLon * Double($0) / Double(n)) }
}

/// BrailleTrackView and ElevationProfileView, drawn into a canvas.
final class TrackWidgetsTests: XCTestCase {

    // MARK: - BrailleTrackView

    func testBrailleDrawsTheTrackWithTheStartMarked() throws {
        let track = try fixtureTrack("gpxpy_Mojstrovka.gpx")
        var canvas = Canvas(width: 30, height: 10)
        BrailleTrackView(track: track).render(in: canvas.bounds, into: &canvas)
        let all = cells(canvas, canvas.bounds).joined()
        XCTAssertEqual(all.filter { $0 == "●" }.count, 1, canvas.plainText)
        XCTAssertGreaterThan(all.filter(isBraille).count, 15, canvas.plainText)
        XCTAssertTrue(all.allSatisfy { $0 == " " || $0 == "●" || isBraille($0) }, canvas.plainText)
        XCTAssertTrue(canvas.cells.allSatisfy { $0.style.role == .map })
    }

    func testBrailleWithoutStartMarkerDrawsOnlyDots() throws {
        let track = try fixtureTrack("gpxpy_Mojstrovka.gpx")
        var canvas = Canvas(width: 30, height: 10)
        BrailleTrackView(track: track, markStart: false).render(in: canvas.bounds, into: &canvas)
        XCTAssertFalse(canvas.plainText.contains("●"))
    }

    func testBrailleDrawsNothingOutsideItsRect() throws {
        let track = try fixtureTrack("gpxpy_korita-zbevnica.gpx")
        var canvas = Canvas(width: 40, height: 14, fill: Cell("x"))
        let rect = Rect(x: 5, y: 2, width: 20, height: 8)
        BrailleTrackView(track: track).render(in: rect, into: &canvas)
        assertUntouchedOutside(canvas, rect)
        XCTAssertFalse(cells(canvas, rect).joined().contains("x"))
    }

    func testBrailleNorthIsUpAndTheStartIsMarkedWhereTheWalkBegins() {
        // Walks due north: the start is at the bottom of the drawing.
        let track = Track(name: nil, segments: [straight(45.0, 2.7, dLat: 0.01, dLon: 0)])
        var canvas = Canvas(width: 10, height: 6)
        BrailleTrackView(track: track).render(in: canvas.bounds, into: &canvas)
        let rows = canvas.plainText.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(rows[5].contains("●"), canvas.plainText)
        XCTAssertFalse(rows[0].contains("●"), canvas.plainText)
    }

    func testBrailleShapeKeepsItsProportions() {
        // An "L": 1 km north, then 1 km east (cos(lat) corrects the degrees).
        let lat = 45.0, dLat = 1000 / 111_195.0, dLon = dLat / cos(lat * .pi / 180)
        let track = Track(name: nil, segments: [straight(lat, 2.7, dLat: dLat, dLon: 0) + straight(lat + dLat, 2.7, dLat: 0, dLon: dLon)])
        var canvas = Canvas(width: 40, height: 10) // 80×40 dots: height limits, so ~40 dots (20 cells) wide
        BrailleTrackView(track: track, markStart: false).render(in: canvas.bounds, into: &canvas)
        let used = (0..<40).filter { x in (0..<10).contains { canvas[x, $0].text != " " } }
        XCTAssertEqual(used.count, 20, accuracy: 1, canvas.plainText)
        // ...and centred: as many free columns on each side.
        XCTAssertEqual(used.first!, 39 - used.last!, accuracy: 1)
    }

    func testBrailleSegmentsAreNotJoined() {
        let west = straight(45.0, 2.70, dLat: 0.01, dLon: 0), east = straight(45.0, 2.80, dLat: 0.01, dLon: 0)
        let track = Track(name: nil, segments: [west, east])
        var canvas = Canvas(width: 20, height: 5)
        BrailleTrackView(track: track, markStart: false).render(in: canvas.bounds, into: &canvas)
        let middle = (6..<14).flatMap { x in (0..<5).map { canvas[x, $0].text } }
        XCTAssertTrue(middle.allSatisfy { $0 == " " }, canvas.plainText)
    }

    func testBrailleDegenerateTracksAndRectsDoNotCrash() {
        let one = Track(name: nil, segments: [[TrackPoint(lat: 45, lon: 2.7)]])
        let same = Track(name: nil, segments: [Array(repeating: TrackPoint(lat: 45, lon: 2.7), count: 5)])
        let empty = Track(name: nil, segments: [])
        let flatEW = Track(name: nil, segments: [straight(45, 2.7, dLat: 0, dLon: 0.01)])
        let rects = [Rect(x: 0, y: 0, width: 0, height: 0), Rect(x: 0, y: 0, width: 1, height: 1),
                     Rect(x: 3, y: 1, width: 1, height: 3), Rect(x: -2, y: -2, width: 5, height: 5),
                     Rect(x: 8, y: 4, width: 10, height: 10), Rect(x: 0, y: 0, width: 10, height: 5)]
        for track in [one, same, empty, flatEW] {
            for rect in rects {
                for mark in [true, false] {
                    var canvas = Canvas(width: 10, height: 5)
                    BrailleTrackView(track: track, markStart: mark).render(in: rect, into: &canvas)
                }
            }
        }
        // One point: a single mark in the middle.
        var canvas = Canvas(width: 9, height: 5)
        BrailleTrackView(track: same).render(in: canvas.bounds, into: &canvas)
        XCTAssertEqual(canvas[4, 2].text, "●")
        BrailleTrackView(track: same, markStart: false).render(in: canvas.bounds, into: &canvas)
        XCTAssertTrue(isBraille(canvas[4, 2].text), canvas.plainText)
        XCTAssertEqual(cells(canvas, canvas.bounds).joined().filter { $0 != " " }.count, 1)
    }

    func testBrailleBitLayoutFollowsUnicode() {
        var b = BrailleBitmap(cellsWide: 1, cellsHigh: 1)
        b.set(0, 0); XCTAssertEqual(b.cell(0, 0), 0x01)   // dot 1
        b.set(1, 3); XCTAssertEqual(b.cell(0, 0), 0x81)   // + dot 8
        b.set(0, 3); b.set(1, 0); XCTAssertEqual(b.cell(0, 0), 0xC9) // + dots 7 and 4
        b.set(2, 0); b.set(-1, 0); b.set(0, 4)            // outside: ignored
        XCTAssertEqual(b.cell(0, 0), 0xC9)
    }

    // MARK: - ElevationProfileView

    func testProfileShowsAltitudeAndDistanceAxes() throws {
        let track = try fixtureTrack("gpxpy_cerknicko-jezero.gpx") // 507–579 m, 4.58 km
        var canvas = Canvas(width: 40, height: 8)
        ElevationProfileView(track: track, emptyText: "—").render(in: canvas.bounds, into: &canvas)
        let rows = canvas.plainText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(rows[0].hasPrefix("579 m"), canvas.plainText)
        XCTAssertTrue(rows[6].hasPrefix("507 m"), canvas.plainText)
        XCTAssertTrue(rows[7].hasSuffix("4,6 km"), canvas.plainText)
        XCTAssertTrue(rows[7].contains("0 km"), canvas.plainText)
        XCTAssertEqual(canvas[0, 0].style, Style(.muted))
    }

    func testProfileDecimalSeparatorIsTheCallers() throws {
        let track = try fixtureTrack("gpxpy_cerknicko-jezero.gpx")
        var canvas = Canvas(width: 40, height: 8)
        ElevationProfileView(track: track, decimalSeparator: ".").render(in: canvas.bounds, into: &canvas)
        XCTAssertTrue(canvas.plainText.hasSuffix("4.6 km"), canvas.plainText)
    }

    func testProfileChartIsAnUnbrokenAreaOfBlockEighths() throws {
        let track = try fixtureTrack("gpxpy_Mojstrovka.gpx")
        var canvas = Canvas(width: 50, height: 10)
        ElevationProfileView(track: track).render(in: canvas.bounds, into: &canvas)
        let axis = "2057 m ".count
        let chart = Rect(x: axis, y: 0, width: 50 - axis, height: 9)
        let grid = cells(canvas, chart)
        for column in 0..<chart.width {
            let col = grid.map { $0[column] }
            XCTAssertTrue(col.allSatisfy { $0 == " " || ElevationProfileView.eighths.contains($0) }, "\(col)")
            XCTAssertNotEqual(col.last, " ", "column \(column) is empty\n\(canvas.plainText)")
            // Filled from the bottom: below a non-blank cell, only full blocks.
            if let top = col.firstIndex(where: { $0 != " " }) {
                XCTAssertTrue(col[(top + 1)...].allSatisfy { $0 == "█" }, "\(col)")
            }
        }
        XCTAssertTrue(canvas.cells.contains { $0.text == "█" && $0.style == Style(.profile) })
    }

    func testProfileClimbReachesTheTopAndTheLowestPointKeepsAnEighth() {
        let ramp = Track(name: nil, segments: [[TrackPoint(lat: 45, lon: 2.7, ele: 1000),
                                                TrackPoint(lat: 45.05, lon: 2.7, ele: 1500)]])
        var canvas = Canvas(width: 30, height: 6)
        ElevationProfileView(track: ramp).render(in: canvas.bounds, into: &canvas)
        XCTAssertEqual(canvas[29, 0].text, "█", canvas.plainText)   // last column: full height
        XCTAssertEqual(canvas[7, 4].text, "▁", canvas.plainText)    // first column: one eighth
        XCTAssertEqual(canvas[7, 3].text, " ", canvas.plainText)
    }

    func testProfileFlatTrackIsALowBand() {
        let flat = Track(name: nil, segments: [[TrackPoint(lat: 45, lon: 2.7, ele: 800), TrackPoint(lat: 45.01, lon: 2.7, ele: 800)]])
        var canvas = Canvas(width: 20, height: 5)
        ElevationProfileView(track: flat).render(in: canvas.bounds, into: &canvas)
        XCTAssertTrue(canvas.plainText.contains("800 m"))
        XCTAssertEqual(canvas[19, 3].text, "█") // 4 rows × 8 / 4 = one full cell
        XCTAssertEqual(canvas[19, 2].text, " ")
    }

    func testProfileTrackWithoutElevationShowsTheCallersText() throws {
        let track = try fixtureTrack("gpxpy_cerknicko-jezero-with-elevations-zero.gpx")
        var canvas = Canvas(width: 30, height: 5)
        ElevationProfileView(track: track, emptyText: "Profil indisponible").render(in: canvas.bounds, into: &canvas)
        let rows = canvas.plainText.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(rows[2], "     Profil indisponible")
        XCTAssertEqual(canvas[5, 2].style, Style(.muted))
        XCTAssertFalse(canvas.plainText.contains("m"))
    }

    func testProfileDrawsNothingOutsideItsRect() throws {
        let track = try fixtureTrack("gpxpy_korita-zbevnica.gpx")
        var canvas = Canvas(width: 60, height: 12, fill: Cell("x"))
        let rect = Rect(x: 4, y: 3, width: 40, height: 7)
        ElevationProfileView(track: track).render(in: rect, into: &canvas)
        assertUntouchedOutside(canvas, rect)
        XCTAssertTrue(cells(canvas, rect)[0].joined().hasPrefix("1051 m"))
    }

    func testProfileSmallRectsDrawOnlyTheChartOrNothing() throws {
        let track = try fixtureTrack("gpxpy_Mojstrovka.gpx")
        var canvas = Canvas(width: 6, height: 2)
        ElevationProfileView(track: track).render(in: canvas.bounds, into: &canvas)
        XCTAssertFalse(canvas.plainText.contains("m"), canvas.plainText)
        XCTAssertTrue(canvas.cells.allSatisfy { $0.text == " " || ElevationProfileView.eighths.contains($0.text) })
        for rect in [Rect(x: 0, y: 0, width: 0, height: 0), Rect(x: 0, y: 0, width: 1, height: 1), Rect(x: 5, y: 1, width: 4, height: 4)] {
            ElevationProfileView(track: track).render(in: rect, into: &canvas)
        }
    }

    func testProfileKilometreLabels() {
        XCTAssertEqual(ElevationProfileView.kilometres(12_449, separator: ","), "12,4 km")
        XCTAssertEqual(ElevationProfileView.kilometres(850, separator: ","), "0,9 km")
        XCTAssertEqual(ElevationProfileView.kilometres(4_000, separator: "."), "4.0 km")
        XCTAssertEqual(ElevationProfileView.kilometres(99_960, separator: ","), "100 km")
        XCTAssertEqual(ElevationProfileView.altitudeLabel(1689.6), "1690 m")
    }
}
