import BorneCore
import BorneUI
import XCTest

/// Every language, all the way: a visitor who chose English, German, Dutch
/// or Spanish walks every screen of a village kiosk and of the hiking table
/// and meets no French UI string; content without a translation is marked
/// "(en français)" in their language; the office's state has one wording.
final class LanguageWalkTests: XCTestCase {
    // (corpora below: a cache per config and language)
    static let others: [Language] = [.en, .de, .nl, .es]

    /// French UI strings that differ from `lang`'s and are none of its own strings.
    func frenchOnly(_ lang: Language) -> [String] {
        var fr: [String] = [], own: [String] = []
        func add(_ f: String, _ o: String) { fr.append(f); own.append(o) }
        for k in L10n.Key.allCases { add(L10n.text(k, .fr), L10n.text(k, lang)) }
        for s in SectionID.allCases { add(L10n.section(s, .fr), L10n.section(s, lang)) }
        for a in HikeActivity.allCases { add(L10n.activity(a, .fr), L10n.activity(a, lang)) }
        for d in HikeDifficulty.allCases { add(L10n.difficulty(d, .fr), L10n.difficulty(d, lang)) }
        return zip(fr, own).compactMap { f, o in
            let f = f.trimmingCharacters(in: .whitespaces)
            guard f.count >= 5, f != o, !own.contains(where: { $0.contains(f) }) else { return nil }
            return f
        }
    }

    /// Every screen a visitor can reach from home in two taps, and a hike's pages.
    func screens(_ config: String, _ lang: Language, size: Size) throws -> [(String, String)] {
        let env = try environment(config)
        var out: [(String, String)] = []
        var d = Driver(env: env, size: size)
        d.tap("lang:\(lang.rawValue)")
        out.append(("home", d.text))
        let tiles = d.app.targets.map(\.id).filter { $0.hasPrefix("tile:") }
        for tile in tiles {
            if d.has("nav:home") { d.tap("nav:home") }
            d.tap(tile)
            out.append((tile, d.text))
            if d.has("hike:filters") {
                d.tap("hike:filters"); out.append((tile + " filters", d.text)); d.tap("nav:back")
            }
            let items = d.app.targets.map(\.id).filter { $0.hasPrefix("item:") }
            for item in items.prefix(3) {
                d.tap(item)
                out.append((item, d.text))
                if d.has("page:down") { d.tap("page:down"); out.append((item + " p2", d.text)) }
                d.tap("nav:back")
            }
        }
        return out
    }

    func testNoFrenchUIStringInAnyOtherLanguage() throws {
        for config in ["pailherols", "vic-sur-cere", "table-rando"] {
            for lang in Self.others {
                let french = frenchOnly(lang)
                XCTAssertFalse(french.isEmpty)
                for size in [Size(width: 80, height: 24), Size(width: 160, height: 45)] {
                    for (name, text) in try screens(config, lang, size: size) {
                        // Content (names, addresses, descriptions...) may hold these words:
                        // only pieces of a line that are no content are UI.
                        let ui = uiPieces(text, french: french, corpus: try corpus(config, lang))
                        for f in french where ui.contains(where: { Self.containsWord($0, f) }) {
                            XCTFail("\(config) \(lang.rawValue) \(size.width)x\(size.height) \(name): French UI string '\(f)':\n\(text)")
                        }
                    }
                }
            }
        }
    }

    var corpora: [String: String] = [:]
    var envs: [String: AppEnvironment] = [:]

    func environment(_ config: String) throws -> AppEnvironment {
        if let e = envs[config] { return e }
        let e = try UITestSupport.loadEnv(config: config)
        envs[config] = e
        return e
    }

    /// Every content text of the catalog in `lang` (and French, for marked
    /// fallbacks), whitespace-normalised, one per line.
    func corpus(_ config: String, _ lang: Language) throws -> String {
        let key = config + lang.rawValue
        if let c = corpora[key] { return c }
        let env = try environment(config)
        var texts: [String] = [env.config.name, env.config.commune]
        func add(_ t: LocalizedText) { texts.append(t.text(lang)); texts.append(t.text(.fr)) }
        for i in env.catalog.items {
            for t in [i.name, i.summary, i.description, i.category, i.hoursText] { add(t) }
            texts += [i.address, i.website, i.email, i.phone, i.commune].compactMap { $0 }
            if let h = i.hike { add(h.notes); for p in h.pois { add(p.name); add(p.note) } }
        }
        let o = env.catalog.office
        add(o.name); add(o.hoursText)
        texts += [o.address, o.phone, o.email, o.website ?? ""]
        for n in env.catalog.emergency { add(n.label); add(n.note) }
        if let w = env.catalog.weather { texts.append(w.place); texts += w.snow.map(\.name) }
        let c = texts.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.joined(separator: "\n")
        corpora[key] = c
        return c
    }

    /// The pieces of the screen's lines (cut at runs of spaces, " · ", ": ")
    /// that are not part of any content text.
    func uiPieces(_ text: String, french: [String], corpus: String) -> [String] {
        var out: [String] = []
        for line in text.split(separator: "\n") {
            var pieces = [String(line)]
            for sep in ["   ", "  ", " · ", ": ", " (", ") ", "[", "]", " — ", " … ", "…"] {
                pieces = pieces.flatMap { $0.components(separatedBy: sep) }
            }
            for p in pieces {
                let t = p.trimmingCharacters(in: .whitespaces)
                guard !t.isEmpty, french.contains(where: { Self.containsWord(t, $0) }), !corpus.contains(t) else { continue }
                out.append(t)
            }
        }
        return out
    }

    /// `word` in `text` not as part of a longer word ("Passer" is not in "Passerelle").
    static func containsWord(_ text: String, _ word: String) -> Bool {
        var from = text.startIndex
        while let r = text.range(of: word, range: from..<text.endIndex) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            if !(before?.isLetter ?? false), !(after?.isLetter ?? false) { return true }
            from = text.index(after: r.lowerBound)
        }
        return false
    }
}
