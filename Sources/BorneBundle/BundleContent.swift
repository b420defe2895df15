import Foundation
import BorneCore
import BorneContent

/// A bundle's content loaded the way a kiosk loads it (`ContentLoader`), for
/// the contractor's checks: `verify` reports its problems, `diff` compares
/// items, `publish` refuses a section that empties. The files are copied by
/// path out of `objects/` into a temporary directory, removed afterwards.
public enum BundleContent {
    /// - Throws: `BundleError.missingObject`-like errors when an object is
    ///   absent (`notABundle` naming it), `contentInvalid` when the content
    ///   does not load at all (no bundle.json or office.json).
    public static func load(bundle: URL, manifest: BundleManifest) throws -> ContentLoadResult {
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("borne-bundle-content-\(getpid())-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: work) }
        for file in manifest.files {
            try BundlePath.check(file.path)
            let object = bundle.appendingPathComponent(BundlePath.objectPath(file.sha256))
            let target = work.appendingPathComponent(file.path)
            do {
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fm.copyItem(at: object, to: target)
            } catch {
                throw BundleError.notABundle(path: object.path + " (the object of \(file.path))")
            }
        }
        do {
            return try ContentLoader.load(directory: work)
        } catch let e as ContentError {
            throw BundleError.contentInvalid(bundle: bundle.path, reason: e.description)
        }
    }

    /// Items per section.
    public static func counts(_ content: ContentLoadResult) -> [SectionID: Int] {
        var out: [SectionID: Int] = [:]
        for item in content.catalog.items { out[item.section, default: 0] += 1 }
        return out
    }
}
