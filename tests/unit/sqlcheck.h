/*
** sqlcheck.h - for unit tests that run SQL: one(db, sql) returns the rows as
** text ("a|b;c|d", NULL as "NULL") or the error message, malloc'd; Q() checks
** it against the expected text.  Include after check.h.
*/
#ifndef DS_SQLCHECK_H
#define DS_SQLCHECK_H

#include <stdlib.h>

#include "dockersec.h"
#include "common/ds_util.h"

static char *one(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return ds_strdup(sqlite3_errmsg(db));
  ds_buf b = {0};
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (b.len) ds_buf_puts(&b, ";");
    for (int c = 0; c < sqlite3_column_count(st); c++) {
      const char *t = (const char *)sqlite3_column_text(st, c);
      ds_buf_printf(&b, "%s%s", c ? "|" : "", t ? t : "NULL");
    }
  }
  if (rc != SQLITE_DONE) {
    ds_buf_free(&b);
    ds_buf_puts(&b, sqlite3_errmsg(db));
  }
  sqlite3_finalize(st);
  char *s = ds_buf_take(&b);
  return s ? s : ds_strdup("out of memory");
}

#define Q(name, sql, expected)                                                                     \
  do {                                                                                             \
    char *r_ = one(db, sql);                                                                       \
    CHECK_STR(name, expected, r_);                                                                 \
    free(r_);                                                                                      \
  } while (0)

#endif
