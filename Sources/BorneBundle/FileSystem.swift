import Foundation

/// What is at a path, without following a final symbolic link (`lstat`).
public enum FileKind: Equatable, Sendable {
    case file(size: Int64)
    case directory
    case symlink
    case other
}

/// The file-system operations bundles are read, installed and published
/// with: one call is one system call, so a `FaultyFileSystem` can fail (or
/// kill the process at) exactly the Nth one, as SQLite's I/O tests do.
///
/// Paths are POSIX paths. Errors are `BundleError.io` naming the operation
/// and path, or `BundleError.diskFull` for ENOSPC/EDQUOT. File descriptors
/// are plain `Int32`; the caller closes what it opens.
public protocol FileSystem: AnyObject {
    /// nil when nothing is there.
    func kind(_ path: String) throws -> FileKind?
    func listDirectory(_ path: String) throws -> [String]
    func makeDirectory(_ path: String) throws
    /// `O_RDONLY | O_NOFOLLOW`: a symbolic link is refused.
    func openForReading(_ path: String) throws -> Int32
    /// `O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW`, mode 0644 (0600 when `private`).
    func createFile(_ path: String, private: Bool) throws -> Int32
    /// Reads up to `buffer.count` bytes; 0 at the end of the file.
    func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int
    /// Writes all of `bytes` (looping over short writes).
    func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws
    func sync(_ fd: Int32, path: String) throws
    func close(_ fd: Int32, path: String) throws
    func syncDirectory(_ path: String) throws
    /// `rename(2)`: atomic, replaces a file, a symbolic link or an empty directory.
    func rename(_ from: String, to: String) throws
    func createSymlink(_ path: String, target: String) throws
    /// The target of a symbolic link; nil when nothing is there.
    func readSymlink(_ path: String) throws -> String?
    func removeFile(_ path: String) throws
    func removeDirectory(_ path: String) throws
}

extension FileSystem {
    public func createFile(_ path: String) throws -> Int32 { try createFile(path, private: false) }

    /// `mkdir -p` for the directories below an existing `base`.
    public func makeDirectories(_ path: String) throws {
        switch try kind(path) {
        case .directory: return
        case nil:
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty, parent != path { try makeDirectories(parent) }
            do { try makeDirectory(path) } catch BundleError.io(_, _, EEXIST) {}
        case .some:
            throw BundleError.io(operation: "mkdir", path: path, errno: ENOTDIR)
        }
    }

    /// Removes a file, a symbolic link or a whole directory tree (never
    /// following links). Nothing there is not an error.
    public func removeTree(_ path: String) throws {
        switch try kind(path) {
        case nil: return
        case .directory:
            for name in try listDirectory(path) { try removeTree(path + "/" + name) }
            try removeDirectory(path)
        default:
            try removeFile(path)
        }
    }

    /// Reads a whole (small) file, refusing more than `limit` bytes.
    public func readFile(_ path: String, limit: Int) throws -> Data {
        let fd = try openForReading(path)
        defer { try? close(fd, path: path) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try read(fd, into: $0, path: path) }
            if n == 0 { return data }
            data.append(contentsOf: buffer[..<n])
            if data.count > limit { throw BundleError.io(operation: "read (larger than \(limit) bytes)", path: path, errno: EFBIG) }
        }
    }

    /// Writes `data` to `path` so that a reader sees the old file or the new
    /// one, never a part: a temporary file beside it, fsync, rename, fsync
    /// of the directory.
    public func writeFileAtomically(_ path: String, _ data: Data, private isPrivate: Bool = false) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = path + ".tmp"
        try removeTree(temporary)
        do {
            let fd = try createFile(temporary, private: isPrivate)
            do {
                try data.withUnsafeBytes { try write(fd, $0, path: temporary) }
                try sync(fd, path: temporary)
            } catch {
                try? close(fd, path: temporary)
                throw error
            }
            try close(fd, path: temporary)
            try rename(temporary, to: path)
        } catch {
            try? removeFile(temporary)
            throw error
        }
        try syncDirectory(directory.isEmpty ? "." : directory)
    }
}
