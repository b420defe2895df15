import BorneCore
import Foundation
internal import CCrypto

/// Streaming SHA-256 through libcrypto's EVP interface: objects are hashed
/// while they are copied, in chunks, never read whole into memory.
///
/// Owns its `EVP_MD_CTX`; not `Sendable` (one owner, like a file handle).
public final class SHA256 {
    private let context: OpaquePointer
    private var finished = false

    public init() {
        // Only fails when out of memory or libcrypto is broken: a precondition.
        guard let ctx = borne_EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new failed") }
        context = ctx
        precondition(borne_EVP_DigestInit_ex(ctx, borne_EVP_sha256(), nil) == 1, "EVP_DigestInit_ex(sha256) failed")
    }

    deinit { borne_EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!finished, "SHA256 used after finalize()")
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        precondition(borne_EVP_DigestUpdate(context, base, bytes.count) == 1, "EVP_DigestUpdate failed")
    }

    public func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// The 32-byte digest; the hasher cannot be used afterwards.
    public func finalize() -> [UInt8] {
        precondition(!finished, "SHA256 finalized twice")
        finished = true
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        precondition(borne_EVP_DigestFinal_ex(context, &out, &length) == 1 && length == 32, "EVP_DigestFinal_ex failed")
        return Array(out.prefix(32))
    }

    /// The digest as 64 lowercase hex digits, the form manifests use.
    public func finalizeHex() -> String { Hex.encode(finalize()) }

    public static func hex(_ data: Data) -> String {
        let h = SHA256()
        h.update(data)
        return h.finalizeHex()
    }

    public static func digest(_ data: Data) -> [UInt8] {
        let h = SHA256()
        h.update(data)
        return h.finalize()
    }
}
