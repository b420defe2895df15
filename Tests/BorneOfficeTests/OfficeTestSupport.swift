import BorneCore
import BorneStore
import Foundation
import XCTest
@testable import BorneOffice

/// A fresh directory per test, removed by the caller's `addTeardownBlock`.
func makeTempDir(_ name: String = #function) throws -> String {
    let clean = name.filter { $0.isLetter || $0.isNumber }
    let dir = (NSTemporaryDirectory() as NSString)
        .appendingPathComponent("borne-office-\(clean)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

extension XCTestCase {
    func tempDir(_ name: String = #function) throws -> String {
        let d = try makeTempDir(name)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: d) }
        return d
    }
}

/// A 64-hex key made of one repeated byte.
func testKeyHex(_ byte: UInt8 = 0x42) -> String {
    String(repeating: String(format: "%02x", byte), count: 32)
}

func ms(_ iso: String) -> Int64 { UTCTime.parseISO(iso)! }

/// A touch row with sensible defaults.
func row(_ seq: Int64, session: Int64? = nil, wall: String = "2020-07-14T10:00:00Z", screen: String = "home",
         section: String? = nil, target: String? = nil, language: String = "fr", version: String = "2020.07.1",
         flags: Int64 = 0) -> OfficeTouch {
    OfficeTouch(seq: seq, sessionID: session, wallMs: ms(wall) + seq * 1000, monoMs: seq * 1000, screen: screen,
                section: section, target: target, x: 1, y: 2, language: language, contentVersion: version, flags: flags)
}

import BorneStats

func testKey(_ byte: UInt8 = 0x42) -> StatsKey { try! StatsKey(hex: testKeyHex(byte)) }

/// Writes `rows` as one batch file under `root/KIOSK/`; returns its path.
@discardableResult
func writeBatch(_ rows: [BatchRow], kiosk: String, key: StatsKey, root: String) throws -> String {
    let batch = try Batch(kiosk: kiosk, rows: rows)
    let path = (root as NSString).appendingPathComponent(batch.name.path)
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    try Data(batch.encode(key: key)).write(to: URL(fileURLWithPath: path))
    return path
}

/// Writes a heartbeat under `root/KIOSK/heartbeat.json`.
@discardableResult
func writeHeartbeat(kiosk: String, key: StatsKey, root: String, sent: String = "2020-07-14T10:00:00.000Z",
                    contentVersion: String? = "2020.07.1", contentCreated: String? = "2020-06-30T22:00:00.000Z",
                    rowsPending: Int64 = 0, store: String = "ok", clock: String? = nil) throws -> String {
    let h = Heartbeat(kiosk: kiosk, sentUTC: sent, software: "0.1.0", contentVersion: contentVersion,
                      contentCreatedUTC: contentCreated, lastSyncUTC: nil, rowsPending: rowsPending, lastAckedSeq: 0,
                      diskFreeBytes: 12_000_000_000, clockUTC: clock ?? sent, store: store)
    let path = (root as NSString).appendingPathComponent(h.path)
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    try Data(h.encode(key: key)).write(to: URL(fileURLWithPath: path))
    return path
}

/// Sets a file's modification time (the collector's receive time).
func setModified(_ path: String, _ iso: String) {
    let d = UTCTime.date(ms: ms(iso))
    try? FileManager.default.setAttributes([.modificationDate: d], ofItemAtPath: path)
}

/// An office database with `kiosks` trusted (key byte 0x42 + index).
func makeOffice(_ dir: String, trusting kiosks: [String] = ["vic-sur-cere"]) throws -> OfficeStore {
    let store = try OfficeStore(path: dir + "/office.db")
    for (i, k) in kiosks.enumerated() { try store.trust(kiosk: k, keyHex: testKeyHex(0x42 + UInt8(i))) }
    return store
}

func touchCount(_ store: OfficeStore) throws -> Int64 { try store.db.int64("SELECT count(*) FROM touches") ?? 0 }

/// A session of `n` taps starting at `seq` (first tap = session id), one second apart.
func sessionRows(from seq: Int64, taps n: Int, at wall: String, target: String = "tile:dormir",
                 version: String = "2020.07.1") -> [BatchRow] {
    (0..<Int64(n)).map { i in
        BatchRow(seq: seq + i, sessionID: seq, wallMs: ms(wall) + i * 1000, monoMs: 1000 + i * 1000,
                 screen: i == 0 ? "home" : "list:dormir", section: i == 0 ? nil : "dormir",
                 target: i == 0 ? target : "item:hotel-les-ombrelles", x: 3, y: 4, language: "fr",
                 contentVersion: version, flags: 0)
    }
}

/// The names of the repository's kiosk configurations, read as `borne office
/// report --kiosk-config kiosk-config` reads them.
let repoKioskNames: KioskNames = {
    let (names, problems) = KioskNames.load(directory: repoKioskConfig)
    precondition(problems.isEmpty, "the repository's kiosk configurations load: \(problems)")
    return names
}()

let repoKioskConfig = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("kiosk-config")

/// One ingest of `dir/dav` into `store`, the office's clock at `now`.
func ingestDAV(_ store: OfficeStore, _ dir: String, now: String = "2020-07-20T08:00:00Z") throws -> IngestReport {
    try OfficeIngest(store: store, now: { UTCTime.date(ms: ms(now)) }).run([dir + "/dav"])
}

/// The report's aggregates by value (texts joined from `strings`, ids left
/// out): touch_days, touch_months, touch_sessions, each in key order.
let aggregatesByValue = [
    """
    SELECT d.day, k.value, s.value, t.value, c.value, d.taps FROM touch_days d
    JOIN strings k ON k.id = d.kiosk LEFT JOIN strings s ON s.id = d.section
    LEFT JOIN strings t ON t.id = d.target LEFT JOIN strings c ON c.id = d.screen ORDER BY 1, 2, 3, 4, 5
    """,
    """
    SELECT m.month, k.value, s.value, t.value, c.value, m.taps FROM touch_months m
    JOIN strings k ON k.id = m.kiosk LEFT JOIN strings s ON s.id = m.section
    LEFT JOIN strings t ON t.id = m.target LEFT JOIN strings c ON c.id = m.screen ORDER BY 1, 2, 3, 4, 5
    """,
    """
    SELECT k.value, x.epoch, x.id, x.start_ms, x.exact, x.last_seq, l.value FROM touch_sessions x
    JOIN strings k ON k.id = x.kiosk JOIN strings l ON l.id = x.language ORDER BY 1, 2, 3
    """,
]

/// Every row of each query as a line of its first `columns` columns ("∅" for NULL), "--" after each query.
func resultLines(_ db: Database, _ queries: [String], columns: Int32 = 7) throws -> [String] {
    var out: [String] = []
    for q in queries {
        let s = try db.prepare(q)
        try s.bind([])
        while try s.step() {
            out.append((0..<columns).map { s.isNull($0) ? "∅" : (s.text($0) ?? "∅") }.joined(separator: "|"))
        }
        s.reset()
        out.append("--")
    }
    return out
}

/// Opens a database made by the first `version` schema steps (2 to 5:
/// `touches` still a table) and stores `rows` in it: (kiosk, epoch, row, clock).
func makeOldOffice(_ path: String, version: Int, _ rows: [(String, Int64, BatchRow, Int64)]) throws -> Database {
    let db = try Database(path: path)
    try OfficeStore.migrations.upTo(version).migrate(db)
    let s = try db.prepare("""
        INSERT INTO touches (kiosk, epoch, seq, session_id, wall_ms, mono_ms, screen, section, target, x, y,
                             language, content_version, flags, clock)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    for (k, epoch, r, clock) in rows {
        try s.execute([.text(k), .integer(epoch), .integer(r.seq), r.sessionID.map { .integer($0) } ?? .null,
                       .integer(r.wallMs), .integer(r.monoMs), .text(r.screen), r.section.map { .text($0) } ?? .null,
                       r.target.map { .text($0) } ?? .null, .integer(Int64(r.x)), .integer(Int64(r.y)), .text(r.language),
                       .text(r.contentVersion), .integer(r.flags), .integer(clock)])
    }
    return db
}
