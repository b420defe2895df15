/// The office's kiosks: their display names and the order of the columns in
/// the report. Source: the office's 2020 activity report ("Rapport
/// d'activités 2020", 1.1 "Accueil numérique"), as copied in
/// `Tests/BorneOfficeTests/Seed2020/kiosks.tsv` and `touches-by-section.tsv`.
public enum KioskCatalog {
    /// Column order: the 2020 report's six kiosks in its order, then St
    /// Jacques des Blats (no statistics in 2020: not connected), then the
    /// hiking table; any other kiosk follows in id order.
    public static let known: [(id: String, name: String)] = [
        ("vic-sur-cere", "Vic sur Cère"),
        ("pailherols", "Pailherols"),
        ("thiezac", "Thiézac"),
        ("raulhac", "Raulhac"),
        ("polminhac", "Polminhac"),
        ("pas-de-cere", "Pas de Cère"),
        ("st-jacques-des-blats", "St Jacques des Blats"),
        ("table-rando", "Table tactile de randonnée"),
    ]

    /// The column of every kiosk together.
    public static let allID = "all_kiosks"
    public static let allName = "Toutes les bornes"

    public static func name(_ id: String) -> String {
        if id == allID { return allName }
        return known.first { $0.id == id }?.name ?? id
    }

    /// `ids` in report order.
    public static func ordered<S: Sequence>(_ ids: S) -> [String] where S.Element == String {
        let rank = Dictionary(uniqueKeysWithValues: known.enumerated().map { ($1.id, $0) })
        return Set(ids).sorted { a, b in
            switch (rank[a], rank[b]) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a < b
            }
        }
    }
}
