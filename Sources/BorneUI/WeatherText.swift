import BorneCore
import Foundation

/// WMO weather codes (as Open-Meteo sends them) to a one-cell symbol and words.
/// Symbols are single-width in glibc's wcwidth, so they never shift a layout.
public enum WeatherText {
    public static func symbol(_ code: Int) -> String {
        switch code {
        case 0, 1: return "☀"
        case 2, 3: return "☁"
        case 45, 48: return "≡"
        case 51...67, 80...82: return "☂"
        case 71...77, 85, 86: return "❄"
        case 95...99: return "☈"
        default: return "·"
        }
    }

    public static func label(_ code: Int, _ lang: Language) -> String {
        let r = L10n.r
        let t: Localized<String>
        switch code {
        case 0: t = r("ciel clair", "clear sky", "klar", "onbewolkt", "despejado")
        case 1: t = r("plutôt ensoleillé", "mainly clear", "überwiegend klar", "overwegend helder", "poco nuboso")
        case 2: t = r("partiellement nuageux", "partly cloudy", "teilweise bewölkt", "half bewolkt", "parcialmente nuboso")
        case 3: t = r("couvert", "overcast", "bedeckt", "bewolkt", "cubierto")
        case 45, 48: t = r("brouillard", "fog", "Nebel", "mist", "niebla")
        case 51...57: t = r("bruine", "drizzle", "Nieselregen", "motregen", "llovizna")
        case 61...67: t = r("pluie", "rain", "Regen", "regen", "lluvia")
        case 71...77: t = r("neige", "snow", "Schnee", "sneeuw", "nieve")
        case 80...82: t = r("averses", "showers", "Schauer", "buien", "chubascos")
        case 85, 86: t = r("averses de neige", "snow showers", "Schneeschauer", "sneeuwbuien", "chubascos de nieve")
        case 95...99: t = r("orages", "thunderstorms", "Gewitter", "onweer", "tormentas")
        default: t = r("—", "—", "—", "—", "—")
        }
        return t[lang]
    }

    /// "8 °C" with French rounding (no "-0").
    public static func temperature(_ c: Double) -> String {
        let v = Int(c.rounded())
        return "\(v == 0 ? 0 : v) °C"
    }

    // MARK: - Old data is never shown as current

    /// Past this age the current conditions and forecast leave the header,
    /// the home tile and the attract screen whatever the configured limit.
    public static let maxCurrentAge: TimeInterval = 24 * 3600

    /// A snow report is fresh for two days; older, its depths are shown only
    /// in the kiosk's winter season.
    public static let snowFreshAge: TimeInterval = 48 * 3600

    /// Whether snow depths may be shown: fresh, or in the configured season.
    public static func showsSnow(observedAt: Date, now: Date, inSeason: Bool) -> Bool {
        inSeason || now.timeIntervalSince(observedAt) <= snowFreshAge
    }

    /// "jeudi 26 novembre", with the year when it is not this year's.
    static func since(_ d: LocalDate, today: LocalDate, _ lang: Language) -> String {
        DateText.longDay(d, lang) + (d.year == today.year ? "" : " \(d.year)")
    }

    /// "Prévisions indisponibles depuis le jeudi 26 novembre": shown instead
    /// of values older than the kiosk's limit.
    public static func unavailableSince(_ d: LocalDate, today: LocalDate, _ lang: Language) -> String {
        let when = since(d, today: today, lang)
        switch lang {
        case .fr: return "Prévisions indisponibles depuis le \(when)"
        case .en: return "Forecast unavailable since \(when)"
        case .de: return "Keine Vorhersage seit \(when)"
        case .nl: return "Geen weersverwachting sinds \(when)"
        case .es: return "Previsión no disponible desde el \(when)"
        }
    }

    /// "Pas de bulletin d'enneigement depuis le jeudi 26 novembre".
    public static func snowUnavailableSince(_ d: LocalDate, today: LocalDate, _ lang: Language) -> String {
        let when = since(d, today: today, lang)
        switch lang {
        case .fr: return "Pas de bulletin d'enneigement depuis le \(when)"
        case .en: return "No snow report since \(when)"
        case .de: return "Kein Schneebericht seit \(when)"
        case .nl: return "Geen sneeuwbericht sinds \(when)"
        case .es: return "Sin parte de nieve desde el \(when)"
        }
    }
}
