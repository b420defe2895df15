import BorneCore
import BorneStats
import XCTest
@testable import BorneOffice

final class FleetTests: XCTestCase {
    func beat(_ kiosk: String, received: String, via: HeartbeatRecord.Via = .collector, clockOffset: Int64 = 0,
              store: String = "ok") -> HeartbeatRecord {
        HeartbeatRecord(kiosk: kiosk, sentMs: ms(received) - 1000, receivedMs: ms(received), via: via,
                        software: "0.1.0", contentVersion: "2020.07.1", rowsPending: 12, diskFreeBytes: 3_500_000_000,
                        clockMs: ms(received) + clockOffset, store: store)
    }

    func testAKioskSilentForMoreThan48HoursGetsAnAlertLine() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir, trusting: ["vic-sur-cere", "pailherols"])
        try store.recordHeartbeat(beat("vic-sur-cere", received: "2020-07-18T09:00:00Z"))
        try store.recordHeartbeat(beat("pailherols", received: "2020-07-18T11:00:00Z"))
        let at47h = try FleetReport.build(store, nowMs: ms("2020-07-20T08:00:00Z"), names: repoKioskNames)
        XCTAssertEqual(at47h.alerts, [])
        XCTAssert(at47h.text().contains("Aucune alerte."))
        let at49h = try FleetReport.build(store, nowMs: ms("2020-07-20T10:00:00Z"), names: repoKioskNames)
        XCTAssertEqual(at49h.alerts, ["ALERTE vic-sur-cere (Vic sur Cère) : silencieuse depuis 49 h (dernier contact 2020-07-18 11:00)"])
    }

    func testFleetShowsVersionsPendingRowsDiskAndClock() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir, trusting: ["vic-sur-cere", "raulhac"])
        try store.recordHeartbeat(beat("vic-sur-cere", received: "2020-07-20T09:00:00Z", clockOffset: 600_000,
                                       store: "DISQUE PLEIN"))
        let f = try FleetReport.build(store, nowMs: ms("2020-07-20T10:00:00Z"), names: repoKioskNames)
        let text = f.text()
        for s in ["vic-sur-cere", "2020-07-20 11:00 (il y a 1 h)", "collecteur", "0.1.0", "2020.07.1", "12", "3.5 Go",
                  "+10 min", "DISQUE PLEIN"] {
            XCTAssert(text.contains(s), "missing \(s) in\n\(text)")
        }
        XCTAssertEqual(f.alerts, [
            "ATTENTION vic-sur-cere (Vic sur Cère) : stockage des touches « DISQUE PLEIN »",
            "ATTENTION vic-sur-cere (Vic sur Cère) : horloge décalée de +10 min",
            "ALERTE raulhac (Raulhac) : jamais de nouvelles (aucun heartbeat reçu)",
        ])
    }

    /// `borne office fleet --lang en`: the same table and alerts in English
    /// (for the contractor); what a kiosk sent (its store state) stays as sent.
    func testFleetInEnglish() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir, trusting: ["vic-sur-cere", "raulhac", "st-jacques-des-blats"])
        try store.recordHeartbeat(beat("vic-sur-cere", received: "2020-07-20T09:00:00Z", clockOffset: 600_000,
                                       store: "DISQUE PLEIN"))
        try store.recordHeartbeat(beat("st-jacques-des-blats", received: "2020-07-01T09:00:00Z", via: .usb))
        let f = try FleetReport.build(store, nowMs: ms("2020-07-20T10:00:00Z"), names: repoKioskNames)
        XCTAssertEqual(f.alerts(.en), [
            "WARNING vic-sur-cere (Vic sur Cère): touch store 'DISQUE PLEIN'",
            "WARNING vic-sur-cere (Vic sur Cère): clock off by +10 min",
            "ALERT raulhac (Raulhac): never heard from (no heartbeat received)",
            "ALERT st-jacques-des-blats (St Jacques des Blats): silent for 457 h (last contact 2020-07-01 11:00) — kiosk read by USB stick",
        ])
        XCTAssertEqual(f.alerts(.fr), f.alerts)
        let text = f.text(.en)
        XCTAssert(text.hasPrefix("Kiosk fleet at 2020-07-20 12:00 (Paris time)\n\nkiosk "), text)
        for s in ["last contact", "2020-07-20 11:00 (1 h ago)", "collector", "USB stick", "never", "free disk"] {
            XCTAssert(text.contains(s), "missing \(s) in\n\(text)")
        }
        for french in ["il y a", "collecteur", "jamais", "ALERTE", "ATTENTION", "borne "] {
            XCTAssertFalse(text.contains(french), "\(french) left in\n\(text)")
        }
        XCTAssertEqual(f.text(), f.text(.fr))
    }

    func testUSBKioskHasNoClockOffsetAndSaysSo() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir, trusting: ["st-jacques-des-blats"])
        try store.recordHeartbeat(beat("st-jacques-des-blats", received: "2020-07-01T09:00:00Z", via: .usb,
                                       clockOffset: 3_600_000))
        let f = try FleetReport.build(store, nowMs: ms("2020-07-20T10:00:00Z"), names: repoKioskNames)
        XCTAssertNil(f.entries[0].heartbeat?.clockOffsetMs)
        XCTAssertEqual(f.alerts.count, 1)
        XCTAssert(f.alerts[0].hasSuffix("borne relevée par clé USB"))
    }
}

/// Alerts say how a kiosk is now, and simulated history raises none.
final class FleetNowTests: XCTestCase {
    func testSimulatedHistoryIsNotAFleetAlarm() throws {
        let dir = try tempDir()
        let r = try SimRun.run(Seed2020.profile(year: 2020), scale: 0.05, only: ["raulhac"], out: dir + "/kiosks")[0]
        let c = try SimCollector.write(kioskDataDir: dir + "/kiosks/raulhac", kiosk: "raulhac", root: dir + "/dav",
                                       now: UTCTime.date(ms: ms("2021-01-02T10:00:00Z")))
        let store = try OfficeStore(path: dir + "/office.db")
        try store.trust(kiosk: "raulhac", keyHex: try StatsKey.load(file: URL(fileURLWithPath: c.keyFile)).hex)
        let today = ms("2026-12-06T12:00:00Z")
        let ingest = try OfficeIngest(store: store, now: { UTCTime.date(ms: today) }).run([dir + "/dav"])
        XCTAssertEqual(ingest.newRows, r.touches)
        let fleet = try FleetReport.build(store, nowMs: today, names: repoKioskNames)
        XCTAssertEqual(fleet.alerts, ["INFO raulhac (Raulhac) : données simulées (borne simulate), pas d'alerte"])
        XCTAssertEqual(fleet.entries[0].rowsPendingNow, 0)
        XCTAssertEqual(fleet.entries[0].heartbeat?.clockOffsetMs, 0, "received when the simulated kiosk sent it")
        XCTAssertFalse(fleet.text().contains("horloge décalée"), fleet.text())
    }

    func testRowsPendingCountTheRowsStoredSinceTheHeartbeat() throws {
        let dir = try tempDir()
        let stj = "st-jacques-des-blats"
        let store = try makeOffice(dir, trusting: [stj])
        let stats = dir + "/stick/borne/stats"
        // The stick's heartbeat says 30 rows wait; 20 of them are on the stick with it.
        try writeHeartbeat(kiosk: stj, key: testKey(0x42), root: stats, sent: "2020-07-20T07:00:00.000Z", rowsPending: 30)
        try writeBatch(sessionRows(from: 1, taps: 20, at: "2020-07-14T10:00:00Z"), kiosk: stj, key: testKey(0x42), root: stats)
        _ = try OfficeIngest(store: store, now: { UTCTime.date(ms: ms("2020-07-20T08:00:00Z")) }).run([dir + "/stick"])
        let fleet = try FleetReport.build(store, nowMs: ms("2020-07-20T08:00:00Z"), names: repoKioskNames)
        XCTAssertEqual(fleet.entries[0].heartbeat?.rowsPending, 30)
        XCTAssertEqual(fleet.entries[0].rowsPendingNow, 10)
    }
}

final class FleetParkedTests: XCTestCase {
    func testParkedBatchesAndUploadErrorsFromTheHeartbeatShowInTheFleet() throws {
        let dir = try tempDir()
        let store = try makeOffice(dir)
        let key = testKey(0x42)
        let h = Heartbeat(kiosk: "vic-sur-cere", sentUTC: "2020-07-20T07:00:00.000Z", software: "0.1.0", rowsPending: 5000,
                          lastAckedSeq: 10, clockUTC: "2020-07-20T07:00:00.000Z", store: "ok",
                          parked: [.init(name: "vic-sur-cere-000000000011-000000005010.batch", status: 413,
                                         reason: "Payload Too Large", sinceUTC: "2020-07-19T07:00:00.000Z")],
                          uploadError: "HTTP 503")
        let path = dir + "/dav/" + h.path
        try FileManager.default.createDirectory(atPath: dir + "/dav/vic-sur-cere", withIntermediateDirectories: true)
        try Data(h.encode(key: key)).write(to: URL(fileURLWithPath: path))
        setModified(path, "2020-07-20T07:00:00Z")
        _ = try OfficeIngest(store: store, now: { UTCTime.date(ms: ms("2020-07-20T08:00:00Z")) }).run([dir + "/dav"])
        let alerts = try FleetReport.build(store, nowMs: ms("2020-07-20T08:00:00Z"), names: repoKioskNames).alerts
        XCTAssertEqual(alerts, [
            "ATTENTION vic-sur-cere (Vic sur Cère) : 1 lot(s) refusé(s) par le collecteur, en attente sur la borne "
                + "(vic-sur-cere-000000000011-000000005010.batch: HTTP 413 Payload Too Large)",
            "ATTENTION vic-sur-cere (Vic sur Cère) : dernier envoi interrompu : HTTP 503",
        ])
    }
}
