import BorneCore
import BorneStats
import BorneStick
import Foundation

extension OfficeIngest {
    /// True when `source` is a USB stick: it has a `borne/` entry holding
    /// `stats` or `receipts`. A `borne` that is a link, FIFO... counts too,
    /// so that it is refused by name rather than walked as a collector.
    static func isStick(_ source: String) -> Bool {
        guard let root = try? StickDir.openRoot(source), let kind = try? root.kind("borne") else { return false }
        guard kind == .folder else { return true }
        guard let borne = try? root.folder("borne") else { return true }
        return (try? borne.kind("stats")) != .some(nil) || (try? borne.kind("receipts")) != .some(nil)
    }

    /// A USB stick: ingests `STICK/borne/stats/KIOSK/`, makes it durable,
    /// then writes `STICK/borne/receipts/KIOSK.json` for every trusted kiosk
    /// found there (docs/BATCHES.md, "Over USB").
    ///
    /// Every path on the stick goes through `StickDir` (one component at a
    /// time, never through a link): a link, FIFO or device at `borne`,
    /// `stats` or `receipts` stops the ingest (what was stored stays
    /// stored); one in place of a kiosk's folder or of a file is refused by
    /// name (a rejected line, and `report.stickRefusals`), the rest goes on.
    func ingestStick(mount: String) throws {
        let root = try StickDir.openRoot(mount)
        var outcome: [String: [(BatchName, Bool)]] = [:]
        if let stats = try root.folder("borne/stats") {
            outcome = try ingestStickStats(stats)
        }
        // Durable first: the kiosk deletes what a receipt acknowledges.
        try makeDurable()
        let nowDate = now()
        var receipts: StickDir?
        for kiosk in outcome.keys.sorted() {
            guard let trusted = try store.trustedKiosk(kiosk), let key = trusted.key else { continue }
            let acked = Self.ackedUpTo(outcome[kiosk] ?? [], previous: trusted.ackedUpTo)
            let receipt = Receipt(kiosk: kiosk, ackedUpTo: acked, officeUTC: UTCTime.string(nowDate))
            if receipts == nil { receipts = try root.folder("borne/receipts", create: true) }
            guard let dir = receipts else { continue }
            let name = "\(kiosk).json"
            do {
                try dir.write(receipt.encode(key: key), to: name)
            } catch let e as StickError where e.isRefusal {
                throw e
            } catch {
                throw OfficeError.cannotWrite(path: dir.child(name), reason: "\(error)")
            }
            try store.setAckedUpTo(acked, kiosk: kiosk)
            report.receipts.append((path: dir.child(name), kiosk: kiosk, ackedUpTo: acked))
        }
    }

    /// Every kiosk folder of the stick's `borne/stats/`, read through the
    /// resolver. Returns, per kiosk, the batch names looked at and whether
    /// each is stored.
    private func ingestStickStats(_ stats: StickDir) throws -> [String: [(BatchName, Bool)]] {
        var outcome: [String: [(BatchName, Bool)]] = [:]
        let nowMs = UTCTime.milliseconds(now())
        for (kiosk, kind) in try stats.entries() where !kiosk.hasPrefix(".") {
            guard kind == .folder else {
                if kind != .regular { try refuse(StickError(path: stats.child(kiosk), problem: .notAFolder(kind: kind)), at: nowMs) }
                continue
            }
            let dir: StickDir
            do {
                guard let d = try stats.folder(kiosk) else { continue }
                dir = d
            } catch let e as StickError where e.isRefusal {
                try refuse(e, at: nowMs)
                continue
            }
            let files = try dir.entries().map(\.name).filter { !$0.hasPrefix(".") }
            outcome[kiosk] = try ingestKiosk(kiosk, files: files, via: .usb) { [self] name in
                do {
                    guard let bytes = try dir.read(name, limit: Batch.maxFileBytes) else {
                        throw OfficeError.unreadable(path: dir.child(name), reason: "disparu de la clé pendant sa lecture")
                    }
                    return (bytes, nil)
                } catch let e as StickError {
                    if e.isRefusal { report.stickRefusals.append(e.french) }
                    throw OfficeError.unreadable(path: dir.child(name), reason: e.french)
                }
            }
        }
        return outcome
    }

    /// A kiosk folder that is not one: logged as rejected, and counted as a refusal on the stick.
    private func refuse(_ e: StickError, at nowMs: Int64) throws {
        report.stickRefusals.append(e.french)
        try store.logIngest(file: e.path, kiosk: nil, result: .rejected, reason: e.french, at: nowMs)
        report.lines.append(.init(file: e.path, kiosk: nil, result: .rejected, reason: e.french, rows: 0, newRows: 0))
    }

    /// What a receipt may acknowledge: the last seq of the stored batches
    /// that come before the first refused one (a refused batch and all
    /// after it stay on the stick, pending), never less than before.
    ///
    /// Limit: a batch file missing from the middle of the stick cannot be
    /// told from a jump in the kiosk's numbering (a replaced database), so
    /// it is not detected here; the kiosk rewrites every pending batch at
    /// each visit, so a file goes missing only if removed by hand.
    static func ackedUpTo(_ batches: [(BatchName, Bool)], previous: Int64) -> Int64 {
        let firstRefused = batches.filter { !$0.1 }.map(\.0.first).min() ?? .max
        let stored = batches.filter { $0.1 && $0.0.last < firstRefused }.map(\.0.last)
        return max(previous, stored.max() ?? 0)
    }
}
