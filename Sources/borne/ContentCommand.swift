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
    /// The subcommands, once: the usage and `borne content help SUB` are made from this table.
    static let group = CommandGroup(
        path: "content",
        intro: "usage: borne content <subcommand> [options]",
        heading: "Subcommands:",
        outro: "Run `borne content <subcommand> --help` for its options. Keys: `borne keygen`.",
        commands: [
            BorneCommand(name: "pack", synopsis: "CONTENT_DIR --out BUNDLE",
                         summary: "pack a content directory into a bundle (refuses content problems)",
                         help: Pack.help, run: { Pack.run($0) }),
            BorneCommand(name: "sign", synopsis: "BUNDLE --key FILE", summary: "sign a bundle's manifest (Ed25519)",
                         help: Sign.help, run: { Sign.run($0) }),
            BorneCommand(name: "verify", synopsis: "BUNDLE --pubkey FILE",
                         summary: "check the signature, every object, and the content as a kiosk loads it",
                         help: Verify.help, run: { Verify.run($0) }),
            BorneCommand(name: "diff", synopsis: "OLD NEW", summary: "items added, removed, changed per section; files to fetch",
                         help: Diff.help, run: { Diff.run($0) }),
            BorneCommand(name: "publish", synopsis: "BUNDLE --to DIR [--kiosk-config DIR]",
                         summary: "add a signed bundle to a static HTTP tree, if every kiosk trusts its key",
                         help: Publish.help, run: { Publish.run($0) }),
            BorneCommand(name: "install", synopsis: "BUNDLE --config FILE --data-dir DIR",
                         summary: "verify and install as the current content", help: Install.help, run: { Install.run($0) }),
            BorneCommand(name: "rollback", synopsis: "--data-dir DIR", summary: "make the previous version current again",
                         help: Rollback.help, run: { Rollback.run($0) }),
            BorneCommand(name: "status", synopsis: "--data-dir DIR", summary: "the current and kept versions",
                         help: Status.help, run: { Status.run($0) }),
            BorneCommand(name: "build", synopsis: "--apidae EXPORT --extra DIR --out BUNDLE [--key FILE]",
                         summary: "a bundle from APIDAE data, GPX and hand-made content",
                         help: ContentBuildCommand.usage, run: { ContentBuildCommand.run($0) }),
            BorneCommand(name: "inspect", synopsis: "FILE [--json]", summary: "a GPX track's or a bundle's figures",
                         help: ContentInspectCommand.usage, run: { ContentInspectCommand.run($0) }),
            BorneCommand(name: "hike-sheet", synopsis: "ID --content DIR --out FILE.pdf", summary: "a hike's printable A4 sheet",
                         help: HikeSheetCommand.usage, run: { HikeSheetCommand.run($0) }),
        ])

    static var usage: String { group.usage }

    static func run(_ args: [String]) -> Int32 { group.run(args) }

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
