import BorneCore

/// Every UI string, in the kiosk's five languages. French is the reference;
/// a missing translation is a test failure (`L10nTests`), never a blank.
public enum L10n {
    public enum Key: String, CaseIterable, Sendable {
        case home, back, pageUp, pageDown, page
        case touchToStart, touchSection, officeOpen, officeClosed
        case example, noItems, allFilter, openNow, withChildren, today, weekend, thisWeek, thisMonth
        case address, phone, email, website, hours, tags, dates, scanForPhone, scanWebsite, scanPhone
        case distance, climb, duration, difficulty, activity, noElevation, trackMissing
        case weatherTitle, weatherAt, weatherStale, forecast, snowTitle, snowAt, snowDepth, liftsOpen, noWeather
        case wind, emergencyTitle, emergencyHint, pharmacy
        case officeTitle, officeWeek, closedDay
        case attractTitle, attractToday, attractHike, attractWeather, attractNoEvents
        case tooSmall, tooSmallNeed
        case pinTitle, pinWrong, pinClear, pinOK
        case maintTitle, maintKiosk, maintContent, maintDataDir, maintFreeDisk, maintProblems, maintQuit, maintClose
        case loop, outAndBack
        case upcoming, demoNote, maintStats, officeOpenShort, officeClosedShort, colon, start, scanMap
        case tableTitle, territory, season, notes, pois, loopOnly, sortBy, sortDistance, sortDuration, sortDifficulty
        case clearAll, noMatch, hikesFound, mapTab, reliefTab, takeAway, scanGPX, scanPDF, fromHere
        case turnLeft, turnRight, lookingTowards, seasonAll, seasonSummer, seasonWinter, descent, lowest, highest
        case takeAwayHint, winterFirst
        case nothingToday, nothingWeekend, nothingWeek, nothingMonth
        // L10n+Visitor.swift
        case filters, seeHikes, outOfSeason, youAreHere, scanStart, moreInfo, legendStart, legendEnd, legendPlaces, family
        case inFrench, touchAnyLanguage
        case surveyQuestion, surveyYes, surveyPartly, surveyNo, surveySkip
        case scanCalendar, reception, receptionOpenUntil, receptionClosed, arrivalFrom, receptionAlwaysOpen
    }

    public static func text(_ key: Key, _ lang: Language) -> String {
        let row = table[key]!
        return row[lang] ?? row[.fr]!
    }

    /// Languages a key has no translation for (used by tests).
    public static func missing(_ lang: Language) -> [Key] {
        Key.allCases.filter { table[$0]?[lang] == nil }
    }

    static func r(_ fr: String, _ en: String, _ de: String, _ nl: String, _ es: String) -> [Language: String] {
        [.fr: fr, .en: en, .de: de, .nl: nl, .es: es]
    }

    static let table: [Key: [Language: String]] = baseTable.merging(visitorTable) { a, _ in a }

    static let baseTable: [Key: [Language: String]] = [
        .home: r("Accueil", "Home", "Start", "Start", "Inicio"),
        .back: r("Retour", "Back", "Zurück", "Terug", "Volver"),
        .pageUp: r("▲ Haut", "▲ Up", "▲ Hoch", "▲ Omhoog", "▲ Subir"),
        .pageDown: r("▼ Bas", "▼ Down", "▼ Runter", "▼ Omlaag", "▼ Bajar"),
        .page: r("page", "page", "Seite", "pagina", "página"),
        .touchToStart: r("Touchez l'écran pour commencer", "Touch the screen to start", "Berühren Sie den Bildschirm",
                         "Raak het scherm aan om te beginnen", "Toque la pantalla para empezar"),
        .touchSection: r("Touchez une rubrique", "Touch a topic", "Wählen Sie ein Thema", "Kies een onderwerp", "Toque un tema"),
        .officeOpen: r("Office ouvert", "Tourist office open", "Tourismusbüro geöffnet", "VVV-kantoor open", "Oficina abierta"),
        .officeClosed: r("Office fermé", "Tourist office closed", "Tourismusbüro geschlossen", "VVV-kantoor gesloten", "Oficina cerrada"),
        .example: r("exemple", "example", "Beispiel", "voorbeeld", "ejemplo"),
        .noItems: r("Rien à afficher pour l'instant.", "Nothing to show right now.", "Derzeit nichts anzuzeigen.",
                    "Op dit moment niets te tonen.", "Nada que mostrar por ahora."),
        .allFilter: r("Tout", "All", "Alle", "Alles", "Todo"),
        .openNow: r("Ouvert maintenant", "Open now", "Jetzt geöffnet", "Nu open", "Abierto ahora"),
        .withChildren: r("Avec les enfants", "With children", "Mit Kindern", "Met kinderen", "Con niños"),
        .today: r("Aujourd'hui", "Today", "Heute", "Vandaag", "Hoy"),
        .weekend: r("Ce week-end", "This weekend", "Wochenende", "Dit weekend", "Este fin de semana"),
        .thisWeek: r("Cette semaine", "This week", "Diese Woche", "Deze week", "Esta semana"),
        .thisMonth: r("Ce mois-ci", "This month", "Diesen Monat", "Deze maand", "Este mes"),
        .address: r("Adresse", "Address", "Adresse", "Adres", "Dirección"),
        .phone: r("Téléphone", "Phone", "Telefon", "Telefoon", "Teléfono"),
        .email: r("E-mail", "E-mail", "E-Mail", "E-mail", "Correo"),
        .website: r("Site", "Website", "Webseite", "Website", "Web"),
        .hours: r("Horaires", "Opening hours", "Öffnungszeiten", "Openingstijden", "Horario"),
        .tags: r("À savoir", "Good to know", "Gut zu wissen", "Goed om te weten", "Información"),
        .dates: r("Dates", "Dates", "Termine", "Data", "Fechas"),
        .scanForPhone: r("Sur votre téléphone", "On your phone", "Auf Ihrem Handy", "Op uw telefoon", "En su móvil"),
        .scanWebsite: r("Scannez : site web", "Scan: website", "Scannen: Webseite", "Scan: website", "Escanee: web"),
        .scanPhone: r("Scannez : appeler", "Scan: call", "Scannen: anrufen", "Scan: bellen", "Escanee: llamar"),
        .distance: r("Distance", "Distance", "Strecke", "Afstand", "Distancia"),
        .climb: r("Dénivelé", "Climb", "Aufstieg", "Stijging", "Desnivel"),
        .duration: r("Durée", "Time", "Dauer", "Duur", "Duración"),
        .difficulty: r("Difficulté", "Difficulty", "Schwierigkeit", "Moeilijkheid", "Dificultad"),
        .activity: r("Activité", "Activity", "Aktivität", "Activiteit", "Actividad"),
        .noElevation: r("Pas d'altitude dans ce tracé", "No elevation in this track", "Keine Höhendaten",
                        "Geen hoogtegegevens", "Sin datos de altitud"),
        .trackMissing: r("Tracé indisponible", "Track unavailable", "Route nicht verfügbar", "Route niet beschikbaar",
                         "Recorrido no disponible"),
        .weatherTitle: r("Météo / enneigement", "Weather / snow", "Wetter / Schnee", "Weer / sneeuw", "Tiempo / nieve"),
        .weatherAt: r("Relevé du", "Observed", "Stand", "Gemeten", "Datos del"),
        .weatherStale: r("⚠ Données anciennes, pas de mise à jour récente", "⚠ Old data, not updated recently",
                         "⚠ Veraltete Daten, nicht aktualisiert", "⚠ Oude gegevens, niet bijgewerkt",
                         "⚠ Datos antiguos, sin actualizar"),
        .forecast: r("Prévisions", "Forecast", "Vorhersage", "Verwachting", "Previsión"),
        .snowTitle: r("Enneigement", "Snow report", "Schneebericht", "Sneeuwbericht", "Estado de la nieve"),
        .snowAt: r("Bulletin du", "Report of", "Bericht vom", "Bericht van", "Parte del"),
        .snowDepth: r("neige", "snow", "Schnee", "sneeuw", "nieve"),
        .liftsOpen: r("remontées ouvertes", "lifts open", "Lifte offen", "liften open", "remontes abiertos"),
        .noWeather: r("Pas de données météo.", "No weather data.", "Keine Wetterdaten.", "Geen weergegevens.",
                      "Sin datos meteorológicos."),
        .wind: r("vent", "wind", "Wind", "wind", "viento"),
        .emergencyTitle: r("Urgences", "Emergencies", "Notrufe", "Noodnummers", "Urgencias"),
        .emergencyHint: r("15, 17, 18, 112 et 114 : appel gratuit depuis tout téléphone, même sans crédit.",
                          "15, 17, 18, 112 and 114: free from any phone, even without credit.",
                          "15, 17, 18, 112 und 114: kostenlos von jedem Telefon, auch ohne Guthaben.",
                          "15, 17, 18, 112 en 114: gratis vanaf elke telefoon, ook zonder beltegoed.",
                          "15, 17, 18, 112 y 114: gratis desde cualquier teléfono, incluso sin saldo."),
        .pharmacy: r("Pharmacie de garde", "Pharmacy on duty", "Notdienst-Apotheke", "Dienstdoende apotheek", "Farmacia de guardia"),
        .officeTitle: r("Office de Tourisme", "Tourist office", "Tourismusbüro", "VVV-kantoor", "Oficina de turismo"),
        .officeWeek: r("Cette semaine", "This week", "Diese Woche", "Deze week", "Esta semana"),
        .closedDay: r("fermé", "closed", "geschlossen", "gesloten", "cerrado"),
        .attractTitle: r("Bienvenue dans le Carladès", "Welcome to the Carladès", "Willkommen im Carladès",
                         "Welkom in de Carladès", "Bienvenidos al Carladès"),
        .attractToday: r("À l'agenda", "What's on", "Veranstaltungen", "Agenda", "Agenda"),
        .attractHike: r("Randonnée à découvrir", "A hike to discover", "Wanderung entdecken", "Wandeling om te ontdekken",
                        "Una ruta para descubrir"),
        .attractWeather: r("La météo", "The weather", "Das Wetter", "Het weer", "El tiempo"),
        .attractNoEvents: r("Pas d'événement aujourd'hui.", "No event today.", "Heute keine Veranstaltung.",
                            "Vandaag geen evenement.", "Hoy no hay eventos."),
        .tooSmall: r("Écran trop petit", "Screen too small", "Bildschirm zu klein", "Scherm te klein", "Pantalla demasiado pequeña"),
        .tooSmallNeed: r("minimum", "minimum", "mindestens", "minimaal", "mínimo"),
        .pinTitle: r("Maintenance : code", "Maintenance: PIN", "Wartung: PIN", "Onderhoud: pincode", "Mantenimiento: PIN"),
        .pinWrong: r("Code incorrect", "Wrong PIN", "Falsche PIN", "Verkeerde pincode", "PIN incorrecto"),
        .pinClear: r("Effacer", "Clear", "Löschen", "Wissen", "Borrar"),
        .pinOK: r("Valider", "OK", "OK", "OK", "Aceptar"),
        .maintTitle: r("Maintenance", "Maintenance", "Wartung", "Onderhoud", "Mantenimiento"),
        .maintKiosk: r("Borne", "Kiosk", "Terminal", "Kiosk", "Quiosco"),
        .maintContent: r("Contenu", "Content", "Inhalt", "Inhoud", "Contenido"),
        .maintDataDir: r("Données", "Data dir", "Datenordner", "Gegevensmap", "Datos"),
        .maintFreeDisk: r("Disque libre", "Free disk", "Freier Speicher", "Vrije schijf", "Disco libre"),
        .maintProblems: r("Problèmes de contenu", "Content problems", "Inhaltsprobleme", "Inhoudsproblemen",
                          "Problemas de contenido"),
        .maintQuit: r("Quitter le kiosque", "Quit kiosk", "Kiosk beenden", "Kiosk afsluiten", "Salir del quiosco"),
        .maintClose: r("Fermer", "Close", "Schließen", "Sluiten", "Cerrar"),
        .loop: r("boucle", "loop", "Rundweg", "rondwandeling", "circular"),
        .outAndBack: r("aller-retour", "out and back", "hin und zurück", "heen en terug", "ida y vuelta"),
        .maintStats: r("Statistiques", "Statistics", "Statistik", "Statistieken", "Estadísticas"),
        .demoNote: r("exemple fictif, pour la démonstration", "fictional example, for the demo",
                      "fiktives Beispiel, zur Vorführung", "fictief voorbeeld, ter demonstratie",
                      "ejemplo ficticio, para la demostración"),
        .officeOpenShort: r("Ouvert", "Open", "Geöffnet", "Open", "Abierta"),
        .officeClosedShort: r("Fermé", "Closed", "Geschlossen", "Gesloten", "Cerrada"),
        // French puts a space before the colon; the others do not.
        .colon: r(" : ", ": ", ": ", ": ", ": "),
        .start: r("Départ", "Start", "Start", "Vertrek", "Salida"),
        .scanMap: r("Scannez : le départ", "Scan: the start", "Scannen: Startpunkt", "Scan: vertrekpunt",
                    "Escanee: la salida"),
        .upcoming: r("À venir", "Coming up", "Demnächst", "Binnenkort", "Próximamente"),
        .nothingToday: r("Rien aujourd'hui — prochains rendez-vous :", "Nothing today — coming up next:",
                         "Heute nichts — die nächsten Termine:", "Vandaag niets — de volgende activiteiten:",
                         "Nada hoy — próximas citas:"),
        .nothingWeekend: r("Rien ce week-end — prochains rendez-vous :", "Nothing this weekend — coming up next:",
                           "Dieses Wochenende nichts — die nächsten Termine:", "Dit weekend niets — de volgende activiteiten:",
                           "Nada este fin de semana — próximas citas:"),
        .nothingWeek: r("Rien cette semaine — prochains rendez-vous :", "Nothing this week — coming up next:",
                        "Diese Woche nichts — die nächsten Termine:", "Deze week niets — de volgende activiteiten:",
                        "Nada esta semana — próximas citas:"),
        .nothingMonth: r("Rien ce mois-ci — prochains rendez-vous :", "Nothing this month — coming up next:",
                         "Diesen Monat nichts — die nächsten Termine:", "Deze maand niets — de volgende activiteiten:",
                         "Nada este mes — próximas citas:"),
        .tableTitle: r("Toutes les randonnées du Cantal", "Every hike in the Cantal", "Alle Wanderungen im Cantal",
                       "Alle wandelingen in de Cantal", "Todas las rutas del Cantal"),
        .territory: r("Territoire", "Area", "Gebiet", "Gebied", "Zona"),
        .season: r("Saison", "Season", "Jahreszeit", "Seizoen", "Temporada"),
        .notes: r("Infos pratiques", "Practical notes", "Praktische Hinweise", "Praktische info", "Información práctica"),
        .pois: r("À voir", "Points of interest", "Sehenswertes", "Bezienswaardigheden", "Puntos de interés"),
        .loopOnly: r("Boucle", "Loop", "Rundweg", "Rondwandeling", "Circular"),
        .sortBy: r("Trier par", "Sort by", "Sortieren", "Sorteren op", "Ordenar por"),
        .sortDistance: r("Au plus près", "Nearest", "Am nächsten", "Dichtstbij", "Más cerca"),
        .sortDuration: r("Durée", "Time", "Dauer", "Duur", "Duración"),
        .sortDifficulty: r("Difficulté", "Difficulty", "Schwierigkeit", "Moeilijkheid", "Dificultad"),
        .clearAll: r("Tout effacer", "Clear all", "Alles löschen", "Alles wissen", "Borrar todo"),
        .noMatch: r("Aucune randonnée ne correspond à ces filtres.", "No hike matches these filters.",
                    "Keine Wanderung passt zu diesen Filtern.", "Geen wandeling past bij deze filters.",
                    "Ninguna ruta coincide con estos filtros."),
        .hikesFound: r("randonnées", "hikes", "Wanderungen", "wandelingen", "rutas"),
        .mapTab: r("Carte et profil", "Map & profile", "Karte & Profil", "Kaart & profiel", "Mapa y perfil"),
        .reliefTab: r("Relief", "Relief view", "3D-Ansicht", "Reliëf", "Relieve"),
        .takeAway: r("Emporter", "Take away", "Mitnehmen", "Meenemen", "Llevar"),
        .scanGPX: r("Tracé GPX", "GPX track", "GPX-Track", "GPX-route", "Ruta GPX"),
        .scanPDF: r("Fiche PDF", "PDF sheet", "PDF-Blatt", "PDF-fiche", "Ficha PDF"),
        .fromHere: r("d'ici", "from here", "von hier", "van hier", "desde aquí"),
        .turnLeft: r("◀ Tourner", "◀ Turn", "◀ Drehen", "◀ Draaien", "◀ Girar"),
        .turnRight: r("Tourner ▶", "Turn ▶", "Drehen ▶", "Draaien ▶", "Girar ▶"),
        .lookingTowards: r("Vue vers", "Looking", "Blick nach", "Kijkrichting", "Vista hacia"),
        .seasonAll: r("toute l'année", "all year", "ganzjährig", "het hele jaar", "todo el año"),
        .seasonSummer: r("belle saison", "summer", "Sommer", "zomer", "verano"),
        .seasonWinter: r("hiver", "winter", "Winter", "winter", "invierno"),
        .descent: r("D−", "Descent", "Abstieg", "Daling", "Descenso"),
        .lowest: r("point bas", "lowest", "tiefster Punkt", "laagste punt", "punto más bajo"),
        .highest: r("point haut", "highest", "höchster Punkt", "hoogste punt", "punto más alto"),
        .takeAwayHint: r("Scannez avec l'appareil photo de votre téléphone", "Scan with your phone's camera",
                         "Mit der Handykamera scannen", "Scan met de camera van uw telefoon",
                         "Escanee con la cámara de su móvil"),
        .winterFirst: r("Hiver : sorties d'hiver en premier", "Winter: winter outings first",
                        "Winter: Wintertouren zuerst", "Winter: wintertochten eerst", "Invierno: rutas de invierno primero"),
    ]

    public static func section(_ s: SectionID, _ lang: Language) -> String {
        let t: [Language: String]
        switch s {
        case .dormir: t = r("Où dormir ?", "Where to stay", "Übernachten", "Overnachten", "Dónde dormir")
        case .manger: t = r("Où manger ?", "Where to eat", "Essen & Trinken", "Eten & drinken", "Dónde comer")
        case .agenda: t = r("Agenda", "What's on", "Veranstaltungen", "Agenda", "Agenda")
        case .pluie: t = r("Il pleut ?", "Rainy day?", "Regenwetter?", "Regent het?", "¿Llueve?")
        case .commerces: t = r("Commerces et services", "Shops & services", "Geschäfte & Dienste", "Winkels & diensten",
                               "Comercios y servicios")
        case .randonnees: t = r("Randonnées", "Hiking", "Wandern", "Wandelen", "Senderismo")
        case .visites: t = r("Visites et loisirs", "Sights & leisure", "Ausflüge & Freizeit", "Bezoeken & vrije tijd",
                             "Visitas y ocio")
        case .meteo: t = r("Météo / enneigement", "Weather / snow", "Wetter / Schnee", "Weer / sneeuw", "Tiempo / nieve")
        case .urgences: t = r("Urgences", "Emergencies", "Notrufe", "Noodnummers", "Urgencias")
        case .office: t = r("Office de Tourisme", "Tourist office", "Tourismusbüro", "VVV-kantoor", "Oficina de turismo")
        }
        return t[lang]!
    }

    public static func tag(_ tag: String, _ lang: Language) -> String {
        let t: [Language: String]
        switch tag {
        case "enfants": t = r("avec les enfants", "with children", "mit Kindern", "met kinderen", "con niños")
        case "pluie": t = r("quand il pleut", "on rainy days", "bei Regen", "als het regent", "si llueve")
        case "accessible": t = r("accessible en fauteuil", "wheelchair access", "rollstuhlgerecht", "rolstoeltoegankelijk",
                                 "accesible en silla")
        case "animaux": t = r("animaux acceptés", "pets welcome", "Haustiere willkommen", "huisdieren welkom", "se admiten mascotas")
        case "gratuit": t = r("gratuit", "free", "kostenlos", "gratis", "gratis")
        case "terrasse": t = r("terrasse", "terrace", "Terrasse", "terras", "terraza")
        case "groupes": t = r("groupes", "groups", "Gruppen", "groepen", "grupos")
        case "hiver": t = r("en hiver", "in winter", "im Winter", "in de winter", "en invierno")
        case "produits-locaux": t = r("produits locaux", "local produce", "regionale Produkte", "streekproducten",
                                      "productos locales")
        case "wifi": t = r("wifi", "wifi", "WLAN", "wifi", "wifi")
        default: return tag
        }
        return t[lang]!
    }

    public static func activity(_ a: HikeActivity, _ lang: Language) -> String {
        let t: [Language: String]
        switch a {
        case .walking: t = r("à pied", "walking", "zu Fuß", "wandelen", "a pie")
        case .vtt: t = r("VTT", "mountain bike", "Mountainbike", "mountainbike", "BTT")
        case .vttElectrique: t = r("VTT électrique", "e-MTB", "E-Mountainbike", "e-mountainbike", "BTT eléctrica")
        case .trail: t = r("trail", "trail running", "Trailrunning", "trailrunning", "trail")
        case .cycling: t = r("cyclo", "cycling", "Radfahren", "fietsen", "bicicleta")
        case .winter: t = r("raquettes", "snowshoes", "Schneeschuhe", "sneeuwschoenen", "raquetas")
        }
        return t[lang]!
    }

    public static func difficulty(_ d: HikeDifficulty, _ lang: Language) -> String {
        let t: [Language: String]
        switch d {
        case .easy: t = r("facile", "easy", "leicht", "makkelijk", "fácil")
        case .medium: t = r("moyenne", "moderate", "mittel", "gemiddeld", "media")
        case .hard: t = r("difficile", "hard", "schwer", "moeilijk", "difícil")
        case .expert: t = r("très difficile", "expert", "sehr schwer", "zeer moeilijk", "muy difícil")
        }
        return t[lang]!
    }
}
