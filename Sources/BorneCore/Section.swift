/// The kiosk's sections ("rubriques"). The raw values are the identifiers
/// used in content files, kiosk configs and statistics; never rename one.
public enum SectionID: String, CaseIterable, Codable, Sendable {
    case dormir        // Où dormir ?
    case manger        // Où manger ?
    case agenda        // Agenda
    case pluie         // Il pleut ?
    case commerces     // Commerces et services
    case randonnees    // Randonnées
    case visites       // Visites et loisirs
    case meteo         // Météo / enneigement
    case urgences      // Urgences
    case office        // L'Office de Tourisme (address, phone, hours)

    /// Sections whose content is a list of items from `content/items/`.
    public var isItemList: Bool {
        switch self {
        case .dormir, .manger, .agenda, .pluie, .commerces, .randonnees, .visites: return true
        case .meteo, .urgences, .office: return false
        }
    }

    /// The name as the office's 2020 report spells it (statistics key).
    public var frenchName: String {
        switch self {
        case .dormir: return "Où dormir ?"
        case .manger: return "Où manger ?"
        case .agenda: return "Agenda"
        case .pluie: return "Il pleut ?"
        case .commerces: return "Commerces et services"
        case .randonnees: return "Randonnées"
        case .visites: return "Visites et loisirs"
        case .meteo: return "Météo / enneigement"
        case .urgences: return "Urgences"
        case .office: return "Office de Tourisme"
        }
    }
}
