import BorneCore

/// Altitude against distance, as an area chart of block elements: each
/// column is filled from the bottom in eighths of a cell (▁▂▃▄▅▆▇█).
///
///     1855 m        ▂▅██▆▃
///                 ▃▇██████▇▅▂
///     1120 m ▁▃▅▇████████████▇▅▃
///            0 km        12,4 km
///
/// The left axis shows the track's highest and lowest altitude, the bottom
/// axis the distance; units (m, km) are the same in every language, the
/// decimal separator is the caller's. The lowest point still gets one eighth,
/// so the area never breaks. When the rect is too small for the axes, only
/// the chart is drawn. A track without elevation shows `emptyText`, centred.
///
/// Draws only inside `rect` (filled first with blanks of style `.profile`).
public struct ElevationProfileView {
    public var track: Track
    /// What to show for a track without elevation ("Profil non disponible").
    public var emptyText: String
    public var decimalSeparator: String

    static let eighths = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public init(track: Track, emptyText: String = "", decimalSeparator: String = ",") {
        self.track = track
        self.emptyText = emptyText
        self.decimalSeparator = decimalSeparator
    }

    public func render(in rect: Rect, into canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        canvas.fill(rect, Style(.profile))
        guard let lo = track.stats.minEleM, let hi = track.stats.maxEleM else {
            canvas.centered(rect, rect.y + (rect.height - 1) / 2, emptyText, Style(.muted))
            return
        }
        let top = Self.altitudeLabel(hi), bottom = Self.altitudeLabel(lo)
        let axisWidth = max(TextWidth.of(top), TextWidth.of(bottom)) + 1
        let withAxes = rect.height >= 3 && rect.width >= axisWidth + 8
        let chart = withAxes
            ? Rect(x: rect.x + axisWidth, y: rect.y, width: rect.width - axisWidth, height: rect.height - 1)
            : rect
        drawColumns(in: chart, lo: lo, hi: hi, into: &canvas)
        guard withAxes else { return }

        let muted = Style(.muted)
        let labelWidth = axisWidth - 1
        canvas.text(rect.x + labelWidth - TextWidth.of(top), chart.y, top, muted)
        canvas.text(rect.x + labelWidth - TextWidth.of(bottom), chart.maxY - 1, bottom, muted)
        let start = "0 km", end = Self.kilometres(track.stats.distanceM, separator: decimalSeparator)
        let endWidth = TextWidth.of(end)
        canvas.text(chart.maxX - endWidth, rect.maxY - 1, end, muted, maxWidth: endWidth)
        if TextWidth.of(start) + 1 + endWidth <= chart.width {
            canvas.text(chart.x, rect.maxY - 1, start, muted)
        }
    }

    private func drawColumns(in chart: Rect, lo: Double, hi: Double, into canvas: inout Canvas) {
        let style = Style(.profile)
        let total = chart.height * 8
        for (column, sample) in track.profile(samples: chart.width).enumerated() {
            var level = Self.level(sample.eleM, lo: lo, hi: hi, eighths: total)
            var y = chart.maxY - 1
            while level > 0, y >= chart.y {
                canvas.set(chart.x + column, y, Cell(Self.eighths[min(level, 8) - 1], style))
                level -= 8
                y -= 1
            }
        }
    }

    /// Column height in eighths of a cell, 1…`eighths`. A flat track (under
    /// a metre of relief) is drawn as a low band, not as a full block.
    static func level(_ ele: Double, lo: Double, hi: Double, eighths: Int) -> Int {
        guard eighths > 1 else { return eighths }
        guard hi - lo >= 1 else { return max(1, eighths / 4) }
        let fraction = min(1, max(0, (ele - lo) / (hi - lo)))
        return 1 + Int((fraction * Double(eighths - 1)).rounded())
    }

    /// "1855 m".
    static func altitudeLabel(_ m: Double) -> String { "\(Int(m.rounded())) m" }

    /// "0,8 km", "12,4 km", "124 km": one decimal under 100 km.
    static func kilometres(_ m: Double, separator: String) -> String {
        let km = max(0, m) / 1000
        if km >= 99.95 { return "\(Int(km.rounded())) km" }
        let tenths = Int((km * 10).rounded())
        return "\(tenths / 10)\(separator)\(tenths % 10) km"
    }
}
