import BorneCore
import BorneUI
import XCTest

/// Golden screens: every screen at 80×24 and 160×45, in French and English,
/// drawn from the fixture content (`UITestSupport.goldenEnv`).
/// A changed snapshot is reviewed in the diff like code.
final class ScreenSnapshotTests: XCTestCase {
    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 45)]

    /// Opens a screen through taps, from home, and snapshots it in each size and language.
    func check(_ name: String, language: Language = .fr, _ steps: (inout Driver) -> Void) throws {
        let env = try UITestSupport.goldenEnv()
        for size in Self.sizes {
            var d = Driver(env: env, size: size)
            if language != .fr { d.tap("lang:\(language.rawValue)") }
            steps(&d)
            UITestSupport.assertSnapshot(d.canvas, "\(name)-\(language.rawValue)-\(size.width)x\(size.height)")
        }
    }

    func firstItem(_ d: Driver) -> String? {
        d.app.targets.first { $0.id.hasPrefix("item:") }?.id
    }

    func testHome() throws {
        for l in [Language.fr, .en] { try check("home", language: l) { _ in } }
    }

    func testSectionLists() throws {
        for s in ["dormir", "manger", "agenda", "pluie", "commerces", "randonnees", "visites"] {
            for l in [Language.fr, .en] {
                try check("list-\(s)", language: l) { $0.tap("tile:\(s)") }
            }
        }
    }

    func testSecondPageOfAList() throws {
        let env = try UITestSupport.goldenEnv()
        var d = Driver(env: env, size: Size(width: 80, height: 24))
        d.tap("tile:dormir"); d.tap("page:down")
        UITestSupport.assertSnapshot(d.canvas, "list-dormir-page2-fr-80x24")
    }

    func testFilters() throws {
        try check("list-manger-open-now") { d in d.tap("tile:manger"); d.tap("filter:openNow") }
        try check("list-agenda-week") { d in d.tap("tile:agenda"); d.tap("filter:week") }
    }

    func testDetails() throws {
        for s in ["dormir", "manger", "agenda", "randonnees", "visites"] {
            for l in [Language.fr, .en] {
                try check("detail-\(s)", language: l) { d in
                    d.tap("tile:\(s)")
                    if let id = self.firstItem(d) { d.tap(id) } else { XCTFail("no item in \(s)") }
                }
            }
        }
    }

    /// German, Dutch and Spanish: the home, a list and a detail at the smallest size.
    func testOtherLanguages() throws {
        let env = try UITestSupport.goldenEnv()
        for l in [Language.de, .nl, .es] {
            var d = Driver(env: env, size: Size(width: 80, height: 24))
            d.tap("lang:\(l.rawValue)")
            UITestSupport.assertSnapshot(d.canvas, "home-\(l.rawValue)-80x24")
            d.tap("tile:agenda")
            UITestSupport.assertSnapshot(d.canvas, "list-agenda-\(l.rawValue)-80x24")
            if let id = firstItem(d) { d.tap(id) }
            UITestSupport.assertSnapshot(d.canvas, "detail-agenda-\(l.rawValue)-80x24")
        }
    }

    func testQRScreen() throws {
        try check("qr-manger") { d in
            d.tap("tile:manger")
            if let id = self.firstItem(d) { d.tap(id) }
            if d.has("nav:qr") { d.tap("nav:qr") }
        }
    }

    func testInfoScreens() throws {
        for s in ["meteo", "urgences", "office"] {
            for l in [Language.fr, .en] { try check("screen-\(s)", language: l) { $0.tap("tile:\(s)") } }
        }
    }

    /// The attract screen is always in French: the language resets before it starts.
    func testAttractSlides() throws {
        let env = try UITestSupport.goldenEnv()
        for size in Self.sizes {
            var d = Driver(env: env, size: size)
            d.wait(seconds: env.config.attractSeconds)
            for slide in 0..<3 {
                UITestSupport.assertSnapshot(d.canvas, "attract-\(slide)-fr-\(size.width)x\(size.height)")
                d.wait(seconds: Int(KioskApp.attractSlideSeconds))
            }
        }
    }

    func testMaintenanceScreens() throws {
        let env = try UITestSupport.goldenEnv()
        for size in Self.sizes {
            for lang in [Language.fr, .en] {
                var d = Driver(env: env, size: size)
                if lang != .fr { d.tap("lang:\(lang.rawValue)") }
                for _ in 0..<KioskApp.cornerTapsNeeded { d.tap(x: 0, y: 0) }
                UITestSupport.assertSnapshot(d.canvas, "pin-\(lang.rawValue)-\(size.width)x\(size.height)")
                for c in env.config.maintenancePin { d.tap("pin:\(c)") }
                d.tap("pin:ok")
                UITestSupport.assertSnapshot(d.canvas, "maintenance-\(lang.rawValue)-\(size.width)x\(size.height)")
            }
        }
    }

    func testTooSmall() throws {
        let env = try UITestSupport.goldenEnv()
        let d = Driver(env: env, size: Size(width: 60, height: 20))
        UITestSupport.assertSnapshot(d.canvas, "too-small-fr-60x20")
    }
}
