import Foundation
import XCTest
import BorneCore
@testable import BorneContent

/// Sources: export folder and zip, API envelope, single object, deletions,
/// broken objects and files.
final class ApidaeImportTests: ApidaeTestCase {
    /// A copy of the real export in `tmp/name`, to change.
    func exportCopy(_ name: String = "export") throws -> URL {
        let url = tmp.appendingPathComponent(name)
        try FileManager.default.copyItem(at: fixture("export"), to: url)
        return url
    }

    func testExportFolderReadsEveryObjectAndItsSelections() throws {
        let r = try ApidaeImport.read([fixture("export")], options: .init(rainyDaySelections: [49073]))
        XCTAssertEqual(r.report.imported, [4826137, 4826186, 4826282, 4828422, 4833997])
        XCTAssertEqual(r.items.map(\.section), Array(repeating: .agenda, count: 5))
        XCTAssertEqual(r.report.skipped, [])
        // Selection 49073 ("Sélection 2") holds 4826186, 4828422, 4833997.
        XCTAssertEqual(r.items.filter { $0.tags.contains("pluie") }.map(\.id), ["apidae-4826186", "apidae-4828422", "apidae-4833997"])
    }

    func testZipAndFolderGiveTheSameItems() throws {
        let folder = try ApidaeImport.read([fixture("export")], options: .init(rainyDaySelections: [49073]))
        let zipURL = try zipFixture("apidae-export.zip")
        XCTAssertEqual(try Data(contentsOf: zipURL).prefix(2), Data("PK".utf8))
        let zipped = try ApidaeImport.read([zipURL], options: .init(rainyDaySelections: [49073]))
        XCTAssertEqual(zipped.items, folder.items)
        XCTAssertEqual(zipped.report.imported, folder.report.imported)
        XCTAssertEqual(zipped.report.warnings, folder.report.warnings)
        XCTAssertEqual(zipped.items.count, 5)
    }

    func testZipWithATopFolderAndMacOSJunkIsRead() throws {
        // Finder's "Compress" puts everything in one folder and adds __MACOSX/.
        let zipURL = try zipFixture("apidae-finder.zip")
        let r = try ApidaeImport.read([zipURL])
        XCTAssertEqual(r.items.count, 5)
        XCTAssertEqual(r.report.skipped, [])
    }

    func testZipWithPathTraversalIsRefusedWhole() throws {
        let zipURL = try zipFixture("apidae-zip-slip.zip")
        XCTAssertThrowsError(try ApidaeImport.read([zipURL])) { error in
            guard case ApidaeImportError.unreadableSource(_, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("could write outside"), reason)
        }
    }

    func testDeletedObjectsAreDroppedAndReported() throws {
        let export = try exportCopy()
        try write(.array([.number(4826282), .number(123)]), "export/objets_supprimes.json")
        let r = try ApidaeImport.read([export])
        XCTAssertFalse(r.items.contains { $0.id == "apidae-4826282" })
        XCTAssertEqual(r.items.count, 4)
        XCTAssertEqual(r.report.skipped.count, 1, "123 is in no source: nothing to report")
        let s = try XCTUnwrap(r.report.skipped.first)
        XCTAssertEqual(s.id, 4826282)
        XCTAssertEqual(s.name, "Remise des diplômes POLYTECH Annecy-Chambery")
        XCTAssertTrue(s.reason.contains("objets_supprimes"), s.reason)
    }

    func testADeletionListRemovesAnObjectOfAnEarlierSource() throws {
        // hotentic_deletion.json is [504], the id of hotentic_structure.json.
        let r = try ApidaeImport.read([fixture("hotentic_structure.json"), fixture("hotentic_hot_fr_en.json"), fixture("hotentic_deletion.json")])
        XCTAssertEqual(r.report.imported, [898922])
        XCTAssertEqual(r.report.skipped.map(\.id), [504])
        XCTAssertTrue(r.report.skipped[0].reason.hasPrefix("deleted in hotentic_deletion.json"), r.report.skipped[0].reason)
    }

    func testAnAPIEnvelopeAndASingleObject() throws {
        // list-objets-touristiques: {"numFound": 1, "objetsTouristiques": [...]}
        let envelope = try ApidaeImport.read([fixture("geotrek_a_trek_FIXTURE_itineraire_multimedias_PLAN_gpx.json")])
        XCTAssertEqual(envelope.items.map(\.id), ["apidae-123123"])
        // get-by-id: the object alone.
        let single = try write(try object("hotentic_hot_fr_en.json"), "898922.json")
        let one = try ApidaeImport.read([single])
        XCTAssertEqual(one.items.map(\.id), ["apidae-898922"])
        XCTAssertEqual(one.items, try ApidaeImport.read([fixture("hotentic_hot_fr_en.json")]).items)
        // A search with no result.
        let empty = try write(#"{"query": {"searchQuery": "x"}, "numFound": 0}"#, "empty.json")
        XCTAssertEqual(try ApidaeImport.read([empty]).items, [])
    }

    func testABrokenObjectIsReportedAndTheOthersImported() throws {
        let good = try object("hotentic_hot_fr_en.json")
        let objects: [JSONValue] = [
            .string("not an object"),
            good.setting("id", nil).setting("nom.libelleFr", .string("Sans identifiant")),
            good.setting("id", .number(1)).setting("nom", .number(42)),
            good.setting("id", .number(2)).setting("type", .string("FETE_ET_MANIFESTATION")).setting("ouverture", .string("garbage")),
            good,
            good.setting("id", .number(3)).setting("type", .string("OVNI")),
            good.setting("id", .number(4)).setting("type", nil).setting("informationsHotellerie", nil),
        ]
        let r = try importObjects(objects)
        XCTAssertEqual(r.report.imported, [898922])
        XCTAssertEqual(r.report.skipped.map(\.id), [nil, nil, 1, 2, 3, 4])
        XCTAssertEqual(r.report.skipped.map(\.reason), [
            "not a JSON object",
            "the object has no id",
            "no name in any of the kiosk's languages (nom.libelleFr...)",
            "an event without any valid date (ouverture.periodesOuvertures)",
            "type OVNI is not shown on the kiosk",
            "no type, and no informations… block to tell it",
        ])
        XCTAssertEqual(r.report.skipped[1].name, "Sans identifiant")
        XCTAssertTrue(r.report.lines.contains { $0.contains("object 2 \"La Châtelleraie\": skipped: an event without") }, "\(r.report.lines)")
    }

    func testADamagedFileOfAnExportSkipsOnlyItsObjects() throws {
        let export = try exportCopy()
        try write(#"[{"id": 1, "type": "HOTELLERIE", "nom": {"libelleFr": "x"} "#, "export/objets_modifies/objets_modifies-3.json")
        let r = try ApidaeImport.read([export])
        XCTAssertEqual(r.items.count, 5)
        let s = try XCTUnwrap(r.report.skipped.first)
        XCTAssertEqual(r.report.skipped.count, 1)
        XCTAssertNil(s.id)
        XCTAssertEqual(s.source, "export:objets_modifies/objets_modifies-3.json")
        XCTAssertTrue(s.reason.contains("invalid JSON at line 1") && s.reason.hasSuffix("its objects are skipped"), s.reason)
    }

    func testObjectFilesAreReadInNaturalOrder() throws {
        let export = try exportCopy()
        let hotel = try object("hotentic_hot_fr_en.json")
        try write(.array([hotel.setting("nom.libelleFr", .string("Version 10"))]), "export/objets_modifies/objets_modifies-10.json")
        try write(.array([hotel.setting("nom.libelleFr", .string("Version 9"))]), "export/objets_modifies/objets_modifies-9.json")
        let r = try ApidaeImport.read([export])
        XCTAssertEqual(try item(r, 898922).name.french, "Version 10")
        XCTAssertTrue(r.report.warnings.contains { $0.id == 898922 && $0.message.contains("given again in export:objets_modifies/objets_modifies-10.json") })
    }

    func testSourcesThatCannotBeReadThrow() throws {
        XCTAssertThrowsError(try ApidaeImport.read([tmp.appendingPathComponent("absent.zip")])) {
            XCTAssertEqual($0 as? ApidaeImportError, .sourceNotFound(path: self.tmp.appendingPathComponent("absent.zip").path))
        }
        let text = try write("{\"hello\": ", "bad.json")
        XCTAssertThrowsError(try ApidaeImport.read([text]))
        let shape = try write(#"{"hello": "world"}"#, "shape.json")
        XCTAssertThrowsError(try ApidaeImport.read([shape])) { XCTAssertTrue("\($0)".contains("unknown shape"), "\($0)") }
        let folder = tmp.appendingPathComponent("empty-folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertThrowsError(try ApidaeImport.read([folder])) { XCTAssertEqual($0 as? ApidaeImportError, .notAnExport(path: folder.path)) }
        let junk = try write("PK\u{3}\u{4} this is no zip", "junk.zip")
        XCTAssertThrowsError(try ApidaeImport.read([junk]))
    }

    func testSelectionsGivenAsAnAPIResponseTagPluie() throws {
        // hotentic_selections.json: selection 49063 holds object 504 (a STRUCTURE);
        // make the hotel a member of a selection the same way.
        let selections = try write(#"[{"id": 777, "libelle": {"libelleFr": "Il pleut"}, "nom": "Il pleut", "objetsTouristiques": [{"type": "HOTELLERIE", "id": 898922}]}]"#, "sel.json")
        let r = try ApidaeImport.read([fixture("hotentic_selections.json"), selections, fixture("hotentic_hot_fr_en.json")],
                                      options: .init(rainyDaySelections: [777]))
        XCTAssertEqual(try item(r, 898922).tags, ["pluie", "animaux"])
        let missing = try ApidaeImport.read([fixture("hotentic_hot_fr_en.json")], options: .init(rainyDaySelections: [12345]))
        XCTAssertEqual(try item(missing, 898922).tags, ["animaux"])
        XCTAssertTrue(missing.report.warnings.contains { $0.field == "rainy_day_selection" && $0.message.contains("12345") })
    }
}

/// Hostile inputs 7: an export of empty objects gives one summarising line,
/// not one per object (3,000,001 of them printed 3 million lines).
final class ApidaeRepeatsTests: ApidaeTestCase {
    func testObjectsWithoutIdAreCountedInOneEntryPerSourceAndReason() throws {
        let n = 300_001
        let export = tmp.appendingPathComponent("export")
        _ = try write("[" + Array(repeating: "{}", count: n).joined(separator: ",") + "]", "export/objets_modifies/objets_modifies-1.json")
        _ = try write("[" + Array(repeating: "7", count: 5).joined(separator: ",") + "]", "export/objets_modifies/objets_modifies-2.json")
        let r = try ApidaeImport.read([export])
        XCTAssertEqual(r.items, [])
        XCTAssertEqual(r.report.skipped.count, 2, "one entry per source and reason")
        XCTAssertEqual(r.report.skipped.map(\.count), [n, 5])
        XCTAssertEqual(r.report.skippedObjects, n + 5)
        XCTAssertEqual(r.report.skipped[0].description,
                       "export:objets_modifies/objets_modifies-1.json: 300,001 objects without an id: skipped: the object has no id")
        XCTAssertEqual(r.report.skipped[1].description,
                       "export:objets_modifies/objets_modifies-2.json: 5 objects without an id: skipped: not a JSON object")
        XCTAssertEqual(r.report.lines.count, 3, "\(r.report.lines.prefix(5))")
        XCTAssertTrue(r.report.summary.contains("300006 skipped"), r.report.summary)
    }
}
