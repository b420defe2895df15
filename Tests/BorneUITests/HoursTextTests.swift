import XCTest
import BorneCore
@testable import BorneUI

/// HoursText: the status line in five languages, weekday names and day
/// intervals. Statuses come from real expressions at 2020 instants.
final class HoursTextTests: XCTestCase {
    private func line(_ expression: String, _ local: String, _ language: Language) throws -> String {
        let now = KioskTime.parseLocal(local)!
        return HoursText.status(try OpeningHours(expression).status(at: now), now: now, language: language)
    }

    private let office = "Mo-Sa 09:30-12:30,14:00-18:00; PH off"

    func testFrenchLines() throws {
        XCTAssertEqual(try line(office, "2020-05-07T10:00", .fr), "Ouvert · ferme à 12:30")
        XCTAssertEqual(try line(office, "2020-05-07T13:00", .fr), "Fermé · ouvre à 14:00")
        XCTAssertEqual(try line(office, "2020-05-06T19:00", .fr), "Fermé · ouvre demain à 09:30")
        XCTAssertEqual(try line(office, "2020-05-07T19:00", .fr), "Fermé · ouvre samedi à 09:30")        // Friday 8 May is a holiday
        XCTAssertEqual(try line(office, "2020-05-08T10:00", .fr), "Fermé · ouvre demain à 09:30")
        XCTAssertEqual(try line(office, "2020-05-09T19:00", .fr), "Fermé · ouvre lundi à 09:30")
        XCTAssertEqual(try line("Mo-Sa 09:30-12:30; 2020 Mar 17-2020 Jun 01 off", "2020-04-01T10:00", .fr),
                       "Fermé · ouvre le 2 juin à 09:30")
        XCTAssertEqual(try line("Mo-Sa 09:30-12:30; 2020 Mar 17-2020 May 31 off", "2020-04-01T10:00", .fr),
                       "Fermé · ouvre le 1er juin à 09:30")
        XCTAssertEqual(try line("24/7", "2020-05-07T10:00", .fr), "Ouvert 24h/24")
        XCTAssertEqual(try line("off", "2020-05-07T10:00", .fr), "Fermé")
        XCTAssertEqual(try line("Mo-Fr 18:00-24:00", "2020-05-07T20:00", .fr), "Ouvert · ferme à minuit")
        XCTAssertEqual(try line("Fr 22:00-02:00", "2020-05-08T23:00", .fr), "Ouvert · ferme demain à 02:00")
    }

    func testEnglishGermanDutchSpanishLines() throws {
        let cases: [(Language, String, String, String)] = [
            (.en, "2020-05-07T10:00", "Open · closes at 12:30", ""),
            (.en, "2020-05-09T19:00", "Closed · opens Monday at 09:30", ""),
            (.en, "2020-05-06T19:00", "Closed · opens tomorrow at 09:30", ""),
            (.de, "2020-05-07T10:00", "Geöffnet · schließt um 12:30", ""),
            (.de, "2020-05-09T19:00", "Geschlossen · öffnet am Montag um 09:30", ""),
            (.nl, "2020-05-07T13:00", "Gesloten · opent om 14:00", ""),
            (.nl, "2020-05-09T19:00", "Gesloten · opent maandag om 09:30", ""),
            (.es, "2020-05-07T10:00", "Abierto · cierra a las 12:30", ""),
            (.es, "2020-05-09T19:00", "Cerrado · abre el lunes a las 09:30", ""),
        ]
        for (lang, at, expected, _) in cases {
            XCTAssertEqual(try line(office, at, lang), expected, "\(lang) \(at)")
        }
        let later = "Mo-Sa 09:30-12:30; 2020 Mar 17-2020 Jun 01 off"
        XCTAssertEqual(try line(later, "2020-04-01T10:00", .en), "Closed · opens on 2 June at 09:30")
        XCTAssertEqual(try line(later, "2020-04-01T10:00", .de), "Geschlossen · öffnet am 2. Juni um 09:30")
        XCTAssertEqual(try line(later, "2020-04-01T10:00", .nl), "Gesloten · opent op 2 juni om 09:30")
        XCTAssertEqual(try line(later, "2020-04-01T10:00", .es), "Cerrado · abre el 2 de junio a las 09:30")
        XCTAssertEqual(try line("Fr 22:00-01:00", "2020-05-08T23:00", .es), "Abierto · cierra mañana a la 01:00")
        XCTAssertEqual(try line("24/7", "2020-05-07T10:00", .en), "Open 24/7")
        XCTAssertEqual(try line("off", "2020-05-07T10:00", .de), "Geschlossen")
    }

    func testCommentsAndUnknown() throws {
        XCTAssertEqual(try line("\"sur rendez-vous\"", "2020-05-07T10:00", .en), "sur rendez-vous")
        XCTAssertEqual(try line("Mo unknown", "2020-05-11T10:00", .fr), "Horaires à confirmer")
        XCTAssertEqual(try line("Mo-Fr 10:00-12:00 \"sur rendez-vous\"", "2020-05-11T10:00", .fr),
                       "Ouvert · ferme à 12:00 · sur rendez-vous")
    }

    func testWeekdayNamesInEveryLanguage() {
        XCTAssertEqual((1...7).map { HoursText.weekdayName($0, .fr) },
                       ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"])
        XCTAssertEqual(HoursText.weekdayName(1, .en), "Monday")
        XCTAssertEqual(HoursText.weekdayName(7, .de), "Sonntag")
        XCTAssertEqual(HoursText.weekdayName(3, .nl), "woensdag")
        XCTAssertEqual(HoursText.weekdayName(6, .es), "sábado")
    }

    func testIntervalsOfADay() throws {
        let r = try OpeningHours("Mo-Sa 09:30-12:30,14:00-18:00").intervals(on: LocalDate(iso: "2020-05-09")!)
        XCTAssertEqual(HoursText.intervals(r, language: .fr), "09:30–12:30, 14:00–18:00")
        XCTAssertEqual(HoursText.intervals([600..<1440], language: .en), "10:00–24:00")
        XCTAssertEqual(Language.allCases.map { HoursText.intervals([], language: $0) },
                       ["fermé", "closed", "geschlossen", "gesloten", "cerrado"])
    }

    // MARK: - Hours the kiosk cannot read

    /// A value the kiosk cannot read says "voir l'office" in every language,
    /// never a state.
    func testUnreadableHoursSendToTheOffice() throws {
        let now = KioskTime.parseLocal("2025-02-24T11:00")!
        let expected: [Language: String] = [
            .fr: "Horaires : voir l'office", .en: "Opening hours: ask at the tourist office",
            .de: "Öffnungszeiten: bitte im Tourismusbüro erfragen", .nl: "Openingstijden: vraag het bij het toeristenbureau",
            .es: "Horario: consulte en la oficina de turismo",
        ]
        // SH without a school-holiday calendar, sun times without a position.
        for e in ["SH 10:00-18:00", "Mo-Su sunrise-sunset"] {
            let s = try OpeningHours(e).status(at: now)
            for l in Language.allCases {
                XCTAssertEqual(HoursText.status(s, now: now, language: l), expected[l], "\(e) in \(l)")
            }
        }
        // Open now, unreadable from tomorrow (past the calendar): "Ouvert", without a promise.
        let sh = SchoolHolidays(zone: "A", source: "test", coverage: LocalDate(iso: "2025-01-01")!...LocalDate(iso: "2025-02-24")!,
                                periods: [])
        let s = try OpeningHours("Mo-Fr 10:00-24:00; SH off", context: .init(schoolHolidays: sh)).status(at: now)
        XCTAssertTrue(s.isOpen)
        XCTAssertEqual(HoursText.status(s, now: now, language: .fr), "Ouvert")
    }

    /// On the screens: an item whose opening_hours did not parse, and one
    /// that needs school holidays the content does not have, both show
    /// "Horaires : voir l'office" in the list and in the detail, never "Ouvert".
    func testScreensShowSeeTheOfficeForUnreadableHours() throws {
        var env = try UITestSupport.loadEnv(qr: false)
        let restaurants = env.catalog.items.indices.filter { env.catalog.items[$0].section == .manger }
        XCTAssertGreaterThanOrEqual(restaurants.count, 2)
        let broken = restaurants[0], sh = restaurants[1]
        env.catalog.items[broken].openingHours = nil
        env.catalog.items[broken].hoursUnreadable = true
        env.catalog.items[broken].hoursText = LocalizedText([:])
        env.catalog.items[sh].openingHours = try OpeningHours("24/7; SH off")
        for index in [broken, sh] {
            var d = Driver(env: env, size: Size(width: 100, height: 40))
            d.tap("tile:manger")
            d.tap("item:" + env.catalog.items[index].id)
            XCTAssertEqual(d.app.route, .detail(env.catalog.items[index].id))
            XCTAssertTrue(d.text.contains("Horaires : voir l'office"), d.text)
            XCTAssertFalse(d.text.contains("Ouvert"), d.text)
        }
    }
}
