import BorneStore
import Foundation

/// Checkpoints the office database's WAL on a connection and thread of its
/// own while ingest goes on writing (`OfficeIngest.run`). The ingest's
/// connection then runs no automatic checkpoint at its COMMITs: copying
/// the WAL into the database and its fsyncs (13 of them for a year of
/// seven kiosks, ≈ 0.13 s of waiting) no longer stop the inserts.
/// Durability is unchanged: commits reach the disk at a checkpoint, as
/// before, and ingest still ends (and makes a USB stick's receipts) with
/// `OfficeStore.checkpoint()` once this one is idle (`wait()`).
///
/// A failed checkpoint is kept and thrown by the next `wait()`: never
/// dropped in silence.
final class WALCheckpointer: @unchecked Sendable {
    private let queue = DispatchQueue(label: "borne.office.wal-checkpoint")
    /// Guards `db`, `queued` and `failure`.
    private let lock = NSLock()
    private var db: Database?
    private var queued = false
    private var failure: Error?

    init(path: String) throws {
        db = try Database(path: path)
    }

    /// Asks for a checkpoint of what is committed so far (at most one waiting).
    func request() {
        lock.lock(); defer { lock.unlock() }
        guard !queued, db != nil else { return }
        queued = true
        queue.async { [self] in
            lock.lock()
            queued = false
            let db = self.db
            lock.unlock()
            guard let db else { return }
            do {
                // PASSIVE: copies what no reader needs, never waits for the writer.
                try db.execute("PRAGMA wal_checkpoint(PASSIVE)")
            } catch {
                lock.lock()
                if failure == nil { failure = error }
                lock.unlock()
            }
        }
    }

    /// Waits until no checkpoint runs or waits; throws the first one that failed.
    func wait() throws {
        queue.sync {}
        lock.lock(); defer { lock.unlock() }
        if let failure { self.failure = nil; throw failure }
    }

    /// Waits, then closes the connection; later requests do nothing.
    func close() throws {
        defer { lock.lock(); db = nil; lock.unlock() }
        try wait()
    }
}
