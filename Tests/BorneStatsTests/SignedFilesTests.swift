import BorneStats
import BorneCore
import Foundation
import XCTest

final class SignedFilesTests: XCTestCase {
    let heartbeat = Heartbeat(
        kiosk: "pas-de-cere", sentUTC: "2026-11-26T18:00:00.000Z", software: "0.1.0", contentVersion: "demo-2026.11.1",
        contentCreatedUTC: "2026-11-26T18:00:00Z", lastSyncUTC: nil, rowsPending: 12, lastAckedSeq: 4500,
        diskFreeBytes: 1_234_567_890, clockUTC: "2026-11-26T18:00:01.250Z", store: "ok",
        parked: [.init(name: "pas-de-cere-000000004501-000000004512.batch", status: 403,
                       reason: "HTTP 403 Forbidden: the collector refuses this kiosk's user", sinceUTC: "2026-11-26T17:00:00.000Z")],
        uploadError: "http://collector/stats/: timed out / réseau")

    func testHeartbeatRoundTrip() throws {
        let bytes = heartbeat.encode(key: testKey)
        XCTAssertEqual(try Heartbeat.decode(bytes, key: testKey, file: "hb.json"), heartbeat)
        XCTAssertEqual(heartbeat.encode(key: testKey), bytes, "deterministic")
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix(#"{"clock_utc":"2026-11-26T18:00:01.250Z","content_created_utc""#), text)
        XCTAssertTrue(text.contains(#""last_sync_utc":null"#), text)
        XCTAssertTrue(text.contains("http://collector/stats/"), "slashes are not escaped: \(text)")
        XCTAssertTrue(text.hasSuffix("}\n"))
        // The MAC is the HMAC of the object without "mac", sorted keys, no spaces.
        var object = try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
        let mac = object.removeValue(forKey: "mac") as! String
        let canonical = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        XCTAssertEqual(mac, Hex.encode(HMACSHA256.mac(key: testKey, Array(canonical))))
    }

    func testHeartbeatTamperAndWrongKey() throws {
        let text = String(decoding: heartbeat.encode(key: testKey), as: UTF8.self)
        let tampered = Array(text.replacingOccurrences(of: #""rows_pending":12"#, with: #""rows_pending":0"#).utf8)
        XCTAssertThrowsError(try Heartbeat.decode(tampered, key: testKey, file: "hb.json")) {
            XCTAssertEqual(($0 as? SignedFileError)?.reason, .macMismatch)
        }
        XCTAssertThrowsError(try Heartbeat.decode(Array(text.utf8), key: otherKey, file: "hb.json")) {
            XCTAssertEqual(($0 as? SignedFileError)?.reason, .macMismatch)
            XCTAssertTrue("\($0)".hasPrefix("hb.json: MAC does not verify"))
        }
        XCTAssertThrowsError(try Heartbeat.decode(Array("[1]".utf8), key: testKey, file: "hb.json")) {
            XCTAssertEqual(($0 as? SignedFileError)?.reason, .notJSON)
        }
        XCTAssertThrowsError(try Heartbeat.decode(Array(#"{"format":1}"#.utf8), key: testKey, file: "hb.json")) {
            XCTAssertEqual(($0 as? SignedFileError)?.reason, .noMAC)
        }
    }

    func testReceiptRoundTripAndTamper() throws {
        let receipt = Receipt(kiosk: "st-jacques-des-blats", ackedUpTo: 10_000, officeUTC: "2026-11-27T09:00:00.000Z")
        let bytes = receipt.encode(key: testKey)
        XCTAssertEqual(try Receipt.decode(bytes, key: testKey, file: "r.json"), receipt)
        XCTAssertEqual(Receipt.path(kiosk: "st-jacques-des-blats"), "borne/receipts/st-jacques-des-blats.json")
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix(#"{"acked_up_to":10000,"format":1,"kiosk":"st-jacques-des-blats","mac":""#), text)
        let raised = Array(text.replacingOccurrences(of: "10000", with: "99999").utf8)
        XCTAssertThrowsError(try Receipt.decode(raised, key: testKey, file: "r.json")) {
            XCTAssertEqual(($0 as? SignedFileError)?.reason, .macMismatch)
        }
        XCTAssertThrowsError(try Receipt.decode(bytes, key: otherKey, file: "r.json"))
    }
}
