import Foundation
import XCTest
import BorneCore
@testable import BorneContent

/// `ouverture.periodesOuvertures` → OSM opening_hours: the strings made, and
/// what the kiosk then says at given instants (Europe/Paris local time).
final class ApidaeHoursTests: ApidaeTestCase {
    func convert(_ json: String, dayLevelOpen: Bool = false) throws -> ApidaeHours.Result {
        ApidaeHours.convert(try JSONParser.parse(Data(json.utf8)), dayLevelOpen: dayLevelOpen)
    }

    func state(_ expression: String?, _ local: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let e = try XCTUnwrap(expression, file: file, line: line)
        let s = try OpeningHours(e).status(at: KioskTime.parseLocal(local)!)
        return s.isUnknown ? "unknown" + (s.comment.map { " " + $0 } ?? "") : (s.isOpen ? "open" : "closed")
    }

    // MARK: - The real samples

    func testHotelSeasonIsOpenOnItsDays() throws {
        let r = try ApidaeImport.read([fixture("hotentic_hot_fr_en.json")])
        let hours = try item(r, 898922).openingHours
        XCTAssertEqual(hours?.expression, "2018 Apr 01-2018 Oct 14 open") // OUVERTURE_TOUS_LES_JOURS, tousLesAns false
        XCTAssertEqual(try state(hours?.expression, "2018-06-01T03:00"), "open")
        XCTAssertEqual(try state(hours?.expression, "2018-10-15T10:00"), "closed")
        XCTAssertEqual(try state(hours?.expression, "2019-06-01T10:00"), "closed", "not every year")
    }

    func testAllYearOnReservationIsUnknownWithItsComment() throws {
        let r = try ApidaeImport.read([fixture("hotentic_cos_winter.json")])
        let e = try item(r, 4838849).openingHours?.expression
        XCTAssertEqual(e, #"Jan 01-Dec 31 unknown "Sur réservation.""#) // tousLesAns: the year is dropped
        XCTAssertEqual(try state(e, "2031-02-03T10:00"), "unknown Sur réservation.")
    }

    func testWeeklyPeriodsWithDepartureTimesAndExceptionalOpenings() throws {
        // Sundays only, a departure time and no closing time, with holidays opened exceptionally.
        let r = try ApidaeImport.read([fixture("hotentic_equ_groups.json")])
        let e = try item(r, 185789).openingHours?.expression
        XCTAssertEqual(e, "May 01-Jun 30 Su unknown \"à partir de 15:30\", 2020 May 01 unknown \"à partir de 15:30\", "
            + "2020 May 08 unknown \"à partir de 15:30\", 2020 May 21 unknown \"à partir de 15:30\", "
            + "2020 Jun 01 unknown \"à partir de 15:30\", Jul 01-Aug 31 Su unknown \"à partir de 16:30\", "
            + "2019 Jul 14 unknown \"à partir de 16:30\", 2019 Aug 15 unknown \"à partir de 16:30\", "
            + "Sep 01-Sep 30 Su unknown \"à partir de 15:30\"")
        XCTAssertEqual(try state(e, "2020-05-10T12:00"), "unknown à partir de 15:30")   // a Sunday
        XCTAssertEqual(try state(e, "2020-05-08T12:00"), "unknown à partir de 15:30")   // Friday 8 May, exceptional
        XCTAssertEqual(try state(e, "2020-05-12T12:00"), "closed")                      // a Tuesday
        XCTAssertEqual(try state(e, "2021-08-01T12:00"), "unknown à partir de 16:30")  // tousLesAns: every summer
        XCTAssertEqual(try state(e, "2021-11-07T12:00"), "closed")
    }

    // MARK: - Period types

    func testWeekWithOpeningAndClosingTimes() throws {
        let r = try convert("""
            {"periodesOuvertures": [{"dateDebut": "2026-01-01", "dateFin": "2026-12-31", "type": "OUVERTURE_SEMAINE",
              "tousLesAns": true, "horaireOuverture": "09:30:00", "horaireFermeture": "18:00:00",
              "ouverturesJournalieres": [{"jour": "LUNDI"}, {"jour": "MARDI"}, {"jour": "MERCREDI"}, {"jour": "JEUDI"}, {"jour": "SAMEDI"}],
              "complementHoraire": {"libelleFr": "Dernière entrée \\"17h\\""}}]}
            """)
        XCTAssertEqual(r.expression, #"Jan 01-Dec 31 Mo-Th,Sa 09:30-18:00 "Dernière entrée '17h'""#)
        XCTAssertEqual(try state(r.expression, "2027-03-04T10:00"), "open")    // a Thursday
        XCTAssertEqual(try state(r.expression, "2027-03-05T10:00"), "closed")  // a Friday
    }

    func testTwoPeriodsOnTheSameDatesAddUp() throws {
        // APIDAE gives a morning and an afternoon as two periods: neither may replace the other.
        let r = try convert("""
            {"periodesOuvertures": [
              {"dateDebut": "2026-04-01", "dateFin": "2026-10-31", "type": "OUVERTURE_TOUS_LES_JOURS", "tousLesAns": true,
               "horaireOuverture": "10:00:00", "horaireFermeture": "12:30:00"},
              {"dateDebut": "2026-04-01", "dateFin": "2026-10-31", "type": "OUVERTURE_TOUS_LES_JOURS", "tousLesAns": true,
               "horaireOuverture": "14:00:00", "horaireFermeture": "00:00:00"}]}
            """)
        XCTAssertEqual(r.expression, "Apr 01-Oct 31 10:00-12:30, Apr 01-Oct 31 14:00-24:00")
        XCTAssertEqual(try state(r.expression, "2027-05-03T11:00"), "open")
        XCTAssertEqual(try state(r.expression, "2027-05-03T13:00"), "closed")
        XCTAssertEqual(try state(r.expression, "2027-05-03T23:30"), "open")
        XCTAssertEqual(try state(r.expression, "2027-11-03T11:00"), "closed")
    }

    func testOpenExceptSomeDays() throws {
        let r = try convert("""
            {"periodesOuvertures": [{"dateDebut": "2026-06-01", "dateFin": "2026-09-15", "type": "OUVERTURE_SAUF", "tousLesAns": false,
              "horaireOuverture": "19:00:00", "horaireFermeture": "02:00:00", "ouverturesJournalieres": [{"jour": "LUNDI"}]}]}
            """)
        XCTAssertEqual(r.expression, "2026 Jun 01-2026 Sep 15 Tu-Su 19:00-02:00")
        XCTAssertEqual(try state(r.expression, "2026-06-02T20:00"), "open")     // Tuesday
        XCTAssertEqual(try state(r.expression, "2026-06-08T20:00"), "closed")   // Monday
        XCTAssertEqual(try state(r.expression, "2026-06-08T01:00"), "open", "Sunday's night runs into Monday")
    }

    func testDaysOfTheMonthAreNotExpressibleAndLeaveTheTextOnly() throws {
        let r = try convert("""
            {"periodesOuvertures": [{"dateDebut": "2026-01-01", "dateFin": "2026-12-31", "type": "OUVERTURE_MOIS",
              "ouverturesJourDuMois": [{"jourDuMois": "D_1ER", "jour": "DIMANCHE"}]}]}
            """)
        XCTAssertNil(r.expression)
        XCTAssertEqual(r.notes.count, 1)
        XCTAssertTrue(r.notes[0].contains("OUVERTURE_MOIS") && r.notes[0].hasSuffix("opening hours shown as text only"), r.notes[0])
        // The item keeps periodeEnClair and the report says why.
        let hotel = try object("hotentic_hot_fr_en.json").setting("ouverture.periodesOuvertures",
            .array([.object(["dateDebut": .string("2026-01-01"), "dateFin": .string("2026-12-31"), "type": .string("OUVERTURE_MOIS")])]))
        let i = try importObjects([hotel])
        XCTAssertNil(try item(i, 898922).openingHours)
        XCTAssertEqual(try item(i, 898922).hoursText.french, "Du 01/04 au 14/10/2018.")
        XCTAssertTrue(i.report.warnings.contains { $0.field == "ouverture" && $0.message.contains("OUVERTURE_MOIS") })
    }

    func testDaysWithoutTimesAreOpenForAccommodationOnlyAndUnknownElsewhere() throws {
        let json = #"{"periodesOuvertures": [{"dateDebut": "2026-05-01", "dateFin": "2026-09-30", "type": "OUVERTURE_TOUS_LES_JOURS", "tousLesAns": true}]}"#
        XCTAssertEqual(try convert(json, dayLevelOpen: true).expression, "May 01-Sep 30 open")
        XCTAssertEqual(try convert(json).expression, "May 01-Sep 30 unknown")
    }

    // MARK: - Closures

    func testExceptionalClosuresWin() throws {
        let r = try convert("""
            {"periodesOuvertures": [{"dateDebut": "2020-01-01", "dateFin": "2020-12-31", "type": "OUVERTURE_TOUS_LES_JOURS",
              "tousLesAns": true, "horaireOuverture": "10:00:00", "horaireFermeture": "18:00:00"}],
             "fermeturesExceptionnelles": [{"dateSpeciale": "LUNDI_PAQUES"}, {"dateSpeciale": "VINGT_CINQ_DECEMBRE"},
                                           {"dateFermeture": "2020-07-03"}, {"dates": ["2020-08-10", "2020-08-11"]}]}
            """)
        XCTAssertEqual(r.expression, "Jan 01-Dec 31 10:00-18:00; easter +1 day off; Dec 25 off; 2020 Jul 03 off; 2020 Aug 10 off; 2020 Aug 11 off")
        XCTAssertEqual(try state(r.expression, "2020-04-13T11:00"), "closed")  // Easter Monday 2020
        XCTAssertEqual(try state(r.expression, "2021-04-05T11:00"), "closed")  // Easter Monday 2021
        XCTAssertEqual(try state(r.expression, "2020-04-14T11:00"), "open")
        XCTAssertEqual(try state(r.expression, "2020-07-03T11:00"), "closed")
        XCTAssertEqual(try state(r.expression, "2021-07-03T11:00"), "open", "a dated closure is for its year only")
        XCTAssertEqual(try state(r.expression, "2020-08-11T11:00"), "closed")
        XCTAssertEqual(try state(r.expression, "2020-12-25T11:00"), "closed")
    }

    func testAClosureTheKioskCannotExpressDropsTheExpression() throws {
        let r = try convert("""
            {"periodesOuvertures": [{"dateDebut": "2020-01-01", "dateFin": "2020-12-31", "type": "OUVERTURE_TOUS_LES_JOURS",
              "horaireOuverture": "10:00:00", "horaireFermeture": "18:00:00"}],
             "fermeturesExceptionnelles": [{"dateSpeciale": "BERCHTOLDSTAG"}]}
            """)
        XCTAssertNil(r.expression, "saying 'open' on a day it is closed would be worse than the text")
        XCTAssertTrue(r.notes[0].contains("BERCHTOLDSTAG"), r.notes[0])
    }

    func testTemporarilyClosed() throws {
        let r = try convert(#"{"fermeTemporairement": "FERME_TEMPORAIREMENT", "periodesOuvertures": []}"#)
        XCTAssertEqual(r.expression, #"off "fermé temporairement""#)
        XCTAssertEqual(try state(r.expression, "2026-06-01T12:00"), "closed")
    }

    // MARK: - The timetable model (horaires / timePeriods)

    func testTimePeriodsWithWeekdaysHolidaysAndClosedDays() throws {
        let r = try convert("""
            {"periodesOuvertures": [{"dateDebut": "2026-01-01", "dateFin": "2026-12-31", "type": "OUVERTURE_TOUS_LES_JOURS", "tousLesAns": true,
              "horaires": [{"timePeriods": [
                {"weekdays": ["MON", "TUE", "WED", "THU", "FRI"], "timeFrames": [{"startTime": "09:00", "endTime": "12:00"}, {"startTime": "14:00", "endTime": "18:00"}]},
                {"weekdays": ["SAT", "HOL"], "timeFrames": [{"startTime": "10:00", "endTime": "12:00"}]},
                {"weekdays": ["SUN"], "closed": true}]}]}]}
            """)
        XCTAssertEqual(r.expression, "Jan 01-Dec 31 Mo-Fr 09:00-12:00,14:00-18:00, Jan 01-Dec 31 Sa,PH 10:00-12:00, Jan 01-Dec 31 Su off")
        XCTAssertEqual(try state(r.expression, "2027-03-03T15:00"), "open")
        XCTAssertEqual(try state(r.expression, "2027-03-06T11:00"), "open")
        XCTAssertEqual(try state(r.expression, "2027-03-07T11:00"), "closed")
    }

    func testBadDatesDropTheExpression() throws {
        XCTAssertNil(try convert(#"{"periodesOuvertures": [{"dateDebut": "2026-13-01", "dateFin": "2026-12-31"}]}"#).expression)
        XCTAssertNil(try convert(#"{"periodesOuvertures": [{"dateDebut": "2026-05-01", "dateFin": "2026-04-30"}]}"#).expression)
        XCTAssertNil(try convert(#"{"periodesOuvertures": [{"dateDebut": "2026-05-01", "dateFin": "2026-05-30", "horaireOuverture": "9h30"}]}"#).expression)
        XCTAssertEqual(try convert(#"{"periodeEnClair": {"libelleFr": "Toute l'année"}}"#), ApidaeHours.Result(expression: nil, notes: []))
    }

    func testWeekdaySelectors() {
        XCTAssertEqual(ApidaeHours.selector([0, 1, 2, 3, 4]), "Mo-Fr")
        XCTAssertEqual(ApidaeHours.selector([0, 1, 3, 5, 6]), "Mo,Tu,Th,Sa,Su")
        XCTAssertEqual(ApidaeHours.selector([0, 1, 2, 4, 5, 6]), "Mo-We,Fr-Su")
        XCTAssertEqual(ApidaeHours.selector(Set(0..<7)), "")
    }
}
