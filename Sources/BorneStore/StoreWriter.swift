internal import CSQLite
import BorneSystem
import BorneCore
import Foundation

/// The recorder's writer thread: the only owner of the database connection.
/// It takes a prefix of the queue, commits it in one transaction and only
/// then removes it; a failure leaves the events queued, closes the
/// connection and retries after a backoff.
///
/// `@unchecked Sendable`: handed once to the thread that runs it and never
/// touched by another; what it shares is in `RecorderShared`, under its lock.
final class StoreWriter: @unchecked Sendable {
    struct OpenSession: Equatable {
        /// The session's row id, the sequence of its first tap; nil until that tap.
        var id: Int64?
        var start: Date
        var startMonoNs: UInt64
    }

    /// What the writer knows beyond the database; changed only when a
    /// transaction is known to have committed.
    struct State: Equatable {
        var nextSeq: Int64
        var session: OpenSession?
    }

    /// The transaction in progress, kept until its outcome is known: a
    /// COMMIT can fail after it reached the disk (an fsync error), and the
    /// marker it wrote then tells the writer it happened.
    struct Attempt { var through: UInt64; var state: State; var seqs: [Int64] }

    let config: RecorderConfig
    let shared: RecorderShared
    let floor: SequenceFloor
    /// This writer's name in the `writer_applied` marker.
    let runID = String(UInt64.random(in: 0...UInt64.max), radix: 36)

    private var store: TouchStore?
    private var state: State?
    /// The floor file as last read or written.
    private var floorValue: SequenceFloor.Value?
    private var lastAttempt: Attempt?
    private var failures = 0
    /// When the current fault began (`config.monotonic`).
    private var faultSince: TimeInterval?
    private var loggedFault: StoreProblem?
    private var movesInARow = 0

    init(config: RecorderConfig, shared: RecorderShared) {
        self.config = config
        self.shared = shared
        floor = SequenceFloor(path: config.sequenceFloorPath)
    }

    func run() {
        while waitForWork() {
            do {
                if store == nil { try open() }
                let batch = takeBatch()
                if !batch.entries.isEmpty { try write(batch.entries, waitedThrough: batch.waitedThrough) }
                recovered()
            } catch {
                failed(error)
            }
        }
        store = nil
        shared.cond.lock()
        if !shared.queue.isEmpty {
            config.log("stopping with \(shared.queue.count) events not written")
        }
        shared.exited = true
        shared.cond.broadcast()
        shared.cond.unlock()
    }

    // MARK: queue

    private func waitForWork() -> Bool {
        shared.cond.lock()
        defer { shared.cond.unlock() }
        while true {
            // Stopping: drain what can be written, but retry no fault.
            if shared.stopping { return !shared.queue.isEmpty && failures == 0 }
            if !shared.queue.isEmpty { return true }
            shared.cond.wait()
        }
    }

    private func takeBatch() -> (entries: [EventQueue.Entry], waitedThrough: UInt64) {
        shared.cond.lock()
        defer { shared.cond.unlock() }
        let batch = shared.queue.prefix(config.maxBatch)
        shared.queue.inFlightThrough = batch.last?.index ?? 0
        return (batch, shared.waitedThrough)
    }

    private func committed(through index: UInt64, seqs: [Int64]) {
        // Logged and reported before anyone waiting on a flush wakes up.
        recovered()
        if !seqs.isEmpty { config.onCommit?(seqs) }
        shared.cond.lock()
        shared.queue.removeThrough(index)
        shared.queue.inFlightThrough = 0
        shared.touchesWritten += seqs.count
        if let last = seqs.last { shared.lastSequence = last }
        shared.lastWrite = config.now()
        shared.fault = nil
        shared.cond.broadcast()
        shared.cond.unlock()
    }

    // MARK: opening

    private func open() throws {
        try AtomicFile.makeDirectories(config.dataDir)
        let db = try config.opener(config.databasePath)
        // quick_check reads the whole file: once per run; later damage shows as SQLITE_CORRUPT.
        let st = try TouchStore(database: db, kioskID: config.kioskID, synchronous: config.synchronous,
                                busyTimeoutMs: config.busyTimeoutMs, quickCheck: config.checkOnOpen && state == nil)
        switch floor.read() {
        case .missing: floorValue = nil
        case .value(let v): floorValue = v
        case .unreadable(let why):
            floorValue = nil
            config.log("sequence floor unreadable (\(why)); numbering continues from the database only")
        }
        let next = SequenceFloor.nextSequence(dbMax: try st.maxSequenceEver(), databaseID: st.databaseID,
                                              floor: floorValue)
        if var s = state {
            // Reopened after a fault: did the last transaction commit after all?
            if let attempt = lastAttempt, let marker = try st.writerMarker(),
               marker.run == runID, marker.index >= attempt.through {
                s = attempt.state
                committed(through: attempt.through, seqs: attempt.seqs)
            }
            s.nextSeq = max(s.nextSeq, next)
            state = s
        } else {
            let closed = try st.closeSessionsLeftOpen()
            if closed > 0 { config.log("\(closed) session(s) left open by the previous run end at their last tap") }
            state = State(nextSeq: next, session: nil)
            config.log("writing \(config.databasePath) (journal \(st.journalMode)), next sequence \(next)")
        }
        if st.journalMode != "wal" { config.log("journal mode is \(st.journalMode), not wal") }
        lastAttempt = nil
        store = st
    }

    // MARK: writing

    private func write(_ batch: [EventQueue.Entry], waitedThrough: UInt64) throws {
        guard let store, var s = state, let last = batch.last?.index else { return }
        let touches = batch.reduce(0) { $0 + ($1.event.isTouch ? 1 : 0) }
        if touches > 0, let v = SequenceFloor.reservation(toCommitUpTo: s.nextSeq + Int64(touches) - 1,
                                                          databaseID: store.databaseID, current: floorValue,
                                                          block: config.sequenceBlock) {
            try floor.write(v)      // durable before any number above the old reservation is committed
            floorValue = v
        }
        var seqs: [Int64] = []
        try store.db.inTransaction(.immediate) {
            for entry in batch {
                try apply(entry.event, waited: entry.index <= waitedThrough, to: &s, seqs: &seqs, in: store)
            }
            try store.setWriterMarker(run: runID, index: last)
            lastAttempt = Attempt(through: last, state: s, seqs: seqs)
            return .commit
        }
        lastAttempt = nil
        state = s
        committed(through: last, seqs: seqs)
    }

    private func apply(_ event: RecorderEvent, waited: Bool, to s: inout State, seqs: inout [Int64],
                       in store: TouchStore) throws {
        switch event {
        case let .sessionStarted(wall, mono):
            if let id = s.session?.id {
                try store.endSession(id: id, end: wall, endMonoNs: mono, flags: .endedByNewSession)
            }
            s.session = OpenSession(id: nil, start: wall, startMonoNs: mono)
        case let .sessionEnded(wall, mono):
            if let id = s.session?.id { try store.endSession(id: id, end: wall, endMonoNs: mono, flags: []) }
            s.session = nil
        case .touch(let t):
            let seq = s.nextSeq
            s.nextSeq += 1
            var flags = t.flags
            if waited { flags.insert(.afterFault) }
            var sessionID: Int64?
            if var session = s.session {
                if let id = session.id {
                    if try !store.countTouch(inSession: id, language: t.language) {
                        // The database was replaced mid-session: the row is in the old file.
                        try store.insertSession(id: id, start: session.start, startMonoNs: session.startMonoNs,
                                                touches: 1, language: t.language, flags: .resumedInNewDatabase)
                    }
                } else {
                    try store.insertSession(id: seq, start: session.start, startMonoNs: session.startMonoNs,
                                            touches: 1, language: t.language, flags: [])
                    session.id = seq
                }
                sessionID = session.id
                s.session = session
            } else {
                flags.insert(.noSession)
            }
            try store.insertTouch(seq: seq, sessionID: sessionID, t, flags: flags)
            seqs.append(seq)
        }
    }

    // MARK: faults

    private func recovered() {
        guard failures > 0 else { return }
        let waited = faultSince.map { String(format: "%.1f s", config.monotonic.now() - $0) } ?? "?"
        config.log("writing again after \(waited) and \(failures) failed attempt(s)")
        failures = 0
        movesInARow = 0
        faultSince = nil
        loggedFault = nil
    }

    private func failed(_ error: Error) {
        store = nil     // closing the connection rolls back whatever was open
        var problem = Self.classify(error)
        if Self.needsMoveAside(error) {
            do {
                let moved = try moveAside(reason: error is MigrationError ? "newer" : "corrupt")
                config.log("\(error); moved the database aside to \(moved) and starting a new one")
                shared.cond.lock()
                shared.movedAside.append(moved)
                shared.cond.unlock()
                lastAttempt = nil
                movesInARow += 1
                problem = .corrupt("moved aside to \(moved)")
            } catch {
                problem = .corrupt("cannot move it aside: \(error)")
            }
        }
        failures += 1
        if faultSince == nil { faultSince = config.monotonic.now() }
        shared.cond.lock()
        shared.fault = problem
        shared.queue.inFlightThrough = 0     // nothing is being written until the next attempt
        shared.waitedThrough = shared.queue.nextIndex - 1
        let waiting = shared.queue.count
        shared.cond.unlock()
        if problem != loggedFault || failures % 100 == 0 {
            config.log("cannot write touches: \(problem) (\(error)); \(waiting) events wait in memory, attempt \(failures)")
            loggedFault = problem
        }
        // A database just moved aside is replaced at once; a second one in a row waits.
        if movesInARow == 1, case .corrupt(let m) = problem, m.hasPrefix("moved") { return }
        backoff()
    }

    private func backoff() {
        let ceiling = min(config.backoffCap, config.backoffBase * pow(2, Double(min(failures - 1, 30))))
        let clock = config.monotonic
        let deadline = clock.now() + Double.random(in: 0...max(0, ceiling))
        shared.cond.lock()
        defer { shared.cond.unlock() }
        while !shared.stopping, !shared.retryNow, clock.now() < deadline { shared.cond.wait(seconds: deadline - clock.now()) }
        shared.retryNow = false
    }

    static func classify(_ error: Error) -> StoreProblem {
        switch error {
        case let e as SQLiteError:
            if e.isCorrupt { return .corrupt("\(e)") }
            if e.isDiskFull { return .diskFull }
            if e.isReadOnly { return .readOnly }
            if e.isBusy { return .busy }
            if e.code == SQLITE_CANTOPEN { return .cannotOpen("\(e)") }
            return .ioError("\(e)")
        case let e as IOError:
            if e.isDiskFull { return .diskFull }
            if e.errno == EROFS { return .readOnly }
            return e.path.hasSuffix("seq-floor") || e.path.hasSuffix("seq-floor.tmp")
                ? .sequenceFloor("\(e)") : .ioError("\(e)")
        case let e as MigrationError:
            return .corrupt("\(e)")
        default:
            return .ioError("\(error)")
        }
    }

    static func needsMoveAside(_ error: Error) -> Bool {
        if let e = error as? SQLiteError { return e.isCorrupt }
        return error is MigrationError
    }

    /// Renames `sessions.db-wal`, `-shm`, then `sessions.db` to
    /// `sessions.db.<reason>-<UTC time>[-wal|-shm]`. The WAL goes first: a
    /// new database must never meet the old database's WAL.
    private func moveAside(reason: String) throws -> String {
        let db = config.databasePath
        let stamp = UTCTime.fileStamp(config.now())
        var target = "\(db).\(reason)-\(stamp)"
        var n = 2
        while AtomicFile.exists(target) || AtomicFile.exists(target + "-wal") {
            target = "\(db).\(reason)-\(stamp)-\(n)"
            n += 1
        }
        for suffix in ["-wal", "-shm", "-journal", ""] where AtomicFile.exists(db + suffix) {
            try AtomicFile.rename(db + suffix, target + suffix)
        }
        try AtomicFile.syncDirectory(AtomicFile.directory(of: db))
        return target
    }
}
