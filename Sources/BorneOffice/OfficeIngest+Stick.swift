import BorneStats
import Foundation

extension OfficeIngest {
    /// A USB stick: ingests `STICK/borne/stats/KIOSK/`, makes it durable,
    /// then writes `STICK/borne/receipts/KIOSK.json` for every trusted kiosk
    /// found there (docs/BATCHES.md, "Over USB").
    func ingestStick(mount: String) throws {
        let root = (mount as NSString).appendingPathComponent("borne/stats")
        let outcome = try ingestDirectory(root: root, via: .usb)
        // Durable first: the kiosk deletes what a receipt acknowledges.
        try store.checkpoint()
        let nowDate = now()
        for kiosk in outcome.keys.sorted() {
            guard let trusted = try store.trustedKiosk(kiosk), let key = trusted.key else { continue }
            let acked = Self.ackedUpTo(outcome[kiosk] ?? [], previous: trusted.ackedUpTo)
            let receipt = Receipt(kiosk: kiosk, ackedUpTo: acked, officeUTC: OfficeTime.iso(nowDate))
            let path = (mount as NSString).appendingPathComponent(Receipt.path(kiosk: kiosk))
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try AtomicFile.write(receipt.encode(key: key), to: path)
            } catch {
                throw OfficeError.cannotWrite(path: path, reason: "\(error)")
            }
            try store.setAckedUpTo(acked, kiosk: kiosk)
            report.receipts.append((path: path, kiosk: kiosk, ackedUpTo: acked))
        }
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
