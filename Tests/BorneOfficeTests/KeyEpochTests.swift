import BorneCore
import BorneStats
import BorneStore
import XCTest
@testable import BorneOffice

/// A reinstalled kiosk (new disk, new stats key) numbers its taps from 1
/// again: the office keeps both installations' rows, by (kiosk, key epoch,
/// seq), and counts a row as already received only when it is identical.
final class KeyEpochTests: XCTestCase {
    let now = { UTCTime.date(ms: ms("2020-07-20T08:00:00Z")) }
    let vic = "vic-sur-cere"

    func ingest(_ store: OfficeStore, _ sources: [String]) throws -> IngestReport {
        try OfficeIngest(store: store, now: now).run(sources)
    }

    func testANewKeyOpensAnEpochAndTheReinstalledKiosksRowsAreAllStored() throws {
        let dir = try tempDir()
        let store = try OfficeStore(path: dir + "/office.db")
        XCTAssertEqual(try store.trust(kiosk: vic, keyHex: testKeyHex(0x11)), .firstKey)
        try writeBatch(sessionRows(from: 1, taps: 10, at: "2020-07-14T10:00:00Z"), kiosk: vic, key: testKey(0x11),
                       root: dir + "/dav")
        XCTAssertEqual(try ingest(store, [dir + "/dav"]).newRows, 10)

        // Reinstalled: a new key, numbers from 1 again, the same batch name on the collector.
        XCTAssertEqual(try store.trust(kiosk: vic, keyHex: testKeyHex(0x22)), .newEpoch(2))
        XCTAssertEqual(try store.trustedKiosk(vic)?.epoch, 2)
        let second = sessionRows(from: 1, taps: 4, at: "2020-07-16T15:00:00Z", target: "tile:manger")
            + sessionRows(from: 5, taps: 6, at: "2020-07-17T09:00:00Z", target: "tile:agenda")
        try writeBatch(second, kiosk: vic, key: testKey(0x22), root: dir + "/dav")
        let r = try ingest(store, [dir + "/dav"])
        XCTAssertEqual(r.rejected, [])
        XCTAssertEqual(r.newRows, 10, "every touch of the new key is stored")
        XCTAssertEqual(r.lines.map(\.result), [.stored])
        XCTAssertFalse(r.summary().contains("1 déjà reçu"), r.summary())
        XCTAssertEqual(try touchCount(store), 20)
        XCTAssertEqual(try store.touches(kiosk: vic, epoch: 2), second)

        // The report adds both epochs: three sessions on three days.
        let stats = try XCTUnwrap(try store.yearStats(2020).kiosks[vic])
        XCTAssertEqual(stats.sessions, 3)
        XCTAssertEqual(stats.days.count, 3)
        XCTAssertEqual(stats.openingTaps, ["dormir": 1, "manger": 1, "agenda": 1])
        XCTAssertEqual(stats.taps, 20)

        // The fleet counts every row, and the last number is the new installation's.
        let entry = try XCTUnwrap(try FleetReport.build(store, nowMs: ms("2020-07-20T08:00:00Z"), names: repoKioskNames).entries.first { $0.kiosk == vic })
        XCTAssertEqual(entry.rowsStored, 20)
        XCTAssertEqual(entry.lastSeq, 10)

        // The same files again: nothing new, nothing refused.
        let again = try ingest(store, [dir + "/dav"])
        XCTAssertEqual(again.newRows, 0)
        XCTAssertEqual(again.rejected, [])
    }

    func testALateBatchOfThePreviousKeyGoesToItsOwnEpochAndIsNotAcknowledgedToTheNewOne() throws {
        let dir = try tempDir()
        let stj = "st-jacques-des-blats"
        let store = try OfficeStore(path: dir + "/office.db")
        try store.trust(kiosk: stj, keyHex: testKeyHex(0x11))
        let old = sessionRows(from: 1, taps: 30, at: "2020-07-10T10:00:00Z")
        let stats = dir + "/stick/borne/stats"
        try writeBatch(Array(old[0..<10]), kiosk: stj, key: testKey(0x11), root: stats)
        XCTAssertEqual(try ingest(store, [dir + "/stick"]).receipts.map(\.ackedUpTo), [10])

        XCTAssertEqual(try store.trust(kiosk: stj, keyHex: testKeyHex(0x22)), .newEpoch(2))
        XCTAssertEqual(try store.trustedKiosk(stj)?.ackedUpTo, 0, "the new installation's receipts start from nothing")
        try FileManager.default.removeItem(atPath: stats)
        // The old installation's last batch, carried late, and the new one's first.
        try writeBatch(Array(old[20..<30]), kiosk: stj, key: testKey(0x11), root: stats)
        try writeBatch(sessionRows(from: 1, taps: 5, at: "2020-07-18T10:00:00Z"), kiosk: stj, key: testKey(0x22), root: stats)
        let r = try ingest(store, [dir + "/stick"])
        XCTAssertEqual(r.rejected, [])
        XCTAssertEqual(r.newRows, 15)
        XCTAssertEqual(try store.touches(kiosk: stj, epoch: 1).map(\.seq), Array(1...10) + Array(21...30))
        XCTAssertEqual(try store.touches(kiosk: stj, epoch: 2).map(\.seq), Array(1...5))
        XCTAssertEqual(r.receipts.map(\.ackedUpTo), [5], "seq 30 of the old key is not the new kiosk's")
    }

    func testARowThatDiffersFromTheOneReceivedIsRefusedLoudlyWithItsWholeBatch() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        let key = testKey(0x42)
        try writeBatch(sessionRows(from: 1, taps: 10, at: "2020-07-14T10:00:00Z"), kiosk: vic, key: key, root: dir + "/a")
        XCTAssertEqual(try ingest(store, [dir + "/a"]).newRows, 10)
        // The same key numbering again from 1 (database and seq floor lost, key kept): rows 1-12 of another day.
        let path = try writeBatch(sessionRows(from: 1, taps: 12, at: "2020-07-19T10:00:00Z"), kiosk: vic, key: key,
                                  root: dir + "/b")
        let r = try ingest(store, [dir + "/b"])
        XCTAssertEqual(r.rejected.map(\.file), ["vic-sur-cere/" + (path as NSString).lastPathComponent])
        let reason = try XCTUnwrap(r.rejected.first?.reason)
        XCTAssert(reason.contains("la touche 1 diffère (wall)"), reason)
        XCTAssert(reason.contains("borne office trust vic-sur-cere --key FILE --new-epoch --db FILE"), reason)
        XCTAssertEqual(r.newRows, 0)
        XCTAssertEqual(try touchCount(store), 10, "nothing of the refused batch is stored, not even rows 11-12")
        XCTAssert(r.summary().contains("REFUSÉ vic-sur-cere/vic-sur-cere-000000000001-000000000012.batch : la touche 1 diffère"),
                  r.summary())
        XCTAssert(r.summary().contains("0 déjà reçu(s)"), r.summary())
        XCTAssertEqual(try store.ingestLog().last?.result, "rejected")

        // Identical rows in an overlapping range are still "already received".
        try writeBatch(sessionRows(from: 1, taps: 10, at: "2020-07-14T10:00:00Z").suffix(5).map { $0 }, kiosk: vic, key: key,
                       root: dir + "/c")
        let c = try ingest(store, [dir + "/c"])
        XCTAssertEqual(c.rejected, [])
        XCTAssertEqual(c.lines.map(\.result), [.duplicate])

        // What the refusal says to do: a new epoch with the same key, and ingest again. Nothing was lost.
        XCTAssertEqual(try store.trust(kiosk: vic, keyHex: key.hex, newEpoch: true), .restartedEpoch(2))
        let again = try ingest(store, [dir + "/b"])
        XCTAssertEqual(again.rejected, [])
        XCTAssertEqual(again.newRows, 12)
        XCTAssertEqual(try store.touches(kiosk: vic, epoch: 2).count, 12)
        XCTAssertEqual(try store.yearStats(2020).kiosks[vic]?.sessions, 2)
    }

    func testTrustingTheSameKeyChangesNothingAndAPastKeyIsRefused() throws {
        let dir = try tempDir()
        let store = try OfficeStore(path: dir + "/office.db")
        try store.trust(kiosk: vic, keyHex: testKeyHex(0x11))
        XCTAssertEqual(try store.trust(kiosk: vic, keyHex: testKeyHex(0x11)), .sameKey(epoch: 1))
        XCTAssertEqual(try store.trust(kiosk: vic, keyHex: testKeyHex(0x22)), .newEpoch(2))
        XCTAssertThrowsError(try store.trust(kiosk: vic, keyHex: testKeyHex(0x11))) { e in
            XCTAssertEqual(e as? OfficeError, .pastKey(kiosk: vic, epoch: 1))
        }
        XCTAssertEqual(try store.keyEpochs(vic).map(\.epoch), [2, 1])
        XCTAssertEqual(try store.trustedKiosk(vic)?.keyHex, testKeyHex(0x22))
    }

    /// An office.db of the first release: its rows become epoch 1, its key
    /// the kiosk's first, and a reinstalled kiosk can then be trusted.
    func testAVersion1DatabaseIsMigrated() throws {
        let dir = try tempDir()
        let path = dir + "/office.db"
        do {
            let db = try Database(path: path)
            try OfficeStore.migrations.upTo(1).migrate(db)
            try db.execute("""
                INSERT INTO kiosks (id, key_hex, trusted_at, acked_up_to) VALUES ('vic-sur-cere', '\(testKeyHex(0x11))', '2020-01-01T00:00:00.000Z', 7);
                INSERT INTO touches (kiosk, seq, session_id, wall_ms, mono_ms, screen, section, target, x, y, language,
                                     content_version, flags, clock)
                VALUES ('vic-sur-cere', 1, 1, \(ms("2020-07-14T10:00:00Z")), 5, 'home', NULL, 'tile:dormir', 1, 2, 'fr', 'v', 0, 0),
                       ('vic-sur-cere', 2, 1, \(ms("2020-07-14T10:00:02Z")), 7, 'list:dormir', 'dormir', 'nav:back', 1, 2, 'fr', 'v', 0, 0);
                INSERT INTO ingest_log (at_utc, file, kiosk, result, first, last, rows, new_rows, mac)
                VALUES ('2020-07-15T00:00:00.000Z', 'vic-sur-cere/vic-sur-cere-000000000001-000000000002.batch', 'vic-sur-cere',
                        'stored', 1, 2, 2, 2, 'ab');
                """)
        }
        let store = try OfficeStore(path: path)
        XCTAssertEqual(try store.db.userVersion(), OfficeStore.migrations.latestVersion)
        XCTAssertEqual(try store.touches(kiosk: vic, epoch: 1).map(\.seq), [1, 2])
        XCTAssertEqual(try store.trustedKiosk(vic), TrustedKiosk(id: vic, keyHex: testKeyHex(0x11),
                                                                 trustedAt: "2020-01-01T00:00:00.000Z", ackedUpTo: 7, epoch: 1))
        XCTAssertTrue(try store.batchNameAlreadyStored(file: "vic-sur-cere/vic-sur-cere-000000000001-000000000002.batch", epoch: 1))
        XCTAssertEqual(try store.yearStats(2020).kiosks[vic]?.sessions, 1)
        XCTAssertEqual(try store.trust(kiosk: vic, keyHex: testKeyHex(0x22)), .newEpoch(2))
        try writeBatch(sessionRows(from: 1, taps: 3, at: "2020-07-16T10:00:00Z"), kiosk: vic, key: testKey(0x22), root: dir + "/dav")
        XCTAssertEqual(try ingest(store, [dir + "/dav"]).newRows, 3)
        XCTAssertEqual(try store.yearStats(2020).kiosks[vic]?.sessions, 2)
        XCTAssertEqual(try store.db.text("PRAGMA integrity_check"), "ok")
    }
}
