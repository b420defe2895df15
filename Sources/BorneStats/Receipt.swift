import Foundation

/// `STICK/borne/receipts/KIOSK.json`, written by the office after an
/// ingest: every row up to `ackedUpTo` is stored at the office. The kiosk
/// moves its cursor only after the MAC verifies with its own key.
public struct Receipt: Equatable, Sendable {
    public var kiosk: String
    public var ackedUpTo: Int64
    /// When the office wrote it (office clock).
    public var officeUTC: String

    public init(kiosk: String, ackedUpTo: Int64, officeUTC: String) {
        self.kiosk = kiosk; self.ackedUpTo = ackedUpTo; self.officeUTC = officeUTC
    }

    /// `borne/receipts/KIOSK.json`, relative to the stick's mount point.
    public static func path(kiosk: String) -> String { "borne/receipts/\(kiosk).json" }

    public func encode(key: StatsKey) -> [UInt8] {
        SignedJSON.sign(["format": BorneStats.format, "kiosk": kiosk, "acked_up_to": ackedUpTo, "office_utc": officeUTC], key: key)
    }

    /// Verifies the MAC with the kiosk's key, then reads the members.
    public static func decode(_ bytes: [UInt8], key: StatsKey, file: String) throws -> Receipt {
        let o = try SignedJSON.verify(bytes, key: key, file: file)
        let r = Receipt(kiosk: try SignedJSON.string(o, "kiosk", file: file),
                        ackedUpTo: try SignedJSON.int(o, "acked_up_to", file: file),
                        officeUTC: try SignedJSON.string(o, "office_utc", file: file))
        guard r.ackedUpTo >= 0 else { throw SignedFileError(file: file, reason: .wrongType("acked_up_to")) }
        return r
    }
}
