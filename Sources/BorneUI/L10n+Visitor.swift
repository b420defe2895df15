import BorneCore

/// Strings of the village kiosks' hike list, filters and hike page.
extension L10n {
    static let visitorTable: [Key: [Language: String]] = [
        .filters: r("Filtrer", "Filter", "Filtern", "Filteren", "Filtrar"),
        .seeHikes: r("Voir", "Show", "Zeigen", "Toon", "Ver"),
        .outOfSeason: r("hors saison", "out of season", "außerhalb der Saison", "buiten het seizoen", "fuera de temporada"),
        .youAreHere: r("Vous êtes ici", "You are here", "Sie sind hier", "U bent hier", "Usted está aquí"),
        .scanStart: r("Départ", "Start", "Start", "Start", "Salida"),
        .moreInfo: r("▼ Suite", "▼ More", "▼ Mehr", "▼ Meer", "▼ Más"),
        .legendStart: r("départ", "start", "Start", "start", "salida"),
        .legendEnd: r("arrivée", "finish", "Ziel", "einde", "llegada"),
        .legendPlaces: r("lieux", "places", "Orte", "plaatsen", "lugares"),
        .inFrench: r("en français", "in French", "auf Französisch", "in het Frans", "en francés"),
        .touchAnyLanguage: r("Touchez", "Touch", "Berühren", "Aanraken", "Toque"),
        .family: r("En famille", "Family", "Familie", "Gezin", "En familia"),
    ]
}
