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

        public init(id: Int?, name: String?, source: String, reason: String, expected: Bool = false) {
            self.id = id; self.name = name; self.source = source; self.reason = reason; self.expected = expected
        }

        public var description: String {
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

    /// "12 objects imported, 3 skipped, 5 warnings".
    public var summary: String {
        "\(imported.count) APIDAE object\(imported.count == 1 ? "" : "s") imported, "
            + "\(skipped.count) skipped, \(warnings.count) warning\(warnings.count == 1 ? "" : "s")"
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
