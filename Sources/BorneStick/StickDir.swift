import Foundation

/// A folder on a USB stick, held open by its file descriptor. A stick is
/// untrusted: anything can be planted on it (a symbolic link named
/// `borne/stats` pointing at `/var/lib/borne`, a FIFO named like a receipt,
/// a device node). Every path below the mount point is therefore resolved
/// one component at a time with `openat(…, O_NOFOLLOW)`, relative to the
/// folder above it, and every entry is looked at with
/// `fstatat(AT_SYMLINK_NOFOLLOW)` before it is opened: a symbolic link, a
/// FIFO, a device or a socket is refused by name (`StickError`), never
/// followed, read or written through. Files are written as a temporary name
/// created with `O_EXCL|O_NOFOLLOW`, fsync, `renameat`, fsync of the folder.
///
/// The mount point itself comes from the system (udev, the command line),
/// not from the stick, and is opened as given.
public final class StickDir {
    /// The folder's path, for messages only (never reopened by name).
    public let path: String
    let fd: Int32

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Opens the stick's mount point.
    public static func openRoot(_ path: String) throws -> StickDir {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            if e == ENOENT { throw StickError(path: path, problem: .missing) }
            if e == ENOTDIR { throw StickError(path: path, problem: .notAFolder(kind: .regular)) }
            throw StickError(path: path, problem: .system(operation: "open", errno: e))
        }
        return StickDir(fd: fd, path: path)
    }

    /// `self/name` as written in messages.
    public func child(_ name: String) -> String { path.hasSuffix("/") ? path + name : path + "/" + name }

    /// What `name` is, without following it; nil when there is nothing by that name.
    public func kind(_ name: String) throws -> EntryKind? {
        try Self.checkName(name, in: self)
        var st = stat()
        guard fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else {
            let e = errno
            if e == ENOENT { return nil }
            throw StickError(path: child(name), problem: .system(operation: "stat", errno: e))
        }
        return EntryKind(mode: st.st_mode)
    }

    /// The sub-folder `relative` (components separated by `/`), each one a
    /// real folder: nil when one is missing, unless `create` (then made, 0755).
    public func folder(_ relative: String, create: Bool = false) throws -> StickDir? {
        var current = self
        for part in relative.split(separator: "/").map(String.init) {
            guard let next = try current.subfolder(part, create: create) else { return nil }
            current = next
        }
        return current
    }

    private func subfolder(_ name: String, create: Bool) throws -> StickDir? {
        try Self.checkName(name, in: self)
        let path = child(name)
        if create {
            if mkdirat(fd, name, 0o755) != 0 && errno != EEXIST {
                throw StickError(path: path, problem: .system(operation: "create the folder", errno: errno))
            }
        }
        // Looked at first, so that a FIFO or a device is never even opened.
        guard let k = try kind(name) else { return nil }
        guard k == .folder else { throw StickError(path: path, problem: .notAFolder(kind: k)) }
        let sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard sub >= 0 else { throw Self.openFailure(path, errno) }
        return StickDir(fd: sub, path: path)
    }

    /// The folder's entries (not `.` and `..`), sorted by name, each with its
    /// kind as it is on the stick (links not followed).
    public func entries() throws -> [(name: String, kind: EntryKind)] {
        let dup = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dup >= 0, let dir = fdopendir(dup) else {
            let e = errno
            if dup >= 0 { close(dup) }
            throw StickError(path: path, problem: .system(operation: "list", errno: e))
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let ent = readdir(dir) {
            let name = withUnsafePointer(to: ent.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        var out: [(name: String, kind: EntryKind)] = []
        for name in names.sorted() {
            // Gone since listed: not an entry any more.
            if let k = try kind(name) { out.append((name, k)) }
        }
        return out
    }

    /// The bytes of the regular file `name`, or nil when absent. Refuses a
    /// link, a FIFO, a device, a folder, or a file over `limit` bytes.
    public func read(_ name: String, limit: Int) throws -> [UInt8]? {
        guard let f = try openFile(name) else { return nil }
        defer { close(f.fd) }
        guard f.size <= limit else { throw StickError(path: child(name), problem: .tooBig(size: f.size, limit: limit)) }
        var out = [UInt8](repeating: 0, count: Int(f.size))
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { Glibc.read(f.fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw StickError(path: child(name), problem: .system(operation: "read", errno: errno))
            }
            if n == 0 { break }     // shrank under us
            done += n
        }
        return Array(out.prefix(done))
    }

    /// Opens the regular file `name` for reading; nil when absent. The
    /// caller closes `fd`.
    public func openFile(_ name: String) throws -> (fd: Int32, size: Int)? {
        let path = child(name)
        guard let k = try kind(name) else { return nil }
        guard k == .regular else { throw StickError(path: path, problem: .notAFile(kind: k)) }
        // O_NONBLOCK: should a FIFO replace the file between the look and the open, opening it does not hang.
        let f = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard f >= 0 else { throw Self.openFailure(path, errno) }
        var st = stat()
        guard fstat(f, &st) == 0 else {
            let e = errno
            close(f)
            throw StickError(path: path, problem: .system(operation: "stat", errno: e))
        }
        let opened = EntryKind(mode: st.st_mode)
        guard opened == .regular else {
            close(f)
            throw StickError(path: path, problem: .notAFile(kind: opened))
        }
        return (f, Int(st.st_size))
    }

    /// Replaces (or creates) the regular file `name` with `bytes`: the
    /// temporary name `temp` (default `.NAME.tmp-PID`, which no reader picks
    /// up) created with `O_EXCL|O_NOFOLLOW`, fsync, `renameat`, fsync of the
    /// folder. A regular file left at `temp` by an interrupted write is
    /// removed first; anything else there, or at `name`, is refused.
    public func write(_ bytes: [UInt8], to name: String, temp: String? = nil, mode: mode_t = 0o644) throws {
        let temp = temp ?? ".\(name).tmp-\(getpid())"
        let target = child(name), tmpPath = child(temp)
        if let k = try kind(name), k != .regular { throw StickError(path: target, problem: .notAFile(kind: k)) }
        if let k = try kind(temp) {
            guard k == .regular else { throw StickError(path: tmpPath, problem: .notAFile(kind: k)) }
            guard unlinkat(fd, temp, 0) == 0 || errno == ENOENT else {
                throw StickError(path: tmpPath, problem: .system(operation: "remove a leftover", errno: errno))
            }
        }
        let f = openat(fd, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, mode)
        guard f >= 0 else {
            let e = errno
            if e == EEXIST, let k = try kind(temp), k != .regular { throw StickError(path: tmpPath, problem: .notAFile(kind: k)) }
            throw StickError(path: tmpPath, problem: .system(operation: "create", errno: e))
        }
        do {
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(f, $0.baseAddress! + done, $0.count - done) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StickError(path: tmpPath, problem: .system(operation: "write", errno: errno))
                }
                done += n
            }
            guard fsync(f) == 0 else { throw StickError(path: tmpPath, problem: .system(operation: "fsync", errno: errno)) }
        } catch {
            close(f)
            _ = unlinkat(fd, temp, 0)
            throw error
        }
        close(f)
        guard renameat(fd, temp, fd, name) == 0 else {
            let e = errno
            _ = unlinkat(fd, temp, 0)
            throw StickError(path: target, problem: .system(operation: "rename", errno: e))
        }
        sync()
    }

    /// Removes the regular file `name` (absent is fine). Anything else by
    /// that name is refused, so that nothing planted is touched silently.
    public func remove(_ name: String) throws {
        guard let k = try kind(name) else { return }
        guard k == .regular else { throw StickError(path: child(name), problem: .notAFile(kind: k)) }
        guard unlinkat(fd, name, 0) == 0 || errno == ENOENT else {
            throw StickError(path: child(name), problem: .system(operation: "remove", errno: errno))
        }
    }

    /// Makes renames and new names in the folder durable. Best effort: vfat
    /// on old kernels refuses fsync on a folder.
    public func sync() { _ = fsync(fd) }

    /// One component: not empty, not `.` or `..`, no `/`, no NUL.
    static func checkName(_ name: String, in dir: StickDir) throws {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.utf8.contains(0) else {
            throw StickError(path: dir.child(name), problem: .badName)
        }
    }

    static func openFailure(_ path: String, _ e: Int32) -> StickError {
        // ELOOP: a link appeared between the look and the open (O_NOFOLLOW).
        if e == ELOOP { return StickError(path: path, problem: .notAFile(kind: .symlink)) }
        if e == ENOTDIR { return StickError(path: path, problem: .notAFolder(kind: .other)) }
        return StickError(path: path, problem: .system(operation: "open", errno: e))
    }
}

/// What an entry on the stick is, as `lstat` sees it.
public enum EntryKind: String, Equatable, Sendable {
    case regular = "a file", folder = "a folder", symlink = "a symbolic link", fifo = "a FIFO"
    case device = "a device", socket = "a socket", other = "not a regular file"

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .folder
        case S_IFLNK: self = .symlink
        case S_IFIFO: self = .fifo
        case S_IFCHR, S_IFBLK: self = .device
        case S_IFSOCK: self = .socket
        default: self = .other
        }
    }

    /// The kind in French, for the office's commands ("une FIFO").
    public var french: String {
        switch self {
        case .regular: return "un fichier"
        case .folder: return "un dossier"
        case .symlink: return "un lien symbolique"
        case .fifo: return "une FIFO"
        case .device: return "un périphérique"
        case .socket: return "une socket"
        case .other: return "pas un fichier ordinaire"
        }
    }
}

/// A path on a stick that was refused or could not be used.
public struct StickError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        case missing
        /// A link, FIFO, device, socket or folder where a file belongs.
        case notAFile(kind: EntryKind)
        /// A link, file, FIFO... where a folder belongs.
        case notAFolder(kind: EntryKind)
        case tooBig(size: Int, limit: Int)
        case badName
        case system(operation: String, errno: Int32)
    }

    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path; self.problem = problem
    }

    /// True when the stick holds something planted or malformed (not an I/O failure).
    public var isRefusal: Bool {
        switch problem {
        case .notAFile, .notAFolder, .tooBig, .badName: return true
        case .missing, .system: return false
        }
    }

    public var isDiskFull: Bool {
        if case .system(_, let e) = problem { return e == ENOSPC || e == EDQUOT }
        return false
    }

    public var description: String {
        switch problem {
        case .missing:
            return "\(path): no such file or folder"
        case .notAFile(let kind):
            return "\(path): refused, it is \(kind.rawValue) on the stick where a regular file belongs (nothing is followed "
                + "or written through it); remove it from the stick"
        case .notAFolder(let kind):
            return "\(path): refused, it is \(kind.rawValue) on the stick where a folder belongs (nothing is followed "
                + "or written through it); remove it from the stick"
        case .tooBig(let size, let limit):
            return "\(path): refused, \(size) bytes (at most \(limit) expected)"
        case .badName:
            return "\(path): refused, not a plain file name"
        case .system(let op, let e):
            return "\(path): cannot \(op): \(String(cString: strerror(e))) (errno \(e))"
        }
    }

    /// `description` in French: what the office's commands print (the
    /// kiosk's own `borne usb` speaks English to the contractor).
    public var french: String {
        switch problem {
        case .missing:
            return "\(path) : fichier ou dossier introuvable"
        case .notAFile(let kind):
            return "\(path) : refusé, c'est \(kind.french) sur la clé là où un fichier est attendu (rien n'est suivi "
                + "ni écrit au travers) ; l'enlever de la clé"
        case .notAFolder(let kind):
            return "\(path) : refusé, c'est \(kind.french) sur la clé là où un dossier est attendu (rien n'est suivi "
                + "ni écrit au travers) ; l'enlever de la clé"
        case .tooBig(let size, let limit):
            return "\(path) : refusé, \(size) octets (\(limit) au plus)"
        case .badName:
            return "\(path) : refusé, pas un simple nom de fichier"
        case .system(let op, let e):
            let french = ["open": "ouvrir", "stat": "lire les attributs", "create the folder": "créer le dossier",
                          "list": "lister", "read": "lire", "remove a leftover": "supprimer un reste", "create": "créer",
                          "write": "écrire", "fsync": "synchroniser (fsync)", "rename": "renommer", "remove": "supprimer"][op] ?? op
            return "\(path) : impossible de \(french) : \(String(cString: strerror(e))) (errno \(e))"
        }
    }
}
