import BorneContent
import BorneCore
import BorneUI
import Foundation

extension KioskContentLoad {
    /// What a village kiosk's home shows, from the head of the version's
    /// item index (or `DATA/cache/items`) when it describes the content as
    /// it is now; nil otherwise (the start then loads in full first).
    static func loadHome(directory: URL, dataDir: URL) -> HomeLoad? {
        ContentLoader.loadHome(directory: directory, itemIndexFallback: itemsFallback(dataDir: dataDir))
    }
}

/// The rest of a start whose first frame was drawn from an item index's
/// head (`KioskContentLoad.loadHome`): the full load, on a background queue
/// (`begin`, or `wait`, which the loop calls in its first turn, right after
/// that frame, before it reads any input: `KioskLoop.pendingStart`), so no
/// tap ever sees the home's stand-in items and the frame does not share the
/// CPU with the load.
final class KioskStart: @unchecked Sendable {
    typealias Full = (catalog: ContentCatalog, problems: Int)
    let directory: String
    private let work: @Sendable () throws -> Full
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var begun = false
    private var result: Result<Full, Error>?

    /// The home's stand-in items (`ItemIndex.Home`), held here rather than
    /// in the environment every part of the kiosk copies, so that they are
    /// freed when the first app is.
    private var homeItems: [ContentItem]?

    init(directory: String, homeItems: [ContentItem] = [], _ work: @escaping @Sendable () throws -> Full) {
        self.directory = directory
        self.homeItems = homeItems
        self.work = work
    }

    /// `env` with the home's stand-in items, for the app that draws the
    /// first frame (given once: the start keeps no reference to them).
    func homeEnvironment(_ env: AppEnvironment) -> AppEnvironment {
        var e = env
        e.catalog.items = lock.withLock { defer { homeItems = nil }; return homeItems ?? [] }
        return e
    }

    /// Starts the full load (once; later calls do nothing).
    func begin() {
        guard lock.withLock({ () -> Bool in defer { begun = true }; return !begun }) else { return }
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let r = Result(catching: work)
            lock.withLock { result = r }
            done.signal()
        }
    }

    /// The full load's outcome, once it is there (begun if it was not).
    func wait() -> Result<Full, Error> {
        begin()
        done.wait()
        done.signal()
        return lock.withLock { result! }
    }

    /// `wait`, for the one who shows the catalog: the start keeps no
    /// reference to it (it would outlive the next content), only a failure.
    func take() -> Result<Full, Error> {
        let r = wait()
        lock.withLock { if case .success = r { result = .failure(Taken()) } }
        return r
    }

    struct Taken: Error, CustomStringConvertible {
        var description: String { "the start's catalog was already handed over" }
    }
}
