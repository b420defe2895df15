import BorneCore
import Foundation

/// `manifest.sig`: one line of text,
///
///     ed25519 <public key, 64 hex> <signature of manifest.json's bytes, 128 hex>\n
///
/// The public key is a hint naming the signer, so a kiosk can say "signed by
/// an unknown key" rather than just "bad signature"; it is not trusted: the
/// verifier only uses it to pick among its own trusted keys.
public struct BundleSignature: Equatable, Sendable {
    public var publicKey: Ed25519PublicKey
    public var signature: [UInt8]

    public init(publicKey: Ed25519PublicKey, signature: [UInt8]) {
        self.publicKey = publicKey; self.signature = signature
    }

    /// Signs the exact bytes of a manifest.
    public init(signing manifest: Data, with key: Ed25519PrivateKey) throws {
        self.init(publicKey: key.publicKey, signature: try key.sign(manifest))
    }

    public func encoded() -> Data {
        Data("ed25519 \(publicKey.hex) \(Hex.encode(signature))\n".utf8)
    }

    /// Strict: the exact line `encoded()` writes (the final newline optional).
    public static func parse(_ data: Data, path: String = "manifest.sig") throws -> BundleSignature {
        guard data.count <= 512 else { throw BundleError.signatureMalformed(path: path, reason: "too large") }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "ed25519" else {
            throw BundleError.signatureMalformed(path: path, reason: "expected `ed25519 <public key> <signature>` on one line")
        }
        guard Hex.isLowercase(String(parts[1]), count: 64), let key = Hex.decode(parts[1]) else {
            throw BundleError.signatureMalformed(path: path, reason: "the public key is not 64 lowercase hex digits")
        }
        guard Hex.isLowercase(String(parts[2]), count: 128), let signature = Hex.decode(parts[2]) else {
            throw BundleError.signatureMalformed(path: path, reason: "the signature is not 128 lowercase hex digits (truncated?)")
        }
        return BundleSignature(publicKey: try Ed25519PublicKey(raw: key), signature: signature)
    }

    /// Whether the hinted key signed `manifest` (says nothing about trust).
    public func isValid(for manifest: Data) -> Bool {
        publicKey.verify(signature: signature, message: manifest)
    }
}
