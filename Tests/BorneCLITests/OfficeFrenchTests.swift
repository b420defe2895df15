import BorneTestSupport
import Foundation
import XCTest

/// Every office command answers in French (issue 13): its help, its usage
/// errors, its refusals and what it did, as the built binary prints them.
/// The helps themselves are golden files (HelpGoldenTests); here, the
/// messages of each command, and `--season` saying which dates it used.
final class OfficeFrenchTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "borne-office-fr-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir + "/stick", withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func run(_ args: [String]) throws -> (code: Int32, out: String, err: String) {
        try BuiltBorne.run(args, executable: try BuiltBorne.path(nextTo: Bundle(for: Self.self).bundleURL),
                          directory: URL(fileURLWithPath: dir))
    }

    /// The usage errors of every office command: French, and the way to its help.
    func testUsageErrorsInFrench() throws {
        let db = dir + "/o.db"
        let cases: [([String], String)] = [
            (["office", "trust", "vic-sur-cere", "--db", db], "borne office trust : --key FILE manque"),
            (["office", "trust", "vic-sur-cere", "--key", db, "--db", db, "--new-epoch=oui"],
             "borne office trust : --new-epoch ne prend pas de valeur"),
            (["office", "ingest", "--db", db], "borne office ingest : SOURCE manque"),
            (["office", "report", "--db", db], "borne office report : une période manque"),
            (["office", "fleet"], "borne office fleet : --db FILE manque"),
            (["office", "fleet", "--db", db, "--frob"], "borne office fleet : option inconnue « --frob »"),
            (["office", "stick", "prepare", "--db", db], "borne office stick prepare : DIR manque"),
            (["office", "stick", "prepare", dir + "/stick"], "borne office stick prepare : --db FILE manque"),
            (["office", "stick", "format"], "borne office stick : commande inconnue « format »"),
        ]
        for (args, first) in cases {
            let r = try run(args)
            XCTAssertEqual(r.code, 64, args.joined(separator: " "))
            XCTAssert(r.err.hasPrefix(first), "\(args.joined(separator: " ")): \(r.err)")
            if !args.contains("format") {
                XCTAssert(r.err.contains("Voir `borne office "), r.err)
            }
        }
    }

    /// A key file that is not a key, and a collector that does not answer: in French.
    func testRefusedKeyAndUnreachableCollectorInFrench() throws {
        let key = dir + "/k.key"
        try "abcdef\n".write(toFile: key, atomically: true, encoding: .utf8)
        var r = try run(["office", "trust", "vic-sur-cere", "--key", key, "--db", dir + "/o.db"])
        XCTAssertEqual(r.code, 65)
        XCTAssertEqual(r.err, "borne office trust : \(key) : pas une clé de statistiques (6 caractères, 64 chiffres "
                       + "hexadécimaux attendus) ; apporter une copie de DATA/keys/stats.key de la borne (64 chiffres hexadécimaux)\n")
        try "zz".write(toFile: key, atomically: true, encoding: .utf8)
        r = try run(["office", "trust", "vic-sur-cere", "--key", key, "--db", dir + "/o.db"])
        XCTAssert(r.err.contains("(2 caractères, 64 chiffres hexadécimaux attendus)"), r.err)

        // Port 9 (discard) on loopback: nothing listens there on a test machine.
        r = try run(["office", "ingest", "http://office:secret@127.0.0.1:9/", "--db", dir + "/o.db"])
        XCTAssertEqual(r.code, 69, r.err)
        XCTAssert(r.err.hasPrefix("borne office ingest : http://"), r.err)
        XCTAssert(r.err.contains("127.0.0.1:9/ : connexion impossible (refusée, injoignable ou nom inconnu) ; "
                                 + "vérifier le réseau et l'adresse du collecteur"), r.err)
        XCTAssertFalse(r.err.contains("secret"), "credentials never printed: \(r.err)")
    }

    /// What `stick prepare` did, and a path it refuses on the stick, in French.
    func testStickPrepareAnswersInFrench() throws {
        let db = dir + "/o.db"
        let key = dir + "/k.key"
        try (String(repeating: "ab", count: 32) + "\n").write(toFile: key, atomically: true, encoding: .utf8)
        var r = try run(["office", "trust", "st-jacques-des-blats", "--key", key, "--db", db])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssert(r.out.hasPrefix("borne office trust : st-jacques-des-blats approuvée"), r.out)

        r = try run(["office", "stick", "prepare", dir + "/none", "--db", dir + "/none.db"])
        XCTAssertEqual(r.code, 66)
        XCTAssertEqual(r.err, "borne office stick prepare : \(dir)/none.db : base introuvable (borne office trust la crée)\n")

        r = try run(["office", "stick", "prepare", dir + "/stick", "--db", db])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssert(r.out.contains("borne office stick prepare : \(dir)/stick porte les statistiques (1 reçu(s))"), r.out)

        // A FIFO where the receipts folder belongs: refused by its name, in French.
        try FileManager.default.removeItem(atPath: dir + "/stick/borne/receipts")
        XCTAssertEqual(mkfifo(dir + "/stick/borne/receipts", 0o644), 0)
        r = try run(["office", "stick", "prepare", dir + "/stick", "--db", db])
        XCTAssertEqual(r.code, 65, r.err)
        XCTAssert(r.err.hasPrefix("borne office stick prepare : \(dir)/stick/borne/receipts : refusé, c'est une FIFO "
                                  + "sur la clé là où un dossier est attendu"), r.err)
    }

    /// `--season` says which dates it took, and from which file: the office sets them.
    func testSeasonSaysWhichDatesItUsed() throws {
        XCTAssertEqual(try run(["office", "ingest", dir + "/stick", "--db", dir + "/o.db"]).code, 0)
        let config = dir + "/office-config.json"
        try #"{"seasons": {"hiver": {"from": "12-01", "to": "03-31"}}}"#.write(toFile: config, atomically: true, encoding: .utf8)
        let r = try run(["office", "report", "--db", dir + "/o.db", "--season", "hiver", "--year", "2026",
                         "--office-config", config, "--content", BuiltBorne.repoRoot.appendingPathComponent("content").path])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(r.err, "borne office report : hiver 2026-2027 (du 1er décembre 2026 au 31 mars 2027) : "
                       + "dates de la saison lues dans \(config) (fixées par l'office)\n")
        XCTAssert(r.out.contains("aucune donnée pour hiver 2026-2027 (du 1er décembre 2026 au 31 mars 2027)"), r.out)
    }

    /// The kiosks' names come from `--kiosk-config` (issue 12): a renamed
    /// kiosk is named so, one the directory lacks is said to be missing, and
    /// a directory that is not there is refused.
    func testKioskNamesComeFromTheKioskConfigs() throws {
        let db = dir + "/o.db"
        let key = dir + "/stats.key"
        try (String(repeating: "ab", count: 32) + "\n").write(toFile: key, atomically: true, encoding: .utf8)
        for k in ["raulhac", "borne-essai"] { XCTAssertEqual(try run(["office", "trust", k, "--key", key, "--db", db]).code, 0) }
        let configs = URL(fileURLWithPath: dir + "/configs")
        try FileManager.default.copyItem(at: BuiltBorne.repoRoot.appendingPathComponent("kiosk-config"), to: configs)
        let raulhac = configs.appendingPathComponent("raulhac.json")
        let text = try String(contentsOf: raulhac, encoding: .utf8).replacingOccurrences(of: "\"name\": \"Raulhac\"", with: "\"name\": \"Raulhac, le bourg\"")
        try text.write(to: raulhac, atomically: true, encoding: .utf8)
        let r = try run(["office", "fleet", "--db", db, "--now", "2021-01-01T00:00:00Z", "--kiosk-config", configs.path])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssert(r.out.contains("ALERTE raulhac (Raulhac, le bourg) : jamais de nouvelles"), r.out)
        XCTAssert(r.out.contains("ALERTE borne-essai (absente des configurations des bornes) : jamais de nouvelles"), r.out)

        let missing = try run(["office", "report", "--db", db, "--year", "2020", "--kiosk-config", dir + "/nowhere"])
        XCTAssertEqual(missing.code, 66)
        XCTAssert(missing.err.hasSuffix("borne office report : \(dir)/nowhere : dossier des configurations des bornes introuvable (--kiosk-config)\n"),
                  missing.err)
        XCTAssertEqual(try run(["office", "fleet", "--db", db, "--kiosk-config", dir + "/nowhere"]).code, 66)
    }
}
