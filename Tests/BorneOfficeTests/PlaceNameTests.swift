import BorneCore
import BorneStats
import Foundation
import XCTest
@testable import BorneOffice

/// Place names as the office writes them (issue 12): the report's kiosk
/// columns and the fleet's lines say what each kiosk's header says, its
/// config's `name`, read from the kiosk configurations (one source); a
/// kiosk the configurations do not know keeps its column, by its id, and the
/// report says so.
final class PlaceNameTests: XCTestCase {
    func storeWithTaps(_ kiosks: [String]) throws -> OfficeStore {
        let store = try makeOffice(try tempDir(), trusting: kiosks)
        try store.db.inTransaction {
            for (i, k) in kiosks.enumerated() {
                _ = try store.insertTouches(kiosk: k, sessionRows(from: 1, taps: 2 + i, at: "2020-07-14T10:00:00Z"),
                                            clock: ClockCheck(ingestMs: ms("2021-01-01T00:00:00Z")))
            }
            return .commit
        }
        return store
    }

    /// A copy of the repository's configurations, with Vic's `name` changed.
    func configsRenamingVic(_ name: String) throws -> URL {
        let dir = URL(fileURLWithPath: try tempDir()).appendingPathComponent("kiosk-config")
        try FileManager.default.copyItem(at: repoKioskConfig, to: dir)
        let vic = dir.appendingPathComponent("vic-sur-cere.json")
        var json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: vic)) as? [String: Any])
        json["name"] = name
        try JSONSerialization.data(withJSONObject: json).write(to: vic)
        return dir
    }

    func testEveryConfigNamesItsKiosk() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: repoKioskConfig.path).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(Set(repoKioskNames.names.keys), Set(files.map { String($0.dropLast(5)) }))
        XCTAssertEqual(repoKioskNames.name("vic-sur-cere"), "Vic sur Cère")
        XCTAssertEqual(repoKioskNames.name("table-rando"), "Table tactile de randonnée")
        XCTAssertEqual(Set(KioskCatalog.order), Set(repoKioskNames.names.keys), "every kiosk has its place among the columns")
    }

    /// The 2020 report's spelling (seed kiosks.tsv) is the configs' `name`.
    func testTheConfigNamesAreThe2020ReportsNames() throws {
        for r in Seed2020Fixture.tsv("kiosks.tsv").dropFirst() {
            XCTAssertEqual(repoKioskNames.names[r[0]], r[1], r[0])
        }
    }

    func testTheReportsColumnsAreTheConfigsNames() throws {
        let store = try storeWithTaps(["vic-sur-cere", "pas-de-cere"])
        let (names, problems) = KioskNames.load(directory: try configsRenamingVic("Vic-sur-Cère, Maison du Tourisme"))
        XCTAssertEqual(problems, [])
        let report = try OfficeReport.build(store, year: 2020, context: ReportContext(kioskNames: names))
        XCTAssertEqual(report.notes.filter { $0.contains("identifiant") }, [])
        let text = report.text()
        XCTAssert(text.contains("Toutes les bornes  Vic-sur-Cère, Maison du Tourisme  Pas de Cère"), text)
        XCTAssert(report.html().contains(">Vic-sur-Cère, Maison du Tourisme</th>"))
        XCTAssert(try pdfText(report.pdf()).contains("Pas de Cère"))
    }

    func testAKioskTheConfigsDoNotKnowKeepsItsColumnByItsIdWithANote() throws {
        let store = try storeWithTaps(["vic-sur-cere", "borne-essai"])
        var report = try OfficeReport.build(store, year: 2020, context: ReportContext(kioskNames: repoKioskNames))
        XCTAssertEqual(report.kiosks, ["vic-sur-cere", "borne-essai"], "never dropped")
        let note = "borne(s) absente(s) des configurations des bornes (\(repoKioskConfig.path)), nommée(s) par leur identifiant : borne-essai"
        XCTAssert(report.notes.contains(note), "\(report.notes)")
        let text = report.text()
        XCTAssert(text.contains("Toutes les bornes  Vic sur Cère  borne-essai"), text)
        XCTAssert(text.contains("Note : " + note), text)
        XCTAssert(report.html().contains(">borne-essai</th>"))
        XCTAssert(report.csv().contains("borne-essai"))
        report.language = .en
        XCTAssert(report.text().contains("Note: kiosk(s) missing from the kiosk configurations (\(repoKioskConfig.path)), named by their id: borne-essai"),
                  report.text())
    }

    func testWithoutConfigurationsEveryKioskGoesByItsIdAndTheReportSaysWhy() throws {
        let store = try storeWithTaps(["vic-sur-cere", "pailherols"])
        let report = try OfficeReport.build(store, year: 2020)
        XCTAssert(report.text().contains("Toutes les bornes  vic-sur-cere  pailherols"), report.text())
        XCTAssert(report.notes.contains("configurations des bornes non lues (donner --kiosk-config DIR) : bornes nommées par leur identifiant : pailherols, vic-sur-cere"),
                  "\(report.notes)")
        var english = report
        english.language = .en
        XCTAssert(english.text().contains("Note: kiosk configurations not read (give --kiosk-config DIR): kiosks named by their id: pailherols, vic-sur-cere"),
                  english.text())
    }

    func testAConfigThatDoesNotLoadIsSaidAndItsKioskGoesByItsId() throws {
        let dir = try configsRenamingVic("Vic sur Cère")
        try Data("{\"id\": \"pailherols\"".utf8).write(to: dir.appendingPathComponent("pailherols.json"))
        let (names, problems) = KioskNames.load(directory: dir)
        XCTAssertEqual(problems.count, 1)
        XCTAssert(problems.first?.contains("pailherols.json") ?? false, "\(problems)")
        XCTAssertNil(names.names["pailherols"])
        XCTAssertEqual(names.name("pailherols"), "pailherols")
        XCTAssertEqual(names.names["thiezac"], "Thiézac")
    }

    func testTheFleetNamesKiosksByTheirConfigsAndSaysWhichItDoesNotKnow() throws {
        let store = try storeWithTaps(["vic-sur-cere", "borne-essai"])
        let fleet = try FleetReport.build(store, nowMs: ms("2021-01-01T00:00:00Z"), names: repoKioskNames)
        XCTAssertEqual(fleet.alerts, [
            "ALERTE vic-sur-cere (Vic sur Cère) : jamais de nouvelles (aucun heartbeat reçu)",
            "ALERTE borne-essai (absente des configurations des bornes) : jamais de nouvelles (aucun heartbeat reçu)",
        ])
        XCTAssertEqual(fleet.alerts(.en).last,
                       "ALERT borne-essai (missing from the kiosk configurations): never heard from (no heartbeat received)")
    }
}
