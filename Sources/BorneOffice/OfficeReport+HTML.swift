import BorneCore

extension OfficeReport {
    /// The report as one self-contained HTML page: inline CSS, the tables,
    /// and inline SVG bar charts (no script, no external file). Every text
    /// that comes from data (kiosk ids, item ids, labels) is escaped.
    public func html() -> String {
        var b = """
            <!DOCTYPE html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <title>\(Self.escape("Statistiques des bornes — \(year)"))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
            th, td { border: 1px solid #bbb; padding: 0.2em 0.6em; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            th { background: #eef; }
            .charts { display: flex; flex-wrap: wrap; gap: 1em; }
            svg text { font-family: sans-serif; font-size: 10px; fill: #333; }
            svg .bar { fill: #3a6ea5; }
            svg .peak { fill: #d9534f; }
            </style>
            </head>
            <body>
            <h1>\(Self.escape("Statistiques des bornes — \(year)"))</h1>

            """
        for t in tables {
            b += "<h2 id=\"\(Self.escape(t.id))\">\(Self.escape(t.title))</h2>\n"
            b += Self.htmlTable(t)
            switch t.id {
            case "rubriques", "rubriques-autres":
                b += charts(t, labels: t.rows.map(\.label), highlightPeaks: false)
            case "heures":
                b += charts(t, labels: (0..<24).map { "\($0)" }, highlightPeaks: true)
            case "mois":
                b += charts(t, labels: Self.monthNames.map { String($0.prefix(3)) }, highlightPeaks: true)
            default: break
            }
        }
        b += "</body>\n</html>\n"
        return b
    }

    static func htmlTable(_ t: ReportTable) -> String {
        var s = "<table>\n<tr><th></th>"
        for c in t.columns { s += "<th title=\"\(escape(c))\">\(escape(KioskCatalog.name(c)))</th>" }
        s += "</tr>\n"
        for r in t.rows {
            s += "<tr><th scope=\"row\">\(escape(r.label))</th>"
            for c in r.cells { s += "<td class=\"n\">\(escape(c))</td>" }
            s += "</tr>\n"
        }
        return s + "</table>\n"
    }

    /// One bar chart per column of `t` (all kiosks, then each kiosk).
    func charts(_ t: ReportTable, labels: [String], highlightPeaks: Bool) -> String {
        var s = "<div class=\"charts\">\n"
        for (i, c) in t.columns.enumerated() {
            let values = t.rows.map { Int($0.cells[i]) ?? 0 }
            s += Self.barChart(title: KioskCatalog.name(c), labels: labels, values: values,
                               highlightPeaks: highlightPeaks)
        }
        return s + "</div>\n"
    }

    /// An SVG bar chart. With `highlightPeaks`, bars at ≥ 75 % of the
    /// maximum are drawn in another colour: the busy hours stand out.
    static func barChart(title: String, labels: [String], values: [Int], highlightPeaks: Bool) -> String {
        let n = max(values.count, 1)
        let rotate = labels.contains { $0.count > 4 }
        let barW = rotate ? 28 : (n > 12 ? 14 : 26)
        let chartH = 100
        let top = 20, left = 8
        let bottom = rotate ? 110 : 18
        let width = left * 2 + n * barW
        let height = top + chartH + bottom
        let maxV = max(values.max() ?? 0, 1)
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(escape(title))\">\n"
        s += "<text x=\"\(left)\" y=\"12\">\(escape(title)) (max \(values.max() ?? 0))</text>\n"
        for (i, v) in values.enumerated() {
            let h = v * chartH / maxV
            let x = left + i * barW
            let peak = highlightPeaks && v > 0 && v * 4 >= maxV * 3
            let label = i < labels.count ? labels[i] : ""
            s += "<rect class=\"\(peak ? "peak" : "bar")\" x=\"\(x + 1)\" y=\"\(top + chartH - h)\" width=\"\(barW - 2)\" height=\"\(h)\">"
            s += "<title>\(escape(label)) : \(v)</title></rect>\n"
            if rotate {
                let lx = x + barW / 2, ly = top + chartH + 6
                s += "<text x=\"\(lx)\" y=\"\(ly)\" transform=\"rotate(60 \(lx) \(ly))\">\(escape(label))</text>\n"
            } else {
                s += "<text x=\"\(x + barW / 2)\" y=\"\(top + chartH + 12)\" text-anchor=\"middle\">\(escape(label))</text>\n"
            }
        }
        return s + "</svg>\n"
    }

    /// Text for HTML content and attribute values: `Sanitizer.html`
    /// (control and bidi characters removed, then escaped).
    public static func escape(_ s: String) -> String { Sanitizer.html(s) }
}
