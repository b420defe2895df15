import BorneCore
import BorneStats
import XCTest
@testable import BorneOffice

/// `borne office ingest http://...` against a real nginx with a JSON autoindex.
final class IngestHTTPTests: XCTestCase {
    let now = { UTCTime.date(ms: ms("2020-07-20T08:00:00Z")) }

    func testIngestOverHTTPStoresWhatTheDirectoryHolds() throws {
        let nginx = try NginxAutoindex()
        defer { nginx.stop() }
        let dir = try tempDir()
        let store = try makeOffice(dir, trusting: ["vic-sur-cere", "raulhac"])
        let root = nginx.stats.path
        let rows = sessionRows(from: 1, taps: 12, at: "2020-07-14T10:00:00Z")
        try writeBatch(Array(rows[0..<6]), kiosk: "vic-sur-cere", key: testKey(0x42), root: root)
        try writeBatch(Array(rows[6..<12]), kiosk: "vic-sur-cere", key: testKey(0x42), root: root)
        try writeHeartbeat(kiosk: "vic-sur-cere", key: testKey(0x42), root: root)
        try writeBatch(rows, kiosk: "raulhac", key: testKey(0x01), root: root)     // wrong key
        try nginx.openUp()

        let r = try OfficeIngest(store: store, now: now).run([nginx.statsURL])
        XCTAssertEqual(r.newRows, 12)
        XCTAssertEqual(r.rejected.map(\.file), ["raulhac/raulhac-000000000001-000000000012.batch"])
        XCTAssertEqual(try store.touches(kiosk: "vic-sur-cere"), rows)
        let h = try XCTUnwrap(try store.latestHeartbeats()["vic-sur-cere"])
        XCTAssertEqual(h.via, .http)

        // Stored batch names are not downloaded again.
        let again = try OfficeIngest(store: store, now: now).run([nginx.statsURL])
        XCTAssertEqual(again.newRows, 0)
        XCTAssertEqual(again.lines.filter { $0.file.hasSuffix(".batch") && $0.kiosk == "vic-sur-cere" }.map(\.result),
                       [.duplicate, .duplicate])
    }

    /// A reinstalled kiosk's first batch has the name of its previous
    /// installation's, stored long ago: over HTTP it is still downloaded,
    /// because the name was stored in another key epoch.
    func testAReinstalledKiosksBatchUnderAnOldNameIsDownloaded() throws {
        let nginx = try NginxAutoindex()
        defer { nginx.stop() }
        let dir = try tempDir()
        let store = try OfficeStore(path: dir + "/office.db")
        try store.trust(kiosk: "vic-sur-cere", keyHex: testKeyHex(0x11))
        let root = nginx.stats.path
        try writeBatch(sessionRows(from: 1, taps: 6, at: "2020-07-14T10:00:00Z"), kiosk: "vic-sur-cere", key: testKey(0x11),
                       root: root)
        try nginx.openUp()
        XCTAssertEqual(try OfficeIngest(store: store, now: now).run([nginx.statsURL]).newRows, 6)

        XCTAssertEqual(try store.trust(kiosk: "vic-sur-cere", keyHex: testKeyHex(0x22)), .newEpoch(2))
        let second = sessionRows(from: 1, taps: 6, at: "2020-07-18T16:00:00Z", target: "tile:agenda")
        try writeBatch(second, kiosk: "vic-sur-cere", key: testKey(0x22), root: root)
        try nginx.openUp()
        let r = try OfficeIngest(store: store, now: now).run([nginx.statsURL])
        XCTAssertEqual(r.newRows, 6)
        XCTAssertEqual(try store.touches(kiosk: "vic-sur-cere", epoch: 2), second)
        XCTAssertEqual(try OfficeIngest(store: store, now: now).run([nginx.statsURL]).lines.map(\.result), [.duplicate],
                       "and not again once stored in this epoch")
    }

    func testACollectorWithoutJSONListingIsReported() throws {
        let nginx = try NginxAutoindex()
        defer { nginx.stop() }
        let dir = try tempDir()
        let store = try makeOffice(dir)
        XCTAssertThrowsError(try OfficeIngest(store: store, now: now).run([nginx.plainURL])) { e in
            guard case .http(let url, _)? = e as? OfficeError else { return XCTFail("\(e)") }
            XCTAssertEqual(url, nginx.plainURL)
        }
        XCTAssertThrowsError(try OfficeIngest(store: store, now: now).run(["ftp://example.org/"])) { e in
            XCTAssertEqual(e as? OfficeError, .noSuchSource("ftp://example.org/"))
        }
    }

    func testAutoindexParsingAndHTTPDates() throws {
        let json = #"[{ "name":"vic-sur-cere", "type":"directory", "mtime":"Tue, 14 Jul 2020 10:00:00 GMT" },"#
            + #"{ "name":"x.batch", "type":"file", "mtime":"Wed, 15 Jul 2020 08:30:05 GMT", "size":12 },{ "name":"../etc", "type":"file" }]"#
        let entries = try OfficeIngest.autoindex(Array(json.utf8), url: "http://h/")
        XCTAssertEqual(entries.map(\.name), ["vic-sur-cere", "x.batch"])
        XCTAssertEqual(entries[1].modifiedMs, ms("2020-07-15T08:30:05Z"))
        XCTAssertNil(OfficeIngest.httpDate("yesterday"))
    }
}
