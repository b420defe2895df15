import BorneCore
import BorneUI
import XCTest

/// The one-tap satisfaction question: after a session of at least 30 s that
/// opened an item, when the visitor taps Accueil; once per session; never on
/// idle; off by default on the hiking table; `survey: false` turns it off.
final class SurveyTests: XCTestCase {
    func visit(_ d: inout Driver, wait: Int = 31) {
        d.tap("tile:manger")
        d.tap("item:auberge-du-buron-fleuri")
        d.wait(seconds: wait)
    }

    func testAskedOnceAtAccueilAndTheAnswerIsATouch() throws {
        let env = try UITestSupport.loadEnv(config: "pailherols")
        var d = Driver(env: env, size: Size(width: 80, height: 24))
        d.tap("lang:es")
        visit(&d)
        d.tap("nav:home")
        XCTAssertEqual(d.app.route, .survey)
        XCTAssertTrue(d.text.contains("¿Ha encontrado lo que buscaba?"), d.text)
        for id in ["survey:yes", "survey:partly", "survey:no", "survey:skip"] { XCTAssertTrue(d.has(id), id) }
        let reactions = d.tap("survey:partly")
        let touch = reactions.compactMap { r -> Touch? in if case .touch(let t) = r { return t } else { return nil } }.last
        XCTAssertEqual(touch?.target, "survey:partly")
        XCTAssertEqual(touch?.screen, "survey")
        XCTAssertEqual(touch?.activated, true)
        XCTAssertEqual(touch?.language, .es)
        XCTAssertEqual(d.app.route, .home)
        // At most one question per session.
        visit(&d)
        d.tap("nav:home")
        XCTAssertEqual(d.app.route, .home)
    }

    func testNotAskedForAShortOrEmptySessionNorOnIdle() throws {
        let env = try UITestSupport.loadEnv(config: "pailherols")
        var short = Driver(env: env, size: Size(width: 80, height: 24))
        visit(&short, wait: 5)
        short.tap("nav:home")
        XCTAssertEqual(short.app.route, .home, "under 30 s")
        var browsing = Driver(env: env, size: Size(width: 80, height: 24))
        browsing.tap("tile:manger"); browsing.wait(seconds: 40); browsing.tap("nav:home")
        XCTAssertEqual(browsing.app.route, .home, "no item opened")
        var idle = Driver(env: env, size: Size(width: 80, height: 24))
        visit(&idle)
        idle.wait(seconds: env.config.idleSeconds + 1)
        XCTAssertEqual(idle.app.route, .home, "idle goes home without a question")
        // The next visitor's session starts afresh.
        visit(&idle)
        idle.tap("nav:home")
        XCTAssertEqual(idle.app.route, .survey)
    }

    func testConfigurablePerKioskAndOffOnTheTable() throws {
        var env = try UITestSupport.loadEnv(config: "pailherols")
        env.config.survey = false
        var d = Driver(env: env, size: Size(width: 80, height: 24))
        visit(&d); d.tap("nav:home")
        XCTAssertEqual(d.app.route, .home)
        let table = try UITestSupport.loadEnv(config: "table-rando")
        XCTAssertFalse(table.config.asksSurvey)
        var onTable = table
        onTable.config.survey = true
        var t = Driver(env: onTable, size: Size(width: 160, height: 45))
        let hike = try XCTUnwrap(t.app.targets.first { $0.id.hasPrefix("item:") }?.id)
        t.tap(hike)
        t.tap("download:" + hike.dropFirst(5))
        t.wait(seconds: 31)
        t.tap("nav:home")
        XCTAssertEqual(t.app.route, .home, "never over a hike's take-away on the table")
    }

    func testSnapshots() throws {
        let env = try UITestSupport.goldenEnv(config: "pailherols")
        for lang in [Language.fr, .en] {
            for size in [Size(width: 80, height: 24), Size(width: 160, height: 45)] {
                var d = Driver(env: env, size: size)
                if lang != .fr { d.tap("lang:\(lang.rawValue)") }
                visit(&d); d.tap("nav:home")
                UITestSupport.assertSnapshot(d.canvas, "survey-\(lang.rawValue)-\(size.width)x\(size.height)")
            }
        }
    }
}
