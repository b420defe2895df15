import XCTest
import BorneCore
@testable import borne

/// `borne hours`: exit codes and the JSON / text output.
final class HoursCommandTests: XCTestCase {
    func testExitCodes() {
        XCTAssertEqual(HoursCommand.run(["Mo-Fr 10:00-12:00", "--at", "2020-05-08T10:00"]), 0)
        XCTAssertEqual(HoursCommand.run(["--help"]), 0)
        XCTAssertEqual(HoursCommand.run([]), 64)
        XCTAssertEqual(HoursCommand.run(["Mo-Fr 10:00-12:00", "--at"]), 64)
        XCTAssertEqual(HoursCommand.run(["Mo-Fr 10:00-12:00", "--at", "2020-05-32T10:00"]), 64)
        XCTAssertEqual(HoursCommand.run(["Mo-Fr 10:00-12:00", "--frobnicate"]), 64)
        XCTAssertEqual(HoursCommand.run(["Mo-Fr 10:00-12:00", "Sa"]), 64)
        XCTAssertEqual(HoursCommand.run(["Mo-Fr 0930", "--at", "2020-05-08T10:00"]), 65)
        // The issue's value: a colon after the month range.
        XCTAssertEqual(HoursCommand.run(["Dec-May: Fr-Sa 07:30-09:30", "--at", "2025-01-03T08:00"]), 0)
        XCTAssertEqual(HoursCommand.run(["sunrise-sunset", "--geo", "44.9758,2.6247"]), 0)
        XCTAssertEqual(HoursCommand.run(["sunrise-sunset", "--geo", "144.9,2.6"]), 64)
        XCTAssertEqual(HoursCommand.run(["SH 10:00-12:00", "--school-holidays", "/nonexistent/school.json"]), 66)
    }

    func testUnreadableAndContext() throws {
        let at = KioskTime.parseLocal("2025-06-21T12:00")!
        let bare = try OpeningHours("sunrise-sunset").status(at: at)
        XCTAssertEqual(HoursCommand.textLines(status: bare, at: at, language: .fr),
                       "unreadable · Horaires : voir l'office\nnext change: none")
        let placed = try OpeningHours("sunrise-sunset", context: .init(geo: GeoPoint(lat: 44.9758, lon: 2.6247))).status(at: at)
        XCTAssertEqual(HoursCommand.state(placed), "open")
    }

    func testJSONLine() throws {
        let at = KioskTime.parseLocal("2020-05-08T10:00")!
        let e = "Mo-Sa 09:30-12:30,14:00-18:00"
        let s = try OpeningHours(e).status(at: at)
        XCTAssertEqual(HoursCommand.jsonLine(expression: e, at: at, status: s),
                       #"{"expression": "Mo-Sa 09:30-12:30,14:00-18:00", "at": "2020-05-08T10:00", "state": "open", "next_change": "2020-05-08T12:30", "comment": null}"#)
        let c = "Mo 10:00-12:00 \"rdv\""
        let j = HoursCommand.jsonLine(expression: c, at: at, status: try OpeningHours("24/7").status(at: at))
        XCTAssertEqual(j, #"{"expression": "Mo 10:00-12:00 \"rdv\"", "at": "2020-05-08T10:00", "state": "open", "next_change": null, "comment": null}"#)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(j.utf8)))
    }

    func testTextLines() throws {
        let at = KioskTime.parseLocal("2020-05-08T10:00")!
        let s = try OpeningHours("Mo-Sa 09:30-12:30,14:00-18:00").status(at: at)
        XCTAssertEqual(HoursCommand.textLines(status: s, at: at, language: .fr), "open · ferme à 12:30\nnext change: 2020-05-08T12:30")
    }
}

final class HoursCommandOptionTests: XCTestCase {
    func testEqualsFormOfOptions() {
        XCTAssertEqual(HoursCommand.run(["Mo-Fr 10:00-12:00", "--at=2020-05-08T10:00", "--lang=en"]), 0)
        XCTAssertEqual(HoursCommand.run(["Mo-Fr 10:00-12:00", "--lang=xx"]), 64)
    }
}
