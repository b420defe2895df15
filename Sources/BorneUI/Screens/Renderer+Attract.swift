import BorneCore
import Foundation

extension Renderer {
    /// The attract screen: today's events, the weather and a hike, in turn,
    /// under a "touch the screen" banner. Any touch wakes the kiosk.
    mutating func drawAttract(slide: Int) {
        canvas.fill(bounds, Style(.normal))
        let (top, rest) = bounds.takeTop(size.height >= 40 ? 7 : 5)
        canvas.fill(top, Style(.header))
        // Each slide speaks one of the kiosk's languages, in turn: its title,
        // invitation and body alike (never an English banner over French text).
        let langs = env.config.languages.isEmpty ? [Language.fr] : env.config.languages
        lang = langs[slide % langs.count]
        canvas.centered(top, top.y + top.height / 2 - 1, t(.attractTitle), Style(.header, bold: true))
        canvas.centered(top, top.y + top.height / 2 + 1, env.catalog.office.name.text(lang) + " · " + env.config.name,
                        Style(.header))
        let (banner, middle) = rest.takeBottom(size.height >= 40 ? 5 : 3)
        canvas.fill(banner, Style(.tileAccent))
        canvas.centered(banner, banner.y + banner.height / 2, "☛ " + t(.touchToStart) + " ☚", Style(.tileAccent, bold: true))
        if banner.height >= 5 {
            // Tall screens: every language at once under it.
            let all = langs.map { L10n.text(.touchAnyLanguage, $0) }.joined(separator: " · ")
            canvas.centered(banner, banner.maxY - 1, all, Style(.tileAccent))
        }
        let area = middle.inset(dx: 4, dy: 1)
        var slides: [(inout Renderer, Rect) -> Void] = []
        if env.config.sections.contains(.agenda) { slides.append { $0.attractEvents($1) } }
        if freshWeather != nil, env.config.sections.contains(.meteo) { slides.append { $0.attractWeather($1) } }
        if highlightHike != nil, env.config.sections.contains(.randonnees) { slides.append { $0.attractHike($1) } }
        guard !slides.isEmpty else { return }
        slides[slide % slides.count](&self, area)
    }

    var highlightHike: ContentItem? {
        if let id = env.config.highlightHike, let h = item(id) { return h }
        return env.catalog.positions(in: .randonnees, on: today).first.map(env.catalog.item(at:))
    }

    mutating func attractEvents(_ area: Rect) {
        canvas.text(area.x, area.y, t(.attractToday), Style(.title, bold: true))
        let day = today
        var events = env.catalog.positions(in: .agenda, on: day)
            .filter { env.catalog.facts(at: $0).dates.contains { $0.overlaps(day, day) } }.map(env.catalog.item(at:))
        var y = area.y + 2
        if events.isEmpty {
            canvas.text(area.x, y, t(.attractNoEvents), Style(.muted), maxWidth: area.width)
            y += 2
            events = Array(listItems(.agenda, filter: nil).prefix(4))
            if !events.isEmpty { canvas.text(area.x, y, t(.upcoming), Style(.title, bold: true)); y += 1 }
        }
        for e in events where y + 1 < area.maxY {
            var x = area.x
            if e.demo { x += canvas.text(x, y, "[\(t(.example))] ", Style(.warning)) }
            canvas.text(x, y, e.name.text(lang), Style(.normal, bold: true), maxWidth: area.maxX - x)
            var sub = e.nextDate(onOrAfter: day).map { DateText.eventDates($0, lang, today: day) } ?? ""
            if let c = e.commune { sub += " · " + c }
            canvas.text(area.x + 2, y + 1, sub, Style(.muted), maxWidth: area.width - 2)
            y += 3
        }
    }

    mutating func attractWeather(_ area: Rect) {
        guard let w = freshWeather else { return }
        canvas.text(area.x, area.y, t(.attractWeather) + " · " + w.place, Style(.title, bold: true), maxWidth: area.width)
        var y = area.y + 2
        if let c = w.currentC {
            var line = "\(w.currentCode.map(WeatherText.symbol) ?? "") \(WeatherText.temperature(c))"
            if let code = w.currentCode { line += "  " + WeatherText.label(code, lang) }
            canvas.text(area.x, y, line, Style(.normal, bold: true), maxWidth: area.width); y += 2
        }
        for d in w.days.filter({ $0.date >= today }).prefix(3) where y < area.maxY {
            let line = DateText.longDay(d.date, lang) + t(.colon) + WeatherText.symbol(d.code) + " "
                + WeatherText.label(d.code, lang) + ", \(Int(d.minC.rounded()))° / \(Int(d.maxC.rounded()))°"
            canvas.text(area.x, y, line, Style(.normal), maxWidth: area.width); y += 1
        }
        if let s = w.snow.first, y + 1 < area.maxY, let depth = s.depthCm, showsSnow(w) {
            canvas.text(area.x, y + 1, "❄ \(s.name) · \(t(.snowDepth)) \(depth) cm", Style(.normal), maxWidth: area.width)
        }
    }

    mutating func attractHike(_ area: Rect) {
        guard let hike = highlightHike, let info = hike.hike else { return }
        canvas.text(area.x, area.y, t(.attractHike), Style(.title, bold: true))
        var x = area.x
        if hike.demo { x += canvas.text(x, area.y + 1, "[\(t(.example))] ", Style(.warning)) }
        canvas.text(x, area.y + 1, hike.name.text(lang), Style(.normal, bold: true), maxWidth: area.maxX - x)
        var stats: [String] = []
        if let d = info.effectiveDistanceKm { stats.append(DateText.km(d, lang)) }
        if let c = info.effectiveClimbM { stats.append("D+ \(Int(c.rounded())) m") }
        stats.append(DateText.duration(minutes: info.durationMinutes))
        stats.append(L10n.difficulty(info.difficulty, lang))
        canvas.text(area.x, area.y + 2, stats.joined(separator: " · "), Style(.muted), maxWidth: area.width)
        // The hike page's map: start and end, north, scale, places,
        // communes and this kiosk; its legend on the last row.
        let (legendRow, mapArea) = Rect(x: area.x, y: area.y + 4, width: area.width, height: area.height - 4).takeBottom(1)
        if let track = info.track, mapArea.height >= 4 {
            let map = drawContextMap(hike, track, mapArea)
            canvas.text(legendRow.x, legendRow.y, mapLegend(map), Style(.muted), maxWidth: legendRow.width)
        }
    }
}
