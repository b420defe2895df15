import BorneCore
import BorneOffice
import BorneStats
import BorneStick
import BorneStore
import Foundation

/// `borne office trust|ingest|report|fleet`: the office's side of the
/// statistics (docs/STATISTICS.md, "At the office"). Every subcommand takes
/// `--db FILE`, the office database (created on first use).
enum OfficeCommand {
    static let help = """
        Usage: borne office <command> [options] --db FILE

        The office's statistics: trust kiosks, ingest their batches, print the
        yearly report and the state of the fleet.

        Commands:
          trust KIOSK_ID --key FILE        trust a kiosk's stats key (DATA/keys/stats.key)
          ingest SOURCE...                 store batches and heartbeats from a collector
                                           directory, a USB stick or an http(s) autoindex
          report --year Y                  the yearly report (text, csv or html)
          fleet                            every kiosk's last contact, alerts after 48 h
          stick prepare DIR                make DIR (a stick) carry statistics: borne/ and receipts

        Run `borne office <command> --help` for its options.
        """

    struct UsageError: Error { var message: String }

    static func run(_ args: [String]) -> Int32 {
        guard let sub = args.first else { printError(help); return ExitCode.usage }
        let rest = Array(args.dropFirst())
        switch sub {
        case "trust": return OfficeTrust.run(rest)
        case "ingest": return OfficeIngestCommand.run(rest)
        case "report": return OfficeReportCommand.run(rest)
        case "fleet": return OfficeFleet.run(rest)
        case "stick": return OfficeStickCommand.run(rest)
        case "--help", "-h", "help": print(help); return ExitCode.ok
        default:
            printError("borne office : commande inconnue « \(sub) »\n\n\(help)")
            return ExitCode.usage
        }
    }

    /// Options and positional arguments, read by `Arguments` (Arguments.swift:
    /// `--name value` and `--name=value`, `--`); nil for `--help`. Refusals in French.
    static func parse(_ args: [String], options: Set<String>, repeatable: Set<String> = []) throws
        -> (values: [String: [String]], positional: [String])? {
        let spec = ArgumentSpec(options: options.sorted(), repeatable: repeatable.sorted(), positionals: 0...Int.max)
        do {
            switch try Arguments.parse(args, spec) {
            case .help: return nil
            case .arguments(let a): return (a.values, a.positionals)
            }
        } catch let e as borne.UsageError {
            throw UsageError(message: e.french)
        }
    }

    /// An error as one line of plain text: its message may quote a file
    /// name or a kiosk's text (one sanitizer for every office output).
    static func safe(_ error: Any) -> String { Sanitizer.line("\(error)") }

    /// `--now` as ISO 8601 (tests, replays), else the clock.
    static func now(_ value: String?) throws -> Date {
        guard let value else { return Date() }
        guard let ms = OfficeTime.parseISO(value) else {
            throw UsageError(message: "--now « \(value) » n'est pas une heure ISO 8601 (2020-07-14T10:00:00Z)")
        }
        return OfficeTime.date(ms: ms)
    }

    static func openStore(_ path: String, command: String) -> OfficeStore? {
        do { return try OfficeStore(path: path) } catch {
            printError("borne office \(command) : impossible d'ouvrir \(path) : \(OfficeCommand.safe(error))")
            return nil
        }
    }

    /// Runs `body` with usage errors mapped to 64 and a help text.
    static func guarded(_ command: String, _ help: String, _ body: () throws -> Int32) -> Int32 {
        do { return try body() } catch let e as UsageError {
            printError("borne office \(command) : \(e.message)\nVoir `borne office \(command) --help` pour les options.")
            return ExitCode.usage
        } catch {
            printError("borne office \(command) : \(OfficeCommand.safe(error))")
            return ExitCode.software
        }
    }
}

enum OfficeTrust {
    static let help = """
        Usage: borne office trust KIOSK_ID --key FILE --db FILE [--new-epoch]

        Registers the kiosk's statistics key, so that its batches, heartbeats and
        receipts can be verified. FILE is a copy of the kiosk's DATA/keys/stats.key
        (64 hex digits), brought to the office by hand once. Trusting a kiosk
        again with a new key (a reinstalled kiosk made a new one) opens a new key
        epoch: its numbers start again at 1, the rows of its earlier keys are kept
        and still count. Trusting the same key again changes nothing, unless
        --new-epoch: for a kiosk that numbers from 1 again under the same key
        (database and seq-floor lost), whose batches ingest refuses as colliding
        with rows already received; ingest them again afterwards.

        Exit codes: 0 trusted, 64 usage, 65 not a key, not a kiosk id, or a key of
        an earlier epoch, 66 key file missing, 74 database error.
        """

    static func run(_ args: [String]) -> Int32 {
        OfficeCommand.guarded("trust", help) {
            var args = args
            let newEpoch = args.contains("--new-epoch")
            args.removeAll { $0 == "--new-epoch" }
            guard let p = try OfficeCommand.parse(args, options: ["--key", "--db"]) else { print(help); return ExitCode.ok }
            guard p.positional.count == 1 else { throw OfficeCommand.UsageError(message: "un seul KIOSK_ID attendu, \(p.positional.count) donné(s)") }
            guard let keyPath = p.values["--key"]?.first else { throw OfficeCommand.UsageError(message: "--key FILE manque") }
            guard let dbPath = p.values["--db"]?.first else { throw OfficeCommand.UsageError(message: "--db FILE manque") }
            let kiosk = p.positional[0]
            guard KioskID.isValid(kiosk) else { printError("borne office trust : \(OfficeError.invalidKioskID(kiosk))"); return ExitCode.dataErr }
            guard FileManager.default.fileExists(atPath: keyPath) else {
                printError("borne office trust : \(keyPath) : fichier introuvable"); return ExitCode.noInput
            }
            let key: StatsKey
            do { key = try StatsKey.load(file: URL(fileURLWithPath: keyPath)) } catch {
                printError("borne office trust : \(OfficeCommand.safe(error))"); return ExitCode.dataErr
            }
            guard let store = OfficeCommand.openStore(dbPath, command: "trust") else { return ExitCode.ioErr }
            do {
                let outcome = try store.trust(kiosk: kiosk, keyHex: key.hex, newEpoch: newEpoch)
                print(message(kiosk: kiosk, fingerprint: key.fingerprint, outcome))
                return ExitCode.ok
            } catch let e as OfficeError {
                printError("borne office trust : \(OfficeCommand.safe(e))"); return ExitCode.dataErr
            } catch {
                printError("borne office trust : \(OfficeCommand.safe(error))"); return ExitCode.ioErr
            }
        }
    }
}

extension OfficeTrust {
    /// What `trust` did, in French like every office command.
    static func message(kiosk: String, fingerprint: String, _ outcome: TrustOutcome) -> String {
        switch outcome {
        case .firstKey:
            return "borne office trust : \(kiosk) approuvée, clé \(fingerprint)"
        case .sameKey(let epoch):
            return "borne office trust : \(kiosk) a déjà cette clé (\(fingerprint), époque \(epoch)) : rien n'a changé"
        case .newEpoch(let epoch):
            return "borne office trust : \(kiosk) approuvée avec une nouvelle clé \(fingerprint) : époque \(epoch). "
                + "Ses numéros de touches repartent de 1 ; les touches reçues avec ses clés précédentes sont gardées "
                + "et comptent toujours dans les rapports."
        case .restartedEpoch(let epoch):
            return "borne office trust : \(kiosk) garde sa clé \(fingerprint) et passe à l'époque \(epoch) : "
                + "ses numéros de touches repartent de 1 ; relancez `borne office ingest` pour les lots refusés."
        }
    }
}

enum OfficeIngestCommand {
    static let help = """
        Usage: borne office ingest SOURCE... --db FILE [--now T]

        Stores the kiosks' touches from each SOURCE:
          DIR             a collector root: DIR/KIOSK/*.batch and DIR/KIOSK/heartbeat.json
          MOUNT           a USB stick (MOUNT/borne/stats/KIOSK/...); a receipt is written to
                          MOUNT/borne/receipts/KIOSK.json for each kiosk found
          http(s)://...   a collector served by nginx with `autoindex on;
                          autoindex_format json;` (credentials may be in the URL)
        A file whose MAC does not verify with its kiosk's trusted key, of an unknown
        kiosk, or whose name and content disagree, is refused and reported; nothing
        of it is stored. Ingesting the same files again stores nothing twice.

        Options:
          --db FILE    the office database (created if missing)
          --now T      the office's time (ISO 8601), for replays and tests
          --help       this help

        Exit codes: 0 done (also when some files were refused: they are listed),
        64 usage, 65 a link, FIFO or device on a stick (refused by name; the rest is
        stored), 66 a source missing, 69 a collector URL unreachable, 74 database
        or receipt write error, 75 another ingest holds the database (try again).
        """

    static func run(_ args: [String]) -> Int32 {
        OfficeCommand.guarded("ingest", help) {
            guard let p = try OfficeCommand.parse(args, options: ["--db", "--now"]) else { print(help); return ExitCode.ok }
            guard !p.positional.isEmpty else { throw OfficeCommand.UsageError(message: "SOURCE manque") }
            guard let dbPath = p.values["--db"]?.first else { throw OfficeCommand.UsageError(message: "--db FILE manque") }
            let now = try OfficeCommand.now(p.values["--now"]?.first)
            guard let store = OfficeCommand.openStore(dbPath, command: "ingest") else { return ExitCode.ioErr }
            do {
                let t0 = Date()
                let report = try OfficeIngest(store: store, now: { now }).run(p.positional)
                print(report.summary(), terminator: "")
                let dt = Date().timeIntervalSince(t0)
                if report.rowsSeen > 0 {
                    print(String(format: "%.2f s, %.0f touches/s", dt, Double(report.rowsSeen) / max(dt, 1e-6)))
                }
                if let code = OfficeStickCommand.refusalCode(report) { return code }
                return ExitCode.ok
            } catch let e as OfficeError {
                printError("borne office ingest : \(OfficeCommand.safe(e))")
                switch e {
                case .noSuchSource: return ExitCode.noInput
                case .http, .badURL: return ExitCode.unavailable
                default: return ExitCode.ioErr
                }
            } catch let e as StickError {
                printError("borne office ingest : \(OfficeCommand.safe(e)) ; ce qui a été lu avant est enregistré")
                return e.isRefusal ? ExitCode.dataErr : ExitCode.ioErr
            } catch let e as SQLiteError where e.isBusy {
                printError("borne office ingest : \(OfficeCommand.safe(e)) ; une autre importation tient la base : réessayer quand elle aura fini")
                return ExitCode.tempFail
            } catch {
                printError("borne office ingest : \(OfficeCommand.safe(error))")
                return ExitCode.ioErr
            }
        }
    }
}

enum OfficeReportCommand {
    static let help = """
        Usage: borne office report --db FILE --year Y [--kiosk K]... [--format text|csv|html] [--out FILE]

        The year's statistics (Europe/Paris dates and hours): the two tables of the
        office's 2020 report — sessions and days with a session; touches per section
        (taps that open it) — then sessions by hour and month, languages, the most
        viewed items, taps inside each section, the change from the previous year
        and the rows whose clock was implausible. Kiosks are columns, all kiosks
        first. CSV: one block per table (title line, header `,all_kiosks,KIOSK,...`,
        rows), blank line between. HTML: one self-contained page with SVG charts.

        Options:
          --db FILE       the office database
          --year Y        the year (e.g. 2020)
          --kiosk K       only this kiosk (repeat for several)
          --format F      text (default), csv or html
          --out FILE      write there instead of standard output
          --help          this help

        Exit codes: 0 ok, 64 usage, 66 no database, 74 database or write error.
        """

    static func run(_ args: [String]) -> Int32 {
        OfficeCommand.guarded("report", help) {
            guard let p = try OfficeCommand.parse(args, options: ["--db", "--year", "--format", "--out"],
                                                  repeatable: ["--kiosk"]) else { print(help); return ExitCode.ok }
            guard p.positional.isEmpty else { throw OfficeCommand.UsageError(message: "argument inattendu « \(p.positional[0]) »") }
            guard let dbPath = p.values["--db"]?.first else { throw OfficeCommand.UsageError(message: "--db FILE manque") }
            guard let y = p.values["--year"]?.first, let year = Int(y), (2000...2100).contains(year) else {
                throw OfficeCommand.UsageError(message: "--year Y manque ou n'est pas une année")
            }
            let format = p.values["--format"]?.first ?? "text"
            guard ["text", "csv", "html"].contains(format) else {
                throw OfficeCommand.UsageError(message: "--format vaut text, csv ou html, pas « \(format) »")
            }
            guard FileManager.default.fileExists(atPath: dbPath) else {
                printError("borne office report : \(dbPath) : base introuvable"); return ExitCode.noInput
            }
            guard let store = OfficeCommand.openStore(dbPath, command: "report") else { return ExitCode.ioErr }
            let only = p.values["--kiosk"].map(Set.init)
            let report: OfficeReport
            do { report = try OfficeReport.build(store, year: year, only: only) } catch {
                printError("borne office report : \(OfficeCommand.safe(error))"); return ExitCode.ioErr
            }
            let text = format == "csv" ? report.csv() : format == "html" ? report.html() : report.text()
            if let out = p.values["--out"]?.first {
                do { try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
                    printError("borne office report : impossible d'écrire \(out) : \(OfficeCommand.safe(error))"); return ExitCode.ioErr
                }
            } else {
                print(text, terminator: "")
            }
            return ExitCode.ok
        }
    }
}

enum OfficeFleet {
    static let help = """
        Usage: borne office fleet --db FILE [--now T]

        Every kiosk (trusted, or heard from): last contact (Europe/Paris), how it
        came (collector, http, usb), software and content versions, rows pending,
        free disk, clock offset (kiosk minus office, from the heartbeat; not for
        USB), touch store state, touches stored and the last number. Then one line
        per problem: `ALERTE` for a kiosk silent more than 48 h or never heard
        from, `ATTENTION` for a store fault or a clock off by more than 5 min.

        Options:
          --db FILE    the office database
          --now T      the time to measure silence from (ISO 8601), default now
          --help       this help

        Exit codes: 0 (alerts are in the output), 64 usage, 66 no database, 74 database error.
        """

    static func run(_ args: [String]) -> Int32 {
        OfficeCommand.guarded("fleet", help) {
            guard let p = try OfficeCommand.parse(args, options: ["--db", "--now"]) else { print(help); return ExitCode.ok }
            guard p.positional.isEmpty else { throw OfficeCommand.UsageError(message: "argument inattendu « \(p.positional[0]) »") }
            guard let dbPath = p.values["--db"]?.first else { throw OfficeCommand.UsageError(message: "--db FILE manque") }
            let now = try OfficeCommand.now(p.values["--now"]?.first)
            guard FileManager.default.fileExists(atPath: dbPath) else {
                printError("borne office fleet : \(dbPath) : base introuvable"); return ExitCode.noInput
            }
            guard let store = OfficeCommand.openStore(dbPath, command: "fleet") else { return ExitCode.ioErr }
            do {
                print(try FleetReport.build(store, nowMs: OfficeTime.ms(now)).text(), terminator: "")
                return ExitCode.ok
            } catch {
                printError("borne office fleet : \(OfficeCommand.safe(error))"); return ExitCode.ioErr
            }
        }
    }
}
