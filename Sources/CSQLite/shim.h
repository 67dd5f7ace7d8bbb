#ifndef REIN_CSQLITE_SHIM_H
#define REIN_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro cast Swift cannot import: SQLite copies the bound bytes.
static inline sqlite3_destructor_type rein_sqlite_transient(void) {
  return SQLITE_TRANSIENT;
}

/// Reads the first `count` bytes of a connection's main database file through SQLite's own file
/// layer. A descriptor opened outside SQLite and closed on a file the process already has open
/// would drop every POSIX lock the process holds on it; SQLite's layer keeps them.
static inline int rein_read_file_start(sqlite3 *db, void *buffer, int count) {
  sqlite3_file *file = 0;
  int status = sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file);
  if (status != SQLITE_OK || file == 0 || file->pMethods == 0) return SQLITE_CANTOPEN;
  return file->pMethods->xRead(file, buffer, count, 0);
}
#endif
