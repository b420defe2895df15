import BorneCore
@testable import BorneUI
import XCTest

/// `ListCache.item(_:in:)`: an item found by id through the positions
/// sorted by id (binary search), the first of two with the same id, none
/// for an unknown id.
final class ListCacheItemTests: XCTestCase {
    func testItemsAreFoundByIdFirstOfTwoNoneUnknown() {
        let ids = ["m", "b", "a", "z", "a", "c"]
        let items = ids.enumerated().map { ContentItem(id: $0.element, section: .manger, name: LocalizedText(fr: "n\($0.offset)")) }
        let catalog = ContentCatalog(version: "v", office: OfficeInfo(name: LocalizedText(fr: "O"), address: "", phone: "", email: ""),
                                     items: items, emergency: [], weather: nil)
        let cache = ListCache(version: "v")
        for (p, id) in ids.enumerated() where id != "a" {
            XCTAssertEqual(cache.item(id, in: catalog)?.name.french, "n\(p)")
        }
        XCTAssertEqual(cache.item("a", in: catalog)?.name.french, "n2", "the first of the two")
        for unknown in ["", "0", "aa", "d", "zz"] { XCTAssertNil(cache.item(unknown, in: catalog), unknown) }
        XCTAssertEqual(cache.misses, 1, "the sorted positions made once")
    }
}
