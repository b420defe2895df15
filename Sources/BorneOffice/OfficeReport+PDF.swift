import BorneContent
import BorneCore
import Foundation

extension OfficeReport {
    /// The report as an A4 PDF for the board: the same tables as the other
    /// formats (French number formatting), each chart of the hours with the
    /// office's opening hours shaded, and the months. Written with the
    /// project's PDF writer (`PDFPage`, shared with the hike sheets).
    public func pdf() -> Data {
        var w = PDFReportWriter(title: say("Statistiques des bornes") + " — " + say(period.label), names: columnName)
        if isEmpty {
            w.paragraph(say(noDataMessage), size: 12, font: .bold)
            return w.finish()
        }
        for n in notes { w.paragraph(say("Note :") + " " + say(n), size: 8) }
        for t in shownTables {
            w.table(Self.sanitized(t))
            if t.id == "heures" {
                if let h = officeHoursSummary {
                    w.paragraph(say("Fond gris : heures d'ouverture de l'office (plus foncé : ouvert plus de jours)") + " ; "
                                + say("au moins un jour sur deux") + " : \(h)", size: 7.5)
                }
                w.charts(t, labels: (0..<24).map { $0 % 3 == 0 ? "\($0)" : "" }, shade: officeOpenShare)
            }
            if t.id == "mois" {
                let labels = t.rows.map { r -> String in
                    let m = ReportPeriod.monthNames.firstIndex { say($0) == String(r.label.split(separator: " ")[0]) } ?? 0
                    let short = say(ReportPeriod.monthShort[m])
                    return t.rows.count > 12 ? String(short.prefix(1)) : short
                }
                w.charts(t, labels: labels, shade: nil, perRow: 2)
            }
        }
        return w.finish()
    }
}

/// Lays the report out on A4 pages, top to bottom, starting a new page when
/// the next block does not fit; long tables carry their header over.
struct PDFReportWriter {
    var pages: [PDFPage] = []
    var page = PDFPage()
    let title: String
    let names: (String) -> String
    let left = 36.0, right = PDFPage.width - 36, bottom = 40.0
    var y: Double

    init(title: String, names: @escaping (String) -> String) {
        self.title = title
        self.names = names
        y = PDFPage.height - 44
        page.text(Self.pdfText(title), x: left, y: y, size: 15, font: .bold)
        y -= 22
    }

    /// The narrow no-break space of French numbers is not in WinAnsi: a no-break space instead.
    static func pdfText(_ s: String) -> String { s.replacingOccurrences(of: "\u{202F}", with: "\u{00A0}") }

    /// Helvetica widths, roughly: digits 0.556 em, other text about 0.5 em (capitals wider).
    static func width(_ s: String, size: Double) -> Double {
        s.reduce(0.0) { w, c in
            w + size * (c.isNumber ? 0.556 : c.isUppercase ? 0.68 : c == " " || c == "\u{00A0}" ? 0.278 : 0.5)
        }
    }

    /// `s` cut with "…" to fit `maxWidth`.
    static func fit(_ s: String, size: Double, maxWidth: Double) -> String {
        guard width(s, size: size) > maxWidth else { return s }
        var t = s
        while !t.isEmpty && width(t + "…", size: size) > maxWidth { t.removeLast() }
        return t + "…"
    }

    mutating func newPage() {
        pages.append(page)
        page = PDFPage()
        y = PDFPage.height - 40
    }

    mutating func ensure(_ height: Double) {
        if y - height < bottom { newPage() }
    }

    mutating func paragraph(_ s: String, size: Double, font: PDFPage.Font = .regular) {
        ensure(size * 2.6)
        y = page.paragraph(Self.pdfText(s), x: left, y: y, width: right - left, size: size, font: font) - 4
    }

    mutating func table(_ t: ReportTable) {
        let size = 7.0, rowH = 10.0
        let n = Double(t.columns.count)
        let colW = min(56, (right - left) * 0.62 / n)
        let labelW = right - left - n * colW
        let names = t.columns.map(self.names)
        // The title, the header and at least three rows together.
        ensure(16 + rowH * 2 + rowH * Double(min(t.rows.count, 3)))
        // Rows: baseline y, band y-3...y+7. The header: a 20 pt band below
        // `y + 7`, names on two lines.
        func header() {
            let top = y + 7
            page.rect(x: left, y: top - 20, w: right - left, h: 20, fill: 0.88)
            for (i, name) in names.enumerated() {
                // Kiosk names on two lines where they are long.
                let words = name.split(separator: " ").map(String.init)
                var line1 = name, line2 = ""
                if Self.width(name, size: size) > colW - 4, words.count > 1 {
                    let half = (words.count + 1) / 2
                    line1 = words[..<half].joined(separator: " "); line2 = words[half...].joined(separator: " ")
                }
                let xr = left + labelW + Double(i + 1) * colW - 2
                for (k, line) in [line1, line2].enumerated() where !line.isEmpty {
                    let s = Self.fit(Self.pdfText(line), size: size, maxWidth: colW - 4)
                    page.text(s, x: xr - Self.width(s, size: size), y: top - 8 - Double(k) * 8, size: size, font: .bold)
                }
            }
            y = top - 20 - 7
        }
        page.text(Self.fit(Self.pdfText(t.title), size: 9.5, maxWidth: right - left), x: left, y: y, size: 9.5, font: .bold)
        y -= 12
        header()
        for (r, row) in t.rows.enumerated() {
            if y - rowH < bottom {
                newPage()
                page.text(Self.fit(Self.pdfText(t.title + " (suite)"), size: 9.5, maxWidth: right - left), x: left, y: y, size: 9.5, font: .bold)
                y -= 12
                header()
            }
            if r % 2 == 1 { page.rect(x: left, y: y - 3, w: right - left, h: rowH, fill: 0.95) }
            page.text(Self.fit(Self.pdfText(row.label), size: size, maxWidth: labelW - 4), x: left + 2, y: y, size: size)
            for (i, c) in row.cells.enumerated() {
                let s = Self.pdfText(OfficeReport.frenchNumber(c))
                let xr = left + labelW + Double(i + 1) * colW - 2
                page.text(s, x: xr - Self.width(s, size: size), y: y, size: size)
            }
            y -= rowH
        }
        y -= 10
    }

    /// One small bar chart per column, three to a row; `shade` (per bar,
    /// 0...1) greys the office's opening hours behind the bars.
    mutating func charts(_ t: ReportTable, labels: [String], shade: [Double]?, perRow: Int = 3) {
        let gap = 12.0
        let w = (right - left - gap * Double(perRow - 1)) / Double(perRow)
        let plotH = 52.0, h = plotH + 34
        for (i, c) in t.columns.enumerated() {
            if i % perRow == 0 { ensure(h) }
            let x0 = left + Double(i % perRow) * (w + gap)
            let top = y
            let values = t.rows.map { Int($0.cells[i]) ?? 0 }
            let maxV = values.max() ?? 0
            let axisTop = OfficeReport.niceCeiling(maxV)
            let name = Self.pdfText(names(c) + " (max " + OfficeReport.frenchNumber(String(maxV)) + ")")
            page.text(Self.fit(name, size: 7.5, maxWidth: w), x: x0, y: top - 8, size: 7.5, font: .bold)
            let axisW = Self.width(OfficeReport.frenchNumber(String(axisTop)), size: 6) + 4
            let px = x0 + axisW, pw = w - axisW, base = top - 14 - plotH
            let bw = pw / Double(max(values.count, 1))
            if let shade {
                for (k, v) in shade.enumerated() where k < values.count && v > 0 {
                    page.rect(x: px + Double(k) * bw, y: base, w: bw, h: plotH, fill: 0.93 - 0.2 * v)
                }
            }
            for tick in [0, axisTop / 2, axisTop] {
                let ty = base + plotH * Double(tick) / Double(axisTop)
                page.polyline([(px, ty), (px + pw, ty)], width: 0.3, gray: 0.6)
                let s = Self.pdfText(OfficeReport.frenchNumber(String(tick)))
                page.text(s, x: px - 2 - Self.width(s, size: 6), y: ty - 2, size: 6)
            }
            for (k, v) in values.enumerated() where v > 0 {
                let bh = plotH * Double(v) / Double(axisTop)
                page.rect(x: px + Double(k) * bw + 0.6, y: base, w: max(bw - 1.2, 0.5), h: bh, fill: v * 4 >= maxV * 3 ? 0.15 : 0.45)
            }
            for (k, l) in labels.enumerated() where k < values.count && !l.isEmpty {
                let s = Self.pdfText(l)
                page.text(s, x: px + Double(k) * bw + bw / 2 - Self.width(s, size: 5.5) / 2, y: base - 8, size: 5.5)
            }
            if i % perRow == perRow - 1 || i == t.columns.count - 1 { y = top - h }
        }
        y -= 6
    }

    mutating func finish() -> Data {
        pages.append(page)
        let count = pages.count
        for i in pages.indices {
            let footer = "Office de Tourisme du Carladès · \(title) · page \(i + 1) / \(count)"
            pages[i].text(Self.pdfText(footer), x: left, y: 22, size: 7)
        }
        return PDFPage.document(pages: pages)
    }
}
