import BorneCore

extension OfficeReport {
    /// The report as aligned text: each table with the row labels on the
    /// left and kiosk names as right-aligned columns, like the 2020 report;
    /// the hours and months tables are followed by one bar line per kiosk.
    public func text() -> String {
        var out = say("Statistiques des bornes") + " — \(Sanitizer.line(say(period.label)))\n"
        if isEmpty { return out + "\n" + say(noDataMessage) + "\n" }
        for n in notes { out += say("Note :") + " " + Sanitizer.line(say(n)) + "\n" }
        for t in shownTables {
            out += "\n" + Self.textTable(t, names: columnName)
            if t.id == "heures" {
                out += sparklines(t, caption: say("Profil horaire") + ", 0h → 23h")
                if let h = officeHoursSummary { out += say("Office ouvert (au moins un jour sur deux)") + " : \(h)\n" }
            }
            if t.id == "mois" { out += sparklines(t, caption: say("Profil mensuel") + ", \(t.rows.first?.label ?? "") → \(t.rows.last?.label ?? "")") }
        }
        return out
    }

    static func width(_ s: String) -> Int { s.count }

    static func pad(_ s: String, _ w: Int, right: Bool) -> String {
        let gap = String(repeating: " ", count: max(0, w - width(s)))
        return right ? gap + s : s + gap
    }

    /// Every text of the table made safe (`Sanitizer.line`: no control
    /// character, escape sequence or bidi override), as all office output.
    static func sanitized(_ t: ReportTable) -> ReportTable {
        ReportTable(id: t.id, title: Sanitizer.line(t.title), columns: t.columns.map(Sanitizer.line),
                    rows: t.rows.map { ReportRow(Sanitizer.line($0.label), $0.cells.map(Sanitizer.line)) })
    }

    static func textTable(_ table: ReportTable, names columnName: (String) -> String) -> String {
        let t = sanitized(table)
        let names = t.columns.map(columnName)
        let labelW = max(t.rows.map { width($0.label) }.max() ?? 0, 1)
        let colW = names.indices.map { i in max(width(names[i]), t.rows.map { width($0.cells[i]) }.max() ?? 0) }
        var out = t.title + "\n" + String(repeating: "=", count: width(t.title)) + "\n"
        out += pad("", labelW, right: false)
        for (i, n) in names.enumerated() { out += "  " + pad(n, colW[i], right: true) }
        out += "\n"
        for r in t.rows {
            out += pad(r.label, labelW, right: false)
            for (i, c) in r.cells.enumerated() { out += "  " + pad(c, colW[i], right: true) }
            out += "\n"
        }
        return out
    }

    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One line per column: a bar per row, scaled to the column's maximum,
    /// blank for zero. Peaks show at a glance (Vic: 12-14h and 18-20h).
    func sparklines(_ t: ReportTable, caption: String) -> String {
        let names = t.columns.map { Sanitizer.line(columnName($0)) }
        let w = names.map(Self.width).max() ?? 0
        var out = "\n" + caption + "\n"
        for (i, n) in names.enumerated() {
            let values = t.rows.map { Int($0.cells[i]) ?? 0 }
            out += Self.pad(n, w, right: false) + "  " + Self.bars(values) + "\n"
        }
        return out
    }

    static func bars(_ values: [Int]) -> String {
        let top = values.max() ?? 0
        return String(values.map { v -> Character in
            guard v > 0, top > 0 else { return " " }
            return blocks[min(blocks.count - 1, (v * blocks.count - 1) / top)]
        })
    }
}

/// How `--format csv` writes: `excelFR` opens cleanly in French Excel and
/// LibreOffice by default (UTF-8 with BOM, `;` separator, decimal comma,
/// CRLF); `rfc4180` is the form scripts read (`,`, `.`, `\n`, no BOM).
public enum CSVDialect: String, Sendable, CaseIterable {
    case excelFR = "excel-fr"
    case rfc4180
}

extension OfficeReport {
    /// The report as CSV: one block per table — its title line, a header
    /// line `,all_kiosks,<kiosk id>,...`, then one line per row whose first
    /// cell is the row's label — blocks separated by one blank line. A
    /// period without data is one line: the message.
    public func csv(dialect: CSVDialect = .rfc4180) -> String {
        let nl = dialect == .excelFR ? "\r\n" : "\n"
        var body: String
        if isEmpty {
            body = Self.csvCell(say(noDataMessage), dialect) + nl
        } else {
            // The 2020 tables first, as scripts expect; notes last, one line each.
            body = shownTables.map { Self.csvBlock($0, dialect) }.joined(separator: nl)
            body += notes.map { nl + Self.csvCell(say("Note :") + " " + say($0), dialect) + nl }.joined()
        }
        return dialect == .excelFR ? "\u{FEFF}" + body : body
    }

    static func csvBlock(_ t: ReportTable, _ d: CSVDialect = .rfc4180) -> String {
        let sep = d == .excelFR ? ";" : ","
        let nl = d == .excelFR ? "\r\n" : "\n"
        var out = csvCell(t.title, d) + nl
        out += sep + t.columns.map { csvCell($0, d) }.joined(separator: sep) + nl
        for r in t.rows {
            // The decimal comma after quoting: "49,1" is a number, not a cell to quote.
            out += ([csvCell(r.label, d)] + r.cells.map { d == .excelFR ? decimalComma(csvCell($0, d)) : csvCell($0, d) })
                .joined(separator: sep) + nl
        }
        return out
    }

    /// One cell: `Sanitizer.csvCell` (no control or bidi character, no formula, RFC 4180 quotes);
    /// in the `;` dialect a cell holding `;` is quoted too.
    static func csvCell(_ s: String, _ d: CSVDialect = .rfc4180) -> String {
        let c = Sanitizer.csvCell(s)
        guard d == .excelFR, c.contains(";"), !c.hasPrefix("\"") else { return c }
        return "\"" + c.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// "62.5" → "62,5": a decimal number as French spreadsheets read it.
    static func decimalComma(_ cell: String) -> String {
        guard isDecimal(cell) else { return cell }
        return cell.replacingOccurrences(of: ".", with: ",")
    }

    static func isDecimal(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        let intPart = parts[0].hasPrefix("-") ? parts[0].dropFirst() : parts[0][...]
        return !intPart.isEmpty && intPart.allSatisfy(\.isASCII) && intPart.allSatisfy(\.isNumber)
            && parts[1].allSatisfy { $0.isASCII && $0.isNumber }
    }
}
