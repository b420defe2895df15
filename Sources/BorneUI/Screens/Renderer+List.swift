import BorneCore
import Foundation

extension Renderer {
    /// Filters a section offers above its list.
    static func filters(for s: SectionID) -> [ListFilter] {
        switch s {
        case .agenda: return [.today, .weekend, .week, .month]
        case .manger, .commerces: return [.openNow, .children]
        case .dormir, .visites, .pluie: return [.children]
        default: return []
        }
    }

    static func filterKey(_ f: ListFilter) -> L10n.Key {
        switch f {
        case .openNow: return .openNow
        case .children: return .withChildren
        case .today: return .today
        case .weekend: return .weekend
        case .week: return .thisWeek
        case .month: return .thisMonth
        }
    }

    /// The items a list shows, filtered and sorted as visitors expect:
    /// events by date (past ones hidden), open places first, then by name.
    func listItems(_ s: SectionID, filter: ListFilter?) -> ItemList {
        let (day, minute) = KioskTime.local(now)
        let key = ListCache.Key(section: s, filter: filter, language: lang, day: day,
                                minute: filter == .openNow ? minute : 0)
        let positions = cache.list(key) { computeList(s, filter: filter, day: day) }
        return ItemList(catalog: env.catalog, positions: positions)
    }

    func computeList(_ s: SectionID, filter: ListFilter?, day: LocalDate) -> [Int] {
        let catalog = env.catalog
        let all = { catalog.facts(at: $0) }
        let names = cache.nameRanks(lang, in: catalog)
        var list = cache.positions(of: s, in: catalog).filter { !all($0).isOver(on: day) }
        if s == .agenda {
            let next = Dictionary(uniqueKeysWithValues: list.compactMap { i in all(i).nextDate(onOrAfter: day).map { (i, $0.start) } })
            list = list.filter { next[$0] != nil }
            if let f = filter, let (from, to) = Renderer.range(f, from: day) {
                list = list.filter { all($0).dates.contains { $0.overlaps(from, to) } }
            }
            return list.sorted { a, b in
                next[a]! != next[b]! ? next[a]! < next[b]! : names[a] < names[b]
            }
        }
        switch filter {
        case .openNow?: list = list.filter { all($0).openingHours?.status(at: now).isOpen == true }
        case .children?: list = list.filter { all($0).children }
        default: break
        }
        return list.sorted { names[$0] != names[$1] ? names[$0] < names[$1] : $0 < $1 }
    }

    /// "Rien ce week-end — prochains rendez-vous :" for an agenda filter.
    static func nothingKey(_ f: ListFilter) -> L10n.Key? {
        switch f {
        case .today: return .nothingToday
        case .weekend: return .nothingWeekend
        case .week: return .nothingWeek
        case .month: return .nothingMonth
        default: return nil
        }
    }

    /// Day range of an agenda filter, from `day`.
    static func range(_ f: ListFilter, from day: LocalDate) -> (LocalDate, LocalDate)? {
        switch f {
        case .today: return (day, day)
        case .weekend:
            let wd = day.isoWeekday
            if wd == 7 { return (day, day) }
            let sat = day.adding(days: 6 - wd)
            return (wd == 6 ? day : sat, sat.adding(days: 1))
        case .week: return (day, day.adding(days: 7 - day.isoWeekday))
        case .month: return (day, LocalDate(year: day.year, month: day.month,
                                             day: LocalDate.daysIn(month: day.month, year: day.year)))
        default: return nil
        }
    }

    mutating func drawList(_ s: SectionID) {
        var body = navBar(L10n.section(s, lang))
        let frame = state.top
        let filters = Renderer.filters(for: s)
        if !filters.isEmpty {
            let (bar, rest) = body.takeTop(4)
            body = rest
            drawFilterBar(Rect(x: bar.x + 1, y: bar.y + 1, width: bar.width - 2, height: 3), filters, frame.filter)
        }
        body = Rect(x: 1, y: body.y + 1, width: body.width - 2, height: body.height - 1)
        let (pagerCol, listArea) = body.takeRight(Renderer.minTargetWidth + 2)
        let items = listItems(s, filter: frame.filter)
        let rowH = size.height >= 40 ? 4 : 3
        if items.isEmpty, s == .agenda, let f = frame.filter, let key = Renderer.nothingKey(f) {
            // Never a dead end: nothing in the period, so the next events.
            let next = listItems(.agenda, filter: nil)
            if !next.isEmpty {
                canvas.text(listArea.x + 2, listArea.y, t(key), Style(.title, bold: true), maxWidth: listArea.width - 3)
                let fits = max(1, (listArea.height - 2) / rowH)
                for (i, item) in next.prefix(fits).enumerated() {
                    drawRow(item, Rect(x: listArea.x, y: listArea.y + 2 + i * rowH, width: listArea.width - 1, height: rowH))
                }
                pager(Rect(x: pagerCol.x + 1, y: pagerCol.y, width: pagerCol.width - 1, height: pagerCol.height), page: 0, pages: 1)
                return
            }
        }
        if items.isEmpty {
            canvas.text(listArea.x + 2, listArea.y + 1, t(.noItems), Style(.muted))
        }
        for row in page(items, list: listArea, pager: pagerCol, rowH: rowH) {
            drawRow(row.item, row.rect)
        }
    }

    mutating func drawFilterBar(_ bar: Rect, _ filters: [ListFilter], _ current: ListFilter?) {
        let all: [(ListFilter?, String)] = [(nil, t(.allFilter))] + filters.map { ($0, t(Renderer.filterKey($0))) }
        // Each button as wide as its label when they all fit on one line; else equal widths.
        var widths = all.map { max(Renderer.minTargetWidth, TextWidth.of($0.1) + 4) }
        if widths.reduce(0, +) + widths.count - 1 > bar.width {
            let bw = max(Renderer.minTargetWidth, (bar.width + 1) / all.count - 1)
            widths = Array(repeating: bw, count: all.count)
        }
        var x = bar.x
        for ((f, label), bw) in zip(all, widths) {
            button(Rect(x: x, y: bar.y, width: bw, height: bar.height), label, .filter(f),
                   id: "filter:\(f?.rawValue ?? "all")", selected: f == current)
            x += bw + 1
        }
    }

    /// One list row: name (and "exemple"), then what helps choosing.
    mutating func drawRow(_ item: ContentItem, _ r: Rect) {
        let id = "item:\(item.id)"
        let pressed = state.pressedID == id
        let base: Role = pressed ? .pressed : .normal
        canvas.fill(r, Style(base))
        var nameW = r.width - 2
        if item.demo {
            let badge = "[\(t(.example))]"
            let bw = TextWidth.of(badge)
            canvas.text(r.maxX - bw - 1, r.y, badge, Style(pressed ? .pressed : .warning))
            nameW -= bw + 1
        }
        canvas.text(r.x + 1, r.y, item.name.text(lang), Style(pressed ? .pressed : .title, bold: true), maxWidth: nameW)
        var x = r.x + 1
        let y2 = r.y + 1
        let limit = r.maxX - 1
        func put(_ s: String, _ role: Role, _ c: inout Canvas) {
            guard x < limit, !s.isEmpty else { return }
            x += c.text(x, y2, s, Style(pressed ? .pressed : role), maxWidth: limit - x)
        }
        var parts: [String] = []
        if let h = item.hike {
            if let d = h.effectiveDistanceKm { parts.append(DateText.km(d, lang)) }
            if let c = h.effectiveClimbM { parts.append("D+ \(Int(c.rounded())) m") }
            parts.append(DateText.duration(minutes: h.durationMinutes))
            parts.append(L10n.difficulty(h.difficulty, lang))
            parts.append(L10n.activity(h.activity, lang))
        } else if let next = item.nextDate(onOrAfter: today) {
            parts.append(DateText.eventDates(next, lang, today: today))
        } else if !item.category.isEmpty {
            parts.append(localized(item.category))
        }
        if let c = item.commune { parts.append(c) }
        put(parts.joined(separator: " · "), .muted, &canvas)
        if item.hike == nil, let (line, role) = itemHoursLine(item) {
            put("  ", .muted, &canvas)
            put(line, role, &canvas)
        }
        if r.height >= 4, !item.summary.isEmpty {
            canvas.text(r.x + 1, r.y + 2, localized(item.summary), Style(base), maxWidth: r.width - 2)
        }
        let sepY = r.maxY - 1
        for sx in r.x..<r.maxX { canvas.set(sx, sepY, Cell("─", Style(pressed ? .pressed : .muted))) }
        targets.append(Target(rect: r, action: .openItem(item.id), id: id))
    }
}
