import BorneCore
import BorneStats
import BorneStore
import Foundation

/// `borne office ingest`: reads batches and heartbeats from a collector
/// directory (`ROOT/KIOSK/*.batch`, `ROOT/KIOSK/heartbeat.json`), a USB stick
/// (`STICK/borne/stats/KIOSK/...`, then writes `STICK/borne/receipts/KIOSK.json`)
/// or an nginx autoindex over HTTP, and stores them in the office database.
///
/// Rules (docs/STATISTICS.md, "At the office"):
/// - a file is trusted only once its MAC verifies with the kiosk's trusted
///   key; anything else (unknown kiosk, altered, wrong name or range) is
///   rejected, reported (file and reason) and logged, and nothing of it is stored;
/// - rows are stored by (kiosk, key epoch, seq): ingesting the same file
///   twice, or overlapping ranges, never counts a row twice; a row counts
///   as already received only when the stored one is identical, otherwise
///   its batch is refused; a batch whose MAC was stored before is skipped
///   without inflating it; a kiosk trusted with a new key (reinstalled)
///   starts a new epoch, and a late batch of an older key goes to its own;
/// - rows whose clock is implausible are stored with `clock` set, not dropped;
/// - many batches share one transaction (at most `rowsPerTransaction`
///   rows), `synchronous=NORMAL`; a checkpoint makes all durable at the end,
///   and before any receipt is written.
public final class OfficeIngest {
    public let store: OfficeStore
    /// The office's clock (tests pass a fixed one).
    public let now: () -> Date
    public var rowsPerTransaction = 250_000

    var report = IngestReport()
    var keys: [String: TrustedKiosk] = [:]
    /// Windows whose decoding `readAhead` started and `ingestKiosk` used.
    private(set) var windowsReadAhead = 0
    /// Checkpoints while `run` ingests (nil outside it).
    private var checkpointer: WALCheckpointer?

    public init(store: OfficeStore, now: @escaping () -> Date = Date.init) {
        self.store = store
        self.now = now
    }

    /// Ingests every source in order and returns what was done.
    public func run(_ sources: [String]) throws -> IngestReport {
        report = IngestReport()
        keys = Dictionary(uniqueKeysWithValues: try store.trustedKiosks().map { ($0.id, $0) })
        // The WAL is checkpointed on another connection and thread, not by
        // this one's COMMITs (`WALCheckpointer`); the default again after.
        let checkpointer = try WALCheckpointer(path: store.path)
        try store.db.execute("PRAGMA wal_autocheckpoint = 0")
        self.checkpointer = checkpointer
        defer {
            self.checkpointer = nil
            try? checkpointer.close()
            try? store.db.execute("PRAGMA wal_autocheckpoint = 1000")
        }
        for source in sources {
            if source.hasPrefix("http://") || source.hasPrefix("https://") {
                try ingestHTTP(source)
                continue
            }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isDir), isDir.boolValue else {
                throw OfficeError.noSuchSource(source)
            }
            if Self.isStick(source) {
                try ingestStick(mount: source)
            } else {
                try ingestDirectory(root: source, via: .collector)
            }
        }
        try makeDurable()
        try checkpointer.close()
        return report
    }

    /// Everything committed so far on the disk: the background checkpoint
    /// done (its failure thrown), then `OfficeStore.checkpoint()`.
    func makeDurable() throws {
        try checkpointer?.wait()
        try store.checkpoint()
    }

    // MARK: directories

    /// Every `KIOSK/` folder of `root`. Returns, per kiosk, the batch names
    /// looked at and whether each is stored (for USB receipts).
    @discardableResult
    func ingestDirectory(root: String, via: HeartbeatRecord.Via) throws -> [String: [(BatchName, Bool)]] {
        var outcome: [String: [(BatchName, Bool)]] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        var folders: [(kiosk: String, files: [String], read: Reader)] = []
        for kiosk in entries.sorted() where !kiosk.hasPrefix(".") {
            let dir = (root as NSString).appendingPathComponent(kiosk)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else { continue }
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
                .filter { !$0.hasPrefix(".") }.sorted()
            folders.append((kiosk, files, { name in
                let path = (dir as NSString).appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw OfficeError.unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                return (Array(data), Self.modificationMs(path))
            }))
        }
        // While a kiosk's last window is stored, the next kiosk's first one
        // is read and decoded (`KioskAhead`); it is stored only in its turn.
        var ahead: KioskAhead?
        for (i, folder) in folders.enumerated() {
            let next = i + 1 < folders.count ? folders[i + 1] : nil
            let current = ahead
            ahead = nil
            outcome[folder.kiosk] = try ingestKiosk(folder.kiosk, files: folder.files, via: via, ahead: current,
                                                    readAhead: next.map { n in { [self] in
                                                        ahead = readAhead(n.kiosk, files: n.files, read: n.read)
                                                    } }, read: folder.read)
        }
        return outcome
    }

    static func modificationMs(_ path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int64(st.st_mtim.tv_sec) * 1000 + Int64(st.st_mtim.tv_nsec) / 1_000_000
    }

    // MARK: one kiosk's folder

    typealias Reader = (String) throws -> (bytes: [UInt8], modifiedMs: Int64?)

    /// Ingests the heartbeat, then the batches (by range), of one kiosk
    /// folder. `read` gives a file's bytes and time by name.
    ///
    /// `ahead`: this kiosk's files read and first window decoding since the
    /// previous kiosk's end (`readAhead`); its decoding is used only when
    /// it is the window this function would launch, with the same keys and
    /// clock, else it is dropped. `readAhead` is called once this kiosk's
    /// last window is decoded, before it is stored.
    @discardableResult
    func ingestKiosk(_ kiosk: String, files: [String], via: HeartbeatRecord.Via,
                     skipStoredName: Bool = false, ahead: KioskAhead? = nil, readAhead: (() -> Void)? = nil,
                     read fileRead: @escaping Reader) throws -> [(BatchName, Bool)] {
        let ahead = ahead?.kiosk == kiosk ? ahead : nil
        let nowMs = ahead?.nowMs ?? UTCTime.milliseconds(now())
        // Files read ahead are not read again (a failed read stays failed).
        let read: Reader = { name in try ahead?.read[name]?.get() ?? fileRead(name) }
        let batchFiles = files.filter { $0.hasSuffix(BatchName.suffix) }
        let heartbeat = files.contains(Heartbeat.fileName)
        guard !batchFiles.isEmpty || heartbeat else { return [] }
        guard KioskID.isValid(kiosk), let trusted = keys[kiosk], let key = trusted.key else {
            let reason = KioskID.isValid(kiosk)
                ? "borne inconnue « \(kiosk) » : non approuvée au bureau (borne office trust \(kiosk) --key FILE --db FILE)"
                : "« \(kiosk) » n'est pas un identifiant de borne"
            try store.db.inTransaction {
                for f in batchFiles + (heartbeat ? [Heartbeat.fileName] : []) {
                    try reject("\(kiosk)/\(f)", kiosk: kiosk, reason: reason, at: nowMs)
                }
                return .commit
            }
            return []
        }

        // Every key the kiosk had, newest epoch first (the current key is one of them).
        let epochKeys = try store.keyEpochs(kiosk).compactMap { e in (try? StatsKey(hex: e.keyHex)).map { (e.epoch, $0) } }
        var clock = ClockCheck(contentCreated: try store.contentCreated(kiosk: kiosk), ingestMs: nowMs)
        var outcome: [(BatchName, Bool)] = []
        // The heartbeat first: it may teach when the kiosk's content was created.
        if heartbeat {
            do {
                try store.db.inTransaction {
                    try ingestHeartbeat(kiosk, key: key, via: via, at: nowMs, read: read)
                    return .commit
                }
            } catch {
                store.stringIDs?.forget()   // rolled back: a text it added may be gone
                throw error
            }
            clock.contentCreated = try store.contentCreated(kiosk: kiosk)
        }
        let named = Self.rangeOrder(batchFiles, kiosk: kiosk)
        // Decoding (inflate, parse) runs on other threads, a window of files
        // ahead of the inserts, which stay on this connection's thread.
        var pending = 0
        var inFlight: DecodeJob?
        func finish(_ job: DecodeJob) throws {
            // The decoded rows (a `String` or more each) are freed on another
            // thread, not on this one, which the inserts keep busy.
            defer { DispatchQueue.global(qos: .utility).async { withExtendedLifetime(job) {} } }
            for (item, decoded) in zip(job.items, job.wait()) {
                let (epoch, stored) = try store(item, decoded, kiosk: kiosk, clock: clock, at: nowMs, pending: &pending)
                // Receipts speak of the current epoch only: a late batch of an
                // earlier key must not acknowledge the new numbering.
                if epoch == nil || epoch == trusted.epoch { outcome.append((item.name, stored)) }
                if pending >= rowsPerTransaction {
                    try store.db.execute("COMMIT")
                    checkpointer?.request()
                    try store.db.execute("BEGIN IMMEDIATE TRANSACTION")
                    pending = 0
                }
            }
        }
        var aheadJob = ahead?.job
        func launch(_ window: [PendingBatch]) throws {
            let job: DecodeJob
            if let ready = aheadJob, ready.matches(window, keys: epochKeys, clock: clock) {
                job = ready
                windowsReadAhead += 1
            } else {
                job = DecodeJob(items: window, keys: epochKeys, kiosk: kiosk, clock: clock)
                job.start()
            }
            aheadJob = nil
            if let previous = inFlight { inFlight = nil; try finish(previous) }
            inFlight = job
        }
        try store.db.execute("BEGIN IMMEDIATE TRANSACTION")
        do {
            var window: [PendingBatch] = []
            for (file, name) in named {
                let path = "\(kiosk)/\(file)"
                guard let name else {
                    try reject(path, kiosk: kiosk, reason: BatchError(file: path, reason: .badName).reasonText, at: nowMs)
                    continue
                }
                if skipStoredName, try store.batchNameAlreadyStored(file: path, epoch: trusted.epoch) {
                    report.lines.append(.init(file: path, kiosk: kiosk, result: .duplicate, reason: nil, rows: 0, newRows: 0))
                    outcome.append((name, true))
                    continue
                }
                let bytes: [UInt8]
                do { bytes = try read(file).bytes } catch {
                    try reject(path, kiosk: kiosk, reason: "\(error)", at: nowMs)
                    outcome.append((name, false))
                    continue
                }
                // Seen before (same name and MAC, which covers every byte of the payload): all its rows are here.
                let mac = Self.macLine(bytes)
                if let mac, try store.batchAlreadyStored(file: path, mac: mac) {
                    report.lines.append(.init(file: path, kiosk: kiosk, result: .duplicate, reason: nil, rows: 0, newRows: 0))
                    outcome.append((name, true))
                    continue
                }
                window.append(PendingBatch(path: path, name: name, mac: mac, bytes: bytes))
                if window.count == Self.decodeWindow { try launch(window); window = [] }
            }
            if !window.isEmpty { try launch(window) }
            if let last = inFlight {
                inFlight = nil
                // The next kiosk's first window decodes once this last one is
                // decoded, not beside it: these inserts wait for it.
                if let readAhead { _ = last.wait(); readAhead() }
                try finish(last)
            } else {
                readAhead?()
            }
            try store.db.execute("COMMIT")
            checkpointer?.request()
        } catch {
            _ = inFlight?.wait()
            if !store.db.isAutocommit { try? store.db.execute("ROLLBACK") }
            store.stringIDs?.forget()
            throw error
        }
        return outcome
    }

    /// Files decoded together, ahead of the inserts.
    static let decodeWindow = 4

    /// A kiosk's batch files with their parsed names, in range order;
    /// unparsable names first (to be reported), by file name.
    static func rangeOrder(_ batchFiles: [String], kiosk: String) -> [(String, BatchName?)] {
        batchFiles.map { ($0, BatchName(fileName: "\(kiosk)/\($0)")) }
            .sorted { a, b in
                switch (a.1, b.1) {
                case let (x?, y?): return x < y
                case (nil, .some): return true
                case (.some, nil): return false
                default: return a.0 < b.0
                }
            }
    }

    /// Reads the heartbeat and first batch files of `kiosk` and starts
    /// decoding its first window, as `ingestKiosk` would make it, while the
    /// previous kiosk's last window is stored. Nothing is stored or
    /// reported here: `ingestKiosk` does all that in its turn, after the
    /// previous kiosk's COMMIT or ROLLBACK. The clock is the one its
    /// heartbeat will give (the stored content versions and the
    /// heartbeat's); `ingestKiosk` checks it. Nil when nothing can be
    /// decoded ahead (unknown kiosk, no new batch among the first files).
    /// At most one window is read ahead: two windows are in memory at a
    /// time, as within a kiosk.
    func readAhead(_ kiosk: String, files: [String], read: Reader) -> KioskAhead? {
        guard KioskID.isValid(kiosk), let trusted = keys[kiosk], let key = trusted.key,
              let epochs = try? store.keyEpochs(kiosk),
              var contentCreated = try? store.contentCreated(kiosk: kiosk) else { return nil }
        let epochKeys = epochs.compactMap { e in (try? StatsKey(hex: e.keyHex)).map { (e.epoch, $0) } }
        let nowMs = UTCTime.milliseconds(now())
        var readFiles: [String: Result<(bytes: [UInt8], modifiedMs: Int64?), Error>] = [:]
        func readOnce(_ name: String) -> Result<(bytes: [UInt8], modifiedMs: Int64?), Error> {
            let r = Result { try read(name) }
            readFiles[name] = r
            return r
        }
        if files.contains(Heartbeat.fileName), let bytes = try? readOnce(Heartbeat.fileName).get().bytes,
           let h = try? Heartbeat.decode(bytes, key: key, file: "\(kiosk)/\(Heartbeat.fileName)"),
           h.kiosk == kiosk, UTCTime.parseISO(h.sentUTC) != nil,
           let version = h.contentVersion, let created = h.contentCreatedUTC.flatMap(UTCTime.parseISO) {
            contentCreated[version] = created
        }
        // The first files `ingestKiosk` would decode: parsable names in range order.
        let names = Self.rangeOrder(files.filter { $0.hasSuffix(BatchName.suffix) }, kiosk: kiosk)
            .compactMap { f, name in name.map { (f, $0) } }
        var window: [PendingBatch] = []
        for (file, name) in names.prefix(Self.decodeWindow) {
            let path = "\(kiosk)/\(file)"
            guard let bytes = try? readOnce(file).get().bytes else { continue }
            let mac = Self.macLine(bytes)
            if let mac, (try? store.batchAlreadyStored(file: path, mac: mac)) != false { continue }
            window.append(PendingBatch(path: path, name: name, mac: mac, bytes: bytes))
        }
        var job: DecodeJob?
        if !window.isEmpty {
            job = DecodeJob(items: window, keys: epochKeys, kiosk: kiosk,
                            clock: ClockCheck(contentCreated: contentCreated, ingestMs: nowMs))
            job?.start()
        }
        return KioskAhead(kiosk: kiosk, nowMs: nowMs, read: readFiles, job: job)
    }

    /// Stores one decoded batch, or records its refusal. Returns the batch's
    /// key epoch (nil when refused before its MAC verified) and whether all
    /// its rows are stored. A batch with a row that differs from one stored
    /// under the same (kiosk, epoch, seq) is refused whole: nothing of it is
    /// stored, nothing is counted as "already received".
    private func store(_ item: PendingBatch, _ decoded: Result<DecodedBatch, BatchError>, kiosk: String,
                       clock: ClockCheck, at nowMs: Int64, pending: inout Int) throws -> (Int64?, Bool) {
        let batch: Batch
        let epoch: Int64
        let coded: CodedRows
        switch decoded {
        case .failure(let e):
            try reject(item.path, kiosk: kiosk, reason: e.reasonText, at: nowMs)
            return (nil, false)
        case .success(let d):
            batch = d.batch
            epoch = d.epoch
            coded = d.coded
        }
        var flagged = 0
        let added: Int
        if try store.isNewRange(kiosk: kiosk, epoch: epoch, coded) {
            // None of its range is stored: every row is new, no row can be
            // refused as a conflict, so no savepoint (a savepoint copies every
            // page the batch changes, to undo it). Should the database refuse
            // a row all the same, the error goes up and `ingestKiosk` rolls
            // back the whole transaction and says so.
            added = try store.storeNewRange(kiosk: kiosk, epoch: epoch, coded, flagged: &flagged)
        } else {
            try store.db.execute("SAVEPOINT batch")
            do {
                added = try store.insertTouches(kiosk: kiosk, epoch: epoch, batch.rows, coded: coded, clock: clock,
                                                flagged: &flagged)
            } catch let conflict as TouchConflict {
                try store.db.execute("ROLLBACK TO batch")
                store.stringIDs?.forget()
                try store.db.execute("RELEASE batch")
                try reject(item.path, kiosk: kiosk, reason: conflict.reason, at: nowMs)
                return (epoch, false)
            }
            try store.db.execute("RELEASE batch")
        }
        report.flagged += flagged
        pending += batch.rows.count
        try store.logIngest(file: item.path, kiosk: kiosk, result: .stored, first: item.name.first, last: item.name.last,
                            rows: batch.rows.count, newRows: added, mac: item.mac, epoch: epoch, at: nowMs)
        report.lines.append(.init(file: item.path, kiosk: kiosk, result: added == 0 ? .duplicate : .stored, reason: nil,
                                  rows: batch.rows.count, newRows: added))
        return (epoch, true)
    }

    private func ingestHeartbeat(_ kiosk: String, key: StatsKey, via: HeartbeatRecord.Via, at nowMs: Int64,
                                 read: Reader) throws {
        let path = "\(kiosk)/\(Heartbeat.fileName)"
        do {
            let (bytes, modified) = try read(Heartbeat.fileName)
            let h = try Heartbeat.decode(bytes, key: key, file: path)
            guard h.kiosk == kiosk else {
                try reject(path, kiosk: kiosk, reason: "heartbeat de la borne « \(h.kiosk) » dans le dossier de « \(kiosk) »", at: nowMs)
                return
            }
            guard let sent = UTCTime.parseISO(h.sentUTC) else {
                try reject(path, kiosk: kiosk, reason: "sent_utc n'est pas une heure UTC ISO 8601", at: nowMs)
                return
            }
            // USB: the file's time is the kiosk's own clock; the office's is the only honest one.
            let received = via == .usb ? nowMs : (modified ?? nowMs)
            var record = HeartbeatRecord(
                kiosk: kiosk, sentMs: sent, receivedMs: received, via: via, software: h.software,
                contentVersion: h.contentVersion, contentCreatedMs: h.contentCreatedUTC.flatMap(UTCTime.parseISO),
                lastSyncMs: h.lastSyncUTC.flatMap(UTCTime.parseISO), rowsPending: h.rowsPending,
                lastAckedSeq: h.lastAckedSeq, diskFreeBytes: h.diskFreeBytes, clockMs: UTCTime.parseISO(h.clockUTC),
                store: h.store)
            record.parked = Int64(h.parked.count)
            record.parkedFirst = h.parked.first.map { "\($0.name): " + ($0.status > 0 ? "HTTP \($0.status) " : "") + $0.reason }
            record.uploadError = h.uploadError
            let new = try store.recordHeartbeat(record)
            if new { try store.logIngest(file: path, kiosk: kiosk, result: .heartbeat, at: nowMs) }
            report.lines.append(.init(file: path, kiosk: kiosk, result: new ? .heartbeat : .duplicate, reason: nil,
                                      rows: 0, newRows: 0))
        } catch let e as SignedFileError {
            try reject(path, kiosk: kiosk, reason: "\(e)", at: nowMs)
        } catch let e as OfficeError {
            try reject(path, kiosk: kiosk, reason: "\(e)", at: nowMs)
        }
    }

    private func reject(_ path: String, kiosk: String?, reason: String, at nowMs: Int64) throws {
        try store.logIngest(file: path, kiosk: kiosk, result: .rejected, reason: reason, at: nowMs)
        report.lines.append(.init(file: path, kiosk: kiosk, result: .rejected, reason: reason, rows: 0, newRows: 0))
    }

    /// The 64 hex digits of a batch's second line, if it has one.
    static func macLine(_ bytes: [UInt8]) -> String? {
        guard let nl = bytes.prefix(64).firstIndex(of: 0x0a), bytes.count > nl + 65, bytes[nl + 65] == 0x0a else { return nil }
        let hex = bytes[(nl + 1)...(nl + 64)]
        guard hex.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        return String(decoding: hex, as: UTF8.self)
    }
}

/// A kiosk's files read, and its first window decoding, before its turn
/// (`OfficeIngest.readAhead`).
struct KioskAhead {
    var kiosk: String
    /// The office's time for this kiosk's ingest, taken when read ahead.
    var nowMs: Int64
    var read: [String: Result<(bytes: [UInt8], modifiedMs: Int64?), Error>]
    var job: DecodeJob?
}

/// A batch file read and waiting to be decoded.
struct PendingBatch: Sendable {
    var path: String
    var name: BatchName
    var mac: String?
    var bytes: [UInt8]
}

/// A batch and the key epoch whose key its MAC verified with, and its
/// rows coded for `touch_rows` (`CodedRows`: texts, verdicts, aggregates).
struct DecodedBatch: Sendable {
    var epoch: Int64
    var batch: Batch
    var coded: CodedRows
}

/// Decodes a window of batch files on other threads (`Batch.decode` is
/// pure: bytes and key in, rows or a refusal out). `wait()` returns the
/// results in the window's order. The kiosk's keys are tried newest epoch
/// first; an older one only when the MAC does not verify with the newer
/// (a batch of the previous installation still on its way). Each decoded
/// batch's rows are also coded there (`CodedRows`), so that the
/// connection's thread only binds integers.
final class DecodeJob: @unchecked Sendable {
    let items: [PendingBatch]
    /// (epoch, key), the current epoch first.
    let keys: [(Int64, StatsKey)]
    let kiosk: String
    let clock: ClockCheck
    private let group = DispatchGroup()
    private let lock = NSLock()
    /// Written by the workers under `lock`, read after `group` is done.
    private var results: [Result<DecodedBatch, BatchError>?]

    init(items: [PendingBatch], keys: [(Int64, StatsKey)], kiosk: String, clock: ClockCheck) {
        self.items = items
        self.keys = keys
        self.kiosk = kiosk
        self.clock = clock
        results = Array(repeating: nil, count: items.count)
    }

    func start() {
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            DispatchQueue.concurrentPerform(iterations: items.count) { i in
                let r = Self.decode(items[i], keys: keys).map { d in
                    DecodedBatch(epoch: d.epoch, batch: d.batch,
                                 coded: CodedRows(kiosk: kiosk, epoch: d.epoch, d.batch.rows, clock: clock))
                }
                lock.lock(); results[i] = r; lock.unlock()
            }
            group.leave()
        }
    }

    static func decode(_ item: PendingBatch, keys: [(Int64, StatsKey)]) -> Result<(epoch: Int64, batch: Batch), BatchError> {
        var firstError: BatchError?
        for (epoch, key) in keys {
            do {
                return .success((epoch, try Batch.decode(item.bytes, fileName: item.path, key: key)))
            } catch let e as BatchError {
                if firstError == nil { firstError = e }
                if e.reason != .macMismatch { break }
            } catch {
                return .failure(BatchError(file: item.path, reason: .badLine(line: 0, reason: "\(error)")))
            }
        }
        return .failure(firstError ?? BatchError(file: item.path, reason: .macMismatch))
    }

    /// True when this job decodes exactly `window` with these keys and clock.
    func matches(_ window: [PendingBatch], keys: [(Int64, StatsKey)], clock: ClockCheck) -> Bool {
        items.count == window.count
            && zip(items, window).allSatisfy { $0.path == $1.path && $0.mac == $1.mac && $0.bytes == $1.bytes }
            && self.keys.count == keys.count
            && zip(self.keys, keys).allSatisfy { $0.0 == $1.0 && $0.1.bytes == $1.1.bytes }
            && self.clock.contentCreated == clock.contentCreated && self.clock.ingestMs == clock.ingestMs
    }

    func wait() -> [Result<DecodedBatch, BatchError>] {
        group.wait()
        lock.lock(); defer { lock.unlock() }
        return results.map { $0! }
    }
}
