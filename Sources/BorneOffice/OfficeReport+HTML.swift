import BorneCore

extension OfficeReport {
    /// The report as one self-contained HTML page: inline CSS, the tables,
    /// and inline SVG bar charts (no script, no external file). Every text
    /// that comes from data (kiosk ids, item ids, labels) is escaped.
    public func html() -> String {
        let title = say("Statistiques des bornes") + " — " + say(period.label)
        var b = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <title>\(Self.escape(title))</title>
            <style>
            body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
            th, td { border: 1px solid #bbb; padding: 0.2em 0.6em; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            th { background: #eef; }
            th[scope=row] { text-align: left; font-weight: normal; background: #f7f7fb; }
            th.s { white-space: nowrap; }
            p.note { color: #7a4b00; }
            .charts { display: flex; flex-wrap: wrap; gap: 1em; }
            svg { overflow: visible; }
            svg text { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10px; fill: #333; }
            svg text.title { font-size: 11px; font-weight: bold; }
            svg .bar { fill: #3a6ea5; }
            svg .peak { fill: #d9534f; }
            svg .open { fill: #f0c040; }
            svg .grid { stroke: #ccc; stroke-width: 1; }
            .legend span { display: inline-block; width: 1em; height: 0.8em; background: #f0c040; opacity: 0.6; margin-right: 0.3em; }
            @page { size: A4; margin: 12mm; }
            @media print {
              body { margin: 0; font-size: 9pt; }
              table { font-size: 8pt; }
              tr, svg { break-inside: avoid; }
              .charts svg { zoom: 0.75; }
              th, td { padding: 0.1em 0.35em; }
              h2 { font-size: 12pt; break-after: avoid; }
              .charts { gap: 0.4em; }
            }
            </style>
            </head>
            <body>
            <h1>\(Self.escape(title))</h1>

            """
        if isEmpty {
            return b + "<p class=\"note\">\(Self.escape(say(noDataMessage)))</p>\n</body>\n</html>\n"
        }
        for n in notes { b += "<p class=\"note\">\(Self.escape(say("Note :") + " " + say(n)))</p>\n" }
        for t in shownTables {
            b += "<h2 id=\"\(Self.escape(t.id))\">\(Self.escape(t.title))</h2>\n"
            b += Self.htmlTable(t, names: columnName)
            switch t.id {
            case "rubriques", "rubriques-autres":
                b += charts(t, labels: t.rows.map(\.label), highlightPeaks: false)
            case "heures":
                if let share = officeOpenShare {
                    b += "<p class=\"legend\"><span></span>"
                        + Self.escape(say("fond jaune : heures d'ouverture de l'office (plus foncé : ouvert plus de jours de la période)"))
                        + (officeHoursSummary.map { " ; " + Self.escape(say("au moins un jour sur deux")) + " : \(Self.escape($0))" } ?? "") + "</p>\n"
                    b += charts(t, labels: (0..<24).map { "\($0)" }, highlightPeaks: true, shade: share)
                } else {
                    b += charts(t, labels: (0..<24).map { "\($0)" }, highlightPeaks: true)
                }
            case "mois":
                let labels = period.isCalendarYear ? ReportPeriod.monthShort.map(say)
                    : t.rows.map { r in
                        let p = r.label.split(separator: " ")
                        let m = ReportPeriod.monthNames.firstIndex { say($0) == String(p[0]) } ?? 0
                        return say(ReportPeriod.monthShort[m]) + (p.count > 1 ? " " + p[1].suffix(2) : "")
                    }
                b += charts(t, labels: labels, highlightPeaks: true)
            default: break
            }
        }
        b += "</body>\n</html>\n"
        return b
    }

    /// A cell as the office reads numbers: "5 656", "62,5" (narrow no-break
    /// space between thousands, decimal comma); other text unchanged.
    public static func frenchNumber(_ cell: String) -> String {
        let neg = cell.hasPrefix("-") || cell.hasPrefix("+")
        let body = neg ? String(cell.dropFirst()) : cell
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
            // "+12 %": the number before the sign.
            if cell.hasSuffix(" %") { return frenchNumber(String(cell.dropLast(2))) + "\u{202F}%" }
            return cell
        }
        var digits = Array(parts[0])
        var grouped = ""
        while digits.count > 3 {
            grouped = "\u{202F}" + String(digits.suffix(3)) + grouped
            digits.removeLast(3)
        }
        grouped = String(digits) + grouped
        if parts.count == 2 { grouped += "," + parts[1] }
        return (neg ? String(cell.prefix(1)) : "") + grouped
    }

    static func htmlTable(_ t: ReportTable, names columnName: (String) -> String) -> String {
        // The header in <thead>: printed again on each page a long table runs over.
        var s = "<table>\n<thead><tr><th></th>"
        for c in t.columns { s += "<th title=\"\(escape(c))\">\(escape(columnName(c)))</th>" }
        s += "</tr></thead>\n<tbody>\n"
        for r in t.rows {
            // Short labels ("00h-01h", "juillet 2027") never wrap.
            s += "<tr><th scope=\"row\"\(r.label.count <= 14 ? " class=\"s\"" : "")>\(escape(r.label))</th>"
            for c in r.cells { s += "<td class=\"n\">\(escape(frenchNumber(c)))</td>" }
            s += "</tr>\n"
        }
        return s + "</tbody>\n</table>\n"
    }

    /// One bar chart per column of `t` (all kiosks, then each kiosk).
    func charts(_ t: ReportTable, labels: [String], highlightPeaks: Bool, shade: [Double]? = nil) -> String {
        var s = "<div class=\"charts\">\n"
        for (i, c) in t.columns.enumerated() {
            let values = t.rows.map { Int($0.cells[i]) ?? 0 }
            s += Self.barChart(title: columnName(c), labels: labels, values: values,
                               highlightPeaks: highlightPeaks, shade: shade)
        }
        return s + "</div>\n"
    }

    /// Rough width in px of a text at 10-11 px (DejaVu Sans is wide).
    static func textWidth(_ s: String, size: Double = 10) -> Int { Int((Double(s.count) * size * 0.62).rounded(.up)) }

    /// An SVG bar chart with its value axis (0, half, max). With
    /// `highlightPeaks`, bars at ≥ 75 % of the maximum are drawn in another
    /// colour: the busy hours stand out. `shade` (one 0...1 value per bar)
    /// draws the office's opening hours behind the bars.
    static func barChart(title: String, labels: [String], values: [Int], highlightPeaks: Bool,
                         shade: [Double]? = nil) -> String {
        let n = max(values.count, 1)
        let longest = labels.map(\.count).max() ?? 0
        let rotate = longest > 5
        let barW = rotate ? 28 : (n > 12 ? 14 : 30)
        let chartH = 100
        let maxV = values.max() ?? 0
        let axisTop = niceCeiling(maxV)
        let axisW = textWidth(frenchNumber(String(axisTop))) + 8
        let top = 24, left = axisW + 4
        let bottom = rotate ? 14 + textWidth(labels.max { $0.count < $1.count } ?? "") : 18
        let plotW = n * barW
        let fullTitle = "\(title) (max \(frenchNumber(String(maxV))))"
        let width = max(left + plotW + 10, textWidth(fullTitle, size: 11) + 8)
        let height = top + chartH + bottom
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(escape(title))\">\n"
        s += "<text class=\"title\" x=\"2\" y=\"13\">\(escape(fullTitle))</text>\n"
        if let shade {
            for (i, v) in shade.enumerated() where i < n && v > 0 {
                s += "<rect class=\"open\" x=\"\(left + i * barW)\" y=\"\(top)\" width=\"\(barW)\" height=\"\(chartH)\" "
                    + "opacity=\"\(String(format: "%.2f", 0.15 + 0.6 * v))\"><title>office ouvert \(Int((v * 100).rounded())) % du temps</title></rect>\n"
            }
        }
        for tick in [0, axisTop / 2, axisTop] {
            let y = top + chartH - (axisTop > 0 ? tick * chartH / axisTop : 0)
            s += "<line class=\"grid\" x1=\"\(left)\" y1=\"\(y)\" x2=\"\(left + plotW)\" y2=\"\(y)\"/>"
            s += "<text x=\"\(left - 4)\" y=\"\(y + 3)\" text-anchor=\"end\">\(escape(frenchNumber(String(tick))))</text>\n"
        }
        for (i, v) in values.enumerated() {
            let h = axisTop > 0 ? v * chartH / axisTop : 0
            let x = left + i * barW
            let peak = highlightPeaks && v > 0 && v * 4 >= maxV * 3
            let label = i < labels.count ? labels[i] : ""
            s += "<rect class=\"\(peak ? "peak" : "bar")\" x=\"\(x + 1)\" y=\"\(top + chartH - h)\" width=\"\(barW - 2)\" height=\"\(h)\">"
            s += "<title>\(escape(label)) : \(escape(frenchNumber(String(v))))</title></rect>\n"
            if rotate {
                let lx = x + barW / 2, ly = top + chartH + 8
                s += "<text x=\"\(lx)\" y=\"\(ly)\" transform=\"rotate(60 \(lx) \(ly))\">\(escape(label))</text>\n"
            } else {
                s += "<text x=\"\(x + barW / 2)\" y=\"\(top + chartH + 12)\" text-anchor=\"middle\">\(escape(label))</text>\n"
            }
        }
        return s + "</svg>\n"
    }

    /// A round axis maximum ≥ `v`: 1, 2, 5 × 10^k (0 stays 0... drawn as 1).
    static func niceCeiling(_ v: Int) -> Int {
        guard v > 0 else { return 1 }
        var p = 1
        while p * 10 < v { p *= 10 }
        for m in [1, 2, 5, 10] where m * p >= v { return m * p }
        return 10 * p
    }

    /// Text for HTML content and attribute values: `Sanitizer.html`
    /// (control and bidi characters removed, then escaped).
    public static func escape(_ s: String) -> String { Sanitizer.html(s) }
}
