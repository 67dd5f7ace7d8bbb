#ifndef REIN_CSQLITE_SHIM_H
#define REIN_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro cast Swift cannot import: SQLite copies the bound bytes.
static inline sqlite3_destructor_type rein_sqlite_transient(void) {
  return SQLITE_TRANSIENT;
}
#endif
