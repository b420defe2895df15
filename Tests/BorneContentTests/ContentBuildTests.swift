import Foundation
import XCTest
import BorneCore
@testable import BorneContent

final class ContentBuildTests: ApidaeTestCase {
    var out: URL { tmp.appendingPathComponent("out") }

    func gpxFolder() throws -> URL {
        let dir = tmp.appendingPathComponent("gpx")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repo.content.appendingPathComponent("gpx/puy-griou.gpx"),
                                         to: dir.appendingPathComponent("apidae_test_trek.gpx"))
        try FileManager.default.copyItem(at: Repo.content.appendingPathComponent("gpx/pas-de-cere.gpx"),
                                         to: dir.appendingPathComponent("unused.gpx"))
        return dir
    }

    func testBuildMergesAPIDAEWithTheExtraContentAndReloadsCleanly() throws {
        let when = try Date("2026-11-26T18:30:15Z", strategy: .iso8601)
        let report = try ContentBuild.build(
            apidae: [fixture("export"), fixture("hotentic_cos_winter.json"), fixture("hotentic_structure.json"),
                     fixture("geotrek_a_trek_FIXTURE_itineraire_multimedias_PLAN_gpx.json")],
            gpx: try gpxFolder(), extra: Repo.content, config: BuildConfig(rainyDaySelections: [49073]), out: out, now: when)
        XCTAssertEqual(report.outputProblems.map(\.description), [])
        XCTAssertEqual(report.version, "apidae-2026.11.26-1830")
        XCTAssertEqual(report.importReport.imported.count, 7)
        XCTAssertEqual(report.importReport.skipped.map(\.id), [504])
        XCTAssertEqual(report.unusedGPX, ["unused.gpx"])
        XCTAssertTrue(report.gpxFiles.contains("gpx/apidae-123123.gpx"))

        let demo = try ContentLoader.load(directory: Repo.content)
        let built = try ContentLoader.load(directory: out)
        XCTAssertEqual(built.problems.map(\.description), [])
        XCTAssertEqual(built.bundle, BundleInfo(format: 1, version: "apidae-2026.11.26-1830", created: try Date("2026-11-26T18:30:15Z", strategy: .iso8601),
                                                source: "borne content build from APIDAE export, hotentic_cos_winter.json, hotentic_structure.json, geotrek_a_trek_FIXTURE_itineraire_multimedias_PLAN_gpx.json",
                                                demo: false))
        XCTAssertEqual(built.catalog.office, demo.catalog.office)
        XCTAssertEqual(built.catalog.emergency, demo.catalog.emergency)
        XCTAssertEqual(built.catalog.weather, demo.catalog.weather)
        // The communes of the extra content reach the bundle (hike maps label them).
        XCTAssertFalse(demo.catalog.communes.isEmpty)
        XCTAssertEqual(built.catalog.communes, demo.catalog.communes)
        XCTAssertEqual(built.catalog.items.count, demo.catalog.items.count + 7)
        for item in demo.catalog.items { XCTAssertEqual(built.catalog.item(id: item.id), item, item.id) }
        // What the import made is what the kiosk reads back.
        let imported = try ApidaeImport.read([fixture("export"), fixture("hotentic_cos_winter.json"),
                                              fixture("geotrek_a_trek_FIXTURE_itineraire_multimedias_PLAN_gpx.json")],
                                             options: .init(rainyDaySelections: [49073], gpxDirectory: try gpxFolder2()))
        for item in imported.items { XCTAssertEqual(built.catalog.item(id: item.id), item, item.id) }
        let trek = try XCTUnwrap(built.catalog.item(id: "apidae-123123")?.hike?.track)
        XCTAssertEqual(trek, try GPX.parse(String(contentsOf: Repo.content.appendingPathComponent("gpx/puy-griou.gpx"), encoding: .utf8)))
        // "Il pleut ?" gathers the rainy-day selection's objects with the hand-made ones.
        let rainy = built.catalog.items(in: .pluie).map(\.id)
        XCTAssertTrue(rainy.contains("apidae-4826186") && rainy.contains("apidae-4833997"), "\(rainy)")
        XCTAssertGreaterThan(rainy.count, 3)
        XCTAssertTrue(report.lines.contains { $0.contains("object 504") && $0.contains("type STRUCTURE is not shown") })
        XCTAssertTrue(report.summary.hasPrefix("wrote \(out.path) (version apidae-2026.11.26-1830): "), report.summary)
    }

    /// A second GPX folder with the same trek file (the first is in use by the build).
    func gpxFolder2() throws -> URL {
        let dir = tmp.appendingPathComponent("gpx2")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repo.content.appendingPathComponent("gpx/puy-griou.gpx"),
                                         to: dir.appendingPathComponent("apidae_test_trek.gpx"))
        return dir
    }

    func testExtraIsRequiredAndMustBeContent() throws {
        XCTAssertThrowsError(try ContentBuild.build(apidae: [fixture("export")], gpx: nil, extra: nil, config: BuildConfig(), out: out)) {
            XCTAssertEqual($0 as? ContentBuildError, .missingExtra)
        }
        XCTAssertThrowsError(try ContentBuild.build(apidae: [], gpx: nil, extra: tmp, config: BuildConfig(), out: out)) {
            XCTAssertEqual($0 as? ContentBuildError, .extra(.missingFile(file: "bundle.json")))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    func testConfigVersionSourceDemoAndIdCollisions() throws {
        // An --extra item already named apidae-898922 wins over the APIDAE object.
        let extra = tmp.appendingPathComponent("extra")
        try FileManager.default.copyItem(at: Repo.content, to: extra)
        try write(#"{"section": "dormir", "items": [{"id": "apidae-898922", "name": {"fr": "Fiche faite à la main"}}]}"#, "extra/items/zz-local.json")
        let config = BuildConfig(version: "2027.01", source: "OT Carladès", demo: true)
        let report = try ContentBuild.build(apidae: [fixture("hotentic_hot_fr_en.json")], gpx: nil, extra: extra, config: config, out: out)
        XCTAssertEqual(report.idCollisions, ["apidae-898922"])
        let built = try ContentLoader.load(directory: out)
        XCTAssertEqual(built.catalog.item(id: "apidae-898922")?.name.french, "Fiche faite à la main")
        XCTAssertEqual(built.bundle.version, "2027.01")
        XCTAssertEqual(built.bundle.source, "OT Carladès")
        XCTAssertTrue(built.bundle.demo)
        // Writing over a non-empty output is refused.
        XCTAssertThrowsError(try ContentBuild.build(apidae: [], gpx: nil, extra: extra, config: config, out: out)) {
            XCTAssertEqual($0 as? ContentBuildError, .write(.destinationNotEmpty(path: self.out.path)))
        }
    }

    func testBuildConfigFile() throws {
        let ok = try write(#"{"rainy_day_selection": [12345, 678], "version": "2027.1", "source": "OT", "demo": false}"#, "c1.json")
        XCTAssertEqual(try BuildConfig.load(file: ok), BuildConfig(rainyDaySelections: [12345, 678], version: "2027.1", source: "OT", demo: false))
        let single = try write(#"{"rainy_day_selection": 12345}"#, "c2.json")
        XCTAssertEqual(try BuildConfig.load(file: single).rainyDaySelections, [12345])
        XCTAssertEqual(try BuildConfig.load(file: try write("{}", "c3.json")), BuildConfig())
        let typo = try write(#"{"rainy_day_selections": 12345}"#, "c4.json")
        XCTAssertThrowsError(try BuildConfig.load(file: typo)) {
            XCTAssertEqual("\($0)", #"c4.json: field "rainy_day_selections": unknown field (did you mean "rainy_day_selection"?)"#)
        }
        let bad = try write(#"{"rainy_day_selection": "12345"}"#, "c5.json")
        XCTAssertThrowsError(try BuildConfig.load(file: bad)) { XCTAssertTrue("\($0)".contains("positive integer"), "\($0)") }
        XCTAssertThrowsError(try BuildConfig.load(file: try write("{,}", "c6.json")))
    }
}
