import Foundation

extension BundleInstaller {
    public struct RollbackResult: Equatable, Sendable {
        public var from: String
        public var to: String
    }

    /// The id `current` points to; nil when nothing was ever installed.
    public func currentID() throws -> String? {
        guard let target = try fs.readSymlink(currentPath) else { return nil }
        let prefix = "versions/"
        let id = String(target.dropFirst(prefix.count))
        guard target.hasPrefix(prefix), Self.isVersionName(id) else {
            throw BundleError.io(operation: "read current (unexpected target \(BundleError.quote(target)))",
                                 path: currentPath, errno: EINVAL)
        }
        return id
    }

    /// Installed version ids, oldest first (ids sort by creation time).
    public func installedVersions() throws -> [String] {
        guard try fs.kind(versionsPath) == .directory else { return [] }
        return try fs.listDirectory(versionsPath).filter(Self.isVersionName).sorted { BundlePath.precedes($0, $1) }
    }

    /// The manifest kept with an installed version (as verified at install).
    public func installedManifest(_ id: String) throws -> BundleManifest {
        let path = versionsPath + "/" + id + "/" + Self.manifestName
        return try BundleManifest.parse(try fs.readFile(path, limit: BundleManifest.maxBytes), path: path)
    }

    /// Checks every file of an installed version against its kept manifest:
    /// what a rollback does before switching, and what tests assert.
    @discardableResult
    public func verifyInstalled(_ id: String) throws -> BundleManifest {
        let manifest = try installedManifest(id)
        guard manifest.id == id else {
            throw BundleError.manifestInvalid(field: "id", message: "version directory \(id) holds the manifest of \(manifest.id)")
        }
        let root = versionsPath + "/" + id
        for file in manifest.files {
            let path = root + "/" + file.path
            guard case .file = try fs.kind(path) else {
                throw BundleError.missingObject(path: file.path, object: path)
            }
            try file.check(try fs.hashFile(path, limit: file.size))
        }
        return manifest
    }

    // MARK: - Rollback

    /// Makes the newest version older than the current one current again
    /// (or `id`, when given), after checking its files.
    @discardableResult
    public func rollback(to id: String? = nil) throws -> RollbackResult {
        try prepareLayout()
        return try withLock {
            _ = try cleanLeftovers()
            guard let current = try currentID() else { throw BundleError.nothingInstalled(dataDirectory: dataDirectory.path) }
            let versions = try installedVersions()
            let target: String
            if let id {
                guard versions.contains(id), id != current else { throw BundleError.noPreviousVersion(current: current) }
                target = id
            } else {
                guard let previous = versions.last(where: { BundlePath.precedes($0, current) }) else {
                    throw BundleError.noPreviousVersion(current: current)
                }
                target = previous
            }
            try verifyInstalled(target)
            try switchCurrent(to: target)
            return RollbackResult(from: current, to: target)
        }
    }

    // MARK: - Clean-up

    /// Removes what an interrupted install left (`current.tmp`, everything in
    /// `staging/`, `versions/*.tmp`). Call it when the kiosk starts. Returns
    /// the paths removed; does nothing while another process holds the lock.
    @discardableResult
    public func recover() throws -> [String] {
        try prepareLayout()
        do {
            return try withLock { try cleanLeftovers() }
        } catch BundleError.busy {
            return []   // an install is running: its staging is not a leftover
        }
    }

    func cleanLeftovers() throws -> [String] {
        var removed: [String] = []
        let temporary = currentPath + ".tmp"
        if try fs.kind(temporary) != nil { try fs.removeTree(temporary); removed.append(temporary) }
        for name in try fs.listDirectory(stagingPath) {
            try fs.removeTree(stagingPath + "/" + name)
            removed.append(stagingPath + "/" + name)
        }
        for name in try fs.listDirectory(versionsPath) where name.hasSuffix(".tmp") {
            try fs.removeTree(versionsPath + "/" + name)
            removed.append(versionsPath + "/" + name)
        }
        return removed
    }

    /// Keeps `keep` versions: the current one and the newest others.
    /// A version leaves `versions/` by one rename into staging, then is
    /// deleted, so `versions/` never holds a half-deleted version.
    func prune(current: String) throws -> [String] {
        let versions = try installedVersions()
        var kept: Set<String> = [current]
        for v in versions.reversed() where kept.count < keep { kept.insert(v) }
        let doomed = versions.filter { !kept.contains($0) }
        for id in doomed { try discard(versionsPath + "/" + id, as: id) }
        return doomed
    }

    /// Moves a version directory out of `versions/` atomically, then deletes it.
    func discard(_ path: String, as id: String) throws {
        let trash = stagingPath + "/" + id + ".old.tmp"
        try fs.removeTree(trash)
        try fs.rename(path, to: trash)
        try fs.syncDirectory(versionsPath)
        try fs.removeTree(trash)
    }

    /// A version directory name: a bundle id (never hidden, never `.tmp`).
    static func isVersionName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.hasSuffix(".tmp") && name.utf8.count <= 128
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }
}
