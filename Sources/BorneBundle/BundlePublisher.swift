import Foundation

/// Writes bundles into a static tree any HTTP server (or a USB stick) can serve:
///
///     DIR/objects/ab/cd…               shared by every bundle, never rewritten once right
///     DIR/objects/ab/cd….gz            the same bytes gzipped: what a sync fetches
///     DIR/bundles/<id>/manifest.json   every published bundle, immutable
///     DIR/bundles/<id>/manifest.sig
///     DIR/manifest.json                the latest bundle: written last
///     DIR/manifest.sig
///
/// Every file is written to a temporary name, fsynced and renamed, and the
/// latest manifest only after all its objects are in place: a reader never
/// sees a manifest whose objects are missing. `DIR` itself is a valid bundle
/// directory, so `borne content install DIR` works on a copied tree.
///
/// Between the renames of `manifest.json` and `manifest.sig` a reader may get
/// a new manifest with the old signature: it must treat a bad signature of
/// the top pair as transient and retry, or take the signature from
/// `bundles/<id>/manifest.sig`, which never changes.
public enum BundlePublisher {
    public struct PublishResult: Equatable, Sendable {
        public var id: String
        public var objectsWritten: Int
        public var objectsKept: Int
        public var bytesWritten: Int64
        /// Whether `DIR/manifest.json` now names this bundle.
        public var isLatest: Bool
    }

    /// Publishes a signed bundle (its signature must match the key it names;
    /// whether kiosks trust that key is theirs to decide).
    ///
    /// - Parameter force: make it the latest even if a newer bundle is
    ///   published; by default the latest only moves forward in time.
    @discardableResult
    public static func publish(bundle: URL, to directory: URL, force: Bool = false,
                               fileSystem fs: any FileSystem = RealFileSystem()) throws -> PublishResult {
        let signaturePath = bundle.standardizedFileURL.path + "/manifest.sig"
        guard case .file = try fs.kind(signaturePath) else { throw BundleError.signatureMissing(path: signaturePath) }
        let hint = try BundleSignature.parse(try fs.readFile(signaturePath, limit: 512), path: signaturePath)
        let verified = try BundleVerifier(trustedKeys: [hint.publicKey], fileSystem: fs).verify(bundle: bundle)
        let manifest = verified.manifest
        let root = directory.standardizedFileURL.path

        try fs.makeDirectories(root + "/objects")
        try fs.makeDirectories(root + "/bundles")
        var result = PublishResult(id: manifest.id, objectsWritten: 0, objectsKept: 0, bytesWritten: 0, isLatest: false)
        var seen = Set<String>()
        var touchedDirectories = Set<String>()
        for file in manifest.files where seen.insert(file.sha256).inserted {
            let relative = BundlePath.objectPath(file.sha256)
            let target = root + "/" + relative
            if try isIntact(target, file, fs) { result.objectsKept += 1; continue }
            let folder = (target as NSString).deletingLastPathComponent
            try fs.makeDirectories(folder)
            let temporary = target + ".tmp"
            try fs.removeTree(temporary)
            do {
                try file.check(try fs.copyHashing(from: verified.directory.path + "/" + relative, to: temporary, limit: file.size))
                try fs.rename(temporary, to: target)
            } catch {
                try? fs.removeFile(temporary)
                throw error
            }
            touchedDirectories.insert(folder)
            result.objectsWritten += 1
            result.bytesWritten += file.size
        }
        for folder in touchedDirectories.sorted() { try fs.syncDirectory(folder) }
        try fs.syncDirectory(root + "/objects")
        // Each object's compressed copy (what a kiosk fetches), before the
        // manifest that names the object: CompressedObject.
        seen.removeAll()
        for file in manifest.files where seen.insert(file.sha256).inserted {
            _ = try publishCompressed(file, root: root, fs)
        }

        let own = root + "/bundles/" + manifest.id
        try fs.makeDirectories(own)
        try writeIfChanged(own + "/manifest.json", verified.manifestData, fs)
        try writeIfChanged(own + "/manifest.sig", verified.signatureData, fs)
        try fs.syncDirectory(root + "/bundles")

        result.isLatest = try shouldBecomeLatest(manifest, root: root, force: force, fs)
        if result.isLatest {
            try writeIfChanged(root + "/manifest.json", verified.manifestData, fs)
            try writeIfChanged(root + "/manifest.sig", verified.signatureData, fs)
        }
        return result
    }

    /// Whether an object already published is whole (a crashed earlier run
    /// cannot leave a partial one, but a damaged disk could).
    static func isIntact(_ path: String, _ file: BundleManifest.File, _ fs: any FileSystem) throws -> Bool {
        guard case .file(let size) = try fs.kind(path), size == file.size else { return false }
        return try fs.hashFile(path, limit: file.size).sha256 == file.sha256
    }

    static func writeIfChanged(_ path: String, _ data: Data, _ fs: any FileSystem) throws {
        if case .file(let size) = try fs.kind(path), size == Int64(data.count),
           try fs.readFile(path, limit: data.count) == data { return }
        try fs.writeFileAtomically(path, data)
    }

    static func shouldBecomeLatest(_ manifest: BundleManifest, root: String, force: Bool, _ fs: any FileSystem) throws -> Bool {
        if force { return true }
        guard case .file = try fs.kind(root + "/manifest.json") else { return true }
        guard let latest = try? BundleManifest.parse(try fs.readFile(root + "/manifest.json", limit: BundleManifest.maxBytes)) else {
            return true   // unreadable: replace it
        }
        return latest.created <= manifest.created
    }

    // MARK: - Prune

    public struct PruneResult: Equatable, Sendable {
        public var bundlesRemoved: [String]
        public var objectsRemoved: Int
    }

    /// Keeps the `keep` newest bundles (and the latest) and the objects they
    /// use; removes the rest. A kiosk in the middle of fetching a removed
    /// bundle fails its download and fetches the latest on its next try.
    @discardableResult
    public static func prune(_ directory: URL, keep: Int, fileSystem fs: any FileSystem = RealFileSystem()) throws -> PruneResult {
        precondition(keep >= 1, "keep at least one bundle")
        let root = directory.standardizedFileURL.path
        let ids = try fs.listDirectory(root + "/bundles").filter(BundleInstaller.isVersionName)
            .sorted { BundlePath.precedes($0, $1) }
        var kept = Set(ids.suffix(keep))
        var referenced = Set<String>()
        if case .file = try fs.kind(root + "/manifest.json") {
            let latest = try BundleManifest.parse(try fs.readFile(root + "/manifest.json", limit: BundleManifest.maxBytes))
            kept.insert(latest.id)
            referenced.formUnion(latest.objects)
        }
        var result = PruneResult(bundlesRemoved: [], objectsRemoved: 0)
        for id in ids where !kept.contains(id) {
            try fs.removeTree(root + "/bundles/" + id)
            result.bundlesRemoved.append(id)
        }
        for id in kept where ids.contains(id) {
            let path = root + "/bundles/" + id + "/manifest.json"
            referenced.formUnion(try BundleManifest.parse(try fs.readFile(path, limit: BundleManifest.maxBytes), path: path).objects)
        }
        for prefix in try fs.listDirectory(root + "/objects") {
            let folder = root + "/objects/" + prefix
            guard try fs.kind(folder) == .directory else { continue }
            for rest in try fs.listDirectory(folder) where !referenced.contains(prefix + Self.objectName(rest)) {
                try fs.removeTree(folder + "/" + rest)
                if !rest.hasSuffix(CompressedObject.suffix) { result.objectsRemoved += 1 }
            }
        }
        return result
    }

    /// An object's name without the compressed copy's suffix: `cdef….gz` → `cdef…`.
    static func objectName(_ entry: String) -> String {
        entry.hasSuffix(CompressedObject.suffix) ? String(entry.dropLast(CompressedObject.suffix.count)) : entry
    }
}
