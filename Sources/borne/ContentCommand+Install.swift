import Foundation
import BorneBundle
import BorneContent
import BorneCore

/// The kiosk's side: install, rollback, status of `DATA/content/`.
extension ContentCommand {
    enum Install {
        static let help = """
            usage: borne content install BUNDLE --config FILE --data-dir DIR [--force]

            Verifies BUNDLE with the trusted_keys of the kiosk configuration FILE,
            checks it is meant for this kiosk and loads, then installs it as
            DIR/content/versions/<id> and points DIR/content/current at it with one
            atomic rename. The last 3 versions are kept. Installing the current
            bundle again does nothing. A crash at any point leaves the previous
            content current.

              --force   install even if the bundle is older than the current one

            Exit: 0 installed or already current, 64 usage, 65 bundle refused (bad
            signature, unknown key, damaged, unsafe, older, content does not load),
            66 BUNDLE or FILE missing, 74 I/O error, 75 disk full or another install
            running (retry later), 78 bad configuration or no trusted key.
            """

        static func run(_ args: [String]) -> Int32 {
            let a: Arguments
            switch arguments(args, command: "install", help: help, options: ["--config", "--data-dir"], flags: ["--force"],
                             positionals: 1...1, required: ["--config", "--data-dir"]) {
            case .success(let p): a = p
            case .failure(let e): return e.code
            }
            let configFile = url(a.value("--config")!)
            let config: KioskConfig
            do {
                config = try KioskConfigLoader.load(file: configFile)
            } catch {
                printError("borne content install: \(error)")
                return FileManager.default.fileExists(atPath: configFile.path) ? ExitCode.config : ExitCode.noInput
            }
            let keys: [Ed25519PublicKey]
            do {
                keys = try config.trustedKeys.enumerated().map { i, hex in
                    try Ed25519PublicKey(hex: hex, source: "\(configFile.path): trusted_keys[\(i)]")
                }
            } catch {
                printError("borne content install: \(error)")
                return ExitCode.config
            }
            guard !keys.isEmpty else {
                printError("borne content install: \(configFile.path): \(BundleError.noTrustedKeys)")
                return ExitCode.config
            }
            let installer = BundleInstaller(dataDirectory: url(a.value("--data-dir")!))
            do {
                let r = try installer.install(bundle: url(a.positionals[0]), trustedKeys: keys, kioskID: config.id,
                                              force: a.flags.contains("--force"))
                for w in r.warnings { printError("borne content install: warning: \(w)") }
                switch r.outcome {
                case .alreadyCurrent:
                    print("\(r.id) is already the current content; nothing to do")
                case .installed:
                    print("installed \(r.id)" + (r.previous.map { " (was \($0))" } ?? "")
                          + (r.pruned.isEmpty ? "" : "; removed old versions \(r.pruned.joined(separator: ", "))"))
                }
                return ExitCode.ok
            } catch {
                return fail("install", error, bundle: url(a.positionals[0]))
            }
        }
    }

    enum Rollback {
        static let help = """
            usage: borne content rollback --data-dir DIR [--to ID]

            Makes the newest kept version older than the current one (or ID) current
            again, after checking its files. Run it twice to go back two versions.

            Exit: 0 ok, 64 usage, 65 that version is damaged, 69 nothing to roll
            back to, 74 I/O error, 75 another install running.
            """

        static func run(_ args: [String]) -> Int32 {
            let a: Arguments
            switch arguments(args, command: "rollback", help: help, options: ["--data-dir", "--to"], required: ["--data-dir"]) {
            case .success(let p): a = p
            case .failure(let e): return e.code
            }
            do {
                let r = try BundleInstaller(dataDirectory: url(a.value("--data-dir")!)).rollback(to: a.value("--to"))
                print("rolled back from \(r.from) to \(r.to)")
                return ExitCode.ok
            } catch {
                return fail("rollback", error)
            }
        }
    }

    enum Status {
        static let help = """
            usage: borne content status --data-dir DIR [--verify]

            Prints the current content version and the kept ones (* marks current),
            after cleaning what an interrupted install left.

              --verify   also check every file of the current version (exit 65 if damaged)
            """

        static func run(_ args: [String]) -> Int32 {
            let a: Arguments
            switch arguments(args, command: "status", help: help, options: ["--data-dir"], flags: ["--verify"], required: ["--data-dir"]) {
            case .success(let p): a = p
            case .failure(let e): return e.code
            }
            let installer = BundleInstaller(dataDirectory: url(a.value("--data-dir")!))
            do {
                for path in try installer.recover() { printError("borne content status: removed leftover \(path)") }
                let current = try installer.currentID()
                for id in try installer.installedVersions() { print("\(id == current ? "*" : " ") \(id)") }
                guard let current else { print("no content installed"); return ExitCode.ok }
                if a.flags.contains("--verify") {
                    let m = try installer.verifyInstalled(current)
                    print("current \(current): \(m.files.count) files checked")
                }
                return ExitCode.ok
            } catch {
                return fail("status", error)
            }
        }
    }
}
