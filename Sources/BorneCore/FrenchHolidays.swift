/// French public holidays (jours fériés) of metropolitan France, for any
/// Gregorian year: the eleven national ones, with their French names.
///
/// Alsace-Moselle's extra days (Good Friday, 26 December) are not included:
/// the Carladès is in Cantal. Pure arithmetic, no calendar or clock.
public enum FrenchHolidays {
    /// One public holiday: its day and its French name ("Lundi de Pâques").
    public struct Holiday: Equatable, Hashable, Sendable, CustomStringConvertible {
        public var date: LocalDate
        public var name: String
        public init(date: LocalDate, name: String) {
            self.date = date; self.name = name
        }
        public var description: String { "\(date) \(name)" }
    }

    /// Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm
    /// (Meeus/Jones/Butcher).
    public static func easterSunday(year: Int) -> LocalDate {
        let a = year % 19
        let b = year / 100, c = year % 100
        let d = b / 4, e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(year: year, month: month, day: day)
    }

    /// The year's eleven public holidays, in date order.
    public static func holidays(year: Int) -> [Holiday] {
        let easter = easterSunday(year: year)
        func fixed(_ m: Int, _ d: Int, _ name: String) -> Holiday {
            Holiday(date: LocalDate(year: year, month: m, day: d), name: name)
        }
        func fromEaster(_ days: Int, _ name: String) -> Holiday {
            Holiday(date: easter.adding(days: days), name: name)
        }
        let all = [
            fixed(1, 1, "Jour de l'An"),
            fromEaster(1, "Lundi de Pâques"),
            fixed(5, 1, "Fête du Travail"),
            fixed(5, 8, "Victoire 1945"),
            fromEaster(39, "Ascension"),
            fromEaster(50, "Lundi de Pentecôte"),
            fixed(7, 14, "Fête nationale"),
            fixed(8, 15, "Assomption"),
            fixed(11, 1, "Toussaint"),
            fixed(11, 11, "Armistice 1918"),
            fixed(12, 25, "Noël"),
        ]
        // Ascension can fall on 1 May or 8 May (e.g. 2008: 1 May): keep both
        // entries, they are distinct holidays; sorting keeps date order.
        return all.sorted { $0.date < $1.date }
    }

    /// Whether a day is a French public holiday. Called for every rule with
    /// `PH` on every evaluated day, so it avoids building the year's list.
    public static func isHoliday(_ day: LocalDate) -> Bool {
        switch (day.month, day.day) {
        case (1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25):
            return true
        default:
            break
        }
        // Easter Monday (earliest 23 Mar) to Whit Monday (latest 14 Jun).
        guard (3...6).contains(day.month) else { return false }
        let offset = day.dayNumber - easterSunday(year: day.year).dayNumber
        return offset == 1 || offset == 39 || offset == 50
    }

    /// The French name of the holiday on that day, nil on an ordinary day.
    /// When two holidays coincide (Ascension on 1 May) the names are joined.
    public static func name(of day: LocalDate) -> String? {
        let names = holidays(year: day.year).filter { $0.date == day }.map(\.name)
        return names.isEmpty ? nil : names.joined(separator: " et ")
    }
}
