import Foundation
import BorneCore
import BorneBundle
import BorneContent

/// `borne content build --apidae EXPORT [--apidae ...] --extra DIR [--gpx DIR]
/// [--build-config FILE] --out DIR [--report FILE]`: builds a content
/// directory from APIDAE data and hand-made content (ContentBuild).
///
/// Exit codes (sysexits.h): 0 ok, 64 usage error, 65 bad data (an APIDAE
/// source or the build config cannot be read as such, --extra is not valid
/// content, or content problems without --allow-problems), 66 an input is
/// missing, 73 the output cannot be created. Objects left out on purpose are
/// notes, not errors: the report lists them.
enum ContentBuildCommand {
    /// EX_CANTCREAT; kept here until ExitCode grows it.
    static let cantCreate: Int32 = 73

    static let usage = """
        usage: borne content build --apidae EXPORT [--apidae EXPORT...] --extra DIR --out BUNDLE
                                   [--key FILE] [--content-out DIR] [--gpx DIR] [--build-config FILE]
                                   [--report FILE] [--allow-problems]

        Builds a content directory (docs/CONTENT.md) from APIDAE data and
        hand-made content, and packs it into a bundle (docs/BUNDLES.md), signed
        when --key is given (else sign it later with `borne content sign`).

          --apidae PATH        an APIDAE v002 export (.zip or its unzipped folder) or an API
                               response (.json: list-objets-touristiques, a single object);
                               repeatable, later sources update earlier ones
          --extra DIR          a content directory giving office.json, urgences.json,
                               weather.json and hand-made items (required)
          --gpx DIR            where the GPX files named by hikes (multimedias PLAN) are;
                               nothing is downloaded
          --build-config FILE  {"rainy_day_selection": 12345, "version": "...", "source": "...",
                               "demo": false}, every key optional
          --out BUNDLE         the bundle to write (must not exist)
          --key FILE           sign the bundle with this private key (`borne keygen`)
          --content-out DIR    also keep the content directory (must not exist, or be empty);
                               with --content-out alone, only the content directory is written
          --report FILE        also write the full report (every problem, skipped object and note)
          --allow-problems     write the bundle even with problems (listed): the kiosks
                               show the content without what they name
          --help               this help

        Problems stop the build (exit 65, each listed, no bundle written): an APIDAE
        file or object that fails to load, a hike whose GPX is missing or unreadable,
        any problem of the --extra content. Objects left out on purpose (not
        PUBLISHED, a type the kiosk does not show, deleted) and warnings are notes.

        exit status: 0 ok, 64 usage error, 65 bad data or content problems,
        66 an input is missing, 73 the output cannot be created.
        """

    struct Options {
        var apidae: [URL] = []
        var gpx: URL?
        var extra: URL?
        var config: URL?
        var out: URL?
        var contentOut: URL?
        var key: URL?
        var report: URL?
        var allowProblems = false
    }

    static func run(_ arguments: [String]) -> Int32 {
        let options: Options
        switch parse(arguments) {
        case .help: print(usage); return ExitCode.ok
        case .error(let message): return usageError(message)
        case .options(let o): options = o
        }
        guard options.out != nil || options.contentOut != nil else {
            return usageError("--out BUNDLE is required (or --content-out DIR for a content directory only)")
        }
        if let bundle = options.out, FileManager.default.fileExists(atPath: bundle.path) {
            printError("borne content build: \(bundle.path) already exists: a bundle is never overwritten")
            return cantCreate
        }
        guard options.extra != nil else { return usageError("--extra DIR is required: it gives office.json, which APIDAE does not") }
        for url in options.apidae + [options.extra, options.gpx, options.config, options.key].compactMap({ $0 })
        where !FileManager.default.fileExists(atPath: url.path) {
            printError("borne content build: \(url.path): no such file or folder")
            return ExitCode.noInput
        }
        var config = BuildConfig()
        if let file = options.config {
            do { config = try BuildConfig.load(file: file) } catch {
                printError("borne content build: \(error)")
                return ExitCode.dataErr
            }
        }
        var signingKey: Ed25519PrivateKey?
        if let file = options.key {
            do { signingKey = try Ed25519PrivateKey.load(file: file) } catch {
                printError("borne content build: \(error)")
                return ExitCode.dataErr
            }
        }
        // Without --content-out the content directory is a temporary step before the bundle.
        let temporary = options.contentOut == nil
        let out = options.contentOut ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("borne-build-\(getpid())-\(UUID().uuidString)")
        defer { if temporary { try? FileManager.default.removeItem(at: out) } }
        let report: BuildReport
        do {
            report = try ContentBuild.build(apidae: options.apidae, gpx: options.gpx, extra: options.extra,
                                            config: config, out: out)
        } catch let e as ContentBuildError {
            printError("borne content build: \(e)")
            switch e {
            case .missingExtra: return ExitCode.usage
            case .write: return cantCreate
            case .apidae(.sourceNotFound), .extra(.notADirectory), .extra(.missingFile): return ExitCode.noInput
            default: return ExitCode.dataErr
            }
        } catch {
            printError("borne content build: \(error)")
            return ExitCode.software
        }
        let problems = report.problems
        if let file = options.report {
            do { try Data((report.lines(naming: !temporary).joined(separator: "\n") + "\n").utf8).write(to: file) } catch {
                printError("borne content build: --report \(file.path): \(error.localizedDescription)")
                return cantCreate
            }
        }
        // The temporary directory is gone when this returns: name it only when kept.
        print(report.summary(naming: !temporary))
        _ = ContentCheck.untranslated("build", report.untranslated, reportFile: options.report, write: false)  // in the report already
        for c in report.idCollisions { print("  skipped: item \(c): its id is already used by an --extra item") }
        let notes = report.notes.count
        if notes > 0 {
            print("  \(notes) note\(notes == 1 ? "" : "s") (objects left out on purpose, warnings, unused GPX)"
                  + (options.report.map { ", listed in \($0.path)" } ?? ": --report FILE lists them"))
        }
        if let refused = ContentCheck.gate("build", problems: problems, allow: options.allowProblems) {
            if !temporary { printError("borne content build: the content directory \(out.path) is kept to look at; no bundle was written") }
            return refused
        }
        if let bundle = options.out {
            do {
                let manifest = try BundleWriter.write(contentDirectory: out, to: bundle, signingKey: signingKey)
                print("bundle \(manifest.id) written to \(bundle.path)" + (signingKey == nil ? " (unsigned)" : ", signed"))
            } catch {
                printError("borne content build: \(bundle.path): \(error)")
                return cantCreate
            }
        }
        return ExitCode.ok
    }

    enum Parsed {
        case help
        case error(String)
        case options(Options)
    }

    static func parse(_ arguments: [String]) -> Parsed {
        var o = Options()
        var i = 0
        let valued = ["--apidae", "--gpx", "--extra", "--build-config", "--out", "--content-out", "--key", "--report"]
        // --out=DIR is --out DIR.
        let args = arguments.flatMap { a -> [String] in
            guard let eq = a.firstIndex(of: "="), valued.contains(String(a[..<eq])) else { return [a] }
            return [String(a[..<eq]), String(a[a.index(after: eq)...])]
        }
        while i < args.count {
            let a = args[i]
            if a == "--help" || a == "-h" { return .help }
            if a == "--allow-problems" { o.allowProblems = true; i += 1; continue }
            guard valued.contains(a) else {
                return .error(a.hasPrefix("-") ? "unknown option \(a)" : "unexpected argument \(a) (options take a value: --apidae PATH)")
            }
            guard i + 1 < args.count, !args[i + 1].isEmpty else { return .error("\(a) needs a value") }
            let url = URL(fileURLWithPath: args[i + 1])
            switch a {
            case "--apidae": o.apidae.append(url)
            case "--gpx": if o.gpx != nil { return .error("--gpx given twice") }; o.gpx = url
            case "--extra": if o.extra != nil { return .error("--extra given twice") }; o.extra = url
            case "--build-config": if o.config != nil { return .error("--build-config given twice") }; o.config = url
            case "--out": if o.out != nil { return .error("--out given twice") }; o.out = url
            case "--content-out": if o.contentOut != nil { return .error("--content-out given twice") }; o.contentOut = url
            case "--key": if o.key != nil { return .error("--key given twice") }; o.key = url
            default: if o.report != nil { return .error("--report given twice") }; o.report = url
            }
            i += 2
        }
        return .options(o)
    }

    private static func usageError(_ message: String) -> Int32 {
        printError("borne content build: \(message)\n\n\(usage)")
        return ExitCode.usage
    }
}
