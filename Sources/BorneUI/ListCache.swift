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
    private var ranks: [Language: [Int32]] = [:]
    private var byID: [Int32]?
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

    /// Positions of a section's items in the catalog ("Il pleut ?" included).
    func positions(of section: SectionID, in catalog: ContentCatalog) -> [Int] {
        if let hit = locked({ sections[section] }) { return hit }
        let value = catalog.positions(in: section)
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
            (0..<catalog.itemCount).compactMap { p in
                let i = catalog.facts(at: p)
                guard i.section != .randonnees, i.section != .agenda, let g = i.geo else { return nil }
                return (p, g)
            }
        }
    }

    /// Every item's rank by name in `language` (case and accents ignored;
    /// equal names by position): `a` sorts before `b` when its rank is
    /// lower. Ranks, not the folded names: 4 bytes an item kept per language.
    func nameRanks(_ language: Language, in catalog: ContentCatalog) -> [Int32] {
        if let hit = locked({ ranks[language] }) { return hit }
        var folded = [String](repeating: "", count: catalog.itemCount)
        if let shelf = catalog.shelf {
            shelf.forEachName { p, name in folded[p] = TextFold.folded(name.text(language)) }
        } else {
            for (p, item) in catalog.items.enumerated() { folded[p] = TextFold.folded(item.name.text(language)) }
        }
        let order = folded.indices.sorted { folded[$0] != folded[$1] ? folded[$0] < folded[$1] : $0 < $1 }
        var value = [Int32](repeating: 0, count: order.count)
        for (rank, p) in order.enumerated() { value[p] = Int32(rank) }
        locked { misses += 1; ranks[language] = value }
        return value
    }

    /// The item with `id` (the first, should two share it): found by binary
    /// search in the positions sorted by id (4 bytes an item, not a
    /// dictionary of 10,000 strings).
    func item(_ id: String, in catalog: ContentCatalog) -> ContentItem? {
        let sorted: [Int32] = locked { byID } ?? {
            let ids = (0..<catalog.itemCount).map(catalog.id(at:))
            let built = ids.indices.sorted { ids[$0] != ids[$1] ? ids[$0] < ids[$1] : $0 < $1 }.map { Int32($0) }
            locked { misses += 1; byID = built }
            return built
        }()
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if catalog.id(at: Int(sorted[mid])) < id { low = mid + 1 } else { high = mid }
        }
        guard low < sorted.count, catalog.id(at: Int(sorted[low])) == id else { return nil }
        return catalog.item(at: Int(sorted[low]))
    }
}

/// A hike of the day: its position in the catalog and its filter facets.
struct DayHike: Sendable {
    let position: Int
    let facets: HikeFacets
}

/// A list of items as positions in the catalog: no copies of the items;
/// an item is decoded when read (`ContentCatalog.item(at:)`).
struct ItemList: RandomAccessCollection {
    let catalog: ContentCatalog
    let positions: [Int]
    var startIndex: Int { 0 }
    var endIndex: Int { positions.count }
    subscript(i: Int) -> ContentItem { catalog.item(at: positions[i]) }
}
