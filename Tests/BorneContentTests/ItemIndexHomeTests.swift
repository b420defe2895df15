import Foundation
import XCTest
import BorneCore
@testable import BorneContent

/// The item index's head (`ItemIndex.Home`, `ContentLoader.loadHome`):
/// what a village kiosk's home counts, read before the first frame without
/// the items; the items come from the body, read after it. The head must
/// count exactly what the full catalog counts, and must never be used when
/// it is damaged or does not describe the content.
final class ItemIndexHomeTests: RepoContentCopyTestCase {
    var indexURL: URL { dir.appendingPathComponent(ContentLoader.itemIndexName) }

    func writeIndex() throws -> ContentLoadResult {
        let parsed = try ContentLoader.load(directory: dir)
        try ContentLoader.writeItemIndex(try XCTUnwrap(parsed.items.built), to: indexURL)
        return parsed
    }

    /// Every section's tile count, on days before, during and after the
    /// events (an event whose last day is past is not counted).
    func assertSameCounts(_ home: ContentCatalog, _ full: ContentCatalog,
                          file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(home.itemCount, full.items.count, file: file, line: line)
        XCTAssertEqual(home.items, [], "stand-ins made when asked (HeadShelf), not held", file: file, line: line)
        let days = [LocalDate(year: 2020, month: 1, day: 1), LocalDate(year: 2026, month: 12, day: 6),
                    LocalDate(year: 2027, month: 7, day: 13), LocalDate(year: 2027, month: 8, day: 20),
                    LocalDate(year: 2031, month: 1, day: 1)]
        for section in SectionID.allCases {
            for day in days {
                XCTAssertEqual(home.items(in: section, on: day).count, full.items(in: section, on: day).count,
                               "\(section) on \(day)", file: file, line: line)
            }
        }
    }

    func testTheHomeCountsWhatTheFullCatalogCounts() throws {
        let parsed = try writeIndex()
        let home = try XCTUnwrap(ContentLoader.loadHome(directory: dir))
        XCTAssertEqual(home.index, indexURL)
        assertSameCounts(home.catalog, parsed.catalog)
        XCTAssertEqual(home.catalog.version, parsed.catalog.version)
        XCTAssertEqual(home.catalog.office, parsed.catalog.office)
        XCTAssertEqual(home.catalog.emergency, parsed.catalog.emergency)
        XCTAssertEqual(home.catalog.weather, parsed.catalog.weather)
        XCTAssertEqual(home.bundle, parsed.bundle)
        XCTAssertTrue(parsed.catalog.items.contains { !$0.dates.isEmpty }, "events with dates are counted")
        XCTAssertTrue(parsed.catalog.items.contains { $0.section != .pluie && $0.tags.contains("pluie") },
                      "items tagged pluie elsewhere are counted under Il pleut ?")
    }

    /// bench/gen_content.py: thousands of items, events over many days.
    func testGeneratedContentHomeCountsWhatTheFullCatalogCounts() throws {
        try generateContent(count: 3000)
        let parsed = try writeIndex()
        assertSameCounts(try XCTUnwrap(ContentLoader.loadHome(directory: dir)).catalog, parsed.catalog)
        XCTAssertGreaterThanOrEqual(parsed.catalog.items.count, 2900)

        // The body is read a block at a time: a block in the middle damaged is refused too.
        var bytes = try XCTUnwrap(parsed.items.built).encoded()
        XCTAssertGreaterThan(parsed.catalog.items.count, 2 * ItemIndex.blockItems, "several blocks")
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: indexURL)
        let again = try ContentLoader.load(directory: dir)
        XCTAssertEqual(again.items.refused,
                       ["item index \(indexURL.path) not used: its checksum does not match its contents (truncated or altered)"])
        XCTAssertEqual(again.catalog, parsed.catalog)
    }

    /// No index, or one that does not describe the content: no home from
    /// it (the kiosk loads in full first, and that load says why).
    func testNoHomeWithoutAFreshIndex() throws {
        XCTAssertNil(ContentLoader.loadHome(directory: dir), "no index yet")
        _ = try writeIndex()
        XCTAssertNotNil(ContentLoader.loadHome(directory: dir))
        let url = dir.appendingPathComponent("items/agenda.json")
        try (try Data(contentsOf: url) + Data("\n".utf8)).write(to: url)
        XCTAssertNil(ContentLoader.loadHome(directory: dir), "stale")
        XCTAssertEqual(try ContentLoader.load(directory: dir).items.refused,
                       ["item index \(indexURL.path) is stale (items/agenda.json changed)"])
    }

    /// A damaged head: refused as a whole, no home from it.
    func testADamagedHeadGivesNoHome() throws {
        let parsed = try writeIndex()
        var bytes = try XCTUnwrap(parsed.items.built).encoded()
        bytes[ItemIndex.magic.count + 8 + 20] ^= 0xFF
        try Data(bytes).write(to: indexURL)
        XCTAssertNil(ContentLoader.loadHome(directory: dir))
        let again = try ContentLoader.load(directory: dir)
        XCTAssertEqual(again.items.refused,
                       ["item index \(indexURL.path) not used: its checksum does not match its contents (truncated or altered)"])
        XCTAssertEqual(again.catalog, parsed.catalog)
    }

    /// A sound head and a damaged body (the home may be drawn from the
    /// head): the full load refuses the body, says so, and parses the items.
    func testADamagedBodyIsRefusedByTheFullLoad() throws {
        let parsed = try writeIndex()
        var bytes = try XCTUnwrap(parsed.items.built).encoded()
        bytes[bytes.count - 100] ^= 0xFF
        try Data(bytes).write(to: indexURL)
        XCTAssertNotNil(ContentLoader.loadHome(directory: dir))
        let again = try ContentLoader.load(directory: dir)
        XCTAssertNil(again.items.source)
        XCTAssertEqual(again.items.refused,
                       ["item index \(indexURL.path) not used: its checksum does not match its contents (truncated or altered)"])
        XCTAssertEqual(again.catalog, parsed.catalog)
        XCTAssertNotNil(again.items.built, "a new index to write")

        try Data(bytes.prefix(ItemIndex.magic.count + 3)).write(to: indexURL)
        XCTAssertEqual(try ContentLoader.load(directory: dir).items.refused,
                       ["item index \(indexURL.path) not used: its checksum does not match its contents (truncated or altered)"])
    }

    /// The version's own index with a damaged body: the fallback (the
    /// kiosk's cache), fresh, gives the items; the refusal is said.
    func testAnIndexWhoseBodyIsRefusedGivesWayToTheFallback() throws {
        let parsed = try writeIndex()
        let fallback = tmp.appendingPathComponent("cache/items")
        try ContentLoader.writeItemIndex(try XCTUnwrap(parsed.items.built), to: fallback)
        var bytes = try XCTUnwrap(parsed.items.built).encoded()
        bytes[bytes.count - 100] ^= 0xFF
        try Data(bytes).write(to: indexURL)
        XCTAssertEqual(ContentLoader.loadHome(directory: dir, itemIndexFallback: fallback)?.index, indexURL,
                       "its head is sound")
        let again = try ContentLoader.load(directory: dir, itemIndexFallback: fallback)
        XCTAssertEqual(again.items.source, fallback)
        XCTAssertEqual(again.items.refused,
                       ["item index \(indexURL.path) not used: its checksum does not match its contents (truncated or altered)"])
        XCTAssertEqual(again, parsed)
    }

    /// The same bytes with another modification time (content copied
    /// without its times): read and fingerprinted, found the same, used.
    /// Other bytes of the same size: stale.
    func testAFileWithANewTimeIsFingerprintedNotTrusted() throws {
        _ = try writeIndex()
        let url = dir.appendingPathComponent("items/manger.json")
        let original = try Data(contentsOf: url)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)],
                                              ofItemAtPath: url.path)
        XCTAssertEqual(try ContentLoader.load(directory: dir).items.source, indexURL, "same bytes: still fresh")

        var changed = original
        let at = try XCTUnwrap(changed.firstIndex(of: UInt8(ascii: "a")))
        changed[at] = UInt8(ascii: "b")
        try changed.write(to: url)
        XCTAssertEqual(try Data(contentsOf: url).count, original.count)
        XCTAssertNil(ContentLoader.loadHome(directory: dir))
        XCTAssertEqual(try ContentLoader.load(directory: dir).items.refused,
                       ["item index \(indexURL.path) is stale (items/manger.json changed)"])
    }

    /// Categories and hours texts are kept once per load; texts that differ
    /// in any language are never merged.
    func testSharedTextsKeepEveryLanguage() {
        var shared = SharedTexts()
        let hotel = LocalizedText([.fr: "Hôtel", .en: "Hotel"])
        let hotelDE = LocalizedText([.fr: "Hôtel", .en: "Hotel", .de: "Hotel (de)"])
        XCTAssertEqual(shared.one(hotel), hotel)
        XCTAssertEqual(shared.one(hotelDE), hotelDE, "same French and English, another German")
        XCTAssertEqual(shared.one(LocalizedText([.fr: "Hôtel", .en: "Hotel"])), hotel)
        XCTAssertEqual(shared.one(LocalizedText([:])), LocalizedText([:]))
    }

    /// The head's stand-ins hold only what the home counts.
    func testHomeStandInsCarrySectionTagAndLastDay() {
        let d1 = LocalDate(year: 2027, month: 7, day: 1), d2 = LocalDate(year: 2027, month: 8, day: 3)
        let item = ContentItem(id: "x", section: .agenda, name: LocalizedText(fr: "Fête"), tags: ["pluie", "gratuit"],
                               dates: [EventDate(start: d1, end: d2), EventDate(start: d1, end: d1)])
        let home = ItemIndex.Home(item)
        XCTAssertEqual(home, ItemIndex.Home(section: .agenda, rainy: true, lastDay: d2))
        for day in [d1, d2, LocalDate(year: 2027, month: 8, day: 4)] {
            XCTAssertEqual(home.stand.isOver(on: day), item.isOver(on: day))
        }
        XCTAssertEqual(ItemIndex.Home(ContentItem(id: "y", section: .dormir, name: LocalizedText(fr: "Gîte"))).lastDay, nil)
    }
}
