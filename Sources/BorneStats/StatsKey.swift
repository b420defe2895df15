internal import CCrypto
import BorneCore
import BorneSystem
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
        let rc = b.withUnsafeMutableBufferPointer { borne_RAND_bytes($0.baseAddress, Int32(length)) }
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
        switch try aboutTheKey({ try KeyFile.read(path, limit: 1024) }) {
        case .text(let text): return try StatsKey(hex: text, path: path)
        case .notRegular: throw StatsKeyError.badContent(path: path, reason: "not a regular file")
        case .tooLong(let n): throw StatsKeyError.badContent(path: path, reason: "\(n) bytes: far too long for a key")
        case .notText: throw StatsKeyError.badContent(path: path, reason: "not text")
        }
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
    /// use (`KeyFile`: file 0600, directory 0700, modes too open tightened).
    /// Creation is safe against a concurrent creator (`borne upload` and
    /// `borne usb` at once): exactly one key wins and both use it.
    public static func loadOrCreate(dataDir: URL) throws -> Loaded {
        let keyFile = file(dataDir: dataDir)
        var warnings: [String] = []
        var made: StatsKey?
        let created = try aboutTheKey {
            try KeyFile.createIfAbsent(keyFile.path, warnings: &warnings) {
                let key = try generate()
                made = key
                return Array((key.hex + "\n").utf8)
            }
        }
        if created, let made { return Loaded(key: made, created: true, warnings: warnings) }
        return Loaded(key: try load(file: keyFile), created: false, warnings: warnings)
    }

    /// A failed system call on the key file says so: "cannot stat the statistics key".
    private static func aboutTheKey<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch var e as IOError {
            e.operation += " the statistics key"
            throw e
        }
    }
}

public enum StatsKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists but does not hold a key.
    case badContent(path: String, reason: String)
    /// libcrypto's random generator failed (not seeded).
    case randomFailed

    public var description: String {
        switch self {
        case let .badContent(path, reason):
            return "\(path): not a statistics key (\(reason)). The office trusts this kiosk's key: restore the file from a backup, "
                + "or move it aside to make a new key and trust it again at the office (borne office trust)"
        case .randomFailed:
            return "libcrypto's random generator failed: no statistics key could be made"
        }
    }
}
