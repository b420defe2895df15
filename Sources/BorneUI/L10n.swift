import BorneCore

/// Every UI string, in the kiosk's five languages. French is the reference;
/// a missing translation does not compile (`Localized`), an empty one is a
/// test failure (`KioskAppTests`), never a blank.
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
        case filters, seeHikes, outOfSeason, youAreHere, scanStart, moreInfo, legendStart, legendEnd, legendPlaces, legendCommunes, family
        case inFrench, touchAnyLanguage
        case surveyQuestion, surveyYes, surveyPartly, surveyNo, surveySkip
        case scanCalendar, reception, receptionOpenUntil, receptionClosed, arrivalFrom, receptionAlwaysOpen
    }

    public static func text(_ key: Key, _ lang: Language) -> String { row(key)[lang] }

    /// Keys whose text in `lang` is empty (used by tests; a missing language
    /// does not compile).
    public static func missing(_ lang: Language) -> [Key] {
        Key.allCases.filter { row($0)[lang].isEmpty }
    }

    static func r(_ fr: String, _ en: String, _ de: String, _ nl: String, _ es: String) -> Localized<String> {
        Localized(fr: fr, en: en, de: de, nl: nl, es: es)
    }

    /// Every key's row, one `case` each: a key without its row, or a row
    /// without one of the five languages, does not compile.
    static func row(_ key: Key) -> Localized<String> {
        switch key {
        case .home: return r("Accueil", "Home", "Start", "Start", "Inicio")
        case .back: return r("Retour", "Back", "Zurück", "Terug", "Volver")
        case .pageUp: return r("▲ Haut", "▲ Up", "▲ Hoch", "▲ Omhoog", "▲ Subir")
        case .pageDown: return r("▼ Bas", "▼ Down", "▼ Runter", "▼ Omlaag", "▼ Bajar")
        case .page: return r("page", "page", "Seite", "pagina", "página")
        case .touchToStart: return r("Touchez l'écran pour commencer", "Touch the screen to start", "Berühren Sie den Bildschirm",
                                     "Raak het scherm aan om te beginnen", "Toque la pantalla para empezar")
        case .touchSection: return r("Touchez une rubrique", "Touch a topic", "Wählen Sie ein Thema", "Kies een onderwerp", "Toque un tema")
        case .officeOpen: return r("Office ouvert", "Tourist office open", "Tourismusbüro geöffnet", "VVV-kantoor open", "Oficina abierta")
        case .officeClosed: return r("Office fermé", "Tourist office closed", "Tourismusbüro geschlossen", "VVV-kantoor gesloten", "Oficina cerrada")
        case .example: return r("exemple", "example", "Beispiel", "voorbeeld", "ejemplo")
        case .noItems: return r("Rien à afficher pour l'instant.", "Nothing to show right now.", "Derzeit nichts anzuzeigen.",
                                "Op dit moment niets te tonen.", "Nada que mostrar por ahora.")
        case .allFilter: return r("Tout", "All", "Alle", "Alles", "Todo")
        case .openNow: return r("Ouvert maintenant", "Open now", "Jetzt geöffnet", "Nu open", "Abierto ahora")
        case .withChildren: return r("Avec les enfants", "With children", "Mit Kindern", "Met kinderen", "Con niños")
        case .today: return r("Aujourd'hui", "Today", "Heute", "Vandaag", "Hoy")
        case .weekend: return r("Ce week-end", "This weekend", "Wochenende", "Dit weekend", "Este fin de semana")
        case .thisWeek: return r("Cette semaine", "This week", "Diese Woche", "Deze week", "Esta semana")
        case .thisMonth: return r("Ce mois-ci", "This month", "Diesen Monat", "Deze maand", "Este mes")
        case .address: return r("Adresse", "Address", "Adresse", "Adres", "Dirección")
        case .phone: return r("Téléphone", "Phone", "Telefon", "Telefoon", "Teléfono")
        case .email: return r("E-mail", "E-mail", "E-Mail", "E-mail", "Correo")
        case .website: return r("Site", "Website", "Webseite", "Website", "Web")
        case .hours: return r("Horaires", "Opening hours", "Öffnungszeiten", "Openingstijden", "Horario")
        case .tags: return r("À savoir", "Good to know", "Gut zu wissen", "Goed om te weten", "Información")
        case .dates: return r("Dates", "Dates", "Termine", "Data", "Fechas")
        case .scanForPhone: return r("Sur votre téléphone", "On your phone", "Auf Ihrem Handy", "Op uw telefoon", "En su móvil")
        case .scanWebsite: return r("Scannez : site web", "Scan: website", "Scannen: Webseite", "Scan: website", "Escanee: web")
        case .scanPhone: return r("Scannez : appeler", "Scan: call", "Scannen: anrufen", "Scan: bellen", "Escanee: llamar")
        case .distance: return r("Distance", "Distance", "Strecke", "Afstand", "Distancia")
        case .climb: return r("Dénivelé", "Climb", "Aufstieg", "Stijging", "Desnivel")
        case .duration: return r("Durée", "Time", "Dauer", "Duur", "Duración")
        case .difficulty: return r("Difficulté", "Difficulty", "Schwierigkeit", "Moeilijkheid", "Dificultad")
        case .activity: return r("Activité", "Activity", "Aktivität", "Activiteit", "Actividad")
        case .noElevation: return r("Pas d'altitude dans ce tracé", "No elevation in this track", "Keine Höhendaten",
                                    "Geen hoogtegegevens", "Sin datos de altitud")
        case .trackMissing: return r("Tracé indisponible", "Track unavailable", "Route nicht verfügbar", "Route niet beschikbaar",
                                     "Recorrido no disponible")
        case .weatherTitle: return r("Météo / enneigement", "Weather / snow", "Wetter / Schnee", "Weer / sneeuw", "Tiempo / nieve")
        case .weatherAt: return r("Relevé du", "Observed", "Stand", "Gemeten", "Datos del")
        case .weatherStale: return r("⚠ Données anciennes, pas de mise à jour récente", "⚠ Old data, not updated recently",
                                     "⚠ Veraltete Daten, nicht aktualisiert", "⚠ Oude gegevens, niet bijgewerkt",
                                     "⚠ Datos antiguos, sin actualizar")
        case .forecast: return r("Prévisions", "Forecast", "Vorhersage", "Verwachting", "Previsión")
        case .snowTitle: return r("Enneigement", "Snow report", "Schneebericht", "Sneeuwbericht", "Estado de la nieve")
        case .snowAt: return r("Bulletin du", "Report of", "Bericht vom", "Bericht van", "Parte del")
        case .snowDepth: return r("neige", "snow", "Schnee", "sneeuw", "nieve")
        case .liftsOpen: return r("remontées ouvertes", "lifts open", "Lifte offen", "liften open", "remontes abiertos")
        case .noWeather: return r("Pas de données météo.", "No weather data.", "Keine Wetterdaten.", "Geen weergegevens.",
                                  "Sin datos meteorológicos.")
        case .wind: return r("vent", "wind", "Wind", "wind", "viento")
        case .emergencyTitle: return r("Urgences", "Emergencies", "Notrufe", "Noodnummers", "Urgencias")
        case .emergencyHint: return r("15, 17, 18, 112 et 114 : appel gratuit depuis tout téléphone, même sans crédit.",
                                      "15, 17, 18, 112 and 114: free from any phone, even without credit.",
                                      "15, 17, 18, 112 und 114: kostenlos von jedem Telefon, auch ohne Guthaben.",
                                      "15, 17, 18, 112 en 114: gratis vanaf elke telefoon, ook zonder beltegoed.",
                                      "15, 17, 18, 112 y 114: gratis desde cualquier teléfono, incluso sin saldo.")
        case .pharmacy: return r("Pharmacie de garde", "Pharmacy on duty", "Notdienst-Apotheke", "Dienstdoende apotheek", "Farmacia de guardia")
        case .officeTitle: return r("Office de Tourisme", "Tourist office", "Tourismusbüro", "VVV-kantoor", "Oficina de turismo")
        case .officeWeek: return r("Cette semaine", "This week", "Diese Woche", "Deze week", "Esta semana")
        case .closedDay: return r("fermé", "closed", "geschlossen", "gesloten", "cerrado")
        case .attractTitle: return r("Bienvenue dans le Carladès", "Welcome to the Carladès", "Willkommen im Carladès",
                                     "Welkom in de Carladès", "Bienvenidos al Carladès")
        case .attractToday: return r("À l'agenda", "What's on", "Veranstaltungen", "Agenda", "Agenda")
        case .attractHike: return r("Randonnée à découvrir", "A hike to discover", "Wanderung entdecken", "Wandeling om te ontdekken",
                                    "Una ruta para descubrir")
        case .attractWeather: return r("La météo", "The weather", "Das Wetter", "Het weer", "El tiempo")
        case .attractNoEvents: return r("Pas d'événement aujourd'hui.", "No event today.", "Heute keine Veranstaltung.",
                                        "Vandaag geen evenement.", "Hoy no hay eventos.")
        case .tooSmall: return r("Écran trop petit", "Screen too small", "Bildschirm zu klein", "Scherm te klein", "Pantalla demasiado pequeña")
        case .tooSmallNeed: return r("minimum", "minimum", "mindestens", "minimaal", "mínimo")
        case .pinTitle: return r("Maintenance : code", "Maintenance: PIN", "Wartung: PIN", "Onderhoud: pincode", "Mantenimiento: PIN")
        case .pinWrong: return r("Code incorrect", "Wrong PIN", "Falsche PIN", "Verkeerde pincode", "PIN incorrecto")
        case .pinClear: return r("Effacer", "Clear", "Löschen", "Wissen", "Borrar")
        case .pinOK: return r("Valider", "OK", "OK", "OK", "Aceptar")
        case .maintTitle: return r("Maintenance", "Maintenance", "Wartung", "Onderhoud", "Mantenimiento")
        case .maintKiosk: return r("Borne", "Kiosk", "Terminal", "Kiosk", "Quiosco")
        case .maintContent: return r("Contenu", "Content", "Inhalt", "Inhoud", "Contenido")
        case .maintDataDir: return r("Données", "Data dir", "Datenordner", "Gegevensmap", "Datos")
        case .maintFreeDisk: return r("Disque libre", "Free disk", "Freier Speicher", "Vrije schijf", "Disco libre")
        case .maintProblems: return r("Problèmes de contenu", "Content problems", "Inhaltsprobleme", "Inhoudsproblemen",
                                      "Problemas de contenido")
        case .maintQuit: return r("Quitter le kiosque", "Quit kiosk", "Kiosk beenden", "Kiosk afsluiten", "Salir del quiosco")
        case .maintClose: return r("Fermer", "Close", "Schließen", "Sluiten", "Cerrar")
        case .loop: return r("boucle", "loop", "Rundweg", "rondwandeling", "circular")
        case .outAndBack: return r("aller-retour", "out and back", "hin und zurück", "heen en terug", "ida y vuelta")
        case .maintStats: return r("Statistiques", "Statistics", "Statistik", "Statistieken", "Estadísticas")
        case .demoNote: return r("exemple fictif, pour la démonstration", "fictional example, for the demo",
                                  "fiktives Beispiel, zur Vorführung", "fictief voorbeeld, ter demonstratie",
                                  "ejemplo ficticio, para la demostración")
        case .officeOpenShort: return r("Ouvert", "Open", "Geöffnet", "Open", "Abierta")
        case .officeClosedShort: return r("Fermé", "Closed", "Geschlossen", "Gesloten", "Cerrada")
        // French puts a space before the colon; the others do not.
        case .colon: return r(" : ", ": ", ": ", ": ", ": ")
        case .start: return r("Départ", "Start", "Start", "Vertrek", "Salida")
        case .scanMap: return r("Scannez : le départ", "Scan: the start", "Scannen: Startpunkt", "Scan: vertrekpunt",
                                "Escanee: la salida")
        case .upcoming: return r("À venir", "Coming up", "Demnächst", "Binnenkort", "Próximamente")
        case .nothingToday: return r("Rien aujourd'hui — prochains rendez-vous :", "Nothing today — coming up next:",
                                     "Heute nichts — die nächsten Termine:", "Vandaag niets — de volgende activiteiten:",
                                     "Nada hoy — próximas citas:")
        case .nothingWeekend: return r("Rien ce week-end — prochains rendez-vous :", "Nothing this weekend — coming up next:",
                                       "Dieses Wochenende nichts — die nächsten Termine:", "Dit weekend niets — de volgende activiteiten:",
                                       "Nada este fin de semana — próximas citas:")
        case .nothingWeek: return r("Rien cette semaine — prochains rendez-vous :", "Nothing this week — coming up next:",
                                    "Diese Woche nichts — die nächsten Termine:", "Deze week niets — de volgende activiteiten:",
                                    "Nada esta semana — próximas citas:")
        case .nothingMonth: return r("Rien ce mois-ci — prochains rendez-vous :", "Nothing this month — coming up next:",
                                     "Diesen Monat nichts — die nächsten Termine:", "Deze maand niets — de volgende activiteiten:",
                                     "Nada este mes — próximas citas:")
        case .tableTitle: return r("Toutes les randonnées du Cantal", "Every hike in the Cantal", "Alle Wanderungen im Cantal",
                                   "Alle wandelingen in de Cantal", "Todas las rutas del Cantal")
        case .territory: return r("Territoire", "Area", "Gebiet", "Gebied", "Zona")
        case .season: return r("Saison", "Season", "Jahreszeit", "Seizoen", "Temporada")
        case .notes: return r("Infos pratiques", "Practical notes", "Praktische Hinweise", "Praktische info", "Información práctica")
        case .pois: return r("À voir", "Points of interest", "Sehenswertes", "Bezienswaardigheden", "Puntos de interés")
        case .loopOnly: return r("Boucle", "Loop", "Rundweg", "Rondwandeling", "Circular")
        case .sortBy: return r("Trier par", "Sort by", "Sortieren", "Sorteren op", "Ordenar por")
        case .sortDistance: return r("Au plus près", "Nearest", "Am nächsten", "Dichtstbij", "Más cerca")
        case .sortDuration: return r("Durée", "Time", "Dauer", "Duur", "Duración")
        case .sortDifficulty: return r("Difficulté", "Difficulty", "Schwierigkeit", "Moeilijkheid", "Dificultad")
        case .clearAll: return r("Tout effacer", "Clear all", "Alles löschen", "Alles wissen", "Borrar todo")
        case .noMatch: return r("Aucune randonnée ne correspond à ces filtres.", "No hike matches these filters.",
                                "Keine Wanderung passt zu diesen Filtern.", "Geen wandeling past bij deze filters.",
                                "Ninguna ruta coincide con estos filtros.")
        case .hikesFound: return r("randonnées", "hikes", "Wanderungen", "wandelingen", "rutas")
        case .mapTab: return r("Carte et profil", "Map & profile", "Karte & Profil", "Kaart & profiel", "Mapa y perfil")
        case .reliefTab: return r("Relief", "Relief view", "3D-Ansicht", "Reliëf", "Relieve")
        case .takeAway: return r("Emporter", "Take away", "Mitnehmen", "Meenemen", "Llevar")
        case .scanGPX: return r("Tracé GPX", "GPX track", "GPX-Track", "GPX-route", "Ruta GPX")
        case .scanPDF: return r("Fiche PDF", "PDF sheet", "PDF-Blatt", "PDF-fiche", "Ficha PDF")
        case .fromHere: return r("d'ici", "from here", "von hier", "van hier", "desde aquí")
        case .turnLeft: return r("◀ Tourner", "◀ Turn", "◀ Drehen", "◀ Draaien", "◀ Girar")
        case .turnRight: return r("Tourner ▶", "Turn ▶", "Drehen ▶", "Draaien ▶", "Girar ▶")
        case .lookingTowards: return r("Vue vers", "Looking", "Blick nach", "Kijkrichting", "Vista hacia")
        case .seasonAll: return r("toute l'année", "all year", "ganzjährig", "het hele jaar", "todo el año")
        case .seasonSummer: return r("belle saison", "summer", "Sommer", "zomer", "verano")
        case .seasonWinter: return r("hiver", "winter", "Winter", "winter", "invierno")
        case .descent: return r("D−", "Descent", "Abstieg", "Daling", "Descenso")
        case .lowest: return r("point bas", "lowest", "tiefster Punkt", "laagste punt", "punto más bajo")
        case .highest: return r("point haut", "highest", "höchster Punkt", "hoogste punt", "punto más alto")
        case .takeAwayHint: return r("Scannez avec l'appareil photo de votre téléphone", "Scan with your phone's camera",
                                     "Mit der Handykamera scannen", "Scan met de camera van uw telefoon",
                                     "Escanee con la cámara de su móvil")
        case .winterFirst: return r("Hiver : sorties d'hiver en premier", "Winter: winter outings first",
                                    "Winter: Wintertouren zuerst", "Winter: wintertochten eerst", "Invierno: rutas de invierno primero")
        // The village kiosks' hike list, filters and hike page, reception hours, survey.
        case .filters: return r("Filtrer", "Filter", "Filtern", "Filteren", "Filtrar")
        case .seeHikes: return r("Voir", "Show", "Zeigen", "Toon", "Ver")
        case .outOfSeason: return r("hors saison", "out of season", "außerhalb der Saison", "buiten het seizoen", "fuera de temporada")
        case .youAreHere: return r("Vous êtes ici", "You are here", "Sie sind hier", "U bent hier", "Usted está aquí")
        case .scanStart: return r("Départ", "Start", "Start", "Start", "Salida")
        case .moreInfo: return r("▼ Suite", "▼ More", "▼ Mehr", "▼ Meer", "▼ Más")
        case .legendStart: return r("départ", "start", "Start", "start", "salida")
        case .legendEnd: return r("arrivée", "finish", "Ziel", "einde", "llegada")
        case .legendPlaces: return r("lieux", "places", "Orte", "plaatsen", "lugares")
        case .legendCommunes: return r("communes", "villages", "Gemeinden", "gemeenten", "municipios")
        case .inFrench: return r("en français", "in French", "auf Französisch", "in het Frans", "en francés")
        case .touchAnyLanguage: return r("Touchez", "Touch", "Berühren", "Aanraken", "Toque")
        case .scanCalendar: return r("Scannez : dans l'agenda", "Scan: add to calendar", "Scannen: in den Kalender",
                                      "Scan: in de agenda", "Escanee: al calendario")
        case .reception: return r("Accueil", "Reception", "Rezeption", "Receptie", "Recepción")
        case .receptionOpenUntil: return r("ouvert jusqu'à", "open until", "geöffnet bis", "open tot", "abierta hasta las")
        case .receptionClosed: return r("fermé", "closed", "geschlossen", "gesloten", "cerrada")
        case .arrivalFrom: return r("arrivée possible à partir de", "check-in from", "Anreise ab", "aankomst vanaf", "llegada a partir de las")
        case .receptionAlwaysOpen: return r("ouvert 24 h/24", "open 24/7", "rund um die Uhr", "24 uur per dag open", "abierta 24 h")
        case .surveyQuestion: return r("Avez-vous trouvé ce que vous cherchiez ?", "Did you find what you were looking for?",
                                        "Haben Sie gefunden, was Sie gesucht haben?", "Heeft u gevonden wat u zocht?",
                                        "¿Ha encontrado lo que buscaba?")
        case .surveyYes: return r("Oui", "Yes", "Ja", "Ja", "Sí")
        case .surveyPartly: return r("En partie", "Partly", "Teilweise", "Gedeeltelijk", "En parte")
        case .surveyNo: return r("Non", "No", "Nein", "Nee", "No")
        case .surveySkip: return r("Passer", "Skip", "Überspringen", "Overslaan", "Omitir")
        case .family: return r("En famille", "Family", "Familie", "Gezin", "En familia")
        }
    }

    public static func section(_ s: SectionID, _ lang: Language) -> String {
        let t: Localized<String>
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
        return t[lang]
    }

    public static func tag(_ tag: String, _ lang: Language) -> String {
        let t: Localized<String>
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
        return t[lang]
    }

    public static func activity(_ a: HikeActivity, _ lang: Language) -> String {
        let t: Localized<String>
        switch a {
        case .walking: t = r("à pied", "walking", "zu Fuß", "wandelen", "a pie")
        case .vtt: t = r("VTT", "mountain bike", "Mountainbike", "mountainbike", "BTT")
        case .vttElectrique: t = r("VTT électrique", "e-MTB", "E-Mountainbike", "e-mountainbike", "BTT eléctrica")
        case .trail: t = r("trail", "trail running", "Trailrunning", "trailrunning", "trail")
        case .cycling: t = r("cyclo", "cycling", "Radfahren", "fietsen", "bicicleta")
        case .winter: t = r("raquettes", "snowshoes", "Schneeschuhe", "sneeuwschoenen", "raquetas")
        }
        return t[lang]
    }

    public static func difficulty(_ d: HikeDifficulty, _ lang: Language) -> String {
        let t: Localized<String>
        switch d {
        case .easy: t = r("facile", "easy", "leicht", "makkelijk", "fácil")
        case .medium: t = r("moyenne", "moderate", "mittel", "gemiddeld", "media")
        case .hard: t = r("difficile", "hard", "schwer", "moeilijk", "difícil")
        case .expert: t = r("très difficile", "expert", "sehr schwer", "zeer moeilijk", "muy difícil")
        }
        return t[lang]
    }
}
