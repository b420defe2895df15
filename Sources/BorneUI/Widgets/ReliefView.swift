import BorneCore
import Foundation

/// The relief view: the track in perspective (`ReliefProjection`), seen
/// from one of its fixed angles, drawn in braille. Each point hangs on a
/// thin vertical line down to the ground (the lowest altitude of the track),
/// and the ground trace is dotted, so height reads as height. The track is
/// simplified first (Douglas–Peucker, tolerance a 400th of its extent) so a
/// 20 000-point file costs what a 300-point one does. The start is "●".
///
/// Draws only inside `rect`; a track without elevation is drawn flat.
public struct ReliefView {
    public var track: Track
    public var angle: Int

    public init(track: Track, angle: Int) { self.track = track; self.angle = angle }

    /// Every k-th kept point gets a drop line to the ground.
    static let dropEvery = 3

    public func render(in rect: Rect, into canvas: inout Canvas) {
        guard rect.width >= 4, rect.height >= 2 else { return }
        canvas.fill(rect, Style(.map))
        let local = TrackGeometry.localSegments(track)
        guard !local.isEmpty else { return }
        let projection = ReliefProjection(angle: angle, segments: local)
        let extent = local.joined().map { hypot($0.x, $0.y) }.max() ?? 1
        let simplified = local.map { TrackGeometry.simplify($0, tolerance: max(1, extent / 400)) }
        let ground = local.joined().compactMap(\.z).min()
        var lines: [[(x: Double, y: Double)]] = []   // the track
        var drops: [((x: Double, y: Double), (x: Double, y: Double))] = []
        var shadow: [(x: Double, y: Double)] = []
        for seg in simplified {
            var line: [(x: Double, y: Double)] = []
            for (i, p) in seg.enumerated() {
                let top = projection.project(p)
                line.append((top.x, top.y))
                if let g = ground, p.z != nil {
                    let foot = projection.project(p, groundZ: g)
                    shadow.append((foot.x, foot.y))
                    if i % Self.dropEvery == 0 { drops.append(((top.x, top.y), (foot.x, foot.y))) }
                }
            }
            lines.append(line)
        }
        let all = lines.joined() + shadow
        guard let minX = all.map(\.x).min(), let maxX = all.map(\.x).max(),
              let minY = all.map(\.y).min(), let maxY = all.map(\.y).max() else { return }
        var bitmap = BrailleBitmap(cellsWide: rect.width, cellsHigh: rect.height)
        // One scale for both axes (a braille dot is about square), centred.
        let roomX = Double(bitmap.dotsWide - 1), roomY = Double(bitmap.dotsHigh - 1)
        let spanX = maxX - minX, spanY = maxY - minY
        var scale = Double.infinity
        if spanX > 0 { scale = min(scale, roomX / spanX) }
        if spanY > 0 { scale = min(scale, roomY / spanY) }
        if !scale.isFinite { scale = 0 }
        let ox = (roomX - spanX * scale) / 2, oy = (roomY - spanY * scale) / 2
        func dot(_ p: (x: Double, y: Double)) -> (x: Int, y: Int) {
            (Int((ox + (p.x - minX) * scale).rounded()), Int((oy + (p.y - minY) * scale).rounded()))
        }
        for (i, p) in shadow.enumerated() where i % 2 == 0 { let d = dot(p); bitmap.set(d.x, d.y) }
        for (top, foot) in drops {
            // Dotted drop line: every other dot.
            let a = dot(top), b = dot(foot)
            let n = max(abs(b.x - a.x), abs(b.y - a.y))
            guard n > 0 else { continue }
            for s in stride(from: 0, through: n, by: 2) {
                bitmap.set(a.x + (b.x - a.x) * s / n, a.y + (b.y - a.y) * s / n)
            }
        }
        for line in lines {
            var previous: (x: Int, y: Int)?
            for p in line {
                let d = dot(p)
                if let q = previous { bitmap.line(from: q, to: d) } else { bitmap.set(d.x, d.y) }
                previous = d
            }
        }
        bitmap.draw(in: rect, style: Style(.map), into: &canvas)
        if let first = lines.first?.first {
            let d = dot(first)
            canvas.set(rect.x + d.x / 2, rect.y + d.y / 4, Cell(BrailleTrackView.startMarker, Style(.map, bold: true)))
        }
    }
}
