import BorneCore

/// The office's 2020 figures (its "Rapport d'activités 2020", 1.1
/// "Accueil numérique"), copied from /work/shared/data/seed-2020/
/// (`sessions.tsv`, `touches-by-section.tsv`; copies kept in
/// `Tests/BorneOfficeTests/Seed2020/`, which the tests compare against).
///
/// St Jacques des Blats had no statistics in 2020 (not connected): its
/// figures here are invented, plausible for a small village kiosk, and
/// marked as such. Sections the 2020 table did not count (Visites et
/// loisirs, Météo, Urgences, Office) get invented shares of the sessions.
public enum Seed2020 {
    /// (id, sessions, days with a session) — sessions.tsv.
    public static let sessions: [(id: String, sessions: Int, days: Int)] = [
        ("pailherols", 1393, 222),
        ("thiezac", 959, 192),
        ("raulhac", 531, 180),
        ("polminhac", 533, 247),
        ("vic-sur-cere", 1304, 249),
        ("pas-de-cere", 534, 189),
    ]

    /// Opening taps per section and kiosk — touches-by-section.tsv (its
    /// all_kiosks column is the sum of the others).
    public static let openingTaps: [String: [SectionID: Int]] = [
        "vic-sur-cere": [.dormir: 1224, .manger: 412, .agenda: 370, .pluie: 539, .commerces: 107, .randonnees: 361],
        "pailherols": [.dormir: 455, .manger: 520, .agenda: 388, .pluie: 133, .commerces: 89, .randonnees: 986],
        "thiezac": [.dormir: 816, .manger: 928, .agenda: 516, .pluie: 189, .commerces: 101, .randonnees: 703],
        "raulhac": [.dormir: 370, .manger: 226, .agenda: 154, .pluie: 143, .commerces: 95, .randonnees: 154],
        "polminhac": [.dormir: 283, .manger: 187, .agenda: 272, .pluie: 318, .commerces: 77, .randonnees: 100],
        "pas-de-cere": [.dormir: 296, .manger: 197, .agenda: 170, .pluie: 125, .commerces: 55, .randonnees: 186],
    ]

    /// Invented (no 2020 statistics): a small village kiosk updated by USB.
    public static let stJacques = KioskProfile(
        id: "st-jacques-des-blats", place: .village, sessions: 402, days: 158,
        openingTaps: [.dormir: 201, .manger: 166, .agenda: 118, .pluie: 97, .commerces: 52, .randonnees: 214],
        foreignShare: 0.10)

    static func place(_ id: String) -> KioskProfile.Place {
        switch id {
        case "vic-sur-cere": return .office
        case "pas-de-cere": return .restArea
        default: return .village
        }
    }

    /// Invented shares of sessions that open each section the 2020 table left out.
    static func others(_ id: String, sessions: Int) -> [SectionID: Int] {
        let office = id == "vic-sur-cere" ? 0.09 : 0.03
        func n(_ share: Double) -> Int { Int((Double(sessions) * share).rounded()) }
        return [.visites: n(0.14), .meteo: n(id == "pas-de-cere" ? 0.12 : 0.07), .urgences: n(0.01), .office: n(office)]
    }

    public static func profile(year: Int) -> SimProfile {
        var kiosks: [KioskProfile] = []
        for id in KioskCatalog.order {
            if id == stJacques.id {
                var p = stJacques
                p.openingTaps.merge(others(id, sessions: p.sessions)) { a, _ in a }
                kiosks.append(p)
                continue
            }
            guard let s = sessions.first(where: { $0.id == id }), let taps = openingTaps[id] else { continue }
            kiosks.append(KioskProfile(id: id, place: place(id), sessions: s.sessions, days: s.days,
                                       openingTaps: taps.merging(others(id, sessions: s.sessions)) { a, _ in a },
                                       foreignShare: id == "pas-de-cere" ? 0.22 : 0.12))
        }
        return SimProfile(name: "seed-2020", year: year, kiosks: kiosks, seed: 2020)
    }
}
