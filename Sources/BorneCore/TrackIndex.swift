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
        var out = Self.magic
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out += $0 } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func str(_ s: String) { let b = Array(s.utf8); u32(b.count); out += b }
        u32(entries.count)
        for (path, e) in entries.sorted(by: { $0.key < $1.key }) {
            str(path)
            u64(UInt64(e.size))
            u64(e.fingerprint)
            if let name = e.track.name { out.append(1); str(name) } else { out.append(0) }
            u32(e.track.segments.count)
            for segment in e.track.segments {
                u32(segment.count)
                for p in segment {
                    u64(p.lat.bitPattern)
                    u64(p.lon.bitPattern)
                    if let ele = p.ele { out.append(1); u64(ele.bitPattern) } else { out.append(0) }
                }
            }
        }
        u64(Self.fingerprint(out))
        return out
    }

    public struct DecodeError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The index in `bytes`, or why it cannot be used.
    public static func decode(_ bytes: [UInt8]) throws -> TrackIndex {
        guard bytes.count >= magic.count + 12, Array(bytes.prefix(magic.count)) == magic else {
            throw DecodeError(description: "not a track index (no BORNE-TRACKS-1 header)")
        }
        let body = bytes.count - 8
        let stored = bytes[body...].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        let actual = bytes.withUnsafeBytes { fingerprint(UnsafeRawBufferPointer(rebasing: $0[..<body])) }
        guard stored == actual else {
            throw DecodeError(description: "its checksum does not match its contents (truncated or altered)")
        }
        var at = magic.count
        func need(_ n: Int) throws {
            guard n >= 0, at + n <= body else { throw DecodeError(description: "it ends in the middle of an entry") }
        }
        func u8() throws -> UInt8 { try need(1); defer { at += 1 }; return bytes[at] }
        func u64() throws -> UInt64 {
            try need(8)
            var v: UInt64 = 0
            for i in 0..<8 { v |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
            at += 8
            return v
        }
        func u32() throws -> Int {
            try need(4)
            var v: UInt32 = 0
            for i in 0..<4 { v |= UInt32(bytes[at + i]) << (8 * UInt32(i)) }
            at += 4
            return Int(v)
        }
        func str() throws -> String {
            let n = try u32()
            try need(n)
            defer { at += n }
            return String(decoding: bytes[at..<(at + n)], as: UTF8.self)
        }
        var entries: [String: Entry] = [:]
        let count = try u32()
        for _ in 0..<count {
            let path = try str()
            let size = try u64(), fp = try u64()
            let name: String? = try u8() == 1 ? try str() : nil
            let segmentCount = try u32()
            try need(segmentCount * 4)
            var segments: [[TrackPoint]] = []
            segments.reserveCapacity(segmentCount)
            for _ in 0..<segmentCount {
                let n = try u32()
                try need(n * 17)
                var points: [TrackPoint] = []
                points.reserveCapacity(n)
                for _ in 0..<n {
                    let lat = Double(bitPattern: try u64()), lon = Double(bitPattern: try u64())
                    let ele: Double? = try u8() == 1 ? Double(bitPattern: try u64()) : nil
                    points.append(TrackPoint(lat: lat, lon: lon, ele: ele))
                }
                segments.append(points)
            }
            guard size <= UInt64(Int.max) else { throw DecodeError(description: "entry \(path): impossible size") }
            entries[path] = Entry(size: Int(size), fingerprint: fp, track: Track(name: name, segments: segments))
        }
        guard at == body else { throw DecodeError(description: "bytes left after its last entry") }
        return TrackIndex(entries: entries)
    }
}
