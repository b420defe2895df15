import Foundation

/// Files that must be whole or absent after a crash, a power cut or a stick
/// pulled out: batches and heartbeats on a stick or a `file://` collector,
/// receipts, the uploader's state.
public enum AtomicFile {
    /// Replaces `path` with `bytes`: a hidden temporary file in the same
    /// directory (`.NAME.tmp-PID`, which no reader picks up), fsync, rename,
    /// fsync of the directory. Readers see the old or the new file, never a mix.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let tmp = (dir.isEmpty ? "." : dir) + "/.\(name).tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileError(operation: "create", path: tmp, errno: errno) }
        do {
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileError(operation: "write", path: tmp, errno: errno)
                }
                done += n
            }
            guard fsync(fd) == 0 else { throw FileError(operation: "fsync", path: tmp, errno: errno) }
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        close(fd)
        guard rename(tmp, path) == 0 else {
            let e = errno
            unlink(tmp)
            throw FileError(operation: "rename", path: path, errno: e)
        }
        syncDirectory(dir.isEmpty ? "." : dir)
    }

    /// Makes renames and new names in `dir` durable. Best effort: some file
    /// systems (vfat on old kernels) refuse fsync on a directory.
    public static func syncDirectory(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// The whole file, or nil when it does not exist. Refuses files over
    /// `limit` bytes before reading them (a stick is untrusted input).
    public static func read(_ path: String, limit: Int) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw FileError(operation: "open", path: path, errno: errno)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError(operation: "stat", path: path, errno: errno) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw FileError(operation: "read (not a regular file)", path: path, errno: EINVAL) }
        guard st.st_size <= limit else { throw FileError(operation: "read (over \(limit) bytes)", path: path, errno: EFBIG) }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(operation: "read", path: path, errno: errno)
            }
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
                throw FileError(operation: "mkdir", path: built, errno: errno)
            }
        }
    }
}

/// A failed system call on a file: what, where, errno.
public struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var errno: Int32

    public init(operation: String, path: String, errno: Int32) {
        self.operation = operation; self.path = path; self.errno = errno
    }

    /// ENOSPC / EDQUOT: the stick or the collector's disk is full.
    public var isDiskFull: Bool { errno == ENOSPC || errno == EDQUOT }

    public var description: String {
        "\(path): cannot \(operation): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
