/*
** db.c - the CLI's database: in-memory, every dockersec table registered
** statically (so the CLI never enables load_extension).  Separate from
** main.c so the unit tests can link the CLI's parts without its main().
*/
#include <stdio.h>

#include "cli/cli.h"

sqlite3 *ds_cli_open(void) {
  sqlite3 *db = NULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
    ds_cli_error("dockersec: cannot open an in-memory database");
    sqlite3_close(db);
    return NULL;
  }
  /* Defensive: no writable schema, no shadow-table writes, no dangerous
  ** pragmas; fts3_tokenizer() cannot hand out or take a pointer.  Also for
  ** `query`, whatever SQL the user types. */
  int on = -1;
  if (sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on) != SQLITE_OK || on != 1 ||
      sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, &on) != SQLITE_OK ||
      on != 0) {
    ds_cli_error("dockersec: cannot make the database defensive");
    sqlite3_close(db);
    return NULL;
  }
  char *err = NULL;
  /* Raw errors: the CLI escapes at its outputs (ds_cli_error, the reports). */
  if (ds_register_raw(db, &err) != SQLITE_OK) {
    ds_cli_error("dockersec: cannot register tables: %s", err ? err : "out of memory");
    sqlite3_free(err);
    sqlite3_close(db);
    return NULL;
  }
  return db;
}
