import Foundation

/// The one command-line parser of `borne` (docs/ARCHITECTURE.md, **borne**).
///
/// A command declares what it accepts in an `ArgumentSpec`; `Arguments.parse`
/// reads the words against it:
/// - `--name VALUE` and `--name=VALUE` for every option that takes a value
///   (an empty value is refused); an option given twice is refused unless
///   it is declared repeatable;
/// - flags (`--json`), which take no value (`--json=yes` is refused);
/// - positionals, counted against the spec's range;
/// - `--` ends the options: every word after it is a positional;
/// - `-h` or `--help` anywhere before `--` asks for the help;
/// - any other word starting with `-` (but `-` alone) is an unknown option.
///
/// Every refusal is one `UsageError`, printed by `Arguments.run` as
/// `borne CMD: what\nRun \`borne CMD --help\` for the options.` with exit 64.
struct ArgumentSpec {
    /// Options that take a value, at most once: "--config FILE" (the name,
    /// then the value's placeholder used in the messages).
    var options: [String] = []
    /// Options that take a value and may be given several times ("--kiosk K").
    var repeatable: [String] = []
    /// Options without a value ("--json").
    var flags: [String] = []
    /// How many positionals.
    var positionals: ClosedRange<Int> = 0...0
    /// The positionals' placeholder for "missing NAME" ("MOUNTPOINT").
    var positionalName: String?
    /// Options that must be given (their names: "--config").
    var required: [String] = []

    static func name(_ declared: String) -> String {
        String(declared.split(separator: " ", maxSplits: 1).first ?? Substring(declared))
    }

    /// "--config FILE" for "--config", or the bare name.
    func declaration(_ name: String) -> String {
        (options + repeatable).first { Self.name($0) == name } ?? name
    }
}

/// A refused command line: what is wrong, in English and in French (the
/// office's commands speak French).
struct UsageError: Error, Equatable {
    var message: String
    var french: String

    init(_ message: String, french: String? = nil) {
        self.message = message
        self.french = french ?? message
    }

    /// A refusal written in one language only (the office's, in French).
    init(message: String) { self.init(message) }

    static func unknownOption(_ o: String) -> UsageError {
        UsageError("unknown option '\(o)'", french: "option inconnue « \(o) »")
    }
    static func needsValue(_ o: String) -> UsageError {
        UsageError("\(o) needs a value", french: "\(o) attend une valeur")
    }
    static func givenTwice(_ o: String) -> UsageError {
        UsageError("\(o) given twice", french: "\(o) donnée deux fois")
    }
    static func takesNoValue(_ o: String) -> UsageError {
        UsageError("\(o) takes no value", french: "\(o) ne prend pas de valeur")
    }
    static func missing(_ what: String) -> UsageError {
        UsageError("missing \(what)", french: "\(what) manque")
    }
    static func unexpected(_ a: String) -> UsageError {
        UsageError("unexpected argument '\(a)'", french: "argument inattendu « \(a) »")
    }
    static func count(_ range: ClosedRange<Int>, got: Int) -> UsageError {
        let want = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
        return UsageError("expected \(want) argument(s), got \(got)", french: "\(want) argument(s) attendu(s), \(got) donné(s)")
    }
}

/// What a command line gave: positionals, option values, flags.
struct Arguments {
    var positionals: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []

    /// The value of an option (the last of a repeatable one).
    func value(_ name: String) -> String? { values[name]?.last }
    /// Every value of a repeatable option, in order.
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// A positive finite number, if given.
    func positive(_ name: String) throws -> Double? {
        guard let v = value(name) else { return nil }
        guard let d = Double(v), d > 0, d.isFinite else { throw UsageError("\(name): expected a positive number, got '\(v)'") }
        return d
    }

    /// A number of bytes (0 or more), if given.
    func bytes(_ name: String) throws -> Int64? {
        guard let v = value(name) else { return nil }
        guard let n = Int64(v), n >= 0 else { throw UsageError("\(name): expected a number of bytes, got '\(v)'") }
        return n
    }

    enum Parsed {
        case help
        case arguments(Arguments)
    }

    static func parse(_ words: [String], _ spec: ArgumentSpec) throws -> Parsed {
        let valued = Set(spec.options.map(ArgumentSpec.name))
        let repeatable = Set(spec.repeatable.map(ArgumentSpec.name))
        let flags = Set(spec.flags.map(ArgumentSpec.name))
        var parsed = Arguments()
        var i = 0
        var optionsDone = false
        // -h / --help wins over any error before `--`.
        if words.prefix(while: { $0 != "--" }).contains(where: { $0 == "--help" || $0 == "-h" }) { return .help }
        while i < words.count {
            let word = words[i]
            i += 1
            if optionsDone || word == "-" || !word.hasPrefix("-") {
                parsed.positionals.append(word)
                continue
            }
            if word == "--" { optionsDone = true; continue }
            var name = word
            var inline: String?
            if word.hasPrefix("--"), let eq = word.firstIndex(of: "=") {
                name = String(word[..<eq])
                inline = String(word[word.index(after: eq)...])
            }
            if flags.contains(name) {
                guard inline == nil else { throw UsageError.takesNoValue(name) }
                parsed.flags.insert(name)
            } else if valued.contains(name) || repeatable.contains(name) {
                let value: String
                if let inline {
                    value = inline
                } else {
                    guard i < words.count else { throw UsageError.needsValue(name) }
                    value = words[i]
                    i += 1
                }
                // An empty value (`--out=`, `--out ""`) is a mistake, never "the current directory".
                guard !value.isEmpty else { throw UsageError.needsValue(name) }
                if parsed.values[name] != nil, !repeatable.contains(name) { throw UsageError.givenTwice(name) }
                parsed.values[name, default: []].append(value)
            } else {
                throw UsageError.unknownOption(name)
            }
        }
        let n = parsed.positionals.count
        if n > spec.positionals.upperBound {
            throw spec.positionals.upperBound == 0 || spec.positionalName != nil
                ? UsageError.unexpected(parsed.positionals[spec.positionals.upperBound])
                : UsageError.count(spec.positionals, got: n)
        }
        if n < spec.positionals.lowerBound {
            throw spec.positionalName.map { UsageError.missing($0) } ?? UsageError.count(spec.positionals, got: n)
        }
        if let missing = spec.required.first(where: { parsed.values[$0] == nil }) {
            throw UsageError.missing(spec.declaration(missing))
        }
        return .arguments(parsed)
    }

    /// Parses `words` for `borne COMMAND` and runs `body` with them: prints
    /// `help` for -h/--help (exit 0); prints a `UsageError` thrown by the
    /// parser or by `body` with the way to the help (exit 64).
    static func run(_ words: [String], command: String, spec: ArgumentSpec, help: String,
                    french: Bool = false, body: (Arguments) throws -> Int32) -> Int32 {
        do {
            switch try parse(words, spec) {
            case .help:
                print(help)
                return ExitCode.ok
            case .arguments(let a):
                return try body(a)
            }
        } catch let e as UsageError {
            printError(french
                ? "borne \(command) : \(e.french)\nVoir `borne \(command) --help` pour les options."
                : "borne \(command): \(e.message)\nRun `borne \(command) --help` for the options.")
            return ExitCode.usage
        } catch {
            printError("borne \(command): \(error)")
            return ExitCode.software
        }
    }
}
