import BorneContent
import BorneOffice
import Foundation

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
