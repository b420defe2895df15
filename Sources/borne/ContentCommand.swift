import Foundation
import BorneBundle

/// `borne content <subcommand>`: packing, signing, checking, publishing and
/// installing content bundles (docs/BUNDLES.md).
///
/// Exit codes (sysexits.h): 0 ok, 64 usage, 65 the bundle or content is
/// refused (bad signature, unknown key, tampered or unsafe, older than the
/// installed one, content problems, a key some kiosk does not trust, older
/// than the published latest, a section emptied or halved), 66 an input is missing, 69 nothing to roll back to,
/// 73 the output exists, 74 I/O error, 75 disk full or another install
/// running (retry later), 78 bad kiosk configuration or no trusted key.
enum ContentCommand {
    static let usage = """
        usage: borne content <subcommand> [options]

        Subcommands:
          pack CONTENT_DIR --out BUNDLE   pack a content directory into a bundle (refuses content problems)
          sign BUNDLE --key FILE          sign a bundle's manifest (Ed25519)
          verify BUNDLE --pubkey FILE     check the signature, every object, and the content as a kiosk loads it
          diff OLD NEW                    items added, removed, changed per section; files to fetch
          publish BUNDLE --to DIR [--kiosk-config DIR]
                                          add a signed bundle to a static HTTP tree, if every kiosk trusts its key
          install BUNDLE --config FILE --data-dir DIR
                                          verify and install as the current content
          rollback --data-dir DIR         make the previous version current again
          status --data-dir DIR           the current and kept versions
          build --apidae EXPORT --extra DIR --out BUNDLE [--key FILE]
                                          a bundle from APIDAE data, GPX and hand-made content
          inspect FILE [--json]           a GPX track's or a bundle's figures
          hike-sheet ID --content DIR --out FILE.pdf
                                          a hike's printable A4 sheet

        Run `borne content <subcommand> --help` for its options. Keys: `borne keygen`.
        """

    static func run(_ args: [String]) -> Int32 {
        guard let sub = args.first else { printError(usage); return ExitCode.usage }
        let rest = Array(args.dropFirst())
        switch sub {
        case "pack": return Pack.run(rest)
        case "sign": return Sign.run(rest)
        case "verify": return Verify.run(rest)
        case "diff": return Diff.run(rest)
        case "publish": return Publish.run(rest)
        case "install": return Install.run(rest)
        case "rollback": return Rollback.run(rest)
        case "status": return Status.run(rest)
        case "build": return ContentBuildCommand.run(rest)
        case "hike-sheet": return HikeSheetCommand.run(rest)
        case "inspect": return ContentInspectCommand.run(rest)
        case "--help", "-h", "help":
            print(usage)
            return ExitCode.ok
        default:
            printError("borne content: unknown subcommand '\(sub)'\n\n\(usage)")
            return ExitCode.usage
        }
    }

    // MARK: - Arguments

    /// Read by the one parser (Arguments.swift).
    typealias Arguments = borne.Arguments

    /// Parses, or prints the help (exit 0) or the usage error (exit 64).
    /// Options are given once, but those in `repeatable`.
    static func arguments(_ args: [String], command: String, help: String, options: Set<String> = [],
                          repeatable: Set<String> = [], flags: Set<String> = [], positionals: ClosedRange<Int> = 0...0,
                          required: [String] = []) -> Result<Arguments, Exit> {
        let spec = ArgumentSpec(options: options.sorted(), repeatable: repeatable.sorted(), flags: flags.sorted(),
                                positionals: positionals, required: required)
        var parsed: Arguments?
        let code = borne.Arguments.run(args, command: "content \(command)", spec: spec, help: help) { a in
            parsed = a
            return ExitCode.ok
        }
        if let parsed { return .success(parsed) }
        return .failure(Exit(code: code))
    }

    struct Exit: Error { var code: Int32 }

    // MARK: - Errors

    /// The exit code of a bundle error (see the type's comment).
    static func exitCode(_ error: BundleError) -> Int32 {
        switch error {
        case .notABundle: return ExitCode.noInput
        case .diskFull, .busy: return ExitCode.tempFail
        case .io: return ExitCode.ioErr
        case .noTrustedKeys: return ExitCode.config
        case .noPreviousVersion, .nothingInstalled: return ExitCode.unavailable
        case .outputExists: return ExitCode.canCreate
        case .crypto: return ExitCode.software
        default: return ExitCode.dataErr
        }
    }

    /// Prints `borne content CMD: [BUNDLE: ]message` and returns its exit
    /// code. Messages that name only a path inside the bundle
    /// (`items/manger.json: ...`, `manifest.sig: ...`) get the bundle's path first.
    static func fail(_ command: String, _ error: Error, bundle: URL? = nil) -> Int32 {
        if let e = error as? BundleError {
            let text = e.description
            let prefix = bundle.map { text.hasPrefix("/") ? "" : $0.path + ": " } ?? ""
            printError("borne content \(command): \(prefix)\(text)")
            return exitCode(e)
        }
        printError("borne content \(command): \(error)")
        return ExitCode.software
    }

    static func url(_ path: String) -> URL { URL(fileURLWithPath: path).standardizedFileURL }

    static func bytes(_ n: Int64) -> String {
        n < 10_000 ? "\(n) B" : n < 10_000_000 ? "\(n / 1000) kB" : "\(n / 1_000_000) MB"
    }
}
