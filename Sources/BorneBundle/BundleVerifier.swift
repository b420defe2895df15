import BorneCore
import Foundation

/// A bundle whose signature, manifest and objects all checked out. It holds
/// the exact manifest and signature bytes that were verified, so nothing is
/// read again from the (untrusted) bundle between checking and using them.
public struct VerifiedBundle: Sendable {
    public let directory: URL
    public let manifest: BundleManifest
    public let manifestData: Data
    public let signatureData: Data
    public let signer: Ed25519PublicKey
}

/// Checks a bundle completely before anything trusts it, in this order:
///
/// 1. `manifest.sig` names a trusted key and that key signed `manifest.json`'s
///    exact bytes (nothing is parsed before the signature holds);
/// 2. the manifest's schema, every path (`BundlePath`) and its canonical form;
/// 3. no symbolic link anywhere in the bundle tree;
/// 4. every object is there, a regular file, of the right size and SHA-256.
///
/// The first failure is thrown as a `BundleError`.
public final class BundleVerifier {
    public let trustedKeys: [Ed25519PublicKey]
    let fs: any FileSystem

    public init(trustedKeys: [Ed25519PublicKey], fileSystem: any FileSystem = RealFileSystem()) {
        self.trustedKeys = trustedKeys
        self.fs = fileSystem
    }

    /// From hex keys, as `trusted_keys` of a kiosk configuration holds them.
    public convenience init(trustedKeyHex: [String], fileSystem: any FileSystem = RealFileSystem()) throws {
        let keys = try trustedKeyHex.enumerated().map { i, hex in
            try Ed25519PublicKey(hex: hex, source: "trusted_keys[\(i)]")
        }
        self.init(trustedKeys: keys, fileSystem: fileSystem)
    }

    /// Steps 1 and 2 on bytes in memory: what a sync needs before it fetches
    /// any object. Returns the manifest and the key that signed it.
    public func verifyManifest(_ manifestData: Data, signature signatureData: Data,
                               manifestPath: String = "manifest.json",
                               signaturePath: String = "manifest.sig") throws -> (BundleManifest, Ed25519PublicKey) {
        guard !trustedKeys.isEmpty else { throw BundleError.noTrustedKeys }
        let signature = try BundleSignature.parse(signatureData, path: signaturePath)
        guard trustedKeys.contains(signature.publicKey) else {
            throw BundleError.unknownKey(fingerprint: signature.publicKey.hex)
        }
        guard signature.isValid(for: manifestData) else {
            throw BundleError.badSignature(path: signaturePath, fingerprint: signature.publicKey.hex)
        }
        return (try BundleManifest.parse(manifestData, path: manifestPath), signature.publicKey)
    }

    /// Every step, on a bundle directory (or a published tree's root).
    public func verify(bundle: URL) throws -> VerifiedBundle {
        let root = bundle.standardizedFileURL.path
        switch try fs.kind(root) {
        case .directory: break
        case nil: throw BundleError.notABundle(path: root)
        case .symlink:
            // The directory given on the command line may be a link; inside it, none may be.
            let resolved = bundle.resolvingSymlinksInPath()
            guard resolved.path != root else { throw BundleError.symlink(path: root) }
            return try verify(bundle: resolved)
        default: throw BundleError.notRegularFile(path: root)
        }
        let manifestPath = root + "/manifest.json"
        let signaturePath = root + "/manifest.sig"
        let manifestData = try readTopFile(manifestPath, limit: BundleManifest.maxBytes) {
            BundleError.notABundle(path: root)
        }
        let signatureData = try readTopFile(signaturePath, limit: 512) {
            BundleError.signatureMissing(path: signaturePath)
        }
        let (manifest, signer) = try verifyManifest(manifestData, signature: signatureData,
                                                    manifestPath: manifestPath, signaturePath: signaturePath)
        try checkNoSymlinks(root)
        try verifyObjects(of: manifest, in: root)
        return VerifiedBundle(directory: URL(fileURLWithPath: root), manifest: manifest,
                              manifestData: manifestData, signatureData: signatureData, signer: signer)
    }

    private func readTopFile(_ path: String, limit: Int, missing: () -> BundleError) throws -> Data {
        switch try fs.kind(path) {
        case nil: throw missing()
        case .symlink: throw BundleError.symlink(path: path)
        case .file(let size) where size > Int64(limit):
            throw BundleError.manifestUnreadable(path: path, reason: "larger than \(limit) bytes")
        case .file: return try fs.readFile(path, limit: limit)
        default: throw BundleError.notRegularFile(path: path)
        }
    }

    /// No symbolic link (nor device, socket...) anywhere under `root`.
    func checkNoSymlinks(_ root: String) throws {
        for name in try fs.listDirectory(root) {
            let path = root + "/" + name
            switch try fs.kind(path) {
            case .directory: try checkNoSymlinks(path)
            case .file, nil: break
            case .symlink: throw BundleError.symlink(path: path)
            case .other: throw BundleError.notRegularFile(path: path)
            }
        }
    }

    /// Every distinct object present, of the manifest's size and hash.
    public func verifyObjects(of manifest: BundleManifest, in root: String) throws {
        var done = Set<String>()
        for file in manifest.files where done.insert(file.sha256).inserted {
            try verifyObject(file, at: root + "/" + BundlePath.objectPath(file.sha256))
        }
    }

    /// One object file against its manifest entry (also for a sync's downloads).
    public func verifyObject(_ file: BundleManifest.File, at path: String) throws {
        switch try fs.kind(path) {
        case nil:
            throw BundleError.missingObject(path: file.path, object: BundlePath.objectPath(file.sha256))
        case .symlink: throw BundleError.symlink(path: path)
        case .file(let size):
            if size < file.size { throw BundleError.truncatedObject(path: file.path, expected: file.size, actual: size) }
            if size > file.size { throw BundleError.sizeMismatch(path: file.path, expected: file.size, actual: size) }
        default: throw BundleError.notRegularFile(path: path)
        }
        try file.check(try fs.hashFile(path, limit: file.size))
    }
}
