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

    public var key: [UInt8] { StatsKeyText.bytes(keyHex) ?? [] }
}

/// The text of a kiosk's `DATA/keys/stats.key`: 64 hex digits, maybe a newline.
public enum StatsKeyText {
    public static func normalized(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard t.utf8.count == 64, bytes(t) != nil else { return nil }
        return t
    }

    public static func bytes(_ hex: String) -> [UInt8]? {
        let u = Array(hex.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(u.count / 2)
        func nib(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        var i = 0
        while i < u.count {
            guard let h = nib(u[i]), let l = nib(u[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }

    /// Reads and checks a key file.
    public static func read(path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OfficeError.badKeyFile(path: path, reason: "cannot read it")
        }
        guard let hex = normalized(String(decoding: data, as: UTF8.self)) else {
            throw OfficeError.badKeyFile(path: path, reason: "not 64 hex digits")
        }
        return hex
    }
}

extension OfficeStore {
    /// Registers (or replaces) a kiosk's stats key. Returns true when the
    /// kiosk was already trusted with another key (a re-keyed kiosk).
    @discardableResult
    public func trust(kiosk: String, keyHex: String, at now: Date = Date()) throws -> Bool {
        guard KioskID.isValid(kiosk) else { throw OfficeError.invalidKioskID(kiosk) }
        guard let hex = StatsKeyText.normalized(keyHex) else {
            throw OfficeError.badKeyFile(path: "key", reason: "not 64 hex digits")
        }
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
