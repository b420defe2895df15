import Foundation

/// A small private file made once and never replaced (a key): file 0600 in
/// a directory 0700. Creation is safe against a concurrent creator: the
/// bytes go to a temporary file that is linked into place, so exactly one
/// creator wins and everyone reads its file.
public enum KeyFile {
    /// What `read` found at a path.
    public enum Contents: Equatable, Sendable {
        case text(String)
        case notRegular
        case tooLong(bytes: Int)
        case notText
    }

    /// The text of the file `path` if it is a regular file of at most
    /// `limit` bytes holding UTF-8. `IOError` when it cannot be looked at or read.
    public static func read(_ path: String, limit: Int) throws -> Contents {
        var st = stat()
        try syscall("stat", path) { stat(path, &st) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return .notRegular }
        guard st.st_size <= limit else { return .tooLong(bytes: Int(st.st_size)) }
        guard let bytes = try AtomicFile.read(path, limit: limit) else {
            throw IOError(operation: "read", path: path, errno: ENOENT)
        }
        guard let text = String(bytes: bytes, encoding: .utf8) else { return .notText }
        return .text(text)
    }

    /// Makes the file `path` with `make()`'s bytes unless it exists; true
    /// when this call made it. Its directory is created 0700; a directory or
    /// file found with group or other permissions is tightened (0700, 0600),
    /// and each such fix is added to `warnings` for the log.
    public static func createIfAbsent(_ path: String, warnings: inout [String], make: () throws -> [UInt8]) throws -> Bool {
        let dir = AtomicFile.directory(of: path)
        try makePrivateDirectory(dir, warnings: &warnings)
        if AtomicFile.exists(path) {
            try tighten(path, to: 0o600, warnings: &warnings)
            return false
        }
        let bytes = try make()
        let name = (path as NSString).lastPathComponent
        let tmp = dir + "/.\(name).tmp-\(getpid())-\(UUID().uuidString.prefix(8))"
        let fd = try syscall("create", tmp) { open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
        defer { unlink(tmp) }
        do {
            try AtomicFile.writeAll(bytes, to: fd, path: tmp)
            try syscall("fsync", tmp) { fsync(fd) }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        do {
            try syscall("link", path) { link(tmp, path) }
        } catch let e as IOError where e.errno == EEXIST {
            return false    // someone else created it first: theirs is the file
        }
        AtomicFile.syncDirectoryIfPossible(dir)
        return true
    }

    private static func makePrivateDirectory(_ dir: String, warnings: inout [String]) throws {
        if mkdir(dir, 0o700) == 0 { return }
        if errno == ENOENT {
            try AtomicFile.makeDirectories(AtomicFile.directory(of: dir))
            guard mkdir(dir, 0o700) == 0 || errno == EEXIST else { throw IOError(operation: "mkdir", path: dir, errno: errno) }
            return
        }
        guard errno == EEXIST else { throw IOError(operation: "mkdir", path: dir, errno: errno) }
        try tighten(dir, to: 0o700, warnings: &warnings)
    }

    /// Removes group and other permissions from a path we own.
    private static func tighten(_ path: String, to mode: mode_t, warnings: inout [String]) throws {
        var st = stat()
        try syscall("stat", path) { stat(path, &st) }
        guard st.st_mode & 0o077 != 0 else { return }
        try syscall("chmod", path) { chmod(path, mode) }
        warnings.append("\(path) was mode \(String(st.st_mode & 0o777, radix: 8)); set to \(String(mode, radix: 8))")
    }
}
