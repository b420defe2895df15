import BorneStore

/// The schema of the office database. Shipped steps are never edited: a
/// change is a new step (see docs/STATISTICS.md, "At the office").
enum OfficeSchema {
    /// The columns of a `touches` row after its kiosk (and key epoch), as
    /// steps 1 and 2 create them.
    static let touchRowColumns = """
        seq             INTEGER NOT NULL,
        session_id      INTEGER,
        wall_ms         INTEGER NOT NULL,
        mono_ms         INTEGER NOT NULL,
        screen          TEXT    NOT NULL,
        section         TEXT,
        target          TEXT,
        x               INTEGER NOT NULL,
        y               INTEGER NOT NULL,
        language        TEXT    NOT NULL,
        content_version TEXT    NOT NULL,
        flags           INTEGER NOT NULL,
        clock           INTEGER NOT NULL DEFAULT 0,
        """

    static let migrations: Migrations = {
        var m = Migrations()
        m.register(1, "kiosks, touches, heartbeats, ingest log") { db in
            try db.execute("""
                CREATE TABLE meta (
                    key   TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                -- Kiosks whose stats key the office trusts (`borne office trust`).
                -- acked_up_to: the highest seq a USB receipt acknowledged.
                CREATE TABLE kiosks (
                    id          TEXT PRIMARY KEY NOT NULL,
                    key_hex     TEXT NOT NULL,
                    trusted_at  TEXT NOT NULL,
                    acked_up_to INTEGER NOT NULL DEFAULT 0
                );
                -- One row per tap, as the kiosk stored it; (kiosk, seq) is the
                -- identity, so a row carried twice is stored once.
                -- wall_ms: kiosk wall clock, UTC ms; mono_ms: monotonic ms.
                -- clock: 0 plausible, 1 before its content existed (or before
                -- 2015), 2 in the future when ingested. Flagged rows are kept
                -- and left out of the report's tables.
                CREATE TABLE touches (
                    kiosk           TEXT    NOT NULL,
                    \(touchRowColumns)
                    PRIMARY KEY (kiosk, seq)
                ) WITHOUT ROWID;
                -- Every heartbeat whose MAC verified, as received.
                -- received_utc: when it reached the office's side (collector
                -- file time, HTTP Last-Modified, or the USB ingest time).
                CREATE TABLE heartbeats (
                    kiosk               TEXT NOT NULL,
                    sent_utc            TEXT NOT NULL,
                    received_utc        TEXT NOT NULL,
                    via                 TEXT NOT NULL,
                    software            TEXT,
                    content_version     TEXT,
                    content_created_utc TEXT,
                    last_sync_utc       TEXT,
                    rows_pending        INTEGER,
                    last_acked_seq      INTEGER,
                    disk_free_bytes     INTEGER,
                    clock_utc           TEXT,
                    store               TEXT,
                    -- batches the collector refused (4xx), waiting on the kiosk,
                    -- and the first of them as "name: HTTP status reason"
                    parked              INTEGER NOT NULL DEFAULT 0,
                    parked_first        TEXT,
                    upload_error        TEXT,
                    PRIMARY KEY (kiosk, sent_utc)
                );
                -- When each content version of a kiosk was created (from
                -- heartbeats): a row made with that version before then has
                -- a wrong clock.
                CREATE TABLE content_versions (
                    kiosk      TEXT    NOT NULL,
                    version    TEXT    NOT NULL,
                    created_ms INTEGER NOT NULL,
                    PRIMARY KEY (kiosk, version)
                );
                -- One line per file looked at: stored, duplicate or rejected.
                CREATE TABLE ingest_log (
                    id       INTEGER PRIMARY KEY,
                    at_utc   TEXT    NOT NULL,
                    file     TEXT    NOT NULL,
                    kiosk    TEXT,
                    result   TEXT    NOT NULL,
                    reason   TEXT,
                    first    INTEGER,
                    last     INTEGER,
                    rows     INTEGER,
                    new_rows INTEGER,
                    mac      TEXT
                );
                CREATE INDEX ingest_log_by_mac ON ingest_log(mac) WHERE mac IS NOT NULL;
                """)
        }
        m.register(2, "key epochs: touches by (kiosk, epoch, seq)") { db in
            // A reinstalled kiosk (new disk, new stats key) numbers its taps
            // from 1 again: rows are identified by (kiosk, epoch, seq), where
            // the epoch is the kiosk's key (`borne office trust` of a new key
            // opens the next one). Every row of a v1 database is epoch 1.
            try db.execute("""
                -- Every key a kiosk was trusted with, epoch 1, 2... The current
                -- one is also in kiosks (key_hex, epoch); older ones verify
                -- batches of that epoch still on their way.
                CREATE TABLE kiosk_keys (
                    kiosk      TEXT    NOT NULL,
                    epoch      INTEGER NOT NULL,
                    key_hex    TEXT    NOT NULL,
                    trusted_at TEXT    NOT NULL,
                    PRIMARY KEY (kiosk, epoch)
                );
                INSERT INTO kiosk_keys (kiosk, epoch, key_hex, trusted_at)
                    SELECT id, 1, key_hex, trusted_at FROM kiosks;
                -- acked_up_to is the current epoch's (a new epoch starts at 0).
                ALTER TABLE kiosks ADD COLUMN epoch INTEGER NOT NULL DEFAULT 1;
                CREATE TABLE touches_v2 (
                    kiosk           TEXT    NOT NULL,
                    epoch           INTEGER NOT NULL,
                    \(touchRowColumns)
                    PRIMARY KEY (kiosk, epoch, seq)
                ) WITHOUT ROWID;
                INSERT INTO touches_v2 (kiosk, epoch, seq, session_id, wall_ms, mono_ms, screen, section, target,
                                        x, y, language, content_version, flags, clock)
                    SELECT kiosk, 1, seq, session_id, wall_ms, mono_ms, screen, section, target,
                           x, y, language, content_version, flags, clock FROM touches;
                DROP TABLE touches;
                ALTER TABLE touches_v2 RENAME TO touches;
                -- The epoch of a stored batch: the same name in another epoch is another file.
                ALTER TABLE ingest_log ADD COLUMN epoch INTEGER;
                UPDATE ingest_log SET epoch = 1 WHERE result = 'stored';
                """)
        }
        m.register(3, "touches by wall time, covering the yearly report") { db in
            // The yearly report reads one year of a decade (`yearStats`:
            // wall_ms in a range, clock = 0, not scripted). Without an index
            // that is a scan of every row; this index holds the columns the
            // report reads (the primary key, kiosk, epoch, seq, comes with
            // every entry of a WITHOUT ROWID table's index), so the report
            // reads the year's entries and nothing else. The flagged rows
            // (clock != 0, a few) get a partial index: the report counts them
            // per kiosk (`flaggedCounts`) without a scan either.
            try db.execute("""
                CREATE INDEX touches_by_wall ON touches(wall_ms, clock, flags, session_id, section, target, language);
                CREATE INDEX touches_flagged ON touches(kiosk, clock) WHERE clock != 0;
                """)
        }
        m.register(4, "report aggregates kept at ingest: touch_days, touch_months, touch_sessions, strings") { db in
            // The report reads these instead of the year's rows (30 M touches:
            // 8 s through touches_by_wall); ingest keeps them, this step fills
            // them from the rows already stored. touches_by_wall, as wide as
            // the row, is no longer read: dropping it halves the cost of a
            // stored row. See OfficeStore+Aggregates.swift.
            try db.execute("""
                DROP INDEX IF EXISTS touches_by_wall;
                -- Strings of the aggregates, by id (0 stands for none).
                CREATE TABLE strings (
                    id    INTEGER PRIMARY KEY,
                    value TEXT NOT NULL UNIQUE
                );
                -- Taps per local (Europe/Paris) day, kiosk, section and
                -- target (0 for a tap without action); screen only for the
                -- QR taps (nav:qr, qr:...), else 0. Plausible clocks, not scripted.
                CREATE TABLE touch_days (
                    day     INTEGER NOT NULL,
                    kiosk   INTEGER NOT NULL,
                    section INTEGER NOT NULL,
                    target  INTEGER NOT NULL,
                    screen  INTEGER NOT NULL,
                    taps    INTEGER NOT NULL,
                    PRIMARY KEY (day, kiosk, section, target, screen)
                ) WITHOUT ROWID;
                -- One row per session (kiosk, key epoch, session id): start_ms is
                -- the wall time of its first tap (exact = 1) or of its earliest
                -- stored tap; language that of its highest stored seq (last_seq).
                CREATE TABLE touch_sessions (
                    kiosk    INTEGER NOT NULL,
                    epoch    INTEGER NOT NULL,
                    id       INTEGER NOT NULL,
                    start_ms INTEGER NOT NULL,
                    exact    INTEGER NOT NULL,
                    last_seq INTEGER NOT NULL,
                    language INTEGER NOT NULL,
                    PRIMARY KEY (kiosk, epoch, id)
                ) WITHOUT ROWID;
                CREATE INDEX touch_sessions_by_start ON touch_sessions(start_ms, language);
                -- touch_days summed per calendar month (year * 12 + month - 1):
                -- a period's whole months are read here, its other days in touch_days.
                CREATE TABLE touch_months (
                    month   INTEGER NOT NULL,
                    kiosk   INTEGER NOT NULL,
                    section INTEGER NOT NULL,
                    target  INTEGER NOT NULL,
                    screen  INTEGER NOT NULL,
                    taps    INTEGER NOT NULL,
                    PRIMARY KEY (month, kiosk, section, target, screen)
                ) WITHOUT ROWID;
                """)
            try AggregateWriter(db).rebuild(kiosk: nil)
        }
        m.register(5, "touch_counts: rows and last seq per kiosk and key epoch, kept at ingest (fleet)") { db in
            // `borne office fleet` counted every row (`GROUP BY kiosk, epoch`
            // over all of touches: a scan of 30 M rows); ingest keeps the
            // counts, this step fills them from the rows already stored.
            try db.execute("""
                -- Rows stored per kiosk and key epoch (all rows, flagged
                -- clocks and scripted ones too) and the highest seq among them.
                CREATE TABLE touch_counts (
                    kiosk    TEXT    NOT NULL,
                    epoch    INTEGER NOT NULL,
                    rows     INTEGER NOT NULL,
                    last_seq INTEGER NOT NULL,
                    PRIMARY KEY (kiosk, epoch)
                ) WITHOUT ROWID;
                INSERT INTO touch_counts (kiosk, epoch, rows, last_seq)
                    SELECT kiosk, epoch, count(*), max(seq) FROM touches GROUP BY kiosk, epoch;
                """)
        }
        m.register(6, "touch_rows: a touch's texts as ids into strings; touches becomes a view") { db in
            // A stored touch is integers only: its five texts (kiosk, screen,
            // section, target, language, content version) are ids into
            // `strings` (step 4), bound as integers, the row about half as wide:
            // ingest's CPU per touch −17 % (docs/STATISTICS.md, "Speed"; the
            // 1 M/s aim is not reached). `touches` stays readable with plain SQL: a view with
            // the same columns, in the same order, as the table it replaces.
            try db.execute("""
                CREATE TABLE touch_rows (
                    kiosk           INTEGER NOT NULL,
                    epoch           INTEGER NOT NULL,
                    seq             INTEGER NOT NULL,
                    session_id      INTEGER,
                    wall_ms         INTEGER NOT NULL,
                    mono_ms         INTEGER NOT NULL,
                    screen          INTEGER NOT NULL,
                    section         INTEGER,
                    target          INTEGER,
                    x               INTEGER NOT NULL,
                    y               INTEGER NOT NULL,
                    language        INTEGER NOT NULL,
                    content_version INTEGER NOT NULL,
                    flags           INTEGER NOT NULL,
                    clock           INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (kiosk, epoch, seq)
                ) WITHOUT ROWID;
                INSERT OR IGNORE INTO strings (value)
                    SELECT kiosk FROM touches UNION SELECT screen FROM touches
                    UNION SELECT section FROM touches WHERE section IS NOT NULL
                    UNION SELECT target FROM touches WHERE target IS NOT NULL
                    UNION SELECT language FROM touches UNION SELECT content_version FROM touches;
                INSERT INTO touch_rows (kiosk, epoch, seq, session_id, wall_ms, mono_ms, screen, section, target,
                                        x, y, language, content_version, flags, clock)
                    SELECT k.id, t.epoch, t.seq, t.session_id, t.wall_ms, t.mono_ms, sc.id, se.id, ta.id,
                           t.x, t.y, la.id, cv.id, t.flags, t.clock
                    FROM touches t
                    JOIN strings k ON k.value = t.kiosk
                    JOIN strings sc ON sc.value = t.screen
                    LEFT JOIN strings se ON se.value = t.section
                    LEFT JOIN strings ta ON ta.value = t.target
                    JOIN strings la ON la.value = t.language
                    JOIN strings cv ON cv.value = t.content_version;
                """)
            // Nothing lost: every row copied (a row whose text found no id would be missing).
            let before = try db.int64("SELECT count(*) FROM touches") ?? -1
            let copied = try db.int64("SELECT count(*) FROM touch_rows") ?? -2
            guard before == copied else {
                throw SQLiteError(extendedCode: 1, message: "étape 6 du schéma : \(copied) touches recopiées dans touch_rows sur "
                                  + "\(before) ; rien n'est changé (la base reste à l'étape 5, lisible par la version précédente de "
                                  + "Borne). Garder une copie de la base et signaler ce message",
                                  sql: "INSERT INTO touch_rows")
            }
            try db.execute("""
                DROP INDEX IF EXISTS touches_flagged;
                DROP TABLE touches;
                CREATE INDEX touches_flagged ON touch_rows(kiosk, clock) WHERE clock != 0;
                -- Every touch with its texts, as the table of steps 1 to 5 held them
                -- (every id is in strings: LEFT JOINs let SQLite skip the unread ones).
                CREATE VIEW touches AS
                    SELECT k.value AS kiosk, r.epoch AS epoch, r.seq AS seq, r.session_id AS session_id,
                           r.wall_ms AS wall_ms, r.mono_ms AS mono_ms, sc.value AS screen, se.value AS section,
                           ta.value AS target, r.x AS x, r.y AS y, la.value AS language,
                           cv.value AS content_version, r.flags AS flags, r.clock AS clock
                    FROM touch_rows r
                    LEFT JOIN strings k ON k.id = r.kiosk
                    LEFT JOIN strings sc ON sc.id = r.screen
                    LEFT JOIN strings se ON se.id = r.section
                    LEFT JOIN strings ta ON ta.id = r.target
                    LEFT JOIN strings la ON la.id = r.language
                    LEFT JOIN strings cv ON cv.id = r.content_version;
                """)
        }
        return m
    }()
}
