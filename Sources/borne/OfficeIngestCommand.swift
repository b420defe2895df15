import BorneOffice
import BorneStick
import BorneStore
import Foundation

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
