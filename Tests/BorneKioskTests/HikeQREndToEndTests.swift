import Foundation
import XCTest

/// A walker at Pailherols' kiosk (the built `borne kiosk`, in tmux at
/// 80×24, TERM=xterm-256color, SGR mouse taps where a finger would touch):
/// Randonnées → Filtrer → "< 2 h" → "Avec les enfants" → Voir → the first
/// hike, then the GPX code drawn on the terminal is read back with zbarimg
/// from the captured pane and must be that hike's GPX address.
final class HikeQREndToEndTests: XCTestCase {
    static let repoRoot: URL = {
        var u = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { u.deleteLastPathComponent() }
        return u
    }()

    var socket = ""
    var work: URL!

    override func setUpWithError() throws {
        socket = "borne-hike-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        work = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDown() {
        _ = sh("tmux -L \(socket) kill-server 2>/dev/null")
        try? FileManager.default.removeItem(at: work)
    }

    @discardableResult
    func sh(_ cmd: String) -> Int32 {
        let status = system(cmd)
        return (status >> 8) & 0xff
    }

    func capture() -> [String] {
        let out = work.appendingPathComponent("pane.txt").path
        sh("tmux -L \(socket) capture-pane -p -t kiosk > \(out) 2>/dev/null")
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func waitFor(_ text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let end = Date().addingTimeInterval(timeout)
        var screen: [String] = []
        while Date() < end {
            screen = capture()
            if screen.contains(where: { $0.contains(text) }) { return screen }
            usleep(100_000)
        }
        XCTFail("'\(text)' not on screen after \(timeout) s; screen:\n\(screen.joined(separator: "\n"))", file: file, line: line)
        return screen
    }

    func tap(_ col: Int, _ row: Int) {
        let seq = "\u{1B}[<0;\(col);\(row)M\u{1B}[<0;\(col);\(row)m"
        let f = work.appendingPathComponent("tap.txt")
        try? seq.write(to: f, atomically: true, encoding: .utf8)
        sh("tmux -L \(socket) send-keys -t kiosk -l \"$(cat \(f.path))\"")
    }

    /// Taps the first cell of `text` (1-based for tmux), then waits for the screen to change.
    func tap(_ text: String, in screen: [String], file: StaticString = #filePath, line: UInt = #line) {
        for (row, l) in screen.enumerated() {
            guard let r = l.range(of: text) else { continue }
            tap(l[l.startIndex..<r.lowerBound].count + 1, row + 1)
            let end = Date().addingTimeInterval(5)
            while Date() < end, capture() == screen { usleep(50_000) }
            return
        }
        XCTFail("'\(text)' not found to tap; screen:\n\(screen.joined(separator: "\n"))", file: file, line: line)
    }

    func testFamilyHikeUnderTwoHoursFromPailherolsAndItsGPXCode() throws {
        guard sh("command -v tmux >/dev/null") == 0 else { return XCTFail("tmux is not installed: make test-deps") }
        guard sh("command -v zbarimg >/dev/null") == 0 else { return XCTFail("zbarimg is not installed: make test-deps (zbar-tools)") }
        let borne = ["debug/borne", "x86_64-unknown-linux-gnu/debug/borne"].map { Self.repoRoot.appendingPathComponent(".build/" + $0).path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let borne else { return XCTFail("borne is not built: swift build") }
        let cfg = Self.repoRoot.appendingPathComponent("kiosk-config/pailherols.json").path
        let content = Self.repoRoot.appendingPathComponent("content").path
        let log = work.appendingPathComponent("stderr.log").path
        let cmd = "env TERM=xterm-256color LANG=C.UTF-8 \(borne) kiosk --config \(cfg) --content \(content) --data-dir \(work.path)/data 2>\(log)"
        XCTAssertEqual(sh("tmux -L \(socket) new-session -d -s kiosk -x 80 -y 24 '\(cmd)'"), 0)

        var screen = waitFor("Randonnées")
        tap("Randonnées", in: screen)
        screen = waitFor("Filtrer")
        XCTAssertTrue(screen.contains { $0.contains("d'ici") }, "distances from the kiosk:\n\(screen.joined(separator: "\n"))")
        tap("Filtrer", in: screen)
        screen = waitFor("Avec les enfants")
        tap("< 2 h", in: screen)
        screen = waitFor("Voir")
        tap("Avec les enfants", in: screen)
        screen = waitFor("Voir")
        tap("Voir", in: screen)
        screen = waitFor("avec les enfants")
        // The first hike: the row above the first "d'ici".
        guard let row = screen.firstIndex(where: { $0.contains("d'ici") }), row > 0 else {
            return XCTFail("no hike listed:\n\(screen.joined(separator: "\n"))")
        }
        let name = screen[row - 1].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "★ ", with: "")
            .components(separatedBy: "  ").first ?? ""
        tap(4, row)
        screen = waitFor("Tracé GPX")
        XCTAssertTrue(screen[1].contains(String(name.prefix(15))), "the hike '\(name)' opened:\n\(screen.joined(separator: "\n"))")

        // The hike's figures say it is under 2 h and a family outing (from the content).
        let items = try hikes()
        guard let hike = items.first(where: { ($0["name"] as? [String: String])?["fr"].map { name.hasPrefix(String($0.prefix(15))) } == true }) else {
            return XCTFail("'\(name)' is not a hike of the content")
        }
        let h = hike["hike"] as! [String: Any]
        XCTAssertLessThan(h["duration_minutes"] as! Int, 120)
        XCTAssertTrue((hike["tags"] as? [String] ?? []).contains("enfants"))

        let decoded = try decodeQR(screen)
        XCTAssertEqual(decoded, h["gpx_url"] as? String, "the code on screen:\n\(screen.joined(separator: "\n"))")
        XCTAssertEqual(sh("tmux -L \(socket) has-session -t kiosk 2>/dev/null"), 0, "the kiosk still runs")
    }

    func hikes() throws -> [[String: Any]] {
        let url = Self.repoRoot.appendingPathComponent("content/items/randonnees.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return json["items"] as! [[String: Any]]
    }

    /// The half-block code on the right of the pane, as modules: "█" both
    /// dark, "▀" top, "▄" bottom, anything else light; written as a PGM and
    /// read by zbarimg.
    func decodeQR(_ screen: [String]) throws -> String {
        let cells = screen.map { Array($0) }
        guard let top = cells.firstIndex(where: { String($0).contains("█▀▀▀▀▀█") }),
              let left = String(cells[top]).range(of: "█▀▀▀▀▀█").map({ String(cells[top])[..<$0.lowerBound].count }) else {
            XCTFail("no QR code on screen"); return ""
        }
        let width = 80
        var modules: [[Bool]] = []
        for line in cells[top...] {
            var upper: [Bool] = [], lower: [Bool] = []
            for x in left..<width {
                let c: Character = x < line.count ? line[x] : " "
                upper.append(c == "█" || c == "▀")
                lower.append(c == "█" || c == "▄")
            }
            modules.append(upper); modules.append(lower)
        }
        let margin = 8, scale = 6
        let w = (width - left + 2 * margin) * scale, h = (modules.count + 2 * margin) * scale
        var data = Data("P5\n\(w) \(h)\n255\n".utf8)
        for y in 0..<(modules.count + 2 * margin) {
            var row: [UInt8] = []
            for x in 0..<(width - left + 2 * margin) {
                let my = y - margin, mx = x - margin
                let dark = my >= 0 && my < modules.count && mx >= 0 && mx < width - left && modules[my][mx]
                row += Array(repeating: dark ? 0 : 255, count: scale)
            }
            for _ in 0..<scale { data.append(contentsOf: row) }
        }
        let file = work.appendingPathComponent("qr.pgm")
        try data.write(to: file)
        let out = work.appendingPathComponent("zbar.txt").path
        // -Sbinary: the code's bytes as they are (UTF-8), without zbar's guess of a charset.
        XCTAssertEqual(sh("zbarimg --raw -q -Sbinary \(file.path) > \(out) 2>/dev/null"), 0, "zbarimg read no code")
        return ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").trimmingCharacters(in: .newlines)
    }
}
