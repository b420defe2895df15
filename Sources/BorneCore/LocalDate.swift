import Foundation

/// A calendar day in the kiosk's time zone (Europe/Paris), without a time.
/// Event dates are days, not instants: "14 juillet" is the same day whoever reads it.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil when malformed or not a real day.
    public init?(iso: String) {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= LocalDate.daysIn(month: m, year: y) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String {
        PlainText.zeroPadded(year, width: 4) + "-" + PlainText.zeroPadded(month) + "-" + PlainText.zeroPadded(day)
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for day arithmetic.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    public var isoWeekday: Int {
        let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday (ISO 4)
        return (w < 0 ? w + 7 : w) + 1
    }
}

/// The kiosk's civil time: Europe/Paris, whatever the machine's TZ says.
/// `local` and `instant` answer from `ParisRule` (no ICU) for 1996–2099 and
/// from `calendar` (Foundation, ICU's zone data) outside it.
public enum KioskTime {
    public static let timeZone: TimeZone = TimeZone(identifier: "Europe/Paris")!

    public static var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        c.locale = Locale(identifier: "fr_FR")
        return c
    }

    /// Seconds east of UTC in Europe/Paris at an instant.
    public static func secondsFromGMT(_ date: Date) -> Int {
        ParisRule.offset(utcSeconds: Int(date.timeIntervalSince1970.rounded(.down))) ?? timeZone.secondsFromGMT(for: date)
    }

    /// Local date and minute of the day of an instant.
    public static func local(_ date: Date) -> (date: LocalDate, minute: Int) {
        if let answer = ParisRule.local(date) { return answer }
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return (LocalDate(year: c.year!, month: c.month!, day: c.day!), c.hour! * 60 + c.minute!)
    }

    /// The instant of a local date and minute of day (first occurrence on DST folds;
    /// a minute inside the spring-forward gap maps to the hour after).
    public static func instant(_ day: LocalDate, minute: Int) -> Date {
        if let t = ParisRule.instant(day, minute: minute) { return Date(timeIntervalSince1970: TimeInterval(t)) }
        var comps = DateComponents()
        comps.year = day.year; comps.month = day.month; comps.day = day.day
        comps.hour = minute / 60; comps.minute = minute % 60
        return calendar.date(from: comps)!
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]` as Europe/Paris local time.
    public static func parseLocal(_ text: String) -> Date? {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, let day = LocalDate(iso: String(parts[0])) else { return nil }
        let hms = parts[1].split(separator: ":")
        guard hms.count == 2 || hms.count == 3,
              let h = Int(hms[0]), let m = Int(hms[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        var seconds = 0
        if hms.count == 3 { guard let s = Int(hms[2]), (0...59).contains(s) else { return nil }; seconds = s }
        return instant(day, minute: h * 60 + m).addingTimeInterval(TimeInterval(seconds))
    }

    /// `YYYY-MM-DDTHH:MM` in Europe/Paris.
    public static func formatLocal(_ date: Date) -> String {
        let (d, m) = local(date)
        return "\(d)T" + PlainText.zeroPadded(m / 60) + ":" + PlainText.zeroPadded(m % 60)
    }
}
