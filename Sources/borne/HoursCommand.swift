import Foundation
import BorneCore
import BorneUI

/// `borne hours 'EXPR' [--at YYYY-MM-DDTHH:MM] [--json] [--lang fr|en|de|nl|es]`:
/// checks an `opening_hours` string and says whether it is open at an instant
/// (Europe/Paris local time, default now) and when that changes.
///
/// Exit codes follow sysexits.h: 0 ok, 64 usage error (EX_USAGE), 65 when the
/// expression does not parse (EX_DATAERR, the error names the position).
enum HoursCommand {
    static let usage = """
        usage: borne hours 'EXPRESSION' [--at YYYY-MM-DDTHH:MM] [--json] [--lang fr|en|de|nl|es]
                           [--geo LAT,LON] [--school-holidays FILE]

        Checks an OpenStreetMap opening_hours expression and evaluates it in
        Europe/Paris local time.

          --at TIME   the local instant to evaluate (default: now)
          --json      print {"expression", "at", "state", "next_change", "comment"}
          --lang L    language of the status line (default: fr)
          --geo LAT,LON  the place, for sunrise, sunset, dawn, dusk (default:
                      none: such values are "unreadable", as on a kiosk for
                      an item without a position)
          --school-holidays FILE  the calendar SH uses, e.g.
                      content/holidays/school-zone-a.json (default: none:
                      SH is "unreadable")
          --help      this help

        examples:
          borne hours 'Mo-Sa 09:30-12:30,14:00-18:00; PH off' --at 2020-05-08T10:00
          borne hours 'Nov 01-Jan 31 Mo-Sa 09:30-12:30,14:00-17:00; Dec 25 off' --json
          borne hours 'Dec-May: Fr-Sa 07:30-09:30'
          borne hours 'Apr-Oct: sunrise-sunset' --geo 44.9758,2.6247
          borne hours 'SH Mo-Fr 10:00-18:00' --school-holidays content/holidays/school-zone-a.json
          borne hours office2020 --at 2020-07-14T15:00    (office2020, planned2020, standard: the office's schedules)

        exit status: 0 ok, 64 usage error, 65 the expression does not parse,
        66 the --school-holidays file is missing or malformed.
        """

    static let spec = ArgumentSpec(options: ["--at TIME", "--lang L", "--geo LAT,LON", "--school-holidays FILE"],
                                   flags: ["--json"], positionals: 1...Int.max, positionalName: "the opening_hours expression")

    static func run(_ args: [String]) -> Int32 {
        Arguments.run(args, command: "hours", spec: spec, help: usage) { a in try check(a) }
    }

    static func check(_ a: Arguments) throws -> Int32 {
        guard a.positionals.count == 1 else {
            throw UsageError("give one expression, quoted ('Mo-Fr 09:00-18:00'); extra argument: \(a.positionals[1])")
        }
        let text = a.positionals[0]
        let atText = a.value("--at")
        let json = a.has("--json")
        var language = Language.fr
        var context = OpeningHours.Context()
        if let v = a.value("--geo") {
            let p = v.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard p.count == 2, let lat = p[0], let lon = p[1], (-90...90).contains(lat), (-180...180).contains(lon) else {
                throw UsageError("--geo \(v): expected LAT,LON in degrees like 44.9758,2.6247")
            }
            context.geo = GeoPoint(lat: lat, lon: lon)
        }
        if let v = a.value("--lang") {
            guard let l = Language(rawValue: v) else { throw UsageError("--lang \(v): expected one of fr, en, de, nl, es") }
            language = l
        }
        if let v = a.value("--school-holidays") {
            do {
                context.schoolHolidays = try SchoolHolidays.parse(Data(contentsOf: URL(fileURLWithPath: v)))
            } catch {
                printError("borne hours: --school-holidays \(v): \(error)")
                return ExitCode.noInput
            }
        }
        var at = Date()
        if let t = atText {
            guard let d = KioskTime.parseLocal(t) else {
                throw UsageError("--at \(t): expected a local time like 2020-05-08T10:00")
            }
            at = d
        }
        let source = named[text] ?? text
        let hours: OpeningHours
        do {
            hours = try OpeningHours(source, context: context)
        } catch let e as OpeningHoursError {
            let caret = String(repeating: " ", count: e.position) + "^"
            printError("borne hours: \(e)\n  \(source)\n  \(caret)")
            return ExitCode.dataErr
        } catch {
            printError("borne hours: \(error)")
            return ExitCode.dataErr
        }
        let s = hours.status(at: at)
        if json {
            print(jsonLine(expression: source, at: at, status: s))
        } else {
            print(textLines(status: s, at: at, language: language))
        }
        return ExitCode.ok
    }

    /// The office's schedules by name, so they can be checked without quoting.
    static let named = [
        "office2020": OfficeSchedule.office2020,
        "actual2020": OfficeSchedule.actual2020,
        "planned2020": OfficeSchedule.planned2020,
        "standard": OfficeSchedule.standard,
    ]

    static func state(_ s: OpeningStatus) -> String {
        s.isUnreadable ? "unreadable" : s.isUnknown ? "unknown" : s.isOpen ? "open" : "closed"
    }

    /// "open · ferme à 12:30", then "next change: 2020-05-08T12:30" (or "none").
    static func textLines(status s: OpeningStatus, at: Date, language: Language) -> String {
        var first = state(s)
        if s.isUnreadable {
            first += " · " + HoursText.unreadable(language)
        } else if s.nextIsUnreadable {
            first += " · unreadable from " + (s.nextChange.map(KioskTime.formatLocal) ?? "?")
        } else if let d = HoursText.detail(s, now: at, language: language) { first += " · " + d }
        var lines = [first]
        if let c = s.comment { lines.append("comment: \(c)") }
        lines.append("next change: " + (s.nextChange.map(KioskTime.formatLocal) ?? "none"))
        return lines.joined(separator: "\n")
    }

    static func jsonLine(expression: String, at: Date, status s: OpeningStatus) -> String {
        let fields: [(String, String)] = [
            ("expression", quoted(expression)),
            ("at", quoted(KioskTime.formatLocal(at))),
            ("state", quoted(state(s))),
            ("next_change", s.nextChange.map { quoted(KioskTime.formatLocal($0)) } ?? "null"),
            ("comment", s.comment.map(quoted) ?? "null"),
        ]
        return "{" + fields.map { "\(quoted($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// A JSON string literal.
    static func quoted(_ s: String) -> String { JSONString.literal(s) }
}
