import BorneCore
@testable import BorneUI
import XCTest

/// Visitors never see stale data as current: old weather is replaced by the
/// date it stopped, snow depths only in season or when fresh, and an agenda
/// filter with nothing in it shows the next events instead of a dead end.
final class StaleDataTests: XCTestCase {
    /// The case: the report of 26 November 2026 seen in July 2027.
    static let observed = KioskTime.parseLocal("2026-11-26T08:00")!
    static let july = KioskTime.parseLocal("2027-07-13T10:30")!

    static func env(observedAt: Date = observed, snowAt: Date? = nil, staleMinutes: Int = 180,
                    winter: (MonthDay, MonthDay)? = nil, events: [ContentItem] = []) -> AppEnvironment {
        let weather = WeatherReport(
            demo: false, source: "Open-Meteo", place: "Vic-sur-Cère", observedAt: observedAt, currentC: 3, currentCode: 3,
            windKmh: 14, days: [WeatherDay(date: KioskTime.local(observedAt).date, code: 3, minC: -1, maxC: 4)],
            snowObservedAt: snowAt ?? observedAt,
            snow: [SnowStation(name: "Le Lioran", altitudeM: 1250, depthCm: 5)])
        let office = OfficeInfo(name: LocalizedText(fr: "Office de Tourisme du Carladès"), address: "av. Mercier",
                                phone: "04 71 47 50 68", email: "tourisme@carlades.fr")
        let catalog = ContentCatalog(version: "t", office: office, items: events, emergency: [], weather: weather)
        var cfg = KioskConfig(id: "vic-sur-cere", name: "Vic sur Cère", commune: "Vic-sur-Cère",
                              sections: SectionID.allCases, weatherStaleMinutes: staleMinutes, maintenancePin: "4821")
        if let w = winter { cfg.winter = (from: w.0, to: w.1) }
        return AppEnvironment(config: cfg, catalog: catalog)
    }

    private func meteo(_ env: AppEnvironment, at now: Date, lang: Language = .fr) -> (home: String, screen: String) {
        var d = Driver(env: env, size: Size(width: 120, height: 40), now: now)
        if lang != .fr, d.has("lang:\(lang.rawValue)") { d.tap("lang:\(lang.rawValue)") }
        let home = d.text
        d.tap("tile:meteo")
        return (home, d.text)
    }

    func testOldWeatherIsNotShownAsCurrent() {
        let (home, screen) = meteo(Self.env(), at: Self.july)
        XCTAssertTrue(screen.contains("Prévisions indisponibles depuis le jeudi 26 novembre 2026"), screen)
        XCTAssertFalse(screen.contains("3 °C"), screen)
        XCTAssertFalse(screen.contains("couvert"), screen)
        XCTAssertFalse(screen.contains("5 cm"), "snow out of season and old: no depth\n" + screen)
        XCTAssertTrue(screen.contains("Pas de bulletin d'enneigement depuis le jeudi 26 novembre 2026"), screen)
        XCTAssertFalse(home.contains("°C"), "the header and the tile drop old weather\n" + home)
    }

    func testFreshWeatherIsShown() {
        let now = Self.observed.addingTimeInterval(3600)
        let (home, screen) = meteo(Self.env(), at: now)
        XCTAssertTrue(screen.contains("3 °C"), screen)
        XCTAssertTrue(screen.contains("5 cm"), screen)
        XCTAssertFalse(screen.contains("indisponible"), screen)
        XCTAssertTrue(home.contains("3 °C"), home)
    }

    /// A limit configured beyond a day still drops the values after a day.
    func testPastADayTheHeaderDropsWeatherWhateverTheConfiguredLimit() {
        let env = Self.env(staleMinutes: 3 * 24 * 60)
        XCTAssertTrue(meteo(env, at: Self.observed.addingTimeInterval(20 * 3600)).home.contains("3 °C"))
        let late = meteo(env, at: Self.observed.addingTimeInterval(26 * 3600))
        XCTAssertFalse(late.home.contains("°C"), late.home)
        XCTAssertTrue(late.screen.contains("Prévisions indisponibles depuis le jeudi 26 novembre"), late.screen)
    }

    /// Snow depths: shown in the configured season even when the weather is
    /// old, and out of season only when fresh (two days).
    func testSnowDepthOnlyInSeasonOrFresh() {
        let winter = (MonthDay(month: 12, day: 1), MonthDay(month: 3, day: 31))
        let jan = KioskTime.parseLocal("2027-01-10T10:00")!
        let inSeason = meteo(Self.env(observedAt: KioskTime.parseLocal("2027-01-05T08:00")!, winter: winter), at: jan).screen
        XCTAssertTrue(inSeason.contains("5 cm"), inSeason)
        let sept = KioskTime.parseLocal("2027-09-10T10:00")!
        let fresh = meteo(Self.env(observedAt: sept.addingTimeInterval(-30 * 3600), winter: winter), at: sept).screen
        XCTAssertTrue(fresh.contains("5 cm"), fresh)
        let old = meteo(Self.env(observedAt: sept.addingTimeInterval(-3 * 86400), winter: winter), at: sept).screen
        XCTAssertFalse(old.contains("5 cm"), old)
    }

    func testUnavailableLineInFiveLanguages() {
        let d = LocalDate(year: 2026, month: 11, day: 26), today = LocalDate(year: 2027, month: 7, day: 13)
        XCTAssertEqual(WeatherText.unavailableSince(d, today: today, .fr), "Prévisions indisponibles depuis le jeudi 26 novembre 2026")
        XCTAssertEqual(WeatherText.unavailableSince(d, today: d, .en), "Forecast unavailable since Thursday 26 November")
        for l in Language.allCases {
            XCTAssertTrue(WeatherText.unavailableSince(d, today: today, l).contains("2026"), "\(l)")
            XCTAssertTrue(WeatherText.snowUnavailableSince(d, today: today, l).contains("2026"), "\(l)")
        }
        for k in [L10n.Key.nothingToday, .nothingWeekend, .nothingWeek, .nothingMonth] {
            XCTAssertEqual(Set(Language.allCases.map { L10n.text(k, $0) }).count, 5, "\(k) translated in 5 languages")
        }
    }

    // MARK: - Agenda

    static func event(_ id: String, _ day: String) -> ContentItem {
        let d = LocalDate(iso: day)!
        return ContentItem(id: id, section: .agenda, name: LocalizedText(fr: "Fête \(id)"), dates: [EventDate(start: d, end: d)])
    }

    /// "Ce week-end" with nothing: the next events, tappable; past ones never.
    func testEmptyWeekendShowsTheNextEvents() {
        // Tuesday 13 July 2027: nothing on 17–18 July, events after.
        let env = Self.env(events: [Self.event("passee", "2027-07-10"), Self.event("mardi", "2027-07-20"),
                                    Self.event("aout", "2027-08-05")])
        var d = Driver(env: env, size: Size(width: 120, height: 40), now: Self.july)
        d.tap("tile:agenda")
        d.tap("filter:weekend")
        XCTAssertTrue(d.text.contains("Rien ce week-end — prochains rendez-vous :"), d.text)
        XCTAssertTrue(d.text.contains("Fête mardi") && d.text.contains("Fête aout"), d.text)
        XCTAssertFalse(d.text.contains("Fête passee"), d.text)
        XCTAssertLessThan(d.text.range(of: "Fête mardi")!.lowerBound, d.text.range(of: "Fête aout")!.lowerBound)
        d.tap("item:mardi")
        XCTAssertEqual(d.app.route, .detail("mardi"))
        // With an event that weekend, the plain list.
        let busy = Self.env(events: [Self.event("samedi", "2027-07-17"), Self.event("aout", "2027-08-05")])
        var b = Driver(env: busy, size: Size(width: 120, height: 40), now: Self.july)
        b.tap("tile:agenda"); b.tap("filter:weekend")
        XCTAssertTrue(b.text.contains("Fête samedi"))
        XCTAssertFalse(b.text.contains("Rien ce week-end"))
        XCTAssertFalse(b.text.contains("Fête aout"))
        // Nothing at all to come: the plain "nothing" line.
        var e = Driver(env: Self.env(events: [Self.event("passee", "2027-07-10")]), size: Size(width: 120, height: 40), now: Self.july)
        e.tap("tile:agenda"); e.tap("filter:weekend")
        XCTAssertFalse(e.text.contains("Rien ce week-end"))
        XCTAssertFalse(e.text.contains("Fête passee"))
    }
}
