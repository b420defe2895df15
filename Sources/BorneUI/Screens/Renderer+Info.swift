import BorneCore
import Foundation

extension Renderer {
    /// Météo / enneigement: the data's time, stale when old, forecast, snow.
    mutating func drawWeather() {
        let body = navBar(t(.weatherTitle))
        let area = Rect(x: 2, y: body.y + 1, width: body.width - 4, height: body.height - 1)
        guard let w = env.catalog.weather else {
            canvas.text(area.x, area.y, t(.noWeather), Style(.muted)); return
        }
        var y = area.y
        // Past the kiosk's limit the values are not shown at all: the date
        // they stopped, not old figures under a small mark.
        let stale = weatherIsStale
        let source = w.demo && lang != .fr ? t(.demoNote) : w.source
        var head = "\(w.place) · \(t(.weatherAt)) \(DateText.stamp(w.observedAt)) · \(source)"
        if stale { head = "\(w.place) · \(source)" }
        if w.demo { head += " · [\(t(.example))]" }
        canvas.text(area.x, y, head, Style(.muted), maxWidth: area.width); y += 1
        if stale {
            let line = WeatherText.unavailableSince(KioskTime.local(w.observedAt).date, today: today, lang)
            canvas.text(area.x, y, "⚠ " + line, Style(.warning, bold: true), maxWidth: area.width)
        }
        y += 2
        if !stale, let c = w.currentC {
            var line = "\(w.currentCode.map(WeatherText.symbol) ?? "") \(WeatherText.temperature(c))"
            if let code = w.currentCode { line += "  " + WeatherText.label(code, lang) }
            if let wind = w.windKmh { line += " · \(t(.wind)) \(Int(wind.rounded())) km/h" }
            canvas.text(area.x, y, line, Style(.title, bold: true), maxWidth: area.width)
            y += 2
        }
        if !stale, w.days.contains(where: { $0.date >= today }) {
            canvas.text(area.x, y, t(.forecast), Style(.title, bold: true)); y += 1
            let days = Array(w.days.filter { $0.date >= today }.prefix(size.width >= 120 ? 7 : 5))
            let colW = max(14, area.width / days.count)
            for (i, d) in days.enumerated() {
                let x = area.x + i * colW
                guard x + 10 <= area.maxX else { break }
                let wd = DateText.weekdayShort(d.date, lang) + " " + DateText.shortDay(d.date)
                canvas.text(x, y, wd, Style(.normal, bold: true), maxWidth: colW - 1)
                canvas.text(x, y + 1, WeatherText.symbol(d.code) + " " + WeatherText.label(d.code, lang), Style(.normal), maxWidth: colW - 1)
                canvas.text(x, y + 2, "\(Int(d.minC.rounded()))° / \(Int(d.maxC.rounded()))°", Style(.muted), maxWidth: colW - 1)
            }
            y += 4
        }
        guard !w.snow.isEmpty, y < area.maxY else { return }
        let snowAt = w.snowObservedAt ?? w.observedAt
        guard showsSnow(w) else {
            // Out of season and not fresh: no depths, only since when.
            canvas.text(area.x, y, t(.snowTitle), Style(.title, bold: true), maxWidth: area.width); y += 1
            canvas.text(area.x, y, WeatherText.snowUnavailableSince(KioskTime.local(snowAt).date, today: today, lang),
                        Style(.muted), maxWidth: area.width)
            return
        }
        var snowHead = t(.snowTitle)
        if let at = w.snowObservedAt { snowHead += " · \(t(.snowAt)) \(DateText.stamp(at))" }
        canvas.text(area.x, y, snowHead, Style(.title, bold: true), maxWidth: area.width); y += 1
        if let at = w.snowObservedAt, now.timeIntervalSince(at) > TimeInterval(env.config.weatherStaleMinutes * 60) * 8 {
            canvas.text(area.x, y, t(.weatherStale), Style(.warning)); y += 1
        }
        for s in w.snow where y < area.maxY {
            var line = "❄ " + s.name
            if let a = s.altitudeM { line += " · \(a) m" }
            if let d = s.depthCm { line += " · \(t(.snowDepth)) \(d) cm" }
            if let o = s.liftsOpen, let tot = s.liftsTotal { line += " · \(o)/\(tot) \(t(.liftsOpen))" }
            if !s.note.isEmpty { line += " · " + s.note.text(lang) }
            canvas.text(area.x, y, line, Style(.normal), maxWidth: area.width); y += 1
        }
    }

    /// Urgences: big numbers first, always readable. The national numbers are
    /// built in, so a missing or broken urgences.json never empties this screen.
    mutating func drawEmergency() {
        let body = navBar(t(.emergencyTitle), role: .emergency)
        var area = Rect(x: 2, y: body.y + 1, width: body.width - 4, height: body.height - 1)
        let numbers = EmergencyDefaults.merged(with: env.catalog.emergency)
        let numberW = (numbers.map { TextWidth.of($0.number) }.max() ?? 3) + 2
        let labelX = numberW + 2
        var blocks: [Block] = []
        for l in TextWidth.wrap(t(.emergencyHint), width: area.width - Renderer.minTargetWidth - 1) {
            blocks.append(.line(l, Style(.muted)))
        }
        blocks.append(.blank)
        let spacious = size.height >= 40
        for n in numbers {
            let num = " " + n.number + String(repeating: " ", count: numberW - 1 - TextWidth.of(n.number))
            blocks.append(.row([(0, num, Style(.emergency, bold: true)), (labelX, localized(n.label), Style(.normal, bold: true))]))
            if !n.note.isEmpty { blocks.append(.row([(labelX, localized(n.note), Style(.muted))])) }
            if spacious { blocks.append(.blank) }
        }
        drawPaged(blocks, in: &area)
    }

    /// Blocks on pages, with ▲ ▼ at the right when they need more than one.
    mutating func drawPaged(_ blocks: [Block], in area: inout Rect) {
        var pages = paginate(blocks, height: area.height)
        if pages.count > 1 {
            let (pagerCol, rest) = area.takeRight(Renderer.minTargetWidth + 1)
            area = rest
            pages = paginate(blocks, height: area.height)
            pageShown = min(state.top.page, pages.count - 1)
            pager(pagerCol, page: pageShown, pages: pages.count)
        } else {
            pageShown = 0
        }
        drawBlocks(pages[pageShown], in: Rect(x: area.x, y: area.y, width: area.width - 1, height: area.height))
    }

    /// The office: where, how to call, whether it is open, this week's hours.
    mutating func drawOffice() {
        let office = env.catalog.office
        var body = navBar(office.name.text(lang), qr: office.website.map { ($0, .scanWebsite) })
        body = Rect(x: 2, y: body.y + 1, width: body.width - 4, height: body.height - 1)
        if let site = office.website, let panel = qrSidePanel(site, caption: .scanWebsite, in: body) {
            body.width -= panel.rect.width + 2
            drawQRPanel(panel.rect, panel.matrix, caption: panel.caption)
        }
        var blocks: [Block] = []
        func line(_ s: String, _ style: Style = .normal) {
            for l in TextWidth.wrap(s, width: body.width - Renderer.minTargetWidth - 2) { blocks.append(.line(l, style)) }
        }
        if let h = office.openingHours, !office.hoursUnreadable, !h.status(at: now).isUnreadable {
            let (l, open) = officeStatus(h); line(l, Style(open ? .open : .closed, bold: true))
        } else if let (l, role) = hoursLine(office.openingHours, unreadable: office.hoursUnreadable) {
            line(l, Style(role, bold: true))
        }
        blocks.append(.blank)
        line("\(t(.address))\(t(.colon))\(office.address)")
        line("\(t(.phone))\(t(.colon))\(office.phone)", Style(.normal, bold: true))
        line("\(t(.email))\(t(.colon))\(office.email)")
        if let w = office.website { line("\(t(.website))\(t(.colon))\(w)") }
        if let h = office.openingHours {
            blocks.append(.blank)
            blocks.append(.line(t(.officeWeek), Style(.title, bold: true)))
            for i in 0..<7 {
                let d = today.adding(days: i)
                let label = DateText.weekday(d, lang) + " " + DateText.shortDay(d)
                let spans = h.isReadable(on: d) ? HoursText.intervals(h.intervals(on: d), language: lang)
                    : HoursText.unreadable(lang)
                let style = i == 0 ? Style(.normal, bold: true) : Style(.normal)
                blocks.append(.row([(0, label, style), (20, spans, style)]))
            }
        }
        if !office.hoursText.isEmpty {
            blocks.append(.blank)
            line(localized(office.hoursText), Style(.muted))
        }
        drawPaged(blocks, in: &body)
    }
}
