import BorneCore
import Foundation

/// A piece of a detail page; pages are cut between blocks.
enum Block {
    case line(String, Style)
    case blank
    case map(Track, height: Int)
    case profile(Track, height: Int)
    case mapAndProfile(Track, height: Int)
    case message(String, Style)
    /// Pieces of one line at column offsets from the left of the text area.
    case row([(Int, String, Style)])

    var height: Int {
        switch self {
        case .line, .blank, .message, .row: return 1
        case .map(_, let h), .profile(_, let h), .mapAndProfile(_, let h): return h
        }
    }
}

extension Renderer {
    mutating func drawDetail(_ id: String) {
        guard let item = item(id) else {
            let body = navBar("?")
            canvas.text(2, body.y + 1, t(.noItems), Style(.muted))
            return
        }
        let codes = qrCodes(for: item)
        var body = navBar(item.name.text(lang), qr: codes.first)
        body = Rect(x: 2, y: body.y + 1, width: body.width - 3, height: body.height - 1)

        // Right-hand panel on wide screens: the QR codes for the visitor's
        // phone, stacked while they fit (on narrow screens the QR screen
        // offers the others).
        var panelY = body.y, panelWidth = 0
        for (text, caption) in codes {
            let room = Rect(x: body.x, y: panelY, width: body.width, height: body.maxY - panelY)
            guard let panel = qrSidePanel(text, caption: caption, in: room) else { break }
            drawQRPanel(panel.rect, panel.matrix, caption: panel.caption)
            panelY = panel.rect.maxY + 1
            panelWidth = max(panelWidth, panel.rect.width)
        }
        if panelWidth > 0 { body.width -= panelWidth + 2 }
        let (pagerCol, textArea) = body.takeRight(Renderer.minTargetWidth + 1)
        var blocks = detailBlocks(item, width: textArea.width - 1, height: textArea.height)
        if titleWasCut {
            // The bar could not show the whole name: the page starts with it.
            let lines = TextWidth.wrap(item.name.text(lang), width: textArea.width - 1)
            blocks.insert(contentsOf: lines.map { Block.line($0, Style(.title, bold: true)) }, at: 0)
        }
        let pages = paginate(blocks, height: textArea.height)
        pageShown = min(state.top.page, pages.count - 1)
        drawBlocks(pages[pageShown], in: Rect(x: textArea.x, y: textArea.y, width: textArea.width - 1, height: textArea.height))
        pager(Rect(x: pagerCol.x, y: pagerCol.y, width: pagerCol.width, height: pagerCol.height),
              page: pageShown, pages: pages.count)
    }

    struct QRPanel { var rect: Rect; var matrix: QRMatrix; var caption: String }

    /// What the visitor's phone should get from an item: its website, else a
    /// call to its phone, else its place (a hike's start) on a map.
    func qrPayload(for item: ContentItem) -> (String, L10n.Key)? {
        if let w = item.website { return (w, .scanWebsite) }
        if let p = item.phone { return ("tel:" + p.filter { $0.isNumber || $0 == "+" }, .scanPhone) }
        let start = item.hike?.track?.segments.first?.first.map { GeoPoint(lat: $0.lat, lon: $0.lon) } ?? item.geo
        if let g = start { return (String(format: "geo:%.5f,%.5f", g.lat, g.lon), .scanMap) }
        return nil
    }

    /// The side panel, when the screen is wide enough to keep the text readable beside it.
    func qrSidePanel(_ text: String, caption: L10n.Key, in body: Rect) -> QRPanel? {
        guard size.width >= Renderer.sideQRMinWidth, let m = qrMatrix(text, caption) else { return nil }
        let s = QRCodeView.size(for: m)
        guard s.height + 2 <= body.height, s.width + 2 <= body.width / 2 else { return nil }
        let rect = Rect(x: body.maxX - s.width, y: body.y, width: s.width, height: s.height + 2)
        return QRPanel(rect: rect, matrix: m, caption: t(caption))
    }

    /// A QR code alone, centred, with what it holds written under it.
    mutating func drawQRScreen(_ text: String, _ caption: L10n.Key) {
        let body = navBar(t(.scanForPhone))
        // The item's other codes (a restaurant's website after its phone), on the left.
        var buttonsEnd = 0
        if state.stack.count >= 2, case .detail(let id)? = state.stack.dropLast().last?.route, let item = item(id) {
            var y = body.y + 1
            for (other, key) in qrCodes(for: item) where other != text {
                let label = "▣ " + t(key)
                let w = min(30, max(Renderer.minTargetWidth, TextWidth.of(label) + 4))
                button(Rect(x: 1, y: y, width: w, height: 3), label, .showQR(other, key), id: "qr:\(key.rawValue)")
                buttonsEnd = max(buttonsEnd, 1 + w)
                y += 4
            }
        }
        guard let m = qrMatrix(text, caption) else {
            canvas.centered(body, body.y + 2, text, Style(.normal, bold: true)); return
        }
        let s = QRCodeView.size(for: m)
        let top = body.y + max(1, (body.height - s.height - 3) / 2)
        canvas.centered(body, top - 1 < body.y ? body.y : top - 1, t(caption), Style(.title, bold: true))
        // Centred, or right of the other codes' buttons when it would cover them.
        let x = min(max((size.width - s.width) / 2, buttonsEnd + 1), max(0, size.width - s.width))
        QRCodeView(matrix: m).render(in: Rect(x: x, y: top, width: s.width, height: s.height),
                                     into: &canvas)
        canvas.centered(body, min(size.height - 1, top + s.height), caption == .scanCalendar ? Self.calendarSummary(text) : text,
                        Style(.muted))
    }

    /// What a calendar entry says, for the line under its code: its
    /// SUMMARY (the VEVENT text itself is for the phone).
    static func calendarSummary(_ vevent: String) -> String {
        let line = vevent.split(separator: "\n").first { $0.hasPrefix("SUMMARY:") } ?? ""
        return String(line.dropFirst("SUMMARY:".count)).replacingOccurrences(of: "\\,", with: ",")
            .replacingOccurrences(of: "\\;", with: ";").replacingOccurrences(of: "\\\\", with: "\\")
    }

    mutating func drawQRPanel(_ rect: Rect, _ m: QRMatrix, caption: String) {
        canvas.centered(rect, rect.y, t(.scanForPhone), Style(.title, bold: true))
        let s = QRCodeView.size(for: m)
        QRCodeView(matrix: m).render(in: Rect(x: rect.x, y: rect.y + 1, width: s.width, height: s.height), into: &canvas)
        canvas.centered(rect, rect.y + 1 + s.height, caption, Style(.muted))
    }

    func detailBlocks(_ item: ContentItem, width: Int, height: Int, includeHike: Bool = true) -> [Block] {
        var b: [Block] = []
        func text(_ s: String, _ style: Style = .normal, indent: String = "") {
            for l in TextWidth.wrap(s, width: max(1, width - TextWidth.of(indent))) { b.append(.line(indent + l, style)) }
        }
        func field(_ key: L10n.Key, _ value: String?) {
            guard let v = value, !v.isEmpty else { return }
            text("\(t(key))\(t(.colon))\(v)")
        }
        if !item.category.isEmpty { text(localized(item.category), Style(.muted)) }
        if item.demo { text("[\(t(.example))] " + t(.demoNote), Style(.warning)) }
        if includeHike, let h = item.hike { hikeBlocks(h, width: width, height: height, into: &b) }
        if !item.dates.isEmpty {
            let upcoming = item.dates.filter { $0.end >= today }
            let shown = upcoming.isEmpty ? item.dates : upcoming
            text("\(t(.dates))\(t(.colon))" + shown.map { DateText.eventDates($0, lang, today: today) }.joined(separator: ", "), Style(.title, bold: true))
        }
        if let (line, role) = itemHoursLine(item) { text(line, Style(role, bold: true)) }
        if !item.hoursText.isEmpty { text("\(t(.hours))\(t(.colon))" + localized(item.hoursText), Style(.muted)) }
        if !item.summary.isEmpty { b.append(.blank); text(localized(item.summary), Style(.normal, bold: true)) }
        if !item.description.isEmpty { b.append(.blank); text(localized(item.description)) }
        b.append(.blank)
        var address = item.address ?? ""
        if let c = item.commune, !address.contains(c) { address += address.isEmpty ? c : ", " + c }
        field(item.hike == nil ? .address : .start, address)
        field(.phone, item.phone)
        field(.email, item.email)
        field(.website, item.website)
        if !item.tags.isEmpty {
            field(.tags, item.tags.map { L10n.tag($0, lang) }.joined(separator: ", "))
        }
        while case .blank? = b.last { b.removeLast() }
        return b
    }

    func hikeBlocks(_ h: HikeInfo, width: Int, height: Int, into b: inout [Block]) {
        var stats: [String] = []
        if let d = h.effectiveDistanceKm { stats.append("\(t(.distance)) \(DateText.km(d, lang))") }
        if let c = h.effectiveClimbM { stats.append("\(t(.climb)) +\(Int(c.rounded())) m") }
        stats.append("\(t(.duration)) \(DateText.duration(minutes: h.durationMinutes))")
        b.append(.line(stats.joined(separator: " · "), Style(.title, bold: true)))
        let kind = L10n.activity(h.activity, lang) + " · " + L10n.difficulty(h.difficulty, lang) + " · "
            + t(h.loop ? .loop : .outAndBack)
        b.append(.line(kind, Style(.normal)))
        if let track = h.track {
            if let lo = track.stats.minEleM, let hi = track.stats.maxEleM {
                b.append(.line("\(Int(lo.rounded())) m → \(Int(hi.rounded())) m", Style(.muted)))
            }
            // The map starts on the first page: it takes the rows left under the lines above.
            let avail = height - b.count
            if width >= 60 {
                b.append(.mapAndProfile(track, height: max(6, min(avail, 20))))
            } else {
                b.append(.map(track, height: max(6, min(avail, 14))))
                b.append(.profile(track, height: max(5, min(avail, 8))))
            }
        } else {
            b.append(.message(t(.trackMissing), Style(.muted)))
        }
    }

    /// Cuts blocks into pages of `height` rows; a block taller than a page gets a page of its own.
    func paginate(_ blocks: [Block], height: Int) -> [[Block]] {
        var pages: [[Block]] = [[]]
        var used = 0
        for block in blocks {
            let h = min(block.height, height)
            if used + h > height, !pages[pages.count - 1].isEmpty {
                pages.append([]); used = 0
                if case .blank = block { continue }
            }
            pages[pages.count - 1].append(block)
            used += h
        }
        return pages
    }

    mutating func drawBlocks(_ blocks: [Block], in area: Rect) {
        var y = area.y
        for block in blocks {
            let h = min(block.height, area.maxY - y)
            guard h > 0 else { break }
            let r = Rect(x: area.x, y: y, width: area.width, height: h)
            switch block {
            case .line(let s, let style), .message(let s, let style):
                canvas.text(area.x, y, s, style, maxWidth: area.width)
            case .blank:
                break
            case .row(let pieces):
                for (i, (dx, text, style)) in pieces.enumerated() {
                    let end = i + 1 < pieces.count ? pieces[i + 1].0 - 1 : area.width
                    canvas.text(area.x + dx, y, text, style, maxWidth: max(0, min(end, area.width) - dx))
                }
            case .map(let track, _):
                BrailleTrackView(track: track).render(in: r, into: &canvas)
            case .profile(let track, _):
                ElevationProfileView(track: track, emptyText: t(.noElevation)).render(in: r, into: &canvas)
            case .mapAndProfile(let track, _):
                let (left, right) = r.takeLeft(r.width / 2)
                BrailleTrackView(track: track).render(in: left, into: &canvas)
                ElevationProfileView(track: track, emptyText: t(.noElevation))
                    .render(in: Rect(x: right.x + 2, y: right.y, width: right.width - 2, height: min(right.height, 12)), into: &canvas)
            }
            y += h
        }
    }
}
