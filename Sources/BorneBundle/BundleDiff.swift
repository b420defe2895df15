/// What changes from one bundle to another, and what a kiosk holding the
/// old one must download to get the new one.
public struct BundleDiff: Equatable, Sendable {
    /// Paths only in the new bundle, sorted.
    public var added: [String]
    /// Paths only in the old bundle, sorted.
    public var removed: [String]
    /// Paths in both whose content (SHA-256) differs, sorted.
    public var changed: [String]
    public var unchanged: Int
    /// Distinct objects of the new bundle not already held, sorted.
    public var objectsToFetch: [String]
    /// Their total size: what a sync downloads.
    public var bytesToFetch: Int64

    /// - Parameter held: objects already on hand; by default the old bundle's.
    public init(from old: BundleManifest?, to new: BundleManifest, held: Set<String>? = nil) {
        let before = Dictionary((old?.files ?? []).map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        let sort = { (paths: [String]) in paths.sorted { BundlePath.precedes($0, $1) } }
        added = sort(after.keys.filter { before[$0] == nil })
        removed = sort(before.keys.filter { after[$0] == nil })
        changed = sort(after.keys.filter { before[$0] != nil && before[$0] != after[$0] })
        unchanged = after.keys.filter { before[$0] == after[$0] }.count
        let have = held ?? old?.objects ?? []
        var fetch: [String: Int64] = [:]
        for f in new.files where !have.contains(f.sha256) { fetch[f.sha256] = f.size }
        objectsToFetch = fetch.keys.sorted()
        bytesToFetch = fetch.values.reduce(0, +)
    }

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
}
