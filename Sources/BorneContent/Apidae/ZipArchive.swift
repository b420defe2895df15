import Foundation
internal import CZlib

/// Why a zip archive was refused. An archive is untrusted input (it arrives
/// from APIDAE by e-mail or download, or on a USB stick): anything unusual is
/// refused whole rather than half-extracted.
public enum ZipError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No end-of-central-directory record: not a zip file, or cut short.
    case notAZip(reason: String)
    /// Zip64 archives (over 4 GiB or 65,535 entries) are not read: an APIDAE
    /// export is a few megabytes.
    case zip64Unsupported
    /// Archives split over several disks are not read.
    case multiDiskUnsupported
    /// An entry name that could write outside the extraction directory
    /// (`../x`, `/etc/x`, `C:\x`, a backslash or NUL).
    case unsafeName(String)
    case encrypted(name: String)
    /// Only "stored" (0) and "deflate" (8) are read.
    case unsupportedMethod(name: String, method: Int)
    /// The declared size is over the reader's limit.
    case tooLarge(name: String, size: Int, limit: Int)
    /// The central directory or an entry's data is inconsistent.
    case corrupt(name: String, reason: String)
    case crcMismatch(name: String)
    case duplicateName(String)

    public var description: String {
        switch self {
        case .notAZip(let reason): return "not a zip archive: \(reason)"
        case .zip64Unsupported: return "Zip64 archives are not supported (re-export the archive without Zip64)"
        case .multiDiskUnsupported: return "multi-disk (split) zip archives are not supported"
        case .unsafeName(let n): return "entry name \(Quote.value(n)) could write outside the archive's folder (archive refused)"
        case .encrypted(let n): return "entry \(Quote.value(n)) is encrypted"
        case .unsupportedMethod(let n, let m): return "entry \(Quote.value(n)) uses compression method \(m) (only stored and deflate are read)"
        case .tooLarge(let n, let size, let limit): return "entry \(Quote.value(n)) is \(size) bytes, more than the limit of \(limit)"
        case .corrupt(let n, let reason): return "entry \(Quote.value(n)): \(reason)"
        case .crcMismatch(let n): return "entry \(Quote.value(n)): CRC-32 mismatch, the archive is damaged"
        case .duplicateName(let n): return "entry name \(Quote.value(n)) appears twice"
        }
    }
}

/// A read-only zip archive held in memory: the central directory is read and
/// checked once, entries are inflated on demand.
///
/// Invariants established by `init`: every entry's name is a safe relative
/// path (no `..`, not absolute, no backslash), names are unique, and every
/// entry's local header and data lie inside the archive before the central
/// directory. `data(for:)` checks the uncompressed size and the CRC-32.
public struct ZipArchive: Sendable {
    public struct Entry: Equatable, Sendable {
        /// Path inside the archive, `/`-separated; directories end with `/`.
        public let name: String
        public let compressedSize: Int
        public let uncompressedSize: Int
        public let method: Int
        public let crc32: UInt32
        let localHeaderOffset: Int
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    /// Per-entry uncompressed size limit (an export's largest file is a few MB).
    public static let defaultEntryLimit = 256 << 20
    /// Whole-archive size limit for `init(contentsOf:)`.
    public static let defaultArchiveLimit = 512 << 20

    public let entries: [Entry]
    private let bytes: [UInt8]
    private let entryLimit: Int

    public init(contentsOf url: URL, archiveLimit: Int = defaultArchiveLimit, entryLimit: Int = defaultEntryLimit) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        if let size = (attributes[.size] as? NSNumber)?.intValue, size > archiveLimit {
            throw ZipError.tooLarge(name: url.lastPathComponent, size: size, limit: archiveLimit)
        }
        try self.init(data: try Data(contentsOf: url), entryLimit: entryLimit)
    }

    public init(data: Data, entryLimit: Int = defaultEntryLimit) throws {
        self.bytes = [UInt8](data)
        self.entryLimit = entryLimit
        self.entries = try Self.readCentralDirectory(bytes, entryLimit: entryLimit)
    }

    public func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The uncompressed bytes of `entry`, checked against its size and CRC-32.
    public func data(for entry: Entry) throws -> Data {
        let b = bytes
        let o = entry.localHeaderOffset
        guard o + 30 <= b.count, Self.u32(b, o) == 0x0403_4b50 else {
            throw ZipError.corrupt(name: entry.name, reason: "local header missing")
        }
        let nameLen = Int(Self.u16(b, o + 26)), extraLen = Int(Self.u16(b, o + 28))
        let start = o + 30 + nameLen + extraLen
        guard start <= b.count else { throw ZipError.corrupt(name: entry.name, reason: "local header runs past the end") }
        if Self.hasZip64Extra(b, from: o + 30 + nameLen, count: extraLen) { throw ZipError.zip64Unsupported }
        guard start + entry.compressedSize <= b.count else {
            throw ZipError.corrupt(name: entry.name, reason: "data runs past the end of the archive")
        }
        let out: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw ZipError.corrupt(name: entry.name, reason: "stored entry with different sizes")
            }
            out = Array(b[start..<start + entry.compressedSize])
        case 8:
            out = try Self.inflate(b[start..<start + entry.compressedSize], expected: entry.uncompressedSize, name: entry.name)
        default:
            throw ZipError.unsupportedMethod(name: entry.name, method: entry.method)
        }
        let crc = out.withUnsafeBufferPointer { p in
            UInt32(CZlib.crc32(0, p.baseAddress, uInt(p.count)))
        }
        guard crc == entry.crc32 else { throw ZipError.crcMismatch(name: entry.name) }
        return Data(out)
    }

    // MARK: - Central directory

    private static func readCentralDirectory(_ b: [UInt8], entryLimit: Int) throws -> [Entry] {
        guard b.count >= 22 else { throw ZipError.notAZip(reason: "file too short (\(b.count) bytes)") }
        // The end record is 22 bytes plus a comment of up to 65,535 bytes.
        var eocd: Int?
        var i = b.count - 22
        let lowest = max(0, b.count - 22 - 0xFFFF)
        while i >= lowest {
            if u32(b, i) == 0x0605_4b50 { eocd = i; break }
            i -= 1
        }
        guard let e = eocd else { throw ZipError.notAZip(reason: "no end of central directory record") }
        if e >= 20, u32(b, e - 20) == 0x0706_4b50 { throw ZipError.zip64Unsupported }
        let disk = u16(b, e + 4), cdDisk = u16(b, e + 6)
        let countHere = Int(u16(b, e + 8)), count = Int(u16(b, e + 10))
        let cdSize = Int(u32(b, e + 12)), cdOffset = Int(u32(b, e + 16))
        if count == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF { throw ZipError.zip64Unsupported }
        guard disk == 0, cdDisk == 0, countHere == count else { throw ZipError.multiDiskUnsupported }
        guard cdOffset + cdSize <= e else {
            throw ZipError.notAZip(reason: "central directory lies outside the file")
        }

        var entries: [Entry] = []
        var names = Set<String>()
        var p = cdOffset
        for _ in 0..<count {
            guard p + 46 <= cdOffset + cdSize, u32(b, p) == 0x0201_4b50 else {
                throw ZipError.notAZip(reason: "central directory entry \(entries.count) is damaged")
            }
            let flags = u16(b, p + 8)
            let method = Int(u16(b, p + 10))
            let crc = u32(b, p + 16)
            let csize = Int(u32(b, p + 20)), usize = Int(u32(b, p + 24))
            let nameLen = Int(u16(b, p + 28)), extraLen = Int(u16(b, p + 30)), commentLen = Int(u16(b, p + 32))
            let local = Int(u32(b, p + 42))
            guard p + 46 + nameLen + extraLen + commentLen <= cdOffset + cdSize else {
                throw ZipError.notAZip(reason: "central directory entry \(entries.count) runs past the directory")
            }
            let rawName = Array(b[(p + 46)..<(p + 46 + nameLen)])
            let name = String(validating: rawName, as: UTF8.self) ?? String(rawName.map { Character(Unicode.Scalar($0)) })
            if csize == 0xFFFF_FFFF || usize == 0xFFFF_FFFF || local == 0xFFFF_FFFF
                || hasZip64Extra(b, from: p + 46 + nameLen, count: extraLen) { throw ZipError.zip64Unsupported }
            if unsafeNameProblem(name) != nil { throw ZipError.unsafeName(name) }
            guard names.insert(name).inserted else { throw ZipError.duplicateName(name) }
            if flags & 1 != 0 { throw ZipError.encrypted(name: name) }
            if usize > entryLimit { throw ZipError.tooLarge(name: name, size: usize, limit: entryLimit) }
            guard local + 30 <= cdOffset, local + 30 + csize <= cdOffset else {
                throw ZipError.corrupt(name: name, reason: "data lies outside the archive")
            }
            entries.append(Entry(name: name, compressedSize: csize, uncompressedSize: usize, method: method,
                                 crc32: crc, localHeaderOffset: local))
            p += 46 + nameLen + extraLen + commentLen
        }
        return entries
    }

    /// Whether an extra field block holds a Zip64 record (header id 1).
    private static func hasZip64Extra(_ b: [UInt8], from start: Int, count: Int) -> Bool {
        var p = start
        let end = min(start + count, b.count)
        while p + 4 <= end {
            if u16(b, p) == 0x0001 { return true }
            p += 4 + Int(u16(b, p + 2))
        }
        return false
    }

    /// Why a name is unsafe to extract, or nil.
    static func unsafeNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "empty name" }
        if name.hasPrefix("/") { return "absolute path" }
        if name.contains("\\") { return "backslash" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "control character" }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if let first = parts.first, first.count >= 2, first.dropFirst().first == ":" { return "drive letter" }
        for (i, part) in parts.enumerated() {
            if part == ".." || part == "." { return "dot component" }
            if part.isEmpty && i != parts.count - 1 { return "empty component" }
        }
        return nil
    }

    // MARK: - Inflate

    /// Raw deflate (no zlib header: window bits −15), refusing output longer
    /// than `expected` and requiring exactly `expected` bytes.
    private static func inflate(_ input: ArraySlice<UInt8>, expected: Int, name: String) throws -> [UInt8] {
        var stream = z_stream()
        guard borne_inflate_init2(&stream, -15) == Z_OK else {
            throw ZipError.corrupt(name: name, reason: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        // One spare byte: output filling it means the data is longer than declared.
        var out = [UInt8](repeating: 0, count: expected + 1)
        var input = Array(input)
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                var status = Z_OK
                while status == Z_OK {
                    status = CZlib.inflate(&stream, Z_FINISH)
                    if status == Z_BUF_ERROR && stream.avail_in > 0 && stream.avail_out > 0 { status = Z_OK }
                }
                return status
            }
        }
        let produced = Int(stream.total_out)
        guard status == Z_STREAM_END else {
            if produced > expected { throw ZipError.corrupt(name: name, reason: "inflates to more than its declared \(expected) bytes") }
            throw ZipError.corrupt(name: name, reason: "deflate data is damaged (zlib status \(status))")
        }
        guard produced == expected else {
            throw ZipError.corrupt(name: name, reason: "inflates to \(produced) bytes, declared \(expected)")
        }
        out.removeLast()
        return out
    }

    // MARK: - Little-endian reads (callers check bounds)

    private static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    private static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
