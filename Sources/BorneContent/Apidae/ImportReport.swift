/// What an APIDAE import did: how many objects became items, which were
/// skipped and why, and what was dropped or guessed on the way. Printed by
/// `borne content build` and kept as the build's report.
public struct ImportReport: Equatable, Sendable {
    /// An APIDAE object (or a whole file) that gave no item.
    public struct Skipped: Equatable, Sendable, CustomStringConvertible {
        /// The APIDAE id; nil when the object has none or a whole file was skipped.
        public var id: Int?
        /// The object's French name, when it has one.
        public var name: String?
        /// Where it came from: "export.zip:objets_modifies/objets_modifies-1.json".
        public var source: String
        public var reason: String
        /// Left out on purpose (not PUBLISHED, a type the kiosk does not show,
        /// deleted by a later export): a note. Otherwise the object failed to
        /// load, a problem that stops the build unless allowed.
        public var expected: Bool
        /// How many objects without an id, in a row from the same source,
        /// were skipped for this same reason: one entry, not one line each
        /// (an export of 3,000,001 empty objects gives one line).
        public var count: Int

        public init(id: Int?, name: String?, source: String, reason: String, expected: Bool = false, count: Int = 1) {
            self.id = id; self.name = name; self.source = source; self.reason = reason; self.expected = expected
            self.count = count
        }

        public var description: String {
            if count > 1 { return "\(source): \(ImportReport.thousands(count)) objects without an id: skipped: \(reason)" }
            var who = id.map { "object \($0)" } ?? "no id"
            if let name { who += " \(Quote.value(name))" }
            return "\(source): \(who): skipped: \(reason)"
        }
    }

    /// A field dropped, a reference left unresolved, a value guessed: the item was kept.
    public struct Warning: Equatable, Sendable, CustomStringConvertible {
        public var id: Int?
        public var field: String?
        public var message: String
        /// Something visitors will miss (a hike's GPX not found or unreadable):
        /// a problem that stops the build unless allowed, not a note.
        public var isProblem: Bool

        public init(id: Int?, field: String? = nil, message: String, isProblem: Bool = false) {
            self.id = id; self.field = field; self.message = message; self.isProblem = isProblem
        }

        public var description: String {
            var parts: [String] = []
            if let id { parts.append("object \(id)") }
            if let field { parts.append("field \(field)") }
            parts.append(message)
            return parts.joined(separator: ": ")
        }
    }

    /// APIDAE ids that became items, in item order.
    public var imported: [Int] = []
    public var skipped: [Skipped] = []
    public var warnings: [Warning] = []

    public init() {}

    /// Adds a skipped object; one without an id joins the previous entry
    /// when that one is also without an id, from the same source, for the
    /// same reason (its count grows): repeats are summarised, not listed.
    public mutating func skip(_ s: Skipped) {
        if s.id == nil, let last = skipped.last, last.id == nil, last.source == s.source, last.reason == s.reason,
           last.expected == s.expected {
            skipped[skipped.count - 1].count += s.count
            skipped[skipped.count - 1].name = nil
            return
        }
        skipped.append(s)
    }

    /// Objects skipped, repeats counted.
    public var skippedObjects: Int { skipped.reduce(0) { $0 + $1.count } }

    /// `3,000,001`.
    static func thousands(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// "12 objects imported, 3 skipped, 5 warnings".
    public var summary: String {
        "\(imported.count) APIDAE object\(imported.count == 1 ? "" : "s") imported, "
            + "\(skippedObjects) skipped, \(warnings.count) warning\(warnings.count == 1 ? "" : "s")"
    }

    /// Objects that failed to load and warnings that are problems: what
    /// `borne content build` refuses to ship unless `--allow-problems`.
    public var problems: [String] {
        skipped.filter { !$0.expected }.map(\.description) + warnings.filter(\.isProblem).map(\.description)
    }

    /// The summary, then every skipped object, then every warning, one per line.
    public var lines: [String] {
        [summary] + skipped.map(\.description) + warnings.map { "warning: \($0)" }
    }
}
