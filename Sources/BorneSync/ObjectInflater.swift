internal import BorneStats
import Foundation

/// Turns a fetched compressed object (`….gz.part`: one gzip member, see
/// docs/BUNDLES.md, "Compressed objects") into the plain part that
/// `ObjectStaging.accept` then checks against the signed manifest (length
/// and SHA-256). Inflating never goes past the manifest's size, so a `.gz`
/// cannot fill the disk with more than the manifest allows.
enum ObjectInflater {
    /// Inflates `compressed` into `part`. On a `.gz` that does not inflate,
    /// deletes it (the next attempt fetches it from zero) and throws
    /// `SyncError.undecodable`; on a local write failure (a full disk…)
    /// deletes the plain part, keeps the whole `.gz` (the next run reuses it)
    /// and throws `SyncError.file`. On success the `.gz` is deleted.
    static func inflate(_ compressed: URL, into part: URL, ref: ObjectRef, source: String) throws {
        let fm = FileManager.default
        let length = ObjectStaging.length(compressed) ?? -1
        // gzip's stored blocks cost 5 bytes per 16 KiB and 18 of header and trailer.
        guard length >= 0, length <= ref.size + ref.size / 1000 + 1024 else {
            try? fm.removeItem(at: compressed)
            throw SyncError.undecodable(source: source, reason: "\(length) bytes, more than any gzip of \(ref.size) bytes")
        }
        let plain: [UInt8]
        do {
            let packed = try [UInt8](Data(contentsOf: compressed))
            plain = try Gzip.decompress(packed, limit: Int(clamping: ref.size))
        } catch let e as GzipError {
            try? fm.removeItem(at: compressed)
            throw SyncError.undecodable(source: source, reason: e.description)
        } catch {
            throw SyncError.file(path: compressed.path, message: "cannot read: \(error.localizedDescription)")
        }
        do {
            try write(plain, to: part)
        } catch {
            try? fm.removeItem(at: part)
            throw error
        }
        try? fm.removeItem(at: compressed)
    }

    /// Writes and fsyncs `bytes` as `part`, saying which errno stopped it.
    private static func write(_ bytes: [UInt8], to part: URL) throws {
        let fd = open(part.path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(part, "cannot create") }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(part, "cannot write the inflated object")
            }
            done += n
        }
        guard fsync(fd) == 0 else { throw failure(part, "cannot fsync the inflated object") }
    }

    private static func failure(_ part: URL, _ what: String) -> SyncError {
        let code = errno
        let full = code == ENOSPC || code == EDQUOT
        return .file(path: part.path, message: "\(what): \(String(cString: strerror(code)))"
                     + (full ? " — disk full: free space on the kiosk's data partition" : ""))
    }
}
