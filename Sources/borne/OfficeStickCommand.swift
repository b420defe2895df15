import BorneOffice
import BorneStick
import Foundation

/// `borne office stick prepare DIR`: a stick for statistics only
/// (BorneOffice's `OfficeStick`).
enum OfficeStickCommand {
    static let help = """
        Usage: borne office stick prepare DIR --db FILE [--kiosk K]... [--now T]

        Makes the stick mounted at DIR carry statistics: writes DIR/borne/ and,
        for each kiosk (every trusted kiosk, or those given with --kiosk), its
        receipt DIR/borne/receipts/KIOSK.json — what the office holds of it, so
        that the kiosk's next `borne usb` removes those touches from its pending
        ones. A stick with borne/ and no content bundle is a statistics-only
        stick: the kiosk writes its batches there ("pas de contenu sur cette
        clé"), and `borne office ingest DIR` reads them and writes new receipts.

        Nothing on the stick is followed: a link, FIFO or device at borne/,
        borne/receipts/ or a receipt's name is refused by name.

        Options:
          --db FILE    the office database
          --kiosk K    only this kiosk (repeat for several)
          --now T      the office's time (ISO 8601), for tests
          --help       this help

        Exit codes: 0 prepared, 64 usage, 65 a path refused on the stick or a kiosk
        not trusted, 66 DIR or the database missing, 74 write or database error.
        """

    static func run(_ args: [String]) -> Int32 {
        guard args.first == "prepare" else {
            if args.first == "--help" || args.first == "-h" { print(help); return ExitCode.ok }
            printError("borne office stick: \(args.first.map { "unknown command '\($0)'" } ?? "missing command"): "
                + "the command is `borne office stick prepare DIR --db FILE`")
            return ExitCode.usage
        }
        return OfficeCommand.guarded("stick prepare", help) {
            guard let p = try OfficeCommand.parse(Array(args.dropFirst()), options: ["--db", "--now"], repeatable: ["--kiosk"]) else {
                print(help); return ExitCode.ok
            }
            guard p.positional.count == 1 else { throw OfficeCommand.UsageError(message: "one DIR, got \(p.positional.count)") }
            guard let dbPath = p.values["--db"]?.first else { throw OfficeCommand.UsageError(message: "missing --db FILE") }
            let now = try OfficeCommand.now(p.values["--now"]?.first)
            let mount = p.positional[0]
            guard FileManager.default.fileExists(atPath: dbPath) else {
                printError("borne office stick prepare: \(dbPath): no such database (borne office trust creates it)"); return ExitCode.noInput
            }
            guard let store = OfficeCommand.openStore(dbPath, command: "stick prepare") else { return ExitCode.ioErr }
            do {
                let written = try OfficeStick.prepare(mount: mount, store: store, kiosks: p.values["--kiosk"], now: now)
                for w in written { print("reçu écrit : \(w.path) (\(w.kiosk) jusqu'au n° \(w.ackedUpTo))") }
                print("borne office stick prepare: \(mount) carries statistics (\(written.count) receipt(s)); "
                      + "plug it into the kiosk, then `borne office ingest \(mount) --db \(dbPath)`")
                return ExitCode.ok
            } catch let e as StickError {
                printError("borne office stick prepare: \(e)")
                return e.isRefusal ? ExitCode.dataErr : e.problem == .missing ? ExitCode.noInput : ExitCode.ioErr
            } catch let e as OfficeError {
                printError("borne office stick prepare: \(e)")
                return ExitCode.dataErr
            } catch {
                printError("borne office stick prepare: \(error)")
                return ExitCode.ioErr
            }
        }
    }

    /// `borne office ingest`'s exit code when a stick held refused paths (a
    /// link, FIFO or device): 65, after the summary; nil otherwise.
    static func refusalCode(_ report: IngestReport) -> Int32? {
        guard !report.stickRefusals.isEmpty else { return nil }
        for r in report.stickRefusals { printError("borne office ingest: \(r)") }
        printError("borne office ingest: \(report.stickRefusals.count) path(s) refused on the stick; the rest is stored")
        return ExitCode.dataErr
    }
}
