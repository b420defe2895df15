import BorneCore
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
        INSERT OR IGNORE INTO touch_rows (kiosk, epoch, seq, session_id, wall_ms, mono_ms, screen, section, target,
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
    /// `coded`: the same rows already coded (`CodedRows`, made by ingest's
    /// decode threads), else they are coded here.
    func insertTouches<C: Collection>(kiosk: String, epoch: Int64 = 1, _ rows: C, coded: CodedRows? = nil,
                                      clock: ClockCheck, flagged: inout Int) throws -> Int
    where C.Element == OfficeTouch {
        if !rowByRowOnly {
            let coded = coded ?? CodedRows(kiosk: kiosk, epoch: epoch, rows, clock: clock)
            if let added = try insertNewRange(kiosk: kiosk, epoch: epoch, coded, flagged: &flagged) {
                return added
            }
        }
        let s = try cached(Self.insertTouchSQL)
        var added = 0
        // sqlite3_reset keeps bindings: the kiosk and epoch are bound once.
        s.reset()
        try s.bind(.integer(try strings.id(kiosk)), at: 1)
        try s.bind(.integer(epoch), at: 2)
        var binder = TouchBinder(clock: clock, strings: try strings)
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
        // OR FAIL, not the default ABORT: an ABORT statement of several rows
        // inside a transaction keeps a statement journal (a copy of every
        // page it changes, to undo its own rows on a failure); FAIL keeps
        // none. A failure still throws, and ingest then rolls back the whole
        // transaction (`OfficeIngest.ingestKiosk`): no row is kept by it.
        return """
            INSERT OR FAIL INTO touch_rows (kiosk, epoch, seq, session_id, wall_ms, mono_ms, screen, section, target,
                                            x, y, language, content_version, flags, clock)
            VALUES \(tuples.joined(separator: ", "))
            """
    }

    /// The fast path for tests: `rows` coded here, then `insertNewRange`.
    func insertNewRange<C: Collection>(kiosk: String, epoch: Int64, _ rows: C, clock: ClockCheck,
                                       flagged: inout Int) throws -> Int?
    where C.Element == OfficeTouch {
        try insertNewRange(kiosk: kiosk, epoch: epoch, CodedRows(kiosk: kiosk, epoch: epoch, rows, clock: clock),
                           flagged: &flagged)
    }

    /// The fast path of ingest: when the rows go up strictly by seq and no
    /// row of their (kiosk, epoch) range is stored yet (a new batch, the
    /// common case), every one of them is new: they are stored
    /// `rowsPerInsert` at a time by plain INSERTs of integers only (a
    /// stored row would make one fail, never be ignored) and all counted,
    /// their aggregates already summed by `CodedRows`. Returns nil, having
    /// stored nothing, when that is not the case: the caller then stores
    /// row by row, comparing rows received again.
    func insertNewRange(kiosk: String, epoch: Int64, _ coded: CodedRows, flagged: inout Int) throws -> Int? {
        guard try isNewRange(kiosk: kiosk, epoch: epoch, coded) else { return nil }
        return try storeNewRange(kiosk: kiosk, epoch: epoch, coded, flagged: &flagged)
    }

    /// The fast path's condition: rows strictly increasing by seq, none of
    /// their (kiosk, epoch) range stored yet (so every one of them is new).
    func isNewRange(kiosk: String, epoch: Int64, _ coded: CodedRows) throws -> Bool {
        guard !rowByRowOnly, coded.increasing, coded.count > 0 else { return false }
        let k = try strings.id(kiosk)
        let stored = try cached("SELECT EXISTS (SELECT 1 FROM touch_rows WHERE kiosk = ? AND epoch = ? AND seq BETWEEN ? AND ?)")
        defer { stored.reset() }
        return try stored.rows([.integer(k), .integer(epoch), .integer(coded.first), .integer(coded.last)], { $0.int64(0) })
            .first == 0
    }

    /// Stores rows that `isNewRange` accepted: `rowsPerInsert` a statement,
    /// their aggregates and counts. A row the database refuses throws (it
    /// is never ignored in silence); the caller rolls back.
    func storeNewRange(kiosk: String, epoch: Int64, _ coded: CodedRows, flagged: inout Int) throws -> Int {
        let k = try strings.id(kiosk)
        let ids = try coded.texts.map { try strings.id($0) }
        let wide = try cached(Self.insertWideSQL)
        let one = try cached(Self.insertOneSQL)
        for s in [wide, one] {
            s.reset()
            try s.bind(.integer(k), at: 1)
            try s.bind(.integer(epoch), at: 2)
        }
        let total = coded.count
        let inWide = total - total % Self.rowsPerInsert
        try coded.cells.withUnsafeBufferPointer { cells in
            try ids.withUnsafeBufferPointer { ids in
                for i in 0..<total {
                    let s = i < inWide ? wide : one
                    let slot = i < inWide ? i % Self.rowsPerInsert : 0
                    try CodedRows.bind(row: i, cells, ids, to: s, at: Int32(3 + 13 * slot))
                    if s === one || slot == Self.rowsPerInsert - 1 {
                        try s.step()
                        s.reset()
                        guard db.changes == slot + 1 else {
                            throw TouchConflict(kiosk: kiosk, epoch: epoch, seq: cells[i * CodedRows.width], field: nil)
                        }
                    }
                }
            }
        }
        if coded.hasAggregates { try aggregates.write(kiosk: k, epoch: epoch, coded, ids: ids) }
        try countStored(kiosk: kiosk, epoch: epoch, rows: total, lastSeq: coded.last)
        flagged += coded.flagged
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
            UPDATE touch_rows SET clock = \(ClockVerdict.beforeContent.rawValue)
            WHERE kiosk = (SELECT id FROM strings WHERE value = ?) AND content_version = (SELECT id FROM strings WHERE value = ?)
              AND wall_ms < ? AND clock = 0
            """).execute([.text(kiosk), .text(version), .integer(createdMs)])
        let changed = db.changes
        // Rows counted in the report's aggregates no longer are: recount the kiosk's.
        if changed > 0 { try aggregates.rebuild(kiosk: kiosk) }
        return changed
    }
}

/// Binds the 13 columns of a `touch_rows` row after its kiosk and epoch
/// (texts as their ids), and gives its clock verdict; the content
/// version's creation time is looked up only when the version changes
/// (rows of a batch share it). The row-by-row path's binder.
struct TouchBinder {
    let clock: ClockCheck
    let strings: StringIDs
    private var lastVersion: String?
    private var lastCreated: Int64?

    init(clock: ClockCheck, strings: StringIDs) { self.clock = clock; self.strings = strings }

    mutating func bind(_ r: OfficeTouch, to s: Statement, at base: Int32) throws -> ClockVerdict {
        func text(_ t: String?, _ at: Int32) throws {
            try s.bind(t.map { .integer(try strings.id($0)) } ?? .null, at: at)
        }
        try s.bind(.integer(r.seq), at: base)
        try s.bind(r.sessionID.map { .integer($0) } ?? .null, at: base + 1)
        try s.bind(.integer(r.wallMs), at: base + 2)
        try s.bind(.integer(r.monoMs), at: base + 3)
        try text(r.screen, base + 4)
        try text(r.section, base + 5)
        try text(r.target, base + 6)
        try s.bind(.integer(Int64(r.x)), at: base + 7)
        try s.bind(.integer(Int64(r.y)), at: base + 8)
        try text(r.language, base + 9)
        if r.contentVersion != lastVersion {
            lastVersion = r.contentVersion
            lastCreated = clock.contentCreated[r.contentVersion]
        }
        try text(r.contentVersion, base + 10)
        try s.bind(.integer(r.flags), at: base + 11)
        let verdict = clock.verdict(wallMs: r.wallMs, created: lastCreated, flags: r.flags)
        try s.bind(.integer(verdict.rawValue), at: base + 12)
        return verdict
    }
}

/// A batch's rows as `touch_rows` stores them, coded off the connection's
/// thread (ingest's decode threads): 13 integers a row (`width`), each
/// text as an index into `texts` (its distinct values; -1 for nil), the
/// clock verdict computed, and the report's aggregates and flagged count
/// of all the rows summed, as rows ready to bind (`dayRows`, `monthRows`,
/// `sessionRows`) — what the fast path stores when every row is new. The
/// connection's thread then only maps `texts` to their ids and binds
/// integers: no dictionary, sort or `String` there.
struct CodedRows: Sendable {
    static let width = 13
    /// session_id's cell when the row has none.
    static let noSession = Int64.min
    /// A day key of the aggregates on text indexes (-1: none).
    private struct IndexDayKey: Hashable { var day: Int; var section: Int64; var target: Int64; var screen: Int64 }
    private struct IndexMonthKey: Hashable { var month: Int; var section: Int64; var target: Int64; var screen: Int64 }

    private(set) var texts: [String] = []
    private(set) var cells: [Int64] = []
    private(set) var count = 0
    private(set) var first: Int64 = 0
    private(set) var last: Int64 = 0
    /// Rows strictly increasing by seq (the fast path's condition).
    private(set) var increasing = true
    /// `touch_days` rows on text indexes: day, section, target, screen, taps
    /// (`dayWidth` a row), by day.
    private(set) var dayRows: [Int64] = []
    /// `touch_months` rows likewise (month = year × 12 + month − 1), by month.
    private(set) var monthRows: [Int64] = []
    /// `touch_sessions` rows: id, start_ms, exact, last_seq, language (a text
    /// index), `sessionWidth` a row, by id.
    private(set) var sessionRows: [Int64] = []
    static let dayWidth = 5
    static let sessionWidth = 5
    private(set) var flagged = 0

    init<C: Collection>(kiosk: String, epoch: Int64, _ rows: C, clock: ClockCheck) where C.Element == OfficeTouch {
        var localDays = LocalDays()
        var sessions: [Int64: TouchAggregator.SessionPart<Int64>] = [:]
        cells.reserveCapacity(rows.count * Self.width)
        var index: [String: Int64] = [:]
        // Texts repeat row after row (the parser even shares their storage): the previous one first.
        var previous = [String?](repeating: nil, count: 5), previousIndex = [Int64](repeating: -1, count: 5)
        func code(_ t: String?, _ column: Int) -> Int64 {
            guard let t else { return -1 }
            if t == previous[column] { return previousIndex[column] }
            let i: Int64
            if let known = index[t] { i = known } else {
                i = Int64(texts.count)
                texts.append(t)
                index[t] = i
            }
            previous[column] = t
            previousIndex[column] = i
            return i
        }
        var lastVersion: String?
        var lastCreated: Int64?
        // The report's day counts keyed by text indexes (no string hashed per
        // row), turned into the aggregator's keys once at the end.
        var days: [IndexDayKey: Int] = [:]
        var qr: [Bool] = []
        for r in rows {
            if count == 0 { first = r.seq } else if r.seq <= last { increasing = false }
            last = count == 0 ? r.seq : max(last, r.seq)
            if r.contentVersion != lastVersion {
                lastVersion = r.contentVersion
                lastCreated = clock.contentCreated[r.contentVersion]
            }
            let verdict = clock.verdict(wallMs: r.wallMs, created: lastCreated, flags: r.flags)
            cells.append(r.seq)
            cells.append(r.sessionID ?? Self.noSession)
            cells.append(r.wallMs)
            cells.append(r.monoMs)
            cells.append(code(r.screen, 0))
            cells.append(code(r.section, 1))
            cells.append(code(r.target, 2))
            cells.append(Int64(r.x))
            cells.append(Int64(r.y))
            cells.append(code(r.language, 3))
            cells.append(code(r.contentVersion, 4))
            cells.append(r.flags)
            cells.append(verdict.rawValue)
            count += 1
            // What `OfficeStore.count` does, on indexes.
            if verdict != .plausible { flagged += 1; continue }
            guard r.flags & TouchFlags.scripted.rawValue == 0 else { continue }
            let c = cells.count - Self.width
            let target = r.flags & TouchFlags.noAction.rawValue == 0 ? cells[c + 6] : -1
            while qr.count < texts.count { qr.append(TouchAggregator.isQR(texts[qr.count])) }
            let screen = target >= 0 && qr[Int(target)] ? cells[c + 4] : -1
            days[IndexDayKey(day: localDays.day(r.wallMs), section: cells[c + 5], target: target, screen: screen),
                 default: 0] += 1
            if let sid = r.sessionID {
                let part = TouchAggregator.SessionPart(start: r.wallMs, exact: r.seq == sid, lastSeq: r.seq,
                                                       language: cells[c + 9])
                if let i = sessions.index(forKey: sid) {
                    TouchAggregator.merge(&sessions.values[i], part)
                } else {
                    sessions[sid] = part
                }
            }
        }
        // Rows in key order (days and months by date, sessions by id): the
        // upserts then walk each B-tree forward.
        var months: [IndexMonthKey: Int] = [:]
        var monthOfDay: [Int: Int] = [:]
        dayRows.reserveCapacity(days.count * Self.dayWidth)
        for (k, n) in days.sorted(by: { $0.key.day < $1.key.day }) {
            dayRows.append(Int64(k.day)); dayRows.append(k.section); dayRows.append(k.target); dayRows.append(k.screen)
            dayRows.append(Int64(n))
            let month: Int
            if let m = monthOfDay[k.day] { month = m } else {
                let date = LocalDate(dayNumber: k.day)
                month = date.year * 12 + date.month - 1
                monthOfDay[k.day] = month
            }
            months[IndexMonthKey(month: month, section: k.section, target: k.target, screen: k.screen), default: 0] += n
        }
        monthRows.reserveCapacity(months.count * Self.dayWidth)
        for (k, n) in months.sorted(by: { $0.key.month < $1.key.month }) {
            monthRows.append(Int64(k.month)); monthRows.append(k.section); monthRows.append(k.target)
            monthRows.append(k.screen); monthRows.append(Int64(n))
        }
        sessionRows.reserveCapacity(sessions.count * Self.sessionWidth)
        for (id, p) in sessions.sorted(by: { $0.key < $1.key }) {
            sessionRows.append(id); sessionRows.append(p.start); sessionRows.append(p.exact ? 1 : 0)
            sessionRows.append(p.lastSeq); sessionRows.append(p.language)
        }
    }

    var hasAggregates: Bool { !dayRows.isEmpty || !sessionRows.isEmpty }

    /// Binds row `row`'s 13 cells at `base`..., texts as `ids[index]`.
    @inline(__always)
    static func bind(row: Int, _ cells: UnsafeBufferPointer<Int64>, _ ids: UnsafeBufferPointer<Int64>,
                     to s: Statement, at base: Int32) throws {
        let c = row * width
        try s.bindInt64(cells[c], at: base)
        let session = cells[c + 1]
        try s.bindInt64(session == noSession ? nil : session, at: base + 1)
        try s.bindInt64(cells[c + 2], at: base + 2)
        try s.bindInt64(cells[c + 3], at: base + 3)
        try s.bindInt64(ids[Int(cells[c + 4])], at: base + 4)
        let section = cells[c + 5], target = cells[c + 6]
        try s.bindInt64(section < 0 ? nil : ids[Int(section)], at: base + 5)
        try s.bindInt64(target < 0 ? nil : ids[Int(target)], at: base + 6)
        try s.bindInt64(cells[c + 7], at: base + 7)
        try s.bindInt64(cells[c + 8], at: base + 8)
        try s.bindInt64(ids[Int(cells[c + 9])], at: base + 9)
        try s.bindInt64(ids[Int(cells[c + 10])], at: base + 10)
        try s.bindInt64(cells[c + 11], at: base + 11)
        try s.bindInt64(cells[c + 12], at: base + 12)
    }
}

extension TouchConflict: CustomStringConvertible {
    var description: String { reason }
}
