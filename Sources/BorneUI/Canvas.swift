/// One terminal cell. A wide character occupies its cell and marks the next
/// one as a continuation (`text == ""`), so the grid maps 1:1 to the screen.
public struct Cell: Equatable, Hashable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String = " ", _ style: Style = .normal) { self.text = text; self.style = style }
    public static let blank = Cell()
    public var isContinuation: Bool { text.isEmpty }
}

/// A grid of cells that widgets draw into and tests read. Drawing outside the
/// canvas (or outside the clip) is silently clipped: a long name can never
/// corrupt the neighbouring cells.
public struct Canvas: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]
    /// Drawing is limited to this rectangle.
    public var clip: Rect

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width); self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
        clip = Rect(x: 0, y: 0, width: self.width, height: self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
    }

    private func inClip(_ x: Int, _ y: Int) -> Bool {
        clip.contains(x: x, y: y) && x >= 0 && y >= 0 && x < width && y < height
    }

    public mutating func fill(_ rect: Rect, _ style: Style, char: String = " ") {
        for y in rect.y..<rect.maxY where y >= 0 && y < height {
            for x in rect.x..<rect.maxX where inClip(x, y) {
                set(x, y, Cell(char, style))
            }
        }
    }

    /// Sets one cell, keeping wide characters whole: overwriting half of a
    /// wide character blanks its other half.
    public mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard inClip(x, y) else { return }
        let i = y * width + x
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(" ", cells[i - 1].style) }
        if x + 1 < width, cells[i + 1].isContinuation, !cells[i].isContinuation {
            cells[i + 1] = Cell(" ", cells[i + 1].style)
        }
        cells[i] = cell
    }

    /// Replaces one cell as it is, ignoring the clip and wide characters
    /// (the console's stand-ins, `ConsoleGlyphs.forConsole`).
    mutating func replace(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x] = cell
    }

    /// Draws `text` on one line from (x, y), at most `maxWidth` cells; returns
    /// the number of cells used. Text must already be sanitized.
    @discardableResult
    public mutating func text(_ x: Int, _ y: Int, _ text: String, _ style: Style = .normal, maxWidth: Int? = nil) -> Int {
        let limit = maxWidth ?? (width - x)
        let s = TextWidth.truncate(text, to: limit)
        var cx = x
        for ch in s {
            let w = TextWidth.of(ch)
            if w == 0 { continue }
            if w == 2 {
                guard inClip(cx, y), inClip(cx + 1, y) else {
                    if inClip(cx, y) { set(cx, y, Cell(" ", style)) }
                    cx += 2; continue
                }
                set(cx, y, Cell(String(ch), style))
                set(cx + 1, y, Cell("", style))
            } else {
                set(cx, y, Cell(String(ch), style))
            }
            cx += w
        }
        return cx - x
    }

    /// Draws `text` centred in `rect`'s row `y`.
    public mutating func centered(_ rect: Rect, _ y: Int, _ text: String, _ style: Style) {
        let t = TextWidth.truncate(text, to: rect.width)
        let w = TextWidth.of(t)
        self.text(rect.x + (rect.width - w) / 2, y, t, style, maxWidth: rect.width)
    }

    /// A box drawn with light box-drawing characters.
    public mutating func frame(_ r: Rect, _ style: Style) {
        guard r.width >= 2, r.height >= 2 else { return }
        for x in r.x + 1..<r.maxX - 1 {
            set(x, r.y, Cell("─", style)); set(x, r.maxY - 1, Cell("─", style))
        }
        for y in r.y + 1..<r.maxY - 1 {
            set(r.x, y, Cell("│", style)); set(r.maxX - 1, y, Cell("│", style))
        }
        set(r.x, r.y, Cell("┌", style)); set(r.maxX - 1, r.y, Cell("┐", style))
        set(r.x, r.maxY - 1, Cell("└", style)); set(r.maxX - 1, r.maxY - 1, Cell("┘", style))
    }

    /// The screen as plain text, one line per row, trailing spaces trimmed.
    public var plainText: String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for y in 0..<height {
            var line = ""
            for x in 0..<width {
                let c = cells[y * width + x]
                if !c.isContinuation { line += c.text }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Indices of cells that differ from `other` (same size), for the terminal flush.
    public func changedRows(from other: Canvas) -> [Int] {
        guard other.width == width, other.height == height else { return Array(0..<height) }
        var rows: [Int] = []
        for y in 0..<height {
            let a = y * width
            if cells[a..<a + width] != other.cells[a..<a + width] { rows.append(y) }
        }
        return rows
    }
}
