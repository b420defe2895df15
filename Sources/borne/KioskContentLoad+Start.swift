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
/// head (`KioskContentLoad.loadHome`): the full load, run by the loop in its
/// first turn, right after that frame and before it reads any input
/// (`KioskLoop.pendingStart`), so no tap ever sees the home's stand-in items
/// and the frame does not share the CPU with the load.
final class KioskStart {
    typealias Full = (catalog: ContentCatalog, problems: Int)
    let directory: String
    private let work: () throws -> Full
    private var result: Result<Full, Error>?

    /// The home's stand-in items (`ItemIndex.Home`), held here rather than
    /// in the environment every part of the kiosk copies, so that they are
    /// freed when the first app is.
    private var homeItems: [ContentItem]?
    /// Or the shelf that makes them when asked (`HeadShelf`).
    private var homeShelf: (any ItemShelf)?

    init(directory: String, homeItems: [ContentItem] = [], homeShelf: (any ItemShelf)? = nil,
         _ work: @escaping () throws -> Full) {
        self.directory = directory
        self.homeItems = homeItems
        self.homeShelf = homeShelf
        self.work = work
    }

    /// `env` with the home's stand-in items, for the app that draws the
    /// first frame (given once: the start keeps no reference to them).
    func homeEnvironment(_ env: AppEnvironment) -> AppEnvironment {
        var e = env
        e.catalog.items = homeItems ?? []
        e.catalog.shelf = homeShelf
        homeItems = nil
        homeShelf = nil
        return e
    }

    /// The full load's outcome: read on the caller's thread the first time.
    func wait() -> Result<Full, Error> {
        if let result { return result }
        let r = Result(catching: work)
        result = r
        return r
    }

    /// `wait`, for the one who shows the catalog: the start keeps no
    /// reference to it (it would outlive the next content), only a failure.
    func take() -> Result<Full, Error> {
        let r = wait()
        if case .success = r { result = .failure(Taken()) }
        return r
    }

    struct Taken: Error, CustomStringConvertible {
        var description: String { "the start's catalog was already handed over" }
    }
}
