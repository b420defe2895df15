import BorneCore
import Foundation

/// The schema of the kiosk database `DATA/sessions.db`. Shipped steps are
/// never edited: a change is a new step (see docs/STATISTICS.md, "Schema").
enum TouchSchema {
    static let migrations: Migrations = {
        var m = Migrations()
        m.register(1, "touches, sessions, meta") { db in
            try db.execute("""
                CREATE TABLE meta (
                    key   TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                -- One row per tap. seq is given by the writer, never reused
                -- (AUTOINCREMENT keeps its high-water mark in sqlite_sequence
                -- even when the uploader deletes acknowledged rows).
                CREATE TABLE touches (
                    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
                    kiosk           TEXT    NOT NULL,
                    session_id      INTEGER,
                    wall_utc        TEXT    NOT NULL,
                    mono_ns         INTEGER NOT NULL,
                    screen          TEXT    NOT NULL,
                    section         TEXT,
                    target          TEXT,
                    x               INTEGER NOT NULL,
                    y               INTEGER NOT NULL,
                    language        TEXT    NOT NULL,
                    content_version TEXT    NOT NULL,
                    flags           INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX touches_by_session ON touches(session_id);
                -- One row per session; id is the seq of its first tap.
                CREATE TABLE sessions (
                    id        INTEGER PRIMARY KEY,
                    kiosk     TEXT    NOT NULL,
                    start_utc TEXT    NOT NULL,
                    end_utc   TEXT,
                    touches   INTEGER NOT NULL DEFAULT 0,
                    language  TEXT    NOT NULL,
                    flags     INTEGER NOT NULL DEFAULT 0
                );
                """)
            let insert = try db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)")
            try insert.execute(["db_id", .text(UUID().uuidString.lowercased())])
            try insert.execute(["created_utc", .text(UTCTime.string(Date()))])
        }
        m.register(2, "monotonic session bounds, upload cursor") { db in
            try db.execute("""
                ALTER TABLE sessions ADD COLUMN start_mono_ns INTEGER;
                ALTER TABLE sessions ADD COLUMN end_mono_ns INTEGER;
                -- The uploader's cursor: rows up to last_acked_seq were
                -- acknowledged by the office's collector.
                CREATE TABLE upload_state (
                    id             INTEGER PRIMARY KEY CHECK (id = 1),
                    last_acked_seq INTEGER NOT NULL DEFAULT 0,
                    updated_utc    TEXT
                );
                INSERT INTO upload_state (id, last_acked_seq) VALUES (1, 0);
                """)
        }
        return m
    }()
}
