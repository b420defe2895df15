import Foundation
import XCTest
import BorneCore
import BorneContent

/// Bad content: each fault is named exactly, and costs only the item, field,
/// tag or file it is in.
final class ContentLoaderTests: ContentDirectoryTestCase {
    func testMinimalDirectoryLoadsWithoutProblems() throws {
        let result = try load()
        XCTAssertEqual(result.problems.lines, [])
        XCTAssertEqual(result.catalog.version, "test-1")
        XCTAssertEqual(result.bundle.created, Date(timeIntervalSince1970: 1_795_716_000))
        XCTAssertEqual(result.catalog.emergency.map(\.number), ["112"])
        XCTAssertNil(result.catalog.weather, "weather.json is optional")
    }

    func testBadJSONNamesLineAndColumnAndSkipsOnlyThatFile() throws {
        try write("items/manger.json", """
            {"section": "manger", "items": [
              {"id": "a", "name": {"fr": "A"}},
              {"id": "b" "name": {"fr": "B"}}
            ]}
            """)
        try writeItems("dormir", [item("hotel")])
        let result = try load()
        XCTAssertEqual(result.problems.lines, [
            "items/manger.json: invalid JSON at line 3, column 14: expected ',' or '}' after a member, found '\"' (file skipped)",
        ])
        XCTAssertEqual(result.catalog.items.map(\.id), ["hotel"])
    }

    func testColumnsCountCharactersNotBytes() throws {
        // "été" is 5 bytes but 3 characters: the 'x' is at character 47 (byte 49).
        try write("items/manger.json", "{\"section\": \"manger\", \"items\": [{\"id\": \"été\", x}]}")
        XCTAssertEqual(try load().problems.lines, [
            "items/manger.json: invalid JSON at line 1, column 47: expected a key in double quotes, found 'x' (file skipped)",
        ])
    }

    func testDuplicateKeyInAnObjectIsAJSONError() throws {
        try write("items/manger.json", "{\"section\": \"manger\",\n \"section\": \"dormir\", \"items\": []}")
        XCTAssertEqual(try load().problems.lines, [
            "items/manger.json: invalid JSON at line 2, column 2: duplicate key \"section\" (file skipped)",
        ])
    }

    func testMissingFrenchNameSkipsOnlyThatItem() throws {
        try writeItems("manger", [
            item("auberge-a"),
            #"{"id": "sans-francais", "name": {"en": "No French"}}"#,
            item("auberge-c"),
        ])
        let result = try load()
        XCTAssertEqual(result.problems.lines, [
            "items/manger.json: item \"sans-francais\": field \"name\": French text (\"fr\") is required (item skipped)",
        ])
        XCTAssertEqual(result.catalog.items.map(\.id), ["auberge-a", "auberge-c"])
    }

    func testItemWithoutIDIsNamedByItsIndex() throws {
        try writeItems("manger", [item("a"), #"{"name": {"fr": "Sans id"}}"#, #"{"id": "Pas Kebab", "name": "X"}"#])
        XCTAssertEqual(try load().problems.lines, [
            "items/manger.json: items[1]: field \"id\": is required (item skipped)",
            "items/manger.json: items[2]: field \"id\": must be kebab-case (a-z, 0-9 and single hyphens, at most 80 characters), got \"Pas Kebab\" (item skipped)",
        ])
    }

    func testBadOpeningHoursDropsOnlyTheHours() throws {
        let expression = "Mo-Xx 10:00-12:00"
        var thrown: OpeningHoursError?
        do { _ = try OpeningHours(expression) } catch let e as OpeningHoursError { thrown = e }
        let error = try XCTUnwrap(thrown, "OpeningHours is still the stub that accepts everything (BorneCore/OpeningHours.swift)")
        try writeItems("manger", [item("auberge-x", #""opening_hours": "\#(expression)", "hours_text": {"fr": "Midi"}"#)])
        let result = try load()
        XCTAssertEqual(result.problems.lines, [
            "items/manger.json: item \"auberge-x\": field \"opening_hours\": \(error.message) at character \(error.position + 1)",
        ])
        let kept = try XCTUnwrap(result.catalog.item(id: "auberge-x"))
        XCTAssertNil(kept.openingHours)
        XCTAssertTrue(kept.hoursUnreadable, "the screens say 'Horaires : voir l'office'")
        XCTAssertEqual(kept.hoursText.french, "Midi", "the display fallback stays")
    }

    /// `SH` reads holidays/school-zone-a.json of the content; sun times use
    /// the item's position, else the office's.
    func testSchoolHolidaysFileAndPositionsReachTheHours() throws {
        let calendar = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("content/holidays/school-zone-a.json"), encoding: .utf8)
        try write("holidays/school-zone-a.json", calendar)
        try writeItems("manger", [
            item("ete", #""opening_hours": "SH Mo-Fr 10:00-18:00""#),
            item("soleil", #""opening_hours": "sunrise-sunset", "geo": {"lat": 44.9758, "lon": 2.6247}"#),
        ])
        let result = try load()
        XCTAssertEqual(result.problems.lines, [])
        let ete = try XCTUnwrap(result.catalog.item(id: "ete")?.openingHours)
        XCTAssertTrue(ete.status(at: KioskTime.parseLocal("2025-02-24T11:00")!).isOpen)      // zone A winter holidays
        XCTAssertFalse(ete.status(at: KioskTime.parseLocal("2025-03-17T11:00")!).isOpen)
        let soleil = try XCTUnwrap(result.catalog.item(id: "soleil")?.openingHours)
        XCTAssertFalse(soleil.status(at: KioskTime.parseLocal("2025-06-21T12:00")!).isUnreadable)
        XCTAssertTrue(soleil.status(at: KioskTime.parseLocal("2025-06-21T12:00")!).isOpen)

        try write("holidays/school-zone-a.json", #"{"zone": "A"}"#)
        let bad = try load()
        XCTAssertEqual(bad.problems.lines.count, 1)
        XCTAssertTrue(bad.problems.lines[0].hasPrefix("holidays/school-zone-a.json: \"coverage\""), bad.problems.lines[0])
        XCTAssertTrue(try XCTUnwrap(bad.catalog.item(id: "ete")?.openingHours).status(at: KioskTime.parseLocal("2025-02-24T11:00")!).isUnreadable)
    }

    func testEventDatesAreValidated() throws {
        try writeItems("agenda", [
            item("fete", #""dates": [{"start": "2027-07-14", "end": "2027-07-13"}, {"start": "2027-07-20", "time": "21:00"}]"#),
            item("fete-impossible", #""dates": [{"start": "2027-02-30"}]"#),
            item("fete-heure", #""dates": [{"start": "2027-08-01", "time": "25:00"}, {"start": "2027-08-02"}]"#),
        ])
        let result = try load()
        XCTAssertEqual(result.problems.lines, [
            "items/agenda.json: item \"fete\": field \"dates[0].end\": end 2027-07-13 is before start 2027-07-14",
            "items/agenda.json: item \"fete-impossible\": field \"dates[0].start\": must be a date YYYY-MM-DD, got \"2027-02-30\"",
            "items/agenda.json: item \"fete-impossible\": field \"dates\": an event needs at least one valid date (item skipped)",
            "items/agenda.json: item \"fete-heure\": field \"dates[0].time\": must be a time HH:MM, got \"25:00\"",
        ])
        XCTAssertEqual(result.catalog.item(id: "fete")?.dates,
                       [EventDate(start: LocalDate(year: 2027, month: 7, day: 20), end: LocalDate(year: 2027, month: 7, day: 20), time: "21:00")])
        XCTAssertNil(result.catalog.item(id: "fete-impossible"))
        XCTAssertEqual(result.catalog.item(id: "fete-heure")?.dates.count, 1)
    }

    func testEscapeSequencesAndControlsNeverReachTheTerminal() throws {
        try writeItems("manger", [#"""
            {"id": "piege", "name": {"fr": "Auberge\u001b[2J\u001b]0;pwned\u0007 du Lac", "en": "Inn\u009b31m\u202e of the Lake"},
             "summary": {"fr": "Une\tligne\r\nseule"},
             "description": {"fr": "Premier\u0000 paragraphe.\u001bc\nSecond\u0085 paragraphe.\u2028Troisième."},
             "address": "1 rue\u001b[31m Rouge", "commune": "\u001b[1mVic"}
            """#])
        let result = try load()
        XCTAssertEqual(result.problems.lines, [])
        let item = try XCTUnwrap(result.catalog.item(id: "piege"))
        XCTAssertEqual(item.name.french, "Auberge du Lac")
        XCTAssertEqual(item.name.text(.en), "Inn of the Lake")
        XCTAssertEqual(item.summary.french, "Une ligne seule")
        XCTAssertEqual(item.description.french, "Premier paragraphe.\nSecond paragraphe.\nTroisième.")
        XCTAssertEqual(item.address, "1 rue Rouge")
        XCTAssertEqual(item.commune, "Vic")
        let all = [item.name.french, item.name.text(.en), item.summary.french, item.description.french, item.address!, item.commune!]
        for text in all {
            for scalar in text.unicodeScalars {
                XCTAssertFalse(scalar.value < 0x20 && scalar != "\n" || (0x7F...0x9F).contains(scalar.value)
                               || (0x202A...0x202E).contains(scalar.value), "\(scalar.value) in \(text.debugDescription)")
            }
        }
    }

    func testDuplicateIDKeepsTheFirstAndReportsTheSecond() throws {
        try writeItems("manger", [item("doublon"), item("autre")])
        try writeItems("pluie", [item("doublon"), item("abri")])
        let result = try load()
        XCTAssertEqual(result.problems.lines, [
            "items/pluie.json: item \"doublon\": field \"id\": duplicate id, already used in items/manger.json (item skipped)",
        ])
        XCTAssertEqual(result.catalog.items.map(\.id), ["doublon", "autre", "abri"])
        XCTAssertEqual(result.catalog.item(id: "doublon")?.section, .manger)
    }

    func testUnknownTagIsReportedAndDropped() throws {
        try writeItems("manger", [item("x", #""tags": ["enfants", "piscine", "terasse", "enfants"]"#)])
        let result = try load()
        let known = "enfants, pluie, accessible, animaux, gratuit, terrasse, groupes, hiver, produits-locaux, wifi"
        XCTAssertEqual(result.problems.lines, [
            "items/manger.json: item \"x\": field \"tags[1]\": unknown tag \"piscine\" (known tags: \(known))",
            "items/manger.json: item \"x\": field \"tags[2]\": unknown tag \"terasse\" (known tags: \(known)); did you mean \"terrasse\"?",
        ])
        XCTAssertEqual(result.catalog.item(id: "x")?.tags, ["enfants"])
    }

    func testBadWebsitePhoneAndEmailAreDropped() throws {
        try writeItems("commerces", [item("boutique", """
            "website": "javascript:alert(1)", "phone": "04 71 <b>", "email": "pas une adresse",
            "geo": {"lat": 144.9, "lon": 2.6}
            """), item("correcte", #""website": "https://exemple.carlades.fr/boutique", "phone": "+33 4 71 47 50 68""#)])
        let result = try load()
        XCTAssertEqual(result.problems.lines, [
            "items/commerces.json: item \"boutique\": field \"phone\": not a phone number: \"04 71 <b>\"",
            "items/commerces.json: item \"boutique\": field \"email\": not an e-mail address: \"pas une adresse\"",
            "items/commerces.json: item \"boutique\": field \"website\": only http and https addresses are allowed, got \"javascript:alert(1)\"",
            "items/commerces.json: item \"boutique\": field \"geo.lat\": must be between -90 and 90, got 144.9",
        ])
        let boutique = try XCTUnwrap(result.catalog.item(id: "boutique"))
        XCTAssertNil(boutique.website)
        XCTAssertNil(boutique.phone)
        XCTAssertNil(boutique.geo)
        XCTAssertEqual(result.catalog.item(id: "correcte")?.website, "https://exemple.carlades.fr/boutique")
    }

    func testOtherRefusedWebAddresses() throws {
        let refused = ["file:///etc/passwd", "data:text/html,<b>x</b>", "https://user:pw@exemple.fr/", "https://", "exemple.fr"]
        try writeItems("commerces", refused.enumerated().map { item("site-\($0.offset)", "\"website\": \"\($0.element)\"") })
        let result = try load()
        XCTAssertEqual(result.problems.count, refused.count, result.problems.lines.joined(separator: "\n"))
        XCTAssertTrue(result.catalog.items.allSatisfy { $0.website == nil })
    }

    func testUnknownFieldIsReportedWithASuggestion() throws {
        try writeItems("manger", [item("x", #""opening_hour": "Mo 10:00-12:00", "demo": true"#)])
        let result = try load()
        XCTAssertEqual(result.problems.lines, [
            "items/manger.json: item \"x\": field \"opening_hour\": unknown field (did you mean \"opening_hours\"?)",
        ])
        XCTAssertEqual(result.catalog.item(id: "x")?.demo, true)
    }

    func testDemoDefaultsToFalse() throws {
        try writeItems("visites", [item("site")])
        XCTAssertEqual(try load().catalog.item(id: "site")?.demo, false)
    }

    func testHikeWithoutItsGPXKeepsTheContentFigures() throws {
        try writeItems("randonnees", [
            item("boucle", #""hike": {"gpx": "gpx/absente.gpx", "activity": "walking", "difficulty": "easy", "duration_minutes": 90, "distance_km": 4.5, "climb_m": 120}"#),
            item("evasion", #""hike": {"gpx": "../../etc/passwd.gpx", "activity": "walking", "difficulty": "easy", "duration_minutes": 30}"#),
            item("velo", #""hike": {"activity": "bike", "difficulty": "easy", "duration_minutes": 30}"#),
            item("sans-hike"),
        ])
        let result = try load()
        XCTAssertEqual(result.problems.lines, [
            "items/randonnees.json: item \"boucle\": field \"hike.gpx\": file gpx/absente.gpx not found",
            "items/randonnees.json: item \"evasion\": field \"hike.gpx\": must be a relative path inside the content directory ending in .gpx, got \"../../etc/passwd.gpx\"",
            "items/randonnees.json: item \"velo\": field \"hike.activity\": must be one of walking, vtt, vtt-electrique, trail, cycling, winter, got \"bike\" (item skipped)",
            "items/randonnees.json: item \"sans-hike\": field \"hike\": is required (item skipped)",
        ])
        let hike = try XCTUnwrap(result.catalog.item(id: "boucle")?.hike)
        XCTAssertNil(hike.track)
        XCTAssertEqual(hike.effectiveDistanceKm, 4.5)
        XCTAssertEqual(hike.effectiveClimbM, 120)
        XCTAssertEqual(hike.loop, true)
        XCTAssertNotNil(result.catalog.item(id: "evasion"))
    }

    func testInvalidGPXIsReportedAndTheHikeKept() throws {
        try write("gpx/cassee.gpx", "<gpx><trk><trkseg><trkpt lat=\"x\"")
        try writeItems("randonnees", [
            item("cassee", #""hike": {"gpx": "gpx/cassee.gpx", "activity": "trail", "difficulty": "hard", "duration_minutes": 60, "distance_km": 9}"#),
        ])
        let result = try load()
        XCTAssertEqual(result.problems.count, 1)
        XCTAssertTrue(result.problems[0].description.hasPrefix("items/randonnees.json: item \"cassee\": field \"hike.gpx\": gpx/cassee.gpx: line 1"),
                      result.problems[0].description)
        XCTAssertEqual(result.catalog.item(id: "cassee")?.hike?.effectiveDistanceKm, 9)
    }

    func testItemsFileWithABadSectionIsSkipped() throws {
        try write("items/meteo.json", #"{"section": "meteo", "items": []}"#)
        try write("items/vrac.json", #"{"section": "manger", "items": [{"id": "a", "name": "A"}]}"#)
        let result = try load()
        XCTAssertEqual(result.problems.lines, [
            "items/meteo.json: field \"section\": must be one of dormir, manger, agenda, pluie, commerces, randonnees, visites, got \"meteo\" (file skipped)",
            "items/vrac.json: field \"section\": section \"manger\" is declared in a file not named manger.json",
        ])
        XCTAssertEqual(result.catalog.items.map(\.id), ["a"])
    }

    func testMissingOfficeThrows() throws {
        try FileManager.default.removeItem(at: dir.appendingPathComponent("office.json"))
        XCTAssertThrowsError(try load()) { error in
            XCTAssertEqual(error as? ContentError, .missingFile(file: "office.json"))
            XCTAssertEqual("\(error)", "office.json: required file is missing")
        }
    }

    func testUnparseableBundleThrowsWithLineAndColumn() throws {
        try write("bundle.json", "{\n  \"format\": 1,\n  \"version\": demo\n}")
        XCTAssertThrowsError(try load()) { error in
            XCTAssertEqual("\(error)", "bundle.json: invalid JSON at line 3, column 14: expected a value, found 'd'")
        }
    }

    func testUnsupportedFormatAndBadOfficeFieldsThrow() throws {
        try write("bundle.json", #"{"format": 2, "version": "x"}"#)
        XCTAssertThrowsError(try load()) { error in
            XCTAssertEqual("\(error)", "bundle.json: field \"format\": format 2 is not supported (this kiosk reads format 1)")
        }
        try write("bundle.json", #"{"format": 1, "version": "x"}"#)
        try write("office.json", #"{"name": {"fr": "Office"}, "address": "Vic", "phone": "appelez-nous", "email": "tourisme@carlades.fr"}"#)
        XCTAssertThrowsError(try load()) { error in
            XCTAssertEqual("\(error)", "office.json: field \"phone\": not a phone number: \"appelez-nous\"")
        }
    }

    func testMissingEmergencyFileIsAProblemNotAnError() throws {
        try FileManager.default.removeItem(at: dir.appendingPathComponent("urgences.json"))
        let result = try load()
        XCTAssertEqual(result.problems.lines, ["urgences.json: file is missing: no emergency numbers from content"])
        XCTAssertEqual(result.catalog.emergency, [])
    }

    func testWeatherIsReadAndBadDaysDropped() throws {
        try write("weather.json", """
            {"demo": true, "source": "test", "place": "Vic-sur-Cère", "observed_at": "2026-11-26T07:00:00Z",
             "current": {"temperature_c": 2.5, "code": 3, "wind_kmh": 14},
             "days": [{"date": "2026-11-26", "code": 3, "min_c": -1, "max_c": 7},
                      {"date": "2026-11-27", "code": 3, "min_c": 9, "max_c": 7},
                      {"date": "2026-11-28", "code": 300, "min_c": 1, "max_c": 7}],
             "snow": {"observed_at": "2026-11-26T06:30:00Z",
                      "stations": [{"name": "Le Lioran", "altitude_m": 1250, "depth_cm": 5, "lifts_open": 3, "lifts_total": 18}]}}
            """)
        let result = try load()
        XCTAssertEqual(result.problems.lines, [
            "weather.json: field \"days[1]\": min_c 9 is above max_c 7",
            "weather.json: field \"days[2].code\": must be between 0 and 99, got 300",
        ])
        let weather = try XCTUnwrap(result.catalog.weather)
        XCTAssertEqual(weather.days.map(\.date.description), ["2026-11-26"])
        XCTAssertEqual(weather.snow.first?.liftsOpen, 3)
        XCTAssertEqual(weather.currentC, 2.5)
    }
}
