internal import CCrypto
import BorneCore
import Foundation

/// A kiosk's statistics key: 32 random bytes, kept as 64 lowercase hex
/// digits and a newline in `DATA/keys/stats.key` (file 0600, directory 0700).
/// Created once, never replaced: the office trusts exactly this key, so a
/// damaged file is refused (with what is wrong), never silently regenerated.
public struct StatsKey: Equatable, Sendable, CustomStringConvertible {
    public static let length = 32
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws {
        guard bytes.count == Self.length else { throw StatsKeyError.badContent(path: "<memory>", reason: "\(bytes.count) bytes, expected \(Self.length)") }
        self.bytes = bytes
    }

    /// 64 hexadecimal digits (either case); surrounding white space is ignored.
    public init(hex: String, path: String = "<memory>") throws {
        let text = hex.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw StatsKeyError.badContent(path: path, reason: "the file is empty") }
        guard text.utf8.count == Self.length * 2 else {
            throw StatsKeyError.badContent(path: path, reason: "\(text.utf8.count) characters, expected \(Self.length * 2) hexadecimal digits")
        }
        guard let b = Hex.decode(text) else {
            throw StatsKeyError.badContent(path: path, reason: "not hexadecimal (only 0-9 and a-f are allowed)")
        }
        guard b.contains(where: { $0 != 0 }) else {
            throw StatsKeyError.badContent(path: path, reason: "all zeros: not a key this kiosk made")
        }
        bytes = b
    }

    /// 64 lowercase hex digits.
    public var hex: String { Hex.encode(bytes) }

    /// 16 hex digits that name the key in logs and at the office without revealing it.
    public var fingerprint: String {
        String(Hex.encode(HMACSHA256.mac(key: bytes, Array("borne stats key fingerprint".utf8))).prefix(16))
    }

    /// Never the key itself.
    public var description: String { "StatsKey(\(fingerprint))" }

    /// A new key from libcrypto's CSPRNG.
    public static func generate() throws -> StatsKey {
        var b = [UInt8](repeating: 0, count: length)
        let rc = b.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(length)) }
        guard rc == 1 else { throw StatsKeyError.randomFailed }
        return try StatsKey(bytes: b)
    }

    // MARK: files

    /// `DATA/keys/stats.key`.
    public static func file(dataDir: URL) -> URL {
        dataDir.appendingPathComponent("keys/stats.key")
    }

    /// Reads a key file. The office reads copies the kiosk handed over
    /// (any mode); the kiosk goes through `loadOrCreate`, which also checks the mode.
    public static func load(file: URL) throws -> StatsKey {
        let path = file.path
        var st = stat()
        guard stat(path, &st) == 0 else { throw StatsKeyError.io(path: path, operation: "stat", errno: errno) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw StatsKeyError.badContent(path: path, reason: "not a regular file") }
        guard st.st_size <= 1024 else { throw StatsKeyError.badContent(path: path, reason: "\(st.st_size) bytes: far too long for a key") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StatsKeyError.io(path: path, operation: "read", errno: EACCES)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StatsKeyError.badContent(path: path, reason: "not text")
        }
        return try StatsKey(hex: text, path: path)
    }

    /// What `loadOrCreate` found.
    public struct Loaded: Sendable {
        public var key: StatsKey
        /// True when this call made the key (first use on this kiosk).
        public var created: Bool
        /// Things it fixed on the way (modes that were too open), for the log.
        public var warnings: [String]
    }

    /// The kiosk's key: loads `DATA/keys/stats.key`, or creates it on first
    /// use. Creation is safe against a concurrent creator (`borne upload` and
    /// `borne usb` at once): the key is written to a temporary file and
    /// linked into place, so exactly one key wins and both use it.
    public static func loadOrCreate(dataDir: URL) throws -> Loaded {
        let keyFile = file(dataDir: dataDir)
        let dir = keyFile.deletingLastPathComponent().path
        var warnings: [String] = []
        try makeDirectory(dir, warnings: &warnings)
        if FileManager.default.fileExists(atPath: keyFile.path) {
            try tighten(keyFile.path, to: 0o600, warnings: &warnings)
            return Loaded(key: try load(file: keyFile), created: false, warnings: warnings)
        }
        let key = try generate()
        let tmp = dir + "/.stats.key.tmp-\(getpid())-\(UUID().uuidString.prefix(8))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StatsKeyError.io(path: tmp, operation: "create", errno: errno) }
        defer { unlink(tmp) }
        let text = Array((key.hex + "\n").utf8)
        let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let writeErrno = errno
        let synced = fsync(fd) == 0
        close(fd)
        guard written == text.count else { throw StatsKeyError.io(path: tmp, operation: "write", errno: writeErrno) }
        guard synced else { throw StatsKeyError.io(path: tmp, operation: "fsync", errno: errno) }
        if link(tmp, keyFile.path) != 0 {
            let e = errno
            // Someone else created it first: theirs is the key.
            if e == EEXIST { return Loaded(key: try load(file: keyFile), created: false, warnings: warnings) }
            throw StatsKeyError.io(path: keyFile.path, operation: "link", errno: e)
        }
        AtomicFile.syncDirectory(dir)
        return Loaded(key: key, created: true, warnings: warnings)
    }

    private static func makeDirectory(_ dir: String, warnings: inout [String]) throws {
        if mkdir(dir, 0o700) == 0 { return }
        if errno == ENOENT {
            try FileManager.default.createDirectory(atPath: (dir as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            guard mkdir(dir, 0o700) == 0 || errno == EEXIST else { throw StatsKeyError.io(path: dir, operation: "mkdir", errno: errno) }
            return
        }
        guard errno == EEXIST else { throw StatsKeyError.io(path: dir, operation: "mkdir", errno: errno) }
        try tighten(dir, to: 0o700, warnings: &warnings)
    }

    /// Removes group and other permissions from a path we own.
    private static func tighten(_ path: String, to mode: mode_t, warnings: inout [String]) throws {
        var st = stat()
        guard stat(path, &st) == 0 else { throw StatsKeyError.io(path: path, operation: "stat", errno: errno) }
        guard st.st_mode & 0o077 != 0 else { return }
        guard chmod(path, mode) == 0 else { throw StatsKeyError.io(path: path, operation: "chmod", errno: errno) }
        warnings.append("\(path) was mode \(String(st.st_mode & 0o777, radix: 8)); set to \(String(mode, radix: 8))")
    }
}

public enum StatsKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists but does not hold a key.
    case badContent(path: String, reason: String)
    case io(path: String, operation: String, errno: Int32)
    /// libcrypto's random generator failed (not seeded).
    case randomFailed

    public var description: String {
        switch self {
        case let .badContent(path, reason):
            return "\(path): not a statistics key (\(reason)). The office trusts this kiosk's key: restore the file from a backup, "
                + "or move it aside to make a new key and trust it again at the office (borne office trust)"
        case let .io(path, operation, e):
            return "\(path): cannot \(operation) the statistics key: \(String(cString: strerror(e))) (errno \(e))"
        case .randomFailed:
            return "libcrypto's random generator failed: no statistics key could be made"
        }
    }
}
