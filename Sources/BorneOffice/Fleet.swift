import BorneCore
import Foundation

/// `borne office fleet`: every kiosk's last contact and state, from its
/// latest heartbeat and the rows stored, with an alert line for each kiosk
/// silent for more than 48 hours (or never heard from). Alerts say how the
/// kiosk is now: rows pending count those stored since its heartbeat, and a
/// simulated kiosk (`borne simulate`) raises none.
public struct FleetReport: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var kiosk: String
        public var heartbeat: HeartbeatRecord?
        /// Rows stored at the office and the highest seq among them.
        public var rowsStored: Int64
        public var lastSeq: Int64?
        /// Hours since the last contact; nil when never heard from.
        public var silentHours: Double?
        /// Rows still waiting on the kiosk as far as the office knows now: the
        /// heartbeat's `rows_pending` less the rows above its `last_acked_seq`
        /// stored since (a stick's heartbeat is read before its batches).
        public var rowsPendingNow: Int64? = nil

        /// The latest heartbeat came from `borne simulate`, not a kiosk:
        /// simulated history raises no alert.
        public var isSimulated: Bool { heartbeat?.software?.hasPrefix(SimCollector.softwarePrefix) ?? false }
    }

    /// A kiosk silent longer than this gets an alert line.
    public static let silenceAlertHours = 48.0
    /// A clock further off than this gets a warning line.
    public static let clockWarningMs: Int64 = 5 * 60_000

    public var nowMs: Int64
    public var entries: [Entry]
    /// The kiosks' names, from their configurations (`--kiosk-config`).
    public var names: KioskNames = .none

    /// `names`: the kiosks' config names, said beside each id in the alerts.
    public static func build(_ store: OfficeStore, nowMs: Int64, names: KioskNames) throws -> FleetReport {
        let beats = try store.latestHeartbeats()
        var stored: [String: (Int64, Int64)] = [:]
        // Rows of every key epoch; the last number is the latest epoch's (a
        // reinstalled kiosk numbers from 1 again).
        // `touch_counts` is kept at ingest (schema step 5): no scan of every row.
        let perEpoch = "SELECT kiosk, rows, last_seq FROM touch_counts ORDER BY kiosk, epoch"
        for (k, n, m) in try store.db.prepare(perEpoch).rows([], { s in (s.text(0) ?? "", s.int64(1), s.int64(2)) }) {
            stored[k] = ((stored[k]?.0 ?? 0) + n, m)
        }
        let trusted = try store.trustedKiosks()
        let epochs = Dictionary(trusted.map { ($0.id, $0.epoch) }, uniquingKeysWith: { a, _ in a })
        let ids = KioskCatalog.ordered(trusted.map(\.id) + Array(beats.keys) + Array(stored.keys))
        let above = try store.db.prepare("""
            SELECT count(*) FROM touch_rows WHERE kiosk = (SELECT id FROM strings WHERE value = ?) AND epoch = ? AND seq > ?
            """)
        let entries = try ids.map { id -> Entry in
            let h = beats[id]
            var e = Entry(kiosk: id, heartbeat: h, rowsStored: stored[id]?.0 ?? 0, lastSeq: stored[id]?.1,
                          silentHours: h.map { Double(nowMs - $0.receivedMs) / 3_600_000 })
            e.rowsPendingNow = h?.rowsPending
            if let pending = h?.rowsPending, let acked = h?.lastAckedSeq {
                let arrived = try above.rows([.text(id), .integer(epochs[id] ?? 1), .integer(acked)]) { $0.int64(0) }.first ?? 0
                e.rowsPendingNow = max(0, pending - arrived)
            }
            return e
        }
        return FleetReport(nowMs: nowMs, entries: entries, names: names)
    }

    /// Alert and warning lines, one per problem, kiosks in report order, in French.
    public var alerts: [String] { alerts(.fr) }

    /// The alert lines in `language` (`borne office fleet --lang en`); the
    /// texts that come from kiosks (an upload error) stay as they are.
    public func alerts(_ language: ReportLanguage) -> [String] {
        let en = language == .en
        func t(_ fr: String, _ english: String) -> String { en ? english : fr }
        var out: [String] = []
        for e in entries {
            // A kiosk the configurations do not know is still listed, by its id, and said to be unknown.
            let who = "\(e.kiosk) (\(names.names[e.kiosk] ?? t("absente des configurations des bornes", "missing from the kiosk configurations")))"
            if e.isSimulated {
                out.append(t("INFO \(who) : données simulées (borne simulate), pas d'alerte", "INFO \(who): simulated data (borne simulate), no alert"))
                continue
            }
            guard let h = e.heartbeat, let silent = e.silentHours else {
                out.append(t("ALERTE \(who) : jamais de nouvelles (aucun heartbeat reçu)", "ALERT \(who): never heard from (no heartbeat received)"))
                continue
            }
            if silent > Self.silenceAlertHours {
                var line = t("ALERTE \(who) : silencieuse depuis \(Int(silent)) h (dernier contact \(Self.local(h.receivedMs)))",
                             "ALERT \(who): silent for \(Int(silent)) h (last contact \(Self.local(h.receivedMs)))")
                if h.via == .usb { line += t(" — borne relevée par clé USB", " — kiosk read by USB stick") }
                out.append(line)
            }
            if let s = h.store, s != "ok" { out.append(t("ATTENTION \(who) : stockage des touches « \(s) »", "WARNING \(who): touch store '\(s)'")) }
            if h.parked > 0 {
                out.append(t("ATTENTION \(who) : \(h.parked) lot(s) refusé(s) par le collecteur, en attente sur la borne",
                             "WARNING \(who): \(h.parked) batch(es) refused by the collector, waiting on the kiosk")
                           + (h.parkedFirst.map { " (\($0))" } ?? ""))
            }
            if let e = h.uploadError { out.append(t("ATTENTION \(who) : dernier envoi interrompu : ", "WARNING \(who): last upload interrupted: ") + e) }
            if let off = h.clockOffsetMs, abs(off) > Self.clockWarningMs {
                out.append(t("ATTENTION \(who) : horloge décalée de ", "WARNING \(who): clock off by ") + Self.duration(off))
            }
        }
        return out
    }

    /// The fleet as a table, then the alerts; in French, or English with `.en`.
    public func text(_ language: ReportLanguage = .fr) -> String {
        let en = language == .en
        func t(_ fr: String, _ english: String) -> String { en ? english : fr }
        let header = en
            ? ["kiosk", "last contact", "via", "software", "content", "pending", "free disk", "clock", "store",
               "touches received", "last no."]
            : ["borne", "dernier contact", "via", "logiciel", "contenu", "en attente", "disque libre",
               "horloge", "stockage", "touches reçues", "dernier n°"]
        var rows: [[String]] = []
        for e in entries {
            let h = e.heartbeat
            rows.append([
                e.kiosk,
                h.map { Self.local($0.receivedMs) + " (" + Self.ago(e.silentHours ?? 0, language) + ")" } ?? t("jamais", "never"),
                h.map { Self.via($0.via, language) } ?? "—",
                h?.software ?? "—",
                h?.contentVersion ?? "—",
                e.rowsPendingNow.map(String.init) ?? "—",
                h?.diskFreeBytes.map(Self.bytes) ?? "—",
                h?.clockOffsetMs.map(Self.duration) ?? "—",
                h?.store ?? "—",
                String(e.rowsStored),
                e.lastSeq.map(String.init) ?? "—",
            ])
        }
        // Heartbeat texts come from kiosks: made safe like every office output.
        rows = rows.map { $0.map(Sanitizer.line) }
        let widths = header.indices.map { i in max(header[i].count, rows.map { $0[i].count }.max() ?? 0) }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c + String(repeating: " ", count: widths[i] - c.count) }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = t("Parc des bornes au \(Self.local(nowMs)) (heure de Paris)", "Kiosk fleet at \(Self.local(nowMs)) (Paris time)") + "\n\n"
        out += line(header) + "\n"
        for r in rows { out += line(r) + "\n" }
        let a = alerts(language).map(Sanitizer.line)
        out += a.isEmpty ? "\n" + t("Aucune alerte.", "No alert.") + "\n" : "\n" + a.joined(separator: "\n") + "\n"
        return out
    }

    static func local(_ ms: Int64) -> String {
        KioskTime.formatLocal(UTCTime.date(ms: ms)).replacingOccurrences(of: "T", with: " ")
    }

    static func via(_ v: HeartbeatRecord.Via, _ language: ReportLanguage = .fr) -> String {
        switch v {
        case .collector: return language == .en ? "collector" : "collecteur"
        case .http: return "http"
        case .usb: return language == .en ? "USB stick" : "clé USB"
        }
    }

    static func ago(_ hours: Double, _ language: ReportLanguage = .fr) -> String {
        if language == .en {
            if hours < 0 { return "after the reference time" }
            return hours < 1 ? "\(Int(hours * 60)) min ago" : hours < 48 ? "\(Int(hours)) h ago" : "\(Int(hours / 24)) d ago"
        }
        if hours < 0 { return "après la date de référence" }
        return hours < 1 ? "il y a \(Int(hours * 60)) min" : hours < 48 ? "il y a \(Int(hours)) h" : "il y a \(Int(hours / 24)) j"
    }

    static func duration(_ ms: Int64) -> String {
        let sign = ms < 0 ? "-" : "+"
        let s = abs(ms) / 1000
        if s < 120 { return "\(sign)\(s) s" }
        if s < 7200 { return "\(sign)\(s / 60) min" }
        return "\(sign)\(s / 3600) h"
    }

    static func bytes(_ b: Int64) -> String {
        let g = Double(b) / 1e9
        return g >= 1 ? String(format: "%.1f Go", g) : String(format: "%.0f Mo", Double(b) / 1e6)
    }
}
