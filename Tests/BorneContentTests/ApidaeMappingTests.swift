import Foundation
import XCTest
import BorneCore
@testable import BorneContent

/// Each mapping rule of docs/CONTENT.md "APIDAE import", on the real samples
/// (variants derived from them where the samples lack a case).
final class ApidaeMappingTests: ApidaeTestCase {
    func testEachTypeGoesToItsSection() throws {
        let hotel = try object("hotentic_hot_fr_en.json").setting("informationsHotellerie", nil)
        let expected: [(String, SectionID?)] = [
            ("HOTELLERIE", .dormir), ("HEBERGEMENT_LOCATIF", .dormir), ("HEBERGEMENT_COLLECTIF", .dormir),
            ("HOTELLERIE_PLEIN_AIR", .dormir), ("RESTAURATION", .manger), ("DEGUSTATION", .manger),
            ("FETE_ET_MANIFESTATION", .agenda), ("COMMERCE_ET_SERVICE", .commerces), ("PATRIMOINE_CULTUREL", .visites),
            ("PATRIMOINE_NATUREL", .visites), ("ACTIVITE", .visites), ("EQUIPEMENT", .visites),
            ("STRUCTURE", nil), ("TERRITOIRE", nil), ("DOMAINE_SKIABLE", nil), ("SEJOUR_PACKAGE", nil),
        ]
        let objects = expected.enumerated().map { i, e in hotel.setting("id", .number(Double(i + 1))).setting("type", .string(e.0)) }
        let r = try importObjects(objects)
        for (i, (type, section)) in expected.enumerated() {
            let id = "apidae-\(i + 1)"
            XCTAssertEqual(r.items.first { $0.id == id }?.section, section, type)
            if section == nil {
                XCTAssertEqual(r.report.skipped.first { $0.id == i + 1 }?.reason, "type \(type) is not shown on the kiosk")
            }
        }
        // The real samples.
        let real = try ApidaeImport.read([fixture("hotentic_hot_fr_en.json"), fixture("hotentic_cos_winter.json"),
                                          fixture("hotentic_equ_groups.json"), fixture("export"),
                                          fixture("geotrek_a_trek_FIXTURE_itineraire_multimedias_PLAN_gpx.json")])
        XCTAssertEqual(try item(real, 898922).section, .dormir)
        XCTAssertEqual(try item(real, 4838849).section, .commerces)
        XCTAssertEqual(try item(real, 185789).section, .visites)   // EQUIPEMENT, "itineraire": {}
        XCTAssertEqual(try item(real, 4826186).section, .agenda)
        XCTAssertEqual(try item(real, 123123).section, .randonnees) // EQUIPEMENT with an itinerary
    }

    func testAnEquipmentWithAnItineraryIsAHike() throws {
        let train = try object("hotentic_equ_groups.json")
        let hike = train.setting("id", .number(9)).setting("informationsEquipement.itineraire", .object(["distance": .number(4)]))
        let r = try importObjects([train, hike])
        XCTAssertEqual(try item(r, 185789).section, .visites)
        XCTAssertEqual(try item(r, 185789).hike, nil)
        XCTAssertEqual(try item(r, 9).section, .randonnees)
        XCTAssertEqual(try item(r, 9).hike?.distanceKm, 4)
    }

    func testAnObjectWithoutTypeIsRecognisedByItsInformationsBlock() throws {
        let r = try ApidaeImport.read([fixture("geotrek_a_trek_FIXTURE_itineraire_multimedias_PLAN_gpx.json")])
        XCTAssertEqual(try item(r, 123123).section, .randonnees)
        XCTAssertTrue(r.report.warnings.contains { $0.id == 123123 && $0.field == "type" })
    }

    func testMultilingualTextsAndFrenchFallback() throws {
        let r = try ApidaeImport.read([fixture("hotentic_cos_winter.json")])
        let i = try item(r, 4838849)
        XCTAssertEqual(i.name, LocalizedText([.fr: "La Grange des huskies", .en: "La Grange des Huskies", .de: "Huskytouren Grange des Huskies"]))
        XCTAssertEqual(i.name.text(.nl), "La Grange des huskies", "a missing language falls back to French")
        XCTAssertEqual(i.summary, LocalizedText([.fr: "short desc standard fr", .en: "short desc standard en", .de: "short desc standard de"]))
        XCTAssertEqual(i.description, LocalizedText(fr: "long desc standard fr"))
        // periodeEnClair: the nine APIDAE languages, five kept; its newline folded (one-line field).
        XCTAssertEqual(i.hoursText.values, [.fr: "Toute l'année. Sur réservation.", .en: "All year round.", .de: "Ganzjährig.",
                                            .nl: "Het hele jaar.", .es: "Todo el año."])

        let base = try object("hotentic_hot_fr_en.json")
        let englishOnly = base.setting("id", .number(1)).setting("nom", .object(["libelleEn": .string("The Castle")]))
            .setting("presentation.descriptifCourt", .object([:]))
        let none = base.setting("id", .number(2)).setting("nom", .object([:]))
        let italian = base.setting("id", .number(3)).setting("nom", .object(["libelleIt": .string("Il castello")]))
        let v = try importObjects([englishOnly, none, italian])
        XCTAssertEqual(try item(v, 1).name, LocalizedText([.fr: "The Castle", .en: "The Castle"]))
        XCTAssertEqual(try item(v, 1).summary, LocalizedText([:]), "{} is no text")
        XCTAssertTrue(v.report.warnings.contains { $0.id == 1 && $0.field == "nom" && $0.message.contains("the en one is used in French") })
        XCTAssertEqual(v.report.skipped.map(\.id), [2, 3])
    }

    func testContactsPhoneEmailWebsite() throws {
        let r = try ApidaeImport.read([fixture("hotentic_hot_fr_en.json"),
                                       fixture("geotrek_a_trek_FIXTURE_itineraire_multimedias_PLAN_gpx.json")])
        let hotel = try item(r, 898922)
        XCTAssertEqual(hotel.phone, "04 71 49 09 09")            // 201 (the 202 fax is not shown)
        XCTAssertEqual(hotel.email, "chatelleraie@wanadoo.fr")   // 204
        XCTAssertEqual(hotel.website, "http://chatelleraie.co.uk/fr/") // 205
        let trek = try item(r, 123123)                            // a 12345 "Signaux de fumée" is ignored
        XCTAssertEqual([trek.phone, trek.email, trek.website], ["01 23 45 67 89", "accueil-rando@example.com", "https://example.com/ma_rando.html"])

        // An invalid value is reported and the next valid one of its kind used.
        let bad = try object("hotentic_equ_groups.json")
        var means = try XCTUnwrap(bad.at("informations.moyensCommunication")?.array)
        means[0] = means[0].setting("coordonnees.fr", .string("appelez-nous"))
        means[3] = means[3].setting("coordonnees.fr", .string("javascript:alert(1)"))
        let v = try importObjects([bad.setting("informations.moyensCommunication", .array(means))])
        let train = try item(v, 185789)
        XCTAssertEqual(train.phone, "07 83 78 46 70")
        XCTAssertNil(train.website)
        XCTAssertEqual(v.report.warnings.filter { $0.field?.hasPrefix("informations.moyensCommunication") == true }.count, 2)
    }

    func testCommunesInlineOrFromCommunesJSON() throws {
        let r = try ApidaeImport.read([fixture("hotentic_equ_groups.json")])
        let train = try item(r, 185789)
        XCTAssertEqual(train.commune, "Montalieu-Vercieu")
        XCTAssertEqual(train.address, "Base de loisirs de la Vallée Bleue, Rue des carrières, 38390 Montalieu-Vercieu")
        XCTAssertEqual(train.geo, GeoPoint(lat: 45.82592, lon: 5.417759))

        // Export form: {"commune": {"id": 5430}}, resolved by the export's communes.json.
        try write(.array([try object("hotentic_hot_fr_en.json")]), "exp/objets_modifies/objets_modifies-1.json")
        try write(#"[{"id": 5430, "code": "15196", "nom": "Saint-Étienne-de-Maurs", "codePostal": "15600"}]"#, "exp/communes.json")
        let e = try ApidaeImport.read([tmp.appendingPathComponent("exp")])
        XCTAssertEqual(try item(e, 898922).commune, "Saint-Étienne-de-Maurs")
        XCTAssertEqual(try item(e, 898922).address, "Château de La Devèze, 15600 Saint-Étienne-de-Maurs")
        // Not in communes.json: reported, left out.
        let missing = try ApidaeImport.read([fixture("hotentic_hot_fr_en.json")])
        XCTAssertNil(try item(missing, 898922).commune)
        XCTAssertEqual(try item(missing, 898922).address, "Château de La Devèze, 15600")
        XCTAssertTrue(missing.report.warnings.contains { $0.message == "commune 5430 is not in communes.json: left out" })
    }

    /// Removes the labels of every element reference, as an export writes them,
    /// and collects them the way elements_reference.json lists them.
    func compact(_ v: JSONValue, into table: inout [JSONValue]) -> JSONValue {
        switch v {
        case .object(let o):
            if let type = o["elementReferenceType"], let id = o["id"] {
                table.append(v)
                return .object(["elementReferenceType": type, "id": id])
            }
            return .object(o.mapValues { compact($0, into: &table) })
        case .array(let a): return .array(a.map { compact($0, into: &table) })
        default: return v
        }
    }

    func testElementReferencesResolvedInlineOrFromElementsReference() throws {
        let api = try object("hotentic_equ_groups.json")
        let fromAPI = try item(try importObjects([api]), 185789)
        XCTAssertEqual(fromAPI.category, LocalizedText(fr: "Autres loisirs"))   // informationsEquipement.rubrique 2993

        var table: [JSONValue] = []
        let exported = compact(api, into: &table)
        XCTAssertNil(exported.at("informationsEquipement.rubrique.libelleFr"))
        try write(.array([exported]), "exp/objets_modifies/objets_modifies-1.json")
        try write(.array(table), "exp/elements_reference.json")
        let r = try ApidaeImport.read([tmp.appendingPathComponent("exp")])
        XCTAssertEqual(try item(r, 185789), fromAPI)

        // Without the table: reported, and the category is left out.
        let bare = try importObjects([exported])
        XCTAssertEqual(try item(bare, 185789).category, LocalizedText([:]))
        XCTAssertTrue(bare.report.warnings.contains {
            $0.field == "informationsEquipement.rubrique" && $0.message.contains("EquipementRubrique 2993")
        })
    }

    func testCategoryJoinsTypeAndClassification() {
        let joined = ApidaeText.join([LocalizedText([.fr: "Hôtel", .en: "Hotel"]), LocalizedText(fr: "2 étoiles"), LocalizedText([:])])
        XCTAssertEqual(joined, LocalizedText([.fr: "Hôtel · 2 étoiles", .en: "Hotel · 2 étoiles"]))
    }

    func testWinterAspectTagsHiver() throws {
        let r = try ApidaeImport.read([fixture("hotentic_cos_winter.json"), fixture("hotentic_equ_groups.json")])
        XCTAssertEqual(try item(r, 4838849).tags, ["hiver"])                  // aspects[aspect=HIVER]
        XCTAssertFalse(try item(r, 185789).tags.contains("hiver"))           // aspect GROUPES only
    }

    func testOnlyPublishedObjectsAreShown() throws {
        let hotel = try object("hotentic_hot_fr_en.json")
        let states = ["HIDDEN", "TRASH", "NEW", "DELETED"]
        let objects = states.enumerated().map { hotel.setting("id", .number(Double($0.offset + 1))).setting("state", .string($0.element)) }
            + [hotel.setting("id", .number(9)).setting("state", nil), hotel]
        let r = try importObjects(objects)
        XCTAssertEqual(r.report.imported, [9, 898922], "no state (API responses with responseFields) counts as published")
        XCTAssertEqual(r.report.skipped.map(\.reason), states.map { "state \($0): only PUBLISHED objects are shown" })
    }

    func testEventDatesComeFromTheOpeningPeriods() throws {
        let r = try ApidaeImport.read([fixture("export")])
        let zingaro = try item(r, 4828422)
        XCTAssertEqual(zingaro.dates.count, 20)
        XCTAssertEqual(zingaro.dates.first, EventDate(start: LocalDate(iso: "2018-04-19")!, end: LocalDate(iso: "2018-04-19")!, time: "20:30"))
        XCTAssertEqual(zingaro.dates.last?.time, "17:00")
        let forum = try item(r, 4826186)
        XCTAssertEqual(forum.dates, [EventDate(start: LocalDate(iso: "2017-11-11")!, end: LocalDate(iso: "2017-11-13")!)])
        XCTAssertNil(forum.openingHours, "events have dates, not opening hours")
        XCTAssertEqual(forum.hoursText.french, "Du samedi 11 au lundi 13 novembre 2017.")
    }

    // MARK: - Hikes

    let trekFile = "geotrek_a_trek_FIXTURE_itineraire_multimedias_PLAN_gpx.json"

    func testHikeFieldsFromTheItinerary() throws {
        let trek = try object(trekFile)
        let r = try ApidaeImport.read([fixture(trekFile)])
        let h = try XCTUnwrap(try item(r, 123123).hike)
        XCTAssertEqual(h.activity, .walking)          // "Itinéraire de randonnée pédestre"
        XCTAssertEqual(h.difficulty, .hard)           // typesClientele 589 "Niveau rouge - Difficile"
        XCTAssertEqual(h.durationMinutes, 150)        // ouverture.dureeSeance
        XCTAssertTrue(h.loop)                         // itineraireType BOUCLE
        XCTAssertNil(h.distanceKm)

        let full = trek.setting("informationsEquipement.itineraire.distance", .number(12.5))
            .setting("informationsEquipement.itineraire.dureeJournaliere", .number(240))
            .setting("informationsEquipement.itineraire.denivellationPositive", .number(600))
            .setting("informationsEquipement.itineraire.itineraireType", .string("ALLER_RETOUR"))
        let f = try XCTUnwrap(try item(try importObjects([full]), 123123).hike)
        XCTAssertEqual([f.distanceKm, f.climbM], [12.5, 600])
        XCTAssertEqual(f.durationMinutes, 240, "dureeJournaliere wins over dureeSeance")
        XCTAssertFalse(f.loop)

        // No duration: estimated from distance and climb (DIN 33466), and said so.
        let estimated = full.setting("informationsEquipement.itineraire.dureeJournaliere", nil).setting("ouverture.dureeSeance", nil)
        let e = try importObjects([estimated])
        XCTAssertEqual(try item(e, 123123).hike?.durationMinutes, WalkingTime.minutes(distanceKm: 12.5, ascentM: 600, descentM: 600))
        XCTAssertTrue(e.report.warnings.contains { $0.message.contains("estimated from the distance and climb") })

        // Nothing to show: skipped.
        let empty = trek.setting("ouverture.dureeSeance", nil)
        let s = try importObjects([empty])
        XCTAssertEqual(s.report.skipped.first?.reason, "a hike without duration, distance or GPX track: nothing to show visitors")

        // Other levels and activities.
        let vtt = trek.setting("informationsEquipement.activites", .array([.object(["id": .number(1), "libelleFr": .string("Itinéraire VTT")])]))
            .setting("prestations.typesClientele", .array([.object(["id": .number(2), "libelleFr": .string("Niveau vert - Très facile")])]))
        let v = try XCTUnwrap(try item(try importObjects([vtt]), 123123).hike)
        XCTAssertEqual([v.activity.rawValue, v.difficulty.rawValue], ["vtt", "easy"])
    }

    func testPlanGPXIsTakenFromTheGPXFolder() throws {
        // The PLAN's URL is https://example.net/apidae_test_trek.gpx: only its name is used.
        let gpxDir = tmp.appendingPathComponent("gpx")
        try FileManager.default.createDirectory(at: gpxDir, withIntermediateDirectories: true)
        let source = gpxDir.appendingPathComponent("apidae_test_trek.gpx")
        try FileManager.default.copyItem(at: Repo.content.appendingPathComponent("gpx/pas-de-cere.gpx"), to: source)
        let trek = try object(trekFile).setting("ouverture.dureeSeance", nil)
        let r = try importObjects([trek], options: .init(gpxDirectory: gpxDir))
        let h = try XCTUnwrap(try item(r, 123123).hike)
        XCTAssertEqual(h.gpxPath, "gpx/apidae-123123.gpx")
        XCTAssertEqual(r.gpxFiles, ["gpx/apidae-123123.gpx": source])
        let track = try XCTUnwrap(h.track)
        XCTAssertEqual(h.durationMinutes, track.estimatedWalkingMinutes, "no duration in APIDAE: estimated from the track")

        // Not in the folder, or no folder given: reported, the hike kept without a track.
        let elsewhere = try importObjects([try object(trekFile)], options: .init(gpxDirectory: tmp))
        XCTAssertNil(try item(elsewhere, 123123).hike?.gpxPath)
        XCTAssertTrue(elsewhere.report.warnings.contains { $0.message.hasPrefix("PLAN file apidae_test_trek.gpx is not in") })
        let none = try ApidaeImport.read([fixture(trekFile)])
        XCTAssertEqual(none.gpxFiles, [:])
        XCTAssertTrue(none.report.warnings.contains { $0.message == "PLAN names apidae_test_trek.gpx; give --gpx DIR holding it to show the track" })

        // A file that is not GPX is reported too.
        try Data("<html>not found</html>".utf8).write(to: source)
        let broken = try importObjects([try object(trekFile)], options: .init(gpxDirectory: gpxDir))
        XCTAssertNil(try item(broken, 123123).hike?.track)
        XCTAssertTrue(broken.report.warnings.contains { $0.message.contains("cannot be read") })
    }
}
