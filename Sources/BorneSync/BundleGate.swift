import Foundation

/// One file a manifest names: where it goes in the content tree, and the
/// object that holds its bytes (`objects/ab/cdef…`, by SHA-256).
public struct ObjectRef: Equatable, Hashable, Sendable {
    public var path: String
    /// Lowercase hex, 64 characters.
    public var sha256: String
    public var size: Int64

    public init(path: String, sha256: String, size: Int64) {
        self.path = path; self.sha256 = sha256; self.size = size
    }
}

/// What BorneSync needs from BorneBundle. The transport never decides what
/// is trusted: it hands the manifest's exact bytes and signature over, gets
/// back the objects to fetch, and asks for the install once they are staged.
///
/// The real gate (BorneBundle: Ed25519 against the kiosk's `trusted_keys`,
/// atomic install) is built by `makeGate(config:dataDir:)` in the executable.
public protocol BundleGate {
    /// Checks the signature of the manifest's exact bytes and parses it.
    /// Throws when it is not signed by a trusted key or does not parse.
    func verifyManifest(_ manifest: Data, signature: Data) throws -> [ObjectRef]
    /// True when the kiosk already holds this object (in an installed
    /// version), so it need not cross the link again.
    func hasObject(sha256: String) -> Bool
    /// Lowercase hex SHA-256 of a file — one implementation of the hash for
    /// the whole program, BorneBundle's.
    func sha256(file: URL) throws -> String
    /// Verifies and installs the version the manifest describes, reading
    /// objects from `objectsDir` (`ab/cdef…`) or the kiosk's own store.
    /// Returns the installed version's id.
    func installFromObjects(manifest: Data, signature: Data, objectsDir: URL) throws -> String
}
