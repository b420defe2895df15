import Foundation
import XCTest
import BorneCore
@testable import BorneContent
#if canImport(Glibc)
import Glibc
#endif

/// A catalog whose items stay in their index (`ContentLoader.load(shelve:)`,
/// `IndexShelf`): every item decoded when asked equals the parsed one, the
/// facts equal the parsed item's; a block damaged after the load is said
/// (file, block) and the items are parsed instead; a new index renamed over
/// the file leaves the shelf reading the old one's bytes.
final class ItemShelfTests: RepoContentCopyTestCase {
    var indexURL: URL { dir.appendingPathComponent(ContentLoader.itemIndexName) }

    /// What the shelf reported, in order.
    final class Said: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ s: String) { lock.withLock { lines.append(s) } }
        var all: [String] { lock.withLock { lines } }
    }

    /// Parses `dir`, writes its index; the parsed load and a shelved load.
    func parsedAndShelved(_ said: Said) throws -> (parsed: ContentLoadResult, shelved: ContentLoadResult, shelf: IndexShelf) {
        let parsed = try ContentLoader.load(directory: dir)
        try ContentLoader.writeItemIndex(try XCTUnwrap(parsed.items.built), to: indexURL)
        let shelved = try ContentLoader.load(directory: dir, shelve: { said.add($0) })
        XCTAssertEqual(shelved.items.source?.lastPathComponent, ".items")
        let shelf = try XCTUnwrap(shelved.catalog.shelf as? IndexShelf, "the items stay in the index")
        XCTAssertEqual(shelved.catalog.items, [], "no item in memory")
        return (parsed, shelved, shelf)
    }

    func assertSame(_ shelved: ContentCatalog, _ parsed: ContentCatalog, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(shelved.itemCount, parsed.items.count, file: file, line: line)
        for p in 0..<min(shelved.itemCount, parsed.items.count) {
            if shelved.item(at: p) != parsed.items[p] {
                XCTFail("item \(p) (\(parsed.items[p].id)) differs on the shelf", file: file, line: line); return
            }
            if shelved.facts(at: p) != ItemFacts(parsed.items[p]) {
                XCTFail("facts of item \(p) (\(parsed.items[p].id)) differ on the shelf", file: file, line: line); return
            }
        }
    }

    func testTheBundledContentOnTheShelfEqualsTheParsedOne() throws {
        let said = Said()
        let (parsed, shelved, _) = try parsedAndShelved(said)
        assertSame(shelved.catalog, parsed.catalog)
        XCTAssertEqual(shelved.problems, parsed.problems)
        XCTAssertTrue(parsed.catalog.items.contains { $0.hike?.track != nil }, "tracks are put back")
        // Hours without a position placed at the kiosk's, as in memory.
        let vic = GeoPoint(lat: 44.98, lon: 2.62)
        assertSame(shelved.catalog.placingHours(at: vic), parsed.catalog.placingHours(at: vic))
        XCTAssertEqual(said.all, [])
    }

    /// bench/gen_content.py: thousands of items in many blocks.
    func testGeneratedContentOnTheShelfEqualsTheParsedOne() throws {
        try generateContent(count: 3000)
        let said = Said()
        let (parsed, shelved, shelf) = try parsedAndShelved(said)
        XCTAssertGreaterThan(shelf.file.blocks.count, 50, "blocks of \(ItemIndex.blockItems)")
        assertSame(shelved.catalog, parsed.catalog)
        var names: [LocalizedText] = []
        shelf.forEachName { p, name in XCTAssertEqual(p, names.count); names.append(name) }
        XCTAssertEqual(names, parsed.catalog.items.map(\.name))
        XCTAssertEqual(said.all, [])
    }

    /// An item asked again is not decoded again; at most `recentLimit` are kept.
    func testRecentItemsAreKeptAndBounded() throws {
        try generateContent(count: 1000)
        let (_, shelved, shelf) = try parsedAndShelved(Said())
        let before = shelf.decoded
        _ = shelved.catalog.item(at: 5); _ = shelved.catalog.item(at: 5)
        XCTAssertEqual(shelf.decoded - before, 1)
        for p in 0..<(IndexShelf.recentLimit + 10) { _ = shelved.catalog.item(at: p) }
        XCTAssertEqual(shelf.kept, IndexShelf.recentLimit)
    }

    /// A block altered on disk after the load (same file, bytes changed in
    /// place): the screen asking one of its items gets it from the JSON
    /// files, and the log says which file and block, and what happens.
    func testABlockDamagedAfterTheLoadIsSaidAndTheItemsParsed() throws {
        try generateContent(count: 500)
        let said = Said()
        let (parsed, shelved, shelf) = try parsedAndShelved(said)
        let block = shelf.file.blocks[3]
        let fd = open(indexURL.path, O_WRONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        var byte: UInt8 = 0x5A
        XCTAssertEqual(pwrite(fd, &byte, 1, off_t(block.offset + block.length / 2)), 1)
        close(fd)
        let p = 3 * ItemIndex.blockItems + 1
        XCTAssertEqual(shelved.catalog.item(at: p), parsed.catalog.items[p])
        XCTAssertEqual(said.all.count, 1, "\(said.all)")
        let line = try XCTUnwrap(said.all.first)
        XCTAssertTrue(line.contains(indexURL.path) && line.contains("block 4 of \(shelf.file.blocks.count)")
                      && line.contains("checksum") && line.contains("read again from the content's JSON files"), line)
        assertSame(shelved.catalog, parsed.catalog)
        XCTAssertEqual(said.all.count, 1, "said once")
    }

    /// The index gone wrong and the JSON files gone too: stand-ins with the
    /// item's facts, said; never a crash.
    func testNoJSONLeftGivesStandInsAndSaysSo() throws {
        let said = Said()
        let (parsed, shelved, shelf) = try parsedAndShelved(said)
        let fd = open(indexURL.path, O_WRONLY)
        var byte: UInt8 = 0x5A
        XCTAssertEqual(pwrite(fd, &byte, 1, off_t(shelf.file.blocks[0].offset + 20)), 1)
        close(fd)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("items"))
        let item = shelved.catalog.item(at: 0)
        XCTAssertEqual(item.id, parsed.catalog.items[0].id)
        XCTAssertEqual(item.section, parsed.catalog.items[0].section)
        XCTAssertEqual(said.all.count, 2, "\(said.all)")
        XCTAssertTrue(said.all.last?.contains("give 0 item(s) where item index \(indexURL.path) listed") == true, "\(said.all)")
    }

    /// A new version's index renamed over the file while the old catalog
    /// is shown: the old shelf still reads the old bytes, every item as it
    /// was (never one of the new version's), and nothing is said.
    func testANewIndexRenamedOverTheFileLeavesTheShelfOnItsOwn() throws {
        try generateContent(count: 300)
        let said = Said()
        let (parsed, shelved, _) = try parsedAndShelved(said)
        var changed = try XCTUnwrap(parsed.items.built)
        for i in changed.items.indices { changed.items[i].name = LocalizedText(fr: "Nouveau \(i)") }
        try ContentLoader.writeItemIndex(changed, to: indexURL)  // a temporary file renamed over it
        assertSame(shelved.catalog, parsed.catalog)
        XCTAssertEqual(said.all, [])
    }

    /// The home's stand-ins on a shelf count as the stand-in items do.
    func testHeadShelfFactsAreThoseOfTheStandIns() {
        let d = LocalDate(year: 2027, month: 7, day: 1)
        let home = [ItemIndex.Home(section: .agenda, rainy: true, lastDay: d),
                    ItemIndex.Home(section: .dormir, rainy: false, lastDay: nil)]
        let shelf = HeadShelf(home)
        XCTAssertEqual(shelf.count, 2)
        for p in 0..<2 {
            XCTAssertEqual(shelf.facts(at: p), ItemFacts(home[p].stand))
            XCTAssertEqual(shelf.item(at: p), home[p].stand)
        }
    }

    /// An index refused at the load (a damaged block): said once, the
    /// items parsed and held in memory, the index to write again.
    func testAnIndexRefusedAtTheLoadIsSaidOnceAndTheItemsParsed() throws {
        let parsed = try ContentLoader.load(directory: dir)
        var bytes = try XCTUnwrap(parsed.items.built).encoded()
        bytes[bytes.count - 100] ^= 0xFF
        try Data(bytes).write(to: indexURL)
        let again = try ContentLoader.load(directory: dir, shelve: { XCTFail("said at display: \($0)") })
        XCTAssertNil(again.catalog.shelf)
        XCTAssertEqual(again.items.refused,
                       ["item index \(indexURL.path) not used: its checksum does not match its contents (truncated or altered)"])
        XCTAssertEqual(again.catalog, parsed.catalog)
        XCTAssertNotNil(again.items.built)
    }
}
