import BorneCore
import XCTest
@testable import BorneOffice

/// The simulator's plan reproduces the office's 2020 figures exactly. The
/// full year is planned here (fast); writing it is `SimEmitTests`' job.
final class SimPlanTests: XCTestCase {
    static let profile = Seed2020.profile(year: 2020)
    static let plans = SimRun.plans(profile)

    func plan(_ id: String) -> KioskPlan { Self.plans.first { $0.profile.id == id }! }

    func testFullScalePlanHasTheSeedSessionsAndDaysOfEveryKiosk() {
        let seed = Seed2020Fixture.sessions
        XCTAssertEqual(seed.count, 6)
        for (id, figures) in seed {
            XCTAssertEqual(plan(id).sessionCount, figures.sessions, id)
            XCTAssertEqual(plan(id).dayCount, figures.days, id)
        }
    }

    func testFullScalePlanHasTheSeedOpeningTapsPerSectionAndKiosk() {
        let seed = Seed2020Fixture.touches
        for section in OfficeReport.sections2020 {
            let row = seed[section.frenchName]!
            var sum = 0
            for (col, expected) in row where col != "all_kiosks" {
                XCTAssertEqual(plan(col).openingTaps[section.rawValue] ?? 0, expected, "\(section) \(col)")
                sum += expected
            }
            XCTAssertEqual(row["all_kiosks"], sum, "the seed's all_kiosks column is the sum")
        }
    }

    func testStJacquesHasPlausibleFiguresOfItsOwn() {
        let p = plan("st-jacques-des-blats")
        XCTAssertEqual(p.sessionCount, 402)
        XCTAssertEqual(p.dayCount, 158)
        let perSession = Double(OfficeReport.sections2020.reduce(0) { $0 + (p.openingTaps[$1.rawValue] ?? 0) })
            / Double(p.sessionCount)
        XCTAssert((1.5...3.5).contains(perSession), "\(perSession) opening taps per session")
    }

    func testSessionsNeverOverlapAndStayInTheirLocalDay() {
        var clock = ParisClock()
        for p in Self.plans {
            var previousEnd = Int64.min
            for s in p.sessions {
                XCTAssertGreaterThan(s.startMs, previousEnd == .min ? .min : previousEnd + SimPlanner.idleMs,
                                     "\(p.profile.id) session at \(UTCTime.string(ms: s.startMs)) overlaps")
                XCTAssertEqual(clock.local(ms: s.startMs).day, s.day.dayNumber)
                XCTAssertEqual(clock.local(ms: s.lastTapMs).day, s.day.dayNumber)
                XCTAssertEqual(s.taps.first?.offsetMs, 0)
                previousEnd = s.lastTapMs
            }
        }
    }

    func testVicIsBusiestAtLunchAndInTheEvening() {
        var byHour = [Int](repeating: 0, count: 24)
        var clock = ParisClock()
        for s in plan("vic-sur-cere").sessions { byHour[clock.local(ms: s.startMs).hour] += 1 }
        let top4 = byHour.indices.sorted { byHour[$0] > byHour[$1] }.prefix(4)
        XCTAssertEqual(Set(top4), [12, 13, 18, 19], "\(byHour)")
        let peaks = byHour[12] + byHour[13] + byHour[18] + byHour[19]
        XCTAssertGreaterThan(Double(peaks) / Double(byHour.reduce(0, +)), 0.6)
    }

    func testLockdownMonthsHaveVeryFewSessions() {
        for p in Self.plans {
            let lockdown = p.sessions.filter { (3...5).contains($0.day.month) && !($0.day.month == 3 && $0.day.day < 17) }
            let summer = p.sessions.filter { $0.day.month == 7 || $0.day.month == 8 }
            XCTAssertLessThan(lockdown.count * 10, summer.count, p.profile.id)
            let april = p.sessions.filter { $0.day.month == 4 }.count
            XCTAssertLessThan(april, max(3, p.sessionCount / 100), p.profile.id)
        }
    }

    func testPlansAreDeterministic() {
        let again = SimRun.plans(Self.profile, only: ["raulhac"])
        XCTAssertEqual(again.first, plan("raulhac"))
    }

    func testScaledPlanKeepsTheScaledFigures() {
        let small = SimRun.plans(Self.profile, scale: 0.05, only: ["pailherols"])[0]
        XCTAssertEqual(small.sessionCount, 70)       // 1393 × 0.05 = 69.65
        XCTAssertEqual(small.dayCount, 11)           // 222 × 0.05 = 11.1
        XCTAssertEqual(small.openingTaps["randonnees"], 49)   // 986 × 0.05 = 49.3
    }
}
