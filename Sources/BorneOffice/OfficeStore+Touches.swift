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
        if let added = try insertNewRange(kiosk: kiosk, epoch: epoch, rows, clock: clock, flagged: &flagged) {
            return added
        }
        let s = try cached(Self.insertTouchSQL)
        var added = 0
        // sqlite3_reset keeps bindings: the kiosk and epoch are bound once.
        s.reset()
        try s.bind(.text(kiosk), at: 1)
        try s.bind(.integer(epoch), at: 2)
        var binder = TouchBinder(clock: clock)
        // The report's aggregates of the new rows, written after the last
        // row (a conflict throws before: nothing of the batch is counted).
        var aggregate = TouchAggregator(kiosk: kiosk)
        var lastAdded: Int64?
        for r in rows {
            s.reset()
            let verdict = try binder.bind(r, to: s, at: 3)
            try s.step()
            let n = db.changes
            added += n
            if n == 1 {
                Self.count(r, verdict, epoch: epoch, into: &aggregate, flagged: &flagged)
                lastAdded = max(lastAdded ?? r.seq, r.seq)
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
        try countStored(kiosk: kiosk, epoch: epoch, rows: added, lastSeq: lastAdded)
        return added
    }

    /// Adds `rows` new rows up to `lastSeq` to `touch_counts` (what the fleet shows).
    private func countStored(kiosk: String, epoch: Int64, rows: Int, lastSeq: Int64?) throws {
        guard rows > 0, let lastSeq else { return }
        try cached("""
            INSERT INTO touch_counts (kiosk, epoch, rows, last_seq) VALUES (?, ?, ?, ?)
            ON CONFLICT (kiosk, epoch) DO UPDATE SET rows = rows + excluded.rows, last_seq = max(last_seq, excluded.last_seq)
            """).execute([.text(kiosk), .integer(epoch), .integer(Int64(rows)), .integer(lastSeq)])
    }

    /// A new row into the report's aggregates (clock plausible, not
    /// scripted) or into `flagged` (clock not plausible).
    @inline(__always)
    static func count(_ r: OfficeTouch, _ verdict: ClockVerdict, epoch: Int64, into aggregate: inout TouchAggregator,
                      flagged: inout Int) {
        if verdict != .plausible { flagged += 1 } else if r.flags & TouchFlags.scripted.rawValue == 0 {
            aggregate.add(epoch: epoch, seq: r.seq, sessionID: r.sessionID, wallMs: r.wallMs, screen: r.screen,
                          section: r.section, target: r.target, language: r.language, flags: r.flags)
        }
    }

    /// Rows per statement of the fast path (13 parameters each, under
    /// SQLite's 32,766; more gains nothing measurable).
    static let rowsPerInsert = 64
    static let insertWideSQL = insertRowsSQL(rowsPerInsert)
    static let insertOneSQL = insertRowsSQL(1)

    /// A plain INSERT of `n` rows of one kiosk and epoch (?1, ?2), each
    /// row's 13 other columns from ?3 + 13 × i on.
    static func insertRowsSQL(_ n: Int) -> String {
        let tuples = (0..<n).map { i in
            "(?1, ?2, " + (0..<13).map { "?\(3 + 13 * i + $0)" }.joined(separator: ", ") + ")"
        }
        return """
            INSERT INTO touches (kiosk, epoch, seq, session_id, wall_ms, mono_ms, screen, section, target,
                                 x, y, language, content_version, flags, clock)
            VALUES \(tuples.joined(separator: ", "))
            """
    }

    /// The fast path of ingest: when `rows` go up strictly by seq and no
    /// row of their (kiosk, epoch) range is stored yet (a new batch, the
    /// common case), every one of them is new: they are stored
    /// `rowsPerInsert` at a time by plain INSERTs (a stored row would make
    /// one fail, never be ignored) and all counted. Returns nil, having
    /// stored nothing, when that is not the case: the caller then stores
    /// row by row, comparing rows received again.
    func insertNewRange<C: Collection>(kiosk: String, epoch: Int64, _ rows: C, clock: ClockCheck,
                                               flagged: inout Int) throws -> Int?
    where C.Element == OfficeTouch {
        guard !rowByRowOnly, let first = rows.first else { return nil }
        var last = first.seq
        for r in rows.dropFirst() {
            guard r.seq > last else { return nil }
            last = r.seq
        }
        let stored = try cached("SELECT EXISTS (SELECT 1 FROM touches WHERE kiosk = ? AND epoch = ? AND seq BETWEEN ? AND ?)")
        defer { stored.reset() }
        guard try stored.rows([.text(kiosk), .integer(epoch), .integer(first.seq), .integer(last)], { $0.int64(0) })
            .first == 0 else { return nil }
        let wide = try cached(Self.insertWideSQL)
        let one = try cached(Self.insertOneSQL)
        for s in [wide, one] {
            s.reset()
            try s.bind(.text(kiosk), at: 1)
            try s.bind(.integer(epoch), at: 2)
        }
        var binder = TouchBinder(clock: clock)
        var aggregate = TouchAggregator(kiosk: kiosk)
        var flaggedHere = 0
        let total = rows.count
        let inWide = total - total % Self.rowsPerInsert
        var i = 0
        for r in rows {
            let s = i < inWide ? wide : one
            let slot = i < inWide ? i % Self.rowsPerInsert : 0
            let verdict = try binder.bind(r, to: s, at: Int32(3 + 13 * slot))
            Self.count(r, verdict, epoch: epoch, into: &aggregate, flagged: &flaggedHere)
            i += 1
            if s === one || slot == Self.rowsPerInsert - 1 {
                try s.step()
                s.reset()
                guard db.changes == slot + 1 else {
                    throw TouchConflict(kiosk: kiosk, epoch: epoch, seq: r.seq, field: nil)
                }
            }
        }
        if !aggregate.isEmpty { try aggregates.write(aggregate) }
        try countStored(kiosk: kiosk, epoch: epoch, rows: total, lastSeq: last)
        flagged += flaggedHere
        return total
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

/// Binds the 13 columns of a `touches` row after its kiosk and epoch, and
/// gives its clock verdict; the content version's creation time is looked
/// up only when the version changes (rows of a batch share it).
struct TouchBinder {
    let clock: ClockCheck
    private var lastVersion: String?
    private var lastCreated: Int64?

    init(clock: ClockCheck) { self.clock = clock }

    @inline(__always)
    mutating func bind(_ r: OfficeTouch, to s: Statement, at base: Int32) throws -> ClockVerdict {
        try s.bind(.integer(r.seq), at: base)
        try s.bind(r.sessionID.map { .integer($0) } ?? .null, at: base + 1)
        try s.bind(.integer(r.wallMs), at: base + 2)
        try s.bind(.integer(r.monoMs), at: base + 3)
        try s.bindText(r.screen, at: base + 4)
        if let section = r.section { try s.bindText(section, at: base + 5) } else { try s.bind(.null, at: base + 5) }
        if let target = r.target { try s.bindText(target, at: base + 6) } else { try s.bind(.null, at: base + 6) }
        try s.bind(.integer(Int64(r.x)), at: base + 7)
        try s.bind(.integer(Int64(r.y)), at: base + 8)
        try s.bindText(r.language, at: base + 9)
        if r.contentVersion != lastVersion {
            lastVersion = r.contentVersion
            lastCreated = clock.contentCreated[r.contentVersion]
        }
        try s.bindText(r.contentVersion, at: base + 10)
        try s.bind(.integer(r.flags), at: base + 11)
        let verdict = clock.verdict(wallMs: r.wallMs, created: lastCreated, flags: r.flags)
        try s.bind(.integer(verdict.rawValue), at: base + 12)
        return verdict
    }
}
