import BorneCore
import BorneStore
import Foundation

/// What became of one file an ingest looked at.
public enum IngestResult: String, Sendable {
    /// A batch whose rows were stored (some may have been stored before).
    case stored
    /// A batch or heartbeat already ingested: nothing new.
    case duplicate
    /// A heartbeat whose MAC verified, recorded.
    case heartbeat
    /// Refused: MAC, name, range, unknown kiosk... Nothing of it is stored.
    case rejected
}

extension OfficeStore {
    /// Adds a line to `ingest_log`. A rejection already logged for the same
    /// file and reason is not logged again (a forged file left on the
    /// collector is refused at every run, but recorded once).
    func logIngest(file: String, kiosk: String?, result: IngestResult, reason: String? = nil, first: Int64? = nil,
                   last: Int64? = nil, rows: Int? = nil, newRows: Int? = nil, mac: String? = nil, epoch: Int64? = nil, at: Int64) throws {
        if result == .rejected {
            let seen = try cached("SELECT 1 FROM ingest_log WHERE file = ? AND result = 'rejected' AND reason IS ? LIMIT 1")
                .rows([.text(file), SQLValue(reason)]) { _ in true }
            if !seen.isEmpty { return }
        }
        try cached("""
            INSERT INTO ingest_log (at_utc, file, kiosk, result, reason, first, last, rows, new_rows, mac, epoch)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute([.text(UTCTime.string(ms: at)), .text(file), SQLValue(kiosk), .text(result.rawValue),
                          SQLValue(reason), SQLValue(first), SQLValue(last), rows.map { .integer(Int64($0)) } ?? .null,
                          newRows.map { .integer(Int64($0)) } ?? .null, SQLValue(mac), SQLValue(epoch)])
    }

    /// True when this file (`KIOSK/name`) with this MAC was stored before:
    /// the same bytes, so all its rows are here and it need not be inflated
    /// again. (The name too: a copy of another kiosk's batch must not pass.)
    func batchAlreadyStored(file: String, mac: String) throws -> Bool {
        try !cached("SELECT 1 FROM ingest_log WHERE mac = ? AND file = ? AND result = 'stored' LIMIT 1")
            .rows([.text(mac), .text(file)]) { _ in true }.isEmpty
    }

    /// True when a batch file of this name (`KIOSK/name`) was stored before
    /// in key epoch `epoch` (a reinstalled kiosk's batches have the names of
    /// its previous installation's).
    func batchNameAlreadyStored(file: String, epoch: Int64) throws -> Bool {
        try !cached("SELECT 1 FROM ingest_log WHERE file = ? AND result = 'stored' AND epoch = ? LIMIT 1")
            .rows([.text(file), .integer(epoch)]) { _ in true }.isEmpty
    }

    /// `ingest_log`, oldest first (tests and `borne office ingest --log`).
    public func ingestLog() throws -> [(file: String, result: String, reason: String?)] {
        try db.prepare("SELECT file, result, reason FROM ingest_log ORDER BY id").rows { s in
            (s.text(0) ?? "", s.text(1) ?? "", s.text(2))
        }
    }
}
