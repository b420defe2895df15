import BorneCore
import Foundation

// Times at the office: UTC milliseconds in the database, ISO 8601 UTC in
// JSON and logs (both BorneCore's `UTCTime`), Europe/Paris local dates and
// hours in the report (`ParisClock`).

/// Europe/Paris local dates and hours of UTC instants, fast: the offset is
/// looked up once per UTC hour (offsets change only on the hour).
public struct ParisClock: Sendable {
    private var offsets: [Int64: Int64] = [:]

    public init() {}

    /// The local day (days since 1970-01-01) and hour of `ms`.
    public mutating func local(ms: Int64) -> (day: Int, hour: Int) {
        let hourKey = ms >= 0 ? ms / 3_600_000 : (ms - 3_599_999) / 3_600_000
        let off: Int64
        if let o = offsets[hourKey] { off = o } else {
            off = Int64(KioskTime.secondsFromGMT(Date(timeIntervalSince1970: Double(hourKey * 3600)))) * 1000
            offsets[hourKey] = off
        }
        let local = ms + off
        let day = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        return (Int(day), Int((local - day * 86_400_000) / 3_600_000))
    }

    /// UTC ms of local midnight starting `day` (first instant of that local date).
    public static func startOfDay(_ day: LocalDate) -> Int64 {
        UTCTime.milliseconds(KioskTime.instant(day, minute: 0))
    }
}
