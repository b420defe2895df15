/// BorneBundle — signed, content-addressed content bundles: the manifest,
/// SHA-256 objects, Ed25519 signatures (libcrypto), verification, and the
/// atomic install of a version on a kiosk (stage, fsync, swap `current`,
/// keep the last versions, rollback). Format and guarantees: docs/BUNDLES.md.
///
/// Main types: `BundleWriter` (pack), `BundleSigner`, `BundleVerifier`,
/// `BundleInstaller`, `BundlePublisher`, `BundleDiff`, `BundleManifest`,
/// `BundleSignature`, `Ed25519PrivateKey`/`Ed25519PublicKey`, `SHA256`,
/// `BundleError`; file-system access through `FileSystem` (`RealFileSystem`,
/// `FaultyFileSystem` for fault and crash tests).
///
/// It must never trust its input: a bundle, from HTTP or a USB stick, is
/// checked entirely before anything it names is installed, and hashed again
/// while it is copied. It never touches the network, never logs a private
/// key, and only this module imports CCrypto.
public enum BorneBundle {}
