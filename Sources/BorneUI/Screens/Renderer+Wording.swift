import BorneCore
import Foundation

/// Texts made by the UI around content, said once for every screen that
/// shows the same thing: the office's state (home and office page), content
/// that has no translation (marked "en français" in the visitor's language).
extension Renderer {
    /// "Office ouvert · ferme à 18:00": the same words on home and on the
    /// office's page, in every language.
    func officeStatus(_ hours: OpeningHours) -> (text: String, open: Bool) {
        let s = hours.status(at: now)
        let detail = HoursText.status(s, now: now, language: lang)
        // Keep the detail after the first "·".
        let tail = detail.split(separator: "·", maxSplits: 1).dropFirst().first.map { " ·" + $0 } ?? ""
        return (t(s.isOpen ? .officeOpen : .officeClosed) + tail, s.isOpen)
    }

    /// Content in the visitor's language; French marked "(en français)",
    /// in the visitor's language, when the content has no translation.
    func localized(_ text: LocalizedText) -> String {
        let s = text.text(lang)
        guard isFallback(text) else { return s }
        return s + " (\(t(.inFrench)))"
    }

    /// The content shows French to a visitor who chose another language.
    func isFallback(_ text: LocalizedText) -> Bool {
        lang != .fr && !text.isEmpty && text.values[lang] == nil
    }
}
