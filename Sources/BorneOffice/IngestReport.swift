import BorneCore

/// What one `borne office ingest` run did: one line per file looked at,
/// receipts written, and totals.
public struct IngestReport: Equatable, Sendable {
    public struct FileLine: Equatable, Sendable {
        /// `KIOSK/name`, relative to the source.
        public var file: String
        public var kiosk: String?
        public var result: IngestResult
        public var reason: String?
        public var rows: Int
        public var newRows: Int
    }

    public var lines: [FileLine] = []
    /// Receipts written to sticks: (path, kiosk, acked_up_to).
    public var receipts: [(path: String, kiosk: String, ackedUpTo: Int64)] = []
    /// Rows flagged for an implausible clock during this run.
    public var flagged = 0
    /// Paths refused on a stick (a link, FIFO or device where a file or folder belongs).
    public var stickRefusals: [String] = []

    public init() {}

    public static func == (a: IngestReport, b: IngestReport) -> Bool {
        a.lines == b.lines && a.flagged == b.flagged
            && a.receipts.map { "\($0.path) \($0.kiosk) \($0.ackedUpTo)" } == b.receipts.map { "\($0.path) \($0.kiosk) \($0.ackedUpTo)" }
    }

    public var rejected: [FileLine] { lines.filter { $0.result == .rejected } }
    public var newRows: Int { lines.reduce(0) { $0 + $1.newRows } }
    public var rowsSeen: Int { lines.reduce(0) { $0 + $1.rows } }

    func count(_ r: IngestResult) -> Int { lines.filter { $0.result == r }.count }

    /// One line per rejected file, then the totals.
    public func summary() -> String {
        var out = ""
        // File names and reasons may quote what a file held: made safe like every office output.
        for l in rejected { out += Sanitizer.line("REFUSÉ \(l.file) : \(l.reason ?? "?")") + "\n" }
        for r in receipts { out += Sanitizer.line("reçu écrit : \(r.path) (\(r.kiosk) jusqu'au n° \(r.ackedUpTo))") + "\n" }
        out += "\(count(.stored)) lot(s) enregistré(s), \(newRows) touche(s) nouvelle(s) sur \(rowsSeen) lue(s); "
        out += "\(count(.duplicate)) déjà reçu(s); \(count(.heartbeat)) heartbeat(s); \(rejected.count) refusé(s)"
        if flagged > 0 { out += "; \(flagged) touche(s) à l'horloge invraisemblable" }
        if !stickRefusals.isEmpty { out += "; \(stickRefusals.count) chemin(s) refusé(s) sur la clé" }
        return out + "\n"
    }
}
