import Foundation

/// The one UTC time of Borne: instants as integer milliseconds since 1970
/// (the stores, batches, the office database) and as ISO 8601 UTC text —
/// `2020-07-14T10:00:00.123Z` with milliseconds (stores, JSON, logs: sorts
/// as text, SQLite's date functions read it) or `2026-11-26T18:00:00Z` in
/// whole seconds (bundle manifests). Pure integer calendar arithmetic
/// (proleptic Gregorian, `LocalDate`'s day numbers): no formatter, locale,
/// calendar or time zone setting of the machine can change it, and it is
/// thread-safe.
public enum UTCTime {
    // MARK: milliseconds

    /// Milliseconds since 1970 of `date`, rounded down.
    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    public static func date(ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    // MARK: civil date and time

    /// The UTC calendar date and time of day of `ms`.
    public static func civil(ms: Int64) -> (date: LocalDate, hour: Int, minute: Int, second: Int, millisecond: Int) {
        let days = floorDiv(ms, 86_400_000)
        let inDay = Int(ms - days * 86_400_000)
        return (LocalDate(dayNumber: Int(days)), inDay / 3_600_000, inDay / 60_000 % 60, inDay / 1000 % 60, inDay % 1000)
    }

    /// Milliseconds of a UTC calendar date and time of day.
    public static func milliseconds(_ date: LocalDate, hour: Int = 0, minute: Int = 0, second: Int = 0,
                                    millisecond: Int = 0) -> Int64 {
        ((Int64(date.dayNumber) * 24 + Int64(hour)) * 60 + Int64(minute)) * 60_000 + Int64(second) * 1000 + Int64(millisecond)
    }

    // MARK: ISO 8601 with milliseconds

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public static func string(ms: Int64) -> String {
        let c = civil(ms: ms)
        return "\(pad(c.date.year, 4))-\(pad(c.date.month, 2))-\(pad(c.date.day, 2))T"
            + "\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(c.millisecond, 3))Z"
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` of `date` (milliseconds rounded down).
    public static func string(_ date: Date) -> String { string(ms: milliseconds(date)) }

    /// Milliseconds of exactly `YYYY-MM-DDTHH:MM:SSZ` or
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` with a real calendar date; nil for anything else.
    public static func parseMilliseconds(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 20 || b.count == 24, b.last == 0x5a else { return nil }
        guard let (date, h, mi, s) = dateAndTime(b) else { return nil }
        var milli = 0
        if b.count == 24 {
            guard b[19] == 0x2e, let v = number(b, 20..<23) else { return nil }
            milli = v
        }
        return milliseconds(date, hour: h, minute: mi, second: s, millisecond: milli)
    }

    /// The lenient reader of times people and other programs write:
    /// `YYYY-MM-DD[T| ]HH:MM:SS[.f…](Z|z|±HH:MM)` and `YYYY-MM-DD` (UTC
    /// midnight); digits past milliseconds are dropped. Nil when malformed.
    public static func parseISO(_ text: String) -> Int64? {
        let u = Array(text.utf8)
        guard u.count >= 10, u[4] == 45, u[7] == 45, let y = number(u, 0..<4), let mo = number(u, 5..<7),
              let d = number(u, 8..<10), (1...12).contains(mo), d >= 1, d <= LocalDate.daysIn(month: mo, year: y) else { return nil }
        let day = LocalDate(year: y, month: mo, day: d)
        if u.count == 10 { return milliseconds(day) }
        guard u.count >= 19, u[10] == 84 || u[10] == 32, let h = number(u, 11..<13), u[13] == 58, let mi = number(u, 14..<16),
              u[16] == 58, let s = number(u, 17..<19), h < 24, mi < 60, s < 61 else { return nil }
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
        } else if i < u.count, u[i] == 43 || u[i] == 45, u.count > i + 3, let oh = number(u, i + 1..<i + 3), u[i + 3] == 58,
                  let om = number(u, i + 4..<i + 6) {
            offset = (oh * 60 + om) * 60 * (u[i] == 43 ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == u.count else { return nil }
        return milliseconds(day, hour: h, minute: mi, second: s - offset, millisecond: milli)
    }

    // MARK: ISO 8601 in whole seconds (bundle manifests)

    /// `YYYY-MM-DDTHH:MM:SSZ`, the time cut to whole seconds.
    public static func format(_ date: Date) -> String {
        String(string(date).dropLast(5)) + "Z"
    }

    /// Exactly `YYYY-MM-DDTHH:MM:SSZ` with a real calendar date, years 1970–9999.
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 20, b[19] == 0x5a, let (date, h, mi, s) = dateAndTime(b), date.year >= 1970 else { return nil }
        return Self.date(ms: milliseconds(date, hour: h, minute: mi, second: s))
    }

    /// `date` cut to whole seconds, as a manifest stores it.
    public static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// Compact form for file names: "20200714T100000Z".
    public static func fileStamp(_ date: Date) -> String {
        format(date).filter { $0 != "-" && $0 != ":" }
    }

    // MARK: parts

    /// `YYYY-MM-DDTHH:MM:SS` at the start of `b`, a real date and time.
    private static func dateAndTime(_ b: [UInt8]) -> (LocalDate, Int, Int, Int)? {
        guard b.count >= 19, b[4] == 0x2d, b[7] == 0x2d, b[10] == 0x54, b[13] == 0x3a, b[16] == 0x3a,
              let y = number(b, 0..<4), let mo = number(b, 5..<7), let d = number(b, 8..<10),
              let h = number(b, 11..<13), let mi = number(b, 14..<16), let s = number(b, 17..<19),
              (1...12).contains(mo), d >= 1, d <= LocalDate.daysIn(month: mo, year: y), h < 24, mi < 60, s < 60 else { return nil }
        return (LocalDate(year: y, month: mo, day: d), h, mi, s)
    }

    /// The decimal digits of `b[r]`; nil when one is not a digit or `r` is past the end.
    private static func number(_ b: [UInt8], _ r: Range<Int>) -> Int? {
        guard r.upperBound <= b.count else { return nil }
        var v = 0
        for i in r {
            guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
            v = v * 10 + Int(b[i] - 0x30)
        }
        return v
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
