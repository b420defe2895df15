import Foundation

// STUB — replaced by the GPX helper. Contract only.

public struct TrackPoint: Equatable, Sendable {
    public var lat: Double
    public var lon: Double
    public var ele: Double?
    public init(lat: Double, lon: Double, ele: Double? = nil) { self.lat = lat; self.lon = lon; self.ele = ele }
}

public struct TrackStats: Equatable, Sendable {
    public var distanceM: Double = 0
    public var ascentM: Double = 0
    public var descentM: Double = 0
    public var minEleM: Double?
    public var maxEleM: Double?
    public var hasElevation: Bool { minEleM != nil }
    public init() {}
}

/// A hike's geometry: one or more segments of points, with stats computed once.
public struct Track: Equatable, Sendable {
    public var name: String?
    public var segments: [[TrackPoint]]
    public var stats: TrackStats
    public init(name: String?, segments: [[TrackPoint]]) {
        self.name = name; self.segments = segments; self.stats = TrackStats()
    }
}

public struct GPXError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

public enum GPX {
    public static func parse(_ text: String) throws -> Track {
        throw GPXError(line: 1, message: "not implemented")
    }
}
