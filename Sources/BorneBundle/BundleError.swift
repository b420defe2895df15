import Foundation

/// Everything that can go wrong with a bundle: packing, signing, verifying,
/// installing, publishing. Each message says what was wrong, where, and what
/// to do about it. Paths inside a bundle are the content paths of the
/// manifest (`items/manger.json`); paths on disk are absolute or as given.
///
/// Messages never include key material: only public keys appear, by hex.
public enum BundleError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: Reading a bundle
    /// `manifest.json` is missing: the directory is not a bundle.
    case notABundle(path: String)
    /// `manifest.json` cannot be read, is too large, or is not JSON.
    case manifestUnreadable(path: String, reason: String)
    /// A manifest field is missing or invalid (`field` is dotted: `files[3].sha256`).
    case manifestInvalid(field: String, message: String)
    /// The manifest is valid JSON but not byte for byte the canonical form
    /// `BundleManifest.encoded()` writes (reordered keys, spaces, escapes,
    /// duplicate keys): such bytes may mean different things to different readers.
    case manifestNotCanonical(path: String)
    /// A content path a bundle must not carry (`..`, absolute, backslash...).
    case unsafePath(_ path: String, reason: String)
    /// Two entries name the same file (exactly, or differing only in case or
    /// Unicode normalization), or one entry is a directory of another.
    case duplicatePath(_ path: String, other: String)

    // MARK: Signatures and keys
    case signatureMissing(path: String)
    case signatureMalformed(path: String, reason: String)
    /// The signer is trusted but the signature does not match the manifest's bytes.
    case badSignature(path: String, fingerprint: String)
    /// The manifest is signed by a key that is not among the trusted keys.
    /// `fingerprint` is the signer's public key in hex, as `trusted_keys` holds it.
    case unknownKey(fingerprint: String)
    case noTrustedKeys
    /// A key (file, hex string, PEM) that cannot be used.
    case invalidKey(source: String, reason: String)
    /// libcrypto refused an operation.
    case crypto(operation: String, reason: String)

    // MARK: Objects
    case missingObject(path: String, object: String)
    /// An object is shorter than its manifest size: an interrupted copy or download.
    case truncatedObject(path: String, expected: Int64, actual: Int64)
    /// An object is longer than its manifest size.
    case sizeMismatch(path: String, expected: Int64, actual: Int64)
    case checksumMismatch(path: String, expected: String, actual: String)
    /// A symbolic link inside a bundle (or a content directory being packed).
    case symlink(path: String)
    /// Something other than a regular file or directory where one was expected.
    case notRegularFile(path: String)

    // MARK: Installing
    case downgrade(installed: String, offered: String)
    /// The bundle is limited to some kiosks and this is not one of them.
    case outOfScope(bundle: String, kiosk: String?, scope: [String])
    /// The bundle's content does not load (`ContentLoader` refused it).
    case contentInvalid(bundle: String, reason: String)
    case diskFull(path: String)
    case io(operation: String, path: String, errno: Int32)
    /// Another install or rollback holds the lock of the data directory.
    case busy(path: String)
    case noPreviousVersion(current: String?)
    case nothingInstalled(dataDirectory: String)

    // MARK: Packing and publishing
    case outputExists(path: String)
    case contentDirectory(path: String, reason: String)

    public var description: String {
        switch self {
        case .notABundle(let path):
            return "\(path): not a bundle (no manifest.json); give the directory written by `borne content pack`"
        case .manifestUnreadable(let path, let reason):
            return "\(path): cannot read the manifest: \(reason)"
        case .manifestInvalid(let field, let message):
            return "manifest.json: field \"\(field)\": \(message); rebuild the bundle with `borne content pack`"
        case .manifestNotCanonical(let path):
            return "\(path): not in the canonical form `borne content pack` writes (edited by hand, or tampered with); rebuild and re-sign the bundle"
        case .unsafePath(let path, let reason):
            return "manifest.json: unsafe path \(Self.quote(path)): \(reason); the bundle is refused"
        case .duplicatePath(let path, let other):
            return "manifest.json: path \(Self.quote(path)) clashes with \(Self.quote(other)) (same file on a case-insensitive or normalizing file system, or a file used as a directory); the bundle is refused"
        case .signatureMissing(let path):
            return "\(path): missing; sign the bundle with `borne content sign BUNDLE --key borne.key`"
        case .signatureMalformed(let path, let reason):
            return "\(path): not a Borne signature (\(reason)); re-sign with `borne content sign`"
        case .badSignature(let path, let fingerprint):
            return "\(path): the signature by key \(fingerprint) does not match manifest.json: the manifest or its signature was altered or damaged; fetch the bundle again or re-sign it"
        case .unknownKey(let fingerprint):
            return "manifest.sig: signed by key \(fingerprint), which is not trusted; add that public key (borne.pub) to trusted_keys of the kiosk configuration, or sign with a trusted key"
        case .noTrustedKeys:
            return "no trusted keys: trusted_keys of the kiosk configuration is empty; add the publisher's public key (`borne keygen` prints it)"
        case .invalidKey(let source, let reason):
            return "\(source): not a usable Ed25519 key: \(reason)"
        case .crypto(let operation, let reason):
            return "libcrypto: \(operation) failed: \(reason)"
        case .missingObject(let path, let object):
            return "\(path): object \(object) is missing from the bundle; copy the whole bundle directory again"
        case .truncatedObject(let path, let expected, let actual):
            return "\(path): object truncated (\(actual) of \(expected) bytes): an interrupted copy or download; copy the bundle again"
        case .sizeMismatch(let path, let expected, let actual):
            return "\(path): object is \(actual) bytes, the manifest says \(expected); the bundle is damaged or tampered with"
        case .checksumMismatch(let path, let expected, let actual):
            return "\(path): SHA-256 is \(actual), the manifest says \(expected); the bundle is damaged or tampered with, copy it again"
        case .symlink(let path):
            return "\(path): is a symbolic link; bundles and content directories must hold plain files only"
        case .notRegularFile(let path):
            return "\(path): not a regular file"
        case .downgrade(let installed, let offered):
            return "bundle \(offered) is older than the installed \(installed); refused (use --force to install an older bundle on purpose)"
        case .outOfScope(let bundle, let kiosk, let scope):
            return "bundle \(bundle) is for kiosks \(scope.joined(separator: ", ")), not for \(kiosk ?? "a kiosk without id"); install the bundle built for this kiosk"
        case .contentInvalid(let bundle, let reason):
            return "bundle \(bundle): its content does not load: \(reason); the installed content is kept"
        case .diskFull(let path):
            return "\(path): no space left on device; the installed content is kept; free space and try again"
        case .io(let operation, let path, let code):
            return "\(path): \(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .busy(let path):
            return "\(path): another install or rollback is running; try again later"
        case .noPreviousVersion(let current):
            return "no version older than \(current ?? "the current one") is kept; nothing to roll back to"
        case .nothingInstalled(let dir):
            return "\(dir): no content version is installed"
        case .outputExists(let path):
            return "\(path): already exists; choose a new output directory or remove it"
        case .contentDirectory(let path, let reason):
            return "\(path): \(reason)"
        }
    }

    /// Paths from a manifest may hold control characters: shown escaped.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars.prefix(200) {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20 || (0x7f...0x9f).contains(u.value):
                out += "\\u{\(String(u.value, radix: 16))}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out + (s.unicodeScalars.count > 200 ? "…\"" : "\"")
    }

    /// The error of a failed system call: ENOSPC and EDQUOT are `diskFull`.
    static func system(_ operation: String, path: String, errno code: Int32) -> BundleError {
        if code == ENOSPC || code == EDQUOT { return .diskFull(path: path) }
        return .io(operation: operation, path: path, errno: code)
    }
}
