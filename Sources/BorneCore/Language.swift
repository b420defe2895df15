/// The kiosk's languages. French is the office's language and always complete;
/// every other one falls back to French for content it lacks.
public enum Language: String, CaseIterable, Codable, Sendable, Comparable {
    case fr, en, de, nl, es

    public static func < (a: Language, b: Language) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The language's own name, shown on its button.
    public var nativeName: String {
        switch self {
        case .fr: return "Français"
        case .en: return "English"
        case .de: return "Deutsch"
        case .nl: return "Nederlands"
        case .es: return "Español"
        }
    }
}
