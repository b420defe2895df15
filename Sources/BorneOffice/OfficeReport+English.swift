import BorneCore
import Foundation

/// The report's language: French (the office's, the default, and the 2020
/// report's labels) or English (`--lang en`, for a visitor from elsewhere).
/// Item names, kiosk ids and figures are never translated.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case fr, en
}

/// French → English, phrase by phrase (whole words, longest first), for the
/// report's fixed texts: titles, row labels (the part before " · ", where an
/// item's name may follow), notes, period labels.
enum ReportEnglish {
    static let phrases: [(String, String)] = [
        ("Statistiques des bornes", "Kiosk statistics"),
        ("Nombre de jours avec au moins une session", "Days with at least one session"),
        ("Jours avec au moins une session", "Days with at least one session"),
        ("jours avec au moins une session", "days with at least one session"),
        ("Nombre des sessions", "Sessions"), ("nombre des sessions", "sessions"),
        ("Sessions selon l'ouverture de l'office", "Sessions by the office's opening"),
        ("(horaires de l'office avec ses jours fériés)", "(the office's hours, public holidays included)"),
        ("Sessions commencées office ouvert", "Sessions started while the office was open"),
        ("Sessions commencées office fermé", "Sessions started while the office was closed"),
        ("Part des sessions office fermé (%)", "Share of sessions while the office was closed (%)"),
        ("Sessions à une heure où les horaires de l'office sont inconnus", "Sessions when the office's hours are unknown"),
        ("Sessions office fermé", "Sessions while the office was closed"),
        ("sessions office fermé", "sessions while the office was closed"),
        ("Touches à l'intérieur de chaque rubrique", "Taps inside each section"),
        ("Touches par rubrique (6 rubriques)", "Taps per section (6 sections)"),
        ("touches par rubrique (6 rubriques)", "taps per section (6 sections)"),
        (": autres rubriques", ": other sections"),
        ("Touches par rubrique", "Taps per section"),
        ("Sessions par heure de début", "Sessions by starting hour"),
        ("Sessions par mois", "Sessions by month"),
        ("Sessions par langue", "Sessions by language"),
        ("(langue de la dernière touche)", "(language of the last tap)"),
        ("Fiches les plus consultées", "Most viewed items"),
        ("par rubrique, par nom", "per section, by name"),
        ("Codes QR montrés", "QR codes shown"),
        ("(sur une touche ; GPX, PDF, téléphone, site)", "(on a tap; GPX, PDF, phone, website)"),
        ("Satisfaction", "Satisfaction"),
        ("(réponses à la question posée par les bornes)", "(answers to the kiosks' question)"),
        ("Sans réponse (question passée)", "No answer (question skipped)"),
        ("Réponses données (hors question passée)", "Answers given (skips left out)"),
        ("Part de « oui » parmi les réponses (%)", "Share of \"yes\" among the answers (%)"),
        ("En partie", "Partly"), ("Oui", "Yes"), ("Non", "No"),
        ("Touches à l'horloge invraisemblable (toutes années ; hors des tableaux)",
         "Taps with an implausible clock (all years; left out of the tables)"),
        ("Avant la création de leur contenu (ou avant 2015)", "Before their content was made (or before 2015)"),
        ("Dans le futur à leur réception", "In the future when received"),
        ("Horloge avancée par la borne à la date de son contenu", "Clock moved forward by the kiosk to its content's date"),
        ("Évolution :", "Change:"), ("Évolution", "Change"),
        ("Touches", "Taps"), ("touches", "taps"),
        ("aucune donnée pour", "no data for"), ("pas de comparaison", "no comparison"),
        ("horaires de l'office inconnus (contenu sans horaires ou absent : --content DIR) : sessions bureau ouvert ou fermé non réparties",
         "the office's hours are unknown (content without hours or missing: --content DIR): sessions not split by the office's opening"),
        ("Profil horaire", "Hours profile"), ("Profil mensuel", "Months profile"),
        ("Office ouvert (au moins un jour sur deux)", "Office open (at least one day in two)"),
        ("fond jaune : heures d'ouverture de l'office (plus foncé : ouvert plus de jours de la période)",
         "yellow background: the office's opening hours (darker: open on more days of the period)"),
        ("au moins un jour sur deux", "at least one day in two"),
        ("Fond gris : heures d'ouverture de l'office (plus foncé : ouvert plus de jours)",
         "Grey background: the office's opening hours (darker: open on more days)"),
        ("fiche non notée (écran du code)", "item not recorded (code screen)"),
        ("nom inconnu", "unknown name"), ("nouveau", "new"),
        ("carte (départ de la randonnée)", "map (hike's start)"), ("lieu sur une carte", "place on a map"),
        ("site web", "website"), ("téléphone", "phone"), ("agenda (événement)", "calendar (event)"),
        ("randonnée", "hike"), ("fiche (site, téléphone ou lieu)", "item (website, phone or place)"),
        ("autre écran", "other screen"), ("écran", "screen"),
        ("borne(s) absente(s) des configurations des bornes", "kiosk(s) missing from the kiosk configurations"),
        ("nommée(s) par leur identifiant :", "named by their id:"),
        ("configurations des bornes non lues (donner --kiosk-config DIR) :", "kiosk configurations not read (give --kiosk-config DIR):"),
        ("bornes nommées par leur identifiant :", "kiosks named by their id:"),
        ("Toutes les bornes", "All kiosks"), ("Note :", "Note:"), (" : total", ": total"),
        ("Où dormir ?", "Where to stay"), ("Où manger ?", "Where to eat"), ("Agenda", "Events"),
        ("Il pleut ?", "Rainy day"), ("Commerces et services", "Shops and services"), ("Randonnées", "Hikes"),
        ("Visites et loisirs", "Visits and leisure"), ("Météo / enneigement", "Weather / snow"),
        ("Urgences", "Emergencies"), ("Office de Tourisme", "Tourist office"), ("(accueil)", "(home)"),
        ("français", "French"), ("anglais", "English"), ("allemand", "German"), ("néerlandais", "Dutch"),
        ("espagnol", "Spanish"),
        ("janvier", "January"), ("février", "February"), ("mars", "March"), ("avril", "April"), ("mai", "May"),
        ("juin", "June"), ("juillet", "July"), ("août", "August"), ("septembre", "September"),
        ("octobre", "October"), ("novembre", "November"), ("décembre", "December"),
        ("janv.", "Jan"), ("févr.", "Feb"), ("avr.", "Apr"), ("juil.", "Jul"), ("sept.", "Sep"), ("oct.", "Oct"),
        ("nov.", "Nov"), ("déc.", "Dec"),
        ("1er", "1"), ("du", "from"), ("au", "to"), ("été", "summer"), ("hiver", "winter"),
        ("par rubrique", "per section"), ("fermé", "closed"),
    ]

    /// One pattern per phrase, matching it as whole words.
    static let compiled: [(NSRegularExpression, String)] = phrases
        .sorted { $0.0.count > $1.0.count }
        .map { fr, en in
            let p = "(?<![\\p{L}\\p{N}])" + NSRegularExpression.escapedPattern(for: fr) + "(?![\\p{L}\\p{N}])"
            return (try! NSRegularExpression(pattern: p), en)
        }

    /// The text in English; an item's name after " · " is left as it is.
    static func translate(_ s: String) -> String {
        if let dot = s.range(of: " · ") {
            let head = String(s[..<dot.lowerBound]), tail = String(s[dot.upperBound...])
            // "QR GPX · name", "Où dormir ? · name (nom inconnu)": translate the head and the trailing note only.
            let fixedTail = tail.hasSuffix(" (nom inconnu)") ? String(tail.dropLast(14)) + " (unknown name)"
                : tail == "fiche non notée (écran du code)" ? "item not recorded (code screen)"
                : tail.hasPrefix("écran ") ? "screen " + tail.dropFirst(6) : tail
            return translate(head) + " · " + fixedTail
        }
        // One pass over the original: a phrase already translated is not read again.
        var pieces: [(NSRange, String)] = []
        let ns = s as NSString
        for (re, en) in compiled {
            for m in re.matches(in: s, range: NSRange(location: 0, length: ns.length))
            where !pieces.contains(where: { NSIntersectionRange($0.0, m.range).length > 0 }) {
                pieces.append((m.range, en))
            }
        }
        var out = s
        for (r, en) in pieces.sorted(by: { $0.0.location > $1.0.location }) {
            out = (out as NSString).replacingCharacters(in: r, with: en)
        }
        return out
    }

    static func table(_ t: ReportTable) -> ReportTable {
        ReportTable(id: t.id, title: translate(t.title), columns: t.columns,
                    rows: t.rows.map { ReportRow(translate($0.label), $0.cells.map { $0 == "nouveau" ? "new" : $0 }) })
    }
}

extension OfficeReport {
    /// The tables in the report's language.
    var shownTables: [ReportTable] { language == .fr ? tables : tables.map(ReportEnglish.table) }

    /// A fixed text of the report in its language.
    public func say(_ french: String) -> String { language == .fr ? french : ReportEnglish.translate(french) }

    /// A column's display name in the report's language.
    func columnName(_ id: String) -> String { say(context.kioskNames.name(id)) }
}
