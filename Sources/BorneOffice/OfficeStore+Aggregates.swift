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
struct TouchAggregator {
    struct DayKey: Hashable { var day: Int; var section: String?; var target: String?; var screen: String? }
    struct SessionKey: Hashable { var epoch: Int64; var id: Int64 }
    struct Session { var start: Int64; var exact: Bool; var lastSeq: Int64; var language: String }

    let kiosk: String
    private(set) var days: [DayKey: Int] = [:]
    private(set) var sessions: [SessionKey: Session] = [:]
    private var clock = ParisClock()
    // The local day of the last row's hour (rows come in seq order: mostly the same hour).
    private var lastHour: Int64 = .min
    private var lastDay = 0

    init(kiosk: String) { self.kiosk = kiosk }

    var isEmpty: Bool { days.isEmpty && sessions.isEmpty }

    /// Counts one stored row; the caller passes only rows the report counts
    /// (clock plausible, not scripted).
    mutating func add(epoch: Int64, seq: Int64, sessionID: Int64?, wallMs: Int64, screen: String,
                      section: String?, target: String?, language: String, flags: Int64) {
        let hour = wallMs >= 0 ? wallMs / 3_600_000 : (wallMs - 3_599_999) / 3_600_000
        if hour != lastHour {
            lastHour = hour
            lastDay = clock.local(ms: wallMs).day
        }
        let acted = flags & TouchFlags.noAction.rawValue == 0 ? target : nil
        let qr = acted.map { $0 == "nav:qr" || $0.hasPrefix("qr:") } ?? false
        days[DayKey(day: lastDay, section: section, target: acted, screen: qr ? screen : nil), default: 0] += 1
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
    static func merge(_ a: inout Session, _ b: Session) {
        if b.exact, !a.exact { a.start = b.start; a.exact = true }
        else if !a.exact, b.start < a.start { a.start = b.start }
        if b.lastSeq > a.lastSeq { a.lastSeq = b.lastSeq; a.language = b.language }
    }
}

/// Writes `TouchAggregator`s into `touch_days` and `touch_sessions`, adding to
/// what is there.
final class AggregateWriter {
    let db: Database
    private let upsertDay: Statement
    private let upsertMonth: Statement
    private let upsertSession: Statement
    private let insertString: Statement
    private let selectString: Statement
    // Ids looked up during one write (a rolled-back write must not leave ids behind).
    private var ids: [String: Int64] = [:]

    init(_ db: Database) throws {
        self.db = db
        upsertDay = try db.prepare("""
            INSERT INTO touch_days (day, kiosk, section, target, screen, taps) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (day, kiosk, section, target, screen) DO UPDATE SET taps = taps + excluded.taps
            """)
        upsertMonth = try db.prepare("""
            INSERT INTO touch_months (month, kiosk, section, target, screen, taps) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (month, kiosk, section, target, screen) DO UPDATE SET taps = taps + excluded.taps
            """)
        upsertSession = try db.prepare("""
            INSERT INTO touch_sessions (kiosk, epoch, id, start_ms, exact, last_seq, language) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (kiosk, epoch, id) DO UPDATE SET
                start_ms = CASE WHEN touch_sessions.exact THEN touch_sessions.start_ms
                                WHEN excluded.exact THEN excluded.start_ms
                                ELSE min(touch_sessions.start_ms, excluded.start_ms) END,
                exact = max(touch_sessions.exact, excluded.exact),
                language = CASE WHEN excluded.last_seq > touch_sessions.last_seq THEN excluded.language ELSE touch_sessions.language END,
                last_seq = max(touch_sessions.last_seq, excluded.last_seq)
            """)
        insertString = try db.prepare("INSERT OR IGNORE INTO strings (value) VALUES (?)")
        selectString = try db.prepare("SELECT id FROM strings WHERE value = ?")
    }

    /// The id of `s` in `strings` (added if new); 0 for nil.
    func id(_ s: String?) throws -> Int64 {
        guard let s else { return 0 }
        if let i = ids[s] { return i }
        try insertString.execute([.text(s)])
        guard let i = try selectString.rows([.text(s)], { $0.int64(0) }).first else {
            throw SQLiteError(extendedCode: 1, message: "strings: « \(s) » ni ajoutée ni trouvée", sql: "SELECT id FROM strings WHERE value = ?")
        }
        ids[s] = i
        return i
    }

    func write(_ a: TouchAggregator) throws {
        ids = [:]
        defer { ids = [:] }
        let kiosk = try id(a.kiosk)
        struct MonthKey: Hashable { var month: Int; var section: Int64; var target: Int64; var screen: Int64 }
        var months: [MonthKey: Int] = [:]
        var monthOfDay: [Int: Int] = [:]
        for (k, n) in a.days {
            let (section, target, screen) = (try id(k.section), try id(k.target), try id(k.screen))
            try upsertDay.execute([.integer(Int64(k.day)), .integer(kiosk), .integer(section), .integer(target),
                                   .integer(screen), .integer(Int64(n))])
            let month: Int
            if let m = monthOfDay[k.day] { month = m } else {
                let date = LocalDate(dayNumber: k.day)
                month = date.year * 12 + date.month - 1
                monthOfDay[k.day] = month
            }
            months[MonthKey(month: month, section: section, target: target, screen: screen), default: 0] += n
        }
        for (k, n) in months {
            try upsertMonth.execute([.integer(Int64(k.month)), .integer(kiosk), .integer(k.section), .integer(k.target),
                                     .integer(k.screen), .integer(Int64(n))])
        }
        for (k, s) in a.sessions {
            try upsertSession.execute([.integer(kiosk), .integer(k.epoch), .integer(k.id), .integer(s.start),
                                       .integer(s.exact ? 1 : 0), .integer(s.lastSeq), .integer(try id(s.language))])
        }
    }

    /// Recomputes the aggregates of `kiosk` (nil: every kiosk) from `touches`.
    func rebuild(kiosk: String?) throws {
        try db.execute("SAVEPOINT rebuild_aggregates")
        do {
            try recount(kiosk: kiosk)
            try db.execute("RELEASE rebuild_aggregates")
        } catch {
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
    /// The writer of this store's aggregates (statements prepared once).
    var aggregates: AggregateWriter {
        get throws {
            if let w = aggregateWriter { return w }
            let w = try AggregateWriter(db)
            aggregateWriter = w
            return w
        }
    }
}
