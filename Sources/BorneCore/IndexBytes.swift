/// Why an index file (`.tracks`, `.items`) cannot be used.
public struct IndexDecodeError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

/// The format of the index files: a magic line, little-endian fields,
/// strings as a length and their UTF-8, optionals as a 0/1 byte then the
/// value, and last the FNV-1a 64 fingerprint of everything before it.
public struct IndexWriter {
    public private(set) var out: [UInt8]
    public init(_ magic: [UInt8]) { out = magic }

    public mutating func u8(_ v: UInt8) { out.append(v) }
    public mutating func bool(_ v: Bool) { out.append(v ? 1 : 0) }
    public mutating func u32(_ v: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { out += $0 } }
    public mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
    public mutating func double(_ v: Double) { u64(v.bitPattern) }
    public mutating func str(_ s: String) { var s = s; s.withUTF8 { u32($0.count); out += $0 } }
    public mutating func opt<T>(_ v: T?, _ body: (inout IndexWriter, T) -> Void) {
        if let v { out.append(1); body(&self, v) } else { out.append(0) }
    }

    /// The bytes, with their fingerprint appended.
    public mutating func finished() -> [UInt8] {
        u64(TrackIndex.fingerprint(out))
        return out
    }
}

/// Reads what `IndexWriter` wrote; the fingerprint is checked first, so a
/// truncated or altered file is refused as a whole.
public struct IndexReader {
    let bytes: [UInt8]
    let body: Int
    public private(set) var at: Int

    /// `notAnIndex`: what to say when the magic line is not there.
    public init(_ bytes: [UInt8], magic: [UInt8], notAnIndex: String) throws {
        guard bytes.count >= magic.count + 12, Array(bytes.prefix(magic.count)) == magic else {
            throw IndexDecodeError(description: notAnIndex)
        }
        let end = bytes.count - 8
        let stored = bytes[end...].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        let actual = bytes.withUnsafeBytes { TrackIndex.fingerprint(UnsafeRawBufferPointer(rebasing: $0[..<end])) }
        guard stored == actual else {
            throw IndexDecodeError(description: "its checksum does not match its contents (truncated or altered)")
        }
        self.bytes = bytes
        body = end
        at = magic.count
    }

    public func fail(_ why: String) -> IndexDecodeError { IndexDecodeError(description: why) }
    /// Throws unless `n` more bytes (n ≥ 0) are there before the fingerprint.
    public mutating func need(_ n: Int) throws {
        guard n >= 0, at + n <= body else { throw fail("it ends in the middle of an entry") }
    }
    public mutating func u8() throws -> UInt8 { try need(1); defer { at += 1 }; return bytes[at] }
    public mutating func bool() throws -> Bool { try u8() != 0 }
    public mutating func u32() throws -> Int {
        try need(4)
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[at + i]) << (8 * UInt32(i)) }
        at += 4
        return Int(v)
    }
    public mutating func u64() throws -> UInt64 {
        try need(8)
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
        at += 8
        return v
    }
    public mutating func double() throws -> Double { Double(bitPattern: try u64()) }
    public mutating func str() throws -> String {
        let n = try u32()
        try need(n)
        defer { at += n }
        // Through a buffer pointer: a slice of the array takes String's slow generic path.
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[at..<(at + n)]), as: UTF8.self) }
    }
    public mutating func opt<T>(_ body: (inout IndexReader) throws -> T) throws -> T? {
        try u8() == 1 ? try body(&self) : nil
    }
    public mutating func optStr() throws -> String? { try u8() == 1 ? try str() : nil }
    public mutating func optDouble() throws -> Double? { try u8() == 1 ? try double() : nil }

    /// Reads on from `offset` (a position `at` had after an entry).
    public mutating func seek(_ offset: Int) throws {
        guard offset >= 0, offset <= body else { throw fail("an entry lies outside it") }
        at = offset
    }

    /// Throws unless every byte before the fingerprint was read.
    public func end() throws {
        guard at == body else { throw fail("bytes left after its last entry") }
    }
}
