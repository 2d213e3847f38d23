/*
** functions_secret.c - the one secret detector (src/common/secret.c) as SQL,
** so the packs judge secrets by the same rule as the tables' redaction:
**
**   secret_name(KEY)   1 when an environment/label/option name looks like it
**                      holds a secret (ds_is_secret_key: words, with the
**                      deny-list of non-secret last words), else 0
**   secret_text(TEXT)  1 when a value or a command line holds a secret by
**                      content or as KEY=value / --password=x (ds_redact_command),
**                      else 0
**
** NULL in, NULL out.
*/
#include <stdlib.h>
#include <string.h>

#include "common/ds_secret.h"
#include "sql/ds_functions.h"

static void secret_name_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  DS_UNUSED(argc);
  const char *s = (const char *)sqlite3_value_text(argv[0]);
  if (!s) return;
  sqlite3_result_int(ctx, ds_is_secret_key(s, (size_t)sqlite3_value_bytes(argv[0])));
}

static void secret_text_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  DS_UNUSED(argc);
  const char *s = (const char *)sqlite3_value_text(argv[0]);
  if (!s) return;
  int secret = 0;
  char *r = ds_redact_command(s, 0, &secret);
  if (!r) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  free(r);
  sqlite3_result_int(ctx, secret);
}

int ds_register_secret_functions(sqlite3 *db) {
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function(db, "secret_name", 1, flags, NULL, secret_name_func, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(db, "secret_text", 1, flags, NULL, secret_text_func, NULL, NULL);
  return rc;
}
