// SQLite for Swift. SQLITE_TRANSIENT is a macro casting -1 to a destructor
// pointer, which Swift cannot import.
#ifndef BORNE_CSQLITE_SHIM_H
#define BORNE_CSQLITE_SHIM_H
#include <sqlite3.h>
static inline sqlite3_destructor_type borne_sqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline int borne_sqlite_bind_text(sqlite3_stmt *s, int i, const char *text, int n) {
    return sqlite3_bind_text(s, i, text, n, SQLITE_TRANSIENT);
}
static inline int borne_sqlite_bind_blob(sqlite3_stmt *s, int i, const void *data, int n) {
    return sqlite3_bind_blob(s, i, data, n, SQLITE_TRANSIENT);
}
#endif
