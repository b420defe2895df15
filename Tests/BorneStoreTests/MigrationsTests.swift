import CSQLite
import XCTest
@testable import BorneStore

final class MigrationsTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try makeTempDir(name) }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    var path: String { dir + "/sessions.db" }

    /// A kiosk that ran the first release (schema v1) gets the new columns and
    /// the upload cursor, keeps its rows, and numbering continues above them.
    func testUpgradeFromV1KeepsRowsAndAddsV2() throws {
        do {
            let v1 = try Database(path: path)
            try v1.setJournalMode(.wal)
            XCTAssertEqual(try TouchStore.migrations.upTo(1).migrate(v1).to, 1)
            try v1.execute("""
                INSERT INTO sessions (id, kiosk, start_utc, end_utc, touches, language) VALUES
                    (1, 'vic-sur-cere', '2025-07-14T10:00:00.000Z', '2025-07-14T10:02:00.000Z', 2, 'en');
                INSERT INTO touches (seq, kiosk, session_id, wall_utc, mono_ns, screen, section, target, x, y,
                                     language, content_version) VALUES
                    (1, 'vic-sur-cere', 1, '2025-07-14T10:00:00.000Z', 5, 'home', NULL, 'tile:manger', 3, 4, 'fr', 'v1'),
                    (2, 'vic-sur-cere', 1, '2025-07-14T10:00:05.000Z', 6, 'list:manger', 'manger', 'nav:back', 1, 1, 'en', 'v1');
                """)
            XCTAssertFalse(try v1.tableExists("upload_state"))
        }
        let store = try openStore(dir)
        XCTAssertEqual(try store.db.userVersion(), 2)
        XCTAssertEqual(try store.sequences(), [1, 2])
        let sessions = try store.sessions()
        XCTAssertEqual(sessions.count, 1)
        XCTAssertEqual(sessions[0].touches, 2)
        XCTAssertNil(sessions[0].startMonoNs, "columns added by v2 are NULL for old rows")
        XCTAssertTrue(try store.db.columns(of: "sessions").contains("end_mono_ns"))
        XCTAssertEqual(try store.db.int64("SELECT last_acked_seq FROM upload_state"), 0)
        XCTAssertEqual(try store.db.integrityCheck(), ["ok"])

        // The recorder continues after the old rows.
        let recorder = TouchRecorder(config: testConfig(dir))
        recorder.record(touch(3))
        XCTAssertTrue(recorder.close())
        XCTAssertEqual(try openStore(dir).sequences(), [1, 2, 3])
    }

    func testFailingStepLeavesVersionAndSchemaUnchanged() throws {
        var m = Migrations()
        m.register(1, "a") { try $0.execute("CREATE TABLE a (x)") }
        m.register(2, "b, then fails") { db in
            try db.execute("CREATE TABLE b (x)")
            try db.execute("INSERT INTO nowhere VALUES (1)")
        }
        let db = try Database(path: path)
        XCTAssertThrowsError(try m.migrate(db)) { error in
            XCTAssertEqual((error as? SQLiteError)?.sql, "INSERT INTO nowhere VALUES (1)")
        }
        XCTAssertEqual(try db.userVersion(), 1, "step 1 committed, step 2 rolled back")
        XCTAssertTrue(try db.tableExists("a"))
        XCTAssertFalse(try db.tableExists("b"))
    }

    func testMigratingTwiceIsANoOp() throws {
        let db = try Database(path: path)
        XCTAssertEqual(try TouchStore.migrations.migrate(db).from, 0)
        let second = try TouchStore.migrations.migrate(db)
        XCTAssertEqual(second.from, 2)
        XCTAssertEqual(second.to, 2)
    }

    func testDatabaseFromANewerReleaseIsRefused() throws {
        let db = try Database(path: path)
        try db.setUserVersion(9)
        XCTAssertThrowsError(try TouchStore.migrations.migrate(db)) { error in
            XCTAssertEqual(error as? MigrationError, .newerThanCode(found: 9, known: 2))
        }
    }
}
