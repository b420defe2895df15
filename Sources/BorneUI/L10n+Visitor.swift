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
        .scanCalendar: r("Scannez : dans l'agenda", "Scan: add to calendar", "Scannen: in den Kalender",
                          "Scan: in de agenda", "Escanee: al calendario"),
        .reception: r("Accueil", "Reception", "Rezeption", "Receptie", "Recepción"),
        .receptionOpenUntil: r("ouvert jusqu'à", "open until", "geöffnet bis", "open tot", "abierta hasta las"),
        .receptionClosed: r("fermé", "closed", "geschlossen", "gesloten", "cerrada"),
        .arrivalFrom: r("arrivée possible à partir de", "check-in from", "Anreise ab", "aankomst vanaf", "llegada a partir de las"),
        .receptionAlwaysOpen: r("ouvert 24 h/24", "open 24/7", "rund um die Uhr", "24 uur per dag open", "abierta 24 h"),
        .surveyQuestion: r("Avez-vous trouvé ce que vous cherchiez ?", "Did you find what you were looking for?",
                            "Haben Sie gefunden, was Sie gesucht haben?", "Heeft u gevonden wat u zocht?",
                            "¿Ha encontrado lo que buscaba?"),
        .surveyYes: r("Oui", "Yes", "Ja", "Ja", "Sí"),
        .surveyPartly: r("En partie", "Partly", "Teilweise", "Gedeeltelijk", "En parte"),
        .surveyNo: r("Non", "No", "Nein", "Nee", "No"),
        .surveySkip: r("Passer", "Skip", "Überspringen", "Overslaan", "Omitir"),
        .family: r("En famille", "Family", "Familie", "Gezin", "En familia"),
    ]
}
