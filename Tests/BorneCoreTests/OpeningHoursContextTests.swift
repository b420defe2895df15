import Foundation
import XCTest
@testable import BorneCore

/// What evaluation needs besides the expression: sun times at a position
/// (NOAA) and the school-holiday calendar of the content
/// (content/holidays/school-zone-a.json).
final class SolarTimesTests: XCTestCase {
    static let vic = GeoPoint(lat: 44.9758, lon: 2.6247)

    private func hm(_ m: Int?) -> String { m.map { String(format: "%02d:%02d", $0 / 60, $0 % 60) } ?? "none" }

    /// Vic-sur-Cère, local time. Reference values: the Rust `sunrise` crate
    /// through opening-hours-py (an independent algorithm), which agree with
    /// published almanacs for Aurillac (20 km west) to a minute or two.
    func testVicSurCereKnownValues() {
        let cases: [(String, SolarTimes.Event, String)] = [
            ("2025-06-21", .sunrise, "06:02"), ("2025-06-21", .sunset, "21:39"),
            ("2025-12-21", .dawn, "07:50"), ("2025-12-21", .dusk, "17:44"),
        ]
        for (day, event, expected) in cases {
            let m = SolarTimes.minute(event, on: LocalDate(iso: day)!, at: Self.vic)
            let e = Int(expected.prefix(2))! * 60 + Int(expected.suffix(2))!
            XCTAssertNotNil(m)
            XCTAssertLessThanOrEqual(abs((m ?? 0) - e), 1, "\(event) on \(day): \(hm(m)), expected \(expected) ± 1 min")
        }
        // The order of the day and the summer time shift.
        let d = LocalDate(iso: "2025-03-21")!
        let all = SolarTimes.Event.allCases.map { SolarTimes.minute($0, on: d, at: Self.vic)! }
        XCTAssertEqual(all, all.sorted())
        let before = SolarTimes.minute(.sunrise, on: LocalDate(iso: "2025-03-29")!, at: Self.vic)!
        let after = SolarTimes.minute(.sunrise, on: LocalDate(iso: "2025-03-30")!, at: Self.vic)!
        XCTAssertEqual(after - before, 58, "summer time moves sunrise by an hour, less two minutes of spring")
    }

    func testSunriseSunsetRule() throws {
        let oh = try OpeningHours("sunrise-sunset", context: .init(geo: Self.vic))
        let s = oh.status(at: KioskTime.parseLocal("2025-06-21T12:00")!)
        XCTAssertTrue(s.isOpen)
        XCTAssertEqual(s.nextChange.map(KioskTime.formatLocal), "2025-06-21T" + hm(SolarTimes.minute(.sunset, on: LocalDate(iso: "2025-06-21")!, at: Self.vic)))
        let offset = try OpeningHours("(sunrise+01:00)-(sunset-00:30)", context: .init(geo: Self.vic))
        XCTAssertEqual(offset.intervals(on: LocalDate(iso: "2025-06-21")!).first.map { [$0.lowerBound, $0.upperBound] },
                       [SolarTimes.minute(.sunrise, on: LocalDate(iso: "2025-06-21")!, at: Self.vic)! + 60,
                        SolarTimes.minute(.sunset, on: LocalDate(iso: "2025-06-21")!, at: Self.vic)! - 30])
    }

    /// Without a position, sun times cannot be read: unreadable, never a guess.
    func testSunWithoutPositionIsUnreadable() throws {
        let oh = try OpeningHours("Mo-Su sunrise-sunset")
        let s = oh.status(at: KioskTime.parseLocal("2025-06-21T12:00")!)
        XCTAssertTrue(s.isUnreadable)
        XCTAssertFalse(s.isOpen)
    }
}

final class SchoolHolidaysFileTests: XCTestCase {
    static func bundledCalendar() throws -> SchoolHolidays {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("content/holidays/school-zone-a.json")
        return try SchoolHolidays.parse(Data(contentsOf: url))
    }

    func testBundledCalendarZoneA() throws {
        let sh = try Self.bundledCalendar()
        XCTAssertEqual(sh.zone, "A")
        XCTAssertTrue(sh.source.contains("education.gouv.fr"))
        // Winter 2025 for zone A: 22 February to 9 March (classes resume 10 March).
        XCTAssertEqual(sh.contains(LocalDate(iso: "2025-02-21")!), false)
        XCTAssertEqual(sh.contains(LocalDate(iso: "2025-02-22")!), true)
        XCTAssertEqual(sh.contains(LocalDate(iso: "2025-03-09")!), true)
        XCTAssertEqual(sh.contains(LocalDate(iso: "2025-03-10")!), false)
        XCTAssertEqual(sh.contains(LocalDate(iso: "2026-02-07")!), true)
        XCTAssertEqual(sh.contains(LocalDate(iso: "2023-12-31")!), nil, "outside the coverage: cannot tell")
        // Every period starts on a Saturday, except the Ascension bridges
        // (Thursday) and the clipped start of the coverage.
        for p in sh.periods where !p.name.contains("Ascension") && p.first != sh.coverage.lowerBound {
            XCTAssertEqual(p.first.isoWeekday, 6, p.name)
        }
    }

    func testSHRules() throws {
        let sh = try Self.bundledCalendar()
        let oh = try OpeningHours("SH Mo-Fr 10:00-18:00; Sa,Su 14:00-18:00", context: .init(schoolHolidays: sh))
        // Monday 24 February 2025: zone A winter holidays.
        XCTAssertTrue(oh.status(at: KioskTime.parseLocal("2025-02-24T11:00")!).isOpen)
        // Monday 17 March 2025: a school day, the weekday rule does not match.
        XCTAssertFalse(oh.status(at: KioskTime.parseLocal("2025-03-17T11:00")!).isOpen)
        // Past the calendar: unreadable, not "closed".
        let later = oh.status(at: KioskTime.parseLocal("2026-10-19T11:00")!)
        XCTAssertTrue(later.isUnreadable)
        // Without a calendar at all: the same.
        XCTAssertTrue(try OpeningHours("SH 10:00-18:00").status(at: KioskTime.parseLocal("2025-02-24T11:00")!).isUnreadable)
        // "SH off" in a union keeps weekdays readable: Mo-Fr matches first.
        let union = try OpeningHours("Mo-Fr,SH 10:00-12:00")
        XCTAssertTrue(union.status(at: KioskTime.parseLocal("2025-02-24T11:00")!).isOpen)
    }

    func testBadFilesSayWhat() {
        func err(_ json: String) -> String {
            do { _ = try SchoolHolidays.parse(Data(json.utf8)); return "parsed" } catch { return "\(error)" }
        }
        XCTAssertEqual(err("[]"), "not a JSON object")
        XCTAssertTrue(err(#"{"zone":"A","coverage":{"from":"2024-01-01","to":"2024-12-31"},"periods":[{"name":"x","first":"2025-01-01","last":"2025-01-02"}]}"#)
            .contains("outside the coverage"))
        XCTAssertTrue(err(#"{"zone":"A","coverage":{"from":"2024-01-01","to":"2024-12-31"},"periods":[{"name":"x","first":"2024-03-02","last":"2024-03-01"}]}"#)
            .contains("ends (2024-03-01) before it starts"))
    }
}
