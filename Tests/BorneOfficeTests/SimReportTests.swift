import BorneCore
import BorneStore
import XCTest
@testable import BorneOffice

/// Simulator → kiosk databases (through the kiosk's recorder) → office
/// database → report: the report shows the plan's figures.
final class SimReportTests: XCTestCase {
    func simulate(scale: Double, only: Set<String>? = nil) throws -> (OfficeStore, [KioskPlan]) {
        let dir = try tempDir()
        let profile = Seed2020.profile(year: 2020)
        let results = try SimRun.run(profile, scale: scale, only: only, out: dir + "/kiosks")
        let store = try OfficeStore(path: dir + "/office.db")
        for r in results {
            try store.trust(kiosk: r.kiosk, keyHex: testKeyHex())
            XCTAssertEqual(try KioskDatabaseLoader.load(r.databasePath, kiosk: r.kiosk, into: store), r.touches)
        }
        return (store, SimRun.plans(profile, scale: scale, only: only))
    }

    func testSmallScaleReportShowsThePlannedFigures() throws {
        let (store, plans) = try simulate(scale: 0.05)
        let report = try OfficeReport.build(store, year: 2020)
        XCTAssertEqual(report.kiosks, ["vic-sur-cere", "pailherols", "thiezac", "raulhac", "polminhac", "pas-de-cere",
                                       "st-jacques-des-blats"])
        for p in plans {
            let k = report.stats.kiosks[p.profile.id]!
            XCTAssertEqual(k.sessions, p.sessionCount, p.profile.id)
            XCTAssertEqual(k.days.count, p.dayCount, p.profile.id)
            XCTAssertEqual(k.openingTaps, p.openingTaps.filter { $0.value > 0 }, p.profile.id)
            XCTAssertEqual(k.taps, p.tapCount, p.profile.id)
        }
        XCTAssertEqual(report.stats.all.sessions, plans.reduce(0) { $0 + $1.sessionCount })
    }

    func testKioskRowsLookLikeTheKiosksOwn() throws {
        let dir = try tempDir()
        let r = try SimRun.run(Seed2020.profile(year: 2020), scale: 0.02, only: ["vic-sur-cere"], out: dir)[0]
        let kiosk = try TouchStore(database: Database(path: r.databasePath), kioskID: "vic-sur-cere")
        let touches = try kiosk.touches()
        let sessions = try kiosk.sessions()
        XCTAssertEqual(sessions.count, r.sessions)
        XCTAssertEqual(touches.map(\.seq), Array(1...Int64(touches.count)))
        for s in sessions {
            let mine = touches.filter { $0.sessionID == s.id }
            XCTAssertEqual(mine.first?.seq, s.id, "a session's id is the seq of its first tap")
            XCTAssertEqual(mine.count, s.touches)
            XCTAssertNotNil(s.endUTC)
        }
        let screens = Set(touches.map(\.screen))
        XCTAssert(screens.contains("home") && screens.contains("attract"))
        XCTAssert(screens.contains { $0.hasPrefix("list:") } && screens.contains { $0.hasPrefix("detail:") })
        let targets = Set(touches.compactMap(\.target))
        XCTAssert(targets.contains("wake") && targets.contains("nav:back") && targets.contains("tile:dormir"))
        XCTAssert(touches.contains { $0.flags.contains(.noAction) && $0.target?.hasPrefix("tile:") == true },
                  "some tile taps did nothing and must not count")
        XCTAssert(touches.allSatisfy { $0.section == nil || $0.screen != "home" })
    }
}

/// The full seed year written through the recorder and reported: the
/// report's two 2020 tables equal the office's figures (seed TSVs).
final class SimFullYearTests: XCTestCase {
    func testFullYearReportReproducesTheSeedTables() throws {
        let dir = try tempDir()
        let t0 = Date()
        let results = try SimRun.run(Seed2020.profile(year: 2020), out: dir + "/kiosks")
        let store = try OfficeStore(path: dir + "/office.db")
        for r in results {
            try store.trust(kiosk: r.kiosk, keyHex: testKeyHex())
            _ = try KioskDatabaseLoader.load(r.databasePath, kiosk: r.kiosk, into: store)
        }
        let seedKiosks = Set(Seed2020Fixture.columns.dropFirst())
        let report = try OfficeReport.build(store, year: 2020, only: seedKiosks)
        print("full year: \(results.reduce(0) { $0 + $1.touches }) touches in \(String(format: "%.1f", Date().timeIntervalSince(t0))) s")
        XCTAssertEqual(report.columns, Seed2020Fixture.columns)
        let sessions = Seed2020Fixture.sessions
        XCTAssertEqual(report.sessionsTable.rows[0].cells,
                       [String(sessions.values.reduce(0) { $0 + $1.sessions })]
                       + report.kiosks.map { String(sessions[$0]!.sessions) })
        XCTAssertEqual(report.sessionsTable.rows[1].cells.dropFirst().map { $0 },
                       report.kiosks.map { String(sessions[$0]!.days) })
        let touches = Seed2020Fixture.touches
        XCTAssertEqual(report.openingTapsTable.rows.map(\.label), Seed2020Fixture.sectionLabels)
        for row in report.openingTapsTable.rows {
            XCTAssertEqual(row.cells, report.columns.map { String(touches[row.label]![$0]!) }, row.label)
        }
    }
}
