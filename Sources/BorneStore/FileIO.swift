import Foundation

/// A failed system call on a path: errno and what we were doing.
public struct IOError: Error, Equatable, Sendable, CustomStringConvertible {
    public var errno: Int32
    public var operation: String
    public var path: String

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// Small POSIX helpers for files that must survive a power cut.
enum FileIO {
    /// Runs a syscall, retrying EINTR; a negative result becomes an IOError.
    @discardableResult
    static func call(_ operation: String, _ path: String, _ body: () -> Int32) throws -> Int32 {
        while true {
            let rc = body()
            if rc >= 0 { return rc }
            let e = errno
            if e == EINTR { continue }
            throw IOError(errno: e, operation: operation, path: path)
        }
    }

    static func directory(of path: String) -> String {
        let d = (path as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
    }

    static func makeDirectories(_ path: String) throws {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o755) != 0, errno != EEXIST {
                throw IOError(errno: errno, operation: "mkdir", path: built)
            }
        }
    }

    /// Makes a rename or a new file in `dir` durable.
    static func syncDirectory(_ dir: String) throws {
        let fd = try call("open", dir) { open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(fd) }
        try call("fsync", dir) { fsync(fd) }
    }

    /// Replaces `path` with `data` atomically and durably: temp file, fsync,
    /// rename, fsync of the directory. After a power cut the file holds the
    /// old or the new content, never a mix.
    static func writeDurably(_ data: [UInt8], to path: String) throws {
        let dir = directory(of: path)
        try makeDirectories(dir)
        let tmp = path + ".tmp"
        let fd = try call("open", tmp) { open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        do {
            var off = 0
            while off < data.count {
                let n = try data.withUnsafeBytes { buf in
                    try call("write", tmp) { Int32(truncatingIfNeeded: write(fd, buf.baseAddress! + off, buf.count - off)) }
                }
                off += Int(n)
            }
            try call("fsync", tmp) { fsync(fd) }
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        close(fd)
        try call("rename", path) { Foundation.rename(tmp, path) }
        try syncDirectory(dir)
    }

    /// Whole file, or nil when it does not exist.
    static func read(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw IOError(errno: errno, operation: "open", path: path)
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = try buf.withUnsafeMutableBytes { b in
                try call("read", path) { Int32(truncatingIfNeeded: Foundation.read(fd, b.baseAddress!, b.count)) }
            }
            if n == 0 { return out }
            out += buf[0..<Int(n)]
        }
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    static func rename(_ from: String, _ to: String) throws {
        try call("rename", from) { Foundation.rename(from, to) }
    }
}
