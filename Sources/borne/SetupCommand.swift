import BorneContent
import BorneCore
import BorneStats
import BorneSystem
import Foundation

/// `borne setup --kiosk ID`: makes this machine kiosk ID — its
/// configuration in /etc/borne, its data directory and its statistics key —
/// and prints what the office needs to trust it. Safe to run again: an
/// identical config and an existing key are left as they are; a different
/// config is replaced only with --force, and the key never is.
enum SetupCommand {
    static let help = """
        Usage: borne setup --kiosk ID [--config-dir DIR] [--etc DIR] [--data-dir DIR]
                           [--user NAME] [--force]

        Copies DIR/ID.json (checked first) to ETC/kiosk.json, creates the data
        directory and the kiosk's statistics key DATA/keys/stats.key (kept if
        it exists: the office trusts exactly that key), and prints the key's
        fingerprint and the office's next step (borne office trust).
        Run as root, it gives the data directory to the service user and
        ETC/kiosk.json to root:USER mode 0640. On a kiosk whose connectivity
        is 4g it also sets BORNE_UPLOAD_ARGS in ETC/upload.env to the rounds
        (--with-sync --interval 60 --content-every 6 --upload-every 24):
        borne-upload then does the sync's work and borne-sync.timer's runs
        are skipped (docs/SYNC.md). Without --force, a line already there
        with --with-sync is kept and any other line is refused.

        Options:
          --kiosk ID        the kiosk's id (the file name in the config directory)
          --config-dir DIR  kiosk configurations (default /usr/share/borne/kiosk-config)
          --etc DIR         where kiosk.json goes (default /etc/borne)
          --data-dir DIR    the kiosk's data (default /var/lib/borne)
          --user NAME       the service user, when run as root (default borne)
          --force           replace an ETC/kiosk.json that differs, and on a 4g
                            kiosk an ETC/upload.env that sets other arguments

        Exit codes: 0 done, 64 usage, 66 no such kiosk config, 73 a different
        kiosk.json or upload.env exists (use --force; nothing was written),
        74 I/O error, 78 the config is invalid or the existing statistics key
        is damaged.
        """

    static let spec = ArgumentSpec(options: ["--kiosk ID", "--config-dir DIR", "--etc DIR", "--data-dir DIR", "--user NAME"],
                                   flags: ["--force"], required: ["--kiosk"])

    static func run(_ args: [String]) -> Int32 {
        Arguments.run(args, command: "setup", spec: spec, help: help) { a in
            let kiosk = a.value("--kiosk")!
            guard !kiosk.contains("/"), !kiosk.hasPrefix(".") else { throw UsageError("--kiosk: not a kiosk id: '\(kiosk)'") }
            return setup(kiosk: kiosk, configDir: a.value("--config-dir") ?? "/usr/share/borne/kiosk-config",
                         etc: a.value("--etc") ?? "/etc/borne", dataDir: a.value("--data-dir") ?? "/var/lib/borne",
                         user: a.value("--user") ?? "borne", force: a.has("--force"))
        }
    }

    static func setup(kiosk: String, configDir: String, etc: String, dataDir: String, user: String, force: Bool) -> Int32 {

        let source = URL(fileURLWithPath: configDir).appendingPathComponent("\(kiosk).json")
        guard let bytes = FileManager.default.contents(atPath: source.path) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: configDir)) ?? [])
                .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
            printError("borne setup: no configuration \(source.path) (known: \(known.joined(separator: ", ")))")
            return ExitCode.noInput
        }
        let config: KioskConfig
        do {
            config = try KioskConfigLoader.decode(bytes, file: source.path)
        } catch {
            printError("borne setup: \(error)")
            return ExitCode.config
        }
        guard config.id == kiosk else {
            printError("borne setup: \(source.path) is kiosk \(config.id), not \(kiosk)")
            return ExitCode.config
        }
        let owner = getuid() == 0 ? getpwnam(user).map { ($0.pointee.pw_uid, $0.pointee.pw_gid) } : nil

        // The configuration.
        let target = URL(fileURLWithPath: etc).appendingPathComponent("kiosk.json")
        if let existing = FileManager.default.contents(atPath: target.path), existing != bytes, !force {
            printError("borne setup: \(target.path) exists and differs from \(source.path); --force replaces it")
            return ExitCode.canCreate
        }
        // A 4g kiosk's upload.env: checked before anything is written.
        let uploadEnv = UploadEnv.file(etc: etc)
        let uploadText = FileManager.default.contents(atPath: uploadEnv).map { String(decoding: $0, as: UTF8.self) }
        var uploadNote: String?
        var newUploadText: String?
        if config.connectivity == .cellular4G {
            let current = UploadEnv.args(uploadText ?? "")
            if current == UploadEnv.roundsArgs {
                uploadNote = "tournées déjà réglées / rounds already set"
            } else if current == nil || force {
                newUploadText = UploadEnv.withRounds(uploadText)
                uploadNote = "tournées réglées / rounds set: \(UploadEnv.roundsArgs); systemctl restart borne-upload"
            } else if UploadEnv.isRounds(current) {
                uploadNote = "tournées gardées telles quelles / rounds kept as they are: \(current!)"
            } else {
                printError("""
                    borne setup: \(uploadEnv) sets BORNE_UPLOAD_ARGS=\(current!), without --with-sync: this 4g kiosk \
                    would not do its sync in rounds (docs/SYNC.md); nothing was written. --force replaces it with \
                    \(UploadEnv.roundsLine)
                    """)
                return ExitCode.canCreate
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: etc, withIntermediateDirectories: true)
            if FileManager.default.contents(atPath: target.path) != bytes {
                try bytes.write(to: target, options: .atomic)
            }
            if let owner {
                chown(target.path, 0, owner.1)
                chmod(target.path, 0o640)
            } else {
                chmod(target.path, 0o644)
            }
            if let newUploadText {
                try AtomicFile.write(Array(newUploadText.utf8), to: uploadEnv, mode: 0o644)
            }
            try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        } catch {
            printError("borne setup: \((error as? IOError)?.description ?? error.localizedDescription)")
            return ExitCode.ioErr
        }

        // The statistics key, made once.
        let data = URL(fileURLWithPath: dataDir)
        let loaded: StatsKey.Loaded
        do {
            loaded = try StatsKey.loadOrCreate(dataDir: data)
        } catch let e as StatsKeyError {
            printError("borne setup: \(e)")
            if case .badContent = e { return ExitCode.config }
            return ExitCode.ioErr
        } catch {
            printError("borne setup: \(error)")
            return ExitCode.ioErr
        }
        for w in loaded.warnings { printError("borne setup: warning: \(w)") }
        if let owner {
            let keyFile = StatsKey.file(dataDir: data).path
            for path in [dataDir, (keyFile as NSString).deletingLastPathComponent, keyFile] {
                chown(path, owner.0, owner.1)
            }
        }

        print("""
            Borne \(config.id) (\(config.name)) installée / set up.
              configuration : \(target.path)
              données / data: \(dataDir)\(uploadNote.map { "\n  envoi / upload: \(uploadEnv) (\($0))" } ?? "")
              clé de statistiques / stats key: \(loaded.created ? "créée / created" : "déjà là, gardée / kept")
              empreinte / fingerprint: \(loaded.key.fingerprint)
            À faire au bureau / at the office: recopier \(StatsKey.file(dataDir: data).path) sur une clé,
              puis: borne office trust \(config.id) --key stats.key --db office.db
              (vérifier que l'empreinte affichée est \(loaded.key.fingerprint))
            """)
        if config.connectivity != .cellular4G, UploadEnv.isRounds(UploadEnv.args(uploadText ?? "")) {
            printError("""
                borne setup: warning: \(uploadEnv) still has --with-sync (BORNE_UPLOAD_ARGS=\(UploadEnv.args(uploadText ?? "")!)) \
                though \(config.id) is not a 4g kiosk: borne-upload does its sync in rounds and borne-sync.timer's runs \
                are skipped; remove the line for the timer's sync every 15 minutes (docs/SYNC.md)
                """)
        }
        if config.trustedKeys.isEmpty {
            printError("borne setup: warning: \(config.id) trusts no content key yet (trusted_keys is empty): it will install no content")
        }
        return ExitCode.ok
    }
}
