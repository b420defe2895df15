import Foundation
import XCTest
import BorneCore
@testable import BorneContent

/// Loading content with an item index (`.items`): the items as the loader
/// made them, read back without parsing when the index describes the exact
/// bytes of the files they come from; the catalog and its problems are the
/// same as a full parse, on the bundled content and on generated content.
final class ItemIndexLoadTests: RepoContentCopyTestCase {
    var indexURL: URL { dir.appendingPathComponent(ContentLoader.itemIndexName) }

    /// Parses `dir`, writes its index, loads again through it: equal.
    @discardableResult
    func assertIndexedEqualsParsed(file: StaticString = #filePath, line: UInt = #line) throws -> ContentLoadResult {
        let parsed = try ContentLoader.load(directory: dir)
        XCTAssertNil(parsed.items.source, file: file, line: line)
        let built = try XCTUnwrap(parsed.items.built, file: file, line: line)
        XCTAssertEqual(built.items.count, parsed.catalog.items.count, file: file, line: line)
        try ContentLoader.writeItemIndex(built, to: indexURL)

        let indexed = try ContentLoader.load(directory: dir)
        XCTAssertEqual(indexed.items.source?.lastPathComponent, ".items", file: file, line: line)
        XCTAssertEqual(indexed.items.refused, [], file: file, line: line)
        XCTAssertNil(indexed.items.built, "nothing parsed, nothing to write", file: file, line: line)
        XCTAssertEqual(indexed.catalog.items.count, parsed.catalog.items.count, file: file, line: line)
        for (a, b) in zip(indexed.catalog.items, parsed.catalog.items) where a != b {
            XCTFail("item \(b.id) differs through the index", file: file, line: line)
            break
        }
        XCTAssertEqual(indexed.catalog, parsed.catalog, file: file, line: line)
        XCTAssertEqual(indexed.problems, parsed.problems, file: file, line: line)
        return parsed
    }

    func testTheBundledContentReadThroughTheIndexEqualsTheParsedOne() throws {
        let parsed = try assertIndexedEqualsParsed()
        XCTAssertTrue(parsed.catalog.items.contains { $0.openingHours != nil }, "hours are put back")
        XCTAssertTrue(parsed.catalog.items.contains { $0.hike?.track != nil }, "tracks are put back")
    }

    /// bench/gen_content.py: thousands of items, hours, events, hikes.
    func testGeneratedContentReadThroughTheIndexEqualsTheParsedOne() throws {
        try generateContent(count: 3000)
        let parsed = try assertIndexedEqualsParsed()
        XCTAssertGreaterThanOrEqual(parsed.catalog.items.count, 2900)
    }

    /// Content with problems: they come back from the index, in order.
    func testProblemsComeBackFromTheIndex() throws {
        let url = dir.appendingPathComponent("items/manger.json")
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"tags\": [", with: "\"tags\": [\"nope\", ", options: [], range: text.range(of: "\"tags\": ["))
        try Data(text.utf8).write(to: url)
        let parsed = try assertIndexedEqualsParsed()
        XCTAssertTrue(parsed.problems.contains { $0.message.contains("unknown tag \"nope\"") }, "\(parsed.problems)")
    }

    /// An items file changed after the index was written: the index is
    /// stale, said so, and the items are parsed (the new text shows).
    func testAStaleIndexIsRefusedAndTheItemsParsed() throws {
        let first = try ContentLoader.load(directory: dir)
        try ContentLoader.writeItemIndex(try XCTUnwrap(first.items.built), to: indexURL)
        let url = dir.appendingPathComponent("items/manger.json")
        let name = try XCTUnwrap(first.catalog.items.first { $0.section == .manger }?.name.french)
        let text = try String(contentsOf: url, encoding: .utf8)
        try Data(text.replacingOccurrences(of: name, with: name + " bis").utf8).write(to: url)

        let again = try ContentLoader.load(directory: dir)
        XCTAssertNil(again.items.source)
        XCTAssertEqual(again.items.refused, ["item index \(indexURL.path) is stale (items/manger.json changed)"])
        XCTAssertTrue(again.catalog.items.contains { $0.name.french == name + " bis" })
        XCTAssertNotNil(again.items.built, "a new index to write")
    }

    func testAnAddedOrRemovedItemsFileMakesTheIndexStale() throws {
        let first = try ContentLoader.load(directory: dir)
        try ContentLoader.writeItemIndex(try XCTUnwrap(first.items.built), to: indexURL)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("items/agenda.json"))
        let again = try ContentLoader.load(directory: dir)
        XCTAssertEqual(again.items.refused, ["item index \(indexURL.path) is stale (items/agenda.json removed)"])
        XCTAssertFalse(again.catalog.items.contains { $0.section == .agenda })
    }

    /// A damaged index is refused with its reason; the catalog is unchanged.
    func testADamagedIndexIsRefusedAndTheItemsParsed() throws {
        let first = try ContentLoader.load(directory: dir)
        var bytes = try XCTUnwrap(first.items.built).encoded()
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: indexURL)
        let again = try ContentLoader.load(directory: dir)
        XCTAssertNil(again.items.source)
        XCTAssertEqual(again.items.refused,
                       ["item index \(indexURL.path) not used: its checksum does not match its contents (truncated or altered)"])
        XCTAssertEqual(again.catalog, first.catalog)

        try Data(bytes.prefix(10)).write(to: indexURL)
        XCTAssertEqual(try ContentLoader.load(directory: dir).items.refused,
                       ["item index \(indexURL.path) not used: not an item index (no BORNE-ITEMS-2 header)"])
    }

    /// A hike's GPX file removed after the index was written: the index
    /// would give a track the full load does not; it is stale.
    func testAHikeWhoseTrackNoLongerLoadsMakesTheIndexStale() throws {
        let first = try ContentLoader.load(directory: dir)
        try ContentLoader.writeItemIndex(try XCTUnwrap(first.items.built), to: indexURL)
        let path = try XCTUnwrap(first.catalog.items.compactMap { $0.hike?.track != nil ? $0.hike?.gpxPath : nil }.first)
        try FileManager.default.removeItem(at: dir.appendingPathComponent(path))
        let again = try ContentLoader.load(directory: dir)
        XCTAssertEqual(again.items.refused, ["item index \(indexURL.path) is stale (\(path) changed)"])
        XCTAssertTrue(again.problems.contains { $0.message == "file \(path) not found" }, "\(again.problems)")
    }

    /// Content without its own index (the demo content/) uses the fallback.
    func testTheFallbackIndexIsUsedWhenTheDirectoryHasNone() throws {
        let fallback = tmp.appendingPathComponent("cache/items")
        let first = try ContentLoader.load(directory: dir, itemIndexFallback: fallback)
        XCTAssertNil(first.items.source)
        try ContentLoader.writeItemIndex(try XCTUnwrap(first.items.built), to: fallback)
        let again = try ContentLoader.load(directory: dir, itemIndexFallback: fallback)
        XCTAssertEqual(again.items.source, fallback)
        XCTAssertEqual(again, first)
    }
}
