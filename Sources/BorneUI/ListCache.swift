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
    private var dayPositions: [LocalDate: [SectionID: [Int]]] = [:]
    struct HikeKey: Hashable {
        var filter: TableFilter
        var language: Language
        var day: LocalDate
    }
    private var hikeLists: [HikeKey: [Int]] = [:]
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
        locked { sections[section] = value }
        return value
    }

    /// Positions of a section's items still usable on `day` (one day kept).
    func positions(of section: SectionID, on day: LocalDate, compute: () -> [Int]) -> [Int] {
        memo(\.dayPositions, section, day: day, compute: compute)
    }

    /// A village kiosk's ordered hike list (positions), per filter, language and day.
    func hikes(_ key: HikeKey, compute: () -> [Int]) -> [Int] { memo(\.hikeLists, key, limit: 256, compute: compute) }

    /// Every item's name in `language`, folded for sorting (case and accents ignored).
    func foldedNames(_ language: Language, in catalog: ContentCatalog) -> [String] {
        if let hit = locked({ folded[language] }) { return hit }
        let value = catalog.items.map {
            $0.name.text(language).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        }
        locked { folded[language] = value }
        return value
    }

    func item(_ id: String, in catalog: ContentCatalog) -> ContentItem? {
        let index: [String: Int] = locked { byID } ?? {
            var built: [String: Int] = [:]
            for (i, item) in catalog.items.enumerated() where built[item.id] == nil { built[item.id] = i }
            locked { byID = built }
            return built
        }()
        return index[id].map { catalog.items[$0] }
    }
}

/// A list of items as positions in the catalog: no copies of the items.
struct ItemList: RandomAccessCollection {
    let items: [ContentItem]
    let positions: [Int]
    var startIndex: Int { 0 }
    var endIndex: Int { positions.count }
    subscript(i: Int) -> ContentItem { items[positions[i]] }
}
