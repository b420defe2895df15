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

    static let spec = ArgumentSpec(
        options: ["--gpx DIR", "--extra DIR", "--build-config FILE", "--out BUNDLE", "--content-out DIR", "--key FILE", "--report FILE"],
        repeatable: ["--apidae EXPORT"], flags: ["--allow-problems"])

    static func run(_ args: [String]) -> Int32 {
        Arguments.run(args, command: "content build", spec: spec, help: usage) { a in
            let file = { (name: String) in a.value(name).map { URL(fileURLWithPath: $0) } }
            var o = Options()
            o.apidae = a.all("--apidae").map { URL(fileURLWithPath: $0) }
            o.gpx = file("--gpx")
            o.extra = file("--extra")
            o.config = file("--build-config")
            o.out = file("--out")
            o.contentOut = file("--content-out")
            o.key = file("--key")
            o.report = file("--report")
            o.allowProblems = a.has("--allow-problems")
            return try build(o)
        }
    }

    static func build(_ options: Options) throws -> Int32 {
        guard options.out != nil || options.contentOut != nil else {
            throw UsageError("--out BUNDLE is required (or --content-out DIR for a content directory only)")
        }
        if let bundle = options.out, FileManager.default.fileExists(atPath: bundle.path) {
            printError("borne content build: \(bundle.path) already exists: a bundle is never overwritten")
            return ExitCode.canCreate
        }
        guard options.extra != nil else { throw UsageError("--extra DIR is required: it gives office.json, which APIDAE does not") }
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
            case .write: return ExitCode.canCreate
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
                return ExitCode.canCreate
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
                return ExitCode.canCreate
            }
        }
        return ExitCode.ok
    }
}
