import BorneContent
import BorneCore
import BorneOffice
import BorneStats
import BorneStick
import BorneStore
import BorneSystem
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

enum OfficeTrust {
    static let help = """
        Usage : borne office trust KIOSK_ID --key FILE --db FILE [--new-epoch]

        Enregistre la clé de statistiques de la borne, pour vérifier ses lots, ses
        heartbeats et ses reçus. FILE est une copie de DATA/keys/stats.key de la
        borne (64 chiffres hexadécimaux), apportée une fois à la main à l'office.
        Approuver de nouveau une borne avec une autre clé (une borne réinstallée
        en a fait une nouvelle) ouvre une nouvelle époque de clé : ses numéros
        repartent de 1, les touches reçues avec ses clés précédentes sont gardées
        et comptent toujours. Approuver de nouveau la même clé ne change rien, sauf
        avec --new-epoch : pour une borne qui renumérote depuis 1 avec la même clé
        (base et seq-floor perdus), dont l'importation refuse les lots comme en
        conflit avec des touches déjà reçues ; les importer de nouveau ensuite.

        Options :
          --key FILE     la clé de la borne (copie de DATA/keys/stats.key)
          --db FILE      la base de l'office (créée si absente)
          --new-epoch    même clé, numéros repartis de 1 : nouvelle époque
          --help         cette aide

        Codes de sortie : 0 approuvée, 64 usage, 65 pas une clé, pas un identifiant
        de borne, ou une clé d'une époque précédente, 66 fichier de clé introuvable,
        74 erreur de base.
        """

    static func run(_ args: [String]) -> Int32 {
        OfficeCommand.guarded("trust", help) {
            guard let p = try OfficeCommand.parse(args, options: ["--key", "--db"], flags: ["--new-epoch"]) else {
                print(help); return ExitCode.ok
            }
            let newEpoch = p.flags.contains("--new-epoch")
            guard p.positional.count == 1 else { throw OfficeCommand.UsageError(message: "un seul KIOSK_ID attendu, \(p.positional.count) donné(s)") }
            guard let keyPath = p.values["--key"]?.first else { throw OfficeCommand.UsageError(message: "--key FILE manque") }
            guard let dbPath = p.values["--db"]?.first else { throw OfficeCommand.UsageError(message: "--db FILE manque") }
            let kiosk = p.positional[0]
            guard KioskID.isValid(kiosk) else { printError("borne office trust : \(OfficeError.invalidKioskID(kiosk))"); return ExitCode.dataErr }
            guard FileManager.default.fileExists(atPath: keyPath) else {
                printError("borne office trust : \(keyPath) : fichier introuvable"); return ExitCode.noInput
            }
            let key: StatsKey
            do { key = try StatsKey.load(file: URL(fileURLWithPath: keyPath)) } catch let e as StatsKeyError {
                printError("borne office trust : \(OfficeCommand.safe(french(e)))"); return ExitCode.dataErr
            } catch let e as IOError {
                printError("borne office trust : \(OfficeCommand.safe(french(e)))"); return ExitCode.dataErr
            } catch {
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
    /// A key file refused, in French (StatsKeyError speaks English to the
    /// contractor on the kiosk): what is wrong, and what to bring instead.
    static func french(_ e: StatsKeyError) -> String {
        switch e {
        case let .badContent(path, reason):
            var why = reason
            let words = reason.split(separator: " ")
            if reason == "the file is empty" { why = "fichier vide" }
            else if reason.hasSuffix("hexadecimal digits"), let n = words.first { why = "\(n) caractères, \(StatsKey.length * 2) chiffres hexadécimaux attendus" }
            else if reason.hasPrefix("not hexadecimal") { why = "pas en hexadécimal (seulement 0-9 et a-f)" }
            else if reason.hasPrefix("all zeros") { why = "que des zéros : pas une clé faite par une borne" }
            else if reason == "not a regular file" { why = "pas un fichier ordinaire" }
            else if reason.hasSuffix("far too long for a key"), let n = words.first { why = "\(n) octets : bien trop long pour une clé" }
            else if reason == "not text" { why = "pas du texte" }
            return "\(path) : pas une clé de statistiques (\(why)) ; apporter une copie de DATA/keys/stats.key de la borne "
                + "(64 chiffres hexadécimaux)"
        case .randomFailed:
            return "le générateur aléatoire de libcrypto a échoué"
        }
    }

    /// A key file that could not be read, in French: the system call
    /// ("stat", "read": the first word of the operation), path and errno.
    static func french(_ e: IOError) -> String {
        let call = e.operation.split(separator: " ").first.map(String.init) ?? e.operation
        return "\(e.path) : impossible de lire la clé (\(call)) : \(String(cString: strerror(e.errno))) (errno \(e.errno))"
    }

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
        Usage : borne office ingest SOURCE... --db FILE [--now T]

        Enregistre les touches des bornes depuis chaque SOURCE :
          DIR             la racine d'un collecteur : DIR/BORNE/*.batch et DIR/BORNE/heartbeat.json
          MONTAGE         une clé USB (MONTAGE/borne/stats/BORNE/...) ; un reçu est écrit dans
                          MONTAGE/borne/receipts/BORNE.json pour chaque borne trouvée
          http(s)://...   un collecteur servi par nginx avec `autoindex on;
                          autoindex_format json;` (identifiants possibles dans l'URL)
        Un fichier dont le MAC ne se vérifie pas avec la clé approuvée de sa borne,
        d'une borne inconnue, ou dont le nom et le contenu ne s'accordent pas, est
        refusé et signalé ; rien n'en est enregistré. Importer de nouveau les mêmes
        fichiers n'enregistre rien deux fois.

        Options :
          --db FILE    la base de l'office (créée si absente)
          --now T      l'heure de l'office (ISO 8601), pour les rejeux et les tests
          --help       cette aide

        Codes de sortie : 0 fait (aussi quand des fichiers sont refusés : ils sont
        listés), 64 usage, 65 un lien, FIFO ou périphérique sur une clé (refusé par
        son nom ; le reste est enregistré), 66 une source introuvable, 69 l'URL d'un
        collecteur injoignable, 74 erreur de base ou d'écriture d'un reçu, 75 une
        autre importation tient la base (réessayer).
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
                    print(String(format: "%.2f s, %.0f touches/s", dt, Double(report.rowsSeen) / max(dt, 1e-6))
                        .replacingOccurrences(of: ".", with: ","))
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
        Usage: borne office report --db FILE PERIOD [--compare previous-year|previous-period]
                                   [--kiosk K]... [--format text|csv|html|pdf] [--out FILE]
                                   [--csv-dialect excel-fr|rfc4180] [--content DIR] [--office-config FILE]
                                   [--kiosk-config DIR] [--lang fr|en]

        Les statistiques d'une période (dates et heures de Paris) : les deux tableaux
        du rapport 2020 de l'office — sessions et jours avec une session ; touches
        par rubrique (touches qui l'ouvrent) — puis les sessions commencées office
        ouvert ou fermé (horaires de l'office, jours fériés compris), par heure (avec
        les heures d'ouverture de l'office), par mois et par langue, les fiches les
        plus consultées (par nom), les codes QR montrés, la satisfaction (quand les
        bornes posent la question), les touches à l'intérieur de chaque rubrique, la
        comparaison avec la période d'avant et les touches à l'horloge invraisemblable.
        Les bornes sont les colonnes, toutes les bornes d'abord. Une période sans
        aucune donnée le dit (« aucune donnée pour 2021 ») au lieu de tableaux de zéros.

        Période (une seule) :
          --year Y                  l'année civile Y (ex. 2020)
          --month AAAA-MM           un mois (ex. 2027-07)
          --from AAAA-MM-JJ --to AAAA-MM-JJ   du jour --from au jour --to, compris
          --season ete|hiver --year Y   la saison qui commence l'année Y ; ses dates
                                    viennent de --office-config (hiver 2026 : de
                                    novembre 2026 à mars 2027 si c'est ce qu'il dit)

        Options :
          --db FILE            la base de l'office
          --compare C          previous-year (mêmes dates un an avant) ou previous-period
                               (période de même longueur juste avant) ; une année civile
                               est comparée à l'année d'avant quand celle-ci a des données
          --kiosk K            seulement cette borne (répéter pour plusieurs)
          --format F           text (défaut), csv, html ou pdf (A4, pour le conseil)
          --csv-dialect D      excel-fr (défaut : UTF-8 avec BOM, « ; », virgule décimale,
                               s'ouvre tel quel dans Excel et LibreOffice en français) ou
                               rfc4180 (« , », point décimal, sans BOM : pour les scripts)
          --content DIR        le contenu des bornes (défaut content/) : horaires de l'office
                               (office.json) et noms des fiches ; sans lui, les fiches sont
                               « nom inconnu » et les sessions ne sont pas réparties
          --kiosk-config DIR   les configurations des bornes (défaut kiosk-config/ ici, sinon
                               /usr/share/borne/kiosk-config) : le nom de chaque borne (son
                               champ name, celui de ses écrans) ; une borne absente est
                               nommée par son identifiant, et le rapport le dit
          --office-config FILE la configuration de l'office (défaut office-config.json) :
                               dates des saisons, fixées par l'office (--season dit
                               lesquelles il a prises), {"seasons": {"ete": {"from": "04-01",
                               "to": "10-31"}, "hiver": {"from": "11-01", "to": "03-31"}}}
          --out FILE           écrire là au lieu de la sortie standard (obligatoire en pdf)
          --lang L             fr (défaut) ou en : la langue des titres et libellés du rapport
                               (les noms des fiches et les chiffres restent tels quels)
          --help               cette aide

        Codes de sortie : 0 ok (aussi pour une période sans donnée, qui le dit), 64 usage,
        65 contenu ou configuration illisible, 66 base, contenu ou configuration
        introuvable, 74 erreur de base ou d'écriture.
        """

    static let options: Set<String> = ["--db", "--year", "--month", "--from", "--to", "--season", "--compare", "--format",
                                       "--out", "--csv-dialect", "--content", "--office-config", "--lang", "--kiosk-config"]

    /// The period the options ask for; throws a usage error naming the clash.
    static func period(_ v: [String: [String]]) throws -> ReportPeriod {
        let year = v["--year"]?.first, month = v["--month"]?.first, from = v["--from"]?.first, to = v["--to"]?.first
        let season = v["--season"]?.first
        func parseYear(_ y: String) throws -> Int {
            guard let n = Int(y), (2000...2100).contains(n) else {
                throw OfficeCommand.UsageError(message: "--year « \(y) » n'est pas une année (2000 à 2100)")
            }
            return n
        }
        let given = [year != nil && season == nil, month != nil, from != nil || to != nil, season != nil].filter { $0 }.count
        guard given == 1 else {
            throw OfficeCommand.UsageError(message: given == 0
                ? "une période manque : --year Y, --month AAAA-MM, --from J --to J ou --season ete|hiver --year Y"
                : "une seule période à la fois : --year, --month, --from/--to ou --season (avec --year)")
        }
        if let month {
            guard year == nil else { throw OfficeCommand.UsageError(message: "--month AAAA-MM porte déjà son année : pas de --year") }
            guard let p = ReportPeriod.parseMonth(month) else {
                throw OfficeCommand.UsageError(message: "--month « \(month) » n'est pas un mois AAAA-MM (ex. 2027-07)")
            }
            return p
        }
        if from != nil || to != nil {
            guard year == nil else { throw OfficeCommand.UsageError(message: "--from/--to et --year ensemble : choisir l'un") }
            guard let from, let to else { throw OfficeCommand.UsageError(message: "--from et --to vont ensemble") }
            guard let f = ReportPeriod.parseDay(from) else { throw OfficeCommand.UsageError(message: "--from « \(from) » n'est pas une date AAAA-MM-JJ") }
            guard let t = ReportPeriod.parseDay(to) else { throw OfficeCommand.UsageError(message: "--to « \(to) » n'est pas une date AAAA-MM-JJ") }
            guard f <= t else { throw OfficeCommand.UsageError(message: "--from \(from) est après --to \(to)") }
            return .range(from: f, to: t)
        }
        if let season {
            guard let year else { throw OfficeCommand.UsageError(message: "--season \(season) attend --year Y (l'année où la saison commence)") }
            let y = try parseYear(year)
            let path = v["--office-config"]?.first ?? "office-config.json"
            guard FileManager.default.fileExists(atPath: path) else {
                throw ConfigMissing(message: "\(path) : configuration de l'office introuvable ; --season en lit les dates "
                                    + "(donner --office-config FILE, voir `borne office report --help`)")
            }
            let seasons = try OfficeSeasons.load(file: URL(fileURLWithPath: path))
            guard let p = seasons.period(season, year: y) else {
                throw OfficeCommand.UsageError(message: "--season « \(season) » : saisons de \(path) : "
                                               + seasons.seasons.keys.sorted().joined(separator: ", "))
            }
            // The dates are the office's choice, not the program's: say which were used, and from where.
            printError("borne office report : \(p.label) : dates de la saison lues dans \(path) (fixées par l'office)")
            return p
        }
        return .year(try parseYear(year!))
    }

    struct ConfigMissing: Error { var message: String }

    /// The office's hours and the items' names from the content directory.
    static func context(_ v: [String: [String]]) throws -> ReportContext {
        let explicit = v["--content"]?.first
        let dir = explicit ?? "content"
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            if explicit != nil { throw ConfigMissing(message: "\(dir) : dossier de contenu introuvable") }
            printError("borne office report : pas de dossier content/ ici : fiches « nom inconnu », sessions non réparties "
                       + "selon l'ouverture de l'office (donner --content DIR)")
            return ReportContext()
        }
        let loaded = try ContentLoader.load(directory: URL(fileURLWithPath: dir))
        var names: [String: String] = [:]
        var qr: [String: String] = [:]
        var hikeCodes: [String: [String]] = [:]
        for item in loaded.catalog.items {
            if let h = item.hike {
                // The hike page's codes in the kiosk's order (Renderer.hikeCodes): GPX, PDF, start.
                hikeCodes[item.id] = (h.gpxURL != nil ? ["gpx"] : []) + (h.pdfURL != nil ? ["pdf"] : [])
                    + (h.track?.start != nil || item.geo != nil ? ["carte"] : [])
            }
            names[item.id] = item.name.french
            // What the detail screen's code carries, as the kiosk chooses it (Renderer.qrPayload).
            qr[item.id] = item.website != nil ? "web" : item.phone != nil ? "telephone" : "lieu"
        }
        if loaded.catalog.office.openingHours == nil {
            printError("borne office report : \(dir)/office.json n'a pas d'horaires lisibles : sessions non réparties selon l'ouverture de l'office")
        }
        return ReportContext(officeHours: loaded.catalog.office.openingHours, itemNames: names, itemQR: qr,
                             hikeCodes: hikeCodes)
    }

    static func run(_ args: [String]) -> Int32 {
        OfficeCommand.guarded("report", help) {
            guard let p = try OfficeCommand.parse(args, options: options, repeatable: ["--kiosk"]) else { print(help); return ExitCode.ok }
            guard p.positional.isEmpty else { throw OfficeCommand.UsageError(message: "argument inattendu « \(p.positional[0]) »") }
            guard let dbPath = p.values["--db"]?.first else { throw OfficeCommand.UsageError(message: "--db FILE manque") }
            let format = p.values["--format"]?.first ?? "text"
            guard ["text", "csv", "html", "pdf"].contains(format) else {
                throw OfficeCommand.UsageError(message: "--format vaut text, csv, html ou pdf, pas « \(format) »")
            }
            let dialectName = p.values["--csv-dialect"]?.first ?? CSVDialect.excelFR.rawValue
            guard let dialect = CSVDialect(rawValue: dialectName) else {
                throw OfficeCommand.UsageError(message: "--csv-dialect vaut excel-fr ou rfc4180, pas « \(dialectName) »")
            }
            var compare: ReportComparison?
            if let c = p.values["--compare"]?.first {
                guard let cmp = ReportComparison(rawValue: c) else {
                    throw OfficeCommand.UsageError(message: "--compare vaut previous-year ou previous-period, pas « \(c) »")
                }
                compare = cmp
            }
            let language = try OfficeCommand.language(p.values["--lang"]?.first)
            let out = p.values["--out"]?.first
            if format == "pdf" && out == nil {
                throw OfficeCommand.UsageError(message: "--format pdf écrit un fichier : donner --out FICHIER.pdf")
            }
            let period: ReportPeriod
            var context: ReportContext
            do {
                period = try Self.period(p.values)
                context = try Self.context(p.values)
            } catch let e as ConfigMissing {
                printError("borne office report : \(e.message)"); return ExitCode.noInput
            } catch let e as OfficeSeasons.ConfigError {
                printError("borne office report : \(e.description)"); return ExitCode.dataErr
            } catch let e as OfficeCommand.UsageError {
                throw e
            } catch {
                printError("borne office report : contenu illisible : \(error)"); return ExitCode.dataErr
            }
            guard FileManager.default.fileExists(atPath: dbPath) else {
                printError("borne office report : \(dbPath) : base introuvable"); return ExitCode.noInput
            }
            guard let store = OfficeCommand.openStore(dbPath, command: "report") else { return ExitCode.ioErr }
            guard let names = OfficeCommand.kioskNames(p.values["--kiosk-config"]?.first, command: "report") else {
                return ExitCode.noInput
            }
            context.kioskNames = names
            let only = p.values["--kiosk"].map(Set.init)
            var report: OfficeReport
            do { report = try OfficeReport.build(store, period: period, only: only, compare: compare, context: context) } catch {
                printError("borne office report : \(OfficeCommand.safe(error))"); return ExitCode.ioErr
            }
            report.language = language
            let data: Data
            switch format {
            case "csv": data = Data(report.csv(dialect: dialect).utf8)
            case "html": data = Data(report.html().utf8)
            case "pdf": data = report.pdf()
            default: data = Data(report.text().utf8)
            }
            if let out {
                do { try data.write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
                    printError("borne office report : impossible d'écrire \(out) : \(OfficeCommand.safe(error))"); return ExitCode.ioErr
                }
                if report.isEmpty { printError("borne office report : \(report.say(report.noDataMessage))") }
            } else {
                FileHandle.standardOutput.write(data)
            }
            return ExitCode.ok
        }
    }
}

enum OfficeFleet {
    static let help = """
        Usage : borne office fleet --db FILE [--now T] [--kiosk-config DIR] [--lang fr|en]

        Chaque borne (approuvée, ou qui a donné des nouvelles) : dernier contact
        (heure de Paris), par quel moyen (collecteur, http, clé USB), versions du
        logiciel et du contenu, touches en attente, disque libre, décalage
        d'horloge (borne moins office, d'après le heartbeat ; pas par clé USB),
        état du stockage des touches, touches reçues et dernier numéro. Puis une
        ligne par problème : `ALERTE` pour une borne silencieuse depuis plus de
        48 h ou jamais entendue, `ATTENTION` pour un défaut de stockage ou une
        horloge décalée de plus de 5 min. Les données simulées (borne simulate)
        ne font pas d'alerte.

        Options :
          --db FILE    la base de l'office
          --now T      l'heure à partir de laquelle mesurer le silence (ISO 8601),
                       par défaut maintenant
          --kiosk-config DIR
                       les configurations des bornes (défaut kiosk-config/ ici, sinon
                       /usr/share/borne/kiosk-config) : le nom de chaque borne dans
                       les alertes ; une borne absente y est dite absente
          --lang L     fr (défaut) ou en : la langue du tableau et des alertes
                       (pour le prestataire ; les textes venus des bornes restent tels quels)
          --help       cette aide

        Codes de sortie : 0 (les alertes sont dans la sortie), 64 usage, 66 base ou
        dossier --kiosk-config introuvable, 74 erreur de base.
        """

    static func run(_ args: [String]) -> Int32 {
        OfficeCommand.guarded("fleet", help) {
            guard let p = try OfficeCommand.parse(args, options: ["--db", "--now", "--lang", "--kiosk-config"]) else { print(help); return ExitCode.ok }
            guard p.positional.isEmpty else { throw OfficeCommand.UsageError(message: "argument inattendu « \(p.positional[0]) »") }
            guard let dbPath = p.values["--db"]?.first else { throw OfficeCommand.UsageError(message: "--db FILE manque") }
            let now = try OfficeCommand.now(p.values["--now"]?.first)
            let language = try OfficeCommand.language(p.values["--lang"]?.first)
            guard FileManager.default.fileExists(atPath: dbPath) else {
                printError("borne office fleet : \(dbPath) : base introuvable"); return ExitCode.noInput
            }
            guard let names = OfficeCommand.kioskNames(p.values["--kiosk-config"]?.first, command: "fleet") else {
                return ExitCode.noInput
            }
            guard let store = OfficeCommand.openStore(dbPath, command: "fleet") else { return ExitCode.ioErr }
            do {
                print(try FleetReport.build(store, nowMs: UTCTime.milliseconds(now), names: names).text(language), terminator: "")
                return ExitCode.ok
            } catch {
                printError("borne office fleet : \(OfficeCommand.safe(error))"); return ExitCode.ioErr
            }
        }
    }
}
