import BorneUI

/// One cell to write to the screen.
struct CellWrite: Equatable {
    var x: Int, y: Int
    var text: String
    var style: Style
}

/// Which cells a frame must write: the diff against the last frame, limited
/// to the part of the canvas that fits on the screen.
enum FramePlan {
    /// `full` (first frame, resize, canvas of another size) writes every cell
    /// of the overlap; otherwise only cells that differ from `previous`.
    /// Continuation cells are never written: ncurses fills a wide character's
    /// second column. A wide character whose second column falls off the
    /// screen is written as a space, so it cannot wrap to the next line.
    /// Writes go left to right: when a changed wide character overlaps a
    /// neighbour, the neighbour changed too and is written after it.
    /// `glyphs` maps each written cell's text to what the terminal's font can
    /// show (the Linux console's stand-ins, `ConsoleGlyphs.stand`): only the
    /// changed cells pay for it. A wide character whose stand-in is narrow
    /// gets a blank in its second column.
    static func writes(from previous: Canvas?, to canvas: Canvas, screen: Size, full: Bool,
                       glyphs: ((String) -> String)? = nil) -> [CellWrite] {
        let width = min(canvas.width, max(0, screen.width))
        let height = min(canvas.height, max(0, screen.height))
        let diff: Canvas? = full ? nil : previous
        if let diff, diff.width != canvas.width || diff.height != canvas.height {
            return writes(from: nil, to: canvas, screen: screen, full: true, glyphs: glyphs)
        }
        var out: [CellWrite] = []
        for y in 0..<height {
            for x in 0..<width {
                let cell = canvas[x, y]
                if cell.isContinuation { continue }
                let clippedWide = x + 1 < canvas.width && x + 1 >= width && canvas[x + 1, y].isContinuation
                if let diff, diff[x, y] == cell { continue }
                guard let glyphs, !clippedWide else {
                    out.append(CellWrite(x: x, y: y, text: clippedWide ? " " : cell.text, style: cell.style))
                    continue
                }
                let shown = glyphs(cell.text)
                out.append(CellWrite(x: x, y: y, text: shown, style: cell.style))
                if shown != cell.text, x + 1 < width, canvas[x + 1, y].isContinuation,
                   TextWidth.of(shown) < 2 {
                    out.append(CellWrite(x: x + 1, y: y, text: " ", style: canvas[x + 1, y].style))
                }
            }
        }
        return out
    }
}
