import BorneCore
import Foundation

/// A hike's map: the braille track (north up, as `BrailleTrackView`), its
/// markers, "N↑" and a scale bar, and labelled places.
///
/// Markers, one a cell, the first to claim a cell keeps it: the start "●",
/// the end "■" (not on the start's cell), the kiosk "★" (`kiosk`), the
/// points of interest "◆", then the communes "○" (content's
/// `communes.json`, inside the frame only; they do not widen it). A marker
/// whose cell is taken is left out with its label, so no label names the
/// wrong marker.
///
/// "N↑" and the scale bar sit only on cells that hold no track and no
/// marker, with a blank cell on either side: the bar bottom-left, else
/// top-left, bottom-right, then anywhere along the bottom row, then the top
/// one; "N↑" top-right, else top-left, then along the top row from the
/// right, then the bottom one. When either finds no room, the bottom row is
/// theirs alone (the bar left, "N↑" right) and the track is drawn above it.
///
/// A label touches its own marker (right of it, else left, above, below)
/// and no other marker is where it would be read as the one named (`zone`:
/// at either end of the label, or under or over an above or below label);
/// a label never overlaps a marker, "N↑", the scale bar or
/// another label; one that finds no such room is left out (its marker
/// stays). A commune is drawn only with its label, its label on blank cells
/// only; its marker may sit on the track, not on another marker or label.
///
/// Draws only inside `rect`; `render` says what it drew, for the legend.
public struct HikeMapView {
    public var track: Track
    public var pois: [(name: String, geo: GeoPoint)]
    public var communes: [(name: String, geo: GeoPoint)]
    /// This kiosk, drawn "★" with its label ("Vous êtes ici").
    public var kiosk: (name: String, geo: GeoPoint)?

    public static let endMarker = "■"
    public static let poiMarker = "◆"
    public static let communeMarker = "○"
    public static let kioskMarker = "★"
    public static let north = "N↑"
    /// Every marker a map draws: a label touches one of them only.
    static let markers: Set<String> = [BrailleTrackView.startMarker, endMarker, poiMarker, communeMarker, kioskMarker]

    /// What a map drew: what its legend may name, and where (for tests).
    public struct Drawn: Equatable {
        public var start = false, end = false, kiosk = false
        public var places = 0, communes = 0
        /// The cells the track was drawn in (the whole rect, or all but its bottom row).
        public var trackArea: Rect?
        public var scaleBar: Rect?
        public var north: Rect?
        public var labels: [Label] = []
    }

    /// A label and the cell of the marker it names.
    public struct Label: Equatable {
        public var text: String
        public var rect: Rect
        public var marker: Rect
    }

    public init(track: Track, pois: [(name: String, geo: GeoPoint)] = [], communes: [(name: String, geo: GeoPoint)] = [],
                kiosk: (name: String, geo: GeoPoint)? = nil) {
        self.track = track
        self.pois = pois
        self.communes = communes
        self.kiosk = kiosk
    }

    /// The track's bounds widened to the points of interest and the kiosk, so none falls off the map.
    var frame: TrackBounds? {
        guard var b = track.bounds else { return nil }
        for g in pois.map(\.geo) + (kiosk.map { [$0.geo] } ?? []) {
            b.minLat = min(b.minLat, g.lat); b.maxLat = max(b.maxLat, g.lat)
            b.minLon = min(b.minLon, g.lon); b.maxLon = max(b.maxLon, g.lon)
        }
        return b
    }

    /// Draws the map; returns what it drew.
    @discardableResult
    public func render(in rect: Rect, into canvas: inout Canvas) -> Drawn {
        guard rect.width >= 4, rect.height >= 3 else { return Drawn() }
        if let drawn = draw(rect, reserveRow: false, into: &canvas) { return drawn }
        // No free room for the scale bar or "N↑": the bottom row is theirs.
        return draw(rect, reserveRow: true, into: &canvas) ?? Drawn()
    }

    /// One attempt: nil when the scale bar or "N↑" found no free cells
    /// (never with `reserveRow`, the bottom row kept for them).
    private func draw(_ rect: Rect, reserveRow: Bool, into canvas: inout Canvas) -> Drawn? {
        canvas.fill(rect, Style(.map))
        guard let b = frame else { return Drawn() }
        let area = reserveRow ? Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - 1) : rect
        BrailleTrackView.drawTrack(track, area, b, into: &canvas)
        var drawn = Drawn(trackArea: area)
        let project = BrailleTrackView.projection(b, dotsWide: area.width * 2, dotsHigh: area.height * 4)
        func cell(_ g: GeoPoint) -> Rect { let d = project(TrackPoint(lat: g.lat, lon: g.lon)); return Rect(x: area.x + d.x / 2, y: area.y + d.y / 4, width: 1, height: 1) }
        var marks: [Rect] = []   // cells holding a marker
        var taken: [Rect] = []   // markers, labels (with a cell either side), N↑, the scale bar
        var zones: [Rect] = []   // each label's `zone`: no other marker there
        func mark(_ c: Rect, _ symbol: String) -> Bool {
            guard !marks.contains(c), !zones.contains(where: { Self.overlaps($0, c) }) else { return false }
            canvas.set(c.x, c.y, Cell(symbol, Style(.map, bold: symbol != Self.communeMarker)))
            marks.append(c); taken.append(c)
            return true
        }
        if let start = track.start {
            let s = cell(GeoPoint(lat: start.lat, lon: start.lon))
            drawn.start = mark(s, BrailleTrackView.startMarker)
            if let end = track.segments.last?.last {
                drawn.end = mark(cell(GeoPoint(lat: end.lat, lon: end.lon)), Self.endMarker)
            }
        }
        var named: [(name: String, marker: Rect)] = []
        if let k = kiosk, mark(cell(k.geo), Self.kioskMarker) { drawn.kiosk = true; named.append((k.name, cell(k.geo))) }
        for p in pois where mark(cell(p.geo), Self.poiMarker) { drawn.places += 1; named.append((p.name, cell(p.geo))) }

        // The scale bar, then N↑, on cells free of track, markers and labels.
        let bar = scaleBar(b, width: area.width, height: area.height)
        let barW = min(TextWidth.of(bar), rect.width - 4)
        func blank(_ r: Rect) -> Bool {
            let row = Rect(x: max(rect.x, r.x - 1), y: r.y, width: min(rect.maxX, r.maxX + 1) - max(rect.x, r.x - 1), height: 1)
            return (row.x..<row.maxX).allSatisfy { Self.isBlank(canvas[$0, row.y].text) } && !taken.contains { Self.overlaps($0, r) }
        }
        /// The first free of `corners`, else along `rows` from the left (or the right).
        func spot(_ w: Int, _ corners: [Rect], rows: [Int], fromRight: Bool = false) -> Rect? {
            let xs = Array(rect.x..<max(rect.x, rect.maxX - w + 1))
            let along = rows.flatMap { y in (fromRight ? xs.reversed() : xs).map { Rect(x: $0, y: y, width: w, height: 1) } }
            return (corners + along).first { $0.x >= rect.x && $0.maxX <= rect.maxX && blank($0) }
        }
        let top = rect.y, bottom = rect.maxY - 1
        var barSpot: Rect?
        if reserveRow {
            barSpot = Rect(x: rect.x, y: bottom, width: barW, height: 1)
        } else {
            barSpot = bar.isEmpty ? Rect(x: rect.x, y: bottom, width: 0, height: 1)
                : spot(barW, [Rect(x: rect.x, y: bottom, width: barW, height: 1), Rect(x: rect.x, y: top, width: barW, height: 1),
                              Rect(x: rect.maxX - barW, y: bottom, width: barW, height: 1)], rows: [bottom, top])
        }
        if let s = barSpot, s.width > 0 { taken.append(Rect(x: s.x - 1, y: s.y, width: s.width + 2, height: 1)) }
        guard let barSpot else { return nil }
        canvas.text(barSpot.x, barSpot.y, bar, Style(.map, bold: true), maxWidth: barSpot.width)
        if barSpot.width > 0 { drawn.scaleBar = barSpot }
        if reserveRow { taken.append(Rect(x: rect.maxX - 3, y: bottom, width: 3, height: 1)) }

        /// Where a label of width `w` may go beside `m`, touching no other marker.
        func labelSpot(_ w: Int, _ m: Rect, onBlank: Bool) -> Rect? {
            let candidates = [Rect(x: m.x + 1, y: m.y, width: w, height: 1), Rect(x: m.x - w, y: m.y, width: w, height: 1),
                              Rect(x: m.x - w / 2, y: m.y - 1, width: w, height: 1), Rect(x: m.x - w / 2, y: m.y + 1, width: w, height: 1)]
            return candidates.first { c in
                guard w > 0, c.x >= area.x, c.maxX <= area.maxX, c.y >= area.y, c.maxY <= area.maxY,
                      !taken.contains(where: { Self.overlaps($0, c) }) else { return false }
                let zone = Self.zone(c, of: m)
                guard !marks.contains(where: { k in k != m && zone.contains { Self.overlaps($0, k) } }) else { return false }
                return !onBlank || (c.x..<c.maxX).allSatisfy { Self.isBlank(canvas[$0, c.y].text) }
            }
        }
        func label(_ name: String, _ s: Rect, _ m: Rect, bold: Bool) {
            let text = TextWidth.truncate(name, to: s.width)
            canvas.text(s.x, s.y, text, Style(.map, bold: bold))
            taken.append(Rect(x: s.x - 1, y: s.y, width: s.width + 2, height: 1))
            zones += Self.zone(s, of: m)
            drawn.labels.append(Label(text: text, rect: s, marker: m))
        }
        for (name, m) in named {
            let text = TextWidth.truncate(name, to: max(0, rect.width / 3))
            if let s = labelSpot(TextWidth.of(text), m, onBlank: false) { label(text, s, m, bold: false) }
        }
        // N↑ after the labels of the places (it is two cells; a label has but one place).
        let northSpot = reserveRow ? Rect(x: rect.maxX - 2, y: bottom, width: 2, height: 1)
            : spot(2, [Rect(x: rect.maxX - 2, y: top, width: 2, height: 1), Rect(x: rect.x, y: top, width: 2, height: 1)],
                   rows: [top, bottom], fromRight: true)
        guard let northSpot else { return nil }
        canvas.text(northSpot.x, northSpot.y, Self.north, Style(.map, bold: true))
        drawn.north = northSpot
        taken.append(Rect(x: northSpot.x - 1, y: northSpot.y, width: 3, height: 1))
        for c in communes where c.geo.lat >= b.minLat && c.geo.lat <= b.maxLat && c.geo.lon >= b.minLon && c.geo.lon <= b.maxLon {
            let m = cell(c.geo)
            let text = TextWidth.truncate(c.name, to: max(0, rect.width / 3))
            guard !taken.contains(where: { Self.overlaps($0, m) }), !zones.contains(where: { Self.overlaps($0, m) }),
                  let s = labelSpot(TextWidth.of(text), m, onBlank: true), mark(m, Self.communeMarker) else { continue }
            label(text, s, m, bold: true)
            drawn.communes += 1
        }
        return drawn
    }

    /// The cells where a marker would be read as the one `label` names: the
    /// cell at either end of its row; for a label above or below its
    /// marker, also the marker's row under or over it, one cell wider.
    public static func zone(_ label: Rect, of marker: Rect) -> [Rect] {
        var cells = [Rect(x: label.x - 1, y: label.y, width: 1, height: 1), Rect(x: label.maxX, y: label.y, width: 1, height: 1)]
        if marker.y != label.y { cells.append(Rect(x: label.x - 1, y: marker.y, width: label.width + 2, height: 1)) }
        return cells
    }

    /// A cell with nothing drawn: a space or an empty braille pattern.
    static func isBlank(_ text: String) -> Bool { text == " " || text == "\u{2800}" }

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
