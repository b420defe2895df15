import BorneTestSupport
import Foundation
import XCTest

/// Issue 3's whole path, with the built `borne` and a real nginx: an APIDAE
/// export and GPX files become a signed bundle, published to nginx, synced
/// into a kiosk data directory and shown by `borne kiosk`; a second bundle
/// changing one item costs only what changed; the same bundle arrives by a
/// USB folder at a kiosk without network.
final class PipelineEndToEndTests: NginxTestCase {
    static let repo: URL = {
        var u = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { u.deleteLastPathComponent() }
        return u
    }()

    struct Run { var status: Int32; var out: String; var err: String }

    func borne(_ args: [String], environment: [String: String] = [:]) throws -> Run {
        let r = try BuiltBorne.run(args, environment: environment, directory: Self.repo)
        return Run(status: r.code, out: r.out, err: r.err)
    }

    @discardableResult
    func ok(_ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        let r = try borne(args)
        XCTAssertEqual(r.status, 0, "borne \(args.joined(separator: " ")):\n\(r.out)\n\(r.err)", file: file, line: line)
        return r
    }

    /// A kiosk config trusting `pub`, syncing from `url`.
    func config(_ id: String, pub: String, url: String?) throws -> String {
        let src = Self.repo.appendingPathComponent("kiosk-config/\(id).json")
        var c = try JSONSerialization.jsonObject(with: Data(contentsOf: src)) as! [String: Any]
        c["trusted_keys"] = [pub]
        if let url { c["sync_url"] = url }
        let dest = work.appendingPathComponent("\(id).json")
        try JSONSerialization.data(withJSONObject: c).write(to: dest)
        return dest.path
    }

    /// A kiosk-config directory for `borne content publish --kiosk-config`:
    /// the committed configs, each trusting `pub` (the committed ones trust no key).
    func kioskConfigs(pub: String) throws -> String {
        let dir = work.appendingPathComponent("kiosk-config-\(pub.prefix(8))")
        if FileManager.default.fileExists(atPath: dir.path) { return dir.path }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let source = Self.repo.appendingPathComponent("kiosk-config")
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) where file.hasSuffix(".json") {
            var c = try JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent(file))) as! [String: Any]
            c["trusted_keys"] = [pub]
            try JSONSerialization.data(withJSONObject: c).write(to: dir.appendingPathComponent(file))
        }
        return dir.path
    }

    /// The screen after tapping the first cell of `label` on the home screen.
    func screenAfterTapping(_ label: String, config: String, dataDir: URL) throws -> String {
        let common = ["kiosk", "--config", config, "--content", dataDir.appendingPathComponent("content/current").path,
                      "--data-dir", dataDir.path, "--size", "160x45", "--clock", "2017-11-01T10:00:00"]
        let dumpScript = work.appendingPathComponent("dump.txt")
        try "dump\n".write(to: dumpScript, atomically: true, encoding: .utf8)
        let home = try ok(common + ["--script", dumpScript.path]).out
        let lines = home.split(separator: "\n", omittingEmptySubsequences: false)
        guard let row = lines.firstIndex(where: { $0.contains(label) }), let r = lines[row].range(of: label) else {
            XCTFail("\(label) not on the home screen:\n\(home)"); return ""
        }
        let col = lines[row].distance(from: lines[row].startIndex, to: r.lowerBound) + 2
        let tapScript = work.appendingPathComponent("tap.txt")
        try "tap \(col) \(row + 1)\n".write(to: tapScript, atomically: true, encoding: .utf8)
        return try ok(common + ["--script", tapScript.path, "--dump-screen"]).out
    }

    func testFromAnAPIDAEExportToTheKioskScreenOverNginxAndByUSB() throws {
        let keys = work.appendingPathComponent("keys")
        let keygen = try ok(["keygen", "--out", keys.path])
        let pub = try String(contentsOf: keys.appendingPathComponent("borne.pub"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(keygen.out.contains(pub) || keygen.err.contains(pub))

        // Contractor: build and sign from the sample export, publish to the web server.
        let export = Self.repo.appendingPathComponent("Tests/BorneContentTests/ApidaeFixtures/export").path
        let extra = work.appendingPathComponent("extra")
        try FileManager.default.copyItem(at: Self.repo.appendingPathComponent("content"), to: extra)
        let b1 = work.appendingPathComponent("b1")
        try ok(["content", "build", "--apidae", export, "--extra", extra.path,
                "--gpx", Self.repo.appendingPathComponent("content/gpx").path, "--out", b1.path,
                "--key", keys.appendingPathComponent("borne.key").path])
        try ok(["content", "verify", b1.path, "--pubkey", keys.appendingPathComponent("borne.pub").path])
        // Published under /gzip/: the server compresses what it sends (docs/SYNC.md).
        let published = server.root.appendingPathComponent("gzip/borne")
        try ok(["content", "publish", b1.path, "--to", published.path, "--kiosk-config", try kioskConfigs(pub: pub)])
        _ = chmodTree(server.root)

        // Kiosk: sync over HTTP, then show it.
        let vic = try config("vic-sur-cere", pub: pub, url: server.url("gzip/borne"))
        let data = work.appendingPathComponent("vic")
        let sync1 = try ok(["sync", "--config", vic, "--data-dir", data.path])
        XCTAssertTrue(sync1.out.contains("installed"), sync1.out)
        let agenda = try screenAfterTapping("Agenda", config: vic, dataDir: data)
        XCTAssertTrue(agenda.contains("Les Spécimens - Spectacle familial"), "an APIDAE event on the kiosk:\n\(agenda)")

        // A second bundle that changes one item: only that file (and bundle.json) travel.
        let manger = extra.appendingPathComponent("items/manger.json")
        let text = try String(contentsOf: manger, encoding: .utf8)
        try text.replacingOccurrences(of: "Auberge du Buron Fleuri", with: "Auberge du Buron Refleuri")
            .write(to: manger, atomically: true, encoding: .utf8)
        let b2 = work.appendingPathComponent("b2")
        sleep(1) // bundle ids carry their creation second: the second one must sort after the first
        try ok(["content", "build", "--apidae", export, "--extra", extra.path,
                "--gpx", Self.repo.appendingPathComponent("content/gpx").path, "--out", b2.path,
                "--key", keys.appendingPathComponent("borne.key").path])
        try ok(["content", "publish", b2.path, "--to", published.path, "--kiosk-config", try kioskConfigs(pub: pub)])
        _ = chmodTree(server.root)
        let sync2 = try ok(["sync", "--config", vic, "--data-dir", data.path])
        let total = try bundleBytes(b2)
        let fetched = Int(sync2.out.components(separatedBy: " bytes").first?.split(separator: " ").last ?? "") ?? -1
        XCTAssertGreaterThan(fetched, 0, sync2.out)
        XCTAssertLessThan(Double(fetched), Double(total) * 0.10, "a one-item change fetched \(fetched) of \(total) bytes")
        let wire = accessLines("/gzip/borne/").compactMap { line -> Int? in
            let parts = line.split(separator: " ")
            return parts.count > 4 ? Int(parts[parts.count - 3]) : nil
        }
        print("PipelineEndToEndTests: one-item change fetched \(fetched) bytes of a \(total)-byte bundle; "
              + "nginx sent \(wire.reduce(0, +)) body bytes over both syncs, compressed")
        let manger2 = try screenAfterTapping("Où manger ?", config: vic, dataDir: data)
        XCTAssertTrue(manger2.contains("Auberge du Buron Refleuri"), manger2)

        // Nothing new: one conditional GET, nothing installed.
        let sync3 = try ok(["sync", "--config", vic, "--data-dir", data.path])
        XCTAssertFalse(sync3.out.contains("installed"), sync3.out)

        // St Jacques des Blats: the same bundle on a USB stick (the published tree under borne/).
        let stick = work.appendingPathComponent("stick")
        try FileManager.default.createDirectory(at: stick, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: published, to: stick.appendingPathComponent("borne"))
        let stJacques = try config("st-jacques-des-blats", pub: pub, url: nil)
        let data2 = work.appendingPathComponent("stj")
        try ok(["usb", stick.path, "--config", stJacques, "--data-dir", data2.path])
        let status = try JSONSerialization.jsonObject(with: Data(contentsOf: stick.appendingPathComponent(
            "borne/status-st-jacques-des-blats.json"))) as? [String: Any]
        XCTAssertEqual(status?["ok"] as? Bool, true, "\(String(describing: status))")
        XCTAssertEqual(resolve(data2), resolve(data).replacingOccurrences(of: data.path, with: data2.path),
                       "the stick installs the same version as the network")
    }

    func resolve(_ dataDir: URL) -> String {
        dataDir.appendingPathComponent("content/current").resolvingSymlinksInPath().path
    }

    func bundleBytes(_ bundle: URL) throws -> Int {
        var total = 0
        let e = FileManager.default.enumerator(at: bundle, includingPropertiesForKeys: [.fileSizeKey])!
        for case let u as URL in e { total += (try u.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0 }
        return total
    }

    /// nginx's workers (nobody) must read what the test published.
    func chmodTree(_ root: URL) -> Bool {
        system("chmod -R a+rX '\(root.path)'") == 0
    }

    /// A signing key made by `borne keygen` in the work directory, and its public half.
    func keypair() throws -> (keys: URL, pub: String) {
        let keys = work.appendingPathComponent("keys")
        try ok(["keygen", "--out", keys.path])
        let pub = try String(contentsOf: keys.appendingPathComponent("borne.pub"), encoding: .utf8)
        return (keys, pub.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The weather GET of `borne sync` is never conditional (docs/SYNC.md):
    /// the forecast changes between two hourly fetches, so validators would
    /// only add bytes to every request. nginx here sends ETag and
    /// Last-Modified and would answer 304 to them: both fetches are 200, and a
    /// validators file an older version left is removed.
    func testTheWeatherIsFetchedWithoutValidators() throws {
        let (_, pub) = try keypair()
        let fixture = Self.repo.appendingPathComponent("Tests/BorneContentTests/WeatherFixtures/openmeteo_paris_daily.json")
        try server.publish("meteo/forecast.json", Data(contentsOf: fixture))
        let path = try config("pas-de-cere", pub: pub, url: server.url("no-bundle-here"))
        var c = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        c["weather_url"] = server.url("meteo/forecast.json?latitude=44.98&longitude=2.63&timezone=Europe%2FParis")
        try JSONSerialization.data(withJSONObject: c).write(to: URL(fileURLWithPath: path))
        let data = work.appendingPathComponent("kiosk")
        let report = data.appendingPathComponent("weather/weather.json")

        // The content part fails (nothing published): the weather comes first either way.
        let first = try borne(["sync", "--config", path, "--data-dir", data.path, "--budget", "1000000"])
        XCTAssertTrue(first.out.contains("weather of"), "\(first.out)\(first.err)")
        let kept = try Data(contentsOf: report)
        // Saved under the kiosk's name, the place its weather header shows (issue 12), not "Vic-sur-Cère (RN122)".
        let saved = try JSONSerialization.jsonObject(with: kept) as? [String: Any]
        XCTAssertEqual(saved?["place"] as? String, "Pas de Cère")
        let validators = data.appendingPathComponent("weather/validators.json")
        try Data(#"{"etag":"\"x\"","last_modified":"Thu, 01 Jan 2026 00:00:00 GMT"}"#.utf8).write(to: validators)
        let second = try borne(["sync", "--config", path, "--data-dir", data.path, "--budget", "1000000"])
        XCTAssertTrue(second.out.contains("weather of"), "\(second.out)\(second.err)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: validators.path), "an older version's validators file is removed")
        let statuses = accessLines("/meteo/forecast.json").map { $0.split(separator: "\"")[1].split(separator: " ").first.map(String.init) ?? "" }
        XCTAssertEqual(statuses, ["200", "200"])
    }

    /// `borne sync` killed (SIGKILL, from inside the installer's file layer)
    /// before each of many disk operations of an update, then run again: the
    /// kiosk always finds one complete, verified version, and ends on the new one.
    func testSyncKilledAtEveryStepOfAnUpdateAlwaysLeavesOneVerifiedVersion() throws {
        let (keys, pub) = try keypair()
        let published = server.root.appendingPathComponent("borne")
        let content = work.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Self.repo.appendingPathComponent("content"), to: content)
        func publish(_ name: String) throws {
            let b = work.appendingPathComponent(name)
            try ok(["content", "pack", content.path, "--out", b.path])
            try ok(["content", "sign", b.path, "--key", keys.appendingPathComponent("borne.key").path])
            try ok(["content", "publish", b.path, "--to", published.path, "--kiosk-config", try kioskConfigs(pub: pub)])
            _ = chmodTree(server.root)
        }
        try publish("b1")
        let vic = try config("vic-sur-cere", pub: pub, url: server.url("borne"))
        let data = work.appendingPathComponent("kiosk")
        try ok(["sync", "--config", vic, "--data-dir", data.path])
        let first = resolve(data)

        let manger = content.appendingPathComponent("items/manger.json")
        try (try String(contentsOf: manger, encoding: .utf8)).replacingOccurrences(of: "Buron Fleuri", with: "Buron Refleuri")
            .write(to: manger, atomically: true, encoding: .utf8)
        sleep(1)
        try publish("b2")

        var killed = 0
        var n = 1
        while n < 400 {
            let r = try borne(["sync", "--config", vic, "--data-dir", data.path], environment: ["BORNE_TEST_HOOKS": "1", "BORNE_CRASH_AFTER_OPS": "\(n)"])
            let current = resolve(data)
            XCTAssertTrue(current.contains("/content/versions/"), "killed at \(n): no current version")
            let status = try borne(["content", "status", "--data-dir", data.path, "--verify"])
            XCTAssertEqual(status.status, 0, "killed at operation \(n): \(status.out)\n\(status.err)")
            if r.status == 0 { break }   // the update went through before operation n
            killed += 1
            n += 3
        }
        XCTAssertGreaterThan(killed, 5, "the crash points were not reached")
        try ok(["sync", "--config", vic, "--data-dir", data.path])
        XCTAssertNotEqual(resolve(data), first, "after the kills, the update is installed")
        print("PipelineEndToEndTests: borne sync killed \(killed) times during one update")
    }
}
