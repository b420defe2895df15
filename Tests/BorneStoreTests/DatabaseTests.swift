import CSQLite
import BorneCore
import XCTest
@testable import BorneStore

final class DatabaseTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try makeTempDir(name) }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func db() throws -> Database { try Database(path: dir + "/t.db") }

    /// The kiosk creating its database while an upload round opens it: the
    /// round's switch to WAL meets the kiosk's write lock. SQLite answers that
    /// with SQLITE_BUSY at once; the switch waits for the busy timeout.
    func testSwitchingToWALWaitsForAnotherConnectionsLock() throws {
        let holder = try db()
        // As the kiosk's recorder: its COMMIT waits for the opener's brief read
        // locks (each try of the switch reads the mode) instead of failing.
        holder.setBusyTimeout(milliseconds: 3000)
        try holder.execute("CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)")
        let opener = try db()
        opener.setBusyTimeout(milliseconds: 10_000)
        let released = DispatchSemaphore(value: 0)
        let holderBox = UncheckedBox(holder)
        let commitError = UncheckedBox<(any Error)?>(nil)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(300)) {
            do { try holderBox.value.execute("COMMIT") } catch { commitError.value = error }
            released.signal()
        }
        XCTAssertEqual(try opener.setJournalMode(.wal), "wal")
        released.wait()
        XCTAssertNil(commitError.value, "the holder's COMMIT failed: the test's premise, not the switch")
        XCTAssertEqual(try opener.int64("SELECT count(*) FROM t"), 1)

        // No timeout: the SQLITE_BUSY is thrown, naming the statement.
        let other = try Database(path: dir + "/u.db")
        try other.execute("CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)")
        let impatient = try Database(path: dir + "/u.db")
        XCTAssertThrowsError(try impatient.setJournalMode(.wal)) { e in
            XCTAssertEqual((e as? SQLiteError)?.code, SQLITE_BUSY)
            XCTAssertEqual((e as? SQLiteError)?.sql, "PRAGMA journal_mode = wal")
        }
        try other.execute("COMMIT")
    }

    func testBindsAndReadsEveryType() throws {
        let d = try db()
        try d.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        try d.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)").execute([42, 2.5, "Où manger ?", .blob([0, 1, 255]), nil])
        let rows = try d.prepare("SELECT i, r, s, length(b), n FROM t").rows { s in
            (s.int64(0), s.double(1), s.text(2), s.int64(3), s.isNull(4))
        }
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].0, 42)
        XCTAssertEqual(rows[0].1, 2.5)
        XCTAssertEqual(rows[0].2, "Où manger ?")
        XCTAssertEqual(rows[0].3, 3)
        XCTAssertTrue(rows[0].4)
    }

    /// `bindText` (the office's ingest) stores exactly what `bind(.text)` stores,
    /// empty and non-ASCII texts included; `textBytes` reads them back as bytes.
    func testBindTextStoresTheSameTextAsBind() throws {
        let db = try db()
        let s = try db.prepare("SELECT ?1 = ?2, length(?1), ?1")
        for text in ["", "a", "Saint-Jacques-des-Blats", "détail:é🙂", String(repeating: "x", count: 300)] {
            try s.bind(.text(text), at: 2)
            try s.bindText(text, at: 1)
            XCTAssertTrue(try s.step())
            XCTAssertEqual(s.int64(0), 1, text)
            XCTAssertEqual(s.int64(1), Int64(text.count), text)
            XCTAssertEqual(s.textBytes(2).map { Array($0) }, Array(text.utf8), text)
            s.reset()
        }
    }

    func testErrorCarriesCodeMessageAndSQLButNeverTheBoundValue() throws {
        let d = try db()
        try d.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT NOT NULL UNIQUE)")
        let insert = try d.prepare("INSERT INTO t (who) VALUES (?)")
        try insert.execute(["Madame Visiteuse"])
        XCTAssertThrowsError(try insert.execute(["Madame Visiteuse"])) { error in
            guard let e = error as? SQLiteError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.code, SQLITE_CONSTRAINT)
            XCTAssertEqual(e.extendedCode, SQLITE_CONSTRAINT_UNIQUE)
            XCTAssertEqual(e.sql, "INSERT INTO t (who) VALUES (?)")
            XCTAssertTrue(e.message.contains("UNIQUE"), e.message)
            XCTAssertFalse("\(e)".contains("Visiteuse"), "\(e)")
            XCTAssertFalse(String(reflecting: e).contains("Visiteuse"))
        }
        // The statement is usable again after the failure.
        try insert.execute(["Monsieur"])
        XCTAssertEqual(try d.int64("SELECT count(*) FROM t"), 2)
    }

    func testSyntaxErrorNamesTheStatement() throws {
        let d = try db()
        XCTAssertThrowsError(try d.execute("CREATE TABLE a (x); SELEKT 1")) { error in
            let e = error as! SQLiteError
            XCTAssertEqual(e.code, SQLITE_ERROR)
            XCTAssertEqual(e.sql, "SELEKT 1")
        }
        XCTAssertTrue(try d.tableExists("a"), "statements before the bad one ran")
    }

    func testTransactionRollsBackOnThrow() throws {
        let d = try db()
        try d.execute("CREATE TABLE t (x)")
        struct Boom: Error {}
        XCTAssertThrowsError(try d.inTransaction {
            try d.execute("INSERT INTO t VALUES (1)")
            throw Boom()
        })
        XCTAssertTrue(d.isAutocommit)
        XCTAssertEqual(try d.int64("SELECT count(*) FROM t"), 0)
        try d.inTransaction { try d.execute("INSERT INTO t VALUES (1)"); return .rollback }
        XCTAssertEqual(try d.int64("SELECT count(*) FROM t"), 0)
        try d.inTransaction { try d.execute("INSERT INTO t VALUES (1)"); return .commit }
        XCTAssertEqual(try d.int64("SELECT count(*) FROM t"), 1)
    }

    func testFailedCommitLeavesNoTransactionOpen() throws {
        let d = try db()
        try d.execute("CREATE TABLE t (x)")
        d.stepHook = { phase, sql in
            if phase == .before, sql == "COMMIT" { throw SQLiteError(extendedCode: SQLITE_IOERR_FSYNC, message: "injected") }
        }
        XCTAssertThrowsError(try d.inTransaction { try d.execute("INSERT INTO t VALUES (1)"); return .commit })
        d.stepHook = nil
        XCTAssertTrue(d.isAutocommit)
        XCTAssertEqual(try d.int64("SELECT count(*) FROM t"), 0)
        try d.inTransaction { try d.execute("INSERT INTO t VALUES (2)"); return .commit }
        XCTAssertEqual(try d.int64("SELECT count(*) FROM t"), 1)
    }

    func testWALAndFullSynchronous() throws {
        let d = try db()
        XCTAssertEqual(try d.setJournalMode(.wal), "wal")
        try d.setSynchronous(.full)
        XCTAssertEqual(try d.int64("PRAGMA synchronous"), 2)
        try d.execute("CREATE TABLE t (x)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/t.db-wal"))
    }

    func testReadOnlyConnectionRefusesWrites() throws {
        try db().execute("CREATE TABLE t (x)")
        let ro = try Database(path: dir + "/t.db", flags: [.readOnly, .noMutex])
        XCTAssertThrowsError(try ro.execute("INSERT INTO t VALUES (1)")) { error in
            XCTAssertTrue((error as! SQLiteError).isReadOnly, "\(error)")
        }
    }

    func testNotADatabaseIsCorrupt() throws {
        _ = FileManager.default.createFile(atPath: dir + "/t.db", contents: Data(repeating: 0x5a, count: 8192))
        let d = try db()
        XCTAssertThrowsError(try d.userVersion()) { error in
            XCTAssertTrue((error as! SQLiteError).isCorrupt, "\(error)")
        }
    }

    func testOpenFailsWithCantOpen() {
        XCTAssertThrowsError(try Database(path: dir + "/no/such/dir/t.db")) { error in
            XCTAssertEqual((error as? SQLiteError)?.code, SQLITE_CANTOPEN, "\(error)")
        }
    }

    func testUTCTimeFormat() {
        XCTAssertEqual(UTCTime.string(Date(timeIntervalSince1970: 1_594_720_800.1234)), "2020-07-14T10:00:00.123Z")
        XCTAssertEqual(UTCTime.string(Date(timeIntervalSince1970: -0.5)), "1969-12-31T23:59:59.500Z")
        XCTAssertEqual(UTCTime.fileStamp(Date(timeIntervalSince1970: 1_594_720_800.9)), "20200714T100000Z")
    }
}

/// Hands a non-Sendable value to another thread in a test that orders the accesses itself.
private final class UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
