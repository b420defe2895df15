import BorneOffice
import BorneStick
import Foundation

/// `borne office stick prepare DIR`: a stick for statistics only
/// (BorneOffice's `OfficeStick`).
enum OfficeStickCommand {
    /// `borne office stick`'s one subcommand, in a table as every group's.
    static let group = CommandGroup(
        path: "office stick",
        intro: """
            Usage : borne office stick prepare DIR --db FILE [--kiosk K]... [--now T]

            Une clé USB pour les statistiques.
            """,
        heading: "Commandes :",
        outro: "Voir `borne office stick prepare --help` pour ses options.",
        commands: [
            BorneCommand(name: "prepare", synopsis: "DIR --db FILE",
                         summary: "la clé montée en DIR portera les statistiques : borne/ et les reçus",
                         help: help, run: { prepare($0) }),
        ],
        french: true)

    static let help = """
        Usage : borne office stick prepare DIR --db FILE [--kiosk K]... [--now T]

        Prépare la clé USB montée en DIR pour les statistiques : écrit DIR/borne/
        et, pour chaque borne (toutes les bornes approuvées, ou celles données par
        --kiosk), son reçu DIR/borne/receipts/BORNE.json — ce que l'office a reçu
        d'elle, pour que le prochain `borne usb` de la borne retire ces touches de
        celles en attente. Une clé avec borne/ et sans lot de contenu est une clé
        de statistiques seulement : la borne y écrit ses lots (« pas de contenu sur
        cette clé »), et `borne office ingest DIR` les lit et écrit de nouveaux reçus.

        Rien n'est suivi sur la clé : un lien, une FIFO ou un périphérique à la
        place de borne/, de borne/receipts/ ou d'un reçu est refusé par son nom.

        Options :
          --db FILE    la base de l'office
          --kiosk K    seulement cette borne (répéter pour plusieurs)
          --now T      l'heure de l'office (ISO 8601), pour les tests
          --help       cette aide

        Codes de sortie : 0 préparée, 64 usage, 65 un chemin refusé sur la clé ou une
        borne non approuvée, 66 DIR ou la base introuvable, 74 erreur d'écriture ou de base.
        """

    static func prepare(_ args: [String]) -> Int32 {
        OfficeCommand.guarded("stick prepare", help) {
            guard let p = try OfficeCommand.parse(args, options: ["--db", "--now"], repeatable: ["--kiosk"]) else {
                print(help); return ExitCode.ok
            }
            guard p.positional.count == 1 else {
                throw OfficeCommand.UsageError(message: p.positional.isEmpty ? "DIR manque" : "un seul DIR attendu, \(p.positional.count) donnés")
            }
            guard let dbPath = p.values["--db"]?.first else { throw OfficeCommand.UsageError(message: "--db FILE manque") }
            let now = try OfficeCommand.now(p.values["--now"]?.first)
            let mount = p.positional[0]
            guard FileManager.default.fileExists(atPath: dbPath) else {
                printError("borne office stick prepare : \(dbPath) : base introuvable (borne office trust la crée)"); return ExitCode.noInput
            }
            guard let store = OfficeCommand.openStore(dbPath, command: "stick prepare") else { return ExitCode.ioErr }
            do {
                let written = try OfficeStick.prepare(mount: mount, store: store, kiosks: p.values["--kiosk"], now: now)
                for w in written { print("reçu écrit : \(w.path) (\(w.kiosk) jusqu'au n° \(w.ackedUpTo))") }
                print("borne office stick prepare : \(mount) porte les statistiques (\(written.count) reçu(s)) ; "
                      + "la brancher sur la borne, puis `borne office ingest \(mount) --db \(dbPath)`")
                return ExitCode.ok
            } catch let e as StickError {
                printError("borne office stick prepare : \(OfficeCommand.safe(e.french))")
                return e.isRefusal ? ExitCode.dataErr : e.problem == .missing ? ExitCode.noInput : ExitCode.ioErr
            } catch let e as OfficeError {
                printError("borne office stick prepare : \(OfficeCommand.safe(e))")
                return ExitCode.dataErr
            } catch {
                printError("borne office stick prepare : \(OfficeCommand.safe(error))")
                return ExitCode.ioErr
            }
        }
    }

    /// `borne office ingest`'s exit code when a stick held refused paths (a
    /// link, FIFO or device): 65, after the summary; nil otherwise.
    static func refusalCode(_ report: IngestReport) -> Int32? {
        guard !report.stickRefusals.isEmpty else { return nil }
        for r in report.stickRefusals { printError("borne office ingest : \(OfficeCommand.safe(r))") }
        printError("borne office ingest : \(report.stickRefusals.count) chemin(s) refusé(s) sur la clé ; le reste est enregistré")
        return ExitCode.dataErr
    }
}
