import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The file system itself, through POSIX calls; EINTR is retried.
public final class RealFileSystem: FileSystem {
    /// false only in tests whose subject is not durability (fault loops):
    /// `sync` and `syncDirectory` then do nothing, which makes thousands of
    /// installs affordable on a busy disk. Never false on a kiosk.
    let syncing: Bool

    public init() { syncing = true }

    init(syncing: Bool) { self.syncing = syncing }

    /// The file system installs use: the real one — unless this is a debug
    /// build (`BORNE_TEST_HOOKS`, which release builds and the .deb never
    /// define) and both `BORNE_TEST_HOOKS=1` and `BORNE_CRASH_AFTER_OPS=N`
    /// are set, in which case the process kills itself with SIGKILL before
    /// its Nth operation that changes the disk (`FaultyFileSystem.mutating`;
    /// the crash tests use it). `BORNE_CRASH_AFTER_OPS` alone does nothing,
    /// so a stray variable in a unit's environment cannot kill an install.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> any FileSystem {
        #if BORNE_TEST_HOOKS
        if environment["BORNE_TEST_HOOKS"] == "1", let text = environment["BORNE_CRASH_AFTER_OPS"], let n = Int(text), n > 0 {
            return FaultyFileSystem(base: RealFileSystem(), failAt: n, fault: .kill, counting: FaultyFileSystem.mutating)
        }
        #endif
        return RealFileSystem()
    }

    @inline(__always)
    private func retrying(_ operation: String, _ path: String, _ call: () -> Int32) throws -> Int32 {
        while true {
            let r = call()
            if r >= 0 { return r }
            if errno == EINTR { continue }
            throw BundleError.system(operation, path: path, errno: errno)
        }
    }

    public func kind(_ path: String) throws -> FileKind? {
        var st = stat()
        if lstat(path, &st) != 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw BundleError.system("lstat", path: path, errno: errno)
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file(size: Int64(st.st_size))
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    public func listDirectory(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw BundleError.system("opendir", path: path, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        errno = 0
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        if errno != 0 { throw BundleError.system("readdir", path: path, errno: errno) }
        return names.sorted { BundlePath.precedes($0, $1) }
    }

    public func makeDirectory(_ path: String) throws {
        _ = try retrying("mkdir", path) { mkdir(path, 0o755) }
    }

    public func openForReading(_ path: String) throws -> Int32 {
        try retrying("open", path) { open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
    }

    public func createFile(_ path: String, private isPrivate: Bool) throws -> Int32 {
        let mode: mode_t = isPrivate ? 0o600 : 0o644
        return try retrying("create", path) { open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode) }
    }

    public func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw BundleError.system("read", path: path, errno: errno)
        }
    }

    public func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw BundleError.system("write", path: path, errno: errno)
            }
            offset += n
        }
    }

    public func sync(_ fd: Int32, path: String) throws {
        guard syncing else { return }
        _ = try retrying("fsync", path) { fsync(fd) }
    }

    public func close(_ fd: Int32, path: String) throws {
        // Never retried: on Linux the descriptor is gone even after EINTR.
        if Glibc.close(fd) != 0, errno != EINTR { throw BundleError.system("close", path: path, errno: errno) }
    }

    public func syncDirectory(_ path: String) throws {
        guard syncing else { return }
        let fd = try retrying("open directory", path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { Glibc.close(fd) }
        _ = try retrying("fsync directory", path) { fsync(fd) }
    }

    public func rename(_ from: String, to: String) throws {
        _ = try retrying("rename to \(to)", from) { Glibc.rename(from, to) }
    }

    public func createSymlink(_ path: String, target: String) throws {
        _ = try retrying("symlink", path) { symlink(target, path) }
    }

    public func readSymlink(_ path: String) throws -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buffer, buffer.count)
        if n < 0 {
            if errno == ENOENT { return nil }
            throw BundleError.system("readlink", path: path, errno: errno)
        }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func removeFile(_ path: String) throws {
        _ = try retrying("unlink", path) { unlink(path) }
    }

    public func removeDirectory(_ path: String) throws {
        _ = try retrying("rmdir", path) { rmdir(path) }
    }
}
