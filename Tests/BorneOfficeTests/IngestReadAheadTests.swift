import BorneCore
import BorneStats
import BorneStore
import XCTest
@testable import BorneOffice

/// The next kiosk's first window is read and decoded while the current
/// kiosk's last one is stored (`OfficeIngest.readAhead`): the results are
/// those of kiosk-by-kiosk ingests, and nothing of the next kiosk is stored
/// before the current kiosk's COMMIT or ROLLBACK.
final class IngestReadAheadTests: XCTestCase {
    let now = { UTCTime.date(ms: ms("2020-07-20T08:00:00Z")) }
    /// Sorted as the ingest takes them: pailherols first.
    let kiosks = ["pailherols", "vic-sur-cere"]

    /// Each kiosk: a heartbeat (content 2020.07.1 built on 30 June) and six
    /// batches (two windows); the first batch's 3 rows claim 1 January with
    /// that content, so only the heartbeat's clock flags them.
    func writeTwoKiosks(_ root: String) throws {
        for (i, kiosk) in kiosks.enumerated() {
            let key = testKey(0x42 + UInt8(i))
            try writeHeartbeat(kiosk: kiosk, key: key, root: root)
            try writeBatch(sessionRows(from: 1, taps: 3, at: "2020-01-01T10:00:00Z"), kiosk: kiosk, key: key, root: root)
            for b in 1..<6 {
                try writeBatch(sessionRows(from: Int64(b * 10), taps: 4, at: "2020-07-1\(b)T10:00:00Z"), kiosk: kiosk,
                               key: key, root: root)
            }
        }
    }

    func testNextKioskDecodedAheadGivesTheRowsOfKioskByKioskIngestsInTheSameOrder() throws {
        let dir = try tempDir()
        try writeTwoKiosks(dir + "/dav")
        let store = try makeOffice(dir, trusting: kiosks)
        let ingest = OfficeIngest(store: store, now: now)
        let r = try ingest.run([dir + "/dav"])
        XCTAssertEqual(ingest.windowsReadAhead, 1, "vic-sur-cere's first window was decoded during pailherols's last")
        XCTAssertEqual(r.flagged, 6, "the window decoded ahead used vic-sur-cere's heartbeat's clock")
        XCTAssertEqual(r.newRows, 2 * (3 + 5 * 4))
        // Every line and log entry of pailherols before any of vic-sur-cere.
        XCTAssertEqual(r.lines.map { $0.kiosk ?? "" }, Array(repeating: "pailherols", count: 7)
                       + Array(repeating: "vic-sur-cere", count: 7))
        XCTAssertEqual(try store.ingestLog().map { String($0.file.prefix { $0 != "/" }) },
                       r.lines.map { $0.kiosk ?? "" })

        // The same as one ingest per kiosk, where nothing is read ahead.
        let alone = try OfficeStore(path: dir + "/alone.db")
        for (i, k) in kiosks.enumerated() { try alone.trust(kiosk: k, keyHex: testKeyHex(0x42 + UInt8(i))) }
        var flagged = 0
        for k in kiosks {
            let one = dir + "/one-" + k
            try FileManager.default.createDirectory(atPath: one, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: dir + "/dav/" + k, toPath: one + "/" + k)
            let solo = OfficeIngest(store: alone, now: now)
            flagged += try solo.run([one]).flagged
            XCTAssertEqual(solo.windowsReadAhead, 0)
        }
        XCTAssertEqual(flagged, r.flagged)
        XCTAssertEqual(try resultLines(store.db, aggregatesByValue), try resultLines(alone.db, aggregatesByValue))
        for k in kiosks { XCTAssertEqual(try store.touches(kiosk: k), try alone.touches(kiosk: k)) }
        XCTAssertEqual(try store.flaggedCounts(), try alone.flaggedCounts())
    }

    /// pailherols's last batch fails in the database (a trigger stands for a
    /// full disk) while vic-sur-cere's first window is being decoded: the
    /// ingest stops with the error, pailherols's batches are rolled back,
    /// and nothing of vic-sur-cere is stored or logged, not even its heartbeat.
    func testAKioskThatFailsLeavesTheKioskReadAheadUnstored() throws {
        let dir = try tempDir()
        try writeTwoKiosks(dir + "/dav")
        let store = try makeOffice(dir, trusting: kiosks)
        try store.db.execute("""
            CREATE TEMP TRIGGER full_disk BEFORE INSERT ON touch_rows
            WHEN NEW.seq = 50 AND NEW.kiosk = (SELECT id FROM strings WHERE value = 'pailherols')
            BEGIN SELECT RAISE(ABORT, 'disque plein (test)'); END
            """)
        let ingest = OfficeIngest(store: store, now: now)
        XCTAssertThrowsError(try ingest.run([dir + "/dav"])) { error in
            XCTAssert("\(error)".contains("disque plein (test)"), "\(error)")
        }
        XCTAssertEqual(try touchCount(store), 0, "pailherols's transaction rolled back, vic-sur-cere never stored")
        XCTAssertEqual(try store.ingestLog().map(\.file), ["pailherols/heartbeat.json"],
                       "only pailherols's heartbeat, committed before its batches")
        XCTAssertEqual(try store.db.int64("SELECT count(*) FROM heartbeats WHERE kiosk = 'vic-sur-cere'"), 0)
        XCTAssertEqual(try store.db.int64("SELECT count(*) FROM content_versions WHERE kiosk = 'vic-sur-cere'"), 0)
    }

    /// A window decoded ahead with another clock than the one the kiosk's
    /// heartbeat gives (here: read ahead without the heartbeat) is dropped
    /// and decoded again: its rows are flagged by the heartbeat's clock.
    func testAWindowDecodedAheadWithAnotherClockIsNotUsed() throws {
        let dir = try tempDir()
        try writeTwoKiosks(dir + "/dav")
        let store = try makeOffice(dir, trusting: kiosks)
        let ingest = OfficeIngest(store: store, now: now)
        ingest.keys = Dictionary(uniqueKeysWithValues: try store.trustedKiosks().map { ($0.id, $0) })
        let folder = dir + "/dav/vic-sur-cere"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let read: OfficeIngest.Reader = { name in
            (Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))), nil)
        }
        let ahead = try XCTUnwrap(ingest.readAhead("vic-sur-cere", files: files.filter { $0 != Heartbeat.fileName },
                                                   read: read))
        XCTAssertNotNil(ahead.job)
        try ingest.ingestKiosk("vic-sur-cere", files: files, via: .collector, ahead: ahead, read: read)
        XCTAssertEqual(ingest.windowsReadAhead, 0)
        XCTAssertEqual(ingest.report.flagged, 3)
        XCTAssertEqual(try store.flaggedCounts()["vic-sur-cere"]?[.beforeContent], 3)
        XCTAssertEqual(try touchCount(store), 3 + 5 * 4)

        // Read ahead with the heartbeat: the same window, used.
        try FileManager.default.createDirectory(atPath: dir + "/b", withIntermediateDirectories: true)
        let again = OfficeIngest(store: try makeOffice(dir + "/b", trusting: kiosks), now: now)
        again.keys = ingest.keys
        let ready = again.readAhead("vic-sur-cere", files: files, read: read)
        try again.ingestKiosk("vic-sur-cere", files: files, via: .collector, ahead: ready, read: read)
        XCTAssertEqual(again.windowsReadAhead, 1)
        XCTAssertEqual(again.report.flagged, 3)
    }
}
