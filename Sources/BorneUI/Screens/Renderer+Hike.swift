import BorneCore
import Foundation

/// The hiking table's hike: three views under one tab row — map and
/// profile with everything to read, the relief, and "Emporter" (the QR
/// codes of the GPX track and of the PDF sheet). The Emporter tab's target
/// is `download:<hike id>`, so statistics count take-aways.
extension Renderer {
    mutating func drawHike(_ id: String, _ view: HikeView) {
        guard let item = item(id), let h = item.hike else {
            let body = navBar("?")
            canvas.text(2, body.y + 1, t(.noItems), Style(.muted))
            return
        }
        var body = navBar(item.name.text(lang))
        let (tabs, rest) = body.takeTop(3)
        body = Rect(x: rest.x + 2, y: rest.y, width: rest.width - 4, height: rest.height)
        let tabList: [(HikeView, String, String)] = [
            (.map, t(.mapTab), "view:map:\(id)"), (.relief, t(.reliefTab), "view:relief:\(id)"),
            (.takeAway, "▣ " + t(.takeAway), "download:\(id)"),
        ]
        let tw = min(26, (tabs.width - 4) / 3 - 1)
        for (i, (v, label, tid)) in tabList.enumerated() {
            button(Rect(x: 2 + i * (tw + 1), y: tabs.y, width: tw, height: 3), label, .hikeView(id, v), id: tid,
                   role: v == .takeAway ? .tileAccent : .button, selected: v == view)
        }
        var figures = hikeFigures(h)
        if item.demo { figures = "[\(t(.example))] " + figures }
        canvas.text(2 + 3 * (tw + 1) + 1, tabs.y + 1, figures, Style(.title, bold: true), maxWidth: tabs.maxX - (2 + 3 * (tw + 1) + 2))
        switch view {
        case .map: drawHikeMap(item, h, body)
        case .relief: drawRelief(item, h, body)
        case .takeAway: drawTakeAway(item, h, body)
        }
    }

    /// "6,6 km · D+ 172 m · 1 h 10 · VTT · facile · boucle".
    func hikeFigures(_ h: HikeInfo) -> String {
        var parts: [String] = []
        if let d = h.effectiveDistanceKm { parts.append(DateText.km(d, lang)) }
        if let c = h.effectiveClimbM { parts.append("D+ \(Int(c.rounded())) m") }
        parts.append(DateText.duration(minutes: h.durationMinutes))
        parts.append(L10n.activity(h.activity, lang))
        parts.append(L10n.difficulty(h.difficulty, lang))
        parts.append(t(h.loop ? .loop : .outAndBack))
        return parts.joined(separator: " · ")
    }

    func seasonText(_ s: HikeSeason?) -> String {
        switch s ?? .all {
        case .all: return t(.seasonAll)
        case .summer: return t(.seasonSummer)
        case .winter: return t(.seasonWinter)
        }
    }

    mutating func drawHikeMap(_ item: ContentItem, _ h: HikeInfo, _ body: Rect) {
        let (left, right) = body.takeLeft(body.width * 11 / 20)
        guard let track = h.track else {
            canvas.text(left.x, left.y, t(.trackMissing), Style(.muted))
            drawHikeText(item, h, Rect(x: right.x + 2, y: right.y, width: right.width - 2, height: right.height))
            return
        }
        let pois = h.pois.map { (name: $0.name.text(lang), geo: $0.geo) }
        let communes = env.catalog.communes.map { (name: $0.name, geo: $0.geo) }
        HikeMapView(track: track, pois: pois, communes: communes).render(in: Rect(x: left.x, y: left.y, width: left.width, height: left.height), into: &canvas)
        let col = Rect(x: right.x + 2, y: right.y, width: right.width - 2, height: right.height)
        let ph = min(14, max(6, col.height / 3))
        ElevationProfileView(track: track, emptyText: t(.noElevation), decimalSeparator: lang == .en ? "." : ",")
            .render(in: Rect(x: col.x, y: col.y, width: col.width, height: ph), into: &canvas)
        var y = col.y + ph
        let s = track.stats
        if let lo = s.minEleM, let hi = s.maxEleM {
            let line = "D+ \(Int(s.ascentM.rounded())) m · \(t(.descent)) \(Int(s.descentM.rounded())) m · "
                + "\(t(.lowest)) \(Int(lo.rounded())) m · \(t(.highest)) \(Int(hi.rounded())) m"
            canvas.text(col.x, y, line, Style(.title, bold: true), maxWidth: col.width)
            markProfileHighest(track, Rect(x: col.x, y: col.y, width: col.width, height: ph))
        }
        y += 2
        drawHikeText(item, h, Rect(x: col.x, y: y, width: col.width, height: col.maxY - y))
    }

    /// "▲" over the profile's highest column (the chart starts after the axis labels).
    mutating func markProfileHighest(_ track: Track, _ r: Rect) {
        guard let lo = track.stats.minEleM, let hi = track.stats.maxEleM, r.height >= 3 else { return }
        let axis = max(TextWidth.of(ElevationProfileView.altitudeLabel(hi)), TextWidth.of(ElevationProfileView.altitudeLabel(lo))) + 1
        let samples = track.profile(samples: r.width - axis)
        guard let top = samples.indices.max(by: { samples[$0].eleM < samples[$1].eleM }) else { return }
        let x = r.x + axis + top
        if x < r.maxX, canvas[x, r.y].text == " " { canvas.set(x, r.y, Cell("▲", Style(.profile, bold: true))) }
    }

    /// Season, notes, points of interest, summary and description, cut to the area.
    mutating func drawHikeText(_ item: ContentItem, _ h: HikeInfo, _ area: Rect) {
        var lines: [(String, Style)] = []
        func add(_ s: String, _ style: Style = .normal) {
            for l in TextWidth.wrap(s, width: max(1, area.width)) { lines.append((l, style)) }
        }
        var facts = "\(t(.season))\(t(.colon))\(seasonText(h.season))"
        if let tr = h.territory { facts = "\(t(.territory))\(t(.colon))\(tr.displayName) · " + facts }
        add(facts, Style(.muted, bold: true))
        var start = item.address ?? ""
        if let c = item.commune, !start.contains(c) { start += start.isEmpty ? c : ", " + c }
        if !start.isEmpty { add("\(t(.start))\(t(.colon))\(start)", Style(.muted)) }
        if !h.notes.isEmpty { add(t(.notes), Style(.title, bold: true)); add(localized(h.notes)) }
        if !h.pois.isEmpty {
            add(t(.pois), Style(.title, bold: true))
            for p in h.pois {
                add("◆ " + p.name.text(lang) + (p.note.isEmpty ? "" : " — " + localized(p.note)))
            }
        }
        if !item.summary.isEmpty { add(localized(item.summary), Style(.normal, bold: true)) }
        if !item.description.isEmpty { add(localized(item.description)) }
        for (i, (l, style)) in lines.prefix(area.height).enumerated() {
            let cut = i == area.height - 1 && lines.count > area.height
            canvas.text(area.x, area.y + i, cut ? TextWidth.truncate(l + " …", to: area.width) : l, style, maxWidth: area.width)
        }
    }

    static let compass = ["N", "NE", "E", "SE", "S", "SO", "O", "NO"]

    mutating func drawRelief(_ item: ContentItem, _ h: HikeInfo, _ body: Rect) {
        let angle = state.top.angle
        let (controls, view) = body.takeBottom(4)
        guard let track = h.track else { canvas.text(view.x, view.y, t(.trackMissing), Style(.muted)); return }
        ReliefView(track: track, angle: angle).render(in: Rect(x: view.x, y: view.y, width: view.width, height: view.height - 1), into: &canvas)
        let bw = 18
        button(Rect(x: controls.x, y: controls.y + 1, width: bw, height: 3), t(.turnLeft), .rotate(-1), id: "relief:left")
        button(Rect(x: controls.maxX - bw, y: controls.y + 1, width: bw, height: 3), t(.turnRight), .rotate(1), id: "relief:right")
        let dir = Self.compass[angle * Self.compass.count / ReliefProjection.angles]
        var caption = "\(t(.lookingTowards)) \(dir) · ● \(t(.start))"
        if let lo = track.stats.minEleM, let hi = track.stats.maxEleM {
            caption += " · \(Int(lo.rounded())) m → \(Int(hi.rounded())) m · ×\(Int(ReliefProjection.exaggeration))"
        }
        canvas.centered(Rect(x: controls.x + bw, y: controls.y, width: controls.width - 2 * bw, height: 1), controls.y + 2,
                        caption, Style(.title, bold: true))
    }

    mutating func drawTakeAway(_ item: ContentItem, _ h: HikeInfo, _ body: Rect) {
        let codes: [(String, L10n.Key)] = [h.gpxURL.map { ($0, .scanGPX) }, h.pdfURL.map { ($0, .scanPDF) }].compactMap { $0 }
        guard let qr = env.qr, !codes.isEmpty else {
            canvas.text(body.x, body.y + 1, t(.trackMissing), Style(.muted)); return
        }
        let matrices = codes.compactMap { c in qr(c.0).map { (c.0, c.1, $0) } }
        let colW = (body.width - 2) / max(1, matrices.count)
        // Twice as large when both fit (title and URL around each).
        let scale = matrices.allSatisfy { m in
            let s = QRCodeView.size(for: m.2, scale: 2)
            return s.width <= colW && s.height + 2 <= body.height
        } ? 2 : 1
        for (i, (url, key, m)) in matrices.enumerated() {
            let col = Rect(x: body.x + i * (colW + 2), y: body.y, width: colW, height: body.height)
            let s = QRCodeView.size(for: m, scale: scale)
            let top = col.y + max(0, (col.height - s.height - 2) / 2)
            canvas.centered(col, top, t(key), Style(.title, bold: true))
            QRCodeView(matrix: m, scale: scale).render(in: Rect(x: col.x + (col.width - s.width) / 2, y: top + 1, width: s.width, height: s.height),
                                                       into: &canvas)
            canvas.centered(col, min(col.maxY - 1, top + 1 + s.height), url, Style(.muted))
        }
    }
}
