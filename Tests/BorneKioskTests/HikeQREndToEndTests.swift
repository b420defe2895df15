import BorneTestSupport
import Foundation
import XCTest

/// A walker at Pailherols' kiosk (the built `borne kiosk`, in tmux at
/// 80×24, TERM=xterm-256color, SGR mouse taps where a finger would touch):
/// Randonnées → Filtrer → "< 2 h" → "Avec les enfants" → Voir → the first
/// hike, then the GPX code drawn on the terminal is read back with zbarimg
/// from the captured pane and must be that hike's GPX address.
final class HikeQREndToEndTests: XCTestCase {
    var term: Tmux!
    var work: URL { term.work }

    override func setUpWithError() throws { term = try Tmux("hike") }
    override func tearDown() { term?.close() }

    /// The pane's lines once `text` is on it.
    func waitFor(_ text: String) throws -> [String] {
        try term.waitFor(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Taps `text`, then waits for the screen to change.
    func tap(_ text: String, in screen: [String]) throws {
        let before = screen.joined(separator: "\n")
        try term.tap(text, in: before)
        try? term.waitUntil("the screen changes after tapping '\(text)'", timeout: 5) {
            term.capture().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) != screen
        }
    }

    func testFamilyHikeUnderTwoHoursFromPailherolsAndItsGPXCode() throws {
        guard Tmux.sh("command -v zbarimg >/dev/null") == 0 else { throw MissingPrerequisite("zbarimg is not installed: make test-deps (zbar-tools)") }
        let cfg = BuiltBorne.repoRoot.appendingPathComponent("kiosk-config/pailherols.json").path
        let content = BuiltBorne.repoRoot.appendingPathComponent("content").path
        try term.start(try term.kioskCommand(config: cfg, content: content), width: 80, height: 24)

        var screen = try waitFor("Randonnées")
        try tap("Randonnées", in: screen)
        screen = try waitFor("Filtrer")
        XCTAssertTrue(screen.contains { $0.contains("d'ici") }, "distances from the kiosk:\n\(screen.joined(separator: "\n"))")
        try tap("Filtrer", in: screen)
        screen = try waitFor("Avec les enfants")
        try tap("< 2 h", in: screen)
        screen = try waitFor("Voir")
        try tap("Avec les enfants", in: screen)
        screen = try waitFor("Voir")
        try tap("Voir", in: screen)
        screen = try waitFor("avec les enfants")
        // The first hike: the row above the first "d'ici".
        guard let row = screen.firstIndex(where: { $0.contains("d'ici") }), row > 0 else {
            return XCTFail("no hike listed:\n\(screen.joined(separator: "\n"))")
        }
        let name = screen[row - 1].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "★ ", with: "")
            .components(separatedBy: "  ").first ?? ""
        term.tap(column: 3, row: row - 1)
        screen = try waitFor("Tracé GPX")
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
        XCTAssertEqual(term.tmux("has-session -t kiosk 2>/dev/null"), 0, "the kiosk still runs")
    }

    func hikes() throws -> [[String: Any]] {
        let url = BuiltBorne.repoRoot.appendingPathComponent("content/items/randonnees.json")
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
        XCTAssertEqual(Tmux.sh("zbarimg --raw -q -Sbinary \(file.path) > \(out) 2>/dev/null"), 0, "zbarimg read no code")
        return ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").trimmingCharacters(in: .newlines)
    }
}
