import BorneCore
import Foundation

extension Renderer {
    /// Home: header, section tiles (order from the kiosk config), languages.
    mutating func drawHome() {
        let header = drawHeader()
        var rest = bounds
        rest.y = header.maxY; rest.height -= header.height
        let (langBar, tilesArea) = rest.takeBottom(languageBarHeight)
        drawLanguageBar(langBar)
        drawTiles(tilesArea.inset(dx: 1, dy: 1))
    }

    var languageBarHeight: Int { size.height >= 40 ? 5 : 3 }

    /// Office name, kiosk, date and time, office open/closed, current weather.
    mutating func drawHeader() -> Rect {
        let h = size.height >= 40 ? 4 : 2
        let (bar, _) = bounds.takeTop(h)
        canvas.fill(bar, Style(.header))
        let y0 = h == 4 ? 1 : 0
        let office = env.catalog.office.name.text(lang)
        let (day, minute) = KioskTime.local(now)
        let clock = DateText.longDay(day, lang) + "  " + DateText.time(minute: minute)
        let cw = TextWidth.of(clock)
        canvas.text(2, y0, office, Style(.header, bold: true), maxWidth: size.width - cw - 6)
        canvas.text(size.width - cw - 2, y0, clock, Style(.header, bold: true))

        var x = 2
        let weatherRoom = 12
        var status = ""
        var statusOpen = false
        if let hours = env.catalog.office.openingHours, !hours.status(at: now).isUnreadable {
            (status, statusOpen) = officeStatus(hours)
        }
        // The office's hours matter more than the kiosk's own name: the name goes first when room is short.
        let nameRoom = size.width - 4 - weatherRoom - (status.isEmpty ? 0 : TextWidth.of(status) + 7)
        if nameRoom >= TextWidth.of(env.config.name) {
            x += canvas.text(x, y0 + 1, env.config.name, Style(.header))
            if !status.isEmpty { x += canvas.text(x, y0 + 1, "  ·  ", Style(.header)) }
        }
        if !status.isEmpty {
            x += canvas.text(x, y0 + 1, "● ", Style(statusOpen ? .open : .closed, bold: true))
            canvas.text(x, y0 + 1, status, Style(.header), maxWidth: size.width - x - weatherRoom)
        }
        if let w = freshWeather, let c = w.currentC {
            let sym = w.currentCode.map(WeatherText.symbol) ?? ""
            let text = "\(sym) \(WeatherText.temperature(c))"
            canvas.text(size.width - TextWidth.of(text) - 2, y0 + 1, text, Style(.header, bold: true))
        }
        return bar
    }

    mutating func drawLanguageBar(_ bar: Rect) {
        canvas.fill(bar, Style(.normal))
        let langs = env.config.languages
        guard !langs.isEmpty else { return }
        let hint = t(.touchSection)
        let bw = max(Renderer.minTargetWidth, min(16, (bar.width - 2) / max(1, langs.count) - 1))
        let total = langs.count * (bw + 1) - 1
        let hintRoom = bar.width - total - 4
        if hintRoom >= TextWidth.of(hint) {
            canvas.text(2, bar.y + bar.height / 2, hint, Style(.muted))
        }
        var x = bar.maxX - total - 1
        if hintRoom < TextWidth.of(hint) { x = bar.x + (bar.width - total) / 2 }
        for l in langs {
            button(Rect(x: x, y: bar.y, width: bw, height: bar.height), l.nativeName, .language(l),
                   id: "lang:\(l.rawValue)", selected: l == lang)
            x += bw + 1
        }
    }

    /// Columns for `n` tiles in `area`: the grid whose tiles are closest to a
    /// comfortable 3:1 (cells), never narrower than the minimum target.
    static func tileColumns(_ n: Int, in area: Rect) -> Int {
        var best = 1
        var bestScore = Double.infinity
        for cols in 1...max(1, min(n, 6)) {
            let rows = (n + cols - 1) / cols
            let w = (area.width - (cols - 1) * 2) / cols
            let h = (area.height - (rows - 1)) / rows
            guard w >= minTargetWidth, h >= minTargetHeight else { continue }
            let score = abs(log(Double(w) / Double(h) / 3.2))
            if score < bestScore { bestScore = score; best = cols }
        }
        return best
    }

    mutating func drawTiles(_ area: Rect) {
        let sections = env.config.sections
        guard !sections.isEmpty else { return }
        let cols = Renderer.tileColumns(sections.count, in: area)
        let rows = (sections.count + cols - 1) / cols
        let tileW = (area.width - (cols - 1) * 2) / cols
        let tileH = max(Renderer.minTargetHeight, min(14, (area.height - (rows - 1)) / rows))
        let gridH = rows * tileH + (rows - 1)
        let y0 = area.y + max(0, (area.height - gridH) / 2)
        let gridW = cols * tileW + (cols - 1) * 2
        let x0 = area.x + (area.width - gridW) / 2
        let lastRowCount = sections.count - (rows - 1) * cols
        for (i, s) in sections.enumerated() {
            // An incomplete last row is centred under the others.
            let shift = i / cols == rows - 1 ? (cols - lastRowCount) * (tileW + 2) / 2 : 0
            let r = Rect(x: x0 + shift + (i % cols) * (tileW + 2), y: y0 + (i / cols) * (tileH + 1), width: tileW, height: tileH)
            let role: Role = s == .urgences ? .emergency : (i % 2 == 0 ? .tile : .tileAccent)
            // An empty subtitle keeps every tile's name on the same row.
            button(r, L10n.section(s, lang), .openSection(s), id: "tile:\(s.rawValue)", role: role,
                   sub: tileSubtitle(s) ?? "")
        }
    }

    /// A second line on a tile: what the visitor will find behind it.
    func tileSubtitle(_ s: SectionID) -> String? {
        switch s {
        case .meteo:
            guard let w = freshWeather, let c = w.currentC else { return nil }
            return "\(w.currentCode.map(WeatherText.symbol) ?? "") \(WeatherText.temperature(c))"
        case .urgences:
            return "15 17 18 112"
        case .office:
            guard let h = env.catalog.office.openingHours else { return nil }
            let s = h.status(at: now)
            if s.isUnreadable { return nil }
            return t(s.isOpen ? .officeOpenShort : .officeClosedShort)
        default:
            let day = today
            let n = cache.count(s, day: day) {
                cache.positions(of: s, in: env.catalog).filter { !env.catalog.facts(at: $0).isOver(on: day) }.count
            }
            return n > 0 ? "\(n)" : nil
        }
    }
}
