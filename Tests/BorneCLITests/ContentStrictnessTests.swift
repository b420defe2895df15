import Foundation
import XCTest
import BorneBundle
import BorneContent
@testable import borne

/// The contractor's content path does not fail silently: a pack, build,
/// verify or publish that would leave kiosks showing less than the office
/// wrote refuses, saying what and where (issue "The contractor publishes only
/// what the kiosks can show").
class ContentCLITestCase: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let content = root.appendingPathComponent("content")
    static let fixtures = root.appendingPathComponent("Tests/BorneContentTests/ApidaeFixtures")
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("borne-strict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    func path(_ name: String) -> String { tmp.appendingPathComponent(name).path }

    struct Run { var status: Int32; var out: String; var err: String }

    /// Runs `body` with stdout and stderr going to files, and returns what it printed.
    func run(_ body: () -> Int32) throws -> Run {
        fflush(nil)
        let outFile = path("stdout-\(UUID().uuidString)"), errFile = path("stderr-\(UUID().uuidString)")
        let savedOut = dup(1), savedErr = dup(2)
        let o = open(outFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600), e = open(errFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertTrue(o >= 0 && e >= 0)
        dup2(o, 1); dup2(e, 2); close(o); close(e)
        let status = body()
        fflush(nil)
        dup2(savedOut, 1); dup2(savedErr, 2); close(savedOut); close(savedErr)
        return Run(status: status, out: try String(contentsOfFile: outFile, encoding: .utf8),
                   err: try String(contentsOfFile: errFile, encoding: .utf8))
    }

    func content(_ args: [String]) throws -> Run { try run { ContentCommand.run(args) } }

    /// A copy of the demo content, changed by `edit` (file path relative to it → new text).
    func demoCopy(_ name: String, _ edit: [String: (String) -> String] = [:]) throws -> URL {
        let dir = tmp.appendingPathComponent(name)
        try FileManager.default.copyItem(at: Self.content, to: dir)
        for (file, change) in edit {
            let url = dir.appendingPathComponent(file)
            try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// The issue's stray comma: `{ , "id": ...` in the first item of manger.json.
    static func strayComma(_ text: String) -> String {
        guard let r = text.range(of: "\"id\"") else { return text }
        return text.replacingCharacters(in: r, with: ", \"id\"")
    }

    func keys() throws -> (key: String, pub: String, hex: String) {
        XCTAssertEqual(KeygenCommand.run(["--out", path("keys")]), 0)
        let hex = try String(contentsOfFile: path("keys/borne.pub"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return (path("keys/borne.key"), path("keys/borne.pub"), hex)
    }
}

final class ContentStrictnessTests: ContentCLITestCase {
    func testTheDemoContentPacksWithoutAnyProblem() throws {
        XCTAssertEqual(try ContentLoader.load(directory: Self.content).problems.map(\.description), [])
        let r = try content(["pack", Self.content.path, "--out", path("b")])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertFalse(r.err.contains("problem"), r.err)
    }

    func testAStrayCommaRefusesThePackListingTheFile() throws {
        let c = try demoCopy("c", ["items/manger.json": Self.strayComma])
        let r = try content(["pack", c.path, "--out", path("b")])
        XCTAssertEqual(r.status, 65, r.err)
        XCTAssertTrue(r.err.contains("refused: 1 content problem"), r.err)
        XCTAssertTrue(r.err.contains("c/items/manger.json: invalid JSON at line 5"), r.err)
        XCTAssertTrue(r.err.contains("(file skipped)"), r.err)
        XCTAssertTrue(r.err.contains("--allow-problems"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("b")), "no bundle is written")

        let allowed = try content(["pack", c.path, "--out", path("b"), "--allow-problems"])
        XCTAssertEqual(allowed.status, 0, allowed.err)
        XCTAssertTrue(allowed.err.contains("packed anyway (--allow-problems)"), allowed.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("b/manifest.json")))
    }

    func testEveryProblemIsListedWithItsItemAndField() throws {
        let c = try demoCopy("c", [
            "items/manger.json": Self.strayComma,
            "items/commerces.json": { $0.replacingOccurrences(of: "\"website\": \"", with: "\"website\": \"ht!tp:") },
            "items/dormir.json": { t in
                guard let r = t.range(of: "\"id\": \"") else { return t }
                return t.replacingCharacters(in: r, with: "\"id\": \"Bad Id ")
            },
        ])
        let r = try content(["pack", c.path, "--out", path("b")])
        XCTAssertEqual(r.status, 65, r.err)
        let lines = r.err.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.contains("items/manger.json") && $0.contains("(file skipped)") }, r.err)
        XCTAssertTrue(lines.contains { $0.contains("items/dormir.json: items[0]: field \"id\"") && $0.contains("(item skipped)") }, r.err)
        XCTAssertTrue(lines.contains { $0.contains("items/commerces.json: item \"") && $0.contains("field \"website\"") }, r.err)
    }

    func testBuildRefusesExtraContentWithProblemsAndAllowsThemOnRequest() throws {
        let c = try demoCopy("c", ["items/manger.json": Self.strayComma])
        let export = Self.fixtures.appendingPathComponent("export").path
        let r = try run { ContentBuildCommand.run(["--apidae", export, "--extra", c.path, "--gpx", Self.content.appendingPathComponent("gpx").path,
                                                   "--out", self.path("b")]) }
        XCTAssertEqual(r.status, 65, r.err)
        XCTAssertTrue(r.err.contains("--extra: items/manger.json: invalid JSON"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("b")))
        let allowed = try run { ContentBuildCommand.run(["--apidae", export, "--extra", c.path, "--gpx", Self.content.appendingPathComponent("gpx").path,
                                                         "--out", self.path("b"), "--allow-problems"]) }
        XCTAssertEqual(allowed.status, 0, allowed.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("b/manifest.json")))
    }

    func testAHikeWhoseGPXIsMissingIsAProblemNotANote() throws {
        // The APIDAE trek names its PLAN GPX; without --gpx the hike would have no track.
        let trek = Self.fixtures.appendingPathComponent("geotrek_a_trek_FIXTURE_itineraire_multimedias_PLAN_gpx.json").path
        let r = try run { ContentBuildCommand.run(["--apidae", trek, "--extra", Self.content.path, "--out", self.path("b")]) }
        XCTAssertEqual(r.status, 65, r.out + r.err)
        XCTAssertTrue(r.err.contains("object 123123: field multimedias: PLAN names apidae_test_trek.gpx"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("b")))

        // The same in hand-made content: a hike naming a GPX that is not there.
        let c = try demoCopy("c", ["items/randonnees.json": { $0.replacingOccurrences(of: "gpx/puy-griou.gpx", with: "gpx/absente.gpx") }])
        let p = try content(["pack", c.path, "--out", path("b2")])
        XCTAssertEqual(p.status, 65, p.err)
        XCTAssertTrue(p.err.contains("field \"hike.gpx\": file gpx/absente.gpx not found"), p.err)
    }

    func testVerifyLoadsTheContentAsTheKioskDoes() throws {
        let k = try keys()
        let c = try demoCopy("c", ["items/manger.json": Self.strayComma])
        XCTAssertEqual(try content(["pack", c.path, "--out", path("b"), "--key", k.key, "--allow-problems"]).status, 0)
        let r = try content(["verify", path("b"), "--pubkey", k.pub])
        XCTAssertEqual(r.status, 65, r.out + r.err)
        XCTAssertTrue(r.err.contains("signature and objects are good"), r.err)
        XCTAssertTrue(r.err.contains("items/manger.json: invalid JSON"), r.err)
        XCTAssertFalse(r.out.hasPrefix("ok"), r.out)

        XCTAssertEqual(try content(["pack", Self.content.path, "--out", path("good"), "--key", k.key]).status, 0)
        let good = try content(["verify", path("good"), "--pubkey", k.pub])
        XCTAssertEqual(good.status, 0, good.err)
        XCTAssertTrue(good.out.contains("content loads:"), good.out)
    }
}

/// `borne content publish` refuses what would not reach every kiosk, or would
/// reach them broken.
final class PublishChecksTests: ContentCLITestCase {
    /// A kiosk-config directory: the committed configs with `trusted_keys` set (per id, default `keys`).
    func kioskConfigs(_ name: String, keys: [String], except: [String: [String]] = [:]) throws -> String {
        let dir = tmp.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let source = Self.root.appendingPathComponent("kiosk-config")
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) where file.hasSuffix(".json") {
            var o = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent(file))) as? [String: Any])
            o["trusted_keys"] = except[String(file.dropLast(5))] ?? keys
            try JSONSerialization.data(withJSONObject: o).write(to: dir.appendingPathComponent(file))
        }
        return dir.path
    }

    func pack(_ content: URL, _ name: String, created: String, key: String, extra: [String] = []) throws {
        let r = try self.content(["pack", content.path, "--out", path(name), "--created", created, "--key", key] + extra)
        XCTAssertEqual(r.status, 0, r.err)
    }

    func testABundleSignedByAKeyNoKioskTrustsIsRefusedEvenWithForce() throws {
        let k = try keys()
        try pack(Self.content, "b", created: "2026-11-26T18:00:00Z", key: k.key)
        // The committed configs trust no key at all.
        let committed = try content(["publish", path("b"), "--to", path("site"), "--kiosk-config", Self.root.appendingPathComponent("kiosk-config").path, "--force"])
        XCTAssertEqual(committed.status, 65, committed.err)
        XCTAssertTrue(committed.err.contains("8 kiosks would reject this bundle"), committed.err)
        XCTAssertTrue(committed.err.contains("vic-sur-cere") && committed.err.contains("table-rando"), committed.err)
        XCTAssertTrue(committed.err.contains("add that public key (the signing key's borne.pub) to \"trusted_keys\""), committed.err)
        XCTAssertTrue(committed.err.contains(k.hex), committed.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("site/manifest.json")), "nothing published")

        // Two kiosks trust another key: only they are named.
        let other = String(repeating: "ab", count: 32)
        let some = try kioskConfigs("some", keys: [k.hex], except: ["thiezac": [other], "raulhac": []])
        let r = try content(["publish", path("b"), "--to", path("site"), "--kiosk-config", some])
        XCTAssertEqual(r.status, 65, r.err)
        XCTAssertTrue(r.err.contains("2 kiosks would reject this bundle") && r.err.contains(": raulhac, thiezac."), r.err)
        XCTAssertFalse(r.err.contains("vic-sur-cere"), r.err)

        // A bundle scoped to the kiosks that trust it goes through.
        try pack(Self.content, "scoped", created: "2026-11-26T18:00:00Z", key: k.key, extra: ["--scope", "vic-sur-cere,pailherols"])
        XCTAssertEqual(try content(["publish", path("scoped"), "--to", path("site"), "--kiosk-config", some]).status, 0)

        let all = try kioskConfigs("all", keys: [k.hex])
        let ok = try content(["publish", path("b"), "--to", path("site2"), "--kiosk-config", all])
        XCTAssertEqual(ok.status, 0, ok.err)
        XCTAssertTrue(ok.out.contains("now the latest"), ok.out)
        // No such directory: said, not skipped.
        XCTAssertEqual(try content(["publish", path("b"), "--to", path("site3"), "--kiosk-config", path("none")]).status, 66)
    }

    func testPublishingAnOlderBundleIsRefusedNotReportedAsSuccess() throws {
        let k = try keys()
        let all = try kioskConfigs("all", keys: [k.hex])
        try pack(Self.content, "new", created: "2026-11-27T18:00:00Z", key: k.key)
        try pack(Self.content, "old", created: "2026-11-26T18:00:00Z", key: k.key)
        XCTAssertEqual(try content(["publish", path("new"), "--to", path("site"), "--kiosk-config", all]).status, 0)
        let r = try content(["publish", path("old"), "--to", path("site"), "--kiosk-config", all])
        XCTAssertEqual(r.status, 65, r.out + r.err)
        XCTAssertTrue(r.err.contains("is newer than") && r.err.contains("Re-pack the content"), r.err)
        XCTAssertEqual(try BundleManifest.parse(Data(contentsOf: URL(fileURLWithPath: path("site/manifest.json")))).id,
                       try BundleManifest.parse(Data(contentsOf: URL(fileURLWithPath: path("new/manifest.json")))).id)
        let forced = try content(["publish", path("old"), "--to", path("site"), "--kiosk-config", all, "--force"])
        XCTAssertEqual(forced.status, 0, forced.err)
        XCTAssertTrue(forced.out.contains("now the latest"), forced.out)
    }

    /// The issue: a build, then a re-pack of the edited content directory,
    /// whose bundle.json still had the old `created`: the re-pack counted as
    /// older, publish said "a newer bundle stays the latest" and exited 0.
    func testARepackAfterABuildBecomesTheLatest() throws {
        let k = try keys()
        let all = try kioskConfigs("all", keys: [k.hex])
        let export = Self.fixtures.appendingPathComponent("export").path
        let built = try run { ContentBuildCommand.run(["--apidae", export, "--extra", Self.content.path,
                                                       "--gpx", Self.content.appendingPathComponent("gpx").path,
                                                       "--out", self.path("built"), "--key", k.key]) }
        XCTAssertEqual(built.status, 0, built.err)
        XCTAssertEqual(try content(["publish", path("built"), "--to", path("site"), "--kiosk-config", all]).status, 0)
        let c = try demoCopy("c", ["items/manger.json": { $0.replacingOccurrences(of: "Buron Fleuri", with: "Buron Refleuri") }])
        let packed = try content(["pack", c.path, "--out", path("repack"), "--key", k.key])
        XCTAssertEqual(packed.status, 0, packed.err)
        let r = try content(["publish", path("repack"), "--to", path("site"), "--kiosk-config", all])
        XCTAssertEqual(r.status, 0, r.out + r.err)
        XCTAssertTrue(r.out.contains("now the latest"), r.out)
        let latest = try BundleManifest.parse(Data(contentsOf: URL(fileURLWithPath: path("site/manifest.json"))))
        XCTAssertEqual(latest.id, try BundleManifest.parse(Data(contentsOf: URL(fileURLWithPath: path("repack/manifest.json")))).id)
    }

    func testASectionThatEmptiesOrHalvesIsRefusedUnlessForced() throws {
        let k = try keys()
        let all = try kioskConfigs("all", keys: [k.hex])
        try pack(Self.content, "v1", created: "2026-11-26T18:00:00Z", key: k.key)
        XCTAssertEqual(try content(["publish", path("v1"), "--to", path("site"), "--kiosk-config", all]).status, 0)
        // manger.json broken and packed anyway: "Où manger ?" would be empty on every kiosk.
        let broken = try demoCopy("broken", ["items/manger.json": Self.strayComma])
        try pack(broken, "v2", created: "2026-11-27T18:00:00Z", key: k.key, extra: ["--allow-problems"])
        let r = try content(["publish", path("v2"), "--to", path("site"), "--kiosk-config", all])
        XCTAssertEqual(r.status, 65, r.err)
        XCTAssertTrue(r.err.contains("manger: 8 items → none (the section would be empty)"), r.err)
        XCTAssertTrue(r.err.contains("borne content diff"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("site/bundles/") + (try BundleManifest.parse(Data(contentsOf: URL(fileURLWithPath: path("v2/manifest.json"))))).id))

        // Three of eight "dormir" left: more than half lost.
        let fewer = try demoCopy("fewer", ["items/dormir.json": { text in
            var o = try! JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
            o["items"] = Array((o["items"] as! [Any]).prefix(3))
            return String(decoding: try! JSONSerialization.data(withJSONObject: o), as: UTF8.self)
        }])
        try pack(fewer, "v3", created: "2026-11-28T18:00:00Z", key: k.key)
        let h = try content(["publish", path("v3"), "--to", path("site"), "--kiosk-config", all])
        XCTAssertEqual(h.status, 65, h.err)
        XCTAssertTrue(h.err.contains("dormir: 9 items → 3 (loses 6, more than half)"), h.err)
        let forced = try content(["publish", path("v3"), "--to", path("site"), "--kiosk-config", all, "--force"])
        XCTAssertEqual(forced.status, 0, forced.err)
        XCTAssertTrue(forced.err.contains("published anyway (--force)"), forced.err)
    }
}

/// `borne content diff OLD NEW`: what changes for visitors, item by item.
final class ContentDiffCommandTests: ContentCLITestCase {
    func testItemsAddedRemovedAndChangedPerSectionByName() throws {
        XCTAssertEqual(try content(["pack", Self.content.path, "--out", path("a")]).status, 0)
        let c = try demoCopy("c", ["items/manger.json": { text in
            var o = try! JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
            var items = o["items"] as! [[String: Any]]
            let gone = items.removeFirst()
            XCTAssertEqual(gone["id"] as? String, "brasserie-du-kiosque")
            var renamed = items.first { $0["id"] as? String == "auberge-du-buron-fleuri" }!
            renamed["name"] = ["fr": "Auberge du Buron Refleuri"]
            renamed["phone"] = "04 71 00 00 01"
            items = items.map { $0["id"] as? String == "auberge-du-buron-fleuri" ? renamed : $0 }
            items.append(["id": "nouvelle-table", "name": ["fr": "La Nouvelle Table"]])
            o["items"] = items
            return String(decoding: try! JSONSerialization.data(withJSONObject: o), as: UTF8.self)
        }])
        XCTAssertEqual(try content(["pack", c.path, "--out", path("b")]).status, 0)
        let r = try content(["diff", path("a"), path("b")])
        XCTAssertEqual(r.status, 0, r.err)
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("manger (Où manger ?): 8 → 8 items; 1 added, 1 removed, 1 changed"), r.out)
        XCTAssertTrue(lines.contains("  + \"La Nouvelle Table\" (nouvelle-table)"), r.out)
        XCTAssertTrue(lines.contains { $0.hasPrefix("  - \"") && $0.hasSuffix("(brasserie-du-kiosque)") }, r.out)
        XCTAssertTrue(lines.contains("  ~ \"Auberge du Buron Refleuri\" (auberge-du-buron-fleuri): name, phone"), r.out)
        XCTAssertFalse(r.out.contains("dormir"), "an unchanged section is not listed:\n\(r.out)")
        XCTAssertTrue(lines.contains("~ items/manger.json"), r.out)

        // A published tree against a bundle; a bare manifest gives the files only, and says so.
        let k = try keys()
        XCTAssertEqual(try content(["sign", path("a"), "--key", k.key]).status, 0)
        XCTAssertEqual(BundlePublisher.publishForTests(path("a"), to: path("site")), true)
        let tree = try content(["diff", path("site"), path("b")])
        XCTAssertTrue(tree.out.contains("1 added, 1 removed, 1 changed"), tree.out)
        try FileManager.default.createDirectory(atPath: path("bare"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: path("a/manifest.json"), toPath: path("bare/manifest.json"))
        let bare = try content(["diff", path("bare/manifest.json"), path("b")])
        XCTAssertEqual(bare.status, 0, bare.err)
        XCTAssertTrue(bare.out.hasPrefix("items: not compared ("), bare.out)
    }

    func testAnEmptiedSectionShowsEveryItemRemoved() throws {
        XCTAssertEqual(try content(["pack", Self.content.path, "--out", path("a")]).status, 0)
        let broken = try demoCopy("broken", ["items/manger.json": Self.strayComma])
        XCTAssertEqual(try content(["pack", broken.path, "--out", path("b"), "--allow-problems"]).status, 0)
        let r = try content(["diff", path("a"), path("b")])
        XCTAssertTrue(r.out.contains("manger (Où manger ?): 8 → 0 items; 0 added, 8 removed, 0 changed"), r.out)
        XCTAssertEqual(r.out.split(separator: "\n").filter { $0.hasPrefix("  - ") }.count, 8, r.out)
    }
}

extension BundlePublisher {
    static func publishForTests(_ bundle: String, to site: String) -> Bool {
        (try? publish(bundle: URL(fileURLWithPath: bundle), to: URL(fileURLWithPath: site)).isLatest) ?? false
    }
}

/// Signing with `borne.pub` by mistake says so, without a chmod hint or a raw OpenSSL error.
final class SigningKeyMistakeTests: ContentCLITestCase {
    func testSigningWithThePublicKeySaysToUseBorneKey() throws {
        let k = try keys()
        XCTAssertEqual(try content(["pack", Self.content.path, "--out", path("b")]).status, 0)
        let attempts: [(String, () -> Int32)] = [
            ("sign", { ContentCommand.run(["sign", self.path("b"), "--key", k.pub]) }),
            ("pack", { ContentCommand.run(["pack", Self.content.path, "--out", self.path("b2"), "--key", k.pub]) }),
            ("build", { ContentBuildCommand.run(["--extra", Self.content.path, "--out", self.path("b3"), "--key", k.pub]) }),
        ]
        for (name, attempt) in attempts {
            let r = try run(attempt)
            XCTAssertEqual(r.status, 65, name + ": " + r.err)
            XCTAssertTrue(r.err.contains("this is a public key"), name + ": " + r.err)
            XCTAssertTrue(r.err.contains("sign with the private key: borne.key"), name + ": " + r.err)
            XCTAssertFalse(r.err.contains("chmod"), name + ": " + r.err)
            XCTAssertFalse(r.err.contains("PEM") || r.err.contains("error:"), name + ": " + r.err)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("b/manifest.sig")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("b2")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("b3")))
    }
}

/// `borne content build` and `pack` say what they did, once and truly.
final class BuildOutputTests: ContentCLITestCase {
    func testBuildNamesNoVanishedFolderCountsOnceAndSeesTheExtraGPXAsUsed() throws {
        let export = Self.fixtures.appendingPathComponent("export").path
        let r = try run { ContentBuildCommand.run(["--apidae", export, "--extra", Self.content.path,
                                                   "--gpx", Self.content.appendingPathComponent("gpx").path,
                                                   "--out", self.path("b"), "--report", self.path("report.txt")]) }
        XCTAssertEqual(r.status, 0, r.err)
        // The temporary content directory is gone when the command returns: not named.
        XCTAssertFalse(r.out.contains("borne-build-"), r.out)
        XCTAssertTrue(r.out.hasPrefix("built version apidae-"), r.out)
        // One count of notes, the same in the summary, the last line and the report.
        let summaryNotes = try XCTUnwrap(r.out.range(of: #"(\d+) notes?"#, options: .regularExpression).map { String(r.out[$0]) })
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("  \(summaryNotes) (") }, r.out)
        let report = try String(contentsOfFile: path("report.txt"), encoding: .utf8).split(separator: "\n").map(String.init)
        let n = Int(summaryNotes.split(separator: " ")[0])!
        XCTAssertEqual(report.filter { !$0.hasPrefix("untranslated: ") }.count, 1 + n,
                       "the summary, then one line per note (no problem):\n\(report.joined(separator: "\n"))")
        // --gpx is the --extra content's own gpx/: those files are in use.
        XCTAssertFalse(report.contains { $0.contains("is used by no item") }, report.joined(separator: "\n"))
        // A file really unused is still noted.
        let gpx = tmp.appendingPathComponent("gpx")
        try FileManager.default.copyItem(at: Self.content.appendingPathComponent("gpx"), to: gpx)
        try FileManager.default.copyItem(at: gpx.appendingPathComponent("puy-griou.gpx"), to: gpx.appendingPathComponent("orpheline.gpx"))
        let again = try run { ContentBuildCommand.run(["--apidae", export, "--extra", Self.content.path, "--gpx", gpx.path,
                                                       "--out", self.path("b2"), "--report", self.path("report2.txt")]) }
        XCTAssertEqual(again.status, 0, again.err)
        let report2 = try String(contentsOfFile: path("report2.txt"), encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(report2.filter { $0.contains("is used by no item") }, ["note: --gpx orpheline.gpx is used by no item"])

        // Kept with --content-out: then it is named.
        let kept = try run { ContentBuildCommand.run(["--apidae", export, "--extra", Self.content.path,
                                                      "--gpx", Self.content.appendingPathComponent("gpx").path, "--content-out", self.path("dir")]) }
        XCTAssertTrue(kept.out.hasPrefix("wrote \(path("dir")) (version "), kept.out)
    }

    /// Hostile inputs 7: 100,001 empty objects are one line of the refusal, not 100,001.
    func testRepeatedSkipsAreSummarisedOnTheTerminal() throws {
        let file = tmp.appendingPathComponent("export/objets_modifies/objets_modifies-1.json")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(("[" + Array(repeating: "{}", count: 100_001).joined(separator: ",") + "]").utf8).write(to: file)
        let r = try run { ContentBuildCommand.run(["--apidae", self.path("export"), "--extra", Self.content.path, "--out", self.path("b")]) }
        XCTAssertEqual(r.status, 65, r.err)
        XCTAssertTrue(r.err.contains("export:objets_modifies/objets_modifies-1.json: 100,001 objects without an id: skipped: the object has no id"), r.err)
        XCTAssertLessThan((r.out + r.err).split(separator: "\n").count, 30, r.out + r.err)
    }

    func testPackShipsOnlyWhatTheKioskReads() throws {
        let r = try content(["pack", Self.content.path, "--out", path("b")])
        XCTAssertEqual(r.status, 0, r.err)
        let paths = try BundleManifest.parse(Data(contentsOf: URL(fileURLWithPath: path("b/manifest.json")))).files.map(\.path)
        XCTAssertFalse(paths.contains { $0.hasPrefix("tools/") }, "\(paths)")
        XCTAssertTrue(paths.contains("items/manger.json") && paths.contains("gpx/puy-griou.gpx") && paths.contains("bundle.json"), "\(paths)")
        // The school holidays are read by the kiosk (`SH` in opening hours): they travel.
        XCTAssertTrue(paths.contains("holidays/school-zone-a.json"), "\(paths)")
        // So are the communes the hike maps label.
        XCTAssertTrue(paths.contains("communes.json"), "\(paths)")
        XCTAssertTrue(r.err.contains("left out, not read by the kiosk: tools/make_demo_gpx.py"), r.err)
        XCTAssertTrue(BundleWriter.isKioskFile("holidays/school-zone-a.json"), "the school-holiday calendar travels")
        XCTAssertFalse(BundleWriter.isKioskFile("tools/make_demo_gpx.py"))
        XCTAssertFalse(BundleWriter.isKioskFile("notes.txt"))
        let built = try run { ContentBuildCommand.run(["--extra", Self.content.path, "--out", self.path("b2")]) }
        XCTAssertEqual(built.status, 0, built.err)
        let builtPaths = try BundleManifest.parse(Data(contentsOf: URL(fileURLWithPath: path("b2/manifest.json")))).files.map(\.path)
        XCTAssertFalse(builtPaths.contains { $0.hasPrefix("tools/") }, "\(builtPaths)")
    }
}

/// What visitors will read in French: counted per language and section by
/// `pack` and `build`, the items listed with `--report`. Never a refusal.
final class UntranslatedReportTests: ContentCLITestCase {
    func testPackCountsUntranslatedTextsPerLanguageAndSectionAndListsTheItems() throws {
        let c = try demoCopy("c", ["items/manger.json": {
            $0.replacingOccurrences(of: #""name": {"fr": "Auberge du Buron Fleuri", "en": "Auberge du Buron Fleuri", "#,
                                    with: #""name": {"fr": "Auberge du Buron Fleuri", "#)
        }])
        let base = UntranslatedReport(catalog: try ContentLoader.load(directory: Self.content).catalog)
        let before = base.counts[.en]?[.manger] ?? 0
        let r = try content(["pack", c.path, "--out", path("b"), "--report", path("untranslated.txt")])
        XCTAssertEqual(r.status, 0, "a report, not a refusal: " + r.err)
        let enLine = try XCTUnwrap(r.err.split(separator: "\n").first { $0.hasPrefix("  en: ") }, r.err)
        XCTAssertTrue(enLine.contains("manger \(before + 1)"), String(enLine))
        let listed = try String(contentsOfFile: path("untranslated.txt"), encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertTrue(listed.contains("untranslated: en: items/manger.json: item \"auberge-du-buron-fleuri\": name"), listed.joined(separator: "\n"))
        XCTAssertEqual(listed.count, base.entries.count + 1)
        XCTAssertTrue(listed.first?.hasPrefix("untranslated: en: ") == true, "grouped by language")
        // The count per language is the number of texts listed for it.
        let enTexts = listed.filter { $0.hasPrefix("untranslated: en: ") }
            .map { $0.components(separatedBy: "\": ").last!.components(separatedBy: ", ").count }.reduce(0, +)
        XCTAssertTrue(enLine.hasPrefix("  en: \(enTexts) text"), "\(enLine) vs \(enTexts)")
    }

    func testBuildReportsThemToo() throws {
        let r = try run { ContentBuildCommand.run(["--extra", Self.content.path, "--out", self.path("b"), "--report", self.path("report.txt")]) }
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.err.contains("borne content build: untranslated: "), r.err)
        XCTAssertTrue(r.err.contains("  de: "), r.err)
        let report = try String(contentsOfFile: path("report.txt"), encoding: .utf8)
        XCTAssertTrue(report.contains("untranslated: de: items/"), report)
    }
}
