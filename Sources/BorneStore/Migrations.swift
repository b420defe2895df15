/// Schema versions of one database, counted by `PRAGMA user_version`.
/// Each step runs in its own IMMEDIATE transaction together with the
/// version bump, so a database is always exactly at one version: a step
/// that fails leaves no half-made table behind and the version unchanged.
/// Steps are never edited once shipped; a change is a new step.
public struct Migrations: Sendable {
    public struct Step: Sendable {
        public var version: Int
        public var name: String
        public var migrate: @Sendable (Database) throws -> Void
    }

    public private(set) var steps: [Step] = []

    public init() {}

    /// Adds the step that brings the database to `version`, which must be
    /// the next one (1, 2, 3...): a gap or a repeat is a programming error.
    public mutating func register(_ version: Int, _ name: String,
                                  _ migrate: @escaping @Sendable (Database) throws -> Void) {
        precondition(version == latestVersion + 1, "migration \(version) \(name) after \(latestVersion)")
        steps.append(Step(version: version, name: name, migrate: migrate))
    }

    public var latestVersion: Int { steps.last?.version ?? 0 }

    /// The first steps only, up to `version`: how an older release left a database.
    public func upTo(_ version: Int) -> Migrations {
        var m = self
        m.steps = steps.filter { $0.version <= version }
        return m
    }

    /// Brings `db` to the latest version; returns the versions before and after.
    /// Throws `MigrationError.newerThanCode` for a database written by a newer
    /// release, which this code must not touch.
    @discardableResult
    public func migrate(_ db: Database) throws -> (from: Int, to: Int) {
        let from = try db.userVersion()
        guard from <= latestVersion else {
            throw MigrationError.newerThanCode(found: from, known: latestVersion)
        }
        for step in steps where step.version > from {
            try db.inTransaction(.immediate) {
                // Another connection may have migrated since we looked.
                let current = try db.userVersion()
                guard current < step.version else { return .rollback }
                guard current == step.version - 1 else {
                    throw MigrationError.newerThanCode(found: current, known: latestVersion)
                }
                try step.migrate(db)
                try db.setUserVersion(step.version)
                return .commit
            }
        }
        return (from, try db.userVersion())
    }
}

public enum MigrationError: Error, Equatable, Sendable, CustomStringConvertible {
    case newerThanCode(found: Int, known: Int)

    public var description: String {
        switch self {
        case let .newerThanCode(found, known):
            return "database schema version \(found) is newer than this Borne knows (\(known)): install the newer Borne, or move the database aside"
        }
    }
}
