import BorneCore
import BorneStats
import BorneStore

extension BatchRow {
    /// A stored row as it is shipped. The store's own rows always fit the
    /// batch format; values it could not carry are made to fit rather than
    /// stop every later row from shipping: a tab or newline becomes a space,
    /// an empty section or target becomes null, an empty content version
    /// becomes "unknown", an unreadable `wall_utc` becomes 0 (1970).
    init(shipping t: StoredTouch) {
        func clean(_ s: String) -> String {
            s.utf8.contains(where: { $0 == 0x09 || $0 == 0x0a })
                ? String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r\n" ? " " : $0 }) : s
        }
        func optional(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : clean($0) } }
        self.init(seq: t.seq, sessionID: t.sessionID, wallMs: UTCTime.parseMilliseconds(t.wallUTC) ?? 0, monoMs: t.monoNs / 1_000_000,
                  screen: clean(t.screen), section: optional(t.section), target: optional(t.target), x: t.x, y: t.y,
                  language: clean(t.language), contentVersion: t.contentVersion.isEmpty ? "unknown" : clean(t.contentVersion),
                  flags: t.flags.rawValue)
    }
}
