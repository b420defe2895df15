import BorneCore
import BorneStats
import BorneStick
import Foundation

/// The statistics half of a USB stick visit (`borne usb`), for the kiosk
/// without network: reads the office's receipt and, once its MAC verifies
/// with this kiosk's key, moves the cursor to `acked_up_to` and removes the
/// acknowledged batches from the stick; then writes every pending batch and
/// a heartbeat under `STICK/borne/stats/KIOSK/`. Pending batches keep their
/// planned ranges, so a stick carried twice holds the same files, byte for byte.
///
/// Every path on the stick goes through `StickDir` (`borne`, `stats`, the
/// kiosk's folder, `receipts`, each file and temporary name: one component
/// at a time, never through a link). A link, FIFO or device where a folder
/// belongs stops the visit (`StickError`); one at a file's name is refused
/// and listed in `Report.refused`, and the other files still go. Nothing
/// is acknowledged but by a verified receipt, so a refusal loses no touch.
public final class StatsUsb {
    public let outbox: Outbox
    /// The stick's mount point.
    public let mount: URL
    public let status: KioskStatusSource
    var faults: UploadFaultHook?
    let log: (String) -> Void
    let now: () -> Date

    public init(outbox: Outbox, mount: URL, status: KioskStatusSource, log: @escaping (String) -> Void = { _ in },
                now: @escaping () -> Date = Date.init) {
        self.outbox = outbox; self.mount = mount; self.status = status; self.log = log; self.now = now
    }

    public var statsDir: URL { mount.appendingPathComponent("borne/stats/\(outbox.kiosk)") }
    public var receiptFile: URL { mount.appendingPathComponent(Receipt.path(kiosk: outbox.kiosk)) }

    public struct Report: Equatable, Sendable {
        /// The receipt found and verified, if any.
        public var receipt: Receipt?
        /// Why a receipt on the stick was not used.
        public var receiptProblem: String?
        /// The cursor after the visit.
        public var lastAckedSeq: Int64 = 0
        public var pending: Int64 = 0
        /// Batch files removed from the stick (acknowledged), written, and already there identical.
        public var removed: [String] = []
        public var written: [String] = []
        public var unchanged: [String] = []
        /// Paths on the stick refused (a link, FIFO or device at a file's name): the visit is not a success.
        public var refused: [String] = []

        public var summary: String {
            var s = "stats: "
            if let r = receipt { s += "receipt up to \(r.ackedUpTo) (\(r.officeUTC)); " }
            if let p = receiptProblem { s += "receipt NOT used: \(p); " }
            s += "acknowledged up to \(lastAckedSeq), \(pending) pending; \(written.count) batch file(s) written, "
                + "\(unchanged.count) already on the stick, \(removed.count) removed"
            if !refused.isEmpty { s += "; \(refused.count) path(s) REFUSED on the stick" }
            return s
        }
    }

    public func run() throws -> Report {
        guard let lock = try UploadLock(dataDir: outbox.dataDir, wait: 60) else { throw StatsUsbError.busy }
        defer { withExtendedLifetime(lock) {} }
        let started = now()
        var report = Report()
        let root = try StickDir.openRoot(mount.path)
        try applyReceipt(root, &report)
        let st = try outbox.status()
        report.lastAckedSeq = st.lastAckedSeq
        report.pending = st.pending
        guard let dir = try root.folder("borne/stats/\(outbox.kiosk)", create: true) else {
            throw StickError(path: statsDir.path, problem: .missing)
        }
        try removeAcknowledged(dir, upTo: st.lastAckedSeq, &report)
        for name in try outbox.plan() {
            let bytes = try outbox.batchBytes(name)
            // Not trusted as a refusal: writing the name below looks at it again.
            if (try? dir.read(name.fileName, limit: Batch.maxFileBytes)) == bytes {
                report.unchanged.append(name.fileName)
                continue
            }
            do {
                try withFaults(faults, .stick(name.fileName)) { try dir.write(bytes, to: name.fileName) }
                report.written.append(name.fileName)
            } catch let e as StickError where e.isRefusal {
                report.refused.append("\(e)")
            }
        }
        try writeHeartbeat(dir, started: started, st, &report)
        for r in report.refused { log(r) }
        return report
    }

    private func applyReceipt(_ root: StickDir, _ report: inout Report) throws {
        let path = receiptFile.path
        let bytes: [UInt8]
        do {
            guard let folder = try root.folder("borne/receipts"),
                  let b = try folder.read("\(outbox.kiosk).json", limit: 64 * 1024) else { return }
            bytes = b
        } catch let e as StickError where e.isRefusal {
            report.receiptProblem = "\(e)"
            report.refused.append("\(e)")
            return
        } catch {
            report.receiptProblem = "\(error)"
            return
        }
        let receipt: Receipt
        do {
            receipt = try Receipt.decode(bytes, key: outbox.key, file: path)
        } catch {
            report.receiptProblem = "\(error)"
            log("receipt refused: \(error)")
            return
        }
        guard receipt.kiosk == outbox.kiosk else {
            report.receiptProblem = "\(SignedFileError(file: path, reason: .wrongKiosk(expected: outbox.kiosk, found: receipt.kiosk)))"
            return
        }
        report.receipt = receipt
        // Never past a row this database holds: numbers above it are not ours to skip.
        let highest = try outbox.status().highestSeq
        let upTo = min(receipt.ackedUpTo, highest)
        if upTo < receipt.ackedUpTo {
            log("receipt acknowledges up to \(receipt.ackedUpTo) but the highest row here is \(highest): acknowledging up to \(highest)")
        }
        if try outbox.acknowledge(upTo: upTo) { log("receipt from \(receipt.officeUTC): acknowledged up to \(upTo)") }
    }

    /// Removes our batch files whose rows are all acknowledged, and what an
    /// interrupted write left (`.NAME.tmp-PID`). Anything but a regular file
    /// by such a name is refused, not removed.
    private func removeAcknowledged(_ dir: StickDir, upTo acked: Int64, _ report: inout Report) throws {
        for (file, kind) in try dir.entries() {
            let isLeftover = file.hasPrefix(".") && file.contains(".tmp-")
            guard isLeftover || (BatchName(fileName: file).map { $0.kiosk == outbox.kiosk && $0.last <= acked } ?? false) else { continue }
            guard kind == .regular else {
                report.refused.append("\(StickError(path: dir.child(file), problem: .notAFile(kind: kind)))")
                continue
            }
            try withFaults(faults, .stick(file)) { try dir.remove(file) }
            if !isLeftover { report.removed.append(file) }
        }
        dir.sync()
    }

    private func writeHeartbeat(_ dir: StickDir, started: Date, _ st: Outbox.Status, _ report: inout Report) throws {
        let facts = status.read()
        let hb = Heartbeat(kiosk: outbox.kiosk, sentUTC: UTCTime.string(started), software: status.software,
                           contentVersion: facts.contentVersion, contentCreatedUTC: facts.contentCreatedUTC,
                           lastSyncUTC: facts.lastSyncUTC, rowsPending: st.pending, lastAckedSeq: st.lastAckedSeq,
                           diskFreeBytes: facts.diskFreeBytes, clockUTC: UTCTime.string(now()),
                           store: st.databaseExists ? (outbox.storeProblem ?? "ok") : "no database yet",
                           parked: ParkedBatches.load(dataDir: outbox.dataDir)?.heartbeatEntries ?? [])
        do {
            try withFaults(faults, .stick(Heartbeat.fileName)) { try dir.write(hb.encode(key: outbox.key), to: Heartbeat.fileName) }
        } catch let e as StickError where e.isRefusal {
            report.refused.append("\(e)")
        }
    }
}

public enum StatsUsbError: Error, Equatable, Sendable, CustomStringConvertible {
    case busy

    public var description: String {
        switch self {
        case .busy: return "another upload holds DATA/upload/lock for over a minute: statistics not exchanged this time (plug the stick in again)"
        }
    }
}
