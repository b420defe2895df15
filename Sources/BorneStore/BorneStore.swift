/// BorneStore — the kiosk's statistics store: every touch and session, in
/// `DATA/sessions.db` (SQLite, WAL, `synchronous=FULL`).
///
/// Owns: the SQLite wrapper (`Database`, `Statement`, `SQLiteError`,
/// `Migrations`), the schema of the kiosk database (`TouchStore`), the
/// sequence high-water mark kept outside the database (`SequenceFloor`) and
/// the kiosk-facing writer (`TouchRecorder`) that commits off the UI path.
///
/// Must never: block or crash the screen (every fault becomes a `StoreHealth`
/// and a log line, rows wait in memory); reuse a sequence number, even after
/// the database was recreated; put bound values (visitor data) in an error
/// or a log line; import BorneUI (the runner maps its `Touch` to `TouchRecord`).
enum BorneStore {}
