import BorneCore
import Foundation

/// The hiking table's home: the filter panel, always visible, on the left;
/// the hikes that pass it on the right. Used for kiosks with `layout: table`.
extension Renderer {
    var isTable: Bool { env.config.layout == .table }

    /// Every hike of the content, in the order the table shows them. The
    /// order depends on the sort chosen, not on the other filters: the day's
    /// hikes are sorted once per sort and language, and a filter keeps them in order.
    func tableHikes(_ filter: TableFilter) -> ItemList {
        let catalog = env.catalog
        let positions = cache.hikes(.init(filter: filter, language: lang, day: today, table: true)) {
            var base = TableFilter()
            base.sort = filter.sort
            guard filter == base else { return filtered(tableHikes(base).positions, filter) }
            let winter = env.config.isWinter(today)
            let here = env.config.geo
            func distance(_ i: ContentItem) -> Double {
                guard let here, let start = i.hike?.track?.start ?? i.geo.map({ TrackPoint(lat: $0.lat, lon: $0.lon) }) else {
                    return .infinity
                }
                return Geodesy.distanceM(TrackPoint(lat: here.lat, lon: here.lon), start)
            }
            let rank: [HikeDifficulty: Int] = [.easy: 0, .medium: 1, .hard: 2, .expert: 3]
            let keyed = dayHikes().map { d -> (Int, Bool, Double, String) in
                let i = catalog.item(at: d.position), h = i.hike!
                let key: Double
                switch filter.sort {
                case .distance: key = distance(i)
                case .duration: key = Double(h.durationMinutes)
                case .difficulty: key = Double(rank[h.difficulty]!)
                }
                return (d.position, h.isWinter, key, i.name.text(lang).lowercased())
            }
            return keyed.sorted { a, b in
                if winter, a.1 != b.1 { return a.1 }
                if a.2 != b.2 { return a.2 < b.2 }
                return a.3 != b.3 ? a.3 < b.3 : a.0 < b.0
            }.map(\.0)
        }
        return ItemList(catalog: catalog, positions: positions)
    }

    func distanceFromKiosk(_ i: ContentItem) -> Double? { distanceFromKiosk(trackStart: i.hike?.track?.start) }

    func distanceFromKiosk(trackStart: TrackPoint?) -> Double? {
        guard let here = env.config.geo, let start = trackStart else { return nil }
        return Geodesy.distanceM(TrackPoint(lat: here.lat, lon: here.lon), start)
    }

    var tablePanelWidth: Int { size.width >= 200 ? 84 : size.width >= 150 ? 62 : 52 }

    mutating func drawTableHome() {
        let (top, body) = bounds.takeTop(3)
        canvas.fill(top, Style(.header))
        let title = t(.tableTitle)
        let titleEnd = 3 + TextWidth.of(title)
        // Right of the title: the other sections, then the languages
        // (their two-letter codes when the names do not fit).
        var x = bounds.width
        let short = size.width < 200
        for l in env.config.languages.reversed() {
            let w = Renderer.minTargetWidth
            x -= w
            if short {
                button(Rect(x: x, y: 0, width: w, height: 3), l.rawValue.uppercased(), .language(l), id: "lang:\(l.rawValue)", selected: l == lang)
                x -= 1
                continue
            }
            button(Rect(x: x, y: 0, width: w, height: 3), l.nativeName, .language(l), id: "lang:\(l.rawValue)", selected: l == lang)
            x -= 1
        }
        for s in env.config.sections.reversed() where !s.isItemList {
            let label = L10n.section(s, lang)
            let w = max(Renderer.minTargetWidth, min(22, TextWidth.of(label) + 4))
            x -= w
            guard x > titleEnd else { x += w; break }
            button(Rect(x: x, y: 0, width: w, height: 3), label, .openSection(s), id: "tile:\(s.rawValue)",
                   role: s == .urgences ? .emergency : .tile)
            x -= 1
        }
        canvas.text(2, 1, title, Style(.header, bold: true), maxWidth: x - 3)
        let (panel, rest) = body.takeLeft(tablePanelWidth)
        drawFilterPanel(Rect(x: panel.x + 1, y: panel.y + 1, width: panel.width - 2, height: panel.height - 1))
        drawTableList(Rect(x: rest.x + 1, y: rest.y + 1, width: rest.width - 2, height: rest.height - 1))
    }

    /// One group of the panel: its title, then its options in rows of
    /// equal buttons, each with the number of hikes it would leave.
    mutating func filterGroup(_ title: String, _ options: [(String, TableChange, Bool, String)], in area: inout Rect) {
        guard area.height >= 4 else { return }
        canvas.text(area.x, area.y, title, Style(.title, bold: true), maxWidth: area.width)
        area = area.takeTop(1).1
        let perRow = max(1, min(options.count, (area.width + 1) / (Renderer.minTargetWidth + 3)))
        let bw = (area.width + 1) / perRow - 1
        for (i, (label, change, on, id)) in options.enumerated() {
            if i % perRow == 0, i > 0 { area = area.takeTop(3).1 }
            guard area.height >= 3 else { return }
            let count = hikeCount(on ? state.table : state.table.applying(change))
            button(Rect(x: area.x + (i % perRow) * (bw + 1), y: area.y, width: bw, height: 3), label,
                   .table(change), id: id, role: .button, sub: "\(count)", selected: on)
        }
        area = area.takeTop(3).1
    }

    mutating func drawFilterPanel(_ panel: Rect) {
        var area = panel
        let f = state.table
        filterGroup(t(.territory), Territory.allCases.map { ($0.displayName, .territory($0), f.territory == $0, "filter:territory:\($0.rawValue)") }, in: &area)
        filterGroup(t(.activity), HikeActivity.allCases.map { (L10n.activity($0, lang), .activity($0), f.activity == $0, "filter:activity:\($0.rawValue)") }, in: &area)
        filterGroup(t(.difficulty), HikeDifficulty.allCases.map { (L10n.difficulty($0, lang), .difficulty($0), f.difficulty == $0, "filter:difficulty:\($0.rawValue)") }, in: &area)
        filterGroup(t(.duration), DurationBand.allCases.map { ($0.label, .duration($0), f.duration == $0, "filter:duration:\($0.rawValue)") }, in: &area)
        filterGroup(t(.distance), DistanceBand.allCases.map { ($0.label, .distance($0), f.distance == $0, "filter:distance:\($0.rawValue)") }, in: &area)
        filterGroup("", [(t(.loopOnly), .loop, f.loopOnly, "filter:loop"), (t(.withChildren), .children, f.children, "filter:children")], in: &area)
        // Sort and clear: no counts (they do not change the number of hikes).
        guard area.height >= 4 else { return }
        canvas.text(area.x, area.y, t(.sortBy), Style(.title, bold: true))
        let row = Rect(x: area.x, y: area.y + 1, width: area.width, height: 3)
        let sorts: [(TableSort, L10n.Key)] = [(.distance, .sortDistance), (.duration, .sortDuration), (.difficulty, .sortDifficulty)]
        let n = sorts.count + 1
        let bw = (row.width + 1) / n - 1
        for (i, (s, key)) in sorts.enumerated() {
            button(Rect(x: row.x + i * (bw + 1), y: row.y, width: bw, height: 3), t(key), .table(.sort(s)),
                   id: "sort:\(s.rawValue)", selected: f.sort == s)
        }
        button(Rect(x: row.x + sorts.count * (bw + 1), y: row.y, width: bw, height: 3), t(.clearAll), .table(.clear),
               id: "table:clear", role: .tileAccent)
        if f.isEmpty { dim(Rect(x: row.x + sorts.count * (bw + 1), y: row.y, width: bw, height: 3)) }
    }

    mutating func drawTableList(_ area: Rect) {
        var area = area
        let items = tableHikes(state.table)
        var head = "\(items.count) \(t(.hikesFound))"
        if env.config.isWinter(today) { head += " · " + t(.winterFirst) }
        canvas.text(area.x, area.y, head, Style(.title, bold: true), maxWidth: area.width)
        area = area.takeTop(2).1
        if env.config.isWinter(today), let w = freshWeather, !w.snow.isEmpty, showsSnow(w) {
            let snow = w.snow.map { s in s.name + (s.depthCm.map { " \($0) cm" } ?? "") }.joined(separator: " · ")
            canvas.text(area.x, area.y, t(.snowTitle) + t(.colon) + snow, Style(.normal, bold: true), maxWidth: area.width)
            area = area.takeTop(2).1
        }
        if items.isEmpty {
            canvas.text(area.x + 2, area.y + 1, t(.noMatch), Style(.warning, bold: true), maxWidth: area.width - 4)
            let label = t(.clearAll)
            button(Rect(x: area.x + 2, y: area.y + 3, width: max(Renderer.minTargetWidth, TextWidth.of(label) + 6), height: 3),
                   label, .table(.clear), id: "table:clear-empty", role: .tileAccent)
            return
        }
        let (pagerCol, listArea) = area.takeRight(Renderer.minTargetWidth + 2)
        for row in page(items, list: listArea, pager: pagerCol, rowH: 4) {
            drawTableRow(row.item, row.rect)
        }
    }

    /// A hike on the table: name, figures, territory and distance from here, summary.
    mutating func drawTableRow(_ item: ContentItem, _ r: Rect) {
        drawRow(item, r)
        guard let h = item.hike else { return }
        let pressed = state.pressedID == "item:\(item.id)"
        var parts: [String] = []
        if let t = h.territory { parts.append(t.displayName) }
        if let d = distanceFromKiosk(item) {
            parts.append((d < 1000 ? "< 1 km" : DateText.km(d / 1000, lang)) + " " + t(.fromHere))
        }
        if h.isWinter { parts.append("❄ " + t(.seasonWinter)) }
        // The third line: where and how far, then the summary.
        let y = r.y + 2
        let base: Role = pressed ? .pressed : .normal
        canvas.fill(Rect(x: r.x, y: y, width: r.width, height: 1), Style(base))
        var x = r.x + 1
        x += canvas.text(x, y, parts.joined(separator: " · "), Style(pressed ? .pressed : .title, bold: true), maxWidth: r.width - 2)
        if !item.summary.isEmpty, x < r.maxX - 4 {
            x += canvas.text(x, y, " — ", Style(base))
            canvas.text(x, y, item.summary.text(lang), Style(base), maxWidth: r.maxX - 1 - x)
        }
    }
}
