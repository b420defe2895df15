import Foundation

/// How a `TouchRecorder` writes. Defaults are the kiosk's; tests shorten
/// the backoff and inject an opener that fails.
public struct RecorderConfig: Sendable {
    /// The kiosk's data directory: `sessions.db` and `stats/seq-floor` live there.
    public var dataDir: String
    /// `KioskConfig.id`, stored in every row.
    public var kioskID: String
    public var databasePath: String
    public var sequenceFloorPath: String
    /// Opens the database file; replace it to inject faults.
    public var opener: @Sendable (String) throws -> Database = { try Database(path: $0) }
    /// Events kept in memory while the store fails (a few hundred bytes
    /// each: ~25 MB at most); beyond, the oldest are dropped.
    public var capacity = 100_000
    /// Most events in one transaction (a backlog drains in transactions this big).
    public var maxBatch = 500
    /// Full-jitter backoff between attempts after a fault: random(0, min(cap, base·2^n)).
    public var backoffBase: TimeInterval = 0.25
    public var backoffCap: TimeInterval = 30
    /// FULL: a commit is on disk when it returns (see docs/STATISTICS.md, "Durability").
    public var synchronous: Database.Synchronous = .full
    public var busyTimeoutMs: Int32 = 2000
    /// `PRAGMA quick_check` at the first open: damage anywhere in the file
    /// is found at start-up, not months later by the uploader.
    public var checkOnOpen = true
    /// Sequence numbers reserved in the floor file at a time.
    public var sequenceBlock: Int64 = 1000
    /// Where log lines go (journald reads stderr). Lines never hold visitor data.
    public var log: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(("borne store: " + line + "\n").utf8))
    }
    /// Called on the writer thread after each commit with the sequence
    /// numbers it made durable (the store self-test prints them).
    public var onCommit: (@Sendable ([Int64]) -> Void)?
    /// Wall clock, for the names of moved-aside files: never for waiting.
    public var now: @Sendable () -> Date = { Date() }
    /// The clock of the back-off and of `flush`/`close` timeouts.
    public var monotonic: MonotonicClock = .system

    public init(dataDir: String, kioskID: String) {
        self.dataDir = dataDir
        self.kioskID = kioskID
        databasePath = (dataDir as NSString).appendingPathComponent("sessions.db")
        sequenceFloorPath = ((dataDir as NSString).appendingPathComponent("stats") as NSString)
            .appendingPathComponent("seq-floor")
    }
}
