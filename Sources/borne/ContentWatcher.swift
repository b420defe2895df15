import BorneContent
import BorneCore
import Foundation

/// Notices when the content directory given to the kiosk now resolves to
/// another version (`borne sync` swapped the `current` symlink) and loads it.
/// A version that fails to load is reported once and the kiosk keeps what it shows.
struct ContentWatcher {
    let path: String
    private(set) var loadedTarget: String
    private var rejectedTarget: String?
    private var lastCheck = Date.distantPast
    static let interval: TimeInterval = 15

    init(path: String) {
        self.path = path
        loadedTarget = Self.resolve(path)
    }

    static func resolve(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// A newly installed catalog, at most once per interval; nil when nothing changed.
    mutating func poll(now: Date) -> (ContentCatalog, Int)? {
        guard now.timeIntervalSince(lastCheck) >= Self.interval else { return nil }
        lastCheck = now
        let target = Self.resolve(path)
        guard target != loadedTarget, target != rejectedTarget else { return nil }
        do {
            let result = try ContentLoader.load(directory: URL(fileURLWithPath: target))
            loadedTarget = target
            printError("borne kiosk: new content \(result.catalog.version) from \(target), shown at the next return home")
            for p in result.problems { printError("borne kiosk: content: \(p)") }
            return (result.catalog, result.problems.count)
        } catch {
            rejectedTarget = target
            printError("borne kiosk: new content at \(target) refused, keeping the current one: \(error)")
            return nil
        }
    }
}
