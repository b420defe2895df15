/// A text in several languages. Invariant: `fr` is never empty for content
/// that passed loading (the loader refuses items without French).
public struct LocalizedText: Equatable, Sendable, Codable {
    public var values: [Language: String]

    public init(_ values: [Language: String]) {
        self.values = values.filter { !$0.value.isEmpty }
    }

    public init(fr: String) { self.init([.fr: fr]) }

    public var french: String { values[.fr] ?? "" }
    public var isEmpty: Bool { values.isEmpty }

    /// The text in `language`, or in French when that language is missing.
    public func text(_ language: Language) -> String {
        values[language] ?? values[.fr] ?? ""
    }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: String].self)
        var values: [Language: String] = [:]
        for (key, value) in raw {
            if let lang = Language(rawValue: key), !value.isEmpty { values[lang] = value }
        }
        self.values = values
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) }))
    }
}
