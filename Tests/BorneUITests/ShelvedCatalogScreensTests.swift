import BorneContent
import BorneCore
@testable import BorneUI
import Foundation
import XCTest

/// The kiosk's catalog kept on disk (`ContentCatalog.shelf`: items decoded
/// when shown, `ItemFacts` for lists, counts, filters and maps) draws every
/// screen exactly as the same catalog in memory: home counts, each
/// section's list under each filter, the first item of each, the hike list
/// and a hike page with its context map, the attract screen's slides, in
/// two languages; a village kiosk and the hiking table (which gets a shelf
/// after a content swap).
final class ShelvedCatalogScreensTests: XCTestCase {
    static let size = Size(width: 160, height: 45)
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("shelved-screens-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: UITestSupport.repoRoot.appendingPathComponent("content"),
                                         to: tmp.appendingPathComponent("content"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    /// The shipped content in memory, and the same on a shelf.
    func environments(config: String) throws -> (memory: AppEnvironment, shelved: AppEnvironment) {
        let dir = tmp.appendingPathComponent("content")
        let memory = try UITestSupport.loadEnv(config: config, content: dir)
        let parsed = try ContentLoader.load(directory: dir)
        try ContentLoader.writeItemIndex(try XCTUnwrap(parsed.items.built), to: dir.appendingPathComponent(ContentLoader.itemIndexName))
        let loaded = try ContentLoader.load(directory: dir, shelve: { XCTFail("said: \($0)") })
        XCTAssertNotNil(loaded.catalog.shelf, "the items stay in their index")
        XCTAssertEqual(loaded.catalog.items, [])
        var shelved = memory
        shelved.catalog = loaded.catalog
        return (memory, shelved)
    }

    /// Every screen a walk through the kiosk shows, as golden text (text and roles).
    func walk(_ env: AppEnvironment) -> [String] {
        var out: [String] = []
        func shot(_ d: Driver, _ what: String) { out.append(what + "\n" + GoldenScreen.render(d.canvas)) }
        for language in ["lang:fr", "lang:en"] {
            var home = Driver(env: env, size: Self.size)
            if home.has(language) { home.tap(language) }
            shot(home, "home \(language)")
            let tiles = home.app.targets.map(\.id).filter { $0.hasPrefix("tile:") || $0.hasPrefix("sort:") }
            for tile in tiles {
                var d = home
                d.tap(tile)
                shot(d, tile)
                let filters = d.app.targets.map(\.id).filter { $0.hasPrefix("filter:") }
                for f in filters {
                    var e = d
                    e.tap(f)
                    shot(e, "\(tile) \(f)")
                    if let item = e.app.targets.first(where: { $0.id.hasPrefix("item:") })?.id {
                        e.tap(item)
                        shot(e, "\(tile) \(f) \(item)")
                    }
                }
                for item in d.app.targets.map(\.id).filter({ $0.hasPrefix("item:") }).prefix(3) {
                    var e = d
                    e.tap(item)
                    shot(e, "\(tile) \(item)")
                }
            }
            var idle = home
            for step in 0..<6 {
                idle.wait(seconds: step == 0 ? 600 : 15)
                shot(idle, "attract \(step)")
            }
        }
        return out
    }

    func assertSameScreens(config: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let (memory, shelved) = try environments(config: config)
        let a = walk(memory), b = walk(shelved)
        XCTAssertGreaterThan(a.count, 20, "a walk through many screens", file: file, line: line)
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (x, y) in zip(a, b) where x != y {
            XCTFail("a screen differs with the catalog on its shelf:\n\(y)\n--- in memory:\n\(x)", file: file, line: line)
            return
        }
    }

    func testAVillageKioskShowsTheSameScreensFromTheShelf() throws {
        try assertSameScreens(config: "vic-sur-cere")
    }

    func testTheHikingTableShowsTheSameScreensFromTheShelf() throws {
        try assertSameScreens(config: "table-rando")
    }
}
