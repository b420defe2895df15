/// A hike's geometry, read from a GPX file, and the figures the kiosk shows
/// for it (distance, climb, altitudes). Pure values: parsing takes a String,
/// the caller reads the file.

public struct TrackPoint: Equatable, Sendable {
    /// Degrees, WGS84; −90…90.
    public var lat: Double
    /// Degrees, WGS84; −180…180.
    public var lon: Double
    /// Metres above sea level; nil when the file has none for this point.
    public var ele: Double?
    public init(lat: Double, lon: Double, ele: Double? = nil) { self.lat = lat; self.lon = lon; self.ele = ele }
}

/// The track's extent. Tracks crossing the antimeridian are not handled
/// (the kiosks are in the Cantal).
public struct TrackBounds: Equatable, Sendable {
    public var minLat: Double, maxLat: Double
    public var minLon: Double, maxLon: Double
    public init(minLat: Double, maxLat: Double, minLon: Double, maxLon: Double) {
        self.minLat = minLat; self.maxLat = maxLat; self.minLon = minLon; self.maxLon = maxLon
    }
}

public struct TrackStats: Equatable, Sendable {
    /// Horizontal length in metres: haversine, summed within each segment
    /// (a gap between segments is a GPS outage or a pause, not walked).
    public var distanceM: Double = 0
    /// Cumulative climb (D+) and descent (D−) in metres, after noise filtering
    /// (see `TrackStats.init(segments:)`).
    public var ascentM: Double = 0
    public var descentM: Double = 0
    /// Raw lowest and highest elevation in the file; nil without elevation.
    public var minEleM: Double?
    public var maxEleM: Double?
    public var hasElevation: Bool { minEleM != nil }
    public init() {}
}

/// A hike's geometry: one or more segments of points, with stats computed once.
///
/// Invariants (established by `init`): no segment is empty; `stats`, `bounds`
/// and the profile describe `segments`, which is why those are read-only.
/// An elevation series that is zero everywhere is dropped (see `init`).
public struct Track: Equatable, Sendable {
    public var name: String?
    public private(set) var segments: [[TrackPoint]]
    public private(set) var stats: TrackStats
    /// Nil only for a track without any point.
    public private(set) var bounds: TrackBounds?
    /// Every point with an elevation, at its distance along the track
    /// (segment gaps add no distance), for `profile(samples:)`.
    private var elevationAlong: [ProfilePoint]

    /// One sample of the elevation profile.
    public struct ProfilePoint: Equatable, Sendable {
        /// Distance from the start along the track, in metres.
        public var distanceM: Double
        public var eleM: Double
        public init(distanceM: Double, eleM: Double) { self.distanceM = distanceM; self.eleM = eleM }
    }

    /// Empty segments are dropped. If every elevation in the track is exactly
    /// 0, the elevations are dropped too: that is a logger without altimeter
    /// writing `<ele>0</ele>` (gpxpy's `cerknicko-jezero-with-elevations-zero`
    /// sample), and a flat 0 m profile with "0 m" of climb would be a lie. A
    /// single 0 among real values is kept: coastal walks do reach sea level.
    public init(name: String?, segments: [[TrackPoint]]) {
        var segments = segments.filter { !$0.isEmpty }
        let elevations = segments.joined().compactMap(\.ele)
        if !elevations.isEmpty, elevations.allSatisfy({ $0 == 0 }) {
            segments = segments.map { $0.map { TrackPoint(lat: $0.lat, lon: $0.lon, ele: nil) } }
        }
        self.name = name
        self.segments = segments
        self.stats = TrackStats(segments: segments)
        self.bounds = Self.bounds(of: segments)
        self.elevationAlong = Self.elevationAlong(segments)
    }

    public var pointCount: Int { segments.reduce(0) { $0 + $1.count } }

    /// The first point of the first segment: where the walk starts.
    public var start: TrackPoint? { segments.first?.first }

    /// `samples` evenly spaced points from 0 to `stats.distanceM` (both
    /// included), elevation interpolated linearly between the points that have
    /// one and held flat before the first and after the last. Empty when the
    /// track has no elevation or `samples` < 1; one sample is the start.
    public func profile(samples: Int) -> [ProfilePoint] {
        guard samples > 0, let first = elevationAlong.first, let last = elevationAlong.last else { return [] }
        let total = stats.distanceM
        var out: [ProfilePoint] = []
        out.reserveCapacity(samples)
        var j = 0 // elevationAlong[j] is the first point at or beyond d; d only grows
        for i in 0..<samples {
            let d = samples == 1 ? 0 : total * Double(i) / Double(samples - 1)
            while j < elevationAlong.count, elevationAlong[j].distanceM < d { j += 1 }
            let ele: Double
            if d <= first.distanceM {
                ele = first.eleM
            } else if j >= elevationAlong.count {
                ele = last.eleM
            } else {
                let a = elevationAlong[j - 1], b = elevationAlong[j]
                let span = b.distanceM - a.distanceM
                ele = span > 0 ? a.eleM + (b.eleM - a.eleM) * (d - a.distanceM) / span : b.eleM
            }
            out.append(ProfilePoint(distanceM: d, eleM: ele))
        }
        return out
    }

    private static func bounds(of segments: [[TrackPoint]]) -> TrackBounds? {
        guard let p = segments.first?.first else { return nil }
        var b = TrackBounds(minLat: p.lat, maxLat: p.lat, minLon: p.lon, maxLon: p.lon)
        for q in segments.joined() {
            b.minLat = min(b.minLat, q.lat); b.maxLat = max(b.maxLat, q.lat)
            b.minLon = min(b.minLon, q.lon); b.maxLon = max(b.maxLon, q.lon)
        }
        return b
    }

    private static func elevationAlong(_ segments: [[TrackPoint]]) -> [ProfilePoint] {
        var out: [ProfilePoint] = []
        var distance = 0.0
        for segment in segments {
            for (i, p) in segment.enumerated() {
                if i > 0 { distance += Geodesy.distanceM(segment[i - 1], p) }
                if let e = p.ele { out.append(ProfilePoint(distanceM: distance, eleM: e)) }
            }
        }
        return out
    }
}

public struct GPXError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line of the GPX file where the problem is.
    public var line: Int
    public var message: String
    public init(line: Int, message: String) { self.line = line; self.message = message }
    public var description: String { "line \(line): \(message)" }
}

public enum GPX {
    /// Parses a GPX 1.0 or 1.1 document (see `GPXReader` for what is kept and
    /// what is tolerated). Throws `GPXError` for a document that is not GPX,
    /// has no track or route point, or has a point with a missing, unreadable
    /// or out-of-range latitude/longitude.
    public static func parse(_ text: String) throws -> Track {
        var reader = GPXReader(text)
        return try reader.read()
    }

    /// Elevations outside this range are device sentinels (−9999, 1e+30) or
    /// garbage, and are treated as missing.
    public static let plausibleElevationM: ClosedRange<Double> = -500...9000

    /// A decimal number as GPX files write it, leniently: surrounding blanks,
    /// `.5`, `5.`, `-.0` are fine; NaN and infinities are not numbers.
    static func number(_ text: String) -> Double? {
        let t = text.trimmingBlanks()
        guard !t.isEmpty, let v = Double(t), v.isFinite else { return nil }
        return v
    }

    /// An `<ele>` value: a number, with a decimal comma tolerated; nil when
    /// absent, unreadable or implausible.
    static func elevation(_ text: String) -> Double? {
        let v = number(text) ?? number(text.replacingComma())
        guard let v, plausibleElevationM.contains(v) else { return nil }
        return v
    }

    /// A name as shown to visitors: sanitized to one line; nil when empty.
    static func cleanName(_ text: String) -> String? {
        let s = Sanitizer.line(text)
        return s.isEmpty ? nil : s
    }
}

private extension String {
    func trimmingBlanks() -> Substring {
        guard let a = firstIndex(where: { !$0.isWhitespace }), let b = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return self[a...b]
    }

    func replacingComma() -> String { String(map { $0 == "," ? "." : $0 }) }
}
