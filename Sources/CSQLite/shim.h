#ifndef REIN_CSQLITE_SHIM_H
#define REIN_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro cast Swift cannot import: SQLite copies the bound bytes.
static inline sqlite3_destructor_type rein_sqlite_transient(void) {
  return SQLITE_TRANSIENT;
}

/// Keeps the -wal and -shm files when the last connection closes, so readers who may not create
/// files beside the book (another user, a read-only folder) still find them.
static inline int rein_sqlite_persist_wal(sqlite3 *db) {
  int on = 1;
  return sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &on);
}

#endif
