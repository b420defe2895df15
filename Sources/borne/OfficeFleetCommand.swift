import BorneCore
import BorneOffice
import Foundation

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
