import BorneContent
import BorneCore
import BorneQR
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

    /// - Parameter glyphs: the shipped configs say "console" (the Linux
    ///   console's font); the snapshots are of the full glyph set unless asked.
    static func loadEnv(config: String = "vic-sur-cere", qr: Bool = true, glyphs: KioskConfig.Glyphs = .full) throws -> AppEnvironment {
        var cfg = try KioskConfigLoader.load(file: repoRoot.appendingPathComponent("kiosk-config/\(config).json"))
        cfg.glyphs = glyphs
        let loaded = try ContentLoader.load(directory: repoRoot.appendingPathComponent("content"))
        return AppEnvironment(config: cfg, catalog: loaded.catalog,
                              qr: qr ? QR.provider : nil,
                              dataDir: "/var/lib/borne", contentProblems: loaded.problems.count,
                              freeDisk: { "12,3 Go" })
    }

    /// 2027-07-13 10:30 in Vic-sur-Cère: a Tuesday in high season, the eve of 14 juillet.
    static let clock = KioskTime.parseLocal("2027-07-13T10:30")!

    static func snapshotURL(_ name: String) -> URL {
        repoRoot.appendingPathComponent("Tests/BorneUITests/__snapshots__/\(name).txt")
    }

    /// Compares `text` with the golden file; `UPDATE_SNAPSHOTS=1` rewrites it
    /// (then review the diff before committing).
    static func assertSnapshot(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let url = snapshotURL(name)
        let update = ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1"
        let existing = try? String(contentsOf: url, encoding: .utf8)
        if update || existing == nil {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? (text + "\n").write(to: url, atomically: true, encoding: .utf8)
            if !update { XCTFail("new snapshot \(name) written: review it and run again", file: file, line: line) }
            return
        }
        if existing != text + "\n" {
            XCTFail("screen \(name) differs from its snapshot (UPDATE_SNAPSHOTS=1 to accept after review):\n\(text)",
                    file: file, line: line)
        }
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
