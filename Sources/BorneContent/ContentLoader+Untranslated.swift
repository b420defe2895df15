import BorneCore

/// Every item text that has French but no translation in a language the
/// kiosk offers: a visitor who chose that language reads it in French. Not a
/// problem (the kiosk shows French, as designed): a report for the office,
/// printed by `borne content pack` and `build`.
public struct UntranslatedReport: Equatable, Sendable {
    public struct Entry: Equatable, Sendable, CustomStringConvertible {
        public var section: SectionID
        public var itemID: String
        public var language: Language
        /// The item's fields in French only: `name`, `summary`, `hike.notes`...
        public var fields: [String]

        /// `en: items/manger.json: item "auberge": summary, description`
        public var description: String {
            "\(language.rawValue): items/\(section.rawValue).json: item \"\(itemID)\": " + fields.joined(separator: ", ")
        }
    }

    /// One entry per item and language, by language then item order.
    public var entries: [Entry]
    public var languages: [Language]

    public init(entries: [Entry], languages: [Language]) {
        self.entries = entries; self.languages = languages
    }

    /// - Parameter languages: those the kiosks offer; French is the source, never "untranslated".
    public init(catalog: ContentCatalog, languages: [Language] = Language.allCases) {
        self.languages = languages.filter { $0 != .fr }
        var out: [Entry] = []
        for item in catalog.items {
            var texts: [(String, LocalizedText)] = [
                ("name", item.name), ("category", item.category), ("summary", item.summary),
                ("description", item.description), ("hours_text", item.hoursText),
            ]
            if let hike = item.hike {
                texts.append(("hike.notes", hike.notes))
                for (i, poi) in hike.pois.enumerated() {
                    texts.append(("hike.pois[\(i)].name", poi.name))
                    texts.append(("hike.pois[\(i)].note", poi.note))
                }
            }
            for language in self.languages {
                let missing = texts.filter { !$0.1.french.isEmpty && $0.1.values[language] == nil }.map(\.0)
                if !missing.isEmpty { out.append(Entry(section: item.section, itemID: item.id, language: language, fields: missing)) }
            }
        }
        // Grouped by language (as the office reads it), items in content order.
        let order = self.languages
        entries = out.enumerated().sorted {
            (order.firstIndex(of: $0.element.language)!, $0.offset) < (order.firstIndex(of: $1.element.language)!, $1.offset)
        }.map(\.element)
    }

    /// Texts in French only, per language and section.
    public var counts: [Language: [SectionID: Int]] {
        var out: [Language: [SectionID: Int]] = [:]
        for e in entries { out[e.language, default: [:]][e.section, default: 0] += e.fields.count }
        return out
    }

    public var textCount: Int { entries.reduce(0) { $0 + $1.fields.count } }

    /// One line per language with something missing:
    /// `en: 12 texts in French only (manger 3, dormir 9)`.
    public var summaryLines: [String] {
        let counts = self.counts
        return languages.compactMap { language in
            guard let bySection = counts[language] else { return nil }
            let total = bySection.values.reduce(0, +)
            let parts = SectionID.allCases.compactMap { s in bySection[s].map { "\(s.rawValue) \($0)" } }
            return "\(language.rawValue): \(total) text\(total == 1 ? "" : "s") in French only (" + parts.joined(separator: ", ") + ")"
        }
    }
}
