import BorneUI
internal import CNcursesw

extension Terminal {
    /// Shows `canvas`: writes the cells that changed since the last frame
    /// (all of them after a resize or when the canvas size changes), then
    /// updates the screen once. A canvas larger or smaller than the screen is
    /// drawn where the two overlap; the rest of the screen stays blank.
    /// `glyphs` maps what is written to what the font has (the Linux
    /// console's stand-ins): applied to the changed cells only.
    public func draw(_ canvas: Canvas, glyphs: ((String) -> String)? = nil) {
        guard !ended, !lostLatched else { return }
        let full = lastFrame == nil || lastFrame?.width != canvas.width || lastFrame?.height != canvas.height
        let win = borne_stdscr()
        if full {
            _ = werase(win)
            _ = clearok(win, true)     // repaint the physical screen, whatever is on it
        }
        for write in FramePlan.writes(from: lastFrame, to: canvas, screen: size, full: full, glyphs: glyphs) {
            put(write)
        }
        _ = wnoutrefresh(win)
        _ = doupdate()
        lastFrame = canvas
    }

    /// Forgets what is on screen so the next `draw` repaints everything (after
    /// something else wrote to the tty, e.g. a kernel message on the console).
    public func invalidate() { lastFrame = nil }

    private func put(_ write: CellWrite) {
        guard let chars = InputDecoding.wideCharacters(write.text) else { return }
        var look = looks[Int(write.style.role.rawValue)]
        if write.style.bold { look.attrs |= borne_a_bold() }
        func add(_ wch: [wchar_t]) -> Bool {
            wch.withUnsafeBufferPointer {
                borne_put_cell(Int32(write.y), Int32(write.x), $0.baseAddress, look.attrs, look.pair) != borne_err()
            }
        }
        // The bottom-right cell reports ERR after writing (the cursor cannot
        // advance). Elsewhere a refused cell falls back to its base character,
        // then to "?", so it never keeps the previous frame's content.
        if add(chars) || (write.x == size.width - 1 && write.y == size.height - 1) { return }
        if chars.count > 2, add([chars[0], 0]) { return }
        _ = add([wchar_t(UInt8(ascii: "?")), 0])
    }
}
