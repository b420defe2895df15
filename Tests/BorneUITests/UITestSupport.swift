import BorneContent
import BorneCore
import BorneQR
import BorneTestSupport
import BorneUI
import Foundation
import XCTest

/// Shared helpers: the repository's own content and configs, a driver that
/// taps targets by id, and golden snapshot files.
enum UITestSupport {
    static let repoRoot: URL = {
        var u = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { u.deleteLastPathComponent() }
        return u
    }()

    /// The content the golden screens are drawn from: a small frozen tree
    /// (Tests/BorneUITests/Fixtures/content), so an edit of the shipped
    /// `content/` does not rewrite the goldens.
    static let fixtureContent = repoRoot.appendingPathComponent("Tests/BorneUITests/Fixtures/content")

    /// - Parameter glyphs: the shipped configs say "console" (the Linux
    ///   console's font); the snapshots are of the full glyph set unless asked.
    /// - Parameter content: the shipped `content/` unless given (golden screens give `fixtureContent`).
    static func loadEnv(config: String = "vic-sur-cere", qr: Bool = true, glyphs: KioskConfig.Glyphs = .full,
                        content: URL? = nil) throws -> AppEnvironment {
        var cfg = try KioskConfigLoader.load(file: repoRoot.appendingPathComponent("kiosk-config/\(config).json"))
        cfg.glyphs = glyphs
        let loaded = try ContentLoader.load(directory: content ?? repoRoot.appendingPathComponent("content"))
        return AppEnvironment(config: cfg, catalog: loaded.catalog,
                              qr: qr ? QR.provider : nil, qrLow: qr ? QR.lowCorrectionProvider : nil,
                              dataDir: "/var/lib/borne", contentProblems: loaded.problems.count,
                              freeDisk: { "12,3 Go" })
    }

    /// The environment of the golden screens: `config` over the fixture content.
    static func goldenEnv(config: String = "vic-sur-cere") throws -> AppEnvironment {
        let env = try loadEnv(config: config, content: fixtureContent)
        XCTAssertEqual(env.contentProblems, 0, "the golden fixture content loads without a problem")
        return env
    }

    /// 2027-07-13 10:30 in Vic-sur-Cère: a Tuesday in high season, the eve of 14 juillet.
    static let clock = KioskTime.parseLocal("2027-07-13T10:30")!

    static func snapshotURL(_ name: String) -> URL {
        repoRoot.appendingPathComponent("Tests/BorneUITests/__snapshots__/\(name).txt")
    }

    /// Compares the screen with its golden file (`__snapshots__/NAME.txt`:
    /// the text, then the colour role of every cell, see `GoldenScreen`);
    /// `UPDATE_SNAPSHOTS=1` rewrites it (`GoldenFile`).
    static func assertSnapshot(_ canvas: Canvas, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        if let failure = GoldenFile.compare(GoldenScreen.render(canvas), with: snapshotURL(name), what: "screen \(name)") {
            XCTFail(failure, file: file, line: line)
        }
    }
}

/// A golden screen file: the screen's text (trailing spaces trimmed), a
/// line `-- roles --`, then one letter per cell giving its colour role
/// (`Role`), upper case when bold, trailing normal cells trimmed — as
/// Textual's snapshots keep styles besides text, so a change of colour alone
/// fails too. Continuation cells of wide characters are left out, so the
/// letters stand under the characters of the text above.
enum GoldenScreen {
    static let separator = "-- roles --"

    static func letter(_ role: Role) -> Character {
        switch role {
        case .normal: return "."
        case .header: return "h"
        case .title: return "t"
        case .tile: return "i"
        case .tileAccent: return "a"
        case .pressed: return "p"
        case .button: return "b"
        case .selected: return "s"
        case .muted: return "m"
        case .open: return "o"
        case .closed: return "c"
        case .warning: return "w"
        case .emergency: return "e"
        case .qr: return "q"
        case .map: return "r"
        case .profile: return "f"
        }
    }

    /// The role letters of one cell: bold is upper case (`*` for normal bold).
    static func code(_ style: Style) -> Character {
        let l = letter(style.role)
        guard style.bold else { return l }
        return l == "." ? "*" : Character(l.uppercased())
    }

    static func roles(_ canvas: Canvas) -> String {
        var lines: [String] = []
        for y in 0..<canvas.height {
            var line = ""
            for x in 0..<canvas.width where !canvas[x, y].isContinuation { line.append(code(canvas[x, y].style)) }
            while line.hasSuffix(".") { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    static func render(_ canvas: Canvas) -> String {
        canvas.plainText + "\n" + separator + "\n" + roles(canvas) + "\n"
    }
}

/// Drives a KioskApp like a finger: taps the centre of a target found by id.
struct Driver {
    var app: KioskApp
    var now: Date
    var canvas: Canvas

    init(env: AppEnvironment, size: Size, now: Date = UITestSupport.clock) {
        app = KioskApp(env: env, size: size, now: now)
        self.now = now
        canvas = app.render()
    }

    @discardableResult
    mutating func tap(x: Int, y: Int) -> [Reaction] {
        var r = app.handle(.press(x: x, y: y), now: now)
        canvas = app.render()
        r += app.handle(.release(x: x, y: y), now: now)
        canvas = app.render()
        return r
    }

    @discardableResult
    mutating func tap(_ id: String, file: StaticString = #filePath, line: UInt = #line) -> [Reaction] {
        guard let t = app.targets.first(where: { $0.id == id }) else {
            XCTFail("no target '\(id)' on screen; targets: \(app.targets.map(\.id))", file: file, line: line)
            return []
        }
        return tap(x: t.rect.x + t.rect.width / 2, y: t.rect.y + t.rect.height / 2)
    }

    func has(_ id: String) -> Bool { app.targets.contains { $0.id == id } }

    @discardableResult
    mutating func wait(seconds: Int) -> [Reaction] {
        var r: [Reaction] = []
        for _ in 0..<seconds {
            now = now.addingTimeInterval(1)
            r += app.tick(now: now)
        }
        canvas = app.render()
        return r
    }

    /// The screen as the terminal shows it: with the console's stand-ins
    /// in `"glyphs": "console"` (applied where the terminal writes cells).
    var text: String {
        (app.env.config.glyphs == .console ? ConsoleGlyphs.forConsole(canvas) : canvas).plainText
    }
}
