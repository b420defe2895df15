import BorneCore
import Foundation

/// One table of the report: kiosks as columns (`all_kiosks` first), one
/// labelled row per figure. Cells are already formatted (numbers without
/// separators, percentages with their sign).
public struct ReportTable: Equatable, Sendable {
    /// Stable id of the table ("sessions", "rubriques"...), for the HTML anchors and tests.
    public var id: String
    public var title: String
    /// Kiosk ids; the first is `KioskCatalog.allID`.
    public var columns: [String]
    public var rows: [ReportRow]
}

public struct ReportRow: Equatable, Sendable {
    public var label: String
    public var cells: [String]
    public init(_ label: String, _ cells: [String]) { self.label = label; self.cells = cells }
}

/// The report of a period (a year by default): the two tables of the
/// office's 2020 report, then Borne's own (sessions while the office is
/// closed, hours, months, languages, most viewed items by name, QR codes,
/// satisfaction, taps inside sections, change from the period before,
/// flagged rows).
public struct OfficeReport: Equatable, Sendable {
    public var period: ReportPeriod
    /// Kiosk columns in report order (without `all_kiosks`).
    public var kiosks: [String]
    public var stats: YearStats
    public var extras: [String: KioskPeriodExtras]
    /// The period compared with, when the database holds any of it.
    public var previous: PeriodStats?
    /// Rows with an implausible clock, per kiosk (all years).
    public var flagged: [String: [ClockVerdict: Int]]
    public var context: ReportContext
    /// Lines said under the title ("aucune donnée pour 2019 : pas de comparaison").
    public var notes: [String] = []
    /// The language of the report's texts (`--lang`); figures and names stay as they are.
    public var language: ReportLanguage = .fr

    /// The first year of the period (the year of a yearly report).
    public var year: Int { period.start.year }
    /// How the titles name the period: "2020", "juil. 2027", "été 2027"...
    public var label: String { period.shortLabel }
    /// True when no kiosk has a session or a tap in the period: the report
    /// then says so (`noDataMessage`) instead of tables of zeros.
    public var isEmpty: Bool { stats.isEmpty }
    public var noDataMessage: String { "aucune donnée pour \(period.label)" }

    /// The six sections of the 2020 report, in its order.
    public static let sections2020: [SectionID] = [.dormir, .manger, .agenda, .pluie, .commerces, .randonnees]
    /// Sections Borne shows that the 2020 table did not count: every other
    /// `SectionID`, in its order, so a new section is never left out.
    public static let otherSections: [SectionID] = SectionID.allCases.filter { !sections2020.contains($0) }

    public static let sessionsLabel = "Nombre des sessions"
    public static let daysLabel = "Nombre de jours avec au moins une session"

    /// Builds the report of `year` from `store`; `only` restricts the kiosks.
    public static func build(_ store: OfficeStore, year: Int, only: Set<String>? = nil,
                             context: ReportContext = ReportContext()) throws -> OfficeReport {
        try build(store, period: .year(year), only: only, context: context)
    }

    /// Builds the report of `period`. Without a comparison asked for, a
    /// calendar year is compared with the year before when it has data.
    public static func build(_ store: OfficeStore, period: ReportPeriod, only: Set<String>? = nil,
                             compare: ReportComparison? = nil, context: ReportContext = ReportContext()) throws -> OfficeReport {
        let now = try store.periodStats(period, only: only, officeHours: context.officeHours, itemQR: context.itemQR,
                                           hikeCodes: context.hikeCodes)
        var notes: [String] = []
        var previous: PeriodStats?
        let before: ReportPeriod? = switch compare {
        case .previousYear?: period.previousYear
        case .previousPeriod?: period.previousPeriod
        case nil: period.isCalendarYear ? period.previousYear : nil
        }
        if let before {
            let p = try store.periodStats(before, only: only, officeHours: context.officeHours, itemQR: context.itemQR,
                                         hikeCodes: context.hikeCodes)
            if !p.isEmpty { previous = p } else if compare != nil {
                notes.append("aucune donnée pour \(before.label) : pas de comparaison")
            }
        }
        if context.officeHours == nil {
            notes.append("horaires de l'office inconnus (contenu sans horaires ou absent : --content DIR) : "
                         + "sessions bureau ouvert ou fermé non réparties")
        }
        var flagged = try store.flaggedCounts()
        if let only { flagged = flagged.filter { only.contains($0.key) } }
        var ids = Set(now.stats.kiosks.keys)
        ids.formUnion(flagged.keys)
        // A kiosk asked for by name gets its column, even empty.
        if let only { ids.formUnion(only) }
        // A kiosk the configurations do not name keeps its column, by its id, and the report says why.
        if let n = context.kioskNames.note(ids) { notes.append(n) }
        return OfficeReport(period: period, kiosks: KioskCatalog.ordered(ids), stats: now.stats, extras: now.extras,
                            previous: previous, flagged: flagged, context: context, notes: notes)
    }

    public var columns: [String] { [KioskCatalog.allID] + kiosks }

    /// The figures of each column: all kiosks, then each kiosk.
    func perColumn(_ s: YearStats) -> [KioskYearStats] {
        [s.all] + kiosks.map { s.kiosks[$0] ?? KioskYearStats() }
    }

    // MARK: tables

    public var tables: [ReportTable] {
        var t = [sessionsTable, openingTapsTable, officeStateTable]
        t.append(contentsOf: [otherOpeningTapsTable, tapsInsideTable, hoursTable, monthsTable, languagesTable,
                              itemsTable, qrTable])
        if let survey = surveyTable { t.append(survey) }
        if let evolution = evolutionTable { t.append(evolution) }
        t.append(flaggedTable)
        return t
    }

    /// The 2020 report's first table.
    public var sessionsTable: ReportTable {
        let c = perColumn(stats)
        return ReportTable(id: "sessions", title: "Sessions \(label)", columns: columns, rows: [
            ReportRow(Self.sessionsLabel, c.map { String($0.sessions) }),
            ReportRow(Self.daysLabel, c.map { String($0.days.count) }),
        ])
    }

    /// The 2020 report's second table: opening taps of its six sections.
    public var openingTapsTable: ReportTable {
        let c = perColumn(stats)
        return ReportTable(id: "rubriques", title: "Touches par rubrique \(label)", columns: columns,
                           rows: Self.sections2020.map { s in
                               ReportRow(s.frenchName, c.map { String($0.openingTaps[s.rawValue] ?? 0) })
                           })
    }

    var otherOpeningTapsTable: ReportTable {
        let c = perColumn(stats)
        let known = Set(SectionID.allCases.map(\.rawValue))
        // A `link:<x>` to a section this Borne does not know still shows, by its id.
        let unknown = Set(c.flatMap { $0.openingTaps.keys }).subtracting(known).sorted()
        let rows = Self.otherSections.map { s in
            ReportRow(s.frenchName, c.map { String($0.openingTaps[s.rawValue] ?? 0) })
        } + unknown.map { id in ReportRow(id, c.map { String($0.openingTaps[id] ?? 0) }) }
        return ReportTable(id: "rubriques-autres", title: "Touches par rubrique \(label) : autres rubriques",
                           columns: columns, rows: rows)
    }

    var tapsInsideTable: ReportTable {
        let c = perColumn(stats)
        let known = Set(SectionID.allCases.map(\.rawValue))
        let unknown = Set(c.flatMap { $0.tapsInside.keys }).subtracting(known).sorted()
        let rows = (Self.sections2020 + Self.otherSections).map { s in
            ReportRow(s.frenchName, c.map { String($0.tapsInside[s.rawValue] ?? 0) })
        } + unknown.map { id in ReportRow(id, c.map { String($0.tapsInside[id] ?? 0) }) }
        return ReportTable(id: "interieur", title: "Touches à l'intérieur de chaque rubrique \(label)",
                           columns: columns, rows: rows)
    }

    var hoursTable: ReportTable {
        let c = perColumn(stats)
        return ReportTable(id: "heures", title: "Sessions par heure de début \(label)", columns: columns,
                           rows: (0..<24).map { h in
                               ReportRow(Self.hourLabel(h), c.map { String($0.sessionsByHour[h]) })
                           })
    }

    static func hourLabel(_ h: Int) -> String {
        (h < 10 ? "0" : "") + "\(h)h-" + (h < 9 ? "0" : "") + "\(h + 1)h"
    }

    static let monthNames = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                             "septembre", "octobre", "novembre", "décembre"]

    var monthsTable: ReportTable {
        let c = perColumn(stats)
        if period.isCalendarYear {
            return ReportTable(id: "mois", title: "Sessions par mois \(label)", columns: columns,
                               rows: (0..<12).map { m in ReportRow(Self.monthNames[m], c.map { String($0.sessionsByMonth[m]) }) })
        }
        // Another period: its calendar months, in order, with their year.
        let e = perColumnExtras
        var keys: [Int] = []
        var k = period.start.year * 12 + period.start.month - 1
        let lastKey = period.last.year * 12 + period.last.month - 1
        while k <= lastKey { keys.append(k); k += 1 }
        return ReportTable(id: "mois", title: "Sessions par mois \(label)", columns: columns, rows: keys.map { key in
            ReportRow("\(Self.monthNames[key % 12]) \(key / 12)", e.map { String($0.sessionsByYearMonth[key] ?? 0) })
        })
    }

    /// The extras of each column: all kiosks, then each kiosk.
    var perColumnExtras: [KioskPeriodExtras] {
        var all = KioskPeriodExtras()
        for e in extras.values { all.add(e) }
        return [all] + kiosks.map { extras[$0] ?? KioskPeriodExtras() }
    }

    /// A share in percent with one decimal ("62.5"); "—" when the whole is 0.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "—" }
        return String(format: "%.1f", Double(part) * 100 / Double(whole))
    }

    /// The 2020 report's finding, measured: sessions started while the
    /// office was closed (its opening hours, public holidays included).
    var officeStateTable: ReportTable {
        let e = perColumnExtras
        var rows = [
            ReportRow("Sessions commencées office ouvert", e.map { String($0.sessionsOfficeOpen) }),
            ReportRow("Sessions commencées office fermé", e.map { String($0.sessionsOfficeClosed) }),
            ReportRow("Part des sessions office fermé (%)", e.map {
                Self.percent($0.sessionsOfficeClosed, of: $0.sessionsOfficeClosed + $0.sessionsOfficeOpen)
            }),
        ]
        if e[0].sessionsOfficeUnknown > 0 {
            rows.append(ReportRow("Sessions à une heure où les horaires de l'office sont inconnus",
                                  e.map { String($0.sessionsOfficeUnknown) }))
        }
        return ReportTable(id: "office-ferme",
                           title: "Sessions selon l'ouverture de l'office \(label) (horaires de l'office avec ses jours fériés)",
                           columns: columns, rows: rows)
    }

    static let languageNames: [(String, String)] = [("fr", "français"), ("en", "anglais"), ("de", "allemand"),
                                                    ("nl", "néerlandais"), ("es", "espagnol")]

    var languagesTable: ReportTable {
        let c = perColumn(stats)
        let known = Set(Self.languageNames.map(\.0))
        let unknown = Set(c.flatMap { $0.sessionsByLanguage.keys }).subtracting(known).sorted()
        let rows = (Self.languageNames + unknown.map { ($0, $0) }).map { code, name in
            ReportRow(name, c.map { String($0.sessionsByLanguage[code] ?? 0) })
        }
        return ReportTable(id: "langues", title: "Sessions par langue \(label) (langue de la dernière touche)",
                           columns: columns, rows: rows)
    }

    /// How many items per section the "most viewed" table lists.
    public static let topItems = 5

    /// The most opened detail screens of each section, ranked on all kiosks.
    var itemsTable: ReportTable {
        let c = perColumn(stats)
        let all = c[0].itemViews
        let order = (Self.sections2020 + Self.otherSections).map(\.rawValue)
        let sections = order.filter { all[$0] != nil } + all.keys.filter { !order.contains($0) }.sorted()
        var rows: [ReportRow] = []
        for s in sections {
            let name = SectionID(rawValue: s)?.frenchName ?? (s.isEmpty ? "(accueil)" : s)
            let top = (all[s] ?? [:]).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(Self.topItems)
            for (item, _) in top {
                rows.append(ReportRow("\(name) · \(context.itemLabel(item))", c.map { String($0.itemViews[s]?[item] ?? 0) }))
            }
        }
        return ReportTable(id: "fiches", title: "Fiches les plus consultées \(label) (\(Self.topItems) par rubrique, par nom)",
                           columns: columns, rows: rows)
    }

    /// "+12 %", "-100 %", "nouveau" (nothing before), "—" (nothing either time).
    static func change(_ a: Int, _ b: Int) -> String {
        guard a > 0 else { return b > 0 ? "nouveau" : "—" }
        let r = Int(((Double(b) - Double(a)) / Double(a) * 100).rounded())
        return (r > 0 ? "+" : "") + "\(r) %"
    }

    /// Each main figure beside the same figure of the period compared with, and the change.
    var evolutionTable: ReportTable? {
        guard let previous else { return nil }
        let now = perColumn(stats)
        let before = perColumn(previous.stats)
        let p = previous.period.shortLabel
        var rows: [ReportRow] = []
        func figure(_ name: String, _ f: (KioskYearStats) -> Int) {
            rows.append(ReportRow("\(name) \(p)", before.map { String(f($0)) }))
            rows.append(ReportRow("\(name) \(label)", now.map { String(f($0)) }))
            rows.append(ReportRow("Évolution : \(name.prefix(1).lowercased() + name.dropFirst())",
                                  zip(before, now).map { Self.change(f($0), f($1)) }))
        }
        figure(Self.sessionsLabel) { $0.sessions }
        figure("Jours avec au moins une session") { $0.days.count }
        figure("Touches par rubrique (6 rubriques)") { k in Self.sections2020.reduce(0) { $0 + (k.openingTaps[$1.rawValue] ?? 0) } }
        for s in Self.sections2020 { figure("Touches \(s.frenchName)") { $0.openingTaps[s.rawValue] ?? 0 } }
        if context.officeHours != nil {
            let eNow = perColumnExtras
            let pe = previous.allExtras
            let eBefore = [pe] + kiosks.map { previous.extras[$0] ?? KioskPeriodExtras() }
            rows.append(ReportRow("Sessions office fermé \(p)", eBefore.map { String($0.sessionsOfficeClosed) }))
            rows.append(ReportRow("Sessions office fermé \(label)", eNow.map { String($0.sessionsOfficeClosed) }))
            rows.append(ReportRow("Évolution : sessions office fermé",
                                  zip(eBefore, eNow).map { Self.change($0.sessionsOfficeClosed, $1.sessionsOfficeClosed) }))
        }
        return ReportTable(id: "evolution", title: "Évolution \(p) → \(label)", columns: columns, rows: rows)
    }

    static let qrKinds: [(String, String)] = [("gpx", "GPX"), ("pdf", "PDF"), ("carte", "carte (départ de la randonnée)"), ("lieu", "lieu sur une carte"),
                                              ("web", "site web"), ("telephone", "téléphone"),
                                              ("agenda", "agenda (événement)"), ("rando", "randonnée"),
                                              ("fiche", "fiche (site, téléphone ou lieu)"), ("autre", "autre écran")]

    /// Take-away QR codes shown on a tap, by kind then item (all of them, most asked first).
    var qrTable: ReportTable {
        let e = perColumnExtras
        var rows: [ReportRow] = []
        let known = Set(Self.qrKinds.map(\.0))
        let kinds = Self.qrKinds + e[0].qr.keys.filter { !known.contains($0) }.sorted().map { ($0, $0) }
        for (kind, name) in kinds {
            guard let items = e[0].qr[kind], !items.isEmpty else { continue }
            rows.append(ReportRow("QR \(name) : total", e.map { String(($0.qr[kind] ?? [:]).values.reduce(0, +)) }))
            for (item, _) in items.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                let what = kind == "autre" ? "écran \(item)" : context.itemLabel(item)
                rows.append(ReportRow("QR \(name) · \(what)", e.map { String($0.qr[kind]?[item] ?? 0) }))
            }
        }
        return ReportTable(id: "qr", title: "Codes QR montrés \(label) (sur une touche ; GPX, PDF, téléphone, site)",
                           columns: columns, rows: rows)
    }

    /// The kiosk's answers (`survey:yes|partly|no|skip`, Renderer+Survey), and their French spellings.
    static let surveyAnswers: [(String, String)] = [("yes", "Oui"), ("partly", "En partie"), ("no", "Non"),
                                                    ("skip", "Sans réponse (question passée)")]
    static let surveyAliases = ["oui": "yes", "en-partie": "partly", "non": "no"]

    /// The kiosks' satisfaction question (`survey:<answer>` taps); nil when no kiosk asked it.
    var surveyTable: ReportTable? {
        let e = perColumnExtras.map { x -> KioskPeriodExtras in
            var y = x
            y.survey = [:]
            for (k, v) in x.survey { y.survey[Self.surveyAliases[k] ?? k, default: 0] += v }
            return y
        }
        guard !e[0].survey.isEmpty else { return nil }
        let known = Set(Self.surveyAnswers.map(\.0))
        let answers = Self.surveyAnswers + e[0].survey.keys.filter { !known.contains($0) }.sorted().map { ($0, $0) }
        var rows = answers.map { code, name in ReportRow(name, e.map { String($0.survey[code] ?? 0) }) }
        func answered(_ x: KioskPeriodExtras) -> Int { x.survey.filter { $0.key != "skip" }.values.reduce(0, +) }
        rows.append(ReportRow("Réponses données (hors question passée)", e.map { String(answered($0)) }))
        rows.append(ReportRow("Part de « oui » parmi les réponses (%)", e.map { Self.percent($0.survey["yes"] ?? 0, of: answered($0)) }))
        return ReportTable(id: "satisfaction", title: "Satisfaction \(label) (réponses à la question posée par les bornes)",
                           columns: columns, rows: rows)
    }

    var flaggedTable: ReportTable {
        func cells(_ v: ClockVerdict) -> [String] {
            let per = kiosks.map { flagged[$0]?[v] ?? 0 }
            return [String(per.reduce(0, +))] + per.map(String.init)
        }
        return ReportTable(id: "horodatage",
                           title: "Touches à l'horloge invraisemblable (toutes années ; hors des tableaux)",
                           columns: columns, rows: [
                               ReportRow("Avant la création de leur contenu (ou avant 2015)", cells(.beforeContent)),
                               ReportRow("Dans le futur à leur réception", cells(.future)),
                               ReportRow("Horloge avancée par la borne à la date de son contenu", cells(.clockAdjusted)),
                           ])
    }
}
