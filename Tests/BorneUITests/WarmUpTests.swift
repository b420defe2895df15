import BorneCore
@testable import BorneUI
import XCTest

/// What the idle warm-up leaves to a visitor's tap (issue 14: p99
/// tap-to-frame ≤ 2 ms with 10,000 items): the lists a tap shows are found
/// in the cache, not computed under the finger. Counted in cache misses,
/// not timed.
final class WarmUpTests: XCTestCase {
    static let size = Size(width: 160, height: 45)

    /// A village kiosk: the hike list (sorted for this kiosk) and its filter
    /// panel's counts are ready before the first tap on Randonnées.
    func testFirstTapOnTheHikeListFindsItReady() throws {
        var d = Driver(env: try UITestSupport.goldenEnv(config: "vic-sur-cere"), size: Self.size)
        d.app.warmUp()
        let before = d.app.cacheMisses
        d.tap("tile:randonnees")
        XCTAssertEqual(d.app.route, .list(.randonnees))
        XCTAssertTrue(d.has("filter:activity:walking"), "the filter panel is beside the list at 160 columns")
        XCTAssertEqual(d.app.cacheMisses, before, "the tap computed a list the warm-up should have prepared")
        let hike = try XCTUnwrap(d.app.targets.first { $0.id.hasPrefix("item:") }).id
        d.tap(hike)
        XCTAssertTrue(d.text.contains(L10n.text(.legendStart, .fr)), "the hike page with its context map:\n\(d.text)")
        XCTAssertEqual(d.app.cacheMisses, before, "the hike page looked through the catalog for its map's places")
    }

    /// New content replaces the cache at the return home, when nobody is
    /// touching the screen: its lists are prepared then, so the first tap
    /// after a swap is no slower than the others, even in the next turn.
    func testWarmUpAfterNewContentPreparesItsHikeList() throws {
        let env = try UITestSupport.goldenEnv(config: "vic-sur-cere")
        var d = Driver(env: env, size: Self.size)
        d.app.warmUp()
        var next = env.catalog
        next.version = "next-version"
        next.items.removeAll { $0.section == .randonnees && $0.id.hasPrefix("a") }
        XCTAssertEqual(d.app.offerContent(next, problems: 0), [.contentReplaced("next-version"), .redraw])
        _ = d.app.render()
        let before = d.app.cacheMisses
        d.tap("tile:randonnees")
        XCTAssertEqual(d.app.cacheMisses, before, "the first tap after new content computed a list")
    }

    /// The hiking table: the list in each of its three sorts is ready, so
    /// choosing a sort does not sort 10,000 items' hikes under the finger.
    func testTableSortsAreReadyAfterWarmUp() throws {
        var d = Driver(env: try UITestSupport.goldenEnv(config: "table-rando"), size: Self.size)
        d.app.warmUp()
        let before = d.app.cacheMisses
        for sort in TableSort.allCases.reversed() {
            d.tap("sort:\(sort.rawValue)")
            XCTAssertEqual(d.app.state.table.sort, sort)
        }
        XCTAssertEqual(d.app.cacheMisses, before, "a sort tap computed the table's order")
    }

    /// A filter keeps the day's order: each filter's list is the unfiltered
    /// list's hikes that pass it (the item's own fields, not the cached
    /// facets), and each count is that list's length; on the village list
    /// and on the table, for every option of the panels.
    func testFilteredListsAreTheOrderedHikesThatPass() throws {
        for config in ["vic-sur-cere", "table-rando"] {
            let env = try UITestSupport.goldenEnv(config: config)
            let r = Renderer(env: env, state: AppState(size: Self.size, now: UITestSupport.clock),
                             now: UITestSupport.clock, cache: ListCache(version: "t"))
            let table = env.config.layout == .table
            var filters: [TableFilter] = []
            let changes: [TableChange] = Territory.allCases.map { .territory($0) } + HikeActivity.allCases.map { .activity($0) }
                + HikeDifficulty.allCases.map { .difficulty($0) } + DurationBand.allCases.map { .duration($0) }
                + DistanceBand.allCases.map { .distance($0) } + [.loop, .children]
            for c in changes {
                filters.append(TableFilter().applying(c))
                filters.append(TableFilter().applying(.activity(.walking)).applying(c))
            }
            var nonEmpty = 0
            for f in filters {
                let all = Array(table ? r.tableHikes(TableFilter()) : r.kioskHikes(TableFilter()))
                let expected = all.filter { f.matches($0) }.map(\.id)
                let shown = Array(table ? r.tableHikes(f) : r.kioskHikes(f)).map(\.id)
                XCTAssertEqual(shown, expected, "\(config), filter \(f)")
                XCTAssertEqual(r.hikeCount(f), expected.count, "\(config), filter \(f)")
                if !expected.isEmpty && expected.count < all.count { nonEmpty += 1 }
            }
            XCTAssertGreaterThan(nonEmpty, 5, "\(config): the fixture's hikes exercise the filters")
        }
    }
}
