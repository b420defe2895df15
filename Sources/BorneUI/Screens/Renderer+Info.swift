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
        let age = now.timeIntervalSince(w.observedAt)
        let stale = age > TimeInterval(env.config.weatherStaleMinutes * 60)
        var head = "\(w.place) · \(t(.weatherAt)) \(DateText.stamp(w.observedAt)) · \(w.source)"
        if w.demo { head += " · [\(t(.example))]" }
        canvas.text(area.x, y, head, Style(.muted), maxWidth: area.width); y += 1
        if stale {
            canvas.text(area.x, y, t(.weatherStale), Style(.warning, bold: true), maxWidth: area.width)
        }
        y += 2
        if let c = w.currentC {
            var line = "\(w.currentCode.map(WeatherText.symbol) ?? "") \(WeatherText.temperature(c))"
            if let code = w.currentCode { line += "  " + WeatherText.label(code, lang) }
            if let wind = w.windKmh { line += " · \(t(.wind)) \(Int(wind.rounded())) km/h" }
            canvas.text(area.x, y, line, Style(.title, bold: true), maxWidth: area.width)
            y += 2
        }
        if !w.days.isEmpty {
            canvas.text(area.x, y, t(.forecast), Style(.title, bold: true)); y += 1
            let days = Array(w.days.prefix(size.width >= 120 ? 7 : 5))
            let colW = max(14, area.width / days.count)
            for (i, d) in days.enumerated() {
                let x = area.x + i * colW
                guard x + 10 <= area.maxX else { break }
                let wd = String(DateText.weekday(d.date, lang).prefix(3)) + ". " + DateText.shortDay(d.date)
                canvas.text(x, y, wd, Style(.normal, bold: true), maxWidth: colW - 1)
                canvas.text(x, y + 1, WeatherText.symbol(d.code) + " " + WeatherText.label(d.code, lang), Style(.normal), maxWidth: colW - 1)
                canvas.text(x, y + 2, "\(Int(d.minC.rounded()))° / \(Int(d.maxC.rounded()))°", Style(.muted), maxWidth: colW - 1)
            }
            y += 4
        }
        guard !w.snow.isEmpty, y < area.maxY else { return }
        var snowHead = t(.snowTitle)
        if let at = w.snowObservedAt { snowHead += " · \(t(.snowAt)) \(DateText.stamp(at))" }
        canvas.text(area.x, y, snowHead, Style(.title, bold: true), maxWidth: area.width); y += 1
        if let at = w.snowObservedAt, now.timeIntervalSince(at) > TimeInterval(env.config.weatherStaleMinutes * 60) * 8 {
            canvas.text(area.x, y, t(.weatherStale), Style(.warning)); y += 1
        }
        for s in w.snow where y < area.maxY {
            var line = "❄ " + s.name
            if let a = s.altitudeM { line += " (\(a) m)" }
            if let d = s.depthCm { line += " · \(t(.snowDepth)) \(d) cm" }
            if let o = s.liftsOpen, let tot = s.liftsTotal { line += " · \(o)/\(tot) \(t(.liftsOpen))" }
            if !s.note.isEmpty { line += " · " + s.note.text(lang) }
            canvas.text(area.x, y, line, Style(.normal), maxWidth: area.width); y += 1
        }
    }

    /// Urgences: big numbers first, always readable.
    mutating func drawEmergency() {
        let body = navBar(t(.emergencyTitle), role: .emergency)
        let area = Rect(x: 2, y: body.y + 1, width: body.width - 4, height: body.height - 1)
        var y = area.y
        canvas.text(area.x, y, t(.emergencyHint), Style(.muted), maxWidth: area.width); y += 2
        let numbers = env.catalog.emergency
        let rowH = size.height >= 40 ? 3 : 2
        let twoCols = numbers.count * rowH > area.maxY - y && area.width >= 100
        let colW = twoCols ? area.width / 2 : area.width
        let perCol = twoCols ? (numbers.count + 1) / 2 : numbers.count
        for (i, n) in numbers.enumerated() {
            let col = i / max(1, perCol), row = i % max(1, perCol)
            let x = area.x + col * colW
            let ny = y + row * rowH
            guard ny < area.maxY else { break }
            let num = " \(n.number) "
            canvas.text(x, ny, num, Style(.emergency, bold: true))
            let nw = max(8, TextWidth.of(num) + 2)
            canvas.text(x + nw, ny, n.label.text(lang), Style(.normal, bold: true), maxWidth: colW - nw - 1)
            if rowH >= 2, !n.note.isEmpty, ny + 1 < area.maxY {
                canvas.text(x + nw, ny + 1, n.note.text(lang), Style(.muted), maxWidth: colW - nw - 1)
            }
        }
    }

    /// The office: where, how to call, whether it is open, this week's hours.
    mutating func drawOffice() {
        let office = env.catalog.office
        var body = navBar(office.name.text(lang))
        body = Rect(x: 2, y: body.y + 1, width: body.width - 4, height: body.height - 1)
        if let qr = env.qr, let site = office.website, let m = qr(site) {
            let s = QRCodeView.size(for: m)
            if s.height + 2 <= body.height, s.width + 2 <= body.width / 2 {
                drawQRPanel(Rect(x: body.maxX - s.width, y: body.y, width: s.width, height: s.height + 2), m,
                            caption: t(.scanWebsite))
                body.width -= s.width + 2
            }
        }
        var y = body.y
        func line(_ s: String, _ style: Style = .normal) {
            for l in TextWidth.wrap(s, width: body.width) where y < body.maxY {
                canvas.text(body.x, y, l, style, maxWidth: body.width); y += 1
            }
        }
        if let (l, role) = hoursLine(office.openingHours) { line(l, Style(role, bold: true)) }
        y += 1
        line("\(t(.address)) : \(office.address)")
        line("\(t(.phone)) : \(office.phone)", Style(.normal, bold: true))
        line("\(t(.email)) : \(office.email)")
        if let w = office.website { line("\(t(.website)) : \(w)") }
        y += 1
        if let h = office.openingHours, y < body.maxY {
            line(t(.officeWeek), Style(.title, bold: true))
            for i in 0..<7 where y < body.maxY {
                let d = today.adding(days: i)
                let label = DateText.weekday(d, lang) + " " + DateText.shortDay(d)
                let spans = HoursText.intervals(h.intervals(on: d), language: lang)
                let style = i == 0 ? Style(.normal, bold: true) : Style(.normal)
                canvas.text(body.x, y, label, style, maxWidth: 20)
                canvas.text(body.x + 20, y, spans, style, maxWidth: body.width - 20)
                y += 1
            }
        }
        if !office.hoursText.isEmpty, y + 1 < body.maxY { y += 1; line(office.hoursText.text(lang), Style(.muted)) }
    }
}
