/// The `opening_hours` parser: a small lexer and a recursive-descent parser
/// for the supported subset. Every error names the 0-based character position
/// (counted in Characters, so "é" in a comment counts as one) and says what was
/// expected there, with an example.

/// One lexical token and the character position where it starts.
struct OHToken: Equatable {
    enum Kind: Equatable {
        case word(String)       // Mo, PH, Jan, off, easter, days...
        case number(String)     // digits, kept as text to tell 2020 from 05
        case time(Int)          // HH:MM as minutes, hours up to 48
        case dash, comma, semicolon, fallback, slash, plus, colon
        case openBracket, closeBracket, openParen, closeParen
        case comment(String)    // "..." without the quotes
        case end
    }
    var kind: Kind
    var position: Int
}

struct OpeningHoursParser {
    private let text: String
    private let chars: [Character]
    private var tokens: [OHToken] = []
    private var index = 0

    init(_ text: String) {
        self.text = text
        self.chars = Array(text)
    }

    static let weekdays = ["mo": 1, "tu": 2, "we": 3, "th": 4, "fr": 5, "sa": 6, "su": 7]
    static let months = ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
                         "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    func error(_ position: Int, _ message: String) -> OpeningHoursError {
        OpeningHoursError(expression: text, position: position, message: message)
    }

    // MARK: - Lexer

    mutating func lex() throws {
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            switch c {
            case "-", "–": tokens.append(OHToken(kind: .dash, position: i)); i += 1
            case ",": tokens.append(OHToken(kind: .comma, position: i)); i += 1
            case ";": tokens.append(OHToken(kind: .semicolon, position: i)); i += 1
            case "/": tokens.append(OHToken(kind: .slash, position: i)); i += 1
            case "+": tokens.append(OHToken(kind: .plus, position: i)); i += 1
            case "[": tokens.append(OHToken(kind: .openBracket, position: i)); i += 1
            case "]": tokens.append(OHToken(kind: .closeBracket, position: i)); i += 1
            case "(": tokens.append(OHToken(kind: .openParen, position: i)); i += 1
            case ")": tokens.append(OHToken(kind: .closeParen, position: i)); i += 1
            case ":": tokens.append(OHToken(kind: .colon, position: i)); i += 1
            case "|":
                guard i + 1 < chars.count, chars[i + 1] == "|" else {
                    throw error(i, "a single '|': the fallback separator is '||'")
                }
                tokens.append(OHToken(kind: .fallback, position: i)); i += 2
            case "\"":
                var j = i + 1
                while j < chars.count && chars[j] != "\"" { j += 1 }
                guard j < chars.count else {
                    throw error(i, "comment not closed: add the closing '\"'")
                }
                tokens.append(OHToken(kind: .comment(String(chars[(i + 1)..<j])), position: i))
                i = j + 1
            case _ where c.isASCII && c.isNumber:
                while i < chars.count && chars[i].isASCII && chars[i].isNumber { i += 1 }
                let digits = String(chars[start..<i])
                // "Dec 25: off": a colon after a day, not a time.
                let timeFollows = i + 1 < chars.count && chars[i + 1].isASCII && chars[i + 1].isNumber
                if i < chars.count && chars[i] == ":" && timeFollows {
                    var j = i + 1
                    while j < chars.count && chars[j].isASCII && chars[j].isNumber { j += 1 }
                    let minutes = String(chars[(i + 1)..<j])
                    guard digits.count <= 2, minutes.count == 2, let h = Int(digits), let m = Int(minutes) else {
                        throw error(start, "expected a time like 09:30")
                    }
                    guard m < 60 else { throw error(i + 1, "minutes must be 00 to 59 in a time like 09:30") }
                    guard h <= 48 else { throw error(start, "hour \(h) is out of range: expected a time like 09:30") }
                    tokens.append(OHToken(kind: .time(h * 60 + m), position: start))
                    i = j
                } else {
                    tokens.append(OHToken(kind: .number(digits), position: start))
                }
            case _ where c.isLetter:
                while i < chars.count && chars[i].isLetter { i += 1 }
                tokens.append(OHToken(kind: .word(String(chars[start..<i])), position: start))
            default:
                throw error(i, "unexpected character '\(c)'")
            }
        }
        tokens.append(OHToken(kind: .end, position: chars.count))
    }

    // MARK: - Token helpers

    private var peek: OHToken { tokens[index] }
    private func peek(_ ahead: Int) -> OHToken { tokens[min(index + ahead, tokens.count - 1)] }
    private mutating func advance() -> OHToken { let t = tokens[index]; if index < tokens.count - 1 { index += 1 }; return t }

    private static func word(_ t: OHToken) -> String? {
        if case let .word(w) = t.kind { return w.lowercased() }
        return nil
    }
    private static func isWeekdayStart(_ t: OHToken) -> Bool {
        guard let w = word(t) else { return false }
        return weekdays[w] != nil || w == "ph" || w == "sh"
    }
    private static func isMonth(_ t: OHToken) -> Bool { word(t).flatMap { months[$0] } != nil }
    private static func isYear(_ t: OHToken) -> Bool {
        if case let .number(d) = t.kind { return d.count == 4 }
        return false
    }
    private static func isDateStart(_ t: OHToken) -> Bool { isYear(t) || isMonth(t) || word(t) == "easter" }
    private static func isWideStart(_ t: OHToken) -> Bool { isDateStart(t) || word(t) == "week" }
    static let sunEvents: [String: SolarTimes.Event] = ["sunrise": .sunrise, "sunset": .sunset, "dawn": .dawn, "dusk": .dusk]
    private static func isTimeStart(_ t: OHToken) -> Bool {
        isTime(t) || t.kind == .openParen || word(t).map { sunEvents[$0] != nil } == true
    }
    private static func isTime(_ t: OHToken) -> Bool { if case .time = t.kind { return true }; return false }

    // MARK: - Expression and rules

    mutating func parse() throws -> [Rule] {
        try lex()
        var rules: [Rule] = []
        var op = RuleOperator.normal
        while true {
            if peek.kind == .end {
                if rules.isEmpty {
                    throw error(peek.position, "empty expression: expected a rule like Mo-Fr 09:00-18:00")
                }
                if op != .normal {  // a trailing "," or "||"
                    throw error(peek.position, "expected a rule after the separator")
                }
                break  // a trailing ";" is tolerated
            }
            var rule = try parseRule()
            rule.op = op
            rules.append(rule)
            let sep = advance()
            switch sep.kind {
            case .end: return rules
            case .semicolon: op = .normal
            case .fallback: op = .fallback
            case .comma: op = .additional
            default: throw unexpected(sep)
            }
        }
        return rules
    }

    /// Describes an unexpected token with what could have been there.
    private func unexpected(_ t: OHToken) -> OpeningHoursError {
        let expected = "expected ';' between rules, or a weekday (Mo-Su), PH, a month (Jan-Dec), a time like 09:30, off or a \"comment\""
        switch t.kind {
        case .word(let w):
            let lw = w.lowercased()
            if Self.sunEvents[lw] != nil {
                return error(t.position, "'\(w)' is out of order: times come after the days (Mo-Fr sunrise-sunset)")
            }
            if ["open", "closed", "off", "unknown"].contains(lw) {
                return error(t.position, "'\(w)' must come after the days and times of its rule")
            }
            if lw == "week" {
                return error(t.position, "'week' is out of order: write years, dates, then week numbers, then weekdays (Jul week 27-30 Mo-Fr 09:00-12:00)")
            }
            if Self.isWeekdayStart(t) || Self.isMonth(t) {
                return error(t.position, "'\(w)' is out of order: write dates, then weekdays, then times (Jul 13-Aug 22 Mo-Sa 09:30-12:30)")
            }
            return error(t.position, "unknown word '\(w)': \(expected)")
        case .number(let d):
            return error(t.position, "'\(d)': expected a time like 09:30")
        case .time:
            return error(t.position, "unexpected time: \(expected)")
        case .comment:
            return error(t.position, "unexpected comment: a rule has at most one \"comment\", at its end")
        case .end:
            return error(t.position, "unexpected end of expression")
        case .openBracket, .closeBracket:
            return error(t.position, "'[' ']' only follow a weekday: Su[1], Mo[-1], We[1,3]")
        case .colon:
            return error(t.position, "':' only follows dates or weeks, before the weekdays (Dec-May: Fr-Sa 07:30-09:30)")
        case .openParen, .closeParen:
            return error(t.position, "'(' ')' only surround a sun time with an offset: (sunset-00:30)")
        case .semicolon, .comma, .fallback:
            return error(t.position, "empty rule: expected a rule like Mo-Fr 09:00-18:00 before this separator")
        case .plus:
            return error(t.position, "'+' only follows a time (open end, 18:00+) or starts an offset (easter +1 day)")
        default:
            return error(t.position, expected)
        }
    }

    private mutating func parseRule() throws -> Rule {
        var rule = Rule()
        var spans: [TimeSpan] = []
        var selected = false
        var modifier = false

        if case .number("24") = peek.kind, peek(1).kind == .slash, case .number("7") = peek(2).kind {
            _ = advance(); _ = advance(); _ = advance()
            spans = [TimeSpan(start: .fixed(0), end: .fixed(1440))]
            rule.hasTimes = true
            selected = true
        } else {
            if Self.isDateStart(peek) {
                try parseWideRanges(into: &rule)
                selected = true
            }
            if Self.word(peek) == "week" {
                try parseWeeks(into: &rule)
                selected = true
            }
            if selected && peek.kind == .colon { _ = advance() }  // "Dec-May: Fr-Sa 07:30-09:30"
            if Self.isWeekdayStart(peek) {
                rule.weekdays = try parseWeekdays()
                selected = true
            }
            if Self.isTimeStart(peek) {
                spans = try parseTimes()
                rule.hasTimes = true
                selected = true
            }
        }
        if let w = Self.word(peek), ["open", "closed", "off", "unknown"].contains(w) {
            _ = advance()
            rule.kind = w == "open" ? .open : w == "unknown" ? .unknown : .closed
            modifier = true
        }
        if case let .comment(c) = peek.kind {
            _ = advance()
            rule.comment = c
            // A rule that is only a comment says nothing about the state:
            // unknown, as opening_hours.js reads it.
            if !selected && !modifier { rule.kind = .unknown }
        } else if !selected && !modifier {
            throw unexpected(peek)
        }
        // After a rule: the end or a separator. "," was already taken by any
        // list that it could continue.
        switch peek.kind {
        case .end, .semicolon, .fallback, .comma: break
        default:
            if Self.isTimeStart(peek) && (rule.hasTimes || modifier) {
                throw error(peek.position, "times must come before off/open and the comment, separated by ','")
            }
            throw unexpected(peek)
        }
        rule.setSpans(spans)
        return rule
    }

    // MARK: - Dates and years

    /// Years (`2024-2026`), then dates (`Apr-Oct`), either list alone, or
    /// both separated by a space (`2024-2026 Apr-Oct`).
    private mutating func parseWideRanges(into rule: inout Rule) throws {
        var sawYears = false
        repeat {
            if Self.isYear(peek) && !Self.isMonth(peek(1)) && Self.word(peek(1)) != "easter" {
                rule.years.append(try parseYearRange())
                sawYears = true
            } else {
                rule.dates.append(try parseDateRange())
            }
        } while try continuesList(Self.isDateStart)
        if sawYears && rule.dates.isEmpty && (Self.isMonth(peek) || Self.word(peek) == "easter") {
            repeat {
                rule.dates.append(try parseDateRange())
            } while try continuesList(Self.isDateStart)
        }
    }

    /// Takes a "," when the token after it continues the same list.
    private mutating func continuesList(_ accepts: (OHToken) -> Bool) throws -> Bool {
        guard peek.kind == .comma, accepts(peek(1)) else { return false }
        _ = advance()
        return true
    }

    private mutating func parseYear() throws -> Int {
        let t = advance()
        guard case let .number(d) = t.kind, d.count == 4, let y = Int(d), (1900...9999).contains(y) else {
            throw error(t.position, "expected a year like 2020")
        }
        return y
    }

    private mutating func parseYearRange() throws -> ClosedRange<Int> {
        let start = peek.position
        let from = try parseYear()
        guard peek.kind == .dash, Self.isYear(peek(1)) else { return from...from }
        _ = advance()
        let to = try parseYear()
        guard to >= from else { throw error(start, "year range \(from)-\(to) ends before it starts") }
        return from...to
    }

    private mutating func parseDateRange() throws -> DateRange {
        let start = try parseDatePoint(year: Self.isYear(peek) ? parseYear() : nil)
        guard peek.kind == .dash else { return DateRange(start: start, end: start) }
        let dash = advance()
        let end: DatePoint
        if case let .number(d) = peek.kind, d.count <= 2, case let .monthDay(month, day?) = start.base {
            // "Dec 24-26": a day of the start's month.
            let t = advance()
            let n = Int(d)!
            guard n >= 1, n <= LocalDate.daysIn(month: month, year: 2020) else {
                throw error(t.position, "day \(n) is not a day of \(Self.monthNames[month - 1])")
            }
            guard n >= day else { throw error(t.position, "day range \(day)-\(n) ends before it starts") }
            end = DatePoint(year: start.year, base: .monthDay(month: month, day: n))
        } else if Self.isYear(peek) {
            guard start.year != nil else {
                throw error(peek.position, "give the year at the start of the range too (2020 Mar 17-2020 Jun 02)")
            }
            end = try parseDatePoint(year: parseYear())
        } else if Self.isMonth(peek) || Self.word(peek) == "easter" {
            end = try parseDatePoint(year: nil)
        } else {
            throw error(peek.position, "expected a month or a date after '-' (like Jul 13-Aug 22)")
        }
        if let sy = start.year, let ey = end.year,
           end.key(year: ey, isEnd: true) < start.key(year: sy, isEnd: false) {
            throw error(dash.position, "date range ends before it starts")
        }
        return DateRange(start: start, end: end)
    }

    /// `Jan`, `Jan 05`, `easter`, `easter +39 days`, `easter -2 days`.
    private mutating func parseDatePoint(year: Int?) throws -> DatePoint {
        let t = advance()
        if Self.word(t) == "easter" {
            var offset = 0
            if peek.kind == .plus || peek.kind == .dash, case let .number(d) = peek(1).kind,
               let w = Self.word(peek(2)), w == "day" || w == "days" {
                let sign = advance().kind == .plus ? 1 : -1
                _ = advance(); _ = advance()
                guard let n = Int(d), n <= 366 else { throw error(t.position, "easter offset is too large") }
                offset = sign * n
            }
            return DatePoint(year: year, base: .easter(offsetDays: offset))
        }
        guard let w = Self.word(t), let month = Self.months[w] else {
            throw error(t.position, "expected a month (Jan, Feb, ... Dec) or easter")
        }
        if case let .number(d) = peek.kind, d.count <= 2 {
            let dt = advance()
            let n = Int(d)!
            guard n >= 1, n <= LocalDate.daysIn(month: month, year: year ?? 2020) else {
                throw error(dt.position, "day \(n) is not a day of \(Self.monthNames[month - 1])\(year.map { " \($0)" } ?? "")")
            }
            return DatePoint(year: year, base: .monthDay(month: month, day: n))
        }
        return DatePoint(year: year, base: .monthDay(month: month, day: nil))
    }

    // MARK: - Weeks

    /// `week 01-10`, `week 02-52/2`, `week 01,05,10-12`: ISO week numbers.
    private mutating func parseWeeks(into rule: inout Rule) throws {
        _ = advance()  // "week"
        func weekNumber() throws -> Int {
            let t = advance()
            guard case let .number(d) = t.kind, let n = Int(d), (1...53).contains(n) else {
                throw error(t.position, "expected a week number 01 to 53 (week 01-10)")
            }
            return n
        }
        repeat {
            let from = try weekNumber()
            var range = WeekRange(from: from, to: from)
            if peek.kind == .dash {
                _ = advance()
                range.to = try weekNumber()
                if peek.kind == .slash {
                    _ = advance()
                    let t = advance()
                    guard case let .number(d) = t.kind, let n = Int(d), (1...52).contains(n) else {
                        throw error(t.position, "expected a step 1 to 52 after '/' (week 02-52/2)")
                    }
                    range.step = n
                }
            }
            rule.weeks.append(range)
        } while try continuesList { if case .number = $0.kind { return true }; return false }
    }

    // MARK: - Weekdays

    /// A holiday list (`PH`, `SH`, `PH,SH`), then a weekday list (`Mo-Fr`,
    /// `Su[-1]`); the two joined by ',' are a union (`Su,PH`), by a space an
    /// intersection (`SH Mo-Fr`).
    private mutating func parseWeekdays() throws -> WeekdaySelector {
        var sel = WeekdaySelector()
        var sawWeekday = false, sawHoliday = false
        repeat {
            let t = advance()
            let w = Self.word(t)!
            if w == "ph" || w == "sh" {
                if w == "ph" { sel.holidays = true } else { sel.schoolHolidays = true }
                sawHoliday = true
                if peek.kind == .openBracket || peek.kind == .plus || (peek.kind == .dash && Self.word(peek(1)) == nil) {
                    throw error(peek.position, "\(w.uppercased()) with an offset (PH +1 day) is not supported")
                }
            } else {
                try parseWeekday(t, into: &sel)
                sawWeekday = true
            }
        } while try continuesList(Self.isWeekdayStart)
        if Self.isWeekdayStart(peek) {
            // "SH Mo-Fr": holidays, then weekdays, separated by a space.
            guard sawHoliday && !sawWeekday else {
                throw error(peek.position, "write the holidays first, then the weekdays: 'SH Mo-Fr' (both), 'Mo-Fr,SH' (either)")
            }
            sel.intersect = true
            repeat {
                let t = advance()
                guard let w = Self.word(t), Self.weekdays[w] != nil else {
                    throw error(t.position, "expected a weekday (Mo-Su) after the holidays")
                }
                try parseWeekday(t, into: &sel)
            } while try continuesList { Self.word($0).map { Self.weekdays[$0] != nil } == true }
        }
        return sel
    }

    /// `Mo`, `Sa-Mo` (ranges may wrap), `Su[1]`, `Su[-1]`, `We[1,3]`,
    /// `Sa[2-3]`, `Su[-1] +1 day`.
    private mutating func parseWeekday(_ t: OHToken, into sel: inout WeekdaySelector) throws {
        let from = Self.weekdays[Self.word(t)!]!
        if peek.kind == .openBracket {
            _ = advance()
            var which: UInt16 = 0
            func nth() throws -> Int {
                var sign = 1
                if peek.kind == .dash { _ = advance(); sign = -1 }
                let n = advance()
                guard case let .number(d) = n.kind, let v = Int(d), (1...5).contains(v) else {
                    throw error(n.position, "expected 1 to 5 or -1 to -5 in [ ] (Su[1], Mo[-1])")
                }
                return sign * v
            }
            repeat {
                let a = try nth()
                var b = a
                if peek.kind == .dash, case .number = peek(1).kind, a > 0 {
                    _ = advance(); b = try nth()
                    guard b >= a else { throw error(peek.position, "nth range [\(a)-\(b)] ends before it starts") }
                }
                for v in a...b { which |= v > 0 ? 1 << UInt16(v) : 1 << UInt16(8 - v) }
            } while peek.kind == .comma ? { _ = advance(); return true }() : false
            let close = advance()
            guard close.kind == .closeBracket else { throw error(close.position, "expected ']' (Su[1])") }
            var offset = 0
            if peek.kind == .plus || peek.kind == .dash, case let .number(d) = peek(1).kind,
               let w = Self.word(peek(2)), w == "day" || w == "days" {
                let sign = advance().kind == .plus ? 1 : -1
                _ = advance(); _ = advance()
                guard let n = Int(d), n <= 31 else { throw error(peek.position, "day offset is too large") }
                offset = sign * n
            }
            sel.nth.append(NthWeekday(weekday: from, which: which, offsetDays: offset))
            return
        }
        var to = from
        if peek.kind == .dash {
            _ = advance()
            let e = advance()
            guard let ew = Self.word(e), let n = Self.weekdays[ew] else {
                throw error(e.position, "expected a weekday (Mo, Tu, We, Th, Fr, Sa, Su) after '-'")
            }
            to = n
        }
        var d = from  // ranges may wrap: Sa-Mo
        while true {
            sel.mask |= 1 << UInt8(d)
            if d == to { break }
            d = d % 7 + 1
        }
    }

    // MARK: - Times

    /// `09:30`, `sunrise`, `(sunset-00:30)`.
    private mutating func parseTime(closing: Bool) throws -> TimeSpec {
        let t = advance()
        switch t.kind {
        case let .time(m):
            return .fixed(m)
        case let .word(w):
            guard let e = Self.sunEvents[w.lowercased()] else { break }
            return .sun(e, offset: 0)
        case .openParen:
            let ev = advance()
            guard let w = Self.word(ev), let e = Self.sunEvents[w] else {
                throw error(ev.position, "expected sunrise, sunset, dawn or dusk after '(' ((sunset-00:30))")
            }
            let sign = advance()
            guard sign.kind == .plus || sign.kind == .dash else {
                throw error(sign.position, "expected '+' or '-' and an offset like 00:30 ((sunset-00:30))")
            }
            let o = advance()
            guard case let .time(m) = o.kind, m < 1440 else {
                throw error(o.position, "expected an offset like 00:30 ((sunset-00:30))")
            }
            let close = advance()
            guard close.kind == .closeParen else { throw error(close.position, "expected ')'") }
            return .sun(e, offset: sign.kind == .plus ? m : -m)
        default:
            break
        }
        throw error(t.position, closing ? "expected a closing time like 18:00 or sunset" : "expected a time like 09:30 or sunrise")
    }

    private mutating func parseTimes() throws -> [TimeSpan] {
        var spans: [TimeSpan] = []
        repeat {
            let startPosition = peek.position
            let from = try parseTime(closing: false)
            if let m = from.fixedMinute, m >= 1440 {
                throw error(startPosition, "an opening time must be before 24:00")
            }
            if peek.kind == .plus {  // "18:00+": open end
                _ = advance()
                spans.append(TimeSpan(start: from, end: nil, openEnd: true))
                continue
            }
            guard peek.kind == .dash else {
                throw error(peek.position, "expected '-' and a closing time after the opening time (09:30-12:30), or '+' for an open end")
            }
            _ = advance()
            let endPosition = peek.position
            let to = try parseTime(closing: true)
            if let a = from.fixedMinute, let b = to.fixedMinute {
                guard a != b else { throw error(endPosition, "the time span is empty: closing time equals opening time") }
                let end = b > a ? b : b + 1440
                guard end <= 2880 else { throw error(endPosition, "closing time is more than a day after opening") }
            }
            spans.append(TimeSpan(start: from, end: to))
            if peek.kind == .slash {  // "10:00-16:00/01:30": repeated points, read as the span
                _ = advance()
                let p = advance()
                guard case .time = p.kind else { throw error(p.position, "expected a period like 01:30 after '/'") }
            }
            if peek.kind == .plus {  // "10:00-18:00+": open end after the closing time
                _ = advance()
                spans.append(TimeSpan(start: to, end: nil, openEnd: true))
            }
        } while try continuesList(Self.isTimeStart)
        return spans
    }
}
