import Foundation
import BorneCore

/// Opening-hours lines as a visitor reads them, in the kiosk's five languages:
/// "Ouvert · ferme à 18:00", "Fermé · ouvre lundi à 09:30".
///
/// Pure: the caller passes `now`; days are compared in Europe/Paris
/// (`KioskTime`), so "demain" is the kiosk's tomorrow whatever the machine's TZ.
public enum HoursText {
    /// The status line: state, then when it changes ("ferme à 18:00", "ouvre
    /// demain à 09:30", "ouvre lundi à 09:30" within a week, "ouvre le 2 juin
    /// à 09:30" later). A rule's comment is appended after " · ".
    public static func status(_ s: OpeningStatus, now: Date, language: Language) -> String {
        if s.isUnreadable { return unreadable(language) }
        if s.isUnknown { return s.comment ?? words(language).unknown }
        let w = words(language)
        var parts: [String]
        if s.nextIsUnreadable {
            // What follows cannot be read: say the state only, never "24h/24".
            parts = [s.isOpen ? w.open : w.closed]
        } else if let detail = detail(s, now: now, language: language) {
            parts = [s.isOpen ? w.open : w.closed, detail]
        } else {
            parts = [s.isOpen ? w.alwaysOpen : w.closed]
        }
        if let c = s.comment, !c.isEmpty { parts.append(c) }
        return parts.joined(separator: " · ")
    }

    /// Only the part about the next change ("ferme à 18:00"), nil when the
    /// state never changes (open 24/7, closed for good) or is unknown.
    public static func detail(_ s: OpeningStatus, now: Date, language: Language) -> String? {
        guard !s.isUnknown, let next = s.nextChange else { return nil }
        let w = words(language)
        let (today, _) = KioskTime.local(now)
        let (day, minute) = KioskTime.local(next)
        let days = day.dayNumber - today.dayNumber
        let verb = s.isOpen ? w.closes : w.opens
        // Closing at midnight ends today, whatever the calendar says.
        if s.isOpen && minute == 0 && days == 1 {
            return "\(verb) \(w.atMidnight)"
        }
        let at = w.at(minute)
        switch days {
        case ...0: return "\(verb) \(at)"
        case 1: return "\(verb) \(w.tomorrow) \(at)"
        case 2...6: return "\(verb) \(w.onWeekday(weekdayName(day.isoWeekday, language))) \(at)"
        default: return "\(verb) \(w.onDate(day.day, day.month)) \(at)"
        }
    }

    /// What the kiosk shows for hours it cannot read (a value it does not
    /// parse, SH past the school-holiday calendar, sun times without a
    /// position): send the visitor to the office, never guess a state.
    public static func unreadable(_ language: Language) -> String {
        switch language {
        case .fr: return "Horaires : voir l'office"
        case .en: return "Opening hours: ask at the tourist office"
        case .de: return "Öffnungszeiten: bitte im Tourismusbüro erfragen"
        case .nl: return "Openingstijden: vraag het bij het toeristenbureau"
        case .es: return "Horario: consulte en la oficina de turismo"
        }
    }

    /// The weekday's name (1 = Monday ... 7 = Sunday), as used mid-sentence:
    /// lower case in French, Dutch and Spanish, capitalised in English and German.
    public static func weekdayName(_ isoWeekday: Int, _ language: Language) -> String {
        precondition((1...7).contains(isoWeekday), "ISO weekday \(isoWeekday) is not 1...7")
        let names: [String]
        switch language {
        case .fr: names = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        case .en: names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        case .de: names = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
        case .nl: names = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
        case .es: names = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
        }
        return names[isoWeekday - 1]
    }

    /// A day's open intervals: "09:30–12:30, 14:00–18:00"; no interval is the
    /// localized "fermé".
    public static func intervals(_ r: [Range<Int>], language: Language) -> String {
        if r.isEmpty { return words(language).closedDay }
        return r.map { "\(clock($0.lowerBound))–\(clock($0.upperBound))" }.joined(separator: ", ")
    }

    /// "09:30"; 1440 is "24:00".
    public static func clock(_ minute: Int) -> String {
        PlainText.zeroPadded(minute / 60) + ":" + PlainText.zeroPadded(minute % 60)
    }

    // MARK: - Words

    struct Words {
        var open, closed, alwaysOpen, unknown, closedDay: String
        var opens, closes, tomorrow, atMidnight: String
        var at: (Int) -> String
        var onWeekday: (String) -> String
        var onDate: (_ day: Int, _ month: Int) -> String
    }

    static func words(_ language: Language) -> Words {
        switch language {
        case .fr:
            let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                          "août", "septembre", "octobre", "novembre", "décembre"]
            return Words(open: "Ouvert", closed: "Fermé", alwaysOpen: "Ouvert 24h/24",
                         unknown: "Horaires à confirmer", closedDay: "fermé",
                         opens: "ouvre", closes: "ferme", tomorrow: "demain", atMidnight: "à minuit",
                         at: { "à \(clock($0))" }, onWeekday: { $0 },
                         onDate: { d, m in "le \(d == 1 ? "1er" : String(d)) \(months[m - 1])" })
        case .en:
            let months = ["January", "February", "March", "April", "May", "June", "July",
                          "August", "September", "October", "November", "December"]
            return Words(open: "Open", closed: "Closed", alwaysOpen: "Open 24/7",
                         unknown: "Hours to be confirmed", closedDay: "closed",
                         opens: "opens", closes: "closes", tomorrow: "tomorrow", atMidnight: "at midnight",
                         at: { "at \(clock($0))" }, onWeekday: { $0 },
                         onDate: { d, m in "on \(d) \(months[m - 1])" })
        case .de:
            let months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
                          "August", "September", "Oktober", "November", "Dezember"]
            return Words(open: "Geöffnet", closed: "Geschlossen", alwaysOpen: "Rund um die Uhr geöffnet",
                         unknown: "Öffnungszeiten unbestätigt", closedDay: "geschlossen",
                         opens: "öffnet", closes: "schließt", tomorrow: "morgen", atMidnight: "um Mitternacht",
                         at: { "um \(clock($0))" }, onWeekday: { "am \($0)" },
                         onDate: { d, m in "am \(d). \(months[m - 1])" })
        case .nl:
            let months = ["januari", "februari", "maart", "april", "mei", "juni", "juli",
                          "augustus", "september", "oktober", "november", "december"]
            return Words(open: "Open", closed: "Gesloten", alwaysOpen: "24/7 open",
                         unknown: "Openingstijden onbevestigd", closedDay: "gesloten",
                         opens: "opent", closes: "sluit", tomorrow: "morgen", atMidnight: "om middernacht",
                         at: { "om \(clock($0))" }, onWeekday: { $0 },
                         onDate: { d, m in "op \(d) \(months[m - 1])" })
        case .es:
            let months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
                          "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
            return Words(open: "Abierto", closed: "Cerrado", alwaysOpen: "Abierto 24 horas",
                         unknown: "Horario por confirmar", closedDay: "cerrado",
                         opens: "abre", closes: "cierra", tomorrow: "mañana", atMidnight: "a medianoche",
                         // "a la una", "a las dos": 01:xx takes the singular.
                         at: { ($0 / 60 == 1 ? "a la " : "a las ") + clock($0) }, onWeekday: { "el \($0)" },
                         onDate: { d, m in "el \(d) de \(months[m - 1])" })
        }
    }
}
