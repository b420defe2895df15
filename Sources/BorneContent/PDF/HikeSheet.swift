import BorneCore
import Foundation

/// The printable sheet of a hike (A4): title, map, elevation profile, key
/// figures, description, practical notes and where to get the GPX.
public enum HikeSheet {
    public struct NotAHike: Error, CustomStringConvertible {
        public var id: String
        public var description: String { "item \"\(id)\" is not a hike of the content" }
    }

    /// The sheet is the office's, in French, like its paper leaflets.
    static let frenchDifficulty: [HikeDifficulty: String] = [
        .easy: "facile", .medium: "moyenne", .hard: "difficile", .expert: "très difficile",
    ]
    static let frenchActivity: [HikeActivity: String] = [
        .walking: "à pied", .vtt: "VTT", .vttElectrique: "VTT électrique", .trail: "trail", .cycling: "cyclo",
        .winter: "raquettes",
    ]

    public static func pdf(for item: ContentItem) throws -> Data {
        guard let hike = item.hike else { throw NotAHike(id: item.id) }
        var page = PDFPage()
        let left = 50.0, width = PDFPage.width - 100
        var y = PDFPage.height - 60
        page.text(item.name.french, x: left, y: y, size: 20, font: .bold)
        y -= 20
        var sub = [item.category.french, item.commune ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")
        if item.demo { sub += (sub.isEmpty ? "" : " · ") + "exemple fictif, pour la démonstration" }
        page.text(sub, x: left, y: y, size: 10)
        y -= 22
        var figures: [String] = []
        if let d = hike.effectiveDistanceKm { figures.append(String(format: "%.1f km", d).replacingOccurrences(of: ".", with: ",")) }
        if let c = hike.effectiveClimbM { figures.append("D+ \(Int(c.rounded())) m") }
        if let t = hike.track, t.stats.hasElevation { figures.append("D- \(Int(t.stats.descentM.rounded())) m") }
        let h = hike.durationMinutes / 60, m = hike.durationMinutes % 60
        figures.append(m == 0 ? "\(h) h" : String(format: "%d h %02d", h, m))
        figures.append(frenchDifficulty[hike.difficulty] ?? "")
        figures.append(frenchActivity[hike.activity] ?? "")
        page.text(figures.joined(separator: "  ·  "), x: left, y: y, size: 12, font: .bold)
        y -= 16

        if let track = hike.track {
            let mapTop = y, mapHeight = 300.0
            page.rect(x: left, y: mapTop - mapHeight, w: width, h: mapHeight, fill: 0.95)
            drawMap(track, into: &page, x: left, y: mapTop - mapHeight, w: width, h: mapHeight)
            y = mapTop - mapHeight - 20
            if track.stats.hasElevation {
                drawProfile(track, into: &page, x: left + 30, y: y - 110, w: width - 30, h: 100)
                y -= 140
            }
        }
        if !item.summary.isEmpty { y = page.paragraph(item.summary.french, x: left, y: y, width: width, size: 11, font: .bold) - 4 }
        if !item.description.isEmpty { y = page.paragraph(item.description.french, x: left, y: y, width: width, size: 10) - 4 }
        if let a = item.address { y = page.paragraph("Départ : " + a, x: left, y: y, width: width, size: 10) }
        if let w = item.website { y = page.paragraph("Site : " + w, x: left, y: y, width: width, size: 10) }
        page.text("Office de Tourisme du Carladès · 04 71 47 50 68 · Urgences : 112", x: left, y: 30, size: 8)
        return page.document()
    }

    static func drawMap(_ track: Track, into page: inout PDFPage, x: Double, y: Double, w: Double, h: Double) {
        guard let b = track.bounds else { return }
        let midLat = (b.minLat + b.maxLat) / 2 * .pi / 180
        let spanX = max(1e-9, (b.maxLon - b.minLon) * cos(midLat)), spanY = max(1e-9, b.maxLat - b.minLat)
        let scale = min((w - 20) / spanX, (h - 20) / spanY)
        let ox = x + (w - spanX * scale) / 2, oy = y + (h - spanY * scale) / 2
        func p(_ t: TrackPoint) -> (Double, Double) {
            (ox + (t.lon - b.minLon) * cos(midLat) * scale, oy + (t.lat - b.minLat) * scale)
        }
        for segment in track.segments where segment.count > 1 {
            page.polyline(segment.map(p), width: 2, gray: 0.1)
        }
        if let s = track.start { let (sx, sy) = p(s); page.rect(x: sx - 4, y: sy - 4, w: 8, h: 8, fill: 0) }
        page.text("N", x: x + w - 20, y: y + h - 16, size: 10, font: .bold)
    }

    static func drawProfile(_ track: Track, into page: inout PDFPage, x: Double, y: Double, w: Double, h: Double) {
        let points = track.profile(samples: 200)
        guard let lo = track.stats.minEleM, let hi = track.stats.maxEleM, let total = points.last?.distanceM, total > 0 else { return }
        let span = max(1, hi - lo)
        page.polyline([(x, y + h), (x, y), (x + w, y)], width: 0.5, gray: 0.4)
        page.polyline(points.map { (x + $0.distanceM / total * w, y + ($0.eleM - lo) / span * h) }, width: 1.5, gray: 0)
        page.text("\(Int(hi.rounded())) m", x: x - 30, y: y + h - 4, size: 8)
        page.text("\(Int(lo.rounded())) m", x: x - 30, y: y, size: 8)
        page.text("0 km", x: x, y: y - 12, size: 8)
        page.text(String(format: "%.1f km", total / 1000).replacingOccurrences(of: ".", with: ","), x: x + w - 30, y: y - 12, size: 8)
    }
}
