import BorneCore
import BorneStats
import BorneStore
import XCTest
@testable import BorneOffice

/// Rows with an implausible wall clock are stored, flagged, left out of the
/// tables, and counted per kiosk in the report.
final class ClockFlagTests: XCTestCase {
    let now = { UTCTime.date(ms: ms("2020-07-20T08:00:00Z")) }

    func testRowsBeforeTheirContentWasCreatedAreFlaggedNotDropped() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        let key = testKey(0x42)
        // Content 2020.07.1 was built on 30 June; a session claiming 1 January with it has a wrong clock.
        try writeHeartbeat(kiosk: "vic-sur-cere", key: key, root: dir + "/dav")
        try writeBatch(sessionRows(from: 1, taps: 3, at: "2020-01-01T10:00:00Z")
                       + sessionRows(from: 4, taps: 2, at: "2020-07-14T10:00:00Z"),
                       kiosk: "vic-sur-cere", key: key, root: dir + "/dav")
        let r = try OfficeIngest(store: store, now: now).run([dir + "/dav"])
        XCTAssertEqual(r.flagged, 3)
        XCTAssertEqual(try touchCount(store), 5, "flagged rows are kept")
        let report = try OfficeReport.build(store, year: 2020)
        XCTAssertEqual(report.stats.kiosks["vic-sur-cere"]?.sessions, 1, "only the plausible session counts")
        XCTAssertEqual(report.flagged["vic-sur-cere"]?[.beforeContent], 3)
        XCTAssertEqual(report.tables.last?.rows[0].cells, ["3", "3"])
        XCTAssert(report.text().contains("Avant la création de leur contenu"))
    }

    func testAHeartbeatArrivingLaterFlagsRowsAlreadyStored() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        let key = testKey(0x42)
        try writeBatch(sessionRows(from: 1, taps: 3, at: "2020-01-01T10:00:00Z"), kiosk: "vic-sur-cere", key: key,
                       root: dir + "/a")
        XCTAssertEqual(try OfficeIngest(store: store, now: now).run([dir + "/a"]).flagged, 0)
        try writeHeartbeat(kiosk: "vic-sur-cere", key: key, root: dir + "/b")
        _ = try OfficeIngest(store: store, now: now).run([dir + "/b"])
        XCTAssertEqual(try store.flaggedCounts()["vic-sur-cere"]?[.beforeContent], 3)
    }

    func testRowsInTheFutureOrBefore2015AreFlagged() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        let key = testKey(0x42)
        try writeBatch(sessionRows(from: 1, taps: 2, at: "1970-01-01T00:00:05Z")
                       + sessionRows(from: 3, taps: 2, at: "2020-07-20T08:30:00Z")   // within the hour of slack
                       + sessionRows(from: 5, taps: 4, at: "2031-03-01T12:00:00Z"),
                       kiosk: "vic-sur-cere", key: key, root: dir + "/dav")
        let r = try OfficeIngest(store: store, now: now).run([dir + "/dav"])
        XCTAssertEqual(r.flagged, 6)
        XCTAssertEqual(try store.flaggedCounts()["vic-sur-cere"], [.beforeContent: 2, .future: 4])
    }

    /// A kiosk without network time whose clock was behind its content
    /// counted from the content's date: its taps look plausible but are
    /// flagged `clockAdjusted` (16) by the kiosk; the office reports them
    /// apart instead of counting them as genuine.
    func testTapsMadeWhileTheKioskMovedItsClockForwardAreReportedApart() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        let key = testKey(0x42)
        try writeHeartbeat(kiosk: "vic-sur-cere", key: key, root: dir + "/dav")
        let adjusted = sessionRows(from: 1, taps: 3, at: "2020-07-01T08:00:00Z").map { r -> BatchRow in
            var a = r
            a.flags |= TouchFlags.clockAdjusted.rawValue
            return a
        }
        try writeBatch(adjusted + sessionRows(from: 4, taps: 2, at: "2020-07-14T10:00:00Z"),
                       kiosk: "vic-sur-cere", key: key, root: dir + "/dav")
        let r = try OfficeIngest(store: store, now: now).run([dir + "/dav"])
        XCTAssertEqual(r.flagged, 3)
        XCTAssertEqual(try touchCount(store), 5, "flagged rows are kept")
        XCTAssertEqual(try store.touches(kiosk: "vic-sur-cere").map(\.flags), [16, 16, 16, 0, 0], "stored as received")
        let report = try OfficeReport.build(store, year: 2020)
        XCTAssertEqual(report.stats.kiosks["vic-sur-cere"]?.sessions, 1, "the adjusted session is not counted as genuine")
        XCTAssertEqual(report.flagged["vic-sur-cere"], [.clockAdjusted: 3])
        let row = try XCTUnwrap(report.tables.last?.rows.first { $0.label.hasPrefix("Horloge avancée") })
        XCTAssertEqual(row.cells, ["3", "3"])
        XCTAssert(report.csv().contains("Horloge avancée par la borne à la date de son contenu,3,3"))
    }
}
