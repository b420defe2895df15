import Foundation

/// Pure geometry for drawing a track: local metres, simplification, and the
/// relief view's perspective projection. No drawing here: BorneUI rasterizes
/// the points, the PDF writer strokes them.

/// A point in a local plane, metres east (`x`) and north (`y`) of an origin,
/// with its altitude (`z`, metres; nil without elevation).
public struct LocalPoint: Equatable, Sendable {
    public var x: Double, y: Double, z: Double?
    public init(x: Double, y: Double, z: Double? = nil) { self.x = x; self.y = y; self.z = z }
}

public enum TrackGeometry {
    /// Equirectangular metres around `origin` (exact enough at hike scale:
    /// under 0.1 % over 20 km in the Cantal).
    public static func local(_ p: TrackPoint, origin: GeoPoint) -> LocalPoint {
        let k = cos(origin.lat * .pi / 180)
        let m = 6_371_008.8 * .pi / 180
        return LocalPoint(x: (p.lon - origin.lon) * k * m, y: (p.lat - origin.lat) * m, z: p.ele)
    }

    /// Every segment of `track` in local metres around the centre of its bounds.
    public static func localSegments(_ track: Track) -> [[LocalPoint]] {
        guard let b = track.bounds else { return [] }
        let o = GeoPoint(lat: (b.minLat + b.maxLat) / 2, lon: (b.minLon + b.maxLon) / 2)
        return track.segments.map { $0.map { local($0, origin: o) } }
    }

    /// Douglas–Peucker: the fewest points such that none dropped is farther
    /// than `tolerance` metres (horizontally) from the kept polyline. The first
    /// and last points are always kept; the order is kept. Iterative (a
    /// 20 000-point track must not overflow the stack).
    public static func simplify(_ points: [LocalPoint], tolerance: Double) -> [LocalPoint] {
        guard points.count > 2 else { return points }
        var keep = Array(repeating: false, count: points.count)
        keep[0] = true; keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            var worst = -1.0, index = a
            for i in (a + 1)..<b {
                let d = distanceToSegment(points[i], points[a], points[b])
                if d > worst { worst = d; index = i }
            }
            if worst > tolerance {
                keep[index] = true
                stack.append((a, index)); stack.append((index, b))
            }
        }
        return zip(points, keep).compactMap { $1 ? $0 : nil }
    }

    static func distanceToSegment(_ p: LocalPoint, _ a: LocalPoint, _ b: LocalPoint) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let len2 = dx * dx + dy * dy
        var t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0
        t = min(1, max(0, t))
        return hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
    }
}

/// The relief view: the track seen from above and from one of `angles`
/// directions, in perspective, altitudes exaggerated so a Cantal valley
/// reads as one. Output is screen-like: x right, y down, in an arbitrary
/// unit that the caller fits into its rectangle.
public struct ReliefProjection: Sendable {
    /// Fixed viewing directions (the ◀ ▶ buttons step through them).
    public static let angles = 8
    /// How far the camera looks down, in degrees.
    public static let tiltDegrees = 35.0
    /// Altitudes are drawn this many times taller than they are.
    public static let exaggeration = 2.0

    /// 0..<angles; 0 looks north (the viewer stands south of the track).
    public var angle: Int
    let centreZ: Double
    let radius: Double

    /// - Parameter segments: the track in local metres (`TrackGeometry.localSegments`).
    public init(angle: Int, segments: [[LocalPoint]]) {
        self.angle = ((angle % Self.angles) + Self.angles) % Self.angles
        let all = segments.joined()
        let zs = all.compactMap(\.z)
        centreZ = zs.isEmpty ? 0 : (zs.min()! + zs.max()!) / 2
        radius = max(1, all.map { hypot($0.x, $0.y) }.max() ?? 1)
    }

    /// The viewing direction's compass bearing in degrees (0 = looking north).
    public var bearing: Double { Double(angle) * 360 / Double(Self.angles) }

    /// Where `p` lands, and its depth (larger is farther), with `groundZ` replacing its altitude (the
    /// foot of a relief line).
    public func project(_ p: LocalPoint, groundZ: Double? = nil) -> (x: Double, y: Double, depth: Double) {
        let θ = bearing * .pi / 180
        // Rotate so the viewing direction is +depth: x' across, d' away.
        let across = p.x * cos(θ) - p.y * sin(θ)
        let away = p.x * sin(θ) + p.y * cos(θ)
        let z = ((groundZ ?? p.z ?? centreZ) - centreZ) * Self.exaggeration
        let φ = Self.tiltDegrees * .pi / 180
        // Camera 3 radii back, tilted down by φ.
        let camDist = 3 * radius
        let depth = away * cos(φ) - z * sin(φ) + camDist
        let up = away * sin(φ) + z * cos(φ)
        let s = camDist / max(depth, radius * 0.1)
        return (across * s, -up * s, depth)
    }
}
