import Foundation
import XCTest
import BorneCore
import BorneContent

final class KioskConfigLoaderTests: XCTestCase {
    /// The `id` column of shared/data/seed-2020/kiosks.tsv, which CI does not have.
    static let kioskIDs = [
        "vic-sur-cere", "st-jacques-des-blats", "polminhac", "thiezac",
        "raulhac", "pailherols", "pas-de-cere", "table-rando",
    ]
    /// Its `connectivity` column, in the configs' vocabulary.
    static let connectivity: [String: KioskConfig.Connectivity] = [
        "vic-sur-cere": .officeNetwork, "st-jacques-des-blats": .none, "polminhac": .communeInternet,
        "thiezac": .communeInternet, "raulhac": .communeInternet, "pailherols": .communeInternet,
        "pas-de-cere": .cellular4G, "table-rando": .officeNetwork,
    ]

    func testEveryKioskConfigLoadsAndMatchesTheKioskList() throws {
        let validation = KioskConfigLoader.validateAll(directory: Repo.kioskConfig)
        XCTAssertEqual(validation.errors.map(\.description), [])
        XCTAssertEqual(Set(validation.configs.map(\.id)), Set(Self.kioskIDs))
        for config in validation.configs {
            XCTAssertEqual(config.connectivity, Self.connectivity[config.id], config.id)
            XCTAssertEqual(config.languages, Language.allCases, config.id)
            XCTAssertEqual(config.idleSeconds, 60)
            XCTAssertTrue(config.sections.contains(.urgences) && config.sections.contains(.office), config.id)
        }
        let byID = Dictionary(uniqueKeysWithValues: validation.configs.map { ($0.id, $0) })
        XCTAssertEqual(Array(byID["vic-sur-cere"]!.sections.prefix(3)), [.dormir, .manger, .agenda])
        XCTAssertEqual(byID["pailherols"]!.sections.first, .randonnees)
        XCTAssertEqual(byID["table-rando"]!.sections, [.randonnees, .meteo, .office, .urgences])
    }

    func testHighlightedHikesExistInTheContent() throws {
        let catalog = try ContentLoader.load(directory: Repo.content).catalog
        for config in KioskConfigLoader.validateAll(directory: Repo.kioskConfig).configs {
            let id = try XCTUnwrap(config.highlightHike, config.id)
            XCTAssertEqual(catalog.item(id: id)?.section, .randonnees, "\(config.id): \(id)")
        }
    }

    // MARK: - Bad configs

    static let valid = """
        {"id": "x", "name": "X", "commune": "Vic-sur-Cère", "place": "ici", "connectivity": "4g",
         "sections": ["dormir", "office", "urgences"], "languages": ["fr", "en"],
         "idle_seconds": 60, "attract_seconds": 180, "weather_stale_minutes": 180,
         "maintenance_pin": "2020", "highlight_hike": null, "trusted_keys": []}
        """

    /// The valid config with some members replaced (a JSON fragment each).
    func decode(replacing changes: [String: String] = [:], adding extra: String? = nil) throws -> KioskConfig {
        var text = Self.valid
        for (key, value) in changes {
            let pattern = "\"\(key)\": "
            let start = try XCTUnwrap(text.range(of: pattern), key)
            var depth = 0, end = start.upperBound
            while end < text.endIndex {
                let c = text[end]
                if c == "[" { depth += 1 }
                if c == "]" { depth -= 1 }
                if depth == 0 && (c == "," || c == "}") { break }
                end = text.index(after: end)
            }
            text.replaceSubrange(start.upperBound..<end, with: value)
        }
        if let extra { text = text.replacingOccurrences(of: "\"trusted_keys\": []", with: "\"trusted_keys\": [], " + extra) }
        return try KioskConfigLoader.decode(Data(text.utf8), file: "kiosk-config/x.json")
    }

    func assertError(_ changes: [String: String], adding extra: String? = nil, _ expected: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try decode(replacing: changes, adding: extra), file: file, line: line) { error in
            XCTAssertEqual("\(error)", expected, file: file, line: line)
        }
    }

    func testValidConfigDecodes() throws {
        let config = try decode()
        XCTAssertEqual(config.id, "x")
        XCTAssertEqual(config.connectivity, .cellular4G)
        XCTAssertEqual(config.sections, [.dormir, .office, .urgences])
        XCTAssertNil(config.highlightHike)
    }

    func testScreenFields() throws {
        let plain = try decode()
        XCTAssertEqual(plain.glyphs, .full, "default: any terminal font")
        XCTAssertEqual(plain.consoleFontSize, 16)
        let c = try decode(adding: #""glyphs": "console", "console_font_size": 32"#)
        XCTAssertEqual(c.glyphs, .console)
        XCTAssertEqual(c.consoleFontSize, 32)
        XCTAssertNotEqual(c, plain)
        assertError([:], adding: #""glyphs": "braille""#,
                    "kiosk-config/x.json: field \"glyphs\": must be one of full, console, got \"braille\"")
        assertError([:], adding: #""console_font_size": 24"#,
                    "kiosk-config/x.json: field \"console_font_size\": must be 16 (8×16 font) or 32 (16×32 font), got 24")
        assertError([:], adding: #""console_font_size": 8"#,
                    "kiosk-config/x.json: field \"console_font_size\": must be between 16 and 32, got 8")
        // Every shipped kiosk draws for the Linux console.
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("kiosk-config")
        for file in try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil) where file.pathExtension == "json" {
            XCTAssertEqual(try KioskConfigLoader.load(file: file).glyphs, .console, file.lastPathComponent)
        }
    }

    func testSyncAndWeatherFields() throws {
        let c = try decode(adding: #""sync_url": "https://contenu.carlades.fr/borne", "daily_byte_budget": 5000000, "weather_url": "https://api.open-meteo.com/v1/forecast?latitude=44.98&longitude=2.63&timezone=Europe%2FParis""#)
        XCTAssertEqual(c.syncURL, "https://contenu.carlades.fr/borne")
        XCTAssertEqual(c.dailyByteBudget, 5_000_000)
        XCTAssertNotNil(c.weatherURL)
        XCTAssertNil(try decode().syncURL, "optional: St Jacques des Blats has none")
        assertError([:], adding: #""sync_url": "file:///etc/passwd""#,
                    "kiosk-config/x.json: field \"sync_url\": only http and https addresses are allowed, got \"file:///etc/passwd\"")
        assertError([:], adding: #""weather_url": "https://api.open-meteo.com/v1/forecast?latitude=1&longitude=2""#,
                    "kiosk-config/x.json: field \"weather_url\": must ask for timezone=Europe/Paris (day dates would be wrong otherwise)")
        assertError([:], adding: #""daily_byte_budget": -1"#,
                    "kiosk-config/x.json: field \"daily_byte_budget\": must be between 0 and 100000000000, got -1")
    }

    func testCollectorFields() throws {
        let c = try decode(adding: #""collector_url": "https://stats.carlades.fr/collect", "collector_user": "pas-de-cere", "collector_password_file": "/etc/borne/collector.password""#)
        XCTAssertEqual(c.collectorURL, "https://stats.carlades.fr/collect")
        XCTAssertEqual(c.collectorUser, "pas-de-cere")
        XCTAssertEqual(c.collectorPasswordFile, "/etc/borne/collector.password")
        XCTAssertEqual(try decode(adding: #""collector_url": "file:///srv/borne-stats""#).collectorURL, "file:///srv/borne-stats")
        let none = try decode()
        XCTAssertNil(none.collectorURL, "optional: St Jacques des Blats ships by USB")
        XCTAssertNil(none.collectorUser)
        assertError([:], adding: #""collector_url": "ftp://stats.carlades.fr/""#,
                    "kiosk-config/x.json: field \"collector_url\": only http and https addresses are allowed, got \"ftp://stats.carlades.fr/\"")
        assertError([:], adding: #""collector_url": "https://kiosk:secret@stats.carlades.fr/collect""#,
                    "kiosk-config/x.json: field \"collector_url\": not a web address: \"https://kiosk:secret@stats.carlades.fr/collect\"")
        assertError([:], adding: #""collector_url": "file://relative/dir""#,
                    "kiosk-config/x.json: field \"collector_url\": a file address must name an absolute directory (file:///srv/borne-stats), got \"file://relative/dir\"")
        assertError([:], adding: #""collector_user": "a:b", "collector_password_file": "/etc/borne/p""#,
                    "kiosk-config/x.json: field \"collector_user\": must be a non-empty user name without \":\" (basic auth), got \"a:b\"")
        assertError([:], adding: #""collector_user": "kiosk""#,
                    "kiosk-config/x.json: field \"collector_password_file\": collector_user and collector_password_file go together: give both or neither")
        assertError([:], adding: #""collector_user": "kiosk", "collector_password_file": "collector.password""#,
                    "kiosk-config/x.json: field \"collector_password_file\": must be an absolute path (/etc/borne/collector.password), got \"collector.password\"")
    }

    func testIdleSecondsOutOfRange() {
        assertError(["idle_seconds": "0"], "kiosk-config/x.json: field \"idle_seconds\": must be between 10 and 3600, got 0")
    }

    func testAttractMustFollowIdle() {
        assertError(["attract_seconds": "60"], "kiosk-config/x.json: field \"attract_seconds\": must be greater than idle_seconds (60), got 60")
    }

    func testUnknownAndMissingSections() {
        assertError(["sections": #"["dormir", "piscine", "office", "urgences"]"#],
                    "kiosk-config/x.json: field \"sections[1]\": unknown section \"piscine\" (known: dormir, manger, agenda, pluie, commerces, randonnees, visites, meteo, urgences, office)")
        assertError(["sections": "[]"], "kiosk-config/x.json: field \"sections\": must list at least one section")
        assertError(["sections": #"["dormir", "office"]"#], "kiosk-config/x.json: field \"sections\": must include \"urgences\": every kiosk shows it")
        assertError(["sections": #"["office", "urgences", "office"]"#], "kiosk-config/x.json: field \"sections[2]\": section \"office\" is listed twice")
    }

    func testLanguages() {
        assertError(["languages": #"["fr", "it"]"#], "kiosk-config/x.json: field \"languages[1]\": unknown language \"it\" (known: fr, en, de, nl, es)")
        assertError(["languages": #"["en", "fr"]"#], "kiosk-config/x.json: field \"languages\": must start with \"fr\" (French is the office's language and the fallback)")
    }

    func testMaintenancePin() {
        assertError(["maintenance_pin": "2020"], "kiosk-config/x.json: field \"maintenance_pin\": must be a string of 4 to 8 digits, got a number")
        assertError(["maintenance_pin": "\"12a4\""], "kiosk-config/x.json: field \"maintenance_pin\": must be a string of 4 to 8 digits, got \"12a4\"")
        assertError(["maintenance_pin": "\"123\""], "kiosk-config/x.json: field \"maintenance_pin\": must be a string of 4 to 8 digits, got \"123\"")
    }

    func testUnknownKeyIsAnErrorWithASuggestion() {
        assertError([:], adding: "\"idel_seconds\": 30", "kiosk-config/x.json: field \"idel_seconds\": unknown field (did you mean \"idle_seconds\"?)")
    }

    func testConnectivityAndTrustedKeys() {
        assertError(["connectivity": "\"wifi\""], "kiosk-config/x.json: field \"connectivity\": must be one of office-network, commune-internet, 4g, none, got \"wifi\"")
        assertError(["trusted_keys": #"["abcd"]"#], "kiosk-config/x.json: field \"trusted_keys[0]\": must be an Ed25519 public key in hexadecimal (64 digits)")
    }

    func testEveryIssueIsListedAtOnce() {
        assertError(["idle_seconds": "5", "weather_stale_minutes": "\"soon\"", "id": "\"X Y\""], """
            kiosk-config/x.json: field "id": must be kebab-case (a-z, 0-9 and single hyphens, at most 80 characters), got "X Y"
            kiosk-config/x.json: field "idle_seconds": must be between 10 and 3600, got 5
            kiosk-config/x.json: field "weather_stale_minutes": expected an integer, got a string
            """)
    }

    func testBadJSONAndMissingFile() throws {
        XCTAssertThrowsError(try KioskConfigLoader.decode(Data("{\"id\": \"x\",\n}".utf8), file: "kiosk-config/x.json")) { error in
            XCTAssertEqual("\(error)", "kiosk-config/x.json: invalid JSON at line 2, column 1: expected a key in double quotes, found '}'")
        }
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("borne-\(UUID().uuidString)/nope.json")
        XCTAssertThrowsError(try KioskConfigLoader.load(file: missing)) { error in
            XCTAssertTrue("\(error)".hasPrefix("borne-"), "\(error)")
        }
    }

    func testValidateAllChecksIDsAgainstFileNames() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("borne-kiosk-\(UUID().uuidString)/kiosk-config")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try Data(Self.valid.utf8).write(to: dir.appendingPathComponent("x.json"))
        try Data(Self.valid.utf8).write(to: dir.appendingPathComponent("y.json"))
        let validation = KioskConfigLoader.validateAll(directory: dir)
        XCTAssertEqual(validation.configs.map(\.id), ["x"])
        XCTAssertEqual(validation.errors.map(\.description), [
            "kiosk-config/y.json: field \"id\": must match the file name \"y\", got \"x\"",
        ])
    }
}
