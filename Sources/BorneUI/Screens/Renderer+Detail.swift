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

    var height: Int {
        switch self {
        case .line, .blank, .message: return 1
        case .map(_, let h), .profile(_, let h), .mapAndProfile(_, let h): return h
        }
    }
}

extension Renderer {
    mutating func drawDetail(_ id: String) {
        guard let item = env.catalog.item(id: id) else {
            let body = navBar("?")
            canvas.text(2, body.y + 1, t(.noItems), Style(.muted))
            return
        }
        var body = navBar(item.name.text(lang))
        body = Rect(x: 2, y: body.y + 1, width: body.width - 3, height: body.height - 1)

        // Right-hand panel: the QR code for the visitor's phone.
        if let panel = qrPanel(for: item, in: body) {
            body.width -= panel.rect.width + 2
            drawQRPanel(panel.rect, panel.matrix, caption: panel.caption)
        }
        let (pagerCol, textArea) = body.takeRight(Renderer.minTargetWidth + 1)
        let blocks = detailBlocks(item, width: textArea.width - 1, height: textArea.height)
        let pages = paginate(blocks, height: textArea.height)
        pageShown = min(state.top.page, pages.count - 1)
        drawBlocks(pages[pageShown], in: Rect(x: textArea.x, y: textArea.y, width: textArea.width - 1, height: textArea.height))
        pager(Rect(x: pagerCol.x, y: pagerCol.y, width: pagerCol.width, height: pagerCol.height),
              page: pageShown, pages: pages.count)
    }

    struct QRPanel { var rect: Rect; var matrix: QRMatrix; var caption: String }

    func qrPanel(for item: ContentItem, in body: Rect) -> QRPanel? {
        guard let qr = env.qr else { return nil }
        let payload: (String, L10n.Key)?
        if let w = item.website { payload = (w, .scanWebsite) }
        else if let p = item.phone { payload = ("tel:" + p.filter { $0.isNumber || $0 == "+" }, .scanPhone) }
        else { payload = nil }
        guard let (text, key) = payload, let m = qr(text) else { return nil }
        let s = QRCodeView.size(for: m)
        guard s.height + 2 <= body.height, s.width + 2 <= body.width / 2 else { return nil }
        let rect = Rect(x: body.maxX - s.width, y: body.y, width: s.width, height: s.height + 2)
        return QRPanel(rect: rect, matrix: m, caption: t(key))
    }

    mutating func drawQRPanel(_ rect: Rect, _ m: QRMatrix, caption: String) {
        canvas.centered(rect, rect.y, t(.scanForPhone), Style(.title, bold: true))
        let s = QRCodeView.size(for: m)
        QRCodeView(matrix: m).render(in: Rect(x: rect.x, y: rect.y + 1, width: s.width, height: s.height), into: &canvas)
        canvas.centered(rect, rect.y + 1 + s.height, caption, Style(.muted))
    }

    func detailBlocks(_ item: ContentItem, width: Int, height: Int) -> [Block] {
        var b: [Block] = []
        func text(_ s: String, _ style: Style = .normal, indent: String = "") {
            for l in TextWidth.wrap(s, width: max(1, width - TextWidth.of(indent))) { b.append(.line(indent + l, style)) }
        }
        func field(_ key: L10n.Key, _ value: String?) {
            guard let v = value, !v.isEmpty else { return }
            text("\(t(key)) : \(v)")
        }
        if !item.category.isEmpty { text(item.category.text(lang), Style(.muted)) }
        if item.demo { text("[\(t(.example))] " + t(.demoNote), Style(.warning)) }
        if let h = item.hike { hikeBlocks(h, width: width, height: height, into: &b) }
        if !item.dates.isEmpty {
            let upcoming = item.dates.filter { $0.end >= today }
            let shown = upcoming.isEmpty ? item.dates : upcoming
            text("\(t(.dates)) : " + shown.map { DateText.eventDates($0, lang) }.joined(separator: ", "), Style(.title, bold: true))
        }
        if let (line, role) = hoursLine(item.openingHours) { text(line, Style(role, bold: true)) }
        if !item.hoursText.isEmpty { text("\(t(.hours)) : " + item.hoursText.text(lang), Style(.muted)) }
        if !item.summary.isEmpty { b.append(.blank); text(item.summary.text(lang), Style(.normal, bold: true)) }
        if !item.description.isEmpty { b.append(.blank); text(item.description.text(lang)) }
        b.append(.blank)
        var address = item.address ?? ""
        if let c = item.commune, !address.contains(c) { address += address.isEmpty ? c : ", " + c }
        field(.address, address)
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
