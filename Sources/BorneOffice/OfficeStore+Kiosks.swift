import BorneStats
import BorneStore
import Foundation

/// A kiosk whose stats key the office trusts.
public struct TrustedKiosk: Equatable, Sendable {
    public var id: String
    /// 64 lowercase hex digits: the 32-byte HMAC key.
    public var keyHex: String
    public var trustedAt: String
    /// The highest seq a USB receipt has acknowledged to this kiosk.
    public var ackedUpTo: Int64

    /// The key, for verifying MACs and signing receipts.
    public var key: StatsKey? { try? StatsKey(hex: keyHex) }
}

extension OfficeStore {
    /// Registers (or replaces) a kiosk's stats key (64 hex digits, as in the
    /// kiosk's `DATA/keys/stats.key`; `StatsKey.load(file:)` reads the file). Returns true when the
    /// kiosk was already trusted with another key (a re-keyed kiosk).
    @discardableResult
    public func trust(kiosk: String, keyHex: String, at now: Date = Date()) throws -> Bool {
        guard KioskID.isValid(kiosk) else { throw OfficeError.invalidKioskID(kiosk) }
        let hex = try StatsKey(hex: keyHex).hex
        let previous = try trustedKiosk(kiosk)
        try db.prepare("""
            INSERT INTO kiosks (id, key_hex, trusted_at) VALUES (?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET key_hex = excluded.key_hex, trusted_at = excluded.trusted_at
            """).execute([.text(kiosk), .text(hex), .text(OfficeTime.iso(now))])
        return previous.map { $0.keyHex != hex } ?? false
    }

    public func trustedKiosks() throws -> [TrustedKiosk] {
        try db.prepare("SELECT id, key_hex, trusted_at, acked_up_to FROM kiosks ORDER BY id").rows { s in
            TrustedKiosk(id: s.text(0) ?? "", keyHex: s.text(1) ?? "", trustedAt: s.text(2) ?? "", ackedUpTo: s.int64(3))
        }
    }

    public func trustedKiosk(_ id: String) throws -> TrustedKiosk? {
        try db.prepare("SELECT id, key_hex, trusted_at, acked_up_to FROM kiosks WHERE id = ?").rows([.text(id)]) { s in
            TrustedKiosk(id: s.text(0) ?? "", keyHex: s.text(1) ?? "", trustedAt: s.text(2) ?? "", ackedUpTo: s.int64(3))
        }.first
    }

    func setAckedUpTo(_ seq: Int64, kiosk: String) throws {
        try cached("UPDATE kiosks SET acked_up_to = max(acked_up_to, ?) WHERE id = ?")
            .execute([.integer(seq), .text(kiosk)])
    }
}
