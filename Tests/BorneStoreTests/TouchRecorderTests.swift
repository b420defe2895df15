import XCTest
@testable import BorneStore

final class TouchRecorderTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try makeTempDir(name) }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testRowsHoldEveryFieldAndSessionsCountTheirTaps() throws {
        let commits = CommitLog()
        let r = TouchRecorder(config: testConfig(dir, commits: commits))
        let t0 = Date(timeIntervalSince1970: 1_594_720_800)    // 2020-07-14T10:00:00Z
        r.sessionStarted(at: t0, monoNs: 1_000)
        r.record(TouchRecord(wall: t0, monoNs: 1_000, screen: "home", section: nil, target: "tile:manger",
                             x: 12, y: 7, language: "fr", contentVersion: "2025-06-01.1"))
        r.record(TouchRecord(wall: t0.addingTimeInterval(2.5), monoNs: 2_500_001_000, screen: "list:manger",
                             section: "manger", target: "lang:en", x: 150, y: 1, language: "fr",
                             contentVersion: "2025-06-01.1", flags: .scripted))
        r.record(TouchRecord(wall: t0.addingTimeInterval(4), monoNs: 4_000_001_000, screen: "list:manger",
                             section: "manger", target: nil, x: 3, y: 30, language: "en", contentVersion: "2025-06-01.1"))
        r.sessionEnded(at: t0.addingTimeInterval(64), monoNs: 64_000_001_000)
        r.record(touch(99))     // outside any session
        XCTAssertTrue(r.flush())
        XCTAssertEqual(r.health, .ok)
        XCTAssertEqual(commits.seqs, [1, 2, 3, 4])
        XCTAssertEqual(r.status.touchesWritten, 4)
        XCTAssertEqual(r.status.lastSequence, 4)
        XCTAssertTrue(r.close())

        let store = try openStore(dir)
        let rows = try store.touches()
        XCTAssertEqual(rows.map(\.seq), [1, 2, 3, 4])
        XCTAssertEqual(rows[0], StoredTouch(seq: 1, kiosk: "vic-sur-cere", sessionID: 1, wallUTC: "2020-07-14T10:00:00.000Z",
                                            monoNs: 1_000, screen: "home", section: nil, target: "tile:manger",
                                            x: 12, y: 7, language: "fr", contentVersion: "2025-06-01.1", flags: []))
        XCTAssertEqual(rows[1].wallUTC, "2020-07-14T10:00:02.500Z")
        XCTAssertEqual(rows[1].flags, .scripted)
        XCTAssertNil(rows[2].target)
        XCTAssertEqual(rows[3].sessionID, nil)
        XCTAssertEqual(rows[3].flags, .noSession)
        let sessions = try store.sessions()
        XCTAssertEqual(sessions, [StoredSession(id: 1, kiosk: "vic-sur-cere", startUTC: "2020-07-14T10:00:00.000Z",
                                                endUTC: "2020-07-14T10:01:04.000Z", touches: 3, language: "en", flags: [],
                                                startMonoNs: 1_000, endMonoNs: 64_000_001_000)])
    }

    func testSessionWithoutATapLeavesNoRow() throws {
        let r = TouchRecorder(config: testConfig(dir))
        r.sessionStarted(at: Date(), monoNs: 1)
        r.sessionEnded(at: Date(), monoNs: 2)
        r.sessionStarted(at: Date(), monoNs: 3)
        r.record(touch(1))
        XCTAssertTrue(r.close())
        let sessions = try openStore(dir).sessions()
        XCTAssertEqual(sessions.map(\.id), [1])
        XCTAssertEqual(sessions[0].touches, 1)
        XCTAssertNil(sessions[0].endUTC, "still open when the kiosk stopped")
    }

    /// A kiosk that stops mid-session (SIGTERM, crash, power cut): at the next
    /// start the session ends at its last tap, flagged; numbering continues.
    func testRestartClosesTheOpenSessionAndNeverReusesASequence() throws {
        var r: TouchRecorder? = TouchRecorder(config: testConfig(dir))
        r!.sessionStarted(at: Date(timeIntervalSince1970: 100), monoNs: 100)
        r!.record(touch(1, wall: Date(timeIntervalSince1970: 100)))
        r!.record(touch(2, wall: Date(timeIntervalSince1970: 130)))
        XCTAssertTrue(r!.close())
        r = nil
        r = TouchRecorder(config: testConfig(dir))
        r!.sessionStarted(at: Date(timeIntervalSince1970: 500), monoNs: 500)
        r!.record(touch(3))
        XCTAssertTrue(r!.close())
        let store = try openStore(dir)
        XCTAssertEqual(try store.sequences(), [1, 2, 3], "same database: no gap, no reuse")
        let sessions = try store.sessions()
        XCTAssertEqual(sessions.map(\.id), [1, 3])
        XCTAssertEqual(sessions[0].endUTC, "1970-01-01T00:02:10.000Z")
        XCTAssertEqual(sessions[0].flags, .endedByRestart)
        XCTAssertEqual(sessions[0].touches, 2)
    }

    /// The database file is deleted (or lost, or replaced by an old copy):
    /// the new one starts above every number ever issued.
    func testRecreatedDatabaseStartsAboveEverySequenceEverIssued() throws {
        var c = testConfig(dir)
        c.sequenceBlock = 10
        var r: TouchRecorder? = TouchRecorder(config: c)
        for i in 1...25 { r!.record(touch(i)) }
        XCTAssertTrue(r!.close())
        r = nil
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dir + "/sessions.db" + suffix) }
        r = TouchRecorder(config: c)
        r!.record(touch(26))
        XCTAssertTrue(r!.close())
        r = nil
        let first = try openStore(dir).sequences()
        XCTAssertEqual(first.count, 1)
        XCTAssertGreaterThan(first[0], 25)
        // And again: restarting on the new database continues it without a gap.
        r = TouchRecorder(config: c)
        r!.record(touch(27))
        XCTAssertTrue(r!.close())
        XCTAssertEqual(try openStore(dir).sequences(), [first[0], first[0] + 1])
    }

    /// The uploader deletes acknowledged rows: their numbers are still never reused.
    func testDeletedRowsAreNotRenumbered() throws {
        var r: TouchRecorder? = TouchRecorder(config: testConfig(dir))
        for i in 1...5 { r!.record(touch(i)) }
        XCTAssertTrue(r!.close())
        r = nil
        try openStore(dir).db.execute("DELETE FROM touches")
        try FileManager.default.removeItem(atPath: dir + "/stats/seq-floor")
        r = TouchRecorder(config: testConfig(dir))
        r!.record(touch(6))
        XCTAssertTrue(r!.close())
        XCTAssertEqual(try openStore(dir).sequences(), [6])
    }

    /// A slow disk (50 ms per commit) never slows the screen: record()
    /// only queues.
    func testRecordReturnsAtOnceWhileTheDiskIsSlow() throws {
        var c = testConfig(dir)
        c.opener = { path in
            let db = try Database(path: path)
            db.stepHook = { phase, sql in if phase == .before, sql == "COMMIT" { usleep(50_000) } }
            return db
        }
        let r = TouchRecorder(config: c)
        var times: [UInt64] = []
        for i in 1...300 {
            let start = DispatchTime.now().uptimeNanoseconds
            r.record(touch(i))
            times.append(DispatchTime.now().uptimeNanoseconds - start)
            if i % 30 == 0 { usleep(20_000) }   // let commits start while taps keep coming
        }
        XCTAssertGreaterThan(r.status.waiting, 0, "the writer is still busy")
        XCTAssertTrue(r.close(timeout: 20))
        XCTAssertEqual(try openStore(dir).touchCount(), 300)
        times.sort()
        XCTAssertLessThan(times[150], 1_000_000, "median record() \(times[150]) ns")
        XCTAssertLessThan(times[299], 40_000_000, "slowest record() \(times[299]) ns: it waited for a commit")
    }

    func testStatusSummaryForTheMaintenanceScreen() {
        var s = StoreStatus(health: .ok, waiting: 0, dropped: 0, touchesWritten: 1234, lastSequence: 5678,
                            lastWrite: nil, movedAside: [])
        XCTAssertEqual(s.summary, "OK · 1234 touches écrites · dernier n° 5678")
        s.health = .degraded(.diskFull)
        s.waiting = 37
        s.movedAside = ["/var/lib/borne/sessions.db.corrupt-20250101T000000Z"]
        XCTAssertEqual(s.summary, "DISQUE PLEIN · 37 en attente · 1234 touches écrites · dernier n° 5678"
                       + " · base corrompue mise de côté : sessions.db.corrupt-20250101T000000Z")
    }
}

/// The durability window of docs/STATISTICS.md: from `record()` (the frame
/// is on screen) to the end of the commit that made the row durable.
final class CommitLatencyTests: XCTestCase {
    func testATapIsDurableMillisecondsAfterItsFrame() throws {
        let dir = try makeTempDir(name)     // a real disk: fsync is part of the window
        defer { try? FileManager.default.removeItem(atPath: dir) }
        final class Stamps: @unchecked Sendable {
            let lock = NSLock()
            var committedAt: [Int64: UInt64] = [:]
        }
        let stamps = Stamps()
        var c = testConfig(dir)
        c.onCommit = { seqs in
            let now = DispatchTime.now().uptimeNanoseconds
            stamps.lock.lock(); for s in seqs { stamps.committedAt[s] = now }; stamps.lock.unlock()
        }
        let r = TouchRecorder(config: c)
        r.record(touch(0))
        XCTAssertTrue(r.flush())      // the database is open and created
        var latencies: [UInt64] = []
        for i in 1...100 {
            let start = DispatchTime.now().uptimeNanoseconds
            r.record(touch(i))
            XCTAssertTrue(r.flush())
            stamps.lock.lock(); let end = stamps.committedAt[Int64(i + 1)]; stamps.lock.unlock()
            latencies.append((end ?? UInt64.max) - start)
        }
        XCTAssertTrue(r.close())
        latencies.sort()
        let ms = { (ns: UInt64) in String(format: "%.2f ms", Double(ns) / 1e6) }
        print("record → durable commit: p50 \(ms(latencies[49])), p99 \(ms(latencies[98])), max \(ms(latencies[99]))")
        XCTAssertLessThan(latencies[49], 250_000_000, "a commit should take milliseconds, not a quarter second")
    }
}
