import BorneCore
import Foundation
import BorneContent

/// Packs a content directory into a bundle directory:
///
///     BUNDLE/manifest.json   canonical, files sorted by path
///     BUNDLE/manifest.sig    only when a signing key is given (or `borne content sign`)
///     BUNDLE/objects/ab/cd…  each distinct file once, named by its SHA-256
///
/// The content must load (`ContentLoader`), so a bundle that a kiosk would
/// refuse is never built. Only what the kiosk reads is packed (`isKioskFile`):
/// hidden files (`.DS_Store`, `.git`) and tools (`tools/make_demo_gpx.py`) are
/// left out; a symbolic link is an error. The bundle appears whole or not at all: it is
/// written to `BUNDLE.tmp` and renamed.
public enum BundleWriter {
    /// - Parameters:
    ///   - id: default `<created stamp>-<12 hex of the content hash>` (`BundleManifest.makeID`).
    ///   - source: default `source` of bundle.json, else "borne content pack".
    ///   - created: default now (the moment of packing); cut to whole seconds.
    /// - Returns: the manifest written.
    @discardableResult
    public static func write(contentDirectory: URL, to bundle: URL, id: String? = nil, source: String? = nil,
                             created: Date? = nil, scope: [String]? = nil, signingKey: Ed25519PrivateKey? = nil,
                             fileSystem fs: any FileSystem = RealFileSystem()) throws -> BundleManifest {
        let root = contentDirectory.path
        let info: BundleInfo
        do {
            info = try ContentLoader.load(directory: contentDirectory).bundle
        } catch let e as ContentError {
            throw BundleError.contentInvalid(bundle: root, reason: e.description)
        }
        let out = bundle.path
        guard try fs.kind(out) == nil else { throw BundleError.outputExists(path: out) }
        let paths = try listContent(root, fs: fs).packed
        try BundlePath.checkSet(paths)

        let work = out + ".tmp"
        try fs.removeTree(work)
        try fs.makeDirectories(work + "/objects")
        var files: [BundleManifest.File] = []
        var objectDirectories = Set<String>()
        for path in paths {
            let incoming = work + "/objects/incoming.tmp"
            let got = try fs.copyHashing(from: root + "/" + path, to: incoming)
            let object = work + "/" + BundlePath.objectPath(got.sha256)
            let directory = (object as NSString).deletingLastPathComponent
            if objectDirectories.insert(directory).inserted { try fs.makeDirectory(directory) }
            if try fs.kind(object) == nil {
                try fs.rename(incoming, to: object)
            } else {
                try fs.removeFile(incoming)   // the same bytes under another path
            }
            files.append(.init(path: path, sha256: got.sha256, size: got.size))
        }
        // The moment of packing, never bundle.json's `created`: a content
        // directory re-packed after an edit keeps its old bundle.json, and a
        // bundle dated from it would sort before the one it replaces.
        let when = UTCTime.truncated(created ?? Date())
        let manifest = BundleManifest(id: id ?? BundleManifest.makeID(created: when, files: files), created: when,
                                      source: source ?? info.source ?? "borne content pack", scope: scope, files: files)
        try manifest.validate()
        let bytes = manifest.encoded()
        try fs.writeFileAtomically(work + "/manifest.json", bytes)
        if let signingKey {
            try fs.writeFileAtomically(work + "/manifest.sig", BundleSignature(signing: bytes, with: signingKey).encoded())
        }
        for directory in objectDirectories.sorted() { try fs.syncDirectory(directory) }
        try fs.syncDirectory(work + "/objects")
        try fs.syncDirectory(work)
        try fs.rename(work, to: out)
        try fs.syncDirectory((out as NSString).deletingLastPathComponent)
        return manifest
    }

    /// What the kiosk reads, and so what a bundle carries: the five top-level
    /// files (`communes.json` for the hike maps), the items files, `holidays/*.json` (the school-holiday calendar),
    /// and GPX tracks (a hike may name one anywhere).
    /// Anything else — a generator script, notes, a spreadsheet — stays on
    /// the contractor's machine.
    public static func isKioskFile(_ path: String) -> Bool {
        if ["bundle.json", "office.json", "urgences.json", "weather.json", "communes.json"].contains(path) { return true }
        let parts = path.split(separator: "/")
        if parts.count == 2, parts[0] == "items" || parts[0] == "holidays", parts[1].hasSuffix(".json") { return true }
        return path.lowercased().hasSuffix(".gpx")
    }

    /// The files of a content directory a bundle leaves out (not read by the kiosk).
    public static func leftOut(contentDirectory: URL, fileSystem fs: any FileSystem = RealFileSystem()) throws -> [String] {
        try listContent(contentDirectory.path, fs: fs).leftOut
    }

    /// Relative paths of the regular files under `root`, hidden names left
    /// out, sorted by bytes: those the kiosk reads (`packed`) and the others.
    /// A symbolic link or device is an error.
    static func listContent(_ root: String, fs: any FileSystem) throws -> (packed: [String], leftOut: [String]) {
        var paths: [String] = []
        func walk(_ relative: String) throws {
            let absolute = relative.isEmpty ? root : root + "/" + relative
            for name in try fs.listDirectory(absolute) where !name.hasPrefix(".") {
                let child = relative.isEmpty ? name : relative + "/" + name
                switch try fs.kind(root + "/" + child) {
                case .file: paths.append(child)
                case .directory: try walk(child)
                case .symlink: throw BundleError.symlink(path: root + "/" + child)
                case .other, nil: throw BundleError.notRegularFile(path: root + "/" + child)
                }
            }
        }
        try walk("")
        let sorted = paths.sorted { BundlePath.precedes($0, $1) }
        return (sorted.filter(isKioskFile), sorted.filter { !isKioskFile($0) })
    }
}
