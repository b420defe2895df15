import BorneCore
@testable import BorneUI
import Foundation
import XCTest

/// The Linux console's font (ConsoleGlyphs, the set deploy/deb/consolefont.py
/// puts in the package's PSF; BorneDeployTests reads the font's own table):
/// nothing the kiosk draws in `"glyphs": "console"` is outside it.
final class ConsoleGlyphsTests: XCTestCase {
    func inFont(_ text: String) -> Bool { text.unicodeScalars.allSatisfy { ConsoleGlyphs.contains($0.value) } }

    func testTheFontFitsTheConsole() {
        XCTAssertLessThanOrEqual(ConsoleGlyphs.scalars.count, 512, "the console takes at most 512 glyphs")
        XCTAssertEqual(Set(ConsoleGlyphs.scalars).count, ConsoleGlyphs.scalars.count, "no character twice")
        XCTAssertFalse(ConsoleGlyphs.contains(0x2800), "no braille: it is 256 glyphs alone")
    }

    /// Every character written in the UI's sources (widgets, screens, the
    /// L10n strings of every language) is in the font, so the UI's own text
    /// never needs a stand-in. A new symbol in the code fails here until the
    /// font has it.
    func testEveryCharacterOfTheUISourcesIsInTheFont() throws {
        let dir = UITestSupport.repoRoot.appendingPathComponent("Sources/BorneUI")
        let files = try XCTUnwrap(FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" })
        XCTAssertGreaterThan(files.count, 20)
        var missing: [String: Set<String>] = [:]
        var seen = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for u in text.unicodeScalars where u.value > 0x7E {
                seen += 1
                if !ConsoleGlyphs.contains(u.value) { missing[file.lastPathComponent, default: []].insert(String(format: "U+%04X %@", u.value, String(u))) }
            }
        }
        XCTAssertGreaterThan(seen, 300, "the sources hold accents, arrows, boxes")
        XCTAssertEqual(missing, [:])
    }

    /// A console font glyph fills one cell: a character counted as wide would
    /// leave the kernel's placeholder (U+200B) in its second cell.
    func testEveryFontCharacterIsOneCellWide() {
        let wide = ConsoleGlyphs.scalars.filter { v in Unicode.Scalar(v).map { TextWidth.of($0) != 1 } ?? true }
        XCTAssertEqual(wide.map { String(format: "U+%04X", $0) }, [])
    }

    /// Whatever content brings (any code point), its stand-in is in the font.
    func testEveryStandInIsInTheFont() {
        var bad: [String] = []
        for v in UInt32(0x20)...0x2FFFF {
            guard let u = Unicode.Scalar(v), TextWidth.of(u) > 0 else { continue }
            let shown = ConsoleGlyphs.stand(String(u))
            if !inFont(shown) || shown.isEmpty { bad.append(String(format: "U+%04X", v)) }
        }
        XCTAssertEqual(bad, [])
        XCTAssertEqual(ConsoleGlyphs.stand("é"), "é")
        XCTAssertEqual(ConsoleGlyphs.stand("e\u{301}"), "é", "combining accent composed")
        XCTAssertEqual(ConsoleGlyphs.stand("ș"), "s", "a letter outside the font loses its accent")
        XCTAssertEqual(ConsoleGlyphs.stand("★"), "★", "the hike lists' star is in the font")
        XCTAssertEqual(ConsoleGlyphs.stand("☆"), "★")
        XCTAssertEqual(ConsoleGlyphs.stand("日"), "?")
    }

    func testBrailleBecomesQuadrants() {
        XCTAssertEqual(ConsoleGlyphs.stand("⣿"), "█")
        XCTAssertEqual(ConsoleGlyphs.stand("⠁"), "▘")   // dot 1: upper left
        XCTAssertEqual(ConsoleGlyphs.stand("⠈"), "▝")   // dot 4: upper right
        XCTAssertEqual(ConsoleGlyphs.stand("⡀"), "▖")   // dot 7: lower left
        XCTAssertEqual(ConsoleGlyphs.stand("⢀"), "▗")   // dot 8: lower right
        XCTAssertEqual(ConsoleGlyphs.stand("⠉"), "▀")
        XCTAssertEqual(ConsoleGlyphs.stand("⣀"), "▄")
        XCTAssertEqual(ConsoleGlyphs.stand("⠇"), "▌")   // dots 1 2 3
        XCTAssertEqual(ConsoleGlyphs.stand("⢠"), "▗")   // dots 6 8
        XCTAssertEqual(ConsoleGlyphs.stand("⠑"), "▀")   // dots 1 5: both upper
        XCTAssertEqual(ConsoleGlyphs.stand("⠡"), "▚")   // dots 1 6
    }

    func testAWideCharacterLeavesABlankInItsSecondCell() {
        var c = Canvas(width: 4, height: 1)
        c.text(0, 0, "a日b")
        let shown = ConsoleGlyphs.forConsole(c)
        XCTAssertEqual(shown.plainText, "a? b")
        XCTAssertFalse((0..<4).contains { shown[$0, 0].isContinuation })
    }

    /// `render()` leaves the canvas as drawn, braille included: the console's
    /// stand-ins cost only the cells the terminal writes (FramePlan), not a
    /// pass over the whole canvas on every tap.
    func testRenderLeavesStandInsToTheTerminal() throws {
        let console = try UITestSupport.loadEnv(config: "thiezac", glyphs: .console)
        var d = Driver(env: console, size: Size(width: 160, height: 45))
        d.tap("tile:randonnees")
        if let id = d.app.targets.first(where: { $0.id.hasPrefix("item:") })?.id { d.tap(id) }
        let braille = { (t: String) in t.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) } }
        XCTAssertTrue(braille(d.canvas.plainText), "the rendered canvas keeps its braille:\n\(d.canvas.plainText)")
        XCTAssertFalse(braille(d.text), "the screen as shown has none")
    }

    /// Every screen of a five-language kiosk, in console mode: only font
    /// characters on screen, and the hike's map and profile drawn (in
    /// quadrant blocks) where full mode draws braille.
    func testEveryScreenInConsoleModeUsesOnlyTheFont() throws {
        let console = try UITestSupport.loadEnv(config: "thiezac", glyphs: .console)
        let full = try UITestSupport.loadEnv(config: "thiezac", glyphs: .full)
        XCTAssertEqual(console.config.languages.count, 5)
        var screens = 0
        var hikeConsole = "", hikeFull = ""
        for size in [Size(width: 80, height: 24), Size(width: 160, height: 45)] {
            for lang in console.config.languages {
                func visit(_ env: AppEnvironment, _ steps: (inout Driver) -> Void) -> String {
                    var d = Driver(env: env, size: size)
                    if lang != .fr { d.tap("lang:\(lang.rawValue)") }
                    steps(&d)
                    return d.text
                }
                var shown = [visit(console) { _ in }]
                for s in console.config.sections {
                    shown.append(visit(console) { $0.tap("tile:\(s)") })
                    shown.append(visit(console) { d in
                        d.tap("tile:\(s)")
                        if let id = d.app.targets.first(where: { $0.id.hasPrefix("item:") })?.id { d.tap(id) }
                    })
                }
                shown.append(visit(console) { d in for _ in 0..<KioskApp.cornerTapsNeeded { d.tap(x: 0, y: 0) } })
                shown.append(visit(console) { d in d.wait(seconds: console.config.attractSeconds) })
                for text in shown {
                    screens += 1
                    let outside = Set(text.unicodeScalars.filter { $0 != "\n" && !ConsoleGlyphs.contains($0.value) })
                    XCTAssertTrue(outside.isEmpty, "\(lang) \(size): \(outside.map { String(format: "U+%04X", $0.value) })\n\(text)")
                }
                if lang == .fr, size.width == 160 {
                    let hike: (inout Driver) -> Void = { d in
                        d.tap("tile:randonnees")
                        if let id = d.app.targets.first(where: { $0.id.hasPrefix("item:") })?.id { d.tap(id) }
                    }
                    hikeConsole = visit(console, hike)
                    hikeFull = visit(full, hike)
                }
            }
        }
        XCTAssertGreaterThan(screens, 200)
        let braille = { (t: String) in t.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) } }
        let quadrants = { (t: String) in t.unicodeScalars.contains { (0x2596...0x259F).contains($0.value) } }
        XCTAssertTrue(braille(hikeFull), "full mode draws the hike in braille:\n\(hikeFull)")
        XCTAssertFalse(braille(hikeConsole))
        XCTAssertTrue(quadrants(hikeConsole), "console mode draws it in quadrant blocks:\n\(hikeConsole)")
    }
}
