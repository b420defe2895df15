import Foundation

/// Signs a packed bundle: checks its manifest and objects (a damaged bundle
/// must not get a signature), then writes `manifest.sig` atomically.
public enum BundleSigner {
    @discardableResult
    public static func sign(bundle: URL, key: Ed25519PrivateKey,
                            fileSystem fs: any FileSystem = RealFileSystem()) throws -> BundleSignature {
        let root = bundle.standardizedFileURL.path
        let manifestPath = root + "/manifest.json"
        guard case .file = try fs.kind(manifestPath) else { throw BundleError.notABundle(path: root) }
        let data = try fs.readFile(manifestPath, limit: BundleManifest.maxBytes)
        let manifest = try BundleManifest.parse(data, path: manifestPath)
        let checker = BundleVerifier(trustedKeys: [key.publicKey], fileSystem: fs)
        try checker.checkNoSymlinks(root)
        try checker.verifyObjects(of: manifest, in: root)
        let signature = try BundleSignature(signing: data, with: key)
        try fs.writeFileAtomically(root + "/manifest.sig", signature.encoded())
        return signature
    }
}
