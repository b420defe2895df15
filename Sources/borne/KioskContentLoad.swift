import BorneContent
import Foundation

/// The kiosk's content load (at start and in `ContentWatcher`): hikes'
/// tracks come from the version's track index (`.tracks`, written at
/// install) or, for content installed without one (older installs, the
/// demo `content/` of `make run`), from `DATA/cache/tracks`, which a load
/// that had to parse GPX files writes for the next start. The items alike:
/// from the version's item index (`.items`) or `DATA/cache/items`, written
/// by a load that had to parse them. The content directory itself is never
/// written.
enum KioskContentLoad {
    static func fallback(dataDir: URL) -> URL {
        dataDir.appendingPathComponent("cache").appendingPathComponent("tracks")
    }

    static func itemsFallback(dataDir: URL) -> URL {
        dataDir.appendingPathComponent("cache").appendingPathComponent("items")
    }

    /// `shelve`: the items stay in their index, decoded when shown
    /// (`ContentCatalog.shelf`); a block that fails later is logged and
    /// the items are then parsed from the JSON files.
    static func load(directory: URL, dataDir: URL, shelve: Bool = false) throws -> ContentLoadResult {
        let cache = fallback(dataDir: dataDir)
        let itemsCache = itemsFallback(dataDir: dataDir)
        var report: (@Sendable (String) -> Void)?
        if shelve { report = { (message: String) in Log.warning("borne kiosk: " + message) } }
        let result = try ContentLoader.load(directory: directory, trackIndexFallback: cache,
                                            itemIndexFallback: itemsCache, shelve: report)
        writeItemIndex(result.items, directory: directory, cache: itemsCache)
        let t = result.tracks
        for r in t.refused { Log.warning("borne kiosk: \(r); tracks parsed from their GPX files") }
        if let source = t.source, !t.stale.isEmpty || !t.missing.isEmpty {
            // The version's own index should describe every track it holds.
            let own = source.path != cache.path
            let what = [t.stale.isEmpty ? nil : "\(t.stale.count) stale (\(list(t.stale)))",
                        t.missing.isEmpty ? nil : "\(t.missing.count) missing (\(list(t.missing)))"]
                .compactMap { $0 }.joined(separator: ", ")
            let line = "borne kiosk: track index \(source.path): entries \(what): parsed from their GPX files"
            if own { Log.warning(line) } else { Log.info(line) }
        }
        if t.parsed > 0 {
            writeCache("\(t.parsed) GPX track(s)", index: "track index", parsed: "the GPX files",
                       directory: directory, cache: cache) { try ContentLoader.writeTrackIndex(t.built, to: cache) }
        }
        return result
    }

    /// Logs the item indexes not used and, when the items had to be parsed,
    /// writes their index for the next start.
    private static func writeItemIndex(_ use: ItemIndexUse, directory: URL, cache: URL) {
        for r in use.refused {
            // The version's own index should describe it; the cache is often just older.
            let line = "borne kiosk: \(r); items parsed from \(directory.path)/items"
            if r.contains(cache.path) { Log.info(line) } else { Log.warning(line) }
        }
        guard let built = use.built else { return }
        writeCache("\(built.items.count) item(s)", index: "item index", parsed: "the items",
                   directory: directory, cache: cache) { try ContentLoader.writeItemIndex(built, to: cache) }
    }

    /// Writes an index the load had to build into the data directory's
    /// cache for the next start, and says so (or why it could not).
    private static func writeCache(_ what: String, index: String, parsed: String, directory: URL, cache: URL,
                                   write: () throws -> Void) {
        do {
            try write()
            Log.info("borne kiosk: \(what) of \(directory.path) parsed; \(index) written to \(cache.path) for the next start")
        } catch {
            Log.warning("borne kiosk: cannot write the \(index) \(cache.path): \(error.localizedDescription); "
                        + "the next start parses \(parsed) again")
        }
    }

    private static func list(_ paths: [String]) -> String {
        paths.prefix(3).joined(separator: ", ") + (paths.count > 3 ? ", …" : "")
    }
}
