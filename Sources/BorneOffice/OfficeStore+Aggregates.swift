import BorneCore
import BorneStore
import Foundation

/// The report's figures kept at ingest (migration 4, docs/STATISTICS.md
/// "Aggregates"), so that a report reads a few hundred thousand aggregate
/// rows instead of every touch of two years:
///
/// - `touch_days`: taps per local (Europe/Paris) day, kiosk, section and
///   target (no target for a tap without action; the screen only for the
///   QR taps `nav:qr` / `qr:…`, which the report reads with their screen);
/// - `touch_months`: the same per calendar month (a period's whole months);
/// - `touch_sessions`: one row per (kiosk, key epoch, session id): its start (the
///   wall time of its first tap, or of its earliest stored tap while the
///   first is missing) and the language of its last stored tap.
///
/// Both count only what the report counts: plausible clocks (clock = 0),
/// not scripted. Strings are ids into `strings` (0: none). A row flagged
/// after it was stored (`learnContentVersion`) rebuilds its kiosk's
/// aggregates from `touches`.
struct TouchAggregator: Sendable {
    struct DayKey: Hashable { var day: Int; var section: String?; var target: String?; var screen: String? }
    struct SessionKey: Hashable { var epoch: Int64; var id: Int64 }
    /// A session's part: its language as a text or (`CodedRows`) a text index.
    struct SessionPart<Language: Sendable>: Sendable {
        var start: Int64; var exact: Bool; var lastSeq: Int64; var language: Language
    }
    typealias Session = SessionPart<String>

    let kiosk: String
    private(set) var days: [DayKey: Int] = [:]
    private(set) var sessions: [SessionKey: Session] = [:]
    private var localDays = LocalDays()

    init(kiosk: String) { self.kiosk = kiosk }

    var isEmpty: Bool { days.isEmpty && sessions.isEmpty }

    /// Counts one stored row; the caller passes only rows the report counts
    /// (clock plausible, not scripted).
    mutating func add(epoch: Int64, seq: Int64, sessionID: Int64?, wallMs: Int64, screen: String,
                      section: String?, target: String?, language: String, flags: Int64) {
        let acted = flags & TouchFlags.noAction.rawValue == 0 ? target : nil
        let qr = acted.map(Self.isQR) ?? false
        days[DayKey(day: localDay(wallMs), section: section, target: acted, screen: qr ? screen : nil), default: 0] += 1
        addSession(epoch: epoch, seq: seq, sessionID: sessionID, wallMs: wallMs, language: language)
    }

    /// A QR tap: the report reads its screen too.
    static func isQR(_ target: String) -> Bool { target == "nav:qr" || target.hasPrefix("qr:") }

    /// The local (Europe/Paris) day of `wallMs`.
    mutating func localDay(_ wallMs: Int64) -> Int { localDays.day(wallMs) }

    /// `n` taps under one day key (`CodedRows` counts on its text indexes, then adds them here).
    mutating func addDay(_ key: DayKey, taps n: Int) { days[key, default: 0] += n }

    /// A row's part of its session (none outside a session).
    mutating func addSession(epoch: Int64, seq: Int64, sessionID: Int64?, wallMs: Int64, language: String) {
        guard let sid = sessionID else { return }
        let one = Session(start: wallMs, exact: seq == sid, lastSeq: seq, language: language)
        let key = SessionKey(epoch: epoch, id: sid)
        if let i = sessions.index(forKey: key) {
            Self.merge(&sessions.values[i], one)
        } else {
            sessions[key] = one
        }
    }

    /// Two parts of one session: the first tap's time wins, else the
    /// earliest; the language is the one of the highest seq. Order-free, as
    /// the SQL upsert in `AggregateWriter` (batches come in any order).
    static func merge<L>(_ a: inout SessionPart<L>, _ b: SessionPart<L>) {
        if b.exact, !a.exact { a.start = b.start; a.exact = true }
        else if !a.exact, b.start < a.start { a.start = b.start }
        if b.lastSeq > a.lastSeq { a.lastSeq = b.lastSeq; a.language = b.language }
    }
}

/// The local (Europe/Paris) day of wall times, its hour's day kept: rows
/// come in seq order, mostly the same hour.
struct LocalDays: Sendable {
    private var clock = ParisClock()
    private var lastHour: Int64 = .min
    private var lastDay = 0

    mutating func day(_ wallMs: Int64) -> Int {
        let hour = wallMs >= 0 ? wallMs / 3_600_000 : (wallMs - 3_599_999) / 3_600_000
        if hour != lastHour {
            lastHour = hour
            lastDay = clock.local(ms: wallMs).day
        }
        return lastDay
    }
}

/// Writes `TouchAggregator`s into `touch_days` and `touch_sessions`, adding to
/// what is there.
final class AggregateWriter {
    let db: Database
    private let upsertDay: MultiUpsert
    private let upsertMonth: MultiUpsert
    private let upsertSession: MultiUpsert
    /// Ids of the texts (the store's, shared with `touch_rows`).
    let strings: StringIDs

    init(_ db: Database, strings: StringIDs? = nil) throws {
        self.db = db
        self.strings = try strings ?? StringIDs(db)
        upsertDay = MultiUpsert(db, "INSERT INTO touch_days (day, kiosk, section, target, screen, taps)", width: 6, key: 5,
                                "ON CONFLICT (day, kiosk, section, target, screen) DO UPDATE SET taps = taps + excluded.taps")
        upsertMonth = MultiUpsert(db, "INSERT INTO touch_months (month, kiosk, section, target, screen, taps)", width: 6, key: 5,
                                  "ON CONFLICT (month, kiosk, section, target, screen) DO UPDATE SET taps = taps + excluded.taps")
        upsertSession = MultiUpsert(db, "INSERT INTO touch_sessions (kiosk, epoch, id, start_ms, exact, last_seq, language)",
                                    width: 7, key: 3, """
            ON CONFLICT (kiosk, epoch, id) DO UPDATE SET
                start_ms = CASE WHEN touch_sessions.exact THEN touch_sessions.start_ms
                                WHEN excluded.exact THEN excluded.start_ms
                                ELSE min(touch_sessions.start_ms, excluded.start_ms) END,
                exact = max(touch_sessions.exact, excluded.exact),
                language = CASE WHEN excluded.last_seq > touch_sessions.last_seq THEN excluded.language ELSE touch_sessions.language END,
                last_seq = max(touch_sessions.last_seq, excluded.last_seq)
            """)
    }

    /// The id of `s` in `strings` (added if new); 0 for nil.
    func id(_ s: String?) throws -> Int64 { try strings.id(s) }

    func write(_ a: TouchAggregator) throws {
        let kiosk = try id(a.kiosk)
        struct MonthKey: Hashable { var month: Int; var section: Int64; var target: Int64; var screen: Int64 }
        var months: [MonthKey: Int] = [:]
        var monthOfDay: [Int: Int] = [:]
        var days: [Int64] = []
        days.reserveCapacity(a.days.count * 6)
        for (k, n) in a.days {
            let (section, target, screen) = (try id(k.section), try id(k.target), try id(k.screen))
            days += [Int64(k.day), kiosk, section, target, screen, Int64(n)]
            let month: Int
            if let m = monthOfDay[k.day] { month = m } else {
                let date = LocalDate(dayNumber: k.day)
                month = date.year * 12 + date.month - 1
                monthOfDay[k.day] = month
            }
            months[MonthKey(month: month, section: section, target: target, screen: screen), default: 0] += n
        }
        try upsertDay.run(days)
        var monthRows: [Int64] = []
        monthRows.reserveCapacity(months.count * 6)
        for (k, n) in months { monthRows += [Int64(k.month), kiosk, k.section, k.target, k.screen, Int64(n)] }
        try upsertMonth.run(monthRows)
        var sessions: [Int64] = []
        sessions.reserveCapacity(a.sessions.count * 7)
        for (k, s) in a.sessions {
            sessions += [kiosk, k.epoch, k.id, s.start, s.exact ? 1 : 0, s.lastSeq, try id(s.language)]
        }
        try upsertSession.run(sessions)
    }

    /// Writes a new batch's aggregates that `CodedRows` summed on text
    /// indexes: `ids[i]` is text i's id (-1, none, is 0). The rows come in
    /// key order: bound as they are.
    func write(kiosk: Int64, epoch: Int64, _ coded: CodedRows, ids: [Int64]) throws {
        func id(_ i: Int64) -> Int64 { i < 0 ? 0 : ids[Int(i)] }
        func dayLike(_ rows: [Int64]) -> [Int64] {
            var out: [Int64] = []
            out.reserveCapacity(rows.count / CodedRows.dayWidth * 6)
            var i = 0
            while i < rows.count {
                out.append(rows[i]); out.append(kiosk); out.append(id(rows[i + 1])); out.append(id(rows[i + 2]))
                out.append(id(rows[i + 3])); out.append(rows[i + 4])
                i += CodedRows.dayWidth
            }
            return out
        }
        try upsertDay.run(dayLike(coded.dayRows), inOrder: true)
        try upsertMonth.run(dayLike(coded.monthRows), inOrder: true)
        var sessions: [Int64] = []
        sessions.reserveCapacity(coded.sessionRows.count / CodedRows.sessionWidth * 7)
        var i = 0
        let rows = coded.sessionRows
        while i < rows.count {
            sessions.append(kiosk); sessions.append(epoch); sessions.append(rows[i]); sessions.append(rows[i + 1])
            sessions.append(rows[i + 2]); sessions.append(rows[i + 3]); sessions.append(id(rows[i + 4]))
            i += CodedRows.sessionWidth
        }
        try upsertSession.run(sessions, inOrder: true)
    }

    /// Recomputes the aggregates of `kiosk` (nil: every kiosk) from `touches`.
    func rebuild(kiosk: String?) throws {
        try db.execute("SAVEPOINT rebuild_aggregates")
        do {
            try recount(kiosk: kiosk)
            try db.execute("RELEASE rebuild_aggregates")
        } catch {
            strings.forget()
            try? db.execute("ROLLBACK TO rebuild_aggregates")
            try? db.execute("RELEASE rebuild_aggregates")
            throw error
        }
    }

    private func recount(kiosk: String?) throws {
        if let kiosk {
            let k = try db.int64("SELECT id FROM strings WHERE value = ?", [.text(kiosk)])
            if let k {
                try db.prepare("DELETE FROM touch_days WHERE kiosk = ?").execute([.integer(k)])
                try db.prepare("DELETE FROM touch_months WHERE kiosk = ?").execute([.integer(k)])
                try db.prepare("DELETE FROM touch_sessions WHERE kiosk = ?").execute([.integer(k)])
            }
        } else {
            try db.execute("DELETE FROM touch_days; DELETE FROM touch_months; DELETE FROM touch_sessions;")
        }
        // Two statements: `kiosk = ?` reads one kiosk's primary-key range.
        let s = try db.prepare("""
            SELECT kiosk, epoch, seq, session_id, wall_ms, screen, section, target, language, flags
            FROM touches
            WHERE \(kiosk == nil ? "" : "kiosk = ? AND ")clock = 0 AND (flags & \(TouchFlags.scripted.rawValue)) = 0
            ORDER BY kiosk, epoch, seq
            """)
        try s.bind(kiosk.map { [.text($0)] } ?? [])
        var agg: TouchAggregator?
        // Strings repeat: one `String` per distinct value of each column, not per row.
        var strings = ColumnStrings()
        while try s.step() {
            let k = strings.text(s, 0) ?? ""
            if agg?.kiosk != k {
                if let agg { try write(agg) }
                agg = TouchAggregator(kiosk: k)
            }
            agg!.add(epoch: s.int64(1), seq: s.int64(2), sessionID: s.int64OrNil(3), wallMs: s.int64(4),
                     screen: strings.text(s, 5) ?? "", section: strings.text(s, 6), target: strings.text(s, 7),
                     language: strings.text(s, 8) ?? "", flags: s.int64(9))
        }
        s.reset()
        if let agg { try write(agg) }
    }
}

/// One upsert run for many rows: `rowsPerStatement` rows a statement, in
/// key order. Run once per row, the upsert's own cost (cursors opened, the
/// B-tree descended from its root, the statement reset) was most of what
/// keeping the aggregates cost at ingest; SQLite applies the conflict
/// clause to each row of a multi-row VALUES as to a single one.
final class MultiUpsert {
    static let rowsPerStatement = 64
    let db: Database
    let insert: String
    let width: Int
    /// The first `key` columns are the table's key: rows run in their order.
    let key: Int
    let conflict: String
    /// By number of rows: 64, and the powers of two below it for the rest of a run.
    private var statements: [Int: Statement] = [:]
    /// How many statements were prepared (tests).
    var preparedCount: Int { statements.count }

    init(_ db: Database, _ insert: String, width: Int, key: Int, _ conflict: String) {
        self.db = db; self.insert = insert; self.width = width; self.key = key; self.conflict = conflict
    }

    private func statement(rows n: Int) throws -> Statement {
        if let s = statements[n] { return s }
        let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        let s = try db.prepare(insert + " VALUES " + Array(repeating: tuple, count: n).joined(separator: ", ") + " " + conflict)
        statements[n] = s
        return s
    }

    /// Upserts `values`, `width` a row, in key order (`inOrder`: they
    /// already are, or near enough: the order only saves work, the
    /// upserts' result does not depend on it).
    func run(_ values: [Int64], inOrder: Bool = false) throws {
        let count = values.count / width
        guard count > 0 else { return }
        let order = inOrder ? Array(0..<count) : (0..<count).sorted { a, b in
            for c in 0..<key where values[a * width + c] != values[b * width + c] {
                return values[a * width + c] < values[b * width + c]
            }
            return false
        }
        var i = 0
        while i < count {
            // 64 rows, then the rest by powers of two: at most 7 statements
            // prepared per table (a statement per row count was up to 64).
            let rest = count - i
            let n = rest >= Self.rowsPerStatement ? Self.rowsPerStatement : 1 << (Int.bitWidth - 1 - rest.leadingZeroBitCount)
            let s = try statement(rows: n)
            s.reset()
            var p: Int32 = 1
            for r in order[i..<(i + n)] {
                for c in 0..<width {
                    try s.bindInt64(values[r * width + c], at: p)
                    p += 1
                }
            }
            try s.step()
            s.reset()
            i += n
        }
    }
}

/// Text columns read as bytes and turned into a `String` once per distinct value.
struct ColumnStrings {
    private var known: [[UInt8]: String] = [:]
    private var buffer: [UInt8] = []

    mutating func text(_ s: Statement, _ column: Int32) -> String? {
        guard let bytes = s.textBytes(column) else { return nil }
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: bytes)
        if let k = known[buffer] { return k }
        let v = String(decoding: buffer, as: UTF8.self)
        known[buffer] = v
        return v
    }
}

extension OfficeStore {
    /// The ids of texts in `strings` (statements prepared once).
    var strings: StringIDs {
        get throws {
            if let s = stringIDs { return s }
            let s = try StringIDs(db)
            stringIDs = s
            return s
        }
    }

    /// The writer of this store's aggregates (statements prepared once).
    var aggregates: AggregateWriter {
        get throws {
            if let w = aggregateWriter { return w }
            let w = try AggregateWriter(db, strings: try strings)
            aggregateWriter = w
            return w
        }
    }
}
