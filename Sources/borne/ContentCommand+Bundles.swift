import Foundation
import BorneBundle
import BorneContent
import BorneCore

/// The contractor's side: pack, sign, verify, diff, publish.
extension ContentCommand {
    enum Pack {
        static let help = """
            usage: borne content pack CONTENT_DIR --out BUNDLE [--source TEXT] [--created TIME]
                                      [--scope KIOSK,...] [--key FILE] [--allow-problems] [--report FILE]

            Packs a content directory (docs/CONTENT.md) into a new bundle directory:
            manifest.json and objects/. The content must load as a kiosk loads it:
            any problem (a file or item skipped, a field dropped, a hike's GPX
            missing) refuses the pack, each one listed. Only what the kiosk reads is
            packed (bundle.json, office.json, urgences.json, weather.json, communes.json,
            items/*.json, holidays/*.json, *.gpx); the rest (tools/, notes, hidden files) is left
            out and named.

              --out BUNDLE    the bundle directory to create (must not exist)
              --source TEXT   who or what built it (default: bundle.json's source)
              --created TIME  UTC creation time like 2026-11-26T18:00:00Z (default: now,
                              the moment of packing; never bundle.json's created);
                              it dates the bundle and orders bundles (its id starts with it)
              --scope IDS     only for these kiosk ids (comma-separated); default all
              --key FILE      also sign it (as `borne content sign`)
              --allow-problems  pack even so: the kiosks show the content without
                              what the listed problems name
              --report FILE   write the items whose texts are in French only, per language
                              (the command prints a count per language and section)

            Prints the bundle id. Exit: 0 ok, 64 usage, 65 content refused (problems listed),
            66 CONTENT_DIR missing, 73 BUNDLE exists, 74 I/O error.
            """

        static func run(_ args: [String]) -> Int32 {
            let a: Arguments
            switch arguments(args, command: "pack", help: help, options: ["--out", "--source", "--created", "--scope", "--key", "--report"],
                             flags: ["--allow-problems"], positionals: 1...1, required: ["--out"]) {
            case .success(let p): a = p
            case .failure(let e): return e.code
            }
            let content = url(a.positionals[0])
            guard FileManager.default.fileExists(atPath: content.path) else {
                printError("borne content pack: \(content.path): no such content directory")
                return ExitCode.noInput
            }
            var created: Date?
            if let text = a.value("--created") {
                guard let d = UTCTime.parse(text) else {
                    printError("borne content pack: --created \(text): expected a UTC time like 2026-11-26T18:00:00Z")
                    return ExitCode.usage
                }
                created = d
            }
            let scope = a.value("--scope").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            if let keyFile = a.value("--key"), let warning = Ed25519PrivateKey.permissionWarning(file: url(keyFile)) {
                printError("borne content pack: warning: \(warning)")
            }
            do {
                let key = try a.value("--key").map { try Ed25519PrivateKey.load(file: url($0)) }
                let loaded: ContentLoadResult
                do { loaded = try ContentLoader.load(directory: content) } catch let e as ContentError {
                    throw BundleError.contentInvalid(bundle: content.path, reason: e.description)
                }
                if let refused = ContentCheck.gate("pack", problems: ContentCheck.problems(of: loaded, prefix: content.lastPathComponent + "/"),
                                                   allow: a.flags.contains("--allow-problems")) {
                    return refused
                }
                let manifest = try BundleWriter.write(contentDirectory: content, to: url(a.value("--out")!),
                                                      source: a.value("--source"), created: created, scope: scope,
                                                      signingKey: key)
                print(manifest.id)
                if let failed = ContentCheck.untranslated("pack", UntranslatedReport(catalog: loaded.catalog),
                                                          reportFile: a.value("--report").map(url)) {
                    return failed
                }
                let leftOut = (try? BundleWriter.leftOut(contentDirectory: content)) ?? []
                if !leftOut.isEmpty {
                    printError("borne content pack: left out, not read by the kiosk: " + leftOut.joined(separator: ", "))
                }
                printError("borne content pack: \(url(a.value("--out")!).path): \(manifest.files.count) files, "
                           + "\(manifest.objects.count) objects, \(bytes(manifest.objectBytes))"
                           + (key == nil ? "; sign it with `borne content sign`" : ", signed"))
                return ExitCode.ok
            } catch {
                return fail("pack", error)
            }
        }
    }

    enum Sign {
        static let help = """
            usage: borne content sign BUNDLE --key FILE

            Checks the bundle's manifest and objects, then writes BUNDLE/manifest.sig:
            the Ed25519 signature of manifest.json's exact bytes by the private key
            FILE (PEM, as `borne keygen` writes it).

            Exit: 0 ok, 64 usage, 65 bundle damaged or key unusable, 66 missing input.
            """

        static func run(_ args: [String]) -> Int32 {
            let a: Arguments
            switch arguments(args, command: "sign", help: help, options: ["--key"], positionals: 1...1, required: ["--key"]) {
            case .success(let p): a = p
            case .failure(let e): return e.code
            }
            let keyFile = url(a.value("--key")!)
            guard FileManager.default.fileExists(atPath: keyFile.path) else {
                printError("borne content sign: \(keyFile.path): no such key file (create one with `borne keygen`)")
                return ExitCode.noInput
            }
            if let warning = Ed25519PrivateKey.permissionWarning(file: keyFile) { printError("borne content sign: warning: \(warning)") }
            do {
                let key = try Ed25519PrivateKey.load(file: keyFile)
                let bundle = url(a.positionals[0])
                try BundleSigner.sign(bundle: bundle, key: key)
                printError("borne content sign: \(bundle.path)/manifest.sig: signed by key \(key.publicKey.hex)")
                return ExitCode.ok
            } catch {
                return fail("sign", error, bundle: url(a.positionals[0]))
            }
        }
    }

    enum Verify {
        static let help = """
            usage: borne content verify BUNDLE --pubkey FILE [--pubkey FILE...]

            Checks BUNDLE as a kiosk would: the signature is by one of the public keys
            (borne.pub: 64 hex digits), the manifest and every path are valid, no
            symbolic link, every object present with its size and SHA-256; then loads
            the content as the kiosk does and lists every problem (a file or item
            skipped, a field dropped: what the kiosks will not show).

            Exit: 0 only when all of it checks out and the content has no problem;
            65 otherwise, with the reasons; 64 usage; 66 a public key file is missing.
            """

        static func run(_ args: [String]) -> Int32 {
            let a: Arguments
            switch arguments(args, command: "verify", help: help, repeatable: ["--pubkey"], positionals: 1...1, required: ["--pubkey"]) {
            case .success(let p): a = p
            case .failure(let e): return e.code
            }
            var keys: [Ed25519PublicKey] = []
            for file in a.values["--pubkey"] ?? [] {
                do { keys.append(try Ed25519PublicKey.load(file: url(file))) } catch {
                    printError("borne content verify: \(error)")
                    return FileManager.default.fileExists(atPath: url(file).path) ? ExitCode.dataErr : ExitCode.noInput
                }
            }
            do {
                let v = try BundleVerifier(trustedKeys: keys).verify(bundle: url(a.positionals[0]))
                let content = try BundleContent.load(bundle: v.directory, manifest: v.manifest)
                let signed = "\(v.manifest.id): signed by \(v.signer.hex), \(v.manifest.files.count) files, "
                    + "\(v.manifest.objects.count) objects, \(bytes(v.manifest.objectBytes)) checked"
                guard content.problems.isEmpty else {
                    let n = content.problems.count
                    printError("borne content verify: \(url(a.positionals[0]).path): signature and objects are good (\(signed)), "
                               + "but the content has \(n) problem\(n == 1 ? "" : "s"): the kiosks will not show what these lines name")
                    for p in content.problems { printError("  \(p)") }
                    printError("Fix the content directory and pack it again (`borne content pack` lists the same problems).")
                    return ExitCode.dataErr
                }
                let items = content.catalog.items.count
                print("ok \(signed); content loads: \(items) item\(items == 1 ? "" : "s"), no problem")
                return ExitCode.ok
            } catch {
                _ = fail("verify", error, bundle: url(a.positionals[0]))
                return ExitCode.dataErr
            }
        }
    }

    enum Diff {
        static let help = """
            usage: borne content diff OLD NEW

            What changes from bundle OLD to bundle NEW (bundle directories, published
            trees, or their manifest.json). For visitors: per section, the items added
            (+), removed (-) and changed (~, with the fields that differ), by name and
            id. Then the files: added, removed and changed paths, and what a kiosk
            holding OLD downloads to get NEW. Signatures are not checked.

            Items are compared only when both bundles hold their objects (a bare
            manifest.json gives the files only; the output says so).

            Exit: 0 ok, 64 usage, 65 a manifest is invalid, 66 missing.
            """

        static func run(_ args: [String]) -> Int32 {
            let a: Arguments
            switch arguments(args, command: "diff", help: help, positionals: 2...2) {
            case .success(let p): a = p
            case .failure(let e): return e.code
            }
            do {
                let (old, oldDir) = try load(a.positionals[0]), (new, newDir) = try load(a.positionals[1])
                printItems(old: (old, oldDir), new: (new, newDir))
                let d = BundleDiff(from: old, to: new)
                print("files:")
                for p in d.added { print("+ \(p)") }
                for p in d.removed { print("- \(p)") }
                for p in d.changed { print("~ \(p)") }
                print("\(old.id) → \(new.id): \(d.added.count) added, \(d.removed.count) removed, \(d.changed.count) changed, "
                      + "\(d.unchanged) unchanged; to fetch: \(d.objectsToFetch.count) objects, \(d.bytesToFetch) bytes")
                return ExitCode.ok
            } catch {
                return fail("diff", error)
            }
        }

        /// Items per section, when both bundles' objects are there.
        static func printItems(old: (BundleManifest, URL), new: (BundleManifest, URL)) {
            let a: ContentLoadResult, b: ContentLoadResult
            do {
                a = try BundleContent.load(bundle: old.1, manifest: old.0)
                b = try BundleContent.load(bundle: new.1, manifest: new.0)
            } catch {
                print("items: not compared (\(error)); the files only:")
                return
            }
            let d = ContentDiff(from: a, to: b)
            if d.sections.isEmpty { print("items: no item added, removed or changed") }
            for s in d.sections {
                print("\(s.section.rawValue) (\(s.section.frenchName)): \(s.before) → \(s.after) items; "
                      + "\(s.added.count) added, \(s.removed.count) removed, \(s.changed.count) changed")
                for c in s.added { print("  + \"\(c.name)\" (\(c.id))") }
                for c in s.removed { print("  - \"\(c.name)\" (\(c.id))") }
                for c in s.changed { print("  ~ \"\(c.name)\" (\(c.id)): \(c.fields.joined(separator: ", "))") }
            }
        }

        /// The manifest and the directory holding its `objects/`.
        static func load(_ path: String) throws -> (BundleManifest, URL) {
            var file = url(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else {
                throw BundleError.notABundle(path: file.path)
            }
            if isDirectory.boolValue { file.appendPathComponent("manifest.json") }
            guard let data = try? Data(contentsOf: file) else { throw BundleError.notABundle(path: file.path) }
            return (try BundleManifest.parse(data, path: file.path), file.deletingLastPathComponent())
        }
    }

    enum Publish {
        static let help = """
            usage: borne content publish BUNDLE --to DIR [--kiosk-config DIR] [--force] [--prune N]

            Adds a signed bundle to DIR, a static tree any HTTP server can serve:
            DIR/objects/ (shared), DIR/bundles/<id>/manifest.json and .sig, and
            DIR/manifest.json and .sig, the latest bundle, written last. Publishing
            the same bundle twice is harmless.

            Refused (exit 65, nothing written), so that what is published reaches the kiosks:
              - a kiosk of --kiosk-config (in the bundle's scope) does not trust the key
                that signed it: add that public key (borne.pub) to its trusted_keys;
              - the latest bundle of DIR is newer: this one would never reach a kiosk
                (re-pack it: a bundle is dated when packed), unless --force;
              - a section of the latest bundle becomes empty or loses more than half
                its items, unless --force.

              --kiosk-config DIR  the kiosks' configurations (default: kiosk-config/)
              --force     make it the latest even if the latest is newer, and publish
                          even if a section empties or halves (never past the key check)
              --prune N   then keep only the N newest bundles and their objects

            Exit: 0 published and now the latest; 64 usage; 65 bundle refused;
            66 missing; 74 I/O error; 78 a kiosk configuration is invalid or missing.
            """

        static func run(_ args: [String]) -> Int32 {
            let a: Arguments
            switch arguments(args, command: "publish", help: help, options: ["--to", "--prune", "--kiosk-config"], flags: ["--force"],
                             positionals: 1...1, required: ["--to"]) {
            case .success(let p): a = p
            case .failure(let e): return e.code
            }
            var keep: Int?
            if let text = a.value("--prune") {
                guard let n = Int(text), n >= 1 else {
                    printError("borne content publish: --prune \(text): expected a number of bundles, at least 1")
                    return ExitCode.usage
                }
                keep = n
            }
            let site = url(a.value("--to")!)
            let bundle = url(a.positionals[0])
            let force = a.flags.contains("--force")
            let kiosks: [KioskConfig]
            switch loadKiosks(a.value("--kiosk-config") ?? "kiosk-config") {
            case .success(let k): kiosks = k
            case .failure(let e): return e.code
            }
            do {
                let signaturePath = bundle.path + "/manifest.sig"
                guard FileManager.default.fileExists(atPath: signaturePath) else { throw BundleError.signatureMissing(path: signaturePath) }
                let hint = try BundleSignature.parse(try Data(contentsOf: URL(fileURLWithPath: signaturePath)), path: signaturePath)
                let verified = try BundleVerifier(trustedKeys: [hint.publicKey]).verify(bundle: bundle)
                if let refused = checkTrust(verified, kiosks: kiosks, configDir: a.value("--kiosk-config") ?? "kiosk-config") { return refused }
                if let refused = checkAgainstLatest(verified, site: site, force: force) { return refused }

                let r = try BundlePublisher.publish(bundle: bundle, to: site, force: force)
                print("\(r.id) published to \(site.path): \(r.objectsWritten) objects written (\(bytes(r.bytesWritten))), "
                      + "\(r.objectsKept) already there" + (r.isLatest ? "; now the latest" : ""))
                guard r.isLatest else {
                    printError("borne content publish: \(r.id) is under \(site.path)/bundles/ but NOT the latest: no kiosk will get it. "
                               + "Re-pack the content (a bundle is dated when packed) and publish that, or --force.")
                    return ExitCode.dataErr
                }
                if let keep {
                    let p = try BundlePublisher.prune(site, keep: keep)
                    print("pruned \(p.bundlesRemoved.count) bundles, \(p.objectsRemoved) objects")
                }
                return ExitCode.ok
            } catch {
                return fail("publish", error, bundle: bundle)
            }
        }

        static func loadKiosks(_ path: String) -> Result<[KioskConfig], Exit> {
            let dir = url(path)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
                printError("borne content publish: \(dir.path): no kiosk configuration directory. Publishing checks that every "
                           + "kiosk trusts the bundle's key: give --kiosk-config DIR, the folder of the kiosks' configs (kiosk-config/<id>.json).")
                return .failure(Exit(code: ExitCode.noInput))
            }
            let all = KioskConfigLoader.validateAll(directory: dir)
            guard all.isValid else {
                printError("borne content publish: --kiosk-config \(dir.path): a kiosk configuration does not load, so its keys cannot be checked:")
                for e in all.errors { printError("  \(e)") }
                return .failure(Exit(code: ExitCode.config))
            }
            guard !all.configs.isEmpty else {
                printError("borne content publish: --kiosk-config \(dir.path): no kiosk configuration (<id>.json) in it")
                return .failure(Exit(code: ExitCode.config))
            }
            return .success(all.configs)
        }

        /// Every kiosk of the bundle's scope must trust the key that signed it.
        static func checkTrust(_ v: VerifiedBundle, kiosks: [KioskConfig], configDir: String) -> Int32? {
            let refusing = PublishCheck.untrustingKiosks(signer: v.signer, manifest: v.manifest, kiosks: kiosks)
            guard !refusing.isEmpty else { return nil }
            let dir = url(configDir).path
            printError("borne content publish: refused: \(refusing.count) kiosk\(refusing.count == 1 ? "" : "s") would reject this bundle "
                       + "at every sync: the key that signed it (\(v.signer.hex)) is not in their trusted_keys: "
                       + refusing.joined(separator: ", ") + ".")
            printError("Either add that public key (the signing key's borne.pub) to \"trusted_keys\" in "
                       + refusing.map { "\(dir)/\($0).json" }.joined(separator: ", ")
                       + " and install those configs on the kiosks (borne setup) before publishing, "
                       + "or sign the bundle with a key they trust (borne content sign). Nothing was published.")
            return ExitCode.dataErr
        }

        /// Refuses a bundle older than the published latest, and one that
        /// empties or halves a section of it (both unless `force`).
        static func checkAgainstLatest(_ v: VerifiedBundle, site: URL, force: Bool) -> Int32? {
            let top = site.appendingPathComponent("manifest.json")
            guard let data = try? Data(contentsOf: top) else { return nil }
            guard let latest = try? BundleManifest.parse(data, path: top.path) else {
                printError("borne content publish: warning: \(top.path) cannot be read as a manifest: it is replaced")
                return nil
            }
            guard latest.id != v.manifest.id else { return nil }
            if latest.created > v.manifest.created {
                let message = "the latest bundle of \(site.path), \(latest.id) (created \(UTCTime.format(latest.created))), "
                    + "is newer than \(v.manifest.id) (created \(UTCTime.format(v.manifest.created))): published, this one would reach no kiosk"
                if !force {
                    printError("borne content publish: refused: \(message). Re-pack the content (a bundle is dated when it is packed) "
                               + "and publish that, or --force to make this older one the latest. Nothing was published.")
                    return ExitCode.dataErr
                }
                printError("borne content publish: warning: \(message); made the latest anyway (--force)")
            }
            let old: ContentLoadResult, new: ContentLoadResult
            do {
                old = try BundleContent.load(bundle: site, manifest: latest)
                new = try BundleContent.load(bundle: v.directory, manifest: v.manifest)
            } catch {
                printError("borne content publish: warning: cannot compare sections with \(latest.id) (\(error)): not checked")
                return nil
            }
            let shrinks = PublishCheck.shrinks(from: old, to: new)
            guard !shrinks.isEmpty else { return nil }
            let head = "\(v.manifest.id) against the latest \(latest.id): " + shrinks.map(\.description).joined(separator: "; ")
            if force {
                printError("borne content publish: warning: \(head); published anyway (--force)")
                return nil
            }
            printError("borne content publish: refused: \(head).")
            printError("A section emptied or halved is usually a broken export or items file: `borne content diff \(site.path) \(v.directory.path)` "
                       + "lists the items removed. If it is meant, publish with --force. Nothing was published.")
            return ExitCode.dataErr
        }
    }
}
