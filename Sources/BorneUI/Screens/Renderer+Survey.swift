import BorneCore
import Foundation

/// The one-tap satisfaction question, asked once at the end of a session
/// (see `KioskApp.shouldAskSurvey`): three large answers and a skip. The
/// answer is a touch like any other, target `survey:yes|partly|no|skip`,
/// so it leaves with the statistics.
extension Renderer {
    static let surveyAnswers: [(String, L10n.Key, Role)] = [
        ("yes", .surveyYes, .tile), ("partly", .surveyPartly, .tile), ("no", .surveyNo, .tile),
    ]

    mutating func drawSurvey() {
        canvas.fill(bounds, Style(.normal))
        let (top, rest) = bounds.takeTop(3)
        canvas.fill(top, Style(.header))
        canvas.text(2, 1, env.config.name, Style(.header, bold: true), maxWidth: size.width - 4)
        let h = size.height >= 40 ? 9 : 5
        let gap = 2
        let bw = min(36, (rest.width - 4 - 2 * gap) / 3)
        let total = 3 * bw + 2 * gap
        let x0 = (size.width - total) / 2
        let qy = rest.y + max(1, (rest.height - h - 8) / 2)
        for (i, line) in TextWidth.wrap(t(.surveyQuestion), width: size.width - 4).enumerated() {
            canvas.centered(bounds, qy + i, line, Style(.title, bold: true))
        }
        let by = qy + 3
        for (i, (id, key, role)) in Renderer.surveyAnswers.enumerated() {
            button(Rect(x: x0 + i * (bw + gap), y: by, width: bw, height: h), t(key), .survey(id), id: "survey:\(id)", role: role)
        }
        let skip = t(.surveySkip)
        let sw = max(Renderer.minTargetWidth, TextWidth.of(skip) + 6)
        button(Rect(x: (size.width - sw) / 2, y: min(size.height - 3, by + h + 2), width: sw, height: 3), skip, .survey("skip"),
               id: "survey:skip")
    }
}
