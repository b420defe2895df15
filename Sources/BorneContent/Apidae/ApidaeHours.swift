import BorneCore

/// Turns APIDAE's `ouverture` block into an OSM `opening_hours` expression
/// the kiosk evaluates (docs/OPENING_HOURS.md), or explains why it cannot.
///
/// All or nothing: a period, an exceptional opening or a closure that cannot
/// be expressed drops the whole expression, because a partial one would call
/// the place closed (or open) on days it is not; the item then shows its
/// `periodeEnClair` text only. Every expression made is parsed by
/// `OpeningHours` before it is kept.
///
/// - each period (`periodesOuvertures`) gives one rule, and the rules are
///   joined as *additional* rules (`, `): APIDAE periods add up (two periods
///   with the same dates are the morning and the afternoon), they never
///   replace each other;
/// - `tousLesAns` periods drop the year (`Apr 01-Oct 14`); others keep it
///   (`2018 Apr 01-2018 Oct 14`);
/// - `OUVERTURE_TOUS_LES_JOURS` has no weekday selector, `OUVERTURE_SEMAINE`
///   the days of `ouverturesJournalieres`, `OUVERTURE_SAUF` the other days;
///   `OUVERTURE_MOIS` (the 1st Sunday...) is outside the kiosk's subset;
/// - times come from `horaires[].timePeriods` when present, else from
///   `horaireOuverture`–`horaireFermeture`; with an opening time only (a
///   departure, a show) or no time at all the days are `unknown` with a
///   comment ("à partir de 15:30"), except for accommodation where a day
///   without times means the place is open (its season);
/// - `complementHoraire` (French) becomes the rule's comment;
/// - exceptional openings (`ouverturesExceptionnelles`) are additional
///   rules on their dates with the period's times; exceptional closures
///   (`fermeturesExceptionnelles`: dates, `dateSpeciale` public holidays)
///   come last as `off` rules, so they win;
/// - `fermeTemporairement` gives `off "fermé temporairement"`.
enum ApidaeHours {
    struct Result: Equatable {
        var expression: String?
        /// Why there is no expression, or what was approximated.
        var notes: [String]
    }

    static func convert(_ ouverture: JSONValue?, dayLevelOpen: Bool) -> Result {
        guard let ouverture else { return Result(expression: nil, notes: []) }
        if ouverture["fermeTemporairement"]?.string == "FERME_TEMPORAIREMENT" {
            return Result(expression: "off \"fermé temporairement\"", notes: [])
        }
        let periods = ouverture["periodesOuvertures"]?.array ?? []
        let closures = ouverture["fermeturesExceptionnelles"]?.array ?? []
        guard !periods.isEmpty else {
            return Result(expression: nil, notes: closures.isEmpty ? [] : ["exceptional closures without any opening period"])
        }
        do {
            var additional: [String] = []
            for (i, period) in periods.enumerated() {
                additional += try rules(period, index: i, dayLevelOpen: dayLevelOpen)
            }
            var rules = [additional.joined(separator: ", ")]
            for (i, closure) in closures.enumerated() { rules += try closing(closure, index: i) }
            let expression = rules.joined(separator: "; ")
            do {
                _ = try OpeningHours(expression)
            } catch {
                return Result(expression: nil, notes: ["the expression made from the periods does not parse (\(error)): text only"])
            }
            return Result(expression: expression, notes: [])
        } catch let e as Unsupported {
            return Result(expression: nil, notes: [e.message + ": opening hours shown as text only"])
        } catch {
            return Result(expression: nil, notes: ["\(error)"])
        }
    }

    struct Unsupported: Error { var message: String }

    // MARK: - Periods

    private static func rules(_ p: JSONValue, index: Int, dayLevelOpen: Bool) throws -> [String] {
        let name = "periodesOuvertures[\(index)]"
        guard let start = p["dateDebut"]?.string.flatMap(LocalDate.init(iso:)),
              let end = p["dateFin"]?.string.flatMap(LocalDate.init(iso:)) else {
            throw Unsupported(message: "\(name) has no valid dateDebut/dateFin")
        }
        guard start <= end else { throw Unsupported(message: "\(name) ends (\(end)) before it starts (\(start))") }
        let yearly = p["tousLesAns"]?.bool ?? false
        let dates = yearly ? range(start, end, withYear: false) : range(start, end, withYear: true)
        let days = try weekdays(p, name: name)
        let comment = self.comment(p["complementHoraire"])

        var out: [String] = []
        // What a day of this period looks like, without its date selector.
        let dayRules: [String]
        if let horaires = p["horaires"]?.array, !horaires.isEmpty {
            dayRules = try timePeriodRules(horaires, periodDays: days, comment: comment, name: name, dayLevelOpen: dayLevelOpen)
        } else {
            dayRules = [compose([days, try times(p, comment: comment, dayLevelOpen: dayLevelOpen)])]
        }
        out += dayRules.map { compose([dates, $0]) }
        // Exceptional openings: the same hours on days outside the weekday pattern.
        let sameHours = p["horaires"]?.array?.isEmpty == false ? nil : try times(p, comment: comment, dayLevelOpen: dayLevelOpen)
        for (j, o) in (p["ouverturesExceptionnelles"]?.array ?? []).enumerated() {
            guard let day = o["dateOuverture"]?.string.flatMap(LocalDate.init(iso:)) else {
                throw Unsupported(message: "\(name).ouverturesExceptionnelles[\(j)] has no valid date")
            }
            guard let hours = sameHours else {
                throw Unsupported(message: "\(name): exceptional openings with detailed timetables")
            }
            out.append(compose([date(day, withYear: true), hours]))
        }
        return out
    }

    /// `OUVERTURE_SEMAINE` / `OUVERTURE_SAUF` days; "" for every day.
    private static func weekdays(_ p: JSONValue, name: String) throws -> String {
        let type = p["type"]?.string ?? "OUVERTURE_TOUS_LES_JOURS"
        let listed = (p["ouverturesJournalieres"]?.array ?? []).compactMap { $0["jour"]?.string }
        var set = Set<Int>()
        for jour in listed {
            if jour == "TOUS" { set.formUnion(0..<7); continue }
            guard let i = frenchDays.firstIndex(of: jour) else { throw Unsupported(message: "\(name): unknown day \(Quote.value(jour))") }
            set.insert(i)
        }
        switch type {
        case "OUVERTURE_TOUS_LES_JOURS": return ""
        case "OUVERTURE_SEMAINE": return set.isEmpty ? "" : selector(set)
        case "OUVERTURE_SAUF":
            let open = Set(0..<7).subtracting(set)
            if open.isEmpty { throw Unsupported(message: "\(name): OUVERTURE_SAUF excludes every day") }
            return selector(open)
        case "OUVERTURE_MOIS":
            throw Unsupported(message: "\(name): OUVERTURE_MOIS (days of the month such as \"1st Sunday\") is not in the kiosk's opening-hours subset")
        default:
            throw Unsupported(message: "\(name): unknown period type \(Quote.value(type))")
        }
    }

    /// The period's times and state: `09:00-18:00 "comment"`, `unknown "à partir de 15:30"`,
    /// `open` (a day without times, accommodation), `unknown` (otherwise).
    private static func times(_ p: JSONValue, comment: String?, dayLevelOpen: Bool) throws -> String {
        let open = try p["horaireOuverture"]?.string.map(time)
        let close = try p["horaireFermeture"]?.string.map(time)
        switch (open, close) {
        case let (o?, c?):
            return compose([o + "-" + (c == "00:00" ? "24:00" : c), quoted(comment)])
        case let (o?, nil):
            return compose(["unknown", quoted([comment, "à partir de \(o)"].compactMap { $0 }.joined(separator: ", "))])
        case (nil, _):
            return compose([dayLevelOpen && comment == nil ? "open" : "unknown", quoted(comment)])
        }
    }

    /// The newer `horaires[].timePeriods` model: weekdays (with `HOL`) and time frames.
    private static func timePeriodRules(_ horaires: [JSONValue], periodDays: String, comment: String?, name: String,
                                        dayLevelOpen: Bool) throws -> [String] {
        var out: [String] = []
        for h in horaires {
            for tp in h["timePeriods"]?.array ?? [] {
                let codes = (tp["weekdays"]?.array ?? []).compactMap(\.string)
                var set = Set<Int>()
                var holidays = false
                for c in codes {
                    if c == "HOL" { holidays = true; continue }
                    guard let i = englishDays.firstIndex(of: c) else { throw Unsupported(message: "\(name): unknown weekday \(Quote.value(c))") }
                    set.insert(i)
                }
                var days = set.isEmpty ? periodDays : selector(set)
                if holidays { days = days.isEmpty ? "PH" : days + ",PH" }
                if tp["closed"]?.bool == true { out.append(compose([days, "off"])); continue }
                var frames: [String] = []
                for f in tp["timeFrames"]?.array ?? [] {
                    guard let s = try f["startTime"]?.string.map(time) else { continue }
                    guard let e = try f["endTime"]?.string.map(time) else {
                        throw Unsupported(message: "\(name): a time frame with a start (\(s)) and no end")
                    }
                    frames.append(s + "-" + (e == "00:00" ? "24:00" : e))
                }
                if frames.isEmpty {
                    out.append(compose([days, dayLevelOpen && comment == nil ? "open" : "unknown", quoted(comment)]))
                } else {
                    out.append(compose([days, frames.joined(separator: ","), quoted(comment)]))
                }
            }
        }
        if out.isEmpty { throw Unsupported(message: "\(name): horaires without any time period") }
        return out
    }

    // MARK: - Closures

    private static func closing(_ c: JSONValue, index: Int) throws -> [String] {
        var out: [String] = []
        if let raw = c["dateFermeture"]?.string {
            guard let d = LocalDate(iso: raw) else { throw Unsupported(message: "fermeturesExceptionnelles[\(index)]: bad date \(Quote.value(raw))") }
            out.append(date(d, withYear: true) + " off")
        }
        for raw in (c["dates"]?.array ?? []).compactMap(\.string) {
            guard let d = LocalDate(iso: raw) else { throw Unsupported(message: "fermeturesExceptionnelles[\(index)]: bad date \(Quote.value(raw))") }
            out.append(date(d, withYear: true) + " off")
        }
        if let special = c["dateSpeciale"]?.string {
            guard let selector = specialDates[special] else {
                throw Unsupported(message: "fermeturesExceptionnelles[\(index)]: the closing day \(special) is not a French public holiday the kiosk knows")
            }
            out.append(selector + " off")
        }
        if out.isEmpty { throw Unsupported(message: "fermeturesExceptionnelles[\(index)] has no date") }
        return out
    }

    /// APIDAE's named closing days (French ones; Swiss and overseas ones are refused).
    static let specialDates: [String: String] = [
        "PREMIER_JANVIER": "Jan 01", "VENDREDI_SAINT": "easter -2 days", "LUNDI_PAQUES": "easter +1 day",
        "ASCENSION": "easter +39 days", "LUNDI_PENTECOTE": "easter +50 days", "PREMIER_MAI": "May 01",
        "HUIT_MAI": "May 08", "QUATORZE_JUILLET": "Jul 14", "QUINZE_AOUT": "Aug 15",
        "PREMIER_NOVEMBRE": "Nov 01", "ONZE_NOVEMBRE": "Nov 11", "VINGT_CINQ_DECEMBRE": "Dec 25",
    ]

    // MARK: - Pieces

    static let frenchDays = ["LUNDI", "MARDI", "MERCREDI", "JEUDI", "VENDREDI", "SAMEDI", "DIMANCHE"]
    static let englishDays = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
    static let osmDays = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Days 0 (Monday) ... 6 as `Mo-We,Fr`; "" for the whole week.
    static func selector(_ days: Set<Int>) -> String {
        if days.count == 7 { return "" }
        var parts: [String] = []
        var i = 0
        while i < 7 {
            guard days.contains(i) else { i += 1; continue }
            var j = i
            while j + 1 < 7 && days.contains(j + 1) { j += 1 }
            parts.append(j - i >= 2 ? "\(osmDays[i])-\(osmDays[j])" : (i...j).map { osmDays[$0] }.joined(separator: ","))
            i = j + 1
        }
        return parts.joined(separator: ",")
    }

    static func date(_ d: LocalDate, withYear: Bool) -> String {
        (withYear ? "\(d.year) " : "") + months[d.month - 1] + " " + (d.day < 10 ? "0" : "") + "\(d.day)"
    }

    static func range(_ a: LocalDate, _ b: LocalDate, withYear: Bool) -> String {
        a == b ? date(a, withYear: withYear) : date(a, withYear: withYear) + "-" + date(b, withYear: withYear)
    }

    /// "09:30:00" or "09:30" → "09:30".
    static func time(_ raw: String) throws -> String {
        let parts = raw.split(separator: ":")
        guard parts.count >= 2, parts.count <= 3, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m) else {
            throw Unsupported(message: "unreadable time \(Quote.value(raw))")
        }
        return String(parts[0]) + ":" + String(parts[1])
    }

    /// The French `complementHoraire`, made safe inside an OSM comment.
    static func comment(_ value: JSONValue?) -> String? {
        let text = ApidaeText.labels(value, multiline: false).french
            .replacingOccurrences(of: "\"", with: "'")
        guard !text.isEmpty else { return nil }
        return text.count > 120 ? String(text.prefix(119)) + "…" : text
    }

    static func quoted(_ comment: String?) -> String? { comment.map { "\"\($0)\"" } }

    static func compose(_ parts: [String?]) -> String {
        parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
