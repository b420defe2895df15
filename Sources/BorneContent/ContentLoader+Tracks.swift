import BorneCore
import Foundation

/// How a load used the track index (`TrackIndex`): hikes' GPX files are
/// parsed only when no index describes their exact bytes.
public struct TrackIndexUse: Sendable {
    /// The index that was read; nil when none was found or usable.
    public var source: URL?
    /// Indexes found but refused as a whole (damaged, truncated): what and why.
    public var refused: [String] = []
    /// GPX files whose entry in `source` no longer matches their bytes.
    public var stale: [String] = []
    /// GPX files `source` has no entry for.
    public var missing: [String] = []
    /// GPX files parsed by this load (0: the index had every track).
    public var parsed = 0
    /// Every track of this load, to write where the next load will find it.
    public var built = TrackIndex()

    public init() {}
}

/// One load's tracks: the index read, and the index being built.
final class TrackIndexSession {
    let index: TrackIndex?
    var use = TrackIndexUse()

    init(directory: URL, fallback: URL?) {
        var found: TrackIndex?
        for url in [directory.appendingPathComponent(ContentLoader.trackIndexName), fallback].compactMap({ $0 }) {
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            do {
                found = try TrackIndex.decode(Array(try Data(contentsOf: url)))
                use.source = url
                break
            } catch {
                use.refused.append("track index \(url.path) not used: \(error)")
            }
        }
        index = found
    }

    /// The track of `path` from this load or the index, when one describes exactly `data`.
    func track(_ path: String, data: Data) -> Track? {
        data.withUnsafeBytes { bytes in
            if let t = use.built.track(for: path, bytes: bytes) { return t }
            guard let index, let t = index.track(for: path, bytes: bytes) else {
                if let index {
                    if index.entries[path] == nil { use.missing.append(path) } else { use.stale.append(path) }
                }
                return nil
            }
            use.built.entries[path] = TrackIndex.Entry(size: bytes.count, fingerprint: index.entries[path]!.fingerprint, track: t)
            return t
        }
    }

    /// A track parsed from `data`.
    func parsed(_ path: String, data: Data, track: Track) {
        use.parsed += 1
        let fp = data.withUnsafeBytes { TrackIndex.fingerprint($0) }
        use.built.entries[path] = TrackIndex.Entry(size: data.count, fingerprint: fp, track: track)
    }
}

extension ContentLoader {
    /// The track index inside a content version (a hidden name: content paths never are).
    public static let trackIndexName = ".tracks"

    /// Writes `index` to `url` through a temporary file and one rename.
    public static func writeTrackIndex(_ index: TrackIndex, to url: URL) throws {
        try writeIndex(index.encoded(), to: url)
    }

    /// Writes `index` to `url` through a temporary file and one rename.
    public static func writeItemIndex(_ index: ItemIndex, to url: URL) throws {
        try writeIndex(index.encoded(), to: url)
    }

    static func writeIndex(_ bytes: [UInt8], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        try Data(bytes).write(to: temp)
        guard rename(temp.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot rename \(temp.path) to \(url.path): \(reason)"])
        }
    }
}
