import BorneCore
import Foundation

/// Times at the office: UTC milliseconds in the database, ISO 8601 UTC in
/// JSON and logs, Europe/Paris local dates and hours in the report.
public enum OfficeTime {
    /// "2020-07-14T10:00:00.123Z". Thread-safe (no formatter).
    public static func iso(ms: Int64) -> String {
        var secs = time_t(ms >= 0 ? ms / 1000 : (ms - 999) / 1000)
        let milli = Int(ms - Int64(secs) * 1000)
        var t = tm()
        gmtime_r(&secs, &t)
        return pad(Int(t.tm_year) + 1900, 4) + "-" + pad(Int(t.tm_mon) + 1, 2) + "-" + pad(Int(t.tm_mday), 2)
            + "T" + pad(Int(t.tm_hour), 2) + ":" + pad(Int(t.tm_min), 2) + ":" + pad(Int(t.tm_sec), 2)
            + "." + pad(milli, 3) + "Z"
    }

    public static func iso(_ date: Date) -> String { iso(ms: ms(date)) }

    public static func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    public static func date(ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    /// Reads "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" and "YYYY-MM-DD" (UTC
    /// midnight); nil when malformed.
    public static func parseISO(_ text: String) -> Int64? {
        let u = Array(text.utf8)
        func num(_ from: Int, _ n: Int) -> Int? {
            guard from + n <= u.count else { return nil }
            var v = 0
            for c in u[from..<from + n] {
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = num(0, 4), u.count >= 10, u[4] == 45, let mo = num(5, 2), u[7] == 45, let d = num(8, 2),
              (1...12).contains(mo), d >= 1, d <= LocalDate.daysIn(month: mo, year: y) else { return nil }
        let day = Int64(LocalDate(year: y, month: mo, day: d).dayNumber)
        if u.count == 10 { return day * 86_400_000 }
        guard u.count >= 19, u[10] == 84 || u[10] == 32, let h = num(11, 2), u[13] == 58, let mi = num(14, 2),
              u[16] == 58, let s = num(17, 2), h < 24, mi < 60, s < 61 else { return nil }
        var i = 19
        var milli = 0
        if i < u.count, u[i] == 46 {
            i += 1
            var digits = 0
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                if digits < 3 { milli = milli * 10 + Int(u[i] - 48) }
                digits += 1; i += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { milli *= 10 } }
        }
        var offset = 0
        if i < u.count, u[i] == 90 || u[i] == 122 {
            i += 1
        } else if i < u.count, u[i] == 43 || u[i] == 45, let oh = num(i + 1, 2), u.count > i + 3, u[i + 3] == 58,
                  let om = num(i + 4, 2) {
            offset = (oh * 60 + om) * 60 * (u[i] == 43 ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == u.count else { return nil }
        return (day * 86_400 + Int64(h * 3600 + mi * 60 + s - offset)) * 1000 + Int64(milli)
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// Europe/Paris local dates and hours of UTC instants, fast: the offset is
/// looked up once per UTC hour (offsets change only on the hour).
public struct ParisClock {
    private var offsets: [Int64: Int64] = [:]
    private let zone = KioskTime.timeZone

    public init() {}

    /// The local day (days since 1970-01-01) and hour of `ms`.
    public mutating func local(ms: Int64) -> (day: Int, hour: Int) {
        let hourKey = ms >= 0 ? ms / 3_600_000 : (ms - 3_599_999) / 3_600_000
        let off: Int64
        if let o = offsets[hourKey] { off = o } else {
            off = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hourKey * 3600)))) * 1000
            offsets[hourKey] = off
        }
        let local = ms + off
        let day = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        return (Int(day), Int((local - day * 86_400_000) / 3_600_000))
    }

    /// UTC ms of local midnight starting `day` (first instant of that local date).
    public static func startOfDay(_ day: LocalDate) -> Int64 {
        OfficeTime.ms(KioskTime.instant(day, minute: 0))
    }
}
