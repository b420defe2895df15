/// The parsed GPX tracks of a content version, so that a kiosk starts
/// without parsing GPX: written next to the content when a version is
/// installed (`.tracks`, BorneBundle's installer) or, for content installed
/// without it, into the kiosk's data directory on its first start.
///
/// Each entry is tied to the bytes of its GPX file by their size and
/// FNV-1a 64 fingerprint: an entry whose file changed is stale and the file
/// is parsed again. The whole file ends with the fingerprint of everything
/// before it, so a truncated or altered index is refused as a whole.
/// Coordinates are stored as the bit patterns of the parsed `Double`s: a
/// track read back is equal to the one parsed.
public struct TrackIndex: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var size: Int
        public var fingerprint: UInt64
        public var track: Track
        public init(size: Int, fingerprint: UInt64, track: Track) {
            self.size = size; self.fingerprint = fingerprint; self.track = track
        }
    }

    /// By the GPX file's path in the content directory.
    public var entries: [String: Entry]

    public init(entries: [String: Entry] = [:]) { self.entries = entries }

    static let magic = Array("BORNE-TRACKS-1\n".utf8)

    /// FNV-1a, 64 bits: a fingerprint of a file's bytes (not a security
    /// check: the index lives beside the content, with the same owner).
    public static func fingerprint(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    public static func fingerprint(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { fingerprint($0) }
    }

    /// The entry for `path` when it describes exactly these bytes.
    public func track(for path: String, bytes: UnsafeRawBufferPointer) -> Track? {
        guard let e = entries[path], e.size == bytes.count, e.fingerprint == Self.fingerprint(bytes) else { return nil }
        return e.track
    }

    public func encoded() -> [UInt8] {
        var w = IndexWriter(Self.magic)
        w.u32(entries.count)
        for (path, e) in entries.sorted(by: { $0.key < $1.key }) {
            w.str(path)
            w.u64(UInt64(e.size))
            w.u64(e.fingerprint)
            w.opt(e.track.name) { $0.str($1) }
            w.u32(e.track.segments.count)
            for segment in e.track.segments {
                w.u32(segment.count)
                for p in segment {
                    w.double(p.lat)
                    w.double(p.lon)
                    w.opt(p.ele) { $0.double($1) }
                }
            }
        }
        return w.finished()
    }

    public typealias DecodeError = IndexDecodeError

    /// The index in `bytes`, or why it cannot be used.
    public static func decode(_ bytes: [UInt8]) throws -> TrackIndex {
        var r = try IndexReader(bytes, magic: magic, notAnIndex: "not a track index (no BORNE-TRACKS-1 header)")
        var entries: [String: Entry] = [:]
        let count = try r.u32()
        for _ in 0..<count {
            let path = try r.str()
            let size = try r.u64(), fp = try r.u64()
            let name = try r.optStr()
            let segmentCount = try r.u32()
            try r.need(segmentCount * 4)
            var segments: [[TrackPoint]] = []
            segments.reserveCapacity(segmentCount)
            for _ in 0..<segmentCount {
                let n = try r.u32()
                try r.need(n * 17)
                var points: [TrackPoint] = []
                points.reserveCapacity(n)
                for _ in 0..<n {
                    let lat = try r.double(), lon = try r.double()
                    points.append(TrackPoint(lat: lat, lon: lon, ele: try r.optDouble()))
                }
                segments.append(points)
            }
            guard size <= UInt64(Int.max) else { throw DecodeError(description: "entry \(path): impossible size") }
            entries[path] = Entry(size: Int(size), fingerprint: fp, track: Track(name: name, segments: segments))
        }
        try r.end()
        return TrackIndex(entries: entries)
    }
}
