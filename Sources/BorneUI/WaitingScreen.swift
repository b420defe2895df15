import BorneCore
import Foundation

/// The screen of a kiosk that has no content yet (first boot, before
/// `borne sync` or a USB stick installed any): French, calm, with the kiosk's
/// name and the emergency number (the configuration has no office phone;
/// the office's comes with the content). It has no touch targets.
public enum WaitingScreen {
    public static let title = "Contenu en cours d'installation"

    public static func render(config: KioskConfig, size: Size, now: Date) -> Canvas {
        var c = Canvas(width: size.width, height: size.height)
        let full = c.bounds
        c.fill(Rect(x: 0, y: 0, width: size.width, height: 3), Style(.header))
        c.centered(full, 1, Sanitizer.line(config.name), Style(.header))
        let (_, minute) = KioskTime.local(now)
        let mid = max(4, size.height / 2 - 4)
        c.centered(full, mid, title, Style(.title))
        c.centered(full, mid + 2, "Les informations de la borne arrivent : elles s'afficheront ici dès", Style(.normal))
        c.centered(full, mid + 3, "que le contenu sera installé. Merci de votre patience.", Style(.normal))
        c.centered(full, mid + 6, "Urgences : 112", Style(.warning))
        c.centered(full, size.height - 2, DateText.time(minute: minute), Style(.muted))
        return c
    }
}
