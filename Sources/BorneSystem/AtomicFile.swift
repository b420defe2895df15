import Foundation

/// Files that must be whole or absent after a crash, a power cut or a stick
/// pulled out: batches and heartbeats on a stick or a `file://` collector,
/// receipts, the uploader's state, the store's sequence floor.
public enum AtomicFile {
    /// Replaces `path` with `bytes`: a temporary file in the same directory
    /// (`temp`, by default the hidden `.NAME.tmp-PID`, which no reader picks
    /// up), fsync, rename, fsync of the directory. Readers see the old or the
    /// new file, never a mix. The directory's fsync is best effort (vfat on
    /// old kernels refuses it) unless `directorySyncRequired`.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, temp: String? = nil,
                             directorySyncRequired: Bool = false) throws {
        let dir = directory(of: path)
        let name = (path as NSString).lastPathComponent
        let tmp = temp ?? dir + "/.\(name).tmp-\(getpid())"
        let fd = try syscall("create", tmp) { open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode) }
        do {
            try writeAll(bytes, to: fd, path: tmp)
            try syscall("fsync", tmp) { fsync(fd) }
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        close(fd)
        do {
            try syscall("rename", path) { Foundation.rename(tmp, path) }
        } catch {
            unlink(tmp)
            throw error
        }
        if directorySyncRequired { try syncDirectory(dir) } else { syncDirectoryIfPossible(dir) }
    }

    /// Writes all of `bytes` to the descriptor `fd` (`path` for messages).
    public static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws {
        var done = 0
        while done < bytes.count {
            done += try syscall("write", path) { bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) } }
        }
    }

    /// Makes renames and new names in `dir` durable.
    public static func syncDirectory(_ dir: String) throws {
        let fd = try syscall("open", dir) { open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(fd) }
        try syscall("fsync", dir) { fsync(fd) }
    }

    /// `syncDirectory`, best effort: some file systems (vfat on old kernels)
    /// refuse fsync on a directory.
    public static func syncDirectoryIfPossible(_ dir: String) {
        try? syncDirectory(dir)
    }

    /// The whole file, or nil when it does not exist. Refuses files over
    /// `limit` bytes before reading them (a stick is untrusted input).
    public static func read(_ path: String, limit: Int) throws -> [UInt8]? {
        let fd: Int32
        do {
            fd = try syscall("open", path) { open(path, O_RDONLY | O_CLOEXEC) }
        } catch let e as IOError where e.errno == ENOENT {
            return nil
        }
        defer { close(fd) }
        var st = stat()
        try syscall("stat", path) { fstat(fd, &st) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw IOError(operation: "read (not a regular file)", path: path, errno: EINVAL) }
        guard st.st_size <= limit else { throw IOError(operation: "read (over \(limit) bytes)", path: path, errno: EFBIG) }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        var done = 0
        while done < out.count {
            let n = try syscall("read", path) { out.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, $0.count - done) } }
            if n == 0 { break }     // shrank under us
            done += n
        }
        return Array(out.prefix(done))
    }

    /// Creates `path` and its parents.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, mode) != 0 && errno != EEXIST {
                throw IOError(operation: "mkdir", path: built, errno: errno)
            }
        }
    }

    /// The directory of `path` ("." for a bare name).
    public static func directory(of path: String) -> String {
        let d = (path as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
    }

    /// True when something (anything, a dangling link too) is at `path`.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    public static func rename(_ from: String, _ to: String) throws {
        try syscall("rename", from) { Foundation.rename(from, to) }
    }
}
