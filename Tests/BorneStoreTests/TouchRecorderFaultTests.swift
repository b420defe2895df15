import CSQLite
import XCTest
@testable import BorneStore

/// The screen keeps working whatever the disk does: faults show in
/// `health` and the log, rows wait in memory and arrive, once each, when
/// the fault is gone.
final class TouchRecorderFaultTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try makeTempDir(name) }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    var dbPath: String { dir + "/sessions.db" }

    /// A database with `n` touches (seq 1...n), closed.
    func seed(_ n: Int, block: Int64 = 1000) {
        var c = testConfig(dir)
        c.sequenceBlock = block
        let r = TouchRecorder(config: c)
        for i in 1...n { r.record(touch(i)) }
        XCTAssertTrue(r.close(timeout: 10))
    }

    func assertContiguous(_ seqs: [Int64], _ range: ClosedRange<Int64>, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(seqs, Array(range), "rows lost or counted twice", file: file, line: line)
    }

    // MARK: read-only

    /// SQLITE_READONLY (a read-only mount, a read-only file): the opener is
    /// swapped for one that opens read-only, as root ignores chmod.
    func testReadOnlyDatabaseQueuesRowsUntilItIsWritableAgain() throws {
        seed(3)
        let fault = FaultSwitch(true)
        let log = LogCapture()
        var c = testConfig(dir, log: log)
        c.opener = { path in
            try Database(path: path, flags: fault.on ? [.readOnly, .noMutex] : .default)
        }
        let r = TouchRecorder(config: c)
        r.sessionStarted(at: Date(), monoNs: 1)
        for i in 4...8 { r.record(touch(i)) }
        XCTAssertTrue(eventually { r.health == .degraded(.readOnly) }, "\(r.health)")
        XCTAssertFalse(r.flush(timeout: 0.05))
        XCTAssertEqual(r.status.waiting, 6)
        XCTAssertTrue(log.contains("read-only"), "\(log.lines)")
        r.record(touch(9))      // the UI keeps recording during the fault

        fault.on = false
        XCTAssertTrue(r.flush(timeout: 5), "\(r.status)")
        XCTAssertEqual(r.health, .ok)
        XCTAssertTrue(log.contains("writing again"), "\(log.lines)")
        XCTAssertTrue(r.close())
        let store = try openStore(dir)
        assertContiguous(try store.sequences(), 1...9)
        let rows = try store.touches()
        XCTAssertEqual(rows.filter { $0.flags.contains(.afterFault) }.map(\.seq), [4, 5, 6, 7, 8, 9])
        XCTAssertEqual(try store.sessions().map(\.touches), [6])
        XCTAssertEqual(try store.db.integrityCheck(), ["ok"])
    }

    // MARK: disk full

    /// SQLITE_FULL, made by capping the file at its current size.
    func testDiskFullQueuesRowsUntilSpaceIsFreed() throws {
        seed(3)
        let fault = FaultSwitch(true)
        var c = testConfig(dir)
        c.opener = { path in
            let db = try Database(path: path)
            if fault.on {
                let pages = try db.int64("PRAGMA page_count") ?? 1
                try db.execute("PRAGMA max_page_count = \(pages)")
            }
            return db
        }
        let r = TouchRecorder(config: c)
        for i in 4...300 { r.record(touch(i, screen: "detail:" + String(repeating: "x", count: 200))) }
        XCTAssertTrue(eventually { r.health == .degraded(.diskFull) }, "\(r.health)")
        XCTAssertGreaterThan(r.status.waiting, 0)

        fault.on = false
        XCTAssertTrue(r.flush(timeout: 5), "\(r.status)")
        XCTAssertEqual(r.health, .ok)
        XCTAssertTrue(r.close())
        let store = try openStore(dir)
        assertContiguous(try store.sequences(), 1...300)
        XCTAssertEqual(try store.db.integrityCheck(), ["ok"])
    }

    // MARK: corrupt

    func testCorruptHeaderIsMovedAsideAndANewDatabaseStartsAboveEverySequence() throws {
        seed(30, block: 10)
        let garbage = Data((0..<100).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        let h = try FileHandle(forUpdating: URL(fileURLWithPath: dbPath))
        try h.write(contentsOf: garbage)
        try h.close()

        let log = LogCapture()
        let r = TouchRecorder(config: testConfig(dir, log: log))
        r.sessionStarted(at: Date(), monoNs: 1)
        for i in 31...35 { r.record(touch(i)) }
        XCTAssertTrue(r.flush(timeout: 5), "\(r.status)")
        XCTAssertEqual(r.health, .ok, "a moved-aside database is not a current fault")
        let moved = r.status.movedAside
        XCTAssertEqual(moved.count, 1)
        XCTAssertTrue(moved[0].hasPrefix(dbPath + ".corrupt-"), moved[0])
        XCTAssertTrue(r.status.summary.contains("base corrompue mise de côté"), r.status.summary)
        XCTAssertTrue(log.contains("moved the database aside"), "\(log.lines)")
        XCTAssertTrue(r.close())

        // The damaged file is kept as it was, for a person to look at.
        let kept = try Data(contentsOf: URL(fileURLWithPath: moved[0]))
        XCTAssertEqual(kept.prefix(100), garbage)
        let store = try openStore(dir)
        let seqs = try store.sequences()
        XCTAssertEqual(seqs.count, 5)
        XCTAssertGreaterThan(seqs[0], 30, "a number of the old database was reused")
        XCTAssertEqual(seqs, Array(seqs[0]...(seqs[0] + 4)))
        XCTAssertEqual(try store.db.integrityCheck(), ["ok"])
    }

    /// Damage inside the file (not the header) is found by quick_check at open.
    func testDamagedPageIsFoundAtOpenAndMovedAside() throws {
        seed(400)
        let size = try FileManager.default.attributesOfItem(atPath: dbPath)[.size] as! Int
        XCTAssertGreaterThan(size, 4 * 4096)
        let h = try FileHandle(forUpdating: URL(fileURLWithPath: dbPath))
        try h.seek(toOffset: 2 * 4096)
        try h.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try h.close()

        let r = TouchRecorder(config: testConfig(dir))
        r.record(touch(401))
        XCTAssertTrue(r.flush(timeout: 5), "\(r.status)")
        XCTAssertEqual(r.status.movedAside.count, 1)
        XCTAssertTrue(r.close())
        let seqs = try openStore(dir).sequences()
        XCTAssertEqual(seqs.count, 1)
        XCTAssertGreaterThan(seqs[0], 400)
    }

    /// SQLITE_CORRUPT in the middle of a session: the session goes on in the
    /// new database, flagged, and its taps keep their numbers.
    func testCorruptionMidSessionContinuesTheSessionInTheNewDatabase() throws {
        let fault = FaultSwitch(false)
        var c = testConfig(dir)
        c.opener = { path in
            let db = try Database(path: path)
            db.stepHook = { phase, sql in
                if fault.on, phase == .before, sql.hasPrefix("INSERT INTO touches") {
                    fault.on = false
                    throw SQLiteError(extendedCode: SQLITE_CORRUPT, message: "database disk image is malformed", sql: sql)
                }
            }
            return db
        }
        let r = TouchRecorder(config: c)
        r.sessionStarted(at: Date(timeIntervalSince1970: 10), monoNs: 10)
        r.record(touch(1, language: "fr"))
        XCTAssertTrue(r.flush())
        fault.on = true
        r.record(touch(2, language: "de"))
        r.sessionEnded(at: Date(timeIntervalSince1970: 90), monoNs: 90)
        XCTAssertTrue(r.flush(timeout: 5))
        XCTAssertEqual(r.status.movedAside.count, 1)
        XCTAssertTrue(r.close())
        let store = try openStore(dir)
        let seqs = try store.sequences()
        XCTAssertEqual(seqs.count, 1)
        XCTAssertGreaterThan(seqs[0], 1)
        XCTAssertEqual(try store.touches()[0].sessionID, 1, "the session keeps its id")
        let s = try store.sessions()
        XCTAssertEqual(s.map(\.id), [1])
        XCTAssertEqual(s[0].flags, .resumedInNewDatabase)
        XCTAssertEqual(s[0].touches, 1)
        XCTAssertEqual(s[0].language, "de")
        XCTAssertEqual(s[0].endUTC, "1970-01-01T00:01:30.000Z")
    }

    // MARK: sequence floor

    /// Nothing is committed above a reservation that is not on disk.
    func testUnwritableSequenceFloorHoldsCommitsBack() throws {
        try FileManager.default.createDirectory(atPath: dir + "/stats/seq-floor.tmp", withIntermediateDirectories: true)
        let r = TouchRecorder(config: testConfig(dir))
        r.record(touch(1))
        XCTAssertTrue(eventually {
            if case .degraded(.sequenceFloor) = r.health { return true } else { return false }
        }, "\(r.health)")
        XCTAssertEqual(try openStore(dir).touchCount(), 0)
        try FileManager.default.removeItem(atPath: dir + "/stats/seq-floor.tmp")
        XCTAssertTrue(r.flush(timeout: 5))
        XCTAssertEqual(r.health, .ok)
        XCTAssertTrue(r.close())
        XCTAssertEqual(try openStore(dir).sequences(), [1])
    }

    // MARK: overflow

    func testOverflowDropsTheOldestAndSaysHowMany() throws {
        let fault = FaultSwitch(true)
        var c = testConfig(dir)
        c.capacity = 10
        c.opener = { path in
            if fault.on { throw SQLiteError(extendedCode: SQLITE_CANTOPEN, message: "unable to open database file") }
            return try Database(path: path)
        }
        let r = TouchRecorder(config: c)
        for i in 1...25 { r.record(touch(i)) }
        XCTAssertEqual(r.status.dropped, 15)
        XCTAssertEqual(r.status.waiting, 10)
        XCTAssertTrue(eventually {
            if case .degraded(.cannotOpen) = r.health { return true } else { return false }
        }, "\(r.health)")
        fault.on = false
        XCTAssertTrue(r.flush(timeout: 5))
        XCTAssertEqual(r.health, .degraded(.eventsDropped(15)), "dropped rows stay reported")
        XCTAssertTrue(r.close())
        let rows = try openStore(dir).touches()
        XCTAssertEqual(rows.map(\.monoNs), (16...25).map { Int64($0) * 1_000_000_000 }, "the newest are kept")
    }

    func testQueueNeverDropsTheBatchBeingWritten() {
        var q = EventQueue()
        for i in 1...5 { XCTAssertFalse(q.append(.touch(touch(i)), capacity: 5)) }
        q.inFlightThrough = 2
        XCTAssertTrue(q.append(.touch(touch(6)), capacity: 5))
        XCTAssertEqual(q.prefix(10).map(\.index), [1, 2, 4, 5, 6])
        q.removeThrough(2)
        q.inFlightThrough = 0
        XCTAssertEqual(q.prefix(10).map(\.index), [4, 5, 6])
    }

    // MARK: fail the Nth step

    /// SQLite's own method, at our layer: fail the Nth statement the store
    /// runs, for N = 1, 2, ... until a run sees no fault — before the
    /// statement ran, or after it did (a COMMIT that reached the disk but
    /// reported an error). Every time: integrity ok, every tap exactly once,
    /// sessions that count their taps.
    func testFailTheNthStepLosesNothingAndCountsNothingTwice() throws {
        for phase in [Database.StepPhase.before, .after] {
            var n = 1
            while true {
                let fired = try runWorkload(failingStep: n, phase: phase)
                if !fired { break }
                n += 1
                XCTAssertLessThan(n, 2000, "runaway")
                if n >= 2000 { break }
            }
            print("fail-the-Nth \(phase): \(n - 1) runs with a fault")
            XCTAssertGreaterThan(n, 20, "the workload runs more statements than that")
        }
    }

    final class NthStep: @unchecked Sendable {
        let lock = NSLock()
        var count = 0
        var fired = false
        let target: Int
        let phase: Database.StepPhase
        init(_ target: Int, _ phase: Database.StepPhase) { self.target = target; self.phase = phase }
        func check(_ phase: Database.StepPhase, _ sql: String) throws {
            lock.lock(); defer { lock.unlock() }
            guard phase == self.phase else { return }
            count += 1
            if count == target {
                fired = true
                throw SQLiteError(extendedCode: SQLITE_IOERR_WRITE, message: "injected I/O error", sql: sql)
            }
        }
    }

    func runWorkload(failingStep n: Int, phase: Database.StepPhase) throws -> Bool {
        let d = try makeTempDir("nth", fast: true)
        defer { try? FileManager.default.removeItem(atPath: d) }
        let nth = NthStep(n, phase)
        let commits = CommitLog()
        var c = testConfig(d, commits: commits)
        c.backoffBase = 0.001
        c.backoffCap = 0.002
        c.opener = { path in
            let db = try Database(path: path)
            db.stepHook = { try nth.check($0, $1) }
            return db
        }
        let r = TouchRecorder(config: c)
        var t = 0
        for s in 0..<3 {
            r.sessionStarted(at: Date(timeIntervalSince1970: Double(100 * s)), monoNs: UInt64(100 * s))
            XCTAssertTrue(r.flush(timeout: 5))
            for _ in 0..<2 {
                t += 1
                r.record(touch(t))
                XCTAssertTrue(r.flush(timeout: 5), "N=\(n) \(phase): \(r.status)")
            }
            r.sessionEnded(at: Date(timeIntervalSince1970: Double(100 * s + 60)), monoNs: UInt64(100 * s + 60))
            XCTAssertTrue(r.flush(timeout: 5))
        }
        XCTAssertTrue(r.close(), "N=\(n) \(phase)")
        let store = try openStore(d)
        let context = "failing step \(n) \(phase)"
        XCTAssertEqual(try store.db.integrityCheck(), ["ok"], context)
        XCTAssertEqual(try store.sequences(), [1, 2, 3, 4, 5, 6], context)
        XCTAssertEqual(commits.seqs, [1, 2, 3, 4, 5, 6], "reported as committed: \(context)")
        let sessions = try store.sessions()
        XCTAssertEqual(sessions.map(\.id), [1, 3, 5], context)
        XCTAssertEqual(sessions.map(\.touches), [2, 2, 2], context)
        XCTAssertEqual(sessions.map(\.flags), [[], [], []], context)
        XCTAssertFalse(sessions.contains { $0.endUTC == nil }, context)
        let perSession = try store.db.prepare("SELECT session_id, count(*) FROM touches GROUP BY session_id")
            .rows { [$0.int64(0), $0.int64(1)] }
        XCTAssertEqual(perSession, [[1, 2], [3, 2], [5, 2]], context)
        return nth.fired
    }
}
