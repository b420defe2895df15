import CSQLite
import Foundation
import XCTest
@testable import BorneStore

/// A fresh directory per test, removed afterwards.
func makeTempDir(_ name: String = #function, fast: Bool = false) throws -> String {
    // /dev/shm makes fsync free: for loops that open hundreds of databases.
    let base = fast && FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let clean = name.filter { $0.isLetter || $0.isNumber }
    let dir = (base as NSString).appendingPathComponent("borne-store-\(clean)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Log lines, collected from the writer thread.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var _lines: [String] = []
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return _lines }
    var sink: @Sendable (String) -> Void { { [self] line in lock.lock(); _lines.append(line); lock.unlock() } }
    func contains(_ s: String) -> Bool { lines.contains { $0.contains(s) } }
}

/// A switch the test flips while the writer thread reads it.
final class FaultSwitch: @unchecked Sendable {
    private let lock = NSLock()
    private var _on: Bool
    private var _opens = 0
    init(_ on: Bool) { _on = on }
    var on: Bool {
        get { lock.lock(); defer { lock.unlock() }; return _on }
        set { lock.lock(); _on = newValue; lock.unlock() }
    }
    /// Counts calls of the opener.
    func opened() { lock.lock(); _opens += 1; lock.unlock() }
    var opens: Int { lock.lock(); defer { lock.unlock() }; return _opens }
}

/// Sequence numbers reported by `onCommit`.
final class CommitLog: @unchecked Sendable {
    private let lock = NSLock()
    private var _seqs: [Int64] = []
    var seqs: [Int64] { lock.lock(); defer { lock.unlock() }; return _seqs }
    var sink: @Sendable ([Int64]) -> Void { { [self] s in lock.lock(); _seqs += s; lock.unlock() } }
}

func touch(_ n: Int, screen: String = "home", section: String? = nil, target: String? = "tile:manger",
           language: String = "fr", wall: Date? = nil, flags: TouchFlags = []) -> TouchRecord {
    TouchRecord(wall: wall ?? Date(timeIntervalSince1970: 1_594_720_800 + Double(n)), monoNs: UInt64(n) * 1_000_000_000,
                screen: screen, section: section, target: target, x: n % 160, y: n % 45, language: language,
                contentVersion: "2025-06-01.1", flags: flags)
}

func testConfig(_ dir: String, log: LogCapture? = nil, commits: CommitLog? = nil) -> RecorderConfig {
    var c = RecorderConfig(dataDir: dir, kioskID: "vic-sur-cere")
    c.backoffBase = 0.005
    c.backoffCap = 0.05
    if let log { c.log = log.sink } else { c.log = { _ in } }
    c.onCommit = commits?.sink
    return c
}

/// Opens the kiosk database of `dir` the way the uploader or a test would.
func openStore(_ dir: String) throws -> TouchStore {
    try TouchStore(database: try Database(path: (dir as NSString).appendingPathComponent("sessions.db")),
                   kioskID: "vic-sur-cere")
}

/// Waits until `condition` holds, at most `timeout` seconds.
func eventually(_ timeout: TimeInterval = 5, _ condition: () -> Bool) -> Bool {
    let end = Date().addingTimeInterval(timeout)
    while Date() < end {
        if condition() { return true }
        usleep(2000)
    }
    return condition()
}

// Extended result codes are C macros built with `|` and `<<`, which Swift does not import.
let SQLITE_CONSTRAINT_UNIQUE: Int32 = SQLITE_CONSTRAINT | (8 << 8)
let SQLITE_IOERR_FSYNC: Int32 = SQLITE_IOERR | (4 << 8)
let SQLITE_IOERR_WRITE: Int32 = SQLITE_IOERR | (3 << 8)
