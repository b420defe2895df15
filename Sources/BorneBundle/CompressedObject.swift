internal import BorneStats
import Foundation

/// The compressed copy of an object that a published tree holds beside it:
/// `objects/ab/cdef….gz`, the object's exact bytes as one gzip member
/// (deterministic: level 9, no name, mtime 0). It is a transport encoding,
/// not a second identity: the signed manifest names the plain bytes (SHA-256
/// and size), and a kiosk inflates the `.gz` — never past the manifest's
/// size — and checks the plain bytes against the manifest before anything
/// is staged. See docs/BUNDLES.md, "Compressed objects".
public enum CompressedObject {
    /// Appended to an object's path: `objects/ab/cdef….gz`.
    public static let suffix = ".gz"

    /// `objects/ab/cdef….gz`.
    public static func path(_ sha256: String) -> String { BundlePath.objectPath(sha256) + suffix }

    /// The largest `.gz` an object of `size` bytes can have (gzip's stored
    /// blocks: 5 bytes per 16 KiB, 18 of header and trailer), with room to spare.
    public static func maxCompressedSize(_ size: Int64) -> Int64 { size + size / 1000 + 1024 }

    public static func compress(_ bytes: Data) -> Data { Data(Gzip.compress([UInt8](bytes))) }

    /// Inflates a `.gz`, refusing more than `limit` bytes of output; throws
    /// `CompressedObject.Failure` (cut short, corrupt, too large…).
    public static func decompress(_ bytes: Data, limit: Int64) throws -> Data {
        do {
            return Data(try Gzip.decompress([UInt8](bytes), limit: Int(clamping: limit)))
        } catch let e as GzipError {
            throw Failure(reason: e.description)
        }
    }

    /// Why a `.gz` does not inflate.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }
}

extension BundlePublisher {
    /// Writes `objects/ab/cdef….gz` for an object already published and
    /// checked at `root + "/" + objectPath`, unless a right one is there.
    /// Returns the bytes written (0 when kept).
    static func publishCompressed(_ file: BundleManifest.File, root: String, _ fs: any FileSystem) throws -> Int64 {
        let target = root + "/" + CompressedObject.path(file.sha256)
        if try isCompressedIntact(target, file, fs) { return 0 }
        let plain = try fs.readFile(root + "/" + BundlePath.objectPath(file.sha256), limit: Int(clamping: file.size))
        try file.check((SHA256.hex(plain), Int64(plain.count)))
        let packed = CompressedObject.compress(plain)
        try fs.writeFileAtomically(target, packed)
        return Int64(packed.count)
    }

    /// Whether a published `.gz` inflates to exactly the object's bytes.
    static func isCompressedIntact(_ path: String, _ file: BundleManifest.File, _ fs: any FileSystem) throws -> Bool {
        guard case .file(let size) = try fs.kind(path), size <= CompressedObject.maxCompressedSize(file.size) else { return false }
        let packed = try fs.readFile(path, limit: Int(size))
        guard let plain = try? CompressedObject.decompress(packed, limit: file.size) else { return false }
        return Int64(plain.count) == file.size && SHA256.hex(plain) == file.sha256
    }
}
