import BorneCore

/// Item ids the simulated visitors open, most popular first. Taken from
/// the demo content (`content/items/*.json`); agenda events renamed to 2020.
enum SimItems {
    static let pools: [SectionID: [String]] = [
        .dormir: ["hotel-les-ombrelles", "camping-prairie-de-la-cere", "gite-de-l-estive", "chambres-grange-aux-hirondelles",
                  "chalet-des-trois-sources", "gite-du-moulin-polminhac", "chalets-du-plateau", "yourtes-de-la-coulee",
                  "aire-camping-cars-raulhac"],
        .manger: ["brasserie-du-kiosque", "auberge-du-buron-fleuri", "creperie-le-sarrasin", "ferme-auberge-puech-rond",
                  "pizzeria-le-four-a-bois", "bistrot-du-goul", "buvette-du-pas-de-cere", "comptoir-des-burons"],
        .agenda: ["fete-nationale-vic-2020", "marche-nocturne-thiezac-2020", "fete-de-la-transhumance-pailherols-2020",
                  "festival-contes-en-carlades-2020", "journees-du-patrimoine-carlades-2020", "journee-champignons-thiezac-2020",
                  "marche-de-noel-vic-2020", "peche-aux-ecrevisses-2020", "fete-du-pain-badailhac-2020",
                  "balade-contee-pas-de-cere-2020", "sortie-geologie-pas-de-cere-2020", "salon-des-artisans-vic-2020"],
        .pluie: ["mediatheque-du-carlades", "atelier-poterie-terre-de-cere", "escape-game-grand-hotel",
                 "cinema-itinerant-carlades", "mur-d-escalade-vic", "ludotheque-raulhac"],
        .commerces: ["boulangerie-au-pain-de-cere", "epicerie-relais-du-plateau", "pharmacie-de-la-source",
                     "cere-velo-location", "la-cave-a-cantal", "agence-postale-thiezac"],
        .randonnees: ["rando-pas-de-cere", "rando-cascade-faillitoux", "rando-ma-montagne-pailherols", "rando-puy-griou",
                      "rando-vtt-curebourse", "rando-trail-balcons-du-carlades", "rando-raquettes-plomb-du-cantal"],
        .visites: ["site-pas-de-cere", "site-cascade-de-faillitoux", "chapelle-notre-dame-de-consolation",
                   "chateau-de-pesteils", "source-de-vic-sur-cere", "rocher-des-pendus"],
    ]

    /// Words of item ids near each kiosk: such items are opened more there.
    static let local: [String: [String]] = [
        "vic-sur-cere": ["vic", "kiosque", "source"],
        "pailherols": ["pailherols", "plateau", "estive"],
        "thiezac": ["thiezac", "faillitoux"],
        "raulhac": ["raulhac", "puech"],
        "polminhac": ["polminhac", "pesteils"],
        "pas-de-cere": ["pas-de-cere", "coulee"],
        "st-jacques-des-blats": ["griou", "plomb-du-cantal", "trois-sources"],
    ]

    /// Zipf-like weights (1/rank), local items weighted three times more.
    static func weights(_ section: SectionID, kiosk: String) -> [Double] {
        let words = local[kiosk] ?? []
        return (pools[section] ?? []).enumerated().map { i, id in
            (1.0 / Double(i + 1)) * (words.contains { id.contains($0) } ? 3 : 1)
        }
    }

    static let filters: [SectionID: [String]] = [
        .agenda: ["filter:today", "filter:weekend", "filter:week", "filter:month", "filter:all"],
        .dormir: ["filter:openNow", "filter:all"],
        .manger: ["filter:openNow", "filter:all"],
        .pluie: ["filter:children", "filter:all"],
        .visites: ["filter:openNow", "filter:children", "filter:all"],
    ]
}
