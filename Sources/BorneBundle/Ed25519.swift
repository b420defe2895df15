import BorneCore
import Foundation
internal import CCrypto

/// An Ed25519 public key: 32 bytes, written as 64 lowercase hex digits
/// (the form of `trusted_keys` in the kiosk configuration and of `borne.pub`).
public struct Ed25519PublicKey: Hashable, Sendable, CustomStringConvertible {
    public let raw: [UInt8]

    public init(raw: [UInt8]) throws {
        guard raw.count == 32 else {
            throw BundleError.invalidKey(source: "public key", reason: "\(raw.count) bytes, expected 32")
        }
        self.raw = raw
    }

    /// 64 hex digits (either case); surrounding white space is ignored.
    public init(hex: String, source: String = "public key") throws {
        let text = hex.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count == 64, let bytes = Hex.decode(text) else {
            throw BundleError.invalidKey(source: source, reason: "expected 64 hexadecimal digits (an Ed25519 public key as `borne keygen` prints it)")
        }
        raw = bytes
    }

    public var hex: String { Hex.encode(raw) }
    public var description: String { hex }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    /// Any malformed input is simply "no".
    public func verify(signature: [UInt8], message: Data) -> Bool {
        guard signature.count == 64 else { return false }
        guard let key = raw.withUnsafeBufferPointer({
            borne_EVP_PKEY_new_raw_public_key(borne_evp_pkey_ed25519(), nil, $0.baseAddress, 32)
        }) else { return false }
        defer { borne_EVP_PKEY_free(key) }
        guard let ctx = borne_EVP_MD_CTX_new() else { return false }
        defer { borne_EVP_MD_CTX_free(ctx) }
        // Ed25519 hashes internally: no digest is given (NULL md).
        guard borne_EVP_DigestVerifyInit(ctx, nil, nil, nil, key) == 1 else { return false }
        let ok = message.withUnsafeBytes { m in
            signature.withUnsafeBufferPointer { s in
                borne_EVP_DigestVerify(ctx, s.baseAddress, 64, m.bindMemory(to: UInt8.self).baseAddress, m.count)
            }
        }
        borne_ERR_clear_error()
        return ok == 1
    }
}

/// An Ed25519 private key held by libcrypto (`EVP_PKEY`).
///
/// Never printed: `description` shows the public key only. Not `Sendable`:
/// it owns its pointer, freed in `deinit`.
public final class Ed25519PrivateKey: CustomStringConvertible {
    private let pkey: OpaquePointer
    public let publicKey: Ed25519PublicKey

    private init(owning pkey: OpaquePointer, source: String) throws {
        guard borne_evp_pkey_id(pkey) == borne_evp_pkey_ed25519() else {
            borne_EVP_PKEY_free(pkey)
            throw BundleError.invalidKey(source: source, reason: "not an Ed25519 key")
        }
        var raw = [UInt8](repeating: 0, count: 32)
        var length = 32
        guard borne_EVP_PKEY_get_raw_public_key(pkey, &raw, &length) == 1, length == 32 else {
            borne_EVP_PKEY_free(pkey)
            throw BundleError.crypto(operation: "EVP_PKEY_get_raw_public_key", reason: Self.lastError())
        }
        self.pkey = pkey
        self.publicKey = try Ed25519PublicKey(raw: raw)
    }

    deinit { borne_EVP_PKEY_free(pkey) }

    public var description: String { "Ed25519PrivateKey(public: \(publicKey.hex))" }

    /// A new random key (libcrypto's CSPRNG).
    public static func generate() throws -> Ed25519PrivateKey {
        guard let ctx = borne_EVP_PKEY_CTX_new_id(borne_evp_pkey_ed25519(), nil) else {
            throw BundleError.crypto(operation: "EVP_PKEY_CTX_new_id(ED25519)", reason: lastError())
        }
        defer { borne_EVP_PKEY_CTX_free(ctx) }
        var key: OpaquePointer?
        guard borne_EVP_PKEY_keygen_init(ctx) == 1, borne_EVP_PKEY_keygen(ctx, &key) == 1, let key else {
            throw BundleError.crypto(operation: "EVP_PKEY_keygen(ED25519)", reason: lastError())
        }
        return try Ed25519PrivateKey(owning: key, source: "generated key")
    }

    /// From the 32-byte secret of RFC 8032 (the "seed").
    public convenience init(rawSecret: [UInt8]) throws {
        guard rawSecret.count == 32 else {
            throw BundleError.invalidKey(source: "private key", reason: "\(rawSecret.count) bytes, expected 32")
        }
        guard let key = rawSecret.withUnsafeBufferPointer({
            borne_EVP_PKEY_new_raw_private_key(borne_evp_pkey_ed25519(), nil, $0.baseAddress, 32)
        }) else {
            throw BundleError.crypto(operation: "EVP_PKEY_new_raw_private_key", reason: Self.lastError())
        }
        try self.init(owning: key, source: "private key")
    }

    /// From a PEM "PRIVATE KEY" (unencrypted PKCS#8), as `borne keygen`
    /// and `openssl genpkey -algorithm ed25519` write it.
    public convenience init(pem: Data, source: String) throws {
        let key: OpaquePointer? = pem.withUnsafeBytes { buf in
            guard let bio = borne_BIO_new_mem_buf(buf.baseAddress, Int32(buf.count)) else { return nil }
            defer { borne_BIO_free(bio) }
            return borne_PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        guard let key else {
            let reason = Self.lastError()
            throw BundleError.invalidKey(source: source, reason: "not a PEM PKCS#8 private key (\(reason))")
        }
        try self.init(owning: key, source: source)
    }

    /// The 32-byte secret. Handle with care: callers must not log it.
    public func rawSecret() throws -> [UInt8] {
        var raw = [UInt8](repeating: 0, count: 32)
        var length = 32
        guard borne_EVP_PKEY_get_raw_private_key(pkey, &raw, &length) == 1, length == 32 else {
            throw BundleError.crypto(operation: "EVP_PKEY_get_raw_private_key", reason: Self.lastError())
        }
        return raw
    }

    /// PEM "PRIVATE KEY" (PKCS#8, unencrypted): the format of `borne.key`.
    public func pem() throws -> Data {
        guard let bio = borne_BIO_new(borne_BIO_s_mem()) else {
            throw BundleError.crypto(operation: "BIO_new", reason: Self.lastError())
        }
        defer { borne_BIO_free(bio) }
        guard borne_PEM_write_bio_PrivateKey(bio, pkey, nil, nil, 0, nil, nil) == 1 else {
            throw BundleError.crypto(operation: "PEM_write_bio_PrivateKey", reason: Self.lastError())
        }
        var pointer: UnsafeMutablePointer<CChar>?
        let length = borne_bio_get_mem_data(bio, &pointer)
        guard let pointer, length > 0 else {
            throw BundleError.crypto(operation: "BIO_get_mem_data", reason: "empty PEM")
        }
        let data = Data(bytes: pointer, count: length)
        // Scrub libcrypto's copy; ours is handed to the caller.
        borne_OPENSSL_cleanse(pointer, length)
        return data
    }

    /// The 64-byte Ed25519 signature of `message` (deterministic, RFC 8032).
    public func sign(_ message: Data) throws -> [UInt8] {
        guard let ctx = borne_EVP_MD_CTX_new() else {
            throw BundleError.crypto(operation: "EVP_MD_CTX_new", reason: Self.lastError())
        }
        defer { borne_EVP_MD_CTX_free(ctx) }
        guard borne_EVP_DigestSignInit(ctx, nil, nil, nil, pkey) == 1 else {
            throw BundleError.crypto(operation: "EVP_DigestSignInit", reason: Self.lastError())
        }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = 64
        let ok = message.withUnsafeBytes { m in
            borne_EVP_DigestSign(ctx, &signature, &length, m.bindMemory(to: UInt8.self).baseAddress, m.count)
        }
        guard ok == 1, length == 64 else {
            throw BundleError.crypto(operation: "EVP_DigestSign", reason: Self.lastError())
        }
        return signature
    }

    /// The oldest queued libcrypto error as text, and the queue cleared.
    static func lastError() -> String {
        let code = borne_ERR_get_error()
        borne_ERR_clear_error()
        guard code != 0 else { return "no detail from libcrypto" }
        var buffer = [CChar](repeating: 0, count: 256)
        borne_ERR_error_string_n(code, &buffer, buffer.count)
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
