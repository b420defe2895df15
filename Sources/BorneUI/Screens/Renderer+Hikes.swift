import BorneCore
import Foundation

/// Hikes on the village kiosks, "with the same presentation as the hiking
/// table": the table's filters (activity, duration, difficulty, with
/// children) with live counts, sized for the screen (a side panel from
/// `hikePanelMinWidth` columns, a screen of their own below); the hikes
/// sorted for this kiosk; and a hike page whose first screen holds the
/// figures, a map with context and the QR codes (GPX, PDF sheet, start).
extension Renderer {
    /// From this width the filters stay visible beside the list.
    static let hikePanelMinWidth = 150
    /// Columns the hike page keeps left of its QR codes (three 12-column buttons).
    static let hikePageMinLeft = 38

    // MARK: order

    /// Whether `day` is winter for this kiosk: its config's `winter`, else
    /// December to March.
    func isWinterDay(_ day: LocalDate) -> Bool {
        env.config.winter != nil ? env.config.isWinter(day) : (day.month == 12 || day.month <= 3)
    }

    /// Snowshoes outside winter; bikes and summer outings in winter.
    func isOutOfSeason(_ h: HikeInfo) -> Bool {
        if isWinterDay(today) {
            return h.season == .summer || [.vtt, .vttElectrique, .cycling].contains(h.activity)
        }
        return h.isWinter
    }

    /// The hikes a village kiosk lists: its `highlight_hike` first, then in
    /// season before out of season, the Carladès (or no territory said: the
    /// office's own) before the rest of the Cantal, then by distance from
    /// this kiosk (its config's `geo`), then by name. The order does not
    /// depend on the filter: the day's hikes are sorted once per language
    /// (`KioskApp.warmUp` does it while idle) and a filter keeps them in order.
    func kioskHikes(_ filter: TableFilter) -> ItemList {
        let catalog = env.catalog
        let positions = cache.hikes(.init(filter: filter, language: lang, day: today)) {
            guard filter == TableFilter() else { return filtered(kioskHikes(TableFilter()).positions, filter) }
            let highlight = env.config.highlightHike
            let names = cache.nameRanks(lang, in: catalog)
            let keyed = dayHikes().map { d -> (Int, [Double]) in
                let i = catalog.facts(at: d.position), h = i.hike!
                return (d.position, [i.id == highlight ? 0 : 1, isOutOfSeason(h.info) ? 1 : 0,
                                     (h.info.territory ?? .carlades) == .carlades ? 0 : 1,
                                     distanceFromKiosk(trackStart: h.start) ?? .infinity])
            }
            return keyed.sorted { a, b in
                a.1 != b.1 ? a.1.lexicographicallyPrecedes(b.1) : names[a.0] != names[b.0] ? names[a.0] < names[b.0] : a.0 < b.0
            }.map(\.0)
        }
        return ItemList(catalog: catalog, positions: positions)
    }

    /// The positions of an ordered hike list that pass `filter`, in order.
    func filtered(_ ordered: [Int], _ filter: TableFilter) -> [Int] {
        let facets = Dictionary(uniqueKeysWithValues: dayHikes().map { ($0.position, $0.facets) })
        return ordered.filter { facets[$0].map(filter.matches) == true }
    }

    /// The hikes not over today with their filter facets (cached for the
    /// day): counting and listing never copy the catalog, which a filter
    /// panel of 14 live counts did on every frame.
    func dayHikes() -> [DayHike] {
        cache.hikes(on: today) {
            let catalog = env.catalog
            return cache.positions(of: .randonnees, in: catalog).compactMap { p in
                let facts = catalog.facts(at: p)
                guard !facts.isOver(on: today), let f = HikeFacets(facts) else { return nil }
                return DayHike(position: p, facets: f)
            }
        }
    }

    func hikeCount(_ f: TableFilter) -> Int {
        dayHikes().reduce(0) { $0 + (f.matches($1.facets) ? 1 : 0) }
    }

    /// "2,3 km d'ici" (or "< 1 km d'ici"); nil when the kiosk's position is not configured.
    func distanceText(_ item: ContentItem) -> String? {
        guard let d = distanceFromKiosk(item) else { return nil }
        return (d < 1000 ? "< 1 km" : DateText.km(d / 1000, lang)) + " " + t(.fromHere)
    }

    /// The chosen filters, as words ("à pied · < 2 h · avec les enfants").
    var activeFilterWords: [String] {
        let f = state.table
        var w: [String] = []
        if let a = f.activity { w.append(L10n.activity(a, lang)) }
        if let d = f.duration { w.append(d.label) }
        if let d = f.difficulty { w.append(L10n.difficulty(d, lang)) }
        if f.children { w.append(L10n.tag("enfants", lang)) }
        return w
    }

    // MARK: list

    mutating func drawHikeList() {
        var body = navBar(L10n.section(.randonnees, lang))
        let items = kioskHikes(state.table)
        let count = "\(items.count) \(t(.hikesFound))"
        if size.width >= Renderer.hikePanelMinWidth {
            let (panel, rest) = body.takeLeft(tablePanelWidth)
            var area = Rect(x: panel.x + 1, y: panel.y + 1, width: panel.width - 2, height: panel.height - 1)
            drawHikeFilterGroups(&area, lastRow: true)
            body = rest
            canvas.text(body.x + 1, body.y + 1, ([count] + activeFilterWords).joined(separator: " · "),
                        Style(.title, bold: true), maxWidth: body.width - 2)
            body = body.takeTop(2).1
        } else {
            let (bar, rest) = body.takeTop(4)
            body = rest
            let label = "≡ " + t(.filters)
            let w = max(Renderer.minTargetWidth, TextWidth.of(label) + 4)
            button(Rect(x: bar.x + 1, y: bar.y + 1, width: w, height: 3), label, .openHikeFilters, id: "hike:filters",
                   role: .tileAccent, selected: !state.table.isEmpty)
            var end = bar.maxX - 1
            if !state.table.isEmpty {
                let clear = t(.clearAll)
                let cw = max(Renderer.minTargetWidth, TextWidth.of(clear) + 4)
                end -= cw
                button(Rect(x: end, y: bar.y + 1, width: cw, height: 3), clear, .table(.clear), id: "table:clear")
                end -= 1
            }
            let x = bar.x + 2 + w
            canvas.text(x, bar.y + 2, ([count] + activeFilterWords).joined(separator: " · "), Style(.title, bold: true),
                        maxWidth: end - x - 1)
        }
        body = Rect(x: body.x + 1, y: body.y, width: body.width - 2, height: body.height)
        if items.isEmpty {
            canvas.text(body.x + 1, body.y + 1, t(.noMatch), Style(.warning, bold: true), maxWidth: body.width - 2)
            return
        }
        let (pagerCol, listArea) = body.takeRight(Renderer.minTargetWidth + 2)
        for row in page(items, list: listArea, pager: pagerCol, rowH: size.height >= 40 ? 4 : 3) {
            drawHikeRow(row.item, row.rect)
        }
    }

    /// A hike in a village kiosk's list: "★" for the kiosk's own, name and
    /// badges; then distance from here, figures, and the territory when it
    /// is not the Carladès; the summary on tall screens.
    mutating func drawHikeRow(_ item: ContentItem, _ r: Rect) {
        guard let h = item.hike else { return }
        let id = "item:\(item.id)"
        let pressed = state.pressedID == id
        func st(_ role: Role, bold: Bool = false) -> Style { Style(pressed ? .pressed : role, bold: bold) }
        canvas.fill(r, st(.normal))
        var right = r.maxX - 1
        var badges: [(String, Role)] = []
        if item.demo { badges.append(("[\(t(.example))]", .warning)) }
        if isOutOfSeason(h) { badges.append(("[\(t(.outOfSeason))]", .warning)) }
        for (b, role) in badges.reversed() {
            right -= TextWidth.of(b)
            canvas.text(right, r.y, b, st(role))
            right -= 1
        }
        var x = r.x + 1
        if item.id == env.config.highlightHike { x += canvas.text(x, r.y, "★ ", st(.title, bold: true)) }
        canvas.text(x, r.y, item.name.text(lang), st(.title, bold: true), maxWidth: right - x)
        var parts: [String] = []
        if let d = effectiveKm(h) { parts.append(d) }
        if let c = h.effectiveClimbM { parts.append("D+ \(Int(c.rounded())) m") }
        parts.append(DateText.duration(minutes: h.durationMinutes))
        parts.append(L10n.difficulty(h.difficulty, lang))
        parts.append(L10n.activity(h.activity, lang))
        if let c = item.commune { parts.append(c) }
        if let tr = h.territory, tr != .carlades { parts.append(tr.displayName) }
        x = r.x + 1
        if let d = distanceText(item) {
            x += canvas.text(x, r.y + 1, d, st(.title, bold: true), maxWidth: r.maxX - 1 - x)
            x += canvas.text(x, r.y + 1, " · ", st(.muted), maxWidth: max(0, r.maxX - 1 - x))
        }
        if x < r.maxX - 1 {
            canvas.text(x, r.y + 1, parts.joined(separator: " · "), st(.muted), maxWidth: r.maxX - 1 - x)
        }
        if r.height >= 4, !item.summary.isEmpty {
            canvas.text(r.x + 1, r.y + 2, localized(item.summary), st(.normal), maxWidth: r.width - 2)
        }
        for sx in r.x..<r.maxX { canvas.set(sx, r.maxY - 1, Cell("─", st(.muted))) }
        targets.append(Target(rect: r, action: .openItem(item.id), id: id))
    }

    func effectiveKm(_ h: HikeInfo) -> String? { h.effectiveDistanceKm.map { DateText.km($0, lang) } }

    // MARK: filters

    /// One group of filters: its title, then rows of buttons at least
    /// `minTargetWidth` wide, each with the number of hikes it would leave;
    /// a choice that would leave none is shown unavailable (muted, not a target).
    mutating func hikeFilterGroup(_ title: String, _ options: [(String, TableChange, Bool, String)], slots: Int? = nil,
                                  in area: inout Rect) {
        guard area.height >= 4 else { return }
        canvas.text(area.x, area.y, title, Style(.title, bold: true), maxWidth: area.width)
        area = area.takeTop(1).1
        let perRow = slots ?? max(1, min(options.count, (area.width + 1) / (Renderer.minTargetWidth + 1)))
        let bw = (area.width + 1) / perRow - 1
        for (i, (label, change, on, id)) in options.enumerated() {
            if i % perRow == 0, i > 0 { area = area.takeTop(3).1 }
            guard area.height >= 3 else { return }
            let count = hikeCount(on ? state.table : state.table.applying(change))
            let rect = Rect(x: area.x + (i % perRow) * (bw + 1), y: area.y, width: bw, height: 3)
            button(rect, label, .table(change), id: id, sub: "\(count)", selected: on)
            if count == 0, !on { dim(rect) }
        }
        area = area.takeTop(3).1
    }

    /// Activity, duration, difficulty and family; the family row also holds
    /// "Tout effacer" (and, on the filters screen, "Voir N randonnées").
    mutating func drawHikeFilterGroups(_ area: inout Rect, lastRow: Bool, done: Bool = false) {
        let f = state.table
        hikeFilterGroup(t(.activity), HikeActivity.allCases.map {
            (L10n.activity($0, lang), .activity($0), f.activity == $0, "filter:activity:\($0.rawValue)")
        }, in: &area)
        hikeFilterGroup(t(.duration), DurationBand.allCases.map {
            ($0.label, .duration($0), f.duration == $0, "filter:duration:\($0.rawValue)")
        }, in: &area)
        hikeFilterGroup(t(.difficulty), HikeDifficulty.allCases.map {
            (L10n.difficulty($0, lang), .difficulty($0), f.difficulty == $0, "filter:difficulty:\($0.rawValue)")
        }, in: &area)
        let before = area
        hikeFilterGroup(t(.family), [(t(.withChildren), .children, f.children, "filter:children")], slots: 3, in: &area)
        guard lastRow, before.height >= 4 else { return }
        let bw = (before.width + 1) / 3 - 1
        let clear = Rect(x: before.x + bw + 1, y: before.y + 1, width: bw, height: 3)
        button(clear, t(.clearAll), .table(.clear), id: "table:clear", role: .tileAccent)
        if f.isEmpty { dim(clear) }
        if done {
            let n = hikeCount(f)
            button(Rect(x: before.x + 2 * (bw + 1), y: before.y + 1, width: before.maxX - before.x - 2 * (bw + 1), height: 3),
                   "\(t(.seeHikes)) \(n) \(t(.hikesFound)) ▶", .back, id: "filters:done", role: .tile)
        }
    }

    /// The filters alone on the screen (screens narrower than `hikePanelMinWidth`).
    mutating func drawHikeFilters() {
        let body = navBar(L10n.section(.randonnees, lang) + " · " + t(.filters))
        var area = Rect(x: 1, y: body.y + 1, width: body.width - 2, height: body.height - 1)
        drawHikeFilterGroups(&area, lastRow: true, done: true)
    }

    // MARK: hike page

    /// What a phone can take from a hike: the GPX track, the PDF sheet and
    /// the start on a map (an https link: phones' cameras often ignore `geo:`).
    func hikeCodes(_ item: ContentItem) -> [(id: String, payload: String, key: L10n.Key)] {
        guard let h = item.hike else { return [] }
        var codes: [(id: String, payload: String, key: L10n.Key)] = []
        if let g = h.gpxURL { codes.append(("download:\(item.id)", g, .scanGPX)) }
        if let p = h.pdfURL { codes.append(("sheet:\(item.id)", p, .scanPDF)) }
        let start = h.track?.start.map { GeoPoint(lat: $0.lat, lon: $0.lon) } ?? item.geo
        if let s = start { codes.append(("start:\(item.id)", Renderer.mapLink(s), .scanStart)) }
        return codes
    }

    /// An OpenStreetMap link with a marker, which any phone opens in its browser or map app.
    static func mapLink(_ g: GeoPoint) -> String {
        // Short enough for a version-5 code (41 columns, 21 rows: the 80×24 page's height).
        String(format: "https://www.openstreetmap.org/?mlat=%.5f&mlon=%.5f&zoom=15", g.lat, g.lon)
    }

    mutating func drawHikePage(_ item: ContentItem) {
        guard let h = item.hike else { return }
        let full = navBar(item.name.text(lang))
        // Pages after the first: the text, as any detail page.
        let text = Rect(x: 2, y: full.y + 1, width: full.width - 3, height: full.height - 1)
        let (pagerCol, textArea) = text.takeRight(Renderer.minTargetWidth + 1)
        var blocks = detailBlocks(item, width: textArea.width - 1, height: textArea.height, includeHike: false)
        if titleWasCut {
            let lines = TextWidth.wrap(item.name.text(lang), width: textArea.width - 1)
            blocks.insert(contentsOf: lines.map { Block.line($0, Style(.title, bold: true)) }, at: 0)
        }
        let textPages = blocks.isEmpty ? [] : paginate(blocks, height: textArea.height)
        let pages = 1 + textPages.count
        pageShown = min(state.top.page, pages - 1)
        if pageShown > 0 {
            drawBlocks(textPages[pageShown - 1], in: Rect(x: textArea.x, y: textArea.y, width: textArea.width - 1, height: textArea.height))
            pager(pagerCol, page: pageShown, pages: pages)
            return
        }
        drawHikeFirstPage(item, h, full, pages: pages)
    }

    /// Figures, map and QR codes on one screen: the QR codes on the right
    /// (as many side by side as fit, the others behind buttons), the rest on
    /// the left; the profile under the codes when there is room.
    mutating func drawHikeFirstPage(_ item: ContentItem, _ h: HikeInfo, _ body: Rect, pages: Int) {
        let codes = hikeCodes(item)
        let matrices: [(id: String, payload: String, key: L10n.Key, m: QRMatrix)] = codes.compactMap { c in
            env.qr?(c.payload).map { (c.id, c.payload, c.key, $0) }
        }
        let qw = matrices.map { QRCodeView.size(for: $0.m).width }.max() ?? 0
        let qh = matrices.map { QRCodeView.size(for: $0.m).height }.max() ?? 0
        var fit = 0
        if !matrices.isEmpty, qh <= body.height {
            fit = min(matrices.count, max(0, (body.width - Renderer.hikePageMinLeft + 1) / (qw + 1)))
        }
        let choice = min(state.top.qrChoice, max(0, matrices.count - 1))
        let shown: [Int] = fit == 0 ? [] : fit == 1 ? [choice] : Array(0..<fit)
        let qrWidth = shown.isEmpty ? 0 : shown.count * (qw + 1) - 1
        let qrArea = Rect(x: body.maxX - qrWidth, y: body.y, width: qrWidth, height: body.height)
        let caption = qh + 1 <= body.height
        for (n, i) in shown.enumerated() {
            let m = matrices[i]
            let col = Rect(x: qrArea.x + n * (qw + 1), y: qrArea.y, width: qw, height: qh + (caption ? 1 : 0))
            if caption { canvas.centered(col, col.y, "▣ " + t(m.key), Style(.title, bold: true)) }
            QRCodeView(matrix: m.m).render(in: Rect(x: col.x, y: col.y + (caption ? 1 : 0), width: qw, height: qh), into: &canvas)
            targets.append(Target(rect: col, action: .chooseQR(i), id: m.id))
        }
        // Under the codes: the profile, when a screen is tall enough.
        let under = Rect(x: qrArea.x, y: qrArea.y + qh + 2, width: qrArea.width, height: qrArea.maxY - qrArea.y - qh - 2)
        if let track = h.track, under.height >= 6, under.width >= 30 {
            ElevationProfileView(track: track, emptyText: t(.noElevation), decimalSeparator: lang == .en ? "." : ",")
                .render(in: Rect(x: under.x, y: under.y, width: under.width, height: min(12, under.height - 1)), into: &canvas)
        }

        let leftX = body.x + (qrWidth == 0 || body.width - qrWidth - 1 > Renderer.hikePageMinLeft ? 1 : 0)
        var left = Rect(x: leftX, y: body.y, width: (qrWidth == 0 ? body.maxX - 1 : qrArea.x - 1) - leftX, height: body.height)
        // Figures, then where it starts from here.
        var figures = hikeFigures(h)
        if item.demo { figures = "[\(t(.example))] " + figures }
        for line in TextWidth.wrap(figures, width: left.width).prefix(2) {
            canvas.text(left.x, left.y, line, Style(.title, bold: true), maxWidth: left.width)
            left = left.takeTop(1).1
        }
        var whereParts: [String] = []
        if let d = distanceText(item) { whereParts.append(d) }
        if let tr = h.territory { whereParts.append(tr.displayName) }
        var x = left.x
        x += canvas.text(x, left.y, whereParts.joined(separator: " · "), Style(.muted, bold: true), maxWidth: left.width)
        if isOutOfSeason(h) {
            canvas.text(x + 1, left.y, "[\(t(.outOfSeason))]", Style(.warning, bold: true), maxWidth: max(0, left.maxX - x - 1))
        }
        left = left.takeTop(1).1

        // Bottom: the QR choice (one code at a time) or the codes that did not fit, and "Suite".
        let hidden = matrices.indices.filter { !shown.contains($0) }
        let rows = (fit == 1 && matrices.count > 1 ? 1 : 0) + 1
        let (bottom, mapArea) = left.takeBottom(3 * rows + 1)
        if !caption, !shown.isEmpty {
            // No room above the code: say what it holds beside it.
            let what = shown.map { t(matrices[$0].key) }.joined(separator: " · ")
            canvas.text(bottom.x, bottom.y, "▣ \(t(.scanForPhone))\(t(.colon))\(what) ▶", Style(.title, bold: true),
                        maxWidth: bottom.width)
        }
        var row = Rect(x: bottom.x, y: bottom.y + 1, width: bottom.width, height: 3)
        if fit == 1, matrices.count > 1 {
            let bw = (row.width + 1) / matrices.count - 1
            for (i, m) in matrices.enumerated() {
                button(Rect(x: row.x + i * (bw + 1), y: row.y, width: bw, height: 3), t(m.key), .chooseQR(i),
                       id: "qr:\(i):\(item.id)", selected: i == choice)
            }
            row = Rect(x: row.x, y: row.y + 3, width: row.width, height: 3)
        }
        var bx = row.x
        if fit != 1 {
            for i in hidden {
                let m = matrices[i]
                let label = "▣ " + t(m.key)
                let w = max(Renderer.minTargetWidth, TextWidth.of(label) + 4)
                guard bx + w <= row.maxX else { break }
                button(Rect(x: bx, y: row.y, width: w, height: 3), label, .showQR(m.payload, m.key), id: m.id)
                bx += w + 1
            }
        }
        if pages > 1 {
            let label = t(.moreInfo) + " 1/\(pages)"
            let w = max(Renderer.minTargetWidth, TextWidth.of(label) + 4)
            button(Rect(x: row.maxX - w, y: row.y, width: w, height: 3), label, .pageDown, id: "page:down")
        }

        // The map, with its legend under it.
        guard let track = h.track else {
            canvas.text(mapArea.x, mapArea.y + 1, t(.trackMissing), Style(.muted), maxWidth: mapArea.width)
            return
        }
        let (legendRow, mapRect) = mapArea.takeBottom(1)
        let map = drawContextMap(item, track, Rect(x: mapRect.x, y: mapRect.y + 1, width: mapRect.width, height: mapRect.height - 1))
        canvas.text(legendRow.x, legendRow.y, mapLegend(map), Style(.muted), maxWidth: legendRow.width)
    }

    /// The legend under a context map: the markers it drew, no other.
    func mapLegend(_ map: HikeMapView.Drawn) -> String {
        var legend: [String] = []
        if map.start { legend.append("\(BrailleTrackView.startMarker) \(t(.legendStart))") }
        if map.end { legend.append("\(HikeMapView.endMarker) \(t(.legendEnd))") }
        if map.kiosk { legend.append("\(Renderer.kioskMarker) \(t(.youAreHere))") }
        if map.places > 0 { legend.append("\(HikeMapView.poiMarker) \(t(.legendPlaces))") }
        if map.communes > 0 { legend.append("\(HikeMapView.communeMarker) \(t(.legendCommunes))") }
        return legend.joined(separator: "  ")
    }

    static let kioskMarker = HikeMapView.kioskMarker

    /// The map of a hike with what tells a walker where it is: start and
    /// end, north and a scale bar (HikeMapView), the hike's points of
    /// interest, the places of the content that fall around the track,
    /// labelled, the content's communes inside the frame, and "Vous êtes
    /// ici" when this kiosk is within 1.5 km of the track or inside its
    /// frame. Returns what it drew, for the legend.
    @discardableResult
    mutating func drawContextMap(_ item: ContentItem, _ track: Track, _ r: Rect) -> HikeMapView.Drawn {
        guard let b0 = track.bounds, r.width >= 4, r.height >= 3 else { return HikeMapView.Drawn() }
        let padLat = (b0.maxLat - b0.minLat) * 0.15 + 0.002, padLon = (b0.maxLon - b0.minLon) * 0.15 + 0.003
        func inside(_ g: GeoPoint) -> Bool {
            g.lat >= b0.minLat - padLat && g.lat <= b0.maxLat + padLat && g.lon >= b0.minLon - padLon && g.lon <= b0.maxLon + padLon
        }
        var kiosk: (name: String, geo: GeoPoint)?
        if let here = env.config.geo {
            let p = TrackPoint(lat: here.lat, lon: here.lon)
            let near = track.segments.contains { $0.contains { Geodesy.distanceM(p, $0) < 1500 } }
            if near || inside(here) { kiosk = (t(.youAreHere), here) }
        }
        var pois: [(name: String, geo: GeoPoint)] = (item.hike?.pois ?? []).map { ($0.name.text(lang), $0.geo) }
        let mid = TrackPoint(lat: (b0.minLat + b0.maxLat) / 2, lon: (b0.minLon + b0.maxLon) / 2)
        var seen = Set(pois.map(\.name) + (kiosk.map { [$0.name] } ?? []))
        let catalog = env.catalog
        let places = cache.mapPlaces(in: catalog).filter { inside($0.geo) && catalog.facts(at: $0.position).id != item.id }
            .map { (position: $0.position, geo: $0.geo, d: Geodesy.distanceM(mid, TrackPoint(lat: $0.geo.lat, lon: $0.geo.lon))) }
            .sorted { $0.d < $1.d }
        let room = pois.count + max(1, r.width * r.height / 200)
        for p in places where pois.count < room {
            let name = catalog.item(at: p.position).name.text(lang)
            guard seen.insert(name).inserted else { continue }
            pois.append((name, p.geo))
        }
        let communes = env.catalog.communes.filter { c in !seen.contains(c.name) }.map { (name: $0.name, geo: $0.geo) }
        return HikeMapView(track: track, pois: pois, communes: communes, kiosk: kiosk).render(in: r, into: &canvas)
    }
}
