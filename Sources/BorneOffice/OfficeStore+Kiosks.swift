import BorneCore
import BorneStats
import BorneStore
import Foundation

/// A kiosk whose stats key the office trusts.
public struct TrustedKiosk: Equatable, Sendable {
    public var id: String
    /// 64 lowercase hex digits: the 32-byte HMAC key of the current epoch.
    public var keyHex: String
    public var trustedAt: String
    /// The highest seq a USB receipt has acknowledged to this kiosk, in the current epoch.
    public var ackedUpTo: Int64
    /// The current key epoch: 1 for the first key, +1 for each new key.
    public var epoch: Int64 = 1

    /// The key, for verifying MACs and signing receipts.
    public var key: StatsKey? { try? StatsKey(hex: keyHex) }
}

/// What `OfficeStore.trust` did.
public enum TrustOutcome: Equatable, Sendable {
    /// The kiosk was not trusted before: epoch 1.
    case firstKey
    /// This key is already the kiosk's current one: nothing changed.
    case sameKey(epoch: Int64)
    /// A new key for a known kiosk (reinstalled, new disk): a new epoch,
    /// whose sequence numbers start again; the earlier epochs' rows stay.
    case newEpoch(Int64)
    /// `newEpoch` with the current key: the kiosk numbers from 1 again under it.
    case restartedEpoch(Int64)
}

extension OfficeStore {
    /// Registers a kiosk's stats key (64 hex digits, as in the kiosk's
    /// `DATA/keys/stats.key`; `StatsKey.load(file:)` reads the file). A new
    /// key for a known kiosk opens a new key epoch: rows are stored by
    /// (kiosk, epoch, seq), so the reinstalled kiosk's numbers, which start
    /// at 1 again, never collide with the rows already received. A key the
    /// kiosk had in an earlier epoch is refused (its batches could not be
    /// told from that epoch's).
    ///
    /// `newEpoch` opens a new epoch with the kiosk's current key: for a
    /// kiosk that numbered its taps from 1 again without a new key (database
    /// and sequence floor lost, key kept), whose batches the office refuses
    /// as colliding. From then on its batches go to the new epoch.
    @discardableResult
    public func trust(kiosk: String, keyHex: String, newEpoch: Bool = false, at now: Date = Date()) throws -> TrustOutcome {
        guard KioskID.isValid(kiosk) else { throw OfficeError.invalidKioskID(kiosk) }
        let hex = try StatsKey(hex: keyHex).hex
        var outcome = TrustOutcome.firstKey
        try db.inTransaction(.immediate) {
            let epochs = try keyEpochs(kiosk)
            if let current = epochs.first, current.keyHex == hex, !newEpoch {
                outcome = .sameKey(epoch: current.epoch)
                return .rollback
            }
            if let past = epochs.dropFirst().first(where: { $0.keyHex == hex }) {
                throw OfficeError.pastKey(kiosk: kiosk, epoch: past.epoch)
            }
            let epoch = (epochs.first?.epoch ?? 0) + 1
            let at = UTCTime.string(now)
            try db.prepare("INSERT INTO kiosk_keys (kiosk, epoch, key_hex, trusted_at) VALUES (?, ?, ?, ?)")
                .execute([.text(kiosk), .integer(epoch), .text(hex), .text(at)])
            // A new epoch's receipts start from nothing: its numbers start at 1.
            try db.prepare("""
                INSERT INTO kiosks (id, key_hex, trusted_at, epoch, acked_up_to) VALUES (?, ?, ?, ?, 0)
                ON CONFLICT(id) DO UPDATE SET key_hex = excluded.key_hex, trusted_at = excluded.trusted_at,
                                              epoch = excluded.epoch, acked_up_to = 0
                """).execute([.text(kiosk), .text(hex), .text(at), .integer(epoch)])
            outcome = epoch == 1 ? .firstKey : epochs.first?.keyHex == hex ? .restartedEpoch(epoch) : .newEpoch(epoch)
            return .commit
        }
        return outcome
    }

    /// Every key `kiosk` was trusted with, the current (highest epoch) first.
    public func keyEpochs(_ kiosk: String) throws -> [(epoch: Int64, keyHex: String)] {
        try db.prepare("SELECT epoch, key_hex FROM kiosk_keys WHERE kiosk = ? ORDER BY epoch DESC")
            .rows([.text(kiosk)]) { s in (s.int64(0), s.text(1) ?? "") }
    }

    public func trustedKiosks() throws -> [TrustedKiosk] {
        try db.prepare("SELECT id, key_hex, trusted_at, acked_up_to, epoch FROM kiosks ORDER BY id").rows([], Self.trustedKiosk)
    }

    public func trustedKiosk(_ id: String) throws -> TrustedKiosk? {
        try db.prepare("SELECT id, key_hex, trusted_at, acked_up_to, epoch FROM kiosks WHERE id = ?")
            .rows([.text(id)], Self.trustedKiosk).first
    }

    private static func trustedKiosk(_ s: Statement) -> TrustedKiosk {
        TrustedKiosk(id: s.text(0) ?? "", keyHex: s.text(1) ?? "", trustedAt: s.text(2) ?? "", ackedUpTo: s.int64(3),
                     epoch: s.int64(4))
    }

    func setAckedUpTo(_ seq: Int64, kiosk: String) throws {
        try cached("UPDATE kiosks SET acked_up_to = max(acked_up_to, ?) WHERE id = ?")
            .execute([.integer(seq), .text(kiosk)])
    }
}
