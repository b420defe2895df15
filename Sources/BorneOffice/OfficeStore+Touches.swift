import BorneStore
import Foundation

extension OfficeStore {
    static let insertTouchSQL = """
        INSERT OR IGNORE INTO touches (kiosk, seq, session_id, wall_ms, mono_ms, screen, section, target,
                                       x, y, language, content_version, flags, clock)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Stores `rows` of `kiosk`; a (kiosk, seq) already stored is left as it
    /// is. Returns how many rows were new. Runs in the caller's transaction
    /// (bulk ingest commits many batches at once).
    ///
    /// The hot loop of ingest: one prepared statement, columns bound one by
    /// one (no `[SQLValue]` per row), the clock verdict from a dictionary.
    func insertTouches<C: Collection>(kiosk: String, _ rows: C, clock: ClockCheck) throws -> Int
    where C.Element == OfficeTouch {
        var flagged = 0
        return try insertTouches(kiosk: kiosk, rows, clock: clock, flagged: &flagged)
    }

    /// The same, adding to `flagged` the new rows whose clock was flagged.
    func insertTouches<C: Collection>(kiosk: String, _ rows: C, clock: ClockCheck, flagged: inout Int) throws -> Int
    where C.Element == OfficeTouch {
        let s = try cached(Self.insertTouchSQL)
        var added = 0
        // sqlite3_reset keeps bindings: the kiosk is bound once, the content
        // version only when it changes (rows of a batch share it).
        s.reset()
        try s.bind(.text(kiosk), at: 1)
        var lastVersion: String? = nil
        var lastCreated: Int64? = nil
        for r in rows {
            s.reset()
            try s.bind(.integer(r.seq), at: 2)
            try s.bind(r.sessionID.map { .integer($0) } ?? .null, at: 3)
            try s.bind(.integer(r.wallMs), at: 4)
            try s.bind(.integer(r.monoMs), at: 5)
            try s.bind(.text(r.screen), at: 6)
            try s.bind(r.section.map { .text($0) } ?? .null, at: 7)
            try s.bind(r.target.map { .text($0) } ?? .null, at: 8)
            try s.bind(.integer(Int64(r.x)), at: 9)
            try s.bind(.integer(Int64(r.y)), at: 10)
            try s.bind(.text(r.language), at: 11)
            if r.contentVersion != lastVersion {
                lastVersion = r.contentVersion
                lastCreated = clock.contentCreated[r.contentVersion]
                try s.bind(.text(r.contentVersion), at: 12)
            }
            try s.bind(.integer(r.flags), at: 13)
            let verdict = clock.verdict(wallMs: r.wallMs, created: lastCreated)
            try s.bind(.integer(verdict.rawValue), at: 14)
            try s.step()
            let n = db.changes
            added += n
            if n == 1, verdict != .plausible { flagged += 1 }
        }
        s.reset()
        return added
    }

    /// How many rows of `kiosk` with seq in `first...last` are stored.
    func storedCount(kiosk: String, first: Int64, last: Int64) throws -> Int64 {
        let s = try cached("SELECT count(*) FROM touches WHERE kiosk = ? AND seq BETWEEN ? AND ?")
        try s.bind([.text(kiosk), .integer(first), .integer(last)])
        defer { s.reset() }
        return try s.step() ? s.int64(0) : 0
    }

    /// Every stored row of `kiosk`, by seq (tests, the replay check).
    public func touches(kiosk: String) throws -> [OfficeTouch] {
        try db.prepare("""
            SELECT seq, session_id, wall_ms, mono_ms, screen, section, target, x, y, language, content_version, flags
            FROM touches WHERE kiosk = ? ORDER BY seq
            """).rows([.text(kiosk)]) { s in
            OfficeTouch(seq: s.int64(0), sessionID: s.int64OrNil(1), wallMs: s.int64(2), monoMs: s.int64(3),
                        screen: s.text(4) ?? "", section: s.text(5), target: s.text(6), x: Int(s.int64(7)),
                        y: Int(s.int64(8)), language: s.text(9) ?? "", contentVersion: s.text(10) ?? "",
                        flags: s.int64(11))
        }
    }

    /// Rows whose clock is flagged, per kiosk and verdict (all years).
    public func flaggedCounts() throws -> [String: [ClockVerdict: Int]] {
        var out: [String: [ClockVerdict: Int]] = [:]
        for (k, c, n) in try db.prepare("SELECT kiosk, clock, count(*) FROM touches WHERE clock != 0 GROUP BY kiosk, clock")
            .rows([], { s in (s.text(0) ?? "", s.int64(1), Int(s.int64(2))) }) {
            out[k, default: [:]][ClockVerdict(rawValue: c) ?? .beforeContent, default: 0] += n
        }
        return out
    }

    /// Known creation times of a kiosk's content versions.
    func contentCreated(kiosk: String) throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        for (v, ms) in try cached("SELECT version, created_ms FROM content_versions WHERE kiosk = ?")
            .rows([.text(kiosk)], { s in (s.text(0) ?? "", s.int64(1)) }) { out[v] = ms }
        return out
    }

    /// Learns when a content version was created; flags the kiosk's rows
    /// already stored with that version and an earlier clock. Returns how
    /// many rows were newly flagged.
    @discardableResult
    func learnContentVersion(kiosk: String, version: String, createdMs: Int64) throws -> Int {
        let known = try cached("SELECT created_ms FROM content_versions WHERE kiosk = ? AND version = ?")
            .rows([.text(kiosk), .text(version)]) { $0.int64(0) }.first
        guard known != createdMs else { return 0 }
        try cached("INSERT OR REPLACE INTO content_versions (kiosk, version, created_ms) VALUES (?, ?, ?)")
            .execute([.text(kiosk), .text(version), .integer(createdMs)])
        try cached("""
            UPDATE touches SET clock = \(ClockVerdict.beforeContent.rawValue)
            WHERE kiosk = ? AND content_version = ? AND wall_ms < ? AND clock = 0
            """).execute([.text(kiosk), .text(version), .integer(createdMs)])
        return db.changes
    }
}
