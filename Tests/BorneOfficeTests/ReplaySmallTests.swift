import BorneCore
import BorneStats
import BorneStore
import Foundation
import XCTest
@testable import BorneOffice

/// Simulator → kiosk databases → batches (BorneStats codec) → ingest →
/// report, file-based: a collector directory for one kiosk, a USB stick
/// for St Jacques des Blats. The end-to-end replay through the uploader
/// and nginx is the integration's job; this pins the office's half.
final class ReplaySmallTests: XCTestCase {
    /// Every row of a kiosk database as batches of at most 5,000 rows, as
    /// the uploader cuts them; returns the batch count.
    static func writeBatches(database: String, kiosk: String, key: StatsKey, root: String) throws -> Int {
        let store = try TouchStore(database: Database(path: database), kioskID: kiosk)
        let rows = try store.touches().map { t in
            BatchRow(seq: t.seq, sessionID: t.sessionID, wallMs: UTCTime.parseISO(t.wallUTC)!,
                     monoMs: t.monoNs / 1_000_000, screen: t.screen, section: t.section, target: t.target, x: t.x,
                     y: t.y, language: t.language, contentVersion: t.contentVersion, flags: t.flags.rawValue)
        }
        var n = 0
        for start in stride(from: 0, to: rows.count, by: Batch.maxRows) {
            try writeBatch(Array(rows[start..<min(rows.count, start + Batch.maxRows)]), kiosk: kiosk, key: key, root: root)
            n += 1
        }
        return n
    }

    func testTwoKiosksReplayedThroughBatchesGiveThePlannedReport() throws {
        let dir = try tempDir()
        let profile = Seed2020.profile(year: 2020)
        let kiosks: Set = ["vic-sur-cere", "st-jacques-des-blats"]
        let results = try SimRun.run(profile, scale: 0.1, only: kiosks, out: dir + "/kiosks")
        let plans = SimRun.plans(profile, scale: 0.1, only: kiosks)
        let store = try makeOffice(dir, trusting: [])
        let keys = ["vic-sur-cere": testKey(0x11), "st-jacques-des-blats": testKey(0x22)]
        for (k, key) in keys { try store.trust(kiosk: k, keyHex: key.hex) }

        // Vic uploads to the collector; St Jacques is carried on a stick.
        let vic = results.first { $0.kiosk == "vic-sur-cere" }!
        let stj = results.first { $0.kiosk == "st-jacques-des-blats" }!
        XCTAssertEqual(try Self.writeBatches(database: vic.databasePath, kiosk: vic.kiosk, key: keys[vic.kiosk]!,
                                             root: dir + "/dav"), 1)
        try writeHeartbeat(kiosk: vic.kiosk, key: keys[vic.kiosk]!, root: dir + "/dav", sent: "2021-01-02T10:00:00.000Z",
                           contentVersion: "2020.12.1", contentCreated: "2020-11-29T23:00:00.000Z")
        _ = try Self.writeBatches(database: stj.databasePath, kiosk: stj.kiosk, key: keys[stj.kiosk]!,
                                  root: dir + "/stick/borne/stats")
        try writeHeartbeat(kiosk: stj.kiosk, key: keys[stj.kiosk]!, root: dir + "/stick/borne/stats",
                           sent: "2021-01-05T09:00:00.000Z", contentVersion: "2020.12.1",
                           contentCreated: "2020-11-29T23:00:00.000Z")

        let ingest = OfficeIngest(store: store, now: { UTCTime.date(ms: ms("2021-01-05T12:00:00Z")) })
        let r = try ingest.run([dir + "/dav", dir + "/stick"])
        XCTAssertEqual(r.rejected, [])
        XCTAssertEqual(r.newRows, vic.touches + stj.touches)
        XCTAssertEqual(r.flagged, 0, "every row is after its content's creation")
        XCTAssertEqual(r.receipts.map(\.ackedUpTo), [Int64(stj.touches)])

        // Everything arrives again (a retry, the next stick visit): nothing changes.
        let again = try ingest.run([dir + "/dav", dir + "/stick"])
        XCTAssertEqual(again.newRows, 0)

        let report = try OfficeReport.build(store, year: 2020)
        XCTAssertEqual(report.kiosks, ["vic-sur-cere", "st-jacques-des-blats"])
        for p in plans {
            let k = report.stats.kiosks[p.profile.id]!
            XCTAssertEqual(k.sessions, p.sessionCount, p.profile.id)
            XCTAssertEqual(k.days.count, p.dayCount, p.profile.id)
            XCTAssertEqual(k.openingTaps, p.openingTaps.filter { $0.value > 0 }, p.profile.id)
        }
        let csv = report.csv()
        XCTAssert(csv.hasPrefix("Sessions 2020\n,all_kiosks,vic-sur-cere,st-jacques-des-blats\nNombre des sessions,"
                                + "\(plans[0].sessionCount + plans[1].sessionCount),\(plans[0].sessionCount),\(plans[1].sessionCount)\n"),
                  csv)

        // The rows at the office are the kiosk's, byte for byte.
        let kioskRows = try TouchStore(database: Database(path: vic.databasePath), kioskID: vic.kiosk).touches()
        let officeRows = try store.touches(kiosk: vic.kiosk)
        XCTAssertEqual(officeRows.map(\.seq), kioskRows.map(\.seq))
        XCTAssertEqual(officeRows.map(\.target), kioskRows.map(\.target))
        XCTAssertEqual(officeRows.map(\.flags), kioskRows.map(\.flags.rawValue))
    }

    /// Vic sur Cère's whole 2020 through batches, reinstalled half-way
    /// (new disk, new stats key, numbers from 1 again, the same batch names
    /// on the collector): the office keeps both installations and the
    /// report still equals the office's 2020 figures.
    func testAKioskReinstalledInTheMiddleOfTheYearStillGivesTheSeedFigures() throws {
        let dir = try tempDir()
        let vic = "vic-sur-cere"
        let result = try SimRun.run(Seed2020.profile(year: 2020), only: [vic], out: dir + "/kiosks")[0]
        let rows = try TouchStore(database: Database(path: result.databasePath), kioskID: vic).touches().map { t in
            BatchRow(seq: t.seq, sessionID: t.sessionID, wallMs: UTCTime.parseISO(t.wallUTC)!,
                     monoMs: t.monoNs / 1_000_000, screen: t.screen, section: t.section, target: t.target, x: t.x,
                     y: t.y, language: t.language, contentVersion: t.contentVersion, flags: t.flags.rawValue)
        }
        // The first session that starts after half of the year's taps: the reinstalled kiosk begins there, at seq 1.
        let cut = try XCTUnwrap(rows.indices.first { $0 >= rows.count / 2 && rows[$0].sessionID == rows[$0].seq })
        let offset = rows[cut].seq - 1
        let before = Array(rows[..<cut])
        let after = rows[cut...].map { r in
            var n = r
            n.seq -= offset
            n.sessionID = r.sessionID.map { $0 - offset }
            return n
        }
        XCTAssertGreaterThan(after.count, 1000)
        XCTAssertGreaterThan(before.last!.seq, after.last!.seq, "the new numbers all collide with received ones")

        let store = try makeOffice(dir, trusting: [])
        try store.trust(kiosk: vic, keyHex: testKey(0x11).hex)
        for start in stride(from: 0, to: before.count, by: Batch.maxRows) {
            try writeBatch(Array(before[start..<min(before.count, start + Batch.maxRows)]), kiosk: vic, key: testKey(0x11),
                           root: dir + "/dav")
        }
        let ingest = OfficeIngest(store: store, now: { UTCTime.date(ms: ms("2021-01-05T12:00:00Z")) })
        XCTAssertEqual(try ingest.run([dir + "/dav"]).newRows, before.count)

        XCTAssertEqual(try store.trust(kiosk: vic, keyHex: testKey(0x22).hex), .newEpoch(2))
        for start in stride(from: 0, to: after.count, by: Batch.maxRows) {
            try writeBatch(Array(after[start..<min(after.count, start + Batch.maxRows)]), kiosk: vic, key: testKey(0x22),
                           root: dir + "/dav")
        }
        let r = try ingest.run([dir + "/dav"])
        XCTAssertEqual(r.rejected, [])
        XCTAssertEqual(r.newRows, after.count, r.summary())
        XCTAssertEqual(try touchCount(store), Int64(rows.count))

        let report = try OfficeReport.build(store, year: 2020, only: [vic])
        let seed = try XCTUnwrap(Seed2020Fixture.sessions[vic])
        XCTAssertEqual(report.sessionsTable.rows[0].cells, [String(seed.sessions), String(seed.sessions)])
        XCTAssertEqual(report.sessionsTable.rows[1].cells, [String(seed.days), String(seed.days)])
        let touches = Seed2020Fixture.touches
        for row in report.openingTapsTable.rows {
            XCTAssertEqual(row.cells, [String(touches[row.label]![vic]!), String(touches[row.label]![vic]!)], row.label)
        }
    }
}
