import BorneCore
import Foundation

/// Draws one frame of the kiosk for a given state and collects its touch
/// targets. A renderer lives for one frame; it never changes the app state.
struct Renderer {
    let env: AppEnvironment
    let state: AppState
    let now: Date
    /// The visitor's language; the attract screen speaks each of the kiosk's in turn.
    var lang: Language
    let cache: ListCache
    var canvas: Canvas
    var targets: [Target] = []
    /// The page actually shown (the requested one, clamped).
    var pageShown = 0
    /// The last nav bar could not show its whole title.
    var titleWasCut = false

    /// Touch targets are never smaller than this (the rule for fingers).
    static let minTargetWidth = 12
    static let minTargetHeight = 3

    init(env: AppEnvironment, state: AppState, now: Date, cache: ListCache) {
        self.env = env; self.state = state; self.now = now; self.cache = cache
        self.lang = state.language
        today = KioskTime.local(now).date
        canvas = Canvas(width: state.size.width, height: state.size.height)
        pageShown = state.top.page
    }

    var size: Size { state.size }
    var bounds: Rect { canvas.bounds }

    func t(_ k: L10n.Key) -> String { L10n.text(k, lang) }

    mutating func draw(attract slide: Int?) {
        let min = KioskApp.minimumSize
        if size.width < min.width || size.height < min.height {
            drawTooSmall(); return
        }
        if let slide {
            drawAttract(slide: slide); return
        }
        switch state.top.route {
        case .home: if isTable { drawTableHome() } else { drawHome() }
        case .list(.randonnees) where !isTable: drawHikeList()
        case .list(let s): drawList(s)
        case .detail(let id):
            if !isTable, let item = item(id), item.hike != nil { drawHikePage(item) } else { drawDetail(id) }
        case .hikeFilters: drawHikeFilters()
        case .survey: drawSurvey()
        case .weather: drawWeather()
        case .emergency: drawEmergency()
        case .office: drawOffice()
        case .pin: drawPin()
        case .maintenance: drawMaintenance()
        case .qr(let text, let caption): drawQRScreen(text, caption)
        case .hike(let id, let view): drawHike(id, view)
        }
    }

    // MARK: building blocks

    /// A touch target: filled box, centred label (up to two lines), press feedback.
    mutating func button(_ rect: Rect, _ label: String, _ action: Action, id: String,
                         role: Role = .button, sub: String? = nil, selected: Bool = false) {
        guard !rect.isEmpty else { return }
        let pressed = state.pressedID == id
        let fillRole: Role = pressed ? .pressed : (selected ? .selected : role)
        canvas.fill(rect, Style(fillRole))
        let inner = rect.inset(dx: 1, dy: 0)
        var lines = TextWidth.wrap(label, width: inner.width)
        if lines.count > max(1, rect.height - (sub == nil ? 0 : 1)) {
            lines = [TextWidth.truncate(label, to: inner.width)]
        }
        var all = lines.map { ($0, Style(fillRole, bold: true)) }
        if let sub, rect.height >= all.count + 1 { all.append((sub, Style(fillRole))) }
        let top = rect.y + (rect.height - all.count) / 2
        for (i, (line, style)) in all.enumerated() {
            canvas.centered(inner, top + i, line, style)
        }
        targets.append(Target(rect: rect, action: action, id: id))
    }

    /// The top bar of every screen but home: Accueil, Retour and the title;
    /// on a narrow screen, also the button that shows the screen's QR code.
    mutating func navBar(_ title: String, role: Role = .header, qr: (String, L10n.Key)? = nil) -> Rect {
        let (bar, rest) = bounds.takeTop(3)
        canvas.fill(bar, Style(.header))
        let bw = navButtonWidth
        button(Rect(x: 0, y: 0, width: bw, height: 3), "⌂ " + t(.home), .home, id: "nav:home")
        button(Rect(x: bw + 1, y: 0, width: bw, height: 3), "◀ " + t(.back), .back, id: "nav:back")
        var titleEnd = bounds.width - 1
        if let (payload, caption) = qr, env.qr != nil, size.width < Renderer.sideQRMinWidth {
            let label = "▣ " + t(.scanForPhone)
            let w = max(Renderer.minTargetWidth, TextWidth.of(label) + 4)
            button(Rect(x: bounds.width - w, y: 0, width: w, height: 3), label, .showQR(payload, caption), id: "nav:qr")
            titleEnd = bounds.width - w - 1
        }
        let titleX = 2 * bw + 3
        titleWasCut = TextWidth.of(title) > titleEnd - titleX
        canvas.text(titleX, 1, title, Style(role, bold: true), maxWidth: titleEnd - titleX)
        return rest
    }

    /// Below this width the QR code gets its own screen instead of a side panel.
    static let sideQRMinWidth = 110

    var navButtonWidth: Int { size.width >= 120 ? 18 : 14 }

    /// The page shown of a list of rows `rowH` lines high: sets `pageShown`
    /// (the frame's page, clamped to the pages there are), draws the pager
    /// in `pagerCol` and returns each row of the page with its rectangle in
    /// `listArea`. One paging rule for every list (sections, hikes, table).
    mutating func page<C: Collection>(_ items: C, list listArea: Rect, pager pagerCol: Rect,
                                      rowH: Int) -> [(item: C.Element, rect: Rect)] {
        let perPage = max(1, listArea.height / rowH)
        let pages = max(1, (items.count + perPage - 1) / perPage)
        pageShown = min(state.top.page, pages - 1)
        pager(Rect(x: pagerCol.x + 1, y: pagerCol.y, width: pagerCol.width - 1, height: pagerCol.height),
              page: pageShown, pages: pages)
        return items.dropFirst(pageShown * perPage).prefix(perPage).enumerated().map { i, item in
            (item, Rect(x: listArea.x, y: listArea.y + i * rowH, width: listArea.width - 1, height: rowH))
        }
    }

    /// ▲ ▼ page buttons in a right-hand column, with "page 2/5" between them.
    mutating func pager(_ column: Rect, page: Int, pages: Int) {
        guard pages > 1 else { return }
        let h = column.height >= 11 ? 5 : 3
        button(Rect(x: column.x, y: column.y, width: column.width, height: h), t(.pageUp), .pageUp,
               id: "page:up", selected: false)
        button(Rect(x: column.x, y: column.maxY - h, width: column.width, height: h), t(.pageDown), .pageDown,
               id: "page:down")
        let mid = column.y + column.height / 2
        canvas.centered(column, mid, "\(page + 1)/\(pages)", Style(.muted, bold: true))
        if page == 0 { dim(Rect(x: column.x, y: column.y, width: column.width, height: h)) }
        if page == pages - 1 { dim(Rect(x: column.x, y: column.maxY - h, width: column.width, height: h)) }
    }

    /// Shows a button as unavailable (first/last page): muted, and not a target.
    mutating func dim(_ rect: Rect) {
        targets.removeAll { $0.rect == rect }
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX {
                let c = canvas[x, y]
                canvas.set(x, y, Cell(c.text, Style(.muted)))
            }
        }
    }

    mutating func drawTooSmall() {
        canvas.fill(bounds, Style(.warning))
        let min = KioskApp.minimumSize
        let lines = [t(.tooSmall), "\(size.width)×\(size.height)", "\(t(.tooSmallNeed)) \(min.width)×\(min.height)"]
        let top = max(0, (size.height - lines.count) / 2)
        for (i, l) in lines.enumerated() where top + i < size.height {
            canvas.centered(bounds, top + i, l, Style(.warning, bold: true))
        }
    }

    /// "Ouvert · ferme à 18:00" for an item's hours; nil when it has none.
    /// The status line of opening hours; for hours given but unreadable
    /// (`unreadable`, or an unreadable status), "Horaires : voir l'office".
    func hoursLine(_ h: OpeningHours?, unreadable: Bool = false) -> (String, Role)? {
        guard let h else { return unreadable ? (HoursText.unreadable(lang), .muted) : nil }
        let s = h.status(at: now)
        if s.isUnreadable { return (HoursText.unreadable(lang), .muted) }
        return (HoursText.status(s, now: now, language: lang), s.isOpen ? .open : .closed)
    }

    /// The kiosk's day at `now`, worked out once per frame (a calendar
    /// computation each hike row asked for several times).
    let today: LocalDate

    func item(_ id: String) -> ContentItem? { cache.item(id, in: env.catalog) }

    /// Weather older than the kiosk's limit is never shown as today's: only
    /// the Météo screen shows it, under a warning.
    var weatherIsStale: Bool {
        guard let w = env.catalog.weather else { return true }
        return now.timeIntervalSince(w.observedAt) > weatherMaxAge
    }

    /// The configured limit, never more than a day.
    var weatherMaxAge: TimeInterval {
        min(TimeInterval(env.config.weatherStaleMinutes * 60), WeatherText.maxCurrentAge)
    }

    /// Whether the report's snow depths may be shown now (fresh, or in season).
    func showsSnow(_ w: WeatherReport) -> Bool {
        WeatherText.showsSnow(observedAt: w.snowObservedAt ?? w.observedAt, now: now, inSeason: env.config.isWinter(today))
    }

    var freshWeather: WeatherReport? { weatherIsStale ? nil : env.catalog.weather }
}
