import Foundation
import BorneContent
#if canImport(Glibc)
import Glibc
#endif

/// Installs verified bundles as content versions on a kiosk:
///
///     DATA/content/versions/<id>/   one complete content directory per version,
///                                   plus .manifest.json and .manifest.sig as verified
///     DATA/content/current          symbolic link → versions/<id>, what the kiosk shows
///     DATA/content/staging/         work in progress (<id>.tmp, <id>.old.tmp)
///     DATA/content/.lock            flock: one install or rollback at a time
///
/// Invariants, whatever crash or I/O error happens at any point:
/// - every `versions/<id>` is complete: it is staged, checked and fsynced
///   in `staging/` and only then renamed in (and leaves by a rename out);
/// - `current` is absent until the first install completes, then always a
///   link to one of them, replaced only by `rename()` of `current.tmp`;
/// - everything else (`current.tmp`, `staging/*`) is a leftover that
///   `recover()` removes.
///
/// All file-system work goes through `fs`, so tests can fail or crash any
/// single operation (`FaultyFileSystem`, `BORNE_CRASH_AFTER_OPS`).
public final class BundleInstaller {
    public enum Outcome: Equatable, Sendable {
        /// The bundle is now current.
        case installed
        /// It was current already: nothing was done.
        case alreadyCurrent
    }

    public struct InstallResult: Equatable, Sendable {
        public var id: String
        public var outcome: Outcome
        /// The version that was current before, if any.
        public var previous: String?
        /// Versions removed by pruning.
        public var pruned: [String]
        /// Failures after the switch (pruning, clean-up): the install itself succeeded.
        public var warnings: [String]
    }

    public let dataDirectory: URL
    /// Versions kept after an install, the current one included (at least 1).
    public let keep: Int
    let fs: any FileSystem

    let contentPath: String
    var versionsPath: String { contentPath + "/versions" }
    var stagingPath: String { contentPath + "/staging" }
    var currentPath: String { contentPath + "/current" }
    var lockPath: String { contentPath + "/.lock" }

    /// - Parameter fileSystem: by default the real one, or a crashing one
    ///   in a debug build's crash tests (`RealFileSystem.fromEnvironment`).
    public init(dataDirectory: URL, keep: Int = 3, fileSystem: (any FileSystem)? = nil) {
        precondition(keep >= 1, "keep at least the current version")
        self.dataDirectory = dataDirectory.standardizedFileURL
        self.contentPath = self.dataDirectory.path + "/content"
        self.keep = keep
        self.fs = fileSystem ?? RealFileSystem.fromEnvironment()
    }

    /// The directory `current` points to (what the kiosk loads), or nil.
    public var currentDirectory: URL? {
        guard let id = try? currentID() else { return nil }
        return URL(fileURLWithPath: versionsPath + "/" + id)
    }

    // MARK: - Install

    /// Verifies `bundle` against `trustedKeys`, then installs it and makes it
    /// current. Throws before the switch leave the previous version current.
    ///
    /// - Parameters:
    ///   - kioskID: this kiosk's id, checked against the bundle's `scope`.
    ///   - force: install even if the bundle is older than the current one.
    @discardableResult
    public func install(bundle: URL, trustedKeys: [Ed25519PublicKey], kioskID: String?,
                        force: Bool = false) throws -> InstallResult {
        try prepareLayout()
        return try withLock {
            _ = try cleanLeftovers()
            let verified = try BundleVerifier(trustedKeys: trustedKeys, fileSystem: fs).verify(bundle: bundle)
            return try installLocked(verified, kioskID: kioskID, force: force)
        }
    }

    private func installLocked(_ verified: VerifiedBundle, kioskID: String?, force: Bool) throws -> InstallResult {
        let manifest = verified.manifest
        let id = manifest.id
        if let scope = manifest.scope, !scope.contains(kioskID ?? "") {
            throw BundleError.outOfScope(bundle: id, kiosk: kioskID, scope: scope)
        }
        let previous = try currentID()
        if previous == id {
            return InstallResult(id: id, outcome: .alreadyCurrent, previous: previous, pruned: [], warnings: [])
        }
        // Downgrade: older by creation time. An unreadable installed manifest
        // is an error rather than a reason to skip the check (--force skips it).
        if let previous, !force, manifest.created < (try installedManifest(previous)).created {
            throw BundleError.downgrade(installed: previous, offered: id)
        }
        let version = versionsPath + "/" + id
        if try fs.kind(version) != nil {
            // Kept from before a rollback, or a crash before the switch: not
            // current, so it can go; it is staged again from the bundle.
            try discard(version, as: id)
        }
        try stage(verified)
        try fs.rename(stagingPath + "/" + id + ".tmp", to: version)
        try fs.syncDirectory(versionsPath)
        try fs.syncDirectory(stagingPath)
        try switchCurrent(to: id)

        var warnings: [String] = []
        var pruned: [String] = []
        do { pruned = try prune(current: id) } catch { warnings.append("pruning old versions: \(error)") }
        do { _ = try cleanLeftovers() } catch { warnings.append("cleaning staging: \(error)") }
        return InstallResult(id: id, outcome: .installed, previous: previous, pruned: pruned, warnings: warnings)
    }

    /// Copies every file into `staging/<id>.tmp/<path>`, hashing each again
    /// while copying (the bundle may change under us), adds the verified
    /// manifest and signature, loads the result with `ContentLoader`, writes
    /// the track index it built (`.tracks`) and the item index (`.items`), and fsyncs every file and directory. On any error the stage is removed.
    private func stage(_ verified: VerifiedBundle) throws {
        let manifest = verified.manifest
        let stage = stagingPath + "/" + manifest.id + ".tmp"
        let source = verified.directory.path
        try fs.makeDirectory(stage)
        do {
            var directories = [stage]
            var made = Set<String>()
            for file in manifest.files {
                var parent = ""
                for component in file.path.split(separator: "/").dropLast() {
                    parent += (parent.isEmpty ? "" : "/") + component
                    if made.insert(parent).inserted {
                        try fs.makeDirectory(stage + "/" + parent)
                        directories.append(stage + "/" + parent)
                    }
                }
                let got = try fs.copyHashing(from: source + "/" + BundlePath.objectPath(file.sha256),
                                             to: stage + "/" + file.path, limit: file.size)
                try file.check(got)
            }
            try writeNew(stage + "/" + Self.manifestName, verified.manifestData)
            try writeNew(stage + "/" + Self.signatureName, verified.signatureData)
            let loaded: ContentLoadResult
            do {
                loaded = try ContentLoader.load(directory: URL(fileURLWithPath: stage))
            } catch let e as ContentError {
                throw BundleError.contentInvalid(bundle: manifest.id, reason: e.description)
            }
            // The hikes' parsed tracks, so the kiosk starts without parsing GPX.
            try writeNew(stage + "/" + ContentLoader.trackIndexName, Data(loaded.tracks.built.encoded()))
            // The items as loaded (sanitized), so the kiosk starts without parsing them.
            if let items = loaded.items.built {
                try writeNew(stage + "/" + ContentLoader.itemIndexName, Data(items.encoded()))
            }
            for directory in directories.reversed() { try fs.syncDirectory(directory) }
        } catch {
            try? fs.removeTree(stage)
            throw error
        }
    }

    /// The verified manifest and signature, kept in each version directory
    /// (hidden names, which content paths may not use).
    static let manifestName = ".manifest.json"
    static let signatureName = ".manifest.sig"

    private func writeNew(_ path: String, _ data: Data) throws {
        let fd = try fs.createFile(path)
        do {
            try data.withUnsafeBytes { try fs.write(fd, $0, path: path) }
            try fs.sync(fd, path: path)
        } catch {
            try? fs.close(fd, path: path)
            throw error
        }
        try fs.close(fd, path: path)
    }

    /// Points `current` at `versions/<id>` with one `rename()`.
    func switchCurrent(to id: String) throws {
        let temporary = currentPath + ".tmp"
        try fs.removeTree(temporary)
        try fs.createSymlink(temporary, target: "versions/" + id)
        do {
            try fs.rename(temporary, to: currentPath)
        } catch {
            try? fs.removeFile(temporary)
            throw error
        }
        try fs.syncDirectory(contentPath)
    }

    // MARK: - Layout and lock

    func prepareLayout() throws {
        try fs.makeDirectories(versionsPath)
        try fs.makeDirectories(stagingPath)
    }

    /// Runs `body` holding an exclusive `flock` on `content/.lock`; another
    /// holder makes it throw `busy`. The kernel drops the lock when the
    /// process dies, so a crash never leaves it held. (Outside `fs`: taking a
    /// lock is not content I/O and is not fault-injected.)
    func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BundleError.system("open lock", path: lockPath, errno: errno) }
        defer { Glibc.close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            if errno == EWOULDBLOCK { throw BundleError.busy(path: lockPath) }
            throw BundleError.system("flock", path: lockPath, errno: errno)
        }
        return try body()
    }
}
