import BorneTestSupport
import BorneNet
@testable import BorneUpload
import Foundation
import XCTest

/// deploy/nginx-collector.conf and systemd/borne-upload.service, checked on
/// test copies: `nginx -t`, then the collector serving real HTTPS PUTs from
/// the uploader; `systemd-analyze verify`.
final class DeployFilesTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func tool(_ path: String, _ args: [String], stdin: String? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        let input = Pipe()
        p.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try p.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testNginxCollectorConfigServesOnlyKioskPuts() throws {
        let fm = FileManager.default
        var p = ""
        // The shipped site, its paths moved under the harness's prefix (`www/` is its root).
        let nginx = try Nginx(directories: [("collect", true), ("tmp", true)]) { prefix, port in
            p = prefix
            let (certRC, certOut) = try tool("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", "\(p)/key.pem", "-out", "\(p)/cert.pem"])
            XCTAssertEqual(certRC, 0, certOut)
            chmod("\(p)/key.pem", 0o644)
            try "vic-sur-cere:\(try Nginx.apr1("s3cret"))\nthiezac:\(try Nginx.apr1("other"))\n"
                .write(toFile: "\(p)/htpasswd", atomically: true, encoding: .utf8)
            chmod("\(p)/htpasswd", 0o644)
            var site = try String(contentsOf: Self.repo.appendingPathComponent("deploy/nginx-collector.conf"), encoding: .utf8)
            for (from, to) in [("listen 443 ssl;", "listen 127.0.0.1:\(port) ssl;"), ("listen [::]:443 ssl;", ""),
                               ("/etc/letsencrypt/live/stats.carlades.fr/fullchain.pem", "\(p)/cert.pem"),
                               ("/etc/letsencrypt/live/stats.carlades.fr/privkey.pem", "\(p)/key.pem"),
                               ("/srv/borne-stats", "\(p)/www"), ("/etc/nginx/borne-collector.htpasswd", "\(p)/htpasswd"),
                               ("/var/log/nginx", "\(p)/logs")] {
                XCTAssertTrue(site.contains(from), from)
                site = site.replacingOccurrences(of: from, with: to)
            }
            return site
        }
        defer { nginx.stop() }
        let port = nginx.port
        let (testRC, testOut) = try tool(try Nginx.binary(), ["-t", "-p", p, "-c", "\(p)/nginx.conf", "-e", "\(p)/logs/error.log"])
        XCTAssertEqual(testRC, 0, testOut)
        XCTAssertTrue(testOut.contains("test is successful"), testOut)

        let base = "https://127.0.0.1:\(port)/collect"
        func collector(_ user: String, _ password: String) -> HTTPCollector {
            HTTPCollector(base: base, user: user, password: password,
                          client: HTTPClient(limits: HTTPLimits(connectTimeout: 2, overallTimeout: 5), caFile: "\(p)/cert.pem"))
        }
        func status(_ c: HTTPCollector, _ path: String) -> Int {
            do { try c.put(path, [1, 2, 3], contentType: "application/octet-stream"); return 200 } catch {
                if case DeliveryError.rejected(let s, _) = error { return s }
                return -1
            }
        }
        let vic = collector("vic-sur-cere", "s3cret")
        XCTAssertEqual(status(vic, "vic-sur-cere/vic-sur-cere-000000000001-000000000500.batch"), 200)
        XCTAssertEqual(status(vic, "vic-sur-cere/vic-sur-cere-000000000001-000000000500.batch"), 200, "overwrite")
        XCTAssertEqual(status(vic, "vic-sur-cere/heartbeat.json"), 200)
        XCTAssertEqual(status(vic, "thiezac/thiezac-000000000001-000000000500.batch"), 403, "another kiosk's folder")
        XCTAssertEqual(status(vic, "vic-sur-cere/notes.txt"), 403, "not a batch name")
        XCTAssertEqual(status(collector("vic-sur-cere", "wrong"), "vic-sur-cere/heartbeat.json"), 401)
        XCTAssertEqual(status(collector("thiezac", "other"), "thiezac/heartbeat.json"), 200)
        // Reading back is refused: the collector only takes PUT.
        let file = URL(fileURLWithPath: "\(p)/tmp/get")
        XCTAssertThrowsError(try HTTPClient(caFile: "\(p)/cert.pem").get(
            "https://vic-sur-cere:s3cret@127.0.0.1:\(port)/collect/vic-sur-cere/heartbeat.json", to: file)) {
            XCTAssertEqual($0 as? NetError, .http(status: 403, url: "https://127.0.0.1:\(port)/collect/vic-sur-cere/heartbeat.json"))
        }
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: "\(p)/www/collect/vic-sur-cere").sorted(),
                       ["heartbeat.json", "vic-sur-cere-000000000001-000000000500.batch"])
    }

    func testSystemdUnitVerifies() throws {
        let analyze = "/usr/bin/systemd-analyze"
        guard FileManager.default.isExecutableFile(atPath: analyze) else { throw MissingPrerequisite("systemd-analyze is not installed") }
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // /usr/bin/borne is not installed here: point ExecStart at an executable that exists.
        let unit = try String(contentsOf: Self.repo.appendingPathComponent("systemd/borne-upload.service"), encoding: .utf8)
        XCTAssertTrue(unit.contains("ExecStart=/usr/bin/borne upload --config /etc/borne/kiosk.json --data-dir /var/lib/borne"))
        XCTAssertTrue(unit.contains("Restart=on-failure"))
        let copy = dir.appendingPathComponent("borne-upload.service")
        try unit.replacingOccurrences(of: "/usr/bin/borne", with: "/bin/true").write(to: copy, atomically: true, encoding: .utf8)
        let (rc, out) = try tool(analyze, ["verify", copy.path])
        XCTAssertEqual(rc, 0, out)
        XCTAssertEqual(out.trimmingCharacters(in: .whitespacesAndNewlines), "", out)
    }
}
