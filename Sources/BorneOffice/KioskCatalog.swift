import BorneContent
import Foundation

/// The order of the report's kiosk columns. The kiosks' names are not here:
/// they come from the kiosk configurations (`KioskNames`), the one source of
/// every place name (docs/STATISTICS.md, "Kiosk names").
public enum KioskCatalog {
    /// Column order: the 2020 report's six kiosks in its order ("Rapport
    /// d'activités 2020", 1.1 "Accueil numérique", as copied in
    /// `Tests/BorneOfficeTests/Seed2020/kiosks.tsv`), then St Jacques des
    /// Blats (no statistics in 2020: not connected), then the hiking table;
    /// any other kiosk follows in id order.
    public static let order: [String] = [
        "vic-sur-cere", "pailherols", "thiezac", "raulhac", "polminhac", "pas-de-cere",
        "st-jacques-des-blats", "table-rando",
    ]

    /// The column of every kiosk together.
    public static let allID = "all_kiosks"
    public static let allName = "Toutes les bornes"

    /// `ids` in report order.
    public static func ordered<S: Sequence>(_ ids: S) -> [String] where S.Element == String {
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return Set(ids).sorted { a, b in
            switch (rank[a], rank[b]) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a < b
            }
        }
    }
}

/// Each kiosk's display name as the office writes it: the `name` of its
/// configuration (`kiosk-config/<id>.json`, shipped in the .deb under
/// `/usr/share/borne/kiosk-config`), the name its own screens show. A kiosk
/// the configurations do not know is named by its id, and the report says so.
public struct KioskNames: Equatable, Sendable {
    /// Kiosk id → config `name`.
    public var names: [String: String]
    /// Where they were read ("kiosk-config"); nil: no configurations were read.
    public var source: String?

    public init(_ names: [String: String] = [:], source: String? = nil) {
        self.names = names; self.source = source
    }

    /// No configurations: every kiosk by its id.
    public static let none = KioskNames()

    /// The names of every configuration of `directory`; a configuration that
    /// does not load is in `problems` (file, field, message) and its kiosk
    /// goes by its id (an unreadable directory is one problem, and no name).
    public static func load(directory: URL) -> (names: KioskNames, problems: [String]) {
        let all = KioskConfigLoader.validateAll(directory: directory)
        let names = Dictionary(all.configs.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return (KioskNames(names, source: directory.path), all.errors.map(\.description))
    }

    /// The column name of `id`: its config name, the id of a kiosk the
    /// configurations do not know, "Toutes les bornes" for the total.
    public func name(_ id: String) -> String {
        if id == KioskCatalog.allID { return KioskCatalog.allName }
        return names[id] ?? id
    }

    /// Of `ids`, those the configurations do not name, sorted.
    public func unknown(_ ids: some Sequence<String>) -> [String] {
        ids.filter { $0 != KioskCatalog.allID && names[$0] == nil }.sorted()
    }

    /// The report's note on kiosks named by their id; nil when every one has its name.
    public func note(_ ids: some Sequence<String>) -> String? {
        let missing = unknown(ids)
        guard !missing.isEmpty else { return nil }
        let ids = missing.joined(separator: ", ")
        guard let source else {
            return "configurations des bornes non lues (donner --kiosk-config DIR) : bornes nommées par leur identifiant : \(ids)"
        }
        return "borne(s) absente(s) des configurations des bornes (\(source)), nommée(s) par leur identifiant : \(ids)"
    }
}
