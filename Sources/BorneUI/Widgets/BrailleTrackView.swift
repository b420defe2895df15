import BorneCore
import Foundation

/// A hike's path drawn with Unicode braille (U+2800–U+28FF): each cell holds
/// 2×4 dots, so a 40×12 cell panel is an 80×48 dot bitmap.
///
/// Projection: equirectangular around the track's middle latitude
/// (x = lon·cos(lat₀), y = lat), which is exact enough at hike scale. A
/// terminal cell is about twice as tall as wide, so its 2×4 dots are about
/// square: one scale fits both axes and the shape is not distorted. The
/// path is centred in the rect, north up; consecutive points are joined
/// (Bresenham), segments are not joined to each other. The start is marked
/// with "●" (bold) over its cell.
///
/// Draws only inside `rect` (filled first with blanks of style `.map`).
public struct BrailleTrackView {
    public var track: Track
    public var markStart: Bool

    public static let startMarker = "●"

    public init(track: Track, markStart: Bool = true) {
        self.track = track
        self.markStart = markStart
    }

    /// The track's dots in `rect` for the frame `b` (non-empty cells only):
    /// this view's, and the hike map's under its markers and labels.
    static func drawTrack(_ track: Track, _ rect: Rect, _ b: TrackBounds, into canvas: inout Canvas) {
        var bitmap = BrailleBitmap(cellsWide: rect.width, cellsHigh: rect.height)
        let project = projection(b, dotsWide: bitmap.dotsWide, dotsHigh: bitmap.dotsHigh)
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

    public func render(in rect: Rect, into canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let style = Style(.map)
        canvas.fill(rect, style)
        guard let bounds = track.bounds else { return }

        Self.drawTrack(track, rect, bounds, into: &canvas)
        let project = Self.projection(bounds, dotsWide: rect.width * 2, dotsHigh: rect.height * 4)
        if markStart, let start = track.start {
            let dot = project(start)
            canvas.set(rect.x + dot.x / 2, rect.y + dot.y / 4, Cell(Self.startMarker, Style(.map, bold: true)))
        }
    }

    /// Maps a point to a dot (x right, y down), the track's extent fitted and
    /// centred in `dotsWide`×`dotsHigh`. A track with no extent (one point, or
    /// the same point repeated) lands in the middle.
    static func projection(_ b: TrackBounds, dotsWide: Int, dotsHigh: Int) -> (TrackPoint) -> (x: Int, y: Int) {
        let k = cos((b.minLat + b.maxLat) / 2 * .pi / 180)
        let spanX = (b.maxLon - b.minLon) * k
        let spanY = b.maxLat - b.minLat
        let roomX = Double(dotsWide - 1), roomY = Double(dotsHigh - 1)
        var scale = Double.infinity
        if spanX > 0 { scale = min(scale, roomX / spanX) }
        if spanY > 0 { scale = min(scale, roomY / spanY) }
        if !scale.isFinite { scale = 0 }
        let offsetX = (roomX - spanX * scale) / 2
        let offsetY = (roomY - spanY * scale) / 2
        return { p in
            let x = offsetX + (p.lon - b.minLon) * k * scale
            let y = offsetY + (b.maxLat - p.lat) * scale
            return (min(dotsWide - 1, max(0, Int(x.rounded()))), min(dotsHigh - 1, max(0, Int(y.rounded()))))
        }
    }
}

/// A dot bitmap stored as one braille bit pattern per cell.
struct BrailleBitmap {
    let cellsWide: Int, cellsHigh: Int
    var dotsWide: Int { cellsWide * 2 }
    var dotsHigh: Int { cellsHigh * 4 }
    private var cells: [UInt8]

    init(cellsWide: Int, cellsHigh: Int) {
        self.cellsWide = max(0, cellsWide); self.cellsHigh = max(0, cellsHigh)
        cells = Array(repeating: 0, count: self.cellsWide * self.cellsHigh)
    }

    /// Braille dot bits by (column, row) inside a cell: dots 1–3 and 7 on the
    /// left, 4–6 and 8 on the right (Unicode's numbering, hence the jump).
    private static let bit: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    func cell(_ cx: Int, _ cy: Int) -> UInt8 { cells[cy * cellsWide + cx] }

    mutating func set(_ x: Int, _ y: Int) {
        guard x >= 0, y >= 0, x < dotsWide, y < dotsHigh else { return }
        cells[(y / 4) * cellsWide + x / 2] |= Self.bit[x % 2][y % 4]
    }

    /// Bresenham's line, both ends included.
    mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int)) {
        var x = a.x, y = a.y
        let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
        let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
        var err = dx + dy
        while true {
            set(x, y)
            if x == b.x && y == b.y { return }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }
}
