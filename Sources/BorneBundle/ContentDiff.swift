import BorneCore
import BorneContent

/// What changes for visitors from one content version to another: items
/// added, removed and changed, per section, by name (`borne content diff`).
public struct ContentDiff: Equatable, Sendable {
    public struct Change: Equatable, Sendable {
        public var id: String
        /// The French name (the new one for a changed item).
        public var name: String
        /// For a changed item: the fields that differ (`name`, `opening_hours`...).
        public var fields: [String]
    }

    public struct Section: Equatable, Sendable {
        public var section: SectionID
        public var before: Int
        public var after: Int
        public var added: [Change]
        public var removed: [Change]
        public var changed: [Change]

        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
    }

    /// Sections with at least one item added, removed or changed, in `SectionID` order.
    public var sections: [Section]

    public init(from old: ContentLoadResult, to new: ContentLoadResult) {
        var out: [Section] = []
        for s in SectionID.allCases where s.isItemList {
            let a = old.catalog.items.filter { $0.section == s }, b = new.catalog.items.filter { $0.section == s }
            let before = Dictionary(a.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
            let after = Dictionary(b.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
            var section = Section(section: s, before: a.count, after: b.count, added: [], removed: [], changed: [])
            section.added = b.filter { before[$0.id] == nil }.map { Change(id: $0.id, name: $0.name.french, fields: []) }
            section.removed = a.filter { after[$0.id] == nil }.map { Change(id: $0.id, name: $0.name.french, fields: []) }
            section.changed = b.compactMap { item in
                guard let was = before[item.id], was != item else { return nil }
                return Change(id: item.id, name: item.name.french, fields: Self.fields(was, item))
            }
            if !section.isEmpty { out.append(section) }
        }
        sections = out
    }

    /// The fields that differ, named as in the items file.
    static func fields(_ a: ContentItem, _ b: ContentItem) -> [String] {
        let checks: [(String, Bool)] = [
            ("section", a.section == b.section), ("demo", a.demo == b.demo), ("name", a.name == b.name),
            ("category", a.category == b.category), ("summary", a.summary == b.summary),
            ("description", a.description == b.description), ("commune", a.commune == b.commune),
            ("address", a.address == b.address), ("phone", a.phone == b.phone), ("email", a.email == b.email),
            ("website", a.website == b.website), ("geo", a.geo == b.geo), ("opening_hours", a.openingHours == b.openingHours),
            ("hours_text", a.hoursText == b.hoursText), ("tags", a.tags == b.tags), ("dates", a.dates == b.dates),
            ("hike", a.hike == b.hike),
        ]
        let named = checks.filter { !$0.1 }.map(\.0)
        return named.isEmpty ? ["other fields"] : named
    }
}
