import BorneStore
import Foundation

/// A row received again with the (kiosk, epoch, seq) of a stored row but
/// different content: the batch carrying it is refused whole.
struct TouchConflict: Error, Equatable {
    var kiosk: String
    var epoch: Int64
    var seq: Int64
    /// The first field that differs; nil when the database ignored the row without holding one.
    var field: String?

    var reason: String {
        guard let field else {
            return "la touche \(seq) n'a pas pu être enregistrée (la base l'a ignorée) : rien de ce fichier n'est enregistré"
        }
        return "la touche \(seq) diffère (\(field)) de la touche \(seq) déjà reçue de cette borne (époque \(epoch)) : "
            + "la borne a renuméroté ses touches depuis un numéro déjà donné, sous la même clé (base et seq-floor perdus). "
            + "Rien de ce fichier n'est enregistré. Lancer `borne office trust \(kiosk) --key FILE --new-epoch --db FILE` "
            + "avec sa clé, puis importer de nouveau : ses nouveaux numéros iront dans une nouvelle époque"
    }
}

extension OfficeStore {
    static let insertTouchSQL = """
        INSERT OR IGNORE INTO touches (kiosk, epoch, seq, session_id, wall_ms, mono_ms, screen, section, target,
                                       x, y, language, content_version, flags, clock)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Stores `rows` of `kiosk`; a (kiosk, epoch, seq) already stored with
    /// the very same row is left as it is, one stored with a different row
    /// throws `TouchConflict` (the caller refuses the batch: nothing may be
    /// dropped in silence). Returns how many rows were new. Runs in the
    /// caller's transaction (bulk ingest commits many batches at once).
    func insertTouches<C: Collection>(kiosk: String, epoch: Int64 = 1, _ rows: C, clock: ClockCheck) throws -> Int
    where C.Element == OfficeTouch {
        var flagged = 0
        return try insertTouches(kiosk: kiosk, epoch: epoch, rows, clock: clock, flagged: &flagged)
    }

    /// The same, adding to `flagged` the new rows whose clock was flagged.
    ///
    /// The hot loop of ingest: one prepared statement, columns bound one by
    /// one (no `[SQLValue]` per row), the clock verdict from a dictionary.
    func insertTouches<C: Collection>(kiosk: String, epoch: Int64 = 1, _ rows: C, clock: ClockCheck,
                                      flagged: inout Int) throws -> Int
    where C.Element == OfficeTouch {
        let s = try cached(Self.insertTouchSQL)
        var added = 0
        // sqlite3_reset keeps bindings: the kiosk is bound once, the content
        // version only when it changes (rows of a batch share it).
        s.reset()
        try s.bind(.text(kiosk), at: 1)
        try s.bind(.integer(epoch), at: 2)
        var lastVersion: String? = nil
        var lastLanguage: String? = nil
        var lastCreated: Int64? = nil
        // The report's aggregates of the new rows, written after the last
        // row (a conflict throws before: nothing of the batch is counted).
        var aggregate = TouchAggregator(kiosk: kiosk)
        let scripted = TouchFlags.scripted.rawValue
        for r in rows {
            s.reset()
            try s.bind(.integer(r.seq), at: 3)
            try s.bind(r.sessionID.map { .integer($0) } ?? .null, at: 4)
            try s.bind(.integer(r.wallMs), at: 5)
            try s.bind(.integer(r.monoMs), at: 6)
            try s.bindText(r.screen, at: 7)
            if let section = r.section { try s.bindText(section, at: 8) } else { try s.bind(.null, at: 8) }
            if let target = r.target { try s.bindText(target, at: 9) } else { try s.bind(.null, at: 9) }
            try s.bind(.integer(Int64(r.x)), at: 10)
            try s.bind(.integer(Int64(r.y)), at: 11)
            // Kept bound while it does not change (most rows of a session share it).
            if r.language != lastLanguage {
                lastLanguage = r.language
                try s.bindText(r.language, at: 12)
            }
            if r.contentVersion != lastVersion {
                lastVersion = r.contentVersion
                lastCreated = clock.contentCreated[r.contentVersion]
                try s.bindText(r.contentVersion, at: 13)
            }
            try s.bind(.integer(r.flags), at: 14)
            let verdict = clock.verdict(wallMs: r.wallMs, created: lastCreated, flags: r.flags)
            try s.bind(.integer(verdict.rawValue), at: 15)
            try s.step()
            let n = db.changes
            added += n
            if n == 1 {
                if verdict != .plausible { flagged += 1 } else if r.flags & scripted == 0 {
                    aggregate.add(epoch: epoch, seq: r.seq, sessionID: r.sessionID, wallMs: r.wallMs, screen: r.screen,
                                  section: r.section, target: r.target, language: r.language, flags: r.flags)
                }
            }
            if n == 0 {
                s.reset()
                // Ignored without a stored row would be a silent loss: refuse the batch instead.
                guard let stored = try storedTouch(kiosk: kiosk, epoch: epoch, seq: r.seq) else {
                    throw TouchConflict(kiosk: kiosk, epoch: epoch, seq: r.seq, field: nil)
                }
                if let field = Self.differingField(stored, r) {
                    throw TouchConflict(kiosk: kiosk, epoch: epoch, seq: r.seq, field: field)
                }
            }
        }
        s.reset()
        if !aggregate.isEmpty { try aggregates.write(aggregate) }
        return added
    }

    /// One stored row, for comparing with a row received again.
    func storedTouch(kiosk: String, epoch: Int64, seq: Int64) throws -> OfficeTouch? {
        let s = try cached("""
            SELECT seq, session_id, wall_ms, mono_ms, screen, section, target, x, y, language, content_version, flags
            FROM touches WHERE kiosk = ? AND epoch = ? AND seq = ?
            """)
        defer { s.reset() }
        return try s.rows([.text(kiosk), .integer(epoch), .integer(seq)], Self.touch).first
    }

    /// The first field in which two rows of the same seq differ, nil when they are the same row.
    static func differingField(_ a: OfficeTouch, _ b: OfficeTouch) -> String? {
        if a.sessionID != b.sessionID { return "session_id" }
        if a.wallMs != b.wallMs { return "wall" }
        if a.monoMs != b.monoMs { return "mono" }
        if a.screen != b.screen { return "screen" }
        if a.section != b.section { return "section" }
        if a.target != b.target { return "target" }
        if a.x != b.x || a.y != b.y { return "x, y" }
        if a.language != b.language { return "language" }
        if a.contentVersion != b.contentVersion { return "content_version" }
        if a.flags != b.flags { return "flags" }
        return nil
    }

    static func touch(_ s: Statement) -> OfficeTouch {
        OfficeTouch(seq: s.int64(0), sessionID: s.int64OrNil(1), wallMs: s.int64(2), monoMs: s.int64(3),
                    screen: s.text(4) ?? "", section: s.text(5), target: s.text(6), x: Int(s.int64(7)),
                    y: Int(s.int64(8)), language: s.text(9) ?? "", contentVersion: s.text(10) ?? "",
                    flags: s.int64(11))
    }

    /// Every stored row of `kiosk`, by epoch then seq, or of one epoch (tests, the replay check).
    public func touches(kiosk: String, epoch: Int64? = nil) throws -> [OfficeTouch] {
        try db.prepare("""
            SELECT seq, session_id, wall_ms, mono_ms, screen, section, target, x, y, language, content_version, flags
            FROM touches WHERE kiosk = ?1 AND (?2 IS NULL OR epoch = ?2) ORDER BY epoch, seq
            """).rows([.text(kiosk), epoch.map { .integer($0) } ?? .null], Self.touch)
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
        let changed = db.changes
        // Rows counted in the report's aggregates no longer are: recount the kiosk's.
        if changed > 0 { try aggregates.rebuild(kiosk: kiosk) }
        return changed
    }
}
