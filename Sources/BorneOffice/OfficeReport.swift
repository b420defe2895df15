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

/// The yearly report: the two tables of the office's 2020 report, then
/// Borne's own (hours, months, languages, most viewed items, taps inside
/// sections, change from the previous year, flagged rows).
public struct OfficeReport: Equatable, Sendable {
    public var year: Int
    /// Kiosk columns in report order (without `all_kiosks`).
    public var kiosks: [String]
    public var stats: YearStats
    /// The previous year, when the database holds any of it.
    public var previous: YearStats?
    /// Rows with an implausible clock, per kiosk (all years).
    public var flagged: [String: [ClockVerdict: Int]]

    /// The six sections of the 2020 report, in its order.
    public static let sections2020: [SectionID] = [.dormir, .manger, .agenda, .pluie, .commerces, .randonnees]
    /// Sections Borne shows that the 2020 table did not count.
    public static let otherSections: [SectionID] = [.visites, .meteo, .urgences, .office]

    public static let sessionsLabel = "Nombre des sessions"
    public static let daysLabel = "Nombre de jours avec au moins une session"

    /// Builds the report of `year` from `store`; `only` restricts the kiosks.
    public static func build(_ store: OfficeStore, year: Int, only: Set<String>? = nil) throws -> OfficeReport {
        let stats = try store.yearStats(year, only: only)
        let prev = try store.yearStats(year - 1, only: only)
        var flagged = try store.flaggedCounts()
        if let only { flagged = flagged.filter { only.contains($0.key) } }
        var ids = Set(stats.kiosks.keys)
        ids.formUnion(flagged.keys)
        // A kiosk asked for by name gets its column, even empty.
        if let only { ids.formUnion(only) }
        return OfficeReport(year: year, kiosks: KioskCatalog.ordered(ids), stats: stats,
                            previous: prev.isEmpty ? nil : prev, flagged: flagged)
    }

    public var columns: [String] { [KioskCatalog.allID] + kiosks }

    /// The figures of each column: all kiosks, then each kiosk.
    func perColumn(_ s: YearStats) -> [KioskYearStats] {
        [s.all] + kiosks.map { s.kiosks[$0] ?? KioskYearStats() }
    }

    // MARK: tables

    public var tables: [ReportTable] {
        var t = [sessionsTable, openingTapsTable]
        t.append(contentsOf: [otherOpeningTapsTable, tapsInsideTable, hoursTable, monthsTable, languagesTable,
                              itemsTable])
        if let evolution = evolutionTable { t.append(evolution) }
        t.append(flaggedTable)
        return t
    }

    /// The 2020 report's first table.
    public var sessionsTable: ReportTable {
        let c = perColumn(stats)
        return ReportTable(id: "sessions", title: "Sessions \(year)", columns: columns, rows: [
            ReportRow(Self.sessionsLabel, c.map { String($0.sessions) }),
            ReportRow(Self.daysLabel, c.map { String($0.days.count) }),
        ])
    }

    /// The 2020 report's second table: opening taps of its six sections.
    public var openingTapsTable: ReportTable {
        let c = perColumn(stats)
        return ReportTable(id: "rubriques", title: "Touches par rubrique \(year)", columns: columns,
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
        return ReportTable(id: "rubriques-autres", title: "Touches par rubrique \(year) : autres rubriques",
                           columns: columns, rows: rows)
    }

    var tapsInsideTable: ReportTable {
        let c = perColumn(stats)
        let known = Set(SectionID.allCases.map(\.rawValue))
        let unknown = Set(c.flatMap { $0.tapsInside.keys }).subtracting(known).sorted()
        let rows = (Self.sections2020 + Self.otherSections).map { s in
            ReportRow(s.frenchName, c.map { String($0.tapsInside[s.rawValue] ?? 0) })
        } + unknown.map { id in ReportRow(id, c.map { String($0.tapsInside[id] ?? 0) }) }
        return ReportTable(id: "interieur", title: "Touches à l'intérieur de chaque rubrique \(year)",
                           columns: columns, rows: rows)
    }

    var hoursTable: ReportTable {
        let c = perColumn(stats)
        return ReportTable(id: "heures", title: "Sessions par heure de début \(year)", columns: columns,
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
        return ReportTable(id: "mois", title: "Sessions par mois \(year)", columns: columns,
                           rows: (0..<12).map { m in ReportRow(Self.monthNames[m], c.map { String($0.sessionsByMonth[m]) }) })
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
        return ReportTable(id: "langues", title: "Sessions par langue \(year) (langue de la dernière touche)",
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
                rows.append(ReportRow("\(name) · \(item)", c.map { String($0.itemViews[s]?[item] ?? 0) }))
            }
        }
        return ReportTable(id: "fiches", title: "Fiches les plus consultées \(year) (\(Self.topItems) par rubrique)",
                           columns: columns, rows: rows)
    }

    var evolutionTable: ReportTable? {
        guard let previous else { return nil }
        let now = perColumn(stats)
        let before = perColumn(previous)
        let p = year - 1
        func change(_ a: Int, _ b: Int) -> String {
            guard a > 0 else { return b > 0 ? "nouveau" : "—" }
            let pct = (Double(b) - Double(a)) / Double(a) * 100
            let r = Int(pct.rounded())
            return (r > 0 ? "+" : "") + "\(r) %"
        }
        var rows = [
            ReportRow("\(Self.sessionsLabel) \(p)", before.map { String($0.sessions) }),
            ReportRow("\(Self.sessionsLabel) \(year)", now.map { String($0.sessions) }),
            ReportRow("Évolution des sessions", zip(before, now).map { change($0.sessions, $1.sessions) }),
            ReportRow("Jours avec au moins une session \(p)", before.map { String($0.days.count) }),
            ReportRow("Jours avec au moins une session \(year)", now.map { String($0.days.count) }),
        ]
        func taps(_ k: KioskYearStats) -> Int { Self.sections2020.reduce(0) { $0 + (k.openingTaps[$1.rawValue] ?? 0) } }
        rows.append(ReportRow("Touches par rubrique (6 rubriques) \(p)", before.map { String(taps($0)) }))
        rows.append(ReportRow("Touches par rubrique (6 rubriques) \(year)", now.map { String(taps($0)) }))
        rows.append(ReportRow("Évolution des touches par rubrique", zip(before, now).map { change(taps($0), taps($1)) }))
        return ReportTable(id: "evolution", title: "Évolution \(p) → \(year)", columns: columns, rows: rows)
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
