import XCTest
@testable import BorneStore

final class SequenceFloorTests: XCTestCase {
    typealias V = SequenceFloor.Value

    func testSameDatabaseContinuesWithoutGap() {
        let f = V(reserved: 2000, base: 0, databaseID: "a")
        XCTAssertEqual(SequenceFloor.nextSequence(dbMax: 1234, databaseID: "a", floor: f), 1235)
    }

    func testOtherDatabaseStartsAboveTheReservation() {
        let f = V(reserved: 2000, base: 0, databaseID: "a")
        XCTAssertEqual(SequenceFloor.nextSequence(dbMax: 0, databaseID: "b", floor: f), 2001)
        XCTAssertEqual(SequenceFloor.nextSequence(dbMax: 5000, databaseID: "b", floor: f), 5001)
    }

    /// Crash after the floor was bound to a new database, before its first commit.
    func testBoundButEmptyDatabaseStartsAboveBase() {
        let f = V(reserved: 3001, base: 2000, databaseID: "b")
        XCTAssertEqual(SequenceFloor.nextSequence(dbMax: 0, databaseID: "b", floor: f), 2001)
    }

    func testNoFloorFileFollowsTheDatabase() {
        XCTAssertEqual(SequenceFloor.nextSequence(dbMax: 41, databaseID: "a", floor: nil), 42)
    }

    func testReservationInBlocks() {
        XCTAssertNil(SequenceFloor.reservation(toCommitUpTo: 1000, databaseID: "a",
                                               current: V(reserved: 1000, base: 0, databaseID: "a"), block: 1000))
        XCTAssertEqual(SequenceFloor.reservation(toCommitUpTo: 1001, databaseID: "a",
                                                 current: V(reserved: 1000, base: 0, databaseID: "a"), block: 1000),
                       V(reserved: 2000, base: 0, databaseID: "a"))
        XCTAssertEqual(SequenceFloor.reservation(toCommitUpTo: 1, databaseID: "a", current: nil, block: 1000),
                       V(reserved: 1000, base: 0, databaseID: "a"))
        // A new database is bound even when its numbers are below the reservation.
        XCTAssertEqual(SequenceFloor.reservation(toCommitUpTo: 2001, databaseID: "b",
                                                 current: V(reserved: 2000, base: 0, databaseID: "a"), block: 1000),
                       V(reserved: 3000, base: 2000, databaseID: "b"))
    }

    func testFileRoundTripAndGarbage() throws {
        let dir = try makeTempDir(name)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let floor = SequenceFloor(path: dir + "/stats/seq-floor")
        XCTAssertEqual(floor.read(), .missing)
        try floor.write(V(reserved: 3000, base: 2000, databaseID: "abc-def"))
        XCTAssertEqual(floor.read(), .value(V(reserved: 3000, base: 2000, databaseID: "abc-def")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/stats/seq-floor.tmp"))
        try "12x\n".write(toFile: dir + "/stats/seq-floor", atomically: false, encoding: .utf8)
        guard case .unreadable = floor.read() else { return XCTFail("garbage must not read as a value") }
    }
}
