/// A UI value in each of the kiosk's five languages, one stored field per
/// language: a missing translation is a compile error, not a crash or a blank
/// at first render (what `[Language: String]` lookups with `!` allowed).
/// Content texts, which may lack a language, are `LocalizedText`.
public struct Localized<Value: Sendable>: Sendable {
    public let fr: Value
    public let en: Value
    public let de: Value
    public let nl: Value
    public let es: Value

    public init(fr: Value, en: Value, de: Value, nl: Value, es: Value) {
        self.fr = fr; self.en = en; self.de = de; self.nl = nl; self.es = es
    }

    public subscript(_ language: Language) -> Value {
        switch language {
        case .fr: return fr
        case .en: return en
        case .de: return de
        case .nl: return nl
        case .es: return es
        }
    }
}
