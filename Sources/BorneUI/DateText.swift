import BorneCore
import Foundation

/// Dates and times as visitors read them, in each language, without relying
/// on the machine's locale data (a kiosk's output must not change with ICU).
public enum DateText {
    static let weekdays = Localized<[String]>(
        fr: ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
        en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        de: ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
        nl: ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
        es: ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
    )
    static let months = Localized<[String]>(
        fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        de: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        nl: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
        es: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
    )

    public static func weekday(_ d: LocalDate, _ lang: Language) -> String { weekdays[lang][d.isoWeekday - 1] }

    /// Abbreviations as each language writes them ("mar.", "Tue", "Di.", "di", "mar.").
    static let weekdayAbbreviations = Localized<[String]>(
        fr: ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
        en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        de: ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."],
        nl: ["ma", "di", "wo", "do", "vr", "za", "zo"],
        es: ["lun.", "mar.", "mié.", "jue.", "vie.", "sáb.", "dom."]
    )

    public static func weekdayShort(_ d: LocalDate, _ lang: Language) -> String {
        weekdayAbbreviations[lang][d.isoWeekday - 1]
    }
    public static func month(_ m: Int, _ lang: Language) -> String { months[lang][m - 1] }

    /// "jeudi 26 novembre", "Thursday 26 November", "Donnerstag, 26. November".
    public static func longDay(_ d: LocalDate, _ lang: Language) -> String {
        switch lang {
        case .de: return "\(weekday(d, lang)), \(d.day). \(month(d.month, lang))"
        case .es: return "\(weekday(d, lang)) \(d.day) de \(month(d.month, lang))"
        case .fr: return "\(weekday(d, lang)) \(d.day == 1 ? "1er" : String(d.day)) \(month(d.month, lang))"
        default: return "\(weekday(d, lang)) \(d.day) \(month(d.month, lang))"
        }
    }

    /// "26/11", or "26/11/2026" when `d` is not in the year of `today`:
    /// a date is never shown without its year when the year could be mistaken.
    public static func shortDay(_ d: LocalDate, today: LocalDate? = nil) -> String {
        let dm = PlainText.zeroPadded(d.day) + "/" + PlainText.zeroPadded(d.month)
        if let today, today.year != d.year { return dm + "/" + PlainText.zeroPadded(d.year, width: 4) }
        return dm
    }

    public static func time(minute: Int) -> String {
        PlainText.zeroPadded(minute / 60) + ":" + PlainText.zeroPadded(minute % 60)
    }

    /// "26/11 18:40" in Europe/Paris.
    public static func stamp(_ date: Date) -> String {
        let (d, m) = KioskTime.local(date)
        return shortDay(d) + " " + time(minute: m)
    }

    /// An event's dates: "sam. 14/07 · 21:00" or "du 12/07 au 15/07".
    public static func eventDates(_ e: EventDate, _ lang: Language, today: LocalDate? = nil) -> String {
        var s: String
        if e.start == e.end {
            s = weekdayShort(e.start, lang) + " " + shortDay(e.start, today: today)
        } else {
            let (from, to): (String, String)
            switch lang {
            case .fr: (from, to) = ("du", "au")
            case .en: (from, to) = ("from", "to")
            case .de: (from, to) = ("vom", "bis")
            case .nl: (from, to) = ("van", "tot")
            case .es: (from, to) = ("del", "al")
            }
            s = "\(from) \(shortDay(e.start, today: today)) \(to) \(shortDay(e.end, today: today))"
        }
        if let t = e.time { s += " · " + t }
        return s
    }

    /// "12,4 km" (decimal comma in French, German, Dutch and Spanish).
    public static func km(_ v: Double, _ lang: Language) -> String {
        let s = PlainText.fixed(v, places: 1)
        return (lang == .en ? s : PlainText.replacing(".", with: ",", in: s)) + " km"
    }

    /// "2 h 30" style duration.
    public static func duration(minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        if h == 0 { return "\(m) min" }
        return m == 0 ? "\(h) h" : "\(h) h " + PlainText.zeroPadded(m)
    }
}
