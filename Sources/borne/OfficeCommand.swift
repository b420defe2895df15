import BorneContent
import BorneCore
import BorneOffice
import Foundation

/// `borne office trust|ingest|report|fleet`: the office's side of the
/// statistics (docs/STATISTICS.md, "At the office"). Every subcommand takes
/// `--db FILE`, the office database (created on first use).
enum OfficeCommand {
    /// The subcommands, once: the usage and `borne office help SUB` are made from this table.
    static let group = CommandGroup(
        path: "office",
        intro: """
            Usage : borne office <commande> [options] --db FILE

            Les statistiques de l'office : approuver les bornes, importer leurs lots,
            le rapport d'une période et l'état du parc. FILE est la base de l'office
            (créée au premier usage). Toutes les commandes répondent en français.
            """,
        heading: "Commandes :",
        outro: "Voir `borne office <commande> --help` pour ses options.",
        commands: [
            BorneCommand(name: "trust", synopsis: "KIOSK_ID --key FILE",
                         summary: "approuver la clé de statistiques d'une borne (DATA/keys/stats.key)",
                         help: OfficeTrust.help, run: { OfficeTrust.run($0) }),
            BorneCommand(name: "ingest", synopsis: "SOURCE...",
                         summary: "enregistrer les lots d'un collecteur, d'une clé USB ou d'une URL",
                         help: OfficeIngestCommand.help, run: { OfficeIngestCommand.run($0) }),
            BorneCommand(name: "report", synopsis: "--year Y | --month M | --from J --to J | --season S --year Y",
                         summary: "le rapport d'une période (text, csv, html ou pdf)",
                         help: OfficeReportCommand.help, run: { OfficeReportCommand.run($0) }),
            BorneCommand(name: "fleet", summary: "le dernier contact de chaque borne, alertes après 48 h",
                         help: OfficeFleet.help, run: { OfficeFleet.run($0) }),
            BorneCommand(group: OfficeStickCommand.group, synopsis: "prepare DIR",
                         summary: "préparer une clé USB (DIR) pour les statistiques : borne/ et les reçus"),
        ],
        french: true)

    static var help: String { group.usage }

    static func run(_ args: [String]) -> Int32 { group.run(args) }

    /// The one `UsageError` (Arguments.swift); the office's refusals are in French.
    typealias UsageError = borne.UsageError

    /// Options and positional arguments, read by `Arguments` (Arguments.swift:
    /// `--name value` and `--name=value`, `--`); nil for `--help`. Refusals in French.
    static func parse(_ args: [String], options: Set<String>, repeatable: Set<String> = [], flags: Set<String> = []) throws
        -> (values: [String: [String]], positional: [String], flags: Set<String>)? {
        let spec = ArgumentSpec(options: options.sorted(), repeatable: repeatable.sorted(), flags: flags.sorted(),
                                positionals: 0...Int.max)
        switch try Arguments.parse(args, spec) {
        case .help: return nil
        case .arguments(let a): return (a.values, a.positionals, a.flags)
        }
    }

    /// An error as one line of plain text: its message may quote a file
    /// name or a kiosk's text (one sanitizer for every office output).
    static func safe(_ error: Any) -> String { Sanitizer.line("\(error)") }

    /// `--lang fr|en` (default fr): the language of a report or of the fleet.
    static func language(_ value: String?) throws -> ReportLanguage {
        guard let language = ReportLanguage(rawValue: value ?? "fr") else {
            throw UsageError(message: "--lang vaut fr ou en, pas « \(value ?? "") »")
        }
        return language
    }

    /// `--now` as ISO 8601 (tests, replays), else the clock.
    static func now(_ value: String?) throws -> Date {
        guard let value else { return Date() }
        guard let ms = UTCTime.parseISO(value) else {
            throw UsageError(message: "--now « \(value) » n'est pas une heure ISO 8601 (2020-07-14T10:00:00Z)")
        }
        return UTCTime.date(ms: ms)
    }

    static func openStore(_ path: String, command: String) -> OfficeStore? {
        do { return try OfficeStore(path: path) } catch {
            printError("borne office \(command) : impossible d'ouvrir \(path) : \(OfficeCommand.safe(error))")
            return nil
        }
    }

    /// Where the office finds the kiosks' configurations when not told: the
    /// package's copy (the .deb installs `kiosk-config/*.json` there).
    static let packagedKioskConfig = "/usr/share/borne/kiosk-config"

    /// The kiosks' names, from their configurations' `name` (`--kiosk-config
    /// DIR`; by default `kiosk-config/` here, else the package's). Nil when an
    /// explicit directory is missing (said on stderr: exit 66). Without any
    /// directory, or for a configuration that does not load (said on
    /// stderr), the kiosks go by their id, and the report notes it.
    static func kioskNames(_ explicit: String?, command: String) -> KioskNames? {
        func isDirectory(_ path: String) -> Bool {
            var d: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &d) && d.boolValue
        }
        let dir: String
        if let explicit {
            guard isDirectory(explicit) else {
                printError("borne office \(command) : \(explicit) : dossier des configurations des bornes introuvable (--kiosk-config)")
                return nil
            }
            dir = explicit
        } else if let found = ["kiosk-config", packagedKioskConfig].first(where: isDirectory) {
            dir = found
        } else {
            // Said where it matters: the report's note, the fleet's lines ("absente des configurations").
            return KioskNames.none
        }
        let (names, problems) = KioskNames.load(directory: URL(fileURLWithPath: dir))
        for p in problems {
            printError("borne office \(command) : configuration illisible, sa borne est nommée par son identifiant : \(OfficeCommand.safe(p))")
        }
        return names
    }

    /// Runs `body` with usage errors mapped to 64 and a help text.
    static func guarded(_ command: String, _ help: String, _ body: () throws -> Int32) -> Int32 {
        do { return try body() } catch let e as UsageError {
            printError("borne office \(command) : \(e.french)\nVoir `borne office \(command) --help` pour les options.")
            return ExitCode.usage
        } catch {
            printError("borne office \(command) : \(OfficeCommand.safe(error))")
            return ExitCode.software
        }
    }
}
