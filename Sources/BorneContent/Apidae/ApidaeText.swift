import BorneCore

/// APIDAE's multilingual texts: `{"libelleFr": "...", "libelleEn": "..."}`,
/// where any key may be absent and `{}` means no text. The kiosk's languages
/// are taken; Italian, Russian, Chinese, Portuguese are not shown and dropped.
enum ApidaeText {
    static let keys: [(String, Language)] = [
        ("libelleFr", .fr), ("libelleEn", .en), ("libelleDe", .de), ("libelleNl", .nl), ("libelleEs", .es),
    ]

    /// The kiosk languages of a `traductionLibelle`, sanitized, without any
    /// French fallback (an empty text when French is missing too).
    static func labels(_ value: JSONValue?, multiline: Bool) -> LocalizedText {
        guard let value else { return LocalizedText([:]) }
        var values: [Language: String] = [:]
        for (key, language) in keys {
            guard let raw = value[key]?.string else { continue }
            let clean = multiline ? Sanitizer.paragraphs(raw) : Sanitizer.line(raw)
            if !clean.isEmpty { values[language] = clean }
        }
        return LocalizedText(values)
    }

    /// Like `labels`, but a text without French takes the first other kiosk
    /// language as its French (the kiosk needs French; a visitor is better
    /// served by English than by nothing). Returns the language used, if so.
    static func text(_ value: JSONValue?, multiline: Bool) -> (text: LocalizedText, frenchFrom: Language?) {
        var t = labels(value, multiline: multiline)
        guard t.french.isEmpty, !t.isEmpty else { return (t, nil) }
        let stand = Language.allCases.first { t.values[$0] != nil }!
        t.values[.fr] = t.values[stand]
        return (t, stand)
    }

    /// The object's French name for the report, when it has one.
    static func frenchName(_ object: JSONValue) -> String? {
        guard let raw = object["nom"]?["libelleFr"]?.string else { return nil }
        let clean = Sanitizer.line(raw)
        return clean.isEmpty ? nil : clean
    }

    /// Several texts joined per language with `separator`, each language
    /// falling back to French: "Hôtel · 2 étoiles".
    static func join(_ parts: [LocalizedText], separator: String = " · ") -> LocalizedText {
        let parts = parts.filter { !$0.french.isEmpty }
        guard !parts.isEmpty else { return LocalizedText([:]) }
        var values: [Language: String] = [:]
        for language in Language.allCases where language == .fr || parts.contains(where: { $0.values[language] != nil }) {
            values[language] = parts.map { $0.text(language) }.joined(separator: separator)
        }
        return LocalizedText(values)
    }
}
