import BorneCore
import BorneStats
import Foundation

/// One upload round: plan, PUT each batch and acknowledge it, then the
/// heartbeat. See the module's rules (BorneUpload.swift).
public final class Uploader {
    public let outbox: Outbox
    public let transport: CollectorTransport
    public let status: KioskStatusSource
    /// Fingerprint of the target's configuration (URL, user, password):
    /// batches parked under another one are tried again.
    public let targetFingerprint: String
    /// Checked between batches: true ends the round early (SIGTERM).
    public var shouldStop: () -> Bool = { false }
    /// Test hook over the round's own operations (PUTs, parking).
    var faults: UploadFaultHook?
    let log: (String) -> Void
    let now: () -> Date
    /// This round's collector did not answer at all (timeout, no connection).
    private var unreachable = false

    public init(outbox: Outbox, transport: CollectorTransport, status: KioskStatusSource, targetFingerprint: String,
                log: @escaping (String) -> Void = { _ in }, now: @escaping () -> Date = Date.init) {
        self.outbox = outbox; self.transport = transport; self.status = status
        self.targetFingerprint = targetFingerprint; self.log = log; self.now = now
    }

    var dataDir: URL { outbox.dataDir }

    /// Runs one round. Never throws: everything that stops it is in the report.
    public func round(retryParked: Bool = false) -> RoundReport {
        let started = now()
        var report = RoundReport()
        unreachable = false
        guard let lock = try? UploadLock(dataDir: dataDir) else {
            report.outcome = .retryLater("another upload or USB visit holds \(dataDir.path)/upload/lock")
            return report
        }
        defer { withExtendedLifetime(lock) {} }

        var parked = ParkedBatches.load(dataDir: dataDir)
        var storeError: String?
        do {
            let st = try outbox.status()
            parked = try releaseParked(parked, acked: st.lastAckedSeq, retry: retryParked)
            if let parked {
                report.outcome = .parked(parked.batches[0].reason)
            } else {
                try sendBatches(&report)
            }
        } catch {
            storeError = "\(error)"
            report.outcome = .retryLater("\(error)")
            log("round stopped: \(error)")
        }
        parked = ParkedBatches.load(dataDir: dataDir)
        report.parked = parked?.batches.map(\.name) ?? []
        sendHeartbeat(&report, started: started, parked: parked, storeError: storeError)
        do {
            try transport.endRound()
        } catch {
            log("the round's connection closed, but its last bytes were not recorded: \(error)")
        }
        return report
    }

    /// Drops parked batches acknowledged since (a stick carried them), and
    /// releases them all when the target changed or on request.
    private func releaseParked(_ parked: ParkedBatches?, acked: Int64, retry: Bool) throws -> ParkedBatches? {
        guard var p = parked else { return nil }
        let before = p.batches.count
        p.batches.removeAll { $0.last <= acked }
        if p.batches.isEmpty || retry || p.target != targetFingerprint {
            if !p.batches.isEmpty {
                log(retry ? "--retry-parked: trying \(p.batches.count) parked batch(es) again"
                          : "the collector's configuration changed: trying \(p.batches.count) parked batch(es) again")
            }
            try withFaults(faults, .saveParked) { try ParkedBatches.clear(dataDir: dataDir) }
            return nil
        }
        if p.batches.count != before { try withFaults(faults, .saveParked) { try p.save(dataDir: dataDir) } }
        return p
    }

    private func sendBatches(_ report: inout RoundReport) throws {
        for name in try outbox.plan() {
            if shouldStop() { report.outcome = .stopped; return }
            let bytes = try outbox.batchBytes(name)
            do {
                try withFaults(faults, .put(name.path)) {
                    try transport.put(name.path, bytes, contentType: "application/octet-stream")
                }
            } catch let e as DeliveryError {
                report.outcome = try outcome(of: e, for: name)
                return
            }
            // Acknowledged by the collector: only now does the cursor move.
            try outbox.acknowledge(upTo: name.last)
            report.sent.append(name)
            report.bytesSent += bytes.count
            log("sent \(name) (\(bytes.count) bytes)")
        }
    }

    private func outcome(of e: DeliveryError, for name: BatchName) throws -> RoundReport.Outcome {
        switch e {
        case let .rejected(status, reason):
            var p = ParkedBatches.load(dataDir: dataDir) ?? ParkedBatches(target: targetFingerprint, batches: [])
            p.target = targetFingerprint
            p.batches.removeAll { $0.name == name.fileName }
            p.batches.append(.init(name: name.fileName, first: name.first, last: name.last, status: status,
                                   reason: reason, sinceUTC: UTCTime.string(now())))
            try withFaults(faults, .saveParked) { try p.save(dataDir: dataDir) }
            log("PARKED \(name): \(reason); later batches wait behind it until the collector's configuration changes or --retry-parked")
            return .parked(reason)
        case .unreachable(let m):
            unreachable = true
            log("\(name) not sent: \(m)")
            return .retryLater(m)
        case .failed(let m):
            log("\(name) not sent: \(m)")
            return .retryLater(m)
        case .budgetExceeded(let m):
            log("\(name) not sent: \(m)")
            return .budgetExhausted(m)
        }
    }

    /// The heartbeat goes after the batches, whatever they did, except when
    /// the collector did not answer at all, the budget is spent, or SIGTERM came.
    private func sendHeartbeat(_ report: inout RoundReport, started: Date, parked: ParkedBatches?, storeError: String?) {
        let st = try? outbox.status()
        report.lastAckedSeq = st?.lastAckedSeq ?? 0
        report.pending = st?.pending ?? 0
        if case .budgetExhausted = report.outcome { return }
        if case .stopped = report.outcome { return }
        if unreachable { return }
        let facts = status.read()
        var uploadError: String?
        switch report.outcome {
        case .complete, .stopped: uploadError = nil
        case .retryLater(let m), .parked(let m), .heartbeatRefused(let m), .budgetExhausted(let m): uploadError = m
        }
        let store: String
        if let storeError { store = storeError }
        else if st?.databaseExists == false { store = "no database yet (\(outbox.databasePath))" }
        else { store = outbox.storeProblem ?? "ok" }
        let hb = Heartbeat(kiosk: outbox.kiosk, sentUTC: UTCTime.string(started), software: status.software,
                           contentVersion: facts.contentVersion, contentCreatedUTC: facts.contentCreatedUTC,
                           lastSyncUTC: facts.lastSyncUTC, rowsPending: report.pending, lastAckedSeq: report.lastAckedSeq,
                           diskFreeBytes: facts.diskFreeBytes, clockUTC: UTCTime.string(now()), store: store,
                           parked: parked?.heartbeatEntries ?? [], uploadError: uploadError)
        do {
            try withFaults(faults, .put(hb.path)) {
                try transport.put(hb.path, hb.encode(key: outbox.key), contentType: "application/json")
            }
            report.heartbeatSent = true
        } catch {
            log("heartbeat not sent: \(error)")
            guard report.outcome == .complete else { return }
            if case DeliveryError.rejected(_, let reason) = error {
                report.outcome = .heartbeatRefused(reason)
            } else if case DeliveryError.budgetExceeded(let m) = error {
                report.outcome = .budgetExhausted(m)
            } else {
                report.outcome = .retryLater("heartbeat: \(error)")
            }
        }
    }
}
