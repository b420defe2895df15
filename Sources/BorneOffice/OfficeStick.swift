import BorneStats
import BorneStick
import Foundation

/// `borne office stick prepare DIR`: makes a stick (its mount point DIR)
/// carry statistics — the stick St Jacques des Blats' statistics ride on,
/// which the office, not the contractor, may carry. It writes `DIR/borne/`
/// and, for each kiosk, `DIR/borne/receipts/KIOSK.json`: what the office
/// already holds of it, so that the kiosk's next `borne usb` prunes it. A
/// stick with `borne/` and no bundle is a statistics-only stick to
/// `borne usb` (docs/SYNC.md, docs/STATISTICS.md).
///
/// Every path goes through `StickDir`: a link, FIFO or device at `borne`,
/// `receipts` or a receipt's name is refused by name, never written through.
public enum OfficeStick {
    public struct Written: Equatable, Sendable {
        public var path: String
        public var kiosk: String
        public var ackedUpTo: Int64
    }

    /// Writes `borne/receipts/` for `kiosks` (all trusted kiosks when nil).
    /// Throws `OfficeError.unknownKiosk` for a kiosk not trusted, `StickError`
    /// for a refused path; the receipts written before stay (each is whole).
    public static func prepare(mount: String, store: OfficeStore, kiosks: [String]?, now: Date) throws -> [Written] {
        let trusted = try store.trustedKiosks()
        var chosen: [TrustedKiosk] = []
        if let kiosks {
            for id in kiosks {
                guard let t = trusted.first(where: { $0.id == id }) else { throw OfficeError.unknownKiosk(id) }
                chosen.append(t)
            }
        } else {
            chosen = trusted
        }
        let root = try StickDir.openRoot(mount)
        guard let dir = try root.folder("borne/receipts", create: true) else {
            throw StickError(path: root.child("borne/receipts"), problem: .missing)
        }
        var out: [Written] = []
        for k in chosen {
            guard let key = k.key else { throw OfficeError.badKeyFile(path: "base de l'office, borne \(k.id)", reason: "la clé enregistrée n'est pas de 64 chiffres hexadécimaux") }
            let receipt = Receipt(kiosk: k.id, ackedUpTo: k.ackedUpTo, officeUTC: OfficeTime.iso(now))
            let name = "\(k.id).json"
            try dir.write(receipt.encode(key: key), to: name)
            out.append(Written(path: dir.child(name), kiosk: k.id, ackedUpTo: k.ackedUpTo))
        }
        return out
    }
}
