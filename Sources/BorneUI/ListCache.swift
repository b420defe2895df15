import BorneCore
import Foundation

/// Lists as the screens show them, computed once per content, language, day
/// (and minute, for "open now"): sorting 10,000 names with accent-insensitive
/// collation on every frame would cost a tap hundreds of milliseconds.
/// Lists are kept as positions in the catalog's item array, not copies.
///
/// A reference type inside the value-typed app: the cache is an optimisation,
/// never state. It is dropped whole when the content changes.
final class ListCache: @unchecked Sendable {
    struct Key: Hashable {
        var section: SectionID
        var filter: ListFilter?
        var language: Language
        var day: LocalDate
        var minute: Int   // only for filters that depend on the time of day; else 0
    }

    private let lock = NSLock()
    private var lists: [Key: [Int]] = [:]
    private var counts: [LocalDate: [SectionID: Int]] = [:]
    private var sections: [SectionID: [Int]] = [:]
    struct HikeKey: Hashable {
        var filter: TableFilter
        var language: Language
        var day: LocalDate
        var table = false
    }
    private var hikeLists: [HikeKey: [Int]] = [:]
    private var dayHikes: [LocalDate: [SectionID: [DayHike]]] = [:]
    private var mapPlaces: [Bool: [(position: Int, geo: GeoPoint)]] = [:]
    /// Lists and tables computed rather than found (tests: what a warm-up left to a tap).
    private(set) var misses = 0
    private var folded: [Language: [String]] = [:]
    private var byID: [String: Int]?
    let version: String

    init(version: String) { self.version = version }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock(); defer { lock.unlock() }
        return body()
    }

    /// The value kept in `table` under `key`, computed (outside the lock) when
    /// absent; the table is emptied when it holds more than `limit` entries.
    private func memo<K: Hashable, V>(_ table: ReferenceWritableKeyPath<ListCache, [K: V]>, _ key: K, limit: Int,
                                      compute: () -> V) -> V {
        if let hit = locked({ self[keyPath: table][key] }) { return hit }
        let value = compute()
        locked {
            misses += 1
            if self[keyPath: table].count > limit { self[keyPath: table].removeAll() }
            self[keyPath: table][key] = value
        }
        return value
    }

    /// The value kept for `section` on `day` in a per-day table (one day kept).
    private func memo<V>(_ table: ReferenceWritableKeyPath<ListCache, [LocalDate: [SectionID: V]]>, _ section: SectionID,
                         day: LocalDate, compute: () -> V) -> V {
        if let hit = locked({ self[keyPath: table][day]?[section] }) { return hit }
        let value = compute()
        locked {
            misses += 1
            if self[keyPath: table][day] == nil { self[keyPath: table] = [day: [:]] }
            self[keyPath: table][day]![section] = value
        }
        return value
    }

    func list(_ key: Key, compute: () -> [Int]) -> [Int] { memo(\.lists, key, limit: 512, compute: compute) }

    func count(_ section: SectionID, day: LocalDate, compute: () -> Int) -> Int {
        memo(\.counts, section, day: day, compute: compute)
    }

    /// Positions of a section's items in `catalog.items` ("Il pleut ?" included).
    func positions(of section: SectionID, in catalog: ContentCatalog) -> [Int] {
        if let hit = locked({ sections[section] }) { return hit }
        let items = catalog.items
        let value = items.indices.filter { i in
            section == .pluie ? (items[i].section == .pluie || items[i].tags.contains("pluie")) : items[i].section == section
        }
        locked { misses += 1; sections[section] = value }
        return value
    }

    /// An ordered hike list (positions) of a village kiosk or of the table, per filter, language and day.
    func hikes(_ key: HikeKey, compute: () -> [Int]) -> [Int] { memo(\.hikeLists, key, limit: 256, compute: compute) }

    /// The hikes usable on `day` with what the filters look at (one day kept).
    func hikes(on day: LocalDate, compute: () -> [DayHike]) -> [DayHike] {
        memo(\.dayHikes, .randonnees, day: day, compute: compute)
    }

    /// The items a hike's context map may show (placed, neither hikes nor
    /// events), in catalog order: a hike page looks only at these, not at
    /// the whole catalog on every frame.
    func mapPlaces(in catalog: ContentCatalog) -> [(position: Int, geo: GeoPoint)] {
        memo(\.mapPlaces, true, limit: 1) {
            catalog.items.indices.compactMap { p in
                let i = catalog.items[p]
                guard i.section != .randonnees, i.section != .agenda, let g = i.geo else { return nil }
                return (p, g)
            }
        }
    }

    /// Every item's name in `language`, folded for sorting (case and accents ignored).
    func foldedNames(_ language: Language, in catalog: ContentCatalog) -> [String] {
        if let hit = locked({ folded[language] }) { return hit }
        let value = catalog.items.map {
            TextFold.folded($0.name.text(language))
        }
        locked { misses += 1; folded[language] = value }
        return value
    }

    func item(_ id: String, in catalog: ContentCatalog) -> ContentItem? {
        let index: [String: Int] = locked { byID } ?? {
            var built: [String: Int] = [:]
            for (i, item) in catalog.items.enumerated() where built[item.id] == nil { built[item.id] = i }
            locked { misses += 1; byID = built }
            return built
        }()
        return index[id].map { catalog.items[$0] }
    }
}

/// A hike of the day: its position in the catalog and its filter facets.
struct DayHike: Sendable {
    let position: Int
    let facets: HikeFacets
}

/// A list of items as positions in the catalog: no copies of the items.
struct ItemList: RandomAccessCollection {
    let items: [ContentItem]
    let positions: [Int]
    var startIndex: Int { 0 }
    var endIndex: Int { positions.count }
    subscript(i: Int) -> ContentItem { items[positions[i]] }
}
