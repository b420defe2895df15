/// The kiosk's palette, by role rather than by colour, so the terminal edge
/// can map roles to colours, or to bold/reverse on a monochrome terminal.
public enum Role: UInt8, CaseIterable, Sendable {
    case normal       // body text on the screen background
    case header       // header band
    case title        // screen titles
    case tile         // section tiles and big buttons
    case tileAccent   // a section's accent tile
    case pressed      // a target under the visitor's finger
    case button       // navigation buttons (Accueil, Retour, pages)
    case selected     // the active language, the active filter
    case muted        // secondary text
    case open         // "Ouvert"
    case closed       // "Fermé"
    case warning      // stale data, "exemple"
    case emergency    // Urgences
    case qr           // QR code: dark modules on light background
    case map          // braille track
    case profile      // elevation profile
}

public struct Style: Equatable, Hashable, Sendable {
    public var role: Role
    public var bold: Bool
    public init(_ role: Role = .normal, bold: Bool = false) { self.role = role; self.bold = bold }
    public static let normal = Style()
}
