import BorneCore
import Foundation

/// The hiking table's map: the braille track (north up, as
/// `BrailleTrackView`), the start "●" and the end "■" (only when it is not
/// under the start), "N↑" in the top-right corner, a scale bar in the
/// bottom-left corner, and labelled points of interest: a label that would
/// overlap the track's markers, the corners or another label is left out
/// (its "◆" stays). Communes (content's `communes.json`) that fall inside
/// the frame are marked "○" and labelled on free cells only: never over the
/// track, its markers, the corners or another label; a commune whose label
/// finds no room is left out, and one whose marker would sit on the track
/// keeps only its label. Communes do not widen the frame.
///
/// Draws only inside `rect`.
public struct HikeMapView {
    public var track: Track
    public var pois: [(name: String, geo: GeoPoint)]
    public var communes: [(name: String, geo: GeoPoint)]

    public static let endMarker = "■"
    public static let poiMarker = "◆"
    public static let communeMarker = "○"

    public init(track: Track, pois: [(name: String, geo: GeoPoint)] = [], communes: [(name: String, geo: GeoPoint)] = []) {
        self.track = track
        self.pois = pois
        self.communes = communes
    }

    /// Draws the map; returns how many communes it labelled.
    @discardableResult
    public func render(in rect: Rect, into canvas: inout Canvas) -> Int {
        guard rect.width >= 4, rect.height >= 3 else { return 0 }
        BrailleTrackView(track: track).render(in: rect, into: &canvas)
        guard var b = track.bounds else { return 0 }
        // Points of interest widen the frame, so none falls off the map.
        for p in pois {
            b.minLat = min(b.minLat, p.geo.lat); b.maxLat = max(b.maxLat, p.geo.lat)
            b.minLon = min(b.minLon, p.geo.lon); b.maxLon = max(b.maxLon, p.geo.lon)
        }
        if b != track.bounds {
            // Redraw the track in the wider frame.
            drawTrack(rect, b, into: &canvas)
        }
        let project = BrailleTrackView.projection(b, dotsWide: rect.width * 2, dotsHigh: rect.height * 4)
        func cell(_ p: TrackPoint) -> (Int, Int) { let d = project(p); return (rect.x + d.x / 2, rect.y + d.y / 4) }
        var taken: [Rect] = []
        let north = "N↑"
        canvas.text(rect.maxX - 2, rect.y, north, Style(.map, bold: true))
        taken.append(Rect(x: rect.maxX - 3, y: rect.y, width: 3, height: 1))
        let bar = scaleBar(b, width: rect.width, height: rect.height)
        canvas.text(rect.x, rect.maxY - 1, bar, Style(.map, bold: true), maxWidth: rect.width)
        taken.append(Rect(x: rect.x, y: rect.maxY - 1, width: TextWidth.of(bar) + 1, height: 1))

        if let start = track.start {
            let (sx, sy) = cell(start)
            if let end = track.segments.last?.last {
                let (ex, ey) = cell(end)
                if (ex, ey) != (sx, sy) {
                    canvas.set(ex, ey, Cell(Self.endMarker, Style(.map, bold: true)))
                    taken.append(Rect(x: ex, y: ey, width: 1, height: 1))
                }
            }
            canvas.set(sx, sy, Cell(BrailleTrackView.startMarker, Style(.map, bold: true)))
            taken.append(Rect(x: sx, y: sy, width: 1, height: 1))
        }
        // Every marker before any label, so no marker lands on a label.
        for p in pois {
            let (px, py) = cell(TrackPoint(lat: p.geo.lat, lon: p.geo.lon))
            canvas.set(px, py, Cell(Self.poiMarker, Style(.map, bold: true)))
            taken.append(Rect(x: px, y: py, width: 1, height: 1))
        }
        for p in pois {
            let (px, py) = cell(TrackPoint(lat: p.geo.lat, lon: p.geo.lon))
            let label = TextWidth.truncate(p.name, to: max(0, rect.width / 3))
            let w = TextWidth.of(label)
            // Right of the marker, else left of it, else above, else below.
            let candidates = [Rect(x: px + 1, y: py, width: w, height: 1), Rect(x: px - w, y: py, width: w, height: 1),
                              Rect(x: px - w / 2, y: py - 1, width: w, height: 1), Rect(x: px - w / 2, y: py + 1, width: w, height: 1)]
            let spot = candidates.first { c in
                c.x >= rect.x && c.maxX <= rect.maxX && c.y >= rect.y && c.maxY <= rect.maxY
                    && !taken.contains { Self.overlaps($0, c) }
            }
            guard let spot else { continue }
            canvas.text(spot.x, spot.y, label, Style(.map))
            taken.append(Rect(x: spot.x - 1, y: spot.y, width: spot.width + 2, height: 1))
        }
        // The scale bar may move to the top-left corner (Renderer.drawContextMap).
        taken.append(Rect(x: rect.x, y: rect.y, width: TextWidth.of(bar) + 1, height: 1))
        return drawCommunes(rect, b, cell, taken: taken, into: &canvas)
    }

    private func drawCommunes(_ rect: Rect, _ b: TrackBounds, _ cell: (TrackPoint) -> (Int, Int), taken: [Rect],
                              into canvas: inout Canvas) -> Int {
        var taken = taken
        var drawn = 0
        func free(_ r: Rect) -> Bool {
            guard r.x >= rect.x, r.maxX <= rect.maxX, r.y >= rect.y, r.maxY <= rect.maxY,
                  !taken.contains(where: { Self.overlaps($0, r) }) else { return false }
            return (r.x..<r.maxX).allSatisfy { x in Self.isBlank(canvas[x, r.y].text) }
        }
        for c in communes where c.geo.lat >= b.minLat && c.geo.lat <= b.maxLat && c.geo.lon >= b.minLon && c.geo.lon <= b.maxLon {
            let (px, py) = cell(TrackPoint(lat: c.geo.lat, lon: c.geo.lon))
            let label = TextWidth.truncate(c.name, to: max(0, rect.width / 3))
            let w = TextWidth.of(label)
            let marker = Rect(x: px, y: py, width: 1, height: 1)
            let candidates = [Rect(x: px + 1, y: py, width: w, height: 1), Rect(x: px - w, y: py, width: w, height: 1),
                              Rect(x: px - w / 2, y: py - 1, width: w, height: 1), Rect(x: px - w / 2, y: py + 1, width: w, height: 1)]
            guard w > 0, let spot = candidates.first(where: free) else { continue }
            if free(marker) { canvas.set(px, py, Cell(Self.communeMarker, Style(.map))) }
            taken.append(marker)
            canvas.text(spot.x, spot.y, label, Style(.map, bold: true))
            taken.append(Rect(x: spot.x - 1, y: spot.y, width: spot.width + 2, height: 1))
            drawn += 1
        }
        return drawn
    }

    /// A cell with nothing drawn: a space or an empty braille pattern.
    static func isBlank(_ text: String) -> Bool { text == " " || text == "\u{2800}" }

    private func drawTrack(_ rect: Rect, _ b: TrackBounds, into canvas: inout Canvas) {
        canvas.fill(rect, Style(.map))
        var bitmap = BrailleBitmap(cellsWide: rect.width, cellsHigh: rect.height)
        let project = BrailleTrackView.projection(b, dotsWide: bitmap.dotsWide, dotsHigh: bitmap.dotsHigh)
        for segment in track.segments {
            var previous: (x: Int, y: Int)?
            for point in segment {
                let dot = project(point)
                if let p = previous { bitmap.line(from: p, to: dot) } else { bitmap.set(dot.x, dot.y) }
                previous = dot
            }
        }
        bitmap.draw(in: rect, style: Style(.map), into: &canvas)
    }

    static func overlaps(_ a: Rect, _ b: Rect) -> Bool {
        a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY
    }

    /// "├───┤ 500 m": the roundest length that takes at most a quarter of the map's width.
    func scaleBar(_ b: TrackBounds, width: Int, height: Int) -> String {
        let metresPerCell = Self.metresPerCell(b, cellsWide: width, cellsHigh: height)
        guard metresPerCell > 0 else { return "" }
        let nice: [Double] = [20, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000]
        let room = Double(max(3, width / 4))
        let length = nice.last { $0 / metresPerCell <= room } ?? nice[0]
        let cells = max(1, Int((length / metresPerCell).rounded()))
        let label = length >= 1000 ? "\(Int(length / 1000)) km" : "\(Int(length)) m"
        return "├" + String(repeating: "─", count: max(0, cells - 2)) + "┤ " + label
    }

    /// Ground metres per cell column, as `BrailleTrackView.projection` fits the bounds
    /// (a cell is two dots wide; one scale serves both axes).
    static func metresPerCell(_ b: TrackBounds, cellsWide: Int, cellsHigh: Int?) -> Double {
        let k = cos((b.minLat + b.maxLat) / 2 * .pi / 180)
        let spanX = (b.maxLon - b.minLon) * k, spanY = b.maxLat - b.minLat
        let h = cellsHigh ?? cellsWide
        var scale = Double.infinity // dots per degree
        if spanX > 0 { scale = min(scale, Double(cellsWide * 2 - 1) / spanX) }
        if spanY > 0 { scale = min(scale, Double(h * 4 - 1) / spanY) }
        guard scale.isFinite, scale > 0 else { return 0 }
        return 2 * 111_195 / scale
    }
}

extension BrailleBitmap {
    /// Copies the dots into `rect` (non-empty cells only), in `style`.
    func draw(in rect: Rect, style: Style, into canvas: inout Canvas) {
        for cy in 0..<min(rect.height, cellsHigh) {
            for cx in 0..<min(rect.width, cellsWide) {
                let bits = cell(cx, cy)
                guard bits != 0, let scalar = Unicode.Scalar(0x2800 + UInt32(bits)) else { continue }
                canvas.set(rect.x + cx, rect.y + cy, Cell(String(Character(scalar)), style))
            }
        }
    }
}
