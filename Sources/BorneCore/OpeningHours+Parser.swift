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
        case dash, comma, semicolon, fallback, slash, plus, bracket
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
            case "[", "]": tokens.append(OHToken(kind: .bracket, position: i)); i += 1
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
                if i < chars.count && chars[i] == ":" {
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
            if ["sunrise", "sunset", "dawn", "dusk"].contains(lw) {
                return error(t.position, "'\(w)': sun-relative times are not supported, give a time like 09:30")
            }
            if ["open", "closed", "off", "unknown"].contains(lw) {
                return error(t.position, "'\(w)' must come after the days and times of its rule")
            }
            if lw == "week" { return error(t.position, "week numbers are not supported") }
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
        case .bracket:
            return error(t.position, "'[' (nth weekday like Su[1]) is not supported")
        case .semicolon, .comma, .fallback:
            return error(t.position, "empty rule: expected a rule like Mo-Fr 09:00-18:00 before this separator")
        case .plus:
            return error(t.position, "open end '+' (like 18:00+) is not supported: give a closing time")
        default:
            return error(t.position, expected)
        }
    }

    private mutating func parseRule() throws -> Rule {
        var rule = Rule()
        var spans: [Range<Int>] = []
        var selected = false
        var modifier = false

        if case .number("24") = peek.kind, peek(1).kind == .slash, case .number("7") = peek(2).kind {
            _ = advance(); _ = advance(); _ = advance()
            spans = [0..<1440]
            rule.hasTimes = true
            selected = true
        } else {
            if Self.isDateStart(peek) {
                try parseWideRanges(into: &rule)
                selected = true
            }
            if Self.isWeekdayStart(peek) {
                rule.weekdays = try parseWeekdays()
                selected = true
            }
            if Self.isTime(peek) {
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
            if Self.isTime(peek) && (rule.hasTimes || modifier) {
                throw error(peek.position, "times must come before off/open and the comment, separated by ','")
            }
            throw unexpected(peek)
        }
        rule.setSpans(spans)
        return rule
    }

    // MARK: - Dates and years

    private mutating func parseWideRanges(into rule: inout Rule) throws {
        repeat {
            if Self.isYear(peek) && !Self.isMonth(peek(1)) && Self.word(peek(1)) != "easter" {
                rule.years.append(try parseYearRange())
            } else {
                rule.dates.append(try parseDateRange())
            }
        } while try continuesList(Self.isDateStart)
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

    // MARK: - Weekdays

    private mutating func parseWeekdays() throws -> WeekdaySelector {
        var sel = WeekdaySelector()
        repeat {
            let t = advance()
            let w = Self.word(t)!
            if w == "ph" {
                sel.holidays = true
                if peek.kind == .bracket || peek.kind == .plus || peek.kind == .dash {
                    throw error(peek.position, "PH with an offset is not supported")
                }
            } else if w == "sh" {
                throw error(t.position, "school holidays (SH) are not supported")
            } else {
                let from = Self.weekdays[w]!
                var to = from
                if peek.kind == .bracket {
                    throw error(peek.position, "nth weekday (like Su[1]) is not supported")
                }
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
        } while try continuesList(Self.isWeekdayStart)
        if Self.isWeekdayStart(peek) {
            throw error(peek.position, "write weekdays and PH as one list separated by ',' (Su,PH); 'PH Mo' is not supported")
        }
        return sel
    }

    // MARK: - Times

    private mutating func parseTimes() throws -> [Range<Int>] {
        var spans: [Range<Int>] = []
        repeat {
            let t = advance()
            guard case let .time(from) = t.kind else { throw error(t.position, "expected a time like 09:30") }
            guard from < 1440 else { throw error(t.position, "an opening time must be before 24:00") }
            if peek.kind == .plus {
                throw error(peek.position, "open end '+' (like 18:00+) is not supported: give a closing time")
            }
            guard peek.kind == .dash else {
                throw error(peek.position, "expected '-' and a closing time after the opening time (09:30-12:30)")
            }
            _ = advance()
            let e = advance()
            guard case let .time(to) = e.kind else {
                throw error(e.position, "expected a closing time like 18:00")
            }
            guard to != from else { throw error(e.position, "the time span is empty: closing time equals opening time") }
            // A closing time earlier than the opening runs past midnight.
            let end = to > from ? to : to + 1440
            guard end <= 2880 else { throw error(e.position, "closing time is more than a day after opening") }
            spans.append(from..<end)
        } while try continuesList(Self.isTime)
        return spans
    }
}
