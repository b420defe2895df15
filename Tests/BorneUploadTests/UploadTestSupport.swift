import BorneNet
import BorneStats
import BorneStore
@testable import BorneUpload
import Foundation
import XCTest

/// A kiosk's data directory with touches written by the kiosk's own
/// recorder, its stats key, and helpers to build outboxes and uploaders.
final class KioskFixture {
    let kiosk: String
    let dataDir: URL
    let key: StatsKey
    private var recorded = 0

    init(kiosk: String = "vic-sur-cere") throws {
        self.kiosk = kiosk
        // /dev/shm: fsyncs are free, the suite stays fast.
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        dataDir = URL(fileURLWithPath: base).appendingPathComponent("borne-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dataDir, withIntermediateDirectories: true)
        key = try StatsKey.loadOrCreate(dataDir: dataDir).key
    }

    deinit { try? FileManager.default.removeItem(at: dataDir) }

    /// Records `n` more touches (a session every 7) through a `TouchRecorder`, and waits for them.
    func record(_ n: Int) {
        var config = RecorderConfig(dataDir: dataDir.path, kioskID: kiosk)
        config.log = { _ in }
        let recorder = TouchRecorder(config: config)
        let sections = ["manger", "dormir", "agenda", "randonnees"]
        for i in recorded..<(recorded + n) {
            let wall = Date(timeIntervalSince1970: 1_780_000_000 + Double(i) * 3.25)
            let mono = UInt64(i) * 3_250_000_123
            if i % 7 == 0 { recorder.sessionStarted(at: wall, monoNs: mono) }
            let s = sections[i % sections.count]
            recorder.record(TouchRecord(wall: wall, monoNs: mono, screen: i % 3 == 0 ? "home" : "list:\(s)",
                                        section: i % 3 == 0 ? nil : s, target: i % 5 == 0 ? nil : "item:\(s)-\(i % 40)",
                                        x: i % 160, y: i % 45, language: ["fr", "en", "de", "nl", "es"][i % 5],
                                        contentVersion: i < 2500 ? "2026.11.26-1" : "2026.11.27-1",
                                        flags: i % 11 == 0 ? .noAction : []))
            if i % 7 == 6 { recorder.sessionEnded(at: wall, monoNs: mono) }
        }
        XCTAssertTrue(recorder.close(timeout: 30), "the recorder did not write everything")
        recorded += n
    }

    func store() throws -> TouchStore {
        try TouchStore(database: try Database(path: dataDir.appendingPathComponent("sessions.db").path), kioskID: kiosk)
    }

    /// Every stored row, as a batch carries it.
    func storedRows() throws -> [BatchRow] { try store().touches().map(BatchRow.init(shipping:)) }

    func lastAcked() throws -> Int64 {
        try store().db.int64("SELECT last_acked_seq FROM upload_state WHERE id = 1") ?? -1
    }

    func integrity() throws -> [String] { try store().db.integrityCheck() }

    func outbox() -> Outbox { Outbox(dataDir: dataDir, kiosk: kiosk, key: key) }

    func status() -> KioskStatusSource { KioskStatusSource(dataDir: dataDir, software: "test") }

    func uploader(_ transport: CollectorTransport, fingerprint: String = "target-1", faults: UploadFaultHook? = nil) -> Uploader {
        let o = outbox()
        o.faults = faults
        let u = Uploader(outbox: o, transport: transport, status: status(), targetFingerprint: fingerprint)
        u.faults = faults
        return u
    }

    /// A copy of this kiosk's data directory (database, key, plan), for a fresh start.
    func copy() throws -> KioskFixture {
        let c = try KioskFixture(copying: self)
        return c
    }

    private init(copying other: KioskFixture) throws {
        let base = other.dataDir.deletingLastPathComponent()
        dataDir = base.appendingPathComponent("borne-upload-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: other.dataDir, to: dataDir)
        kiosk = other.kiosk
        key = other.key
        recorded = other.recorded
    }
}

/// What a collector directory holds for a kiosk: every batch decoded, checked
/// against its name, and no two batches overlapping.
struct Collected {
    var rows: [BatchRow] = []
    var names: [BatchName] = []
    var heartbeat: Heartbeat?

    init(_ dir: URL, kiosk: String, key: StatsKey, file: StaticString = #filePath, line: UInt = #line) throws {
        let folder = dir.appendingPathComponent(kiosk)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for f in files.sorted() {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(f)))
            if f == Heartbeat.fileName {
                heartbeat = try Heartbeat.decode(bytes, key: key, file: f)
                continue
            }
            XCTAssertFalse(f.hasPrefix("."), "temporary file left at the collector: \(f)", file: file, line: line)
            guard !f.hasPrefix(".") else { continue }
            let batch = try Batch.decode(bytes, fileName: "\(kiosk)/\(f)", key: key)
            names.append(batch.name)
            rows += batch.rows
        }
        names.sort()
        for (a, b) in zip(names, names.dropFirst()) {
            XCTAssertLessThan(a.last, b.first, "overlapping batches at the collector: \(a) and \(b)", file: file, line: line)
        }
        rows.sort { $0.seq < $1.seq }
    }

    var seqs: [Int64] { rows.map(\.seq) }
}

/// An error a test injects.
struct InjectedFault: Error, CustomStringConvertible {
    var point: String
    var description: String { "injected fault at \(point)" }
}

/// Fails the Nth call of the hook (counting `.before` and `.after` of every
/// operation), once; records every point it saw.
final class FailNth {
    let n: Int
    private(set) var count = 0
    private(set) var fired: String?
    private(set) var points: [String] = []

    init(_ n: Int) { self.n = n }

    var hook: UploadFaultHook {
        { [self] op, phase in
            count += 1
            let point = "\(op) \(phase)"
            points.append(point)
            if count == n {
                fired = point
                throw InjectedFault(point: point)
            }
        }
    }
}

/// A transport wrapper whose Nth PUT fails, before reaching the collector
/// or after it stored the bytes.
final class FaultyTransport: CollectorTransport {
    enum Fault { case before(DeliveryError), after(DeliveryError) }
    let inner: CollectorTransport
    var faults: [Int: Fault]
    private(set) var calls = 0
    private(set) var paths: [String] = []

    init(_ inner: CollectorTransport, faults: [Int: Fault] = [:]) {
        self.inner = inner
        self.faults = faults
    }

    var displayName: String { "faulty " + inner.displayName }

    func put(_ path: String, _ bytes: [UInt8], contentType: String) throws {
        calls += 1
        paths.append(path)
        if case .before(let e) = faults[calls] { throw e }
        try inner.put(path, bytes, contentType: contentType)
        if case .after(let e) = faults[calls] { throw e }
    }
}

func tempDir() throws -> URL {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let url = URL(fileURLWithPath: base).appendingPathComponent("borne-collect-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func httpClient(timeout: Double = 10, budget: ByteBudget? = nil) -> HTTPClient {
    HTTPClient(limits: HTTPLimits(connectTimeout: 2, overallTimeout: timeout, lowSpeedBytesPerSecond: 1, lowSpeedSeconds: 30),
               budget: budget, userAgent: "borne-test")
}
