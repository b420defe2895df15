import BorneCore
import Foundation

/// Lists as the screens show them, computed once per content, language, day
/// (and minute, for "open now"): sorting 10,000 names with accent-insensitive
/// collation on every frame would cost a tap hundreds of milliseconds.
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
    private var lists: [Key: [ContentItem]] = [:]
    private var counts: [LocalDate: [SectionID: Int]] = [:]
    private var byID: [String: ContentItem]?
    let version: String

    init(version: String) { self.version = version }

    func list(_ key: Key, compute: () -> [ContentItem]) -> [ContentItem] {
        lock.lock()
        if let hit = lists[key] { lock.unlock(); return hit }
        lock.unlock()
        let value = compute()
        lock.lock()
        if lists.count > 256 { lists.removeAll() }
        lists[key] = value
        lock.unlock()
        return value
    }

    func count(_ section: SectionID, day: LocalDate, compute: () -> Int) -> Int {
        lock.lock()
        if let hit = counts[day]?[section] { lock.unlock(); return hit }
        lock.unlock()
        let value = compute()
        lock.lock()
        if counts[day] == nil { counts = [day: [:]] }
        counts[day]![section] = value
        lock.unlock()
        return value
    }

    func item(_ id: String, in catalog: ContentCatalog) -> ContentItem? {
        lock.lock(); defer { lock.unlock() }
        if byID == nil {
            var index: [String: ContentItem] = [:]
            for item in catalog.items where index[item.id] == nil { index[item.id] = item }
            byID = index
        }
        return byID![id]
    }
}
