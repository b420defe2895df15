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

    static func run(_ arguments: [String]) -> Int32 {
        let args = splittingEquals(arguments)
        var expression: String?
        var atText: String?
        var json = false
        var language = Language.fr
        var context = OpeningHours.Context()
        var i = 0
        var optionsDone = false
        while i < args.count {
            let a = args[i]
            if !optionsDone && a.hasPrefix("-") && a.count > 1 {
                switch a {
                case "--help", "-h":
                    print(usage)
                    return 0
                case "--json":
                    json = true
                case "--at", "--lang", "--geo", "--school-holidays":
                    guard i + 1 < args.count else { return usageError("\(a) needs a value") }
                    i += 1
                    if a == "--geo" {
                        let p = args[i].split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
                        guard p.count == 2, let lat = p[0], let lon = p[1], (-90...90).contains(lat), (-180...180).contains(lon) else {
                            return usageError("--geo \(args[i]): expected LAT,LON in degrees like 44.9758,2.6247")
                        }
                        context.geo = GeoPoint(lat: lat, lon: lon)
                    } else if a == "--school-holidays" {
                        do {
                            context.schoolHolidays = try SchoolHolidays.parse(Data(contentsOf: URL(fileURLWithPath: args[i])))
                        } catch {
                            FileHandle.standardError.write(Data("borne hours: --school-holidays \(args[i]): \(error)\n".utf8))
                            return ExitCode.noInput
                        }
                    } else if a == "--at" {
                        atText = args[i]
                    } else {
                        guard let l = Language(rawValue: args[i]) else {
                            return usageError("--lang \(args[i]): expected one of fr, en, de, nl, es")
                        }
                        language = l
                    }
                case "--":
                    optionsDone = true
                default:
                    return usageError("unknown option \(a)")
                }
            } else {
                guard expression == nil else {
                    return usageError("give one expression, quoted ('Mo-Fr 09:00-18:00'); extra argument: \(a)")
                }
                expression = a
            }
            i += 1
        }
        guard let text = expression else { return usageError("missing the opening_hours expression") }
        var at = Date()
        if let t = atText {
            guard let d = KioskTime.parseLocal(t) else {
                return usageError("--at \(t): expected a local time like 2020-05-08T10:00")
            }
            at = d
        }
        let source = named[text] ?? text
        let hours: OpeningHours
        do {
            hours = try OpeningHours(source, context: context)
        } catch let e as OpeningHoursError {
            let caret = String(repeating: " ", count: e.position) + "^"
            FileHandle.standardError.write(Data("borne hours: \(e)\n  \(source)\n  \(caret)\n".utf8))
            return 65
        } catch {
            FileHandle.standardError.write(Data("borne hours: \(error)\n".utf8))
            return 65
        }
        let s = hours.status(at: at)
        if json {
            print(jsonLine(expression: source, at: at, status: s))
        } else {
            print(textLines(status: s, at: at, language: language))
        }
        return 0
    }

    /// `--at=VALUE` and `--lang=VALUE` become two arguments (before any `--`).
    static func splittingEquals(_ args: [String]) -> [String] {
        var out: [String] = []
        var done = false
        for a in args {
            if a == "--" { done = true }
            if !done, ["--at=", "--lang=", "--geo=", "--school-holidays="].contains(where: a.hasPrefix), let eq = a.firstIndex(of: "=") {
                out += [String(a[..<eq]), String(a[a.index(after: eq)...])]
            } else {
                out.append(a)
            }
        }
        return out
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

    private static func usageError(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("borne hours: \(message)\n(borne hours --help for usage)\n".utf8))
        return 64
    }
}
