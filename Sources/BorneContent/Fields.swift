import BorneCore

/// What is wrong with one record (an item, the office, a config), collected
/// without stopping at the first fault. `fatal` entries make the record unusable.
final class IssueLog {
    struct Entry {
        var field: String?
        var message: String
        var fatal: Bool
    }
    private(set) var entries: [Entry] = []

    func add(_ field: String?, _ message: String, fatal: Bool = false) {
        entries.append(Entry(field: field, message: message, fatal: fatal))
    }

    var hasFatal: Bool { entries.contains { $0.fatal } }
}

/// Typed, checked access to the fields of one JSON object. Every reader
/// records what is wrong in `log` and returns nil, so the caller only decides
/// what a missing value means. A JSON `null` counts as absent.
struct Fields {
    let object: [String: JSONValue]
    /// Prefix of nested field names ("hike.", "dates[2].").
    let prefix: String
    let log: IssueLog

    init(_ object: [String: JSONValue], prefix: String = "", log: IssueLog) {
        self.object = object; self.prefix = prefix; self.log = log
    }

    func path(_ key: String) -> String { prefix + key }

    func value(_ key: String) -> JSONValue? {
        guard let v = object[key] else { return nil }
        if case .null = v { return nil }
        return v
    }

    func has(_ key: String) -> Bool { value(key) != nil }

    /// Reports every key not in `allowed`, suggesting the nearest known one:
    /// a misspelt key would otherwise be silently ignored.
    func rejectUnknownKeys(_ allowed: Set<String>, fatal: Bool = false) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            var message = "unknown field"
            if let guess = Spelling.nearest(to: key, in: allowed) { message += " (did you mean \"\(guess)\"?)" }
            log.add(path(Quote.key(key)), message, fatal: fatal)
        }
    }

    func missing(_ key: String, fatal: Bool) {
        log.add(path(key), "is required", fatal: fatal)
    }

    func wrongType(_ key: String, expected: String, got: JSONValue, fatal: Bool = false) {
        log.add(path(key), "expected \(expected), got \(got.typeName)", fatal: fatal)
    }

    /// A string exactly as written (ids, paths, dates): not sanitized, so the
    /// caller must validate it against a strict pattern before use.
    func rawString(_ key: String, required: Bool = false, fatal: Bool = false) -> String? {
        guard let v = value(key) else {
            if required { missing(key, fatal: fatal) }
            return nil
        }
        guard case .string(let s) = v else { wrongType(key, expected: "a string", got: v, fatal: fatal); return nil }
        return s
    }

    /// One line of display text, sanitized; empty after sanitizing counts as absent.
    func line(_ key: String, required: Bool = false, fatal: Bool = false) -> String? {
        guard let raw = rawString(key, required: required, fatal: fatal) else { return nil }
        let s = Sanitizer.line(raw)
        if s.isEmpty {
            if required { log.add(path(key), "must not be empty", fatal: fatal) }
            return nil
        }
        return s
    }

    func bool(_ key: String) -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { wrongType(key, expected: "true or false", got: v); return nil }
        return b
    }

    func number(_ key: String, in range: ClosedRange<Double>, required: Bool = false, fatal: Bool = false) -> Double? {
        guard let v = value(key) else {
            if required { missing(key, fatal: fatal) }
            return nil
        }
        guard case .number(let d) = v else { wrongType(key, expected: "a number", got: v, fatal: fatal); return nil }
        guard range.contains(d) else {
            log.add(path(key), "must be between \(Quote.number(range.lowerBound)) and \(Quote.number(range.upperBound)), got \(Quote.number(d))", fatal: fatal)
            return nil
        }
        return d
    }

    func int(_ key: String, in range: ClosedRange<Int>, required: Bool = false, fatal: Bool = false) -> Int? {
        guard let v = value(key) else {
            if required { missing(key, fatal: fatal) }
            return nil
        }
        guard case .number(let d) = v else { wrongType(key, expected: "an integer", got: v, fatal: fatal); return nil }
        guard d.rounded() == d else {
            log.add(path(key), "must be a whole number, got \(Quote.number(d))", fatal: fatal)
            return nil
        }
        guard d >= Double(range.lowerBound), d <= Double(range.upperBound) else {
            log.add(path(key), "must be between \(range.lowerBound) and \(range.upperBound), got \(Quote.number(d))", fatal: fatal)
            return nil
        }
        return Int(d)
    }

    func array(_ key: String, required: Bool = false, fatal: Bool = false) -> [JSONValue]? {
        guard let v = value(key) else {
            if required { missing(key, fatal: fatal) }
            return nil
        }
        guard case .array(let a) = v else { wrongType(key, expected: "an array", got: v, fatal: fatal); return nil }
        return a
    }

    func object(_ key: String, required: Bool = false, fatal: Bool = false) -> Fields? {
        guard let v = value(key) else {
            if required { missing(key, fatal: fatal) }
            return nil
        }
        guard case .object(let o) = v else { wrongType(key, expected: "an object", got: v, fatal: fatal); return nil }
        return Fields(o, prefix: path(key) + ".", log: log)
    }

    /// Localized text: `{"fr": "...", "en": "..."}` (or a bare string, taken
    /// as French). Each language is sanitized; French is mandatory whenever
    /// the field is present, so `LocalizedText.text(_:)` always has a fallback.
    func text(_ key: String, multiline: Bool = false, required: Bool = false, fatal: Bool = false) -> LocalizedText? {
        guard let v = value(key) else {
            if required { missing(key, fatal: fatal) }
            return nil
        }
        let clean = { (s: String) -> String in multiline ? Sanitizer.paragraphs(s) : Sanitizer.line(s) }
        var values: [Language: String] = [:]
        switch v {
        case .string(let s):
            values[.fr] = clean(s)
        case .object(let o):
            for (lang, raw) in o.sorted(by: { $0.key < $1.key }) {
                guard let language = Language(rawValue: lang) else {
                    log.add(path(key) + "." + Quote.key(lang), "unknown language (expected one of \(Language.allCases.map(\.rawValue).joined(separator: ", ")))")
                    continue
                }
                if case .null = raw { continue }
                guard case .string(let s) = raw else {
                    log.add(path(key) + "." + lang, "expected a string, got \(raw.typeName)")
                    continue
                }
                values[language] = clean(s)
            }
        default:
            wrongType(key, expected: "an object of texts by language", got: v, fatal: fatal)
            return nil
        }
        let text = LocalizedText(values)
        guard !text.french.isEmpty else {
            if required || !text.isEmpty {
                log.add(path(key), "French text (\"fr\") is required", fatal: fatal)
            }
            return nil
        }
        return text
    }
}

/// Quoting content values inside problem messages: sanitized and cut short,
/// since a message may end up on the maintenance screen.
enum Quote {
    static func value(_ s: String, limit: Int = 60) -> String {
        var clean = Sanitizer.line(s)
        if clean.count > limit { clean = String(clean.prefix(limit)) + "…" }
        return "\"" + clean + "\""
    }

    /// A key from the file, made safe to print as a field name.
    static func key(_ s: String) -> String {
        let clean = Sanitizer.line(s)
        return clean.count > 40 ? String(clean.prefix(40)) + "…" : clean
    }

    static func number(_ d: Double) -> String {
        if d.rounded() == d, abs(d) < 1e15 { return String(Int(d)) }
        return String(d)
    }
}

/// "did you mean ...?" for misspelt keys.
enum Spelling {
    static func nearest(to word: String, in candidates: Set<String>) -> String? {
        let best = candidates.map { ($0, distance(word, $0)) }.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        guard let (candidate, d) = best, d <= max(2, word.count / 4) else { return nil }
        return candidate
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
