import Foundation

/// `DATA/sync/objects/ab/cdef…`: objects on their way to an install.
///
/// Invariant: a file under its final name has been checked (length and
/// SHA-256); bytes still arriving or unchecked live in `….part`.
struct ObjectStaging {
    let dir: URL

    /// 64 lowercase hex digits, and nothing else, ever becomes a path here.
    static func isDigest(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// "ab/cdef…" — the layout of the published tree and of the stick.
    static func relativePath(_ sha256: String) -> String {
        precondition(isDigest(sha256), "not a SHA-256 digest: \(sha256)")
        return String(sha256.prefix(2)) + "/" + String(sha256.dropFirst(2))
    }

    func file(_ sha256: String) -> URL { dir.appendingPathComponent(Self.relativePath(sha256)) }
    func part(_ sha256: String) -> URL { dir.appendingPathComponent(Self.relativePath(sha256) + ".part") }
    /// `ab/cdef….gz.part`: the compressed copy arriving (docs/SYNC.md, "Compressed objects").
    func compressedPart(_ sha256: String) -> URL {
        dir.appendingPathComponent(Self.relativePath(sha256) + ".gz.part")
    }
    func has(_ sha256: String) -> Bool { FileManager.default.fileExists(atPath: file(sha256).path) }

    func prepare(_ sha256: String) throws {
        let parent = file(sha256).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw SyncError.file(path: parent.path, message: "cannot create: \(error.localizedDescription)")
        }
    }

    /// Checks a part against its ref; on success gives it its final name,
    /// on failure deletes it and throws.
    func accept(_ ref: ObjectRef, source: String, gate: BundleGate) throws {
        let part = part(ref.sha256)
        let length = Self.length(part) ?? -1
        guard length == ref.size else {
            try? FileManager.default.removeItem(at: part)
            throw SyncError.sizeMismatch(source: source, expected: ref.size, actual: length)
        }
        let actual = try gate.sha256(file: part)
        guard actual == ref.sha256 else {
            try? FileManager.default.removeItem(at: part)
            throw SyncError.checksumMismatch(source: source, expected: ref.sha256, actual: actual)
        }
        guard rename(part.path, file(ref.sha256).path) == 0 else {
            throw SyncError.file(path: part.path, message: "cannot rename into place: \(String(cString: strerror(errno)))")
        }
    }

    /// Empties the staging area once its objects are installed.
    func clear() {
        try? FileManager.default.removeItem(at: dir)
    }

    static func length(_ file: URL) -> Int64? {
        var st = stat()
        guard stat(file.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(st.st_size)
    }
}
