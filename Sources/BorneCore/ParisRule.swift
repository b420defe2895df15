import Foundation

/// Europe/Paris by its rule, without ICU: since 1996 France follows the EU
/// rule (UTC+1; UTC+2 from 01:00 UTC on the last Sunday of March to 01:00
/// UTC on the last Sunday of October), which is what ICU's zoneinfo says for
/// every year since then. `KioskTime` answers from this rule inside
/// `validSeconds` and asks Foundation (ICU's time zone data, which maps
/// megabytes of the binary's pages) only outside it: the kiosk's
/// clock and its content's dates never leave it.
/// `LocalDateTests` compares both over every hour of 1996–2099 and every
/// minute of each change day.
public enum ParisRule {
    /// The instants the rule answers for, in seconds since 1970 UTC:
    /// 1996-01-01T00:00Z up to (not including) 2100-01-01T00:00Z.
    public static let validSeconds: Range<Int> = 820_454_400..<4_102_444_800

    /// Seconds east of UTC at an instant; nil outside `validSeconds`.
    public static func offset(utcSeconds t: Int) -> Int? {
        guard validSeconds.contains(t) else { return nil }
        let year = LocalDate(dayNumber: t >= 0 ? t / 86_400 : (t - 86_399) / 86_400).year
        let start = lastSunday(year: year, month: 3) * 86_400 + 3_600
        let end = lastSunday(year: year, month: 10) * 86_400 + 3_600
        return t >= start && t < end ? 7_200 : 3_600
    }

    /// Local date and minute of the day of an instant (seconds since 1970,
    /// fractions dropped as ICU does); nil outside `validSeconds`.
    public static func local(_ date: Date) -> (date: LocalDate, minute: Int)? {
        let s = date.timeIntervalSince1970.rounded(.down)
        guard s >= Double(validSeconds.lowerBound), s < Double(validSeconds.upperBound) else { return nil }
        let t = Int(s)
        guard let off = offset(utcSeconds: t) else { return nil }
        let l = t + off
        let day = l / 86_400
        return (LocalDate(dayNumber: day), (l - day * 86_400) / 60)
    }

    /// The instant of a local date and minute of day (0...1440), as
    /// Foundation's Gregorian calendar gives it: the first occurrence on the
    /// October fold, the hour after in the March gap; nil outside
    /// `validSeconds` or for another minute.
    public static func instant(_ day: LocalDate, minute: Int) -> Int? {
        guard (0...1_440).contains(minute) else { return nil }
        let l = day.dayNumber * 86_400 + minute * 60
        let summer = l - 7_200, winter = l - 3_600
        guard let a = offset(utcSeconds: summer), offset(utcSeconds: winter) != nil else { return nil }
        if a == 7_200 { return summer }
        return winter  // standard time, or the gap: 02:30 is read as 03:30 summer time
    }

    /// The day number of the last Sunday of a month.
    static func lastSunday(year: Int, month: Int) -> Int {
        let last = LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year))
        return last.dayNumber - last.isoWeekday % 7
    }
}
