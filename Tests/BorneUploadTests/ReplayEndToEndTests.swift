import BorneTestSupport
import Foundation
import XCTest

/// Issue 4's proof: the office's 2020 year, replayed. The simulator writes a
/// year of sessions and taps through the real kiosk store; `borne upload`
/// ships them to a real nginx WebDAV collector through a proxy that injects
/// faults (HTTP 500s, dropped connections, slow answers, an answer lost after
/// the batch was stored, a kill -9 mid-batch); St Jacques des Blats goes by a
/// USB folder carried twice; `borne office ingest` and `borne office report`
/// then print exactly the seed's two tables, plus St Jacques' column.
final class ReplayEndToEndTests: XCTestCase {
    static let repo: URL = {
        var u = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { u.deleteLastPathComponent() }
        return u
    }()
    static let networked = ["vic-sur-cere", "pailherols", "thiezac", "raulhac", "polminhac", "pas-de-cere"]

    var work: URL!

    override func setUpWithError() throws {
        work = URL(fileURLWithPath: "/tmp").appendingPathComponent("borne-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDown() { if let work { try? FileManager.default.removeItem(at: work) } }

    @discardableResult
    func run(_ args: [String]) throws -> (Int32, String, String) { try BuiltBorne.run(args) }

    func config(_ id: String, collector: String?) throws -> String {
        var c = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.repo.appendingPathComponent("kiosk-config/\(id).json"))) as! [String: Any]
        c.removeValue(forKey: "collector_user")
        c.removeValue(forKey: "collector_password_file")
        if let collector { c["collector_url"] = collector } else { c.removeValue(forKey: "collector_url") }
        let file = work.appendingPathComponent("\(id).json")
        try JSONSerialization.data(withJSONObject: c).write(to: file)
        return file.path
    }

    /// The seed's table as label -> kiosk -> value (Tests/BorneOfficeTests/Seed2020, from the office's report).
    func seed(_ name: String) throws -> [String: [String: Int]] {
        let text = try String(contentsOf: Self.repo.appendingPathComponent("Tests/BorneOfficeTests/Seed2020/\(name)"), encoding: .utf8)
        let rows = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        var table: [String: [String: Int]] = [:]
        for row in rows.dropFirst() {
            for (i, kiosk) in rows[0].enumerated().dropFirst() { table[row[0], default: [:]][kiosk] = Int(row[i]) }
        }
        return table
    }

    /// The CSV report as title -> label -> kiosk -> value.
    func parseCSV(_ csv: String) -> [String: [String: [String: Int]]] {
        var out: [String: [String: [String: Int]]] = [:]
        for block in csv.components(separatedBy: "\n\n") {
            let lines = block.split(separator: "\n").map(String.init)
            guard lines.count >= 2 else { continue }
            let header = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for line in lines.dropFirst(2) {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                for (i, k) in header.enumerated().dropFirst() where i < cells.count {
                    out[lines[0], default: [:]][cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "\"")), default: [:]][k] = Int(cells[i])
                }
            }
        }
        return out
    }

    func testTheYear2020ReplayedWithFaultsGivesTheOfficesTables() throws {
        _ = try BuiltBorne.path()
        let sim = work.appendingPathComponent("kiosks")
        XCTAssertEqual(try run(["simulate", "--profile", "seed-2020", "--year", "2020", "--out", sim.path]).0, 0)

        let server = try CollectorServer()
        defer { server.stop() }
        // Faults for the first connections, then a slow link for good measure.
        let proxy = try FaultProxy(upstreamPort: server.port,
                                   script: [.serverError, .dropMidRequest, .serverError, .dropAnswer, .delay(0.2), .dropMidRequest,
                                            .dropAnswer, .serverError],
                                   then: .forward)
        for id in Self.networked {
            let cfg = try config(id, collector: proxy.baseURL + "/open")
            let data = sim.appendingPathComponent(id).path
            if id == "pailherols" {
                // kill -9 in the middle of a round, then start again.
                let p = Process()
                p.executableURL = URL(fileURLWithPath: try BuiltBorne.path())
                p.arguments = ["upload", "--config", cfg, "--data-dir", data]
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                proxy.setScript([.delay(1.0), .delay(1.0)], then: .forward)
                try p.run()
                usleep(1_300_000)
                kill(p.processIdentifier, SIGKILL)
                p.waitUntilExit()
            }
            var attempts = 0
            while true {
                attempts += 1
                let (code, out, err) = try run(["upload", "--once", "--config", cfg, "--data-dir", data])
                if code == 0 && out.contains(", 0 pending") { break }
                if code != 0 {
                    XCTAssertEqual(code, 75, "\(id): only temporary failures are expected:\n\(out)\n\(err)")
                }
                guard attempts < 15 else { return XCTFail("\(id) never got through:\n\(out)\n\(err)") }
            }
        }

        // St Jacques des Blats: the stick goes to the office twice, and back.
        let stick = work.appendingPathComponent("stick")
        try FileManager.default.createDirectory(at: stick.appendingPathComponent("borne"), withIntermediateDirectories: true)
        let stj = try config("st-jacques-des-blats", collector: nil)
        let stjData = sim.appendingPathComponent("st-jacques-des-blats").path
        XCTAssertEqual(try run(["usb", stick.path, "--config", stj, "--data-dir", stjData]).0, 0)
        XCTAssertEqual(try run(["usb", stick.path, "--config", stj, "--data-dir", stjData]).0, 0, "carried twice")

        // The office trusts the seven kiosks and ingests everything, twice.
        let db = work.appendingPathComponent("office.db").path
        for id in Self.networked + ["st-jacques-des-blats"] {
            let key = sim.appendingPathComponent("\(id)/keys/stats.key").path
            XCTAssertEqual(try run(["office", "trust", id, "--key", key, "--db", db]).0, 0, id)
        }
        let collected = server.directory("open").path
        for _ in 0..<2 {
            let (code, out, err) = try run(["office", "ingest", collected, stick.path, "--db", db])
            XCTAssertEqual(code, 0, "\(out)\n\(err)")
        }
        // The receipt goes back to the kiosk: its batches leave the stick.
        XCTAssertEqual(try run(["usb", stick.path, "--config", stj, "--data-dir", stjData]).0, 0)

        let (code, csv, err) = try run(["office", "report", "--db", db, "--year", "2020", "--format", "csv", "--csv-dialect", "rfc4180"])
        XCTAssertEqual(code, 0, err)
        let report = parseCSV(csv)
        let sessions = try seed("sessions.tsv"), touches = try seed("touches-by-section.tsv")
        // Tables by their exact titles: several tables share row labels.
        let sessionTable = try XCTUnwrap(report["Sessions 2020"], csv)
        for id in Self.networked {
            XCTAssertEqual(sessionTable["Nombre des sessions"]?[id], sessions[id]?["sessions_2020"], "sessions \(id)")
            XCTAssertEqual(sessionTable["Nombre de jours avec au moins une session"]?[id],
                           sessions[id]?["days_with_at_least_one_session_2020"], "days \(id)")
        }
        XCTAssertGreaterThan(sessionTable["Nombre des sessions"]?["st-jacques-des-blats"] ?? 0, 0, "St Jacques' column")
        let touchTable = try XCTUnwrap(report["Touches par rubrique 2020"], csv)
        XCTAssertEqual(touchTable.count, touches.count, "the 2020 table's six sections")
        for (section, perKiosk) in touches {
            for id in Self.networked {
                XCTAssertEqual(touchTable[section]?[id], perKiosk[id], "\(section) at \(id)")
            }
        }
        print("ReplayEndToEndTests: proxy saw \(proxy.connections) connections")
    }
}
