import BorneUI

extension TouchCalibration {
    /// The calibration screen: one cross on `corner`'s target, what to do in
    /// the middle (French first: the office's staff), and the last word about
    /// the device at the bottom.
    public static func screen(corner: Corner, size: Size, status: String) -> Canvas {
        var c = Canvas(width: size.width, height: size.height)
        let t = target(corner, screen: size)
        let cross = Style(.emergency, bold: true)
        for dx in -2...2 where dx != 0 { c.set(t.x + dx, t.y, Cell("─", cross)) }
        for dy in [-1, 1] { c.set(t.x, t.y + dy, Cell("│", cross)) }
        c.set(t.x, t.y, Cell("┼", cross))
        let middle = size.height / 2
        let whole = Rect(x: 0, y: 0, width: size.width, height: size.height)
        let step = "\(corner.rawValue + 1)/4"
        c.centered(whole, middle - 2, "Étalonnage de l'écran tactile — \(step)", Style(.title, bold: true))
        c.centered(whole, middle, "Touchez le centre de la croix, coin \(cornerFR(corner)), puis levez le doigt.", .normal)
        c.centered(whole, middle + 1, "Touch the centre of the cross (\(corner.label)), then lift your finger.", Style(.muted))
        c.centered(whole, middle + 3, "Échap ou q : abandonner sans rien écrire", Style(.muted))
        c.text(1, size.height - 1, status, Style(.muted), maxWidth: size.width - 2)
        return c
    }

    static func cornerFR(_ corner: Corner) -> String {
        switch corner {
        case .topLeft: return "en haut à gauche"
        case .topRight: return "en haut à droite"
        case .bottomRight: return "en bas à droite"
        case .bottomLeft: return "en bas à gauche"
        }
    }
}
