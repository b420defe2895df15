import BorneCore
import BorneUI
import XCTest

/// Behaviour of the state machine on a small catalog built here, so these
/// tests do not move when the demo content does.
final class KioskAppTests: XCTestCase {
    static func env(idle: Int = 60, attract: Int = 180, sections: [SectionID] = SectionID.allCases,
                    weatherAt: Date? = nil, qr: Bool = false) -> AppEnvironment {
        var items: [ContentItem] = []
        for i in 1...15 {
            items.append(ContentItem(id: "hotel-\(i)", section: .dormir, demo: true,
                                     name: LocalizedText([.fr: "Hôtel numéro \(i)", .en: "Hotel number \(i)"]),
                                     commune: "Vic-sur-Cère"))
        }
        items.append(ContentItem(id: "evil", section: .manger,
                                 name: LocalizedText(fr: Sanitizer.line("Chez \u{1B}[2J\u{1B}]0;pwned\u{07}Marcel")),
                                 description: LocalizedText(fr: Sanitizer.paragraphs("ligne\u{1B}[31m rouge\r\nsuite\u{9B}1m"))))
        items.append(ContentItem(id: "musee", section: .visites, name: LocalizedText(fr: "Musée de la Source"),
                                 phone: "04 65 71 00 01", website: "https://exemple.carlades.fr/musee",
                                 tags: ["pluie"]))
        items.append(ContentItem(id: "noel-passe", section: .agenda, name: LocalizedText(fr: "Concert de Noël passé"),
                                 tags: ["pluie"],
                                 dates: [EventDate(start: LocalDate(year: 2019, month: 12, day: 19),
                                                   end: LocalDate(year: 2019, month: 12, day: 19))]))
        items.append(ContentItem(id: "balade", section: .agenda, name: LocalizedText(fr: "Balade contée d'été"),
                                 dates: [EventDate(start: LocalDate(year: 2020, month: 7, day: 20),
                                                   end: LocalDate(year: 2020, month: 7, day: 20), time: "16:00")]))
        let track = Track(name: "t", segments: [[TrackPoint(lat: 44.98, lon: 2.62, ele: 680),
                                                  TrackPoint(lat: 44.99, lon: 2.64, ele: 900),
                                                  TrackPoint(lat: 45.0, lon: 2.63, ele: 1100)]])
        items.append(ContentItem(id: "rando", section: .randonnees, name: LocalizedText(fr: "Boucle du Pas de Cère"),
                                 hike: HikeInfo(activity: .walking, difficulty: .easy, durationMinutes: 150, track: track)))
        let office = OfficeInfo(name: LocalizedText(fr: "Office de Tourisme du Carladès"), address: "av. Mercier",
                                phone: "04 71 47 50 68", email: "tourisme@carlades.fr")
        let catalog = ContentCatalog(version: "test-1", office: office, items: items, emergency: [
            EmergencyNumber(number: "112", label: LocalizedText(fr: "Urgence européenne"))],
            weather: weatherAt.map { WeatherReport(demo: false, source: "test", place: "Vic", observedAt: $0,
                                                   currentC: 17, currentCode: 0) })
        let cfg = KioskConfig(id: "vic-sur-cere", name: "Vic sur Cère", commune: "Vic-sur-Cère", sections: sections,
                              idleSeconds: idle, attractSeconds: attract, maintenancePin: "4821")
        let fakeQR: QRProvider = { text in
            QRMatrix(size: 21, modules: (0..<441).map { ($0 * 7 + text.count) % 3 == 0 })
        }
        return AppEnvironment(config: cfg, catalog: catalog, qr: qr ? fakeQR : nil)
    }

    let t0 = KioskTime.parseLocal("2020-07-14T12:00")!

    func testTapOnTileOpensItsSection() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        d.tap("tile:dormir")
        XCTAssertEqual(d.app.route, .list(.dormir))
        XCTAssertTrue(d.text.contains("Hôtel numéro 1"))
        XCTAssertTrue(d.has("nav:home") && d.has("nav:back"))
    }

    func testPressShowsFeedbackAndReleaseElsewhereCancels() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        let tile = d.app.targets.first { $0.id == "tile:manger" }!
        _ = d.app.handle(.press(x: tile.rect.x + 1, y: tile.rect.y + 1), now: t0)
        let pressed = d.app.render()
        XCTAssertEqual(pressed[tile.rect.x + 1, tile.rect.y + 1].style.role, .pressed)
        _ = d.app.handle(.release(x: 79, y: 23), now: t0)
        XCTAssertEqual(d.app.route, .home, "a release away from the pressed tile must not open it")
        let after = d.app.render()
        XCTAssertNotEqual(after[tile.rect.x + 1, tile.rect.y + 1].style.role, .pressed)
    }

    func testPagesMoveThroughTheList() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        d.tap("tile:dormir")
        XCTAssertFalse(d.has("page:up"), "first page: ▲ is not a target")
        let firstPage = d.text
        d.tap("page:down")
        XCTAssertNotEqual(d.text, firstPage)
        XCTAssertTrue(d.text.contains("2/"))
        d.tap("page:up")
        XCTAssertEqual(d.text, firstPage)
    }

    func testBackReturnsToThePageLeft() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        d.tap("tile:dormir"); d.tap("page:down")
        let page2 = d.text
        let item = d.app.targets.first { $0.id.hasPrefix("item:") }!.id
        d.tap(item)
        XCTAssertEqual(d.app.route, .detail(String(item.dropFirst(5))))
        d.tap("nav:back")
        XCTAssertEqual(d.text, page2)
        d.tap("nav:home")
        XCTAssertEqual(d.app.route, .home)
    }

    func testIdleReturnsHomeInFrenchAndEndsTheSession() {
        var d = Driver(env: Self.env(idle: 60), size: Size(width: 80, height: 24), now: t0)
        let started = d.tap("lang:en")
        XCTAssertTrue(started.contains(.sessionStarted(t0)))
        d.tap("tile:dormir")
        XCTAssertTrue(d.text.contains("Where to stay"))
        var r = d.wait(seconds: 59)
        XCTAssertEqual(d.app.route, .list(.dormir), "not idle yet at 59 s")
        r = d.wait(seconds: 1)
        XCTAssertEqual(d.app.route, .home)
        XCTAssertEqual(d.app.state.language, .fr)
        XCTAssertTrue(r.contains { if case .sessionEnded = $0 { return true } else { return false } })
        XCTAssertTrue(d.text.contains("Où dormir ?"))
    }

    func testAttractAfterLongerIdleAndATapWakesWithoutActivating() {
        var d = Driver(env: Self.env(idle: 60, attract: 120), size: Size(width: 80, height: 24), now: t0)
        d.wait(seconds: 119)
        XCTAssertFalse(d.app.isAttract)
        d.wait(seconds: 1)
        XCTAssertTrue(d.app.isAttract)
        XCTAssertTrue(d.text.contains("Touchez l'écran pour commencer"))
        // Tap where the "Où dormir ?" tile is on home: it must only wake.
        d.tap(x: 10, y: 6)
        XCTAssertFalse(d.app.isAttract)
        XCTAssertEqual(d.app.route, .home)
    }

    /// A press only changes the pressed button's look: the loop hit-tests
    /// the release on the same frame's targets without rendering again. A
    /// press that wakes the attract screen changes the screen: the targets are stale.
    func testOnlyAWakingPressMakesTheTargetsStale() {
        var app = KioskApp(env: Self.env(idle: 60, attract: 120), size: Size(width: 80, height: 24), now: t0)
        _ = app.render()
        XCTAssertEqual(app.handle(.press(x: 10, y: 6), now: t0).last, .redraw)
        XCTAssertFalse(app.targetsStale, "the press feedback changes no target")
        _ = app.handle(.release(x: 10, y: 6), now: t0)
        XCTAssertTrue(app.targetsStale, "the release opened a section")
        _ = app.render()
        XCTAssertFalse(app.targetsStale)
        let later = t0.addingTimeInterval(200)
        _ = app.tick(now: later)
        XCTAssertTrue(app.isAttract)
        _ = app.render()
        _ = app.handle(.press(x: 10, y: 6), now: later)
        XCTAssertTrue(app.targetsStale, "waking changes the screen under the finger")
    }

    func testKeysDoNothing() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        d.tap("tile:dormir")
        let before = d.text
        for k in ["\u{03}", "\u{1A}", "\u{1C}", "q", "KEY_F(1)", "\u{1B}"] {
            XCTAssertFalse(d.app.handle(.key(k), now: t0).contains(.quit))
        }
        XCTAssertEqual(d.app.render().plainText, before)
    }

    func testHiddenGestureAndPinOpenMaintenanceAndQuit() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        for _ in 0..<4 { d.tap(x: 0, y: 0) }
        XCTAssertEqual(d.app.route, .home, "four taps are not enough")
        d.tap(x: 0, y: 0)
        XCTAssertEqual(d.app.route, .pin)
        for c in "1234" { d.tap("pin:\(c)") }
        d.tap("pin:ok")
        XCTAssertEqual(d.app.route, .pin)
        XCTAssertTrue(d.text.contains("Code incorrect"))
        for c in "4821" { d.tap("pin:\(c)") }
        d.tap("pin:ok")
        XCTAssertEqual(d.app.route, .maintenance)
        XCTAssertTrue(d.text.contains("vic-sur-cere"))
        XCTAssertTrue(d.text.contains("test-1"))
        XCTAssertTrue(d.tap("maint:quit").contains(.quit))
    }

    func testSlowCornerTapsDoNotOpenThePinPad() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        for _ in 0..<6 { d.tap(x: 0, y: 0); d.wait(seconds: 2) }
        XCTAssertEqual(d.app.route, .home)
    }

    func testEveryTargetIsBigEnoughOnEveryScreen() throws {
        for size in [Size(width: 80, height: 24), Size(width: 160, height: 45), Size(width: 240, height: 67)] {
            var d = Driver(env: Self.env(weatherAt: t0, qr: true), size: size, now: t0)
            var screens: [[Target]] = [d.app.targets]
            for s in SectionID.allCases {
                d.tap("tile:\(s.rawValue)"); screens.append(d.app.targets); d.tap("nav:home")
            }
            d.tap("tile:dormir"); d.tap("item:hotel-1"); screens.append(d.app.targets)
            d.tap("nav:home"); d.tap("tile:visites"); d.tap("item:musee"); screens.append(d.app.targets)
            if d.has("nav:qr") { d.tap("nav:qr"); screens.append(d.app.targets) }
            d.tap("nav:home"); d.tap("tile:randonnees"); d.tap("item:rando"); screens.append(d.app.targets)
            d.tap("nav:home")
            for _ in 0..<KioskApp.cornerTapsNeeded { d.tap(x: 0, y: 0) }
            screens.append(d.app.targets)
            for c in "4821" { d.tap("pin:\(c)") }
            d.tap("pin:ok"); screens.append(d.app.targets)
            XCTAssertEqual(d.app.route, .maintenance)
            for targets in screens {
                for t in targets {
                    XCTAssertGreaterThanOrEqual(t.rect.width, 12, "\(t.id) at \(size)")
                    XCTAssertGreaterThanOrEqual(t.rect.height, 3, "\(t.id) at \(size)")
                    XCTAssertLessThanOrEqual(t.rect.maxX, size.width, "\(t.id) outside the screen")
                    XCTAssertLessThanOrEqual(t.rect.maxY, size.height, "\(t.id) outside the screen")
                }
            }
        }
    }

    func testNoEscapeSequenceFromContentReachesTheCanvas() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        d.tap("tile:manger"); d.tap("item:evil")
        let all = d.canvas.cells.map(\.text).joined()
        XCTAssertTrue(d.text.contains("Chez Marcel"))
        for u in all.unicodeScalars { XCTAssertFalse(u.value < 0x20 || (0x7F..<0xA0).contains(u.value), "control \(u.value)") }
    }

    func testTooSmallTerminalSaysSoAndResizeRecovers() {
        var d = Driver(env: Self.env(), size: Size(width: 70, height: 20), now: t0)
        XCTAssertTrue(d.text.contains("Écran trop petit"))
        XCTAssertTrue(d.app.targets.isEmpty)
        _ = d.app.handle(.resize(Size(width: 100, height: 30)), now: t0)
        d.canvas = d.app.render()
        XCTAssertTrue(d.text.contains("Où dormir ?"))
        XCTAssertEqual(d.canvas.width, 100)
    }

    func testTouchesNameScreenSectionAndTarget() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        let r = d.tap("tile:dormir")
        let touches = r.compactMap { if case .touch(let t) = $0 { return t } else { return nil } }
        XCTAssertEqual(touches.count, 1)
        XCTAssertEqual(touches.first?.target, "tile:dormir")
        XCTAssertEqual(touches.first?.screen, "home")
        XCTAssertEqual(touches.first?.language, .fr)
    }

    func testLanguageButtonsTranslateTheHome() {
        var d = Driver(env: Self.env(), size: Size(width: 160, height: 45), now: t0)
        for (l, word) in [(Language.en, "Where to stay"), (.de, "Übernachten"), (.nl, "Overnachten"), (.es, "Dónde dormir")] {
            d.tap("lang:\(l.rawValue)")
            XCTAssertTrue(d.text.contains(word), "\(l)")
        }
    }

    func testNewContentWaitsForTheEndOfTheSession() {
        var d = Driver(env: Self.env(idle: 60), size: Size(width: 80, height: 24), now: t0)
        d.tap("tile:dormir")
        var next = d.app.env.catalog
        next.version = "test-2"
        next.items = next.items.filter { $0.id != "hotel-1" }
        XCTAssertEqual(d.app.offerContent(next, problems: 0), [], "not in the middle of a visit")
        XCTAssertEqual(d.app.env.catalog.version, "test-1")
        d.tap("nav:home")
        _ = d.app.tick(now: d.now)
        XCTAssertEqual(d.app.env.catalog.version, "test-1", "home, but the session is still running")
        let r = d.wait(seconds: 60)
        XCTAssertTrue(r.contains(.contentReplaced("test-2")))
        XCTAssertEqual(d.app.env.catalog.version, "test-2")
        XCTAssertNil(d.app.pendingCatalog)
    }

    func testFetchedWeatherShowsAtOnceEvenMidVisit() {
        var d = Driver(env: Self.env(weatherAt: t0.addingTimeInterval(-86400)), size: Size(width: 80, height: 24), now: t0)
        d.tap("tile:dormir")
        let fresh = WeatherReport(demo: false, source: "Open-Meteo", place: "Vic", observedAt: t0, currentC: 21, currentCode: 1)
        XCTAssertEqual(d.app.updateWeather(fresh), [.redraw])
        d.tap("nav:home")
        XCTAssertTrue(d.text.contains("21 °C"), d.text)
        XCTAssertEqual(d.app.updateWeather(fresh), [], "the same report twice is no change")
    }

    func testNewContentAtAnIdleHomeIsShownAtOnce() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        var next = d.app.env.catalog
        next.version = "test-3"
        XCTAssertTrue(d.app.offerContent(next, problems: 2).contains(.contentReplaced("test-3")))
        XCTAssertEqual(d.app.env.contentProblems, 2)
    }

    func testStaleWeatherIsNotShownAsTodays() {
        let fresh = Driver(env: Self.env(weatherAt: t0.addingTimeInterval(-600)), size: Size(width: 80, height: 24), now: t0)
        XCTAssertTrue(fresh.text.contains("17 °C"))
        var stale = Driver(env: Self.env(weatherAt: t0.addingTimeInterval(-86400)), size: Size(width: 80, height: 24), now: t0)
        XCTAssertFalse(stale.text.contains("17 °C"), "a day-old temperature on the home screen")
        stale.tap("tile:meteo")
        // Not even on the Météo screen: the date the data stopped instead (StaleDataTests).
        XCTAssertTrue(!stale.text.contains("17 °C") && stale.text.contains("Prévisions indisponibles depuis le"), stale.text)
    }

    func testPastEventsLeaveEveryList() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        d.tap("tile:pluie")
        XCTAssertTrue(d.text.contains("Musée de la Source"))
        XCTAssertFalse(d.text.contains("Noël"), "an event of 2019 on 14 July 2020")
        d.tap("nav:home"); d.tap("tile:agenda")
        XCTAssertTrue(d.text.contains("Balade contée d'été"))
        XCTAssertFalse(d.text.contains("Noël"))
    }

    func testEmergencyNumbersAreBuiltIn() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        d.tap("tile:urgences")
        for n in [" 15 ", " 17 ", " 18 ", " 112 ", " 114 "] { XCTAssertTrue(d.text.contains(n), "\(n) missing:\n\(d.text)") }
    }

    func testThreeWrongPinsLockTheGesture() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        for _ in 0..<KioskApp.pinAttempts {
            for _ in 0..<KioskApp.cornerTapsNeeded { d.tap(x: 0, y: 0) }
            if d.app.route != .pin { break }
            for c in "0000" { d.tap("pin:\(c)") }
            d.tap("pin:ok")
        }
        XCTAssertEqual(d.app.route, .home, "locked out after three wrong codes")
        for _ in 0..<KioskApp.cornerTapsNeeded { d.tap(x: 0, y: 0) }
        XCTAssertEqual(d.app.route, .home, "the gesture does nothing while locked")
        d.wait(seconds: Int(KioskApp.pinLockSeconds))
        d.tap(x: 40, y: 12) // wakes the attract screen
        for _ in 0..<KioskApp.cornerTapsNeeded { d.tap(x: 0, y: 0) }
        XCTAssertEqual(d.app.route, .pin, "the lock ends")
    }

    func testAttractShowsOnlyWhatTheKioskOffers() {
        var d = Driver(env: Self.env(attract: 120, sections: [.randonnees, .urgences, .office]),
                       size: Size(width: 80, height: 24), now: t0)
        d.wait(seconds: 120)
        XCTAssertTrue(d.app.isAttract)
        for _ in 0..<3 {
            XCTAssertFalse(d.text.contains("À l'agenda"), "the hiking table has no agenda")
            XCTAssertTrue(d.text.contains("Boucle du Pas de Cère"))
            d.wait(seconds: Int(KioskApp.attractSlideSeconds))
        }
    }

    func testQRCodeHasItsOwnScreenWhenNarrowAndAPanelWhenWide() {
        var narrow = Driver(env: Self.env(qr: true), size: Size(width: 80, height: 24), now: t0)
        narrow.tap("tile:visites"); narrow.tap("item:musee")
        narrow.tap("nav:qr")
        XCTAssertEqual(narrow.app.route, .qr("https://exemple.carlades.fr/musee", .scanWebsite))
        XCTAssertTrue(narrow.text.contains("▀") || narrow.text.contains("▄"), narrow.text)
        narrow.tap("nav:back")
        XCTAssertEqual(narrow.app.route, .detail("musee"))
        var wide = Driver(env: Self.env(qr: true), size: Size(width: 160, height: 45), now: t0)
        wide.tap("tile:visites"); wide.tap("item:musee")
        XCTAssertFalse(wide.has("nav:qr"))
        XCTAssertTrue(wide.text.contains("Scannez : site web"))
    }

    func testAHikeHandsItsStartToThePhone() {
        var d = Driver(env: Self.env(qr: true), size: Size(width: 80, height: 24), now: t0)
        d.tap("tile:randonnees"); d.tap("item:rando")
        // Phones' cameras often ignore `geo:`: the start is an https map link,
        // its code on the hike's first screen beside the map.
        XCTAssertEqual(d.app.route, .detail("rando"))
        XCTAssertTrue(d.has("start:rando"), "\(d.app.targets.map(\.id))")
        XCTAssertTrue(d.text.contains("█"), d.text)
        XCTAssertTrue(d.text.contains("▣ Départ"), d.text)
        XCTAssertFalse(d.text.contains("geo:"), d.text)
    }

    func testResizeKeepsTheScreenAndClampsThePage() {
        var d = Driver(env: Self.env(), size: Size(width: 80, height: 24), now: t0)
        d.tap("tile:dormir"); d.tap("page:down"); d.tap("page:down")
        XCTAssertEqual(d.app.state.top.page, 2)
        _ = d.app.handle(.resize(Size(width: 160, height: 45)), now: t0)
        d.canvas = d.app.render()
        XCTAssertEqual(d.app.route, .list(.dormir))
        XCTAssertEqual(d.app.state.top.page, 1, "two pages at 160x45: the third one is clamped to the last")
        XCTAssertTrue(d.text.contains("2/2"))
    }

    func testEveryUIStringIsTranslated() {
        for l in Language.allCases { XCTAssertEqual(L10n.missing(l), [], "\(l)") }
        // A French string pasted into another language's column is a missing translation.
        // These are the same word, or a symbol, in some languages on purpose:
        let sameOnPurpose: Set<L10n.Key> = [.email, .pinOK, .maintTitle, .website, .distance, .address,
                                             .dates, .page, .wind, .maintContent, .tooSmallNeed]
        for key in L10n.Key.allCases where !sameOnPurpose.contains(key) {
            let fr = L10n.text(key, .fr)
            for l in Language.allCases where l != .fr {
                XCTAssertNotEqual(L10n.text(key, l), fr, "\(key) in \(l) is the French text")
            }
        }
        for s in SectionID.allCases where s != .agenda {
            for l in Language.allCases where l != .fr {
                XCTAssertNotEqual(L10n.section(s, l), L10n.section(s, .fr), "section \(s) in \(l)")
            }
        }
    }
}
