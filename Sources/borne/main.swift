// borne — one executable for every job of a Carladès kiosk, one subcommand each.
// Exit codes follow sysexits.h (see ExitCode.swift); command lines are read by
// Arguments.swift.
import Foundation

/// One row of the command table: `borne --help` and `borne help NAME` are made from it.
struct BorneCommand: Sendable {
    var name: String
    /// The arguments shown beside the name in a group's table ("pack CONTENT_DIR --out BUNDLE").
    var synopsis: String = ""
    /// The line of `borne --help`; nil: hidden (test tools).
    var summary: String?
    /// What `borne NAME --help` prints.
    var help: String
    var run: @Sendable ([String]) -> Int32
    /// Its subcommands, for a group (CommandGroup.swift).
    var group: CommandGroup?
}

enum Borne {
    /// Every command, once, in the order of `borne --help`.
    static let commands: [BorneCommand] = [
        BorneCommand(name: "kiosk", summary: "run the full-screen touch kiosk (or a scripted run with --script)",
                     help: KioskCommand.help, run: { KioskCommand.run($0) }),
        BorneCommand(name: "hours", summary: "check an opening_hours expression: state and next change",
                     help: HoursCommand.usage, run: { HoursCommand.run($0) }),
        BorneCommand(name: "sync", summary: "fetch and install the published content bundle over HTTP",
                     help: SyncCommand.help, run: { SyncCommand.run($0) }),
        BorneCommand(name: "usb", summary: "install the content bundle from a USB stick, report back on it",
                     help: UsbCommand.help, run: { UsbCommand.run($0) }),
        BorneCommand(name: "upload", summary: "ship the touch statistics to the office's collector",
                     help: UploadCommand.help, run: { UploadCommand.run($0) }),
        BorneCommand(group: OfficeCommand.group, summary: "at the office: trust kiosks, ingest statistics, report, fleet"),
        BorneCommand(name: "simulate", summary: "generate a year of visitors' sessions (seed-2020 profile)",
                     help: SimulateCommand.help, run: { SimulateCommand.run($0) }),
        BorneCommand(group: ContentCommand.group, summary: "build, sign, verify, publish and install content bundles"),
        BorneCommand(name: "keygen", summary: "create the contractor's signing key pair",
                     help: KeygenCommand.help, run: { KeygenCommand.run($0) }),
        BorneCommand(name: "setup", summary: "install a kiosk: /etc/borne/kiosk.json, its statistics key",
                     help: SetupCommand.help, run: { SetupCommand.run($0) }),
        BorneCommand(name: "doctor", summary: "check a kiosk: config, keys, content, database, disk, clock, sync, upload",
                     help: DoctorCommand.help, run: { DoctorCommand.run($0) }),
        BorneCommand(name: "touch-calibrate", summary: "touch the four corners: the touchscreen's calibration",
                     help: TouchCalibrateCommand.help, run: { TouchCalibrateCommand.run($0) }),
        BorneCommand(name: "console-font", summary: "load the kiosk's console font on its virtual console",
                     help: ConsoleFontCommand.help, run: { ConsoleFontCommand.run($0) }),
        // Hidden: the store's kill -9 test.
        BorneCommand(name: "store-selftest", summary: nil,
                     help: StoreSelfTestCommand.help, run: { StoreSelfTestCommand.run($0) }),
    ]

    /// `borne --help`, from the table.
    static var usage: String {
        let shown = commands.compactMap { c in c.summary.map { (c.name, $0) } } + [("help", "show this help, or `borne help <command>`")]
        let width = shown.map(\.0.count).max()! + 2
        let lines = shown.map { "  " + $0.0 + String(repeating: " ", count: max(0, width - $0.0.utf16.count)) + $0.1 }
        return """
            borne — the runtime of the Office de Tourisme du Carladès touch kiosks

            Usage: borne <command> [options]

            Commands:
            \(lines.joined(separator: "\n"))

            Run `borne <command> --help` for a command's options.
            """
    }

    static func main(_ args: [String]) -> Int32 {
        if args.first == "--version" || args.first == "version" {
            print("borne \(BorneVersion.string)")
            return ExitCode.ok
        }
        return CommandGroup.dispatch(args, commands, usage: usage, unknown: { "borne: unknown command '\($0)'" })
    }
}

exit(Borne.main(Array(CommandLine.arguments.dropFirst())))
