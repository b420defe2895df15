// borne — one executable for every job of a Carladès kiosk, one subcommand each.
// Exit codes follow sysexits.h (see ExitCode.swift).
import Foundation

let args = Array(CommandLine.arguments.dropFirst())
let usage = """
    borne — the runtime of the Office de Tourisme du Carladès touch kiosks

    Usage: borne <command> [options]

    Commands:
      kiosk     run the full-screen touch kiosk (or a scripted run with --script)
      hours     check an opening_hours expression: state and next change
      sync      fetch and install the published content bundle over HTTP
      usb       install the content bundle from a USB stick, report back on it
      upload    ship the touch statistics to the office's collector
      office    at the office: trust kiosks, ingest statistics, report, fleet
      simulate  generate a year of visitors' sessions (seed-2020 profile)
      content   build, sign, verify, publish and install content bundles
      keygen    create the contractor's signing key pair
      setup     install a kiosk: /etc/borne/kiosk.json, its statistics key
      doctor    check a kiosk: config, keys, content, database, disk, clock, sync, upload
      touch-calibrate  touch the four corners: the touchscreen's calibration
      console-font  load the kiosk's console font on its virtual console
      help      show this help, or `borne help <command>`

    Run `borne <command> --help` for a command's options.
    """

func runMain() -> Int32 {
    guard let cmd = args.first else {
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        return ExitCode.usage
    }
    let rest = Array(args.dropFirst())
    switch cmd {
    case "kiosk": return KioskCommand.run(rest)
    case "hours": return HoursCommand.run(rest)
    case "sync": return SyncCommand.run(rest)
    case "usb": return UsbCommand.run(rest)
    case "content": return ContentCommand.run(rest)
    case "upload": return UploadCommand.run(rest)
    case "office": return OfficeCommand.run(rest)
    case "simulate": return SimulateCommand.run(rest)
    case "keygen": return KeygenCommand.run(rest)
    case "setup": return SetupCommand.run(rest)
    case "doctor": return DoctorCommand.run(rest)
    case "touch-calibrate": return TouchCalibrateCommand.run(rest)
    case "console-font": return ConsoleFontCommand.run(rest)
    case "store-selftest": return StoreSelfTestCommand.run(rest)  // hidden: the store's kill -9 test
    case "help", "--help", "-h":
        if let sub = rest.first { return runSubHelp(sub) }
        print(usage); return ExitCode.ok
    case "--version", "version":
        print("borne \(BorneVersion.string)"); return ExitCode.ok
    default:
        FileHandle.standardError.write(Data("borne: unknown command '\(cmd)'\n\n\(usage)\n".utf8))
        return ExitCode.usage
    }
}

func runSubHelp(_ sub: String) -> Int32 {
    switch sub {
    case "kiosk": return KioskCommand.run(["--help"])
    case "hours": return HoursCommand.run(["--help"])
    case "sync": return SyncCommand.run(["--help"])
    case "usb": return UsbCommand.run(["--help"])
    case "content": return ContentCommand.run(["--help"])
    case "upload": return UploadCommand.run(["--help"])
    case "office": return OfficeCommand.run(["--help"])
    case "simulate": return SimulateCommand.run(["--help"])
    case "keygen": return KeygenCommand.run(["--help"])
    case "setup": return SetupCommand.run(["--help"])
    case "doctor": return DoctorCommand.run(["--help"])
    case "touch-calibrate": return TouchCalibrateCommand.run(["--help"])
    case "console-font": return ConsoleFontCommand.run(["--help"])
    default:
        FileHandle.standardError.write(Data("borne: unknown command '\(sub)'\n".utf8))
        return ExitCode.usage
    }
}

exit(runMain())
