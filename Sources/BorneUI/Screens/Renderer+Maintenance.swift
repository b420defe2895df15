import BorneCore
import Foundation

extension Renderer {
    /// PIN pad opened by the hidden gesture (5 taps in the top-left corner).
    mutating func drawPin() {
        let body = navBar(t(.pinTitle))
        let dots = String(repeating: "● ", count: state.pinEntered.count)
        canvas.text(4, body.y + 1, dots.isEmpty ? "_" : dots, Style(.title, bold: true))
        if state.pinError { canvas.text(30, body.y + 1, t(.pinWrong), Style(.warning, bold: true)) }
        let bw = 14, bh = size.height >= 40 ? 5 : 3
        let x0 = max(2, (size.width - (3 * bw + 2)) / 2), y0 = body.y + 3
        let keys: [(String, Action, String)] =
            (1...9).map { ("\($0)", .pinDigit($0), "pin:\($0)") }
            + [(t(.pinClear), .pinClear, "pin:clear"), ("0", .pinDigit(0), "pin:0"), (t(.pinOK), .pinSubmit, "pin:ok")]
        for (i, (label, action, id)) in keys.enumerated() {
            let r = Rect(x: x0 + (i % 3) * (bw + 1), y: y0 + (i / 3) * (bh + 1), width: bw, height: bh)
            guard r.maxY <= size.height else { continue }
            button(r, label, action, id: id)
        }
    }

    /// Maintenance: what the contractor needs to see at a glance, and the way out.
    mutating func drawMaintenance() {
        let body = navBar(t(.maintTitle))
        var y = body.y + 1
        let rows: [(L10n.Key, String)] = [
            (.maintKiosk, "\(env.config.id) — \(env.config.name) (\(env.config.commune))"),
            (.maintContent, env.catalog.version),
            (.maintDataDir, env.dataDir),
            (.maintFreeDisk, env.freeDisk()),
            (.maintProblems, "\(env.contentProblems)"),
        ]
        for (k, v) in rows {
            canvas.text(3, y, t(k), Style(.muted), maxWidth: 24)
            canvas.text(28, y, v, Style(.normal, bold: true), maxWidth: size.width - 30)
            y += 1
        }
        let store = env.storeStatus()
        canvas.text(3, y, t(.maintStats), Style(.muted), maxWidth: 24)
        canvas.text(28, y, store.text, Style(store.ok ? .normal : .warning, bold: true), maxWidth: size.width - 30)
        y += 1
        canvas.text(3, y + 1, "Borne \(BorneCore.version) · \(DateText.stamp(now))", Style(.muted))
        button(Rect(x: 3, y: y + 3, width: 26, height: 3), t(.maintQuit), .quit, id: "maint:quit", role: .emergency)
        button(Rect(x: 31, y: y + 3, width: 16, height: 3), t(.maintClose), .home, id: "maint:close")
    }
}
