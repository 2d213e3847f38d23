/*
** test_vtab.c - the generic engine (src/sql/vtab.c) on a table declared here:
** schema text, = and IN push-down, the required-column error, colUsed,
** DIRECTONLY, generator errors.
*/
#include <stdlib.h>

#include "check.h"
#include "sqlcheck.h"
#include "sql/ds_ctx.h"
#include "common/ds_util.h"

enum { T_KEY, T_VAL, T_SECRET, T_NEED };
static const ds_column cols[] = {
    [T_KEY] = {"key", DS_INTEGER, "a key", DS_INDEXED},
    [T_VAL] = {"val", DS_TEXT, "a value", 0},
    [T_SECRET] = {"secret", DS_TEXT, "hidden", DS_HIDDEN},
    [T_NEED] = {"need", DS_TEXT, "required", DS_REQUIRED | DS_NOCASE},
};

static int last_nvalues = -1;
static int last_used_val = -1;
static int generate_calls = 0;
static int generate(ds_query *q) {
  generate_calls++;
  last_nvalues = ds_query_nvalues(q, T_KEY);
  last_used_val = ds_query_uses(q, T_VAL);
  if (ds_query_accepts_text(q, T_NEED, "boom")) return ds_error(q, "asked to fail");
  for (int k = 1; k <= 5; k++) {
    if (!ds_query_accepts_int(q, T_KEY, k)) continue;
    ds_row_new(q);
    ds_set_int(q, T_KEY, k);
    char *v = ds_mprintf("v%d", k);
    ds_set_text_owned(q, T_VAL, v);
    ds_set_text(q, T_SECRET, "s");
    ds_set_text(q, T_NEED, ds_query_text(q, T_NEED, 0));
  }
  return SQLITE_OK;
}

static const ds_table test_table = {"t", "A test table.", cols, DS_COUNT(cols), generate, NULL};

int main(void) {
  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  ds_ctx *ctx = ds_ctx_new();
  CHECK_INT("vtab-register", SQLITE_OK, ds_register_table(db, ctx, &test_table, NULL));
  ds_ctx_release(ctx);

  Q("vtab-select-star-hides-hidden", "SELECT * FROM t WHERE need = 'x' AND key = 2", "2|v2|x");
  CHECK_INT("vtab-eq-pushed", 1, last_nvalues);
  Q("vtab-hidden-selectable", "SELECT secret FROM t WHERE need = 'x' AND key = 1", "s");
  Q("vtab-in-all-at-once", "SELECT key FROM t WHERE need = 'x' AND key IN (1, 3, 9) ORDER BY key",
    "1;3");
  CHECK_INT("vtab-in-values", 3, last_nvalues);
  Q("vtab-required-missing", "SELECT * FROM t", "t: need = is required");
  Q("vtab-required-via-join",
    "WITH n(v) AS (VALUES ('a'), ('b')) SELECT count(*) FROM n JOIN t ON t.need = n.v", "10");
  /* The inner side of a join filtered again with the values of the last
  ** call reuses its rows: 'a', 'a', 'b' generate twice, not three times. */
  generate_calls = 0;
  Q("vtab-repeat-filter-rows",
    "WITH n(v) AS (VALUES ('a'), ('a'), ('b')) SELECT count(*) FROM n JOIN t ON t.need = n.v",
    "15");
  CHECK_INT("vtab-repeat-filter-generates-once", 2, generate_calls);
  generate_calls = 0;
  Q("vtab-repeat-filter-new-statement", "SELECT count(*) FROM t WHERE need = 'a'", "5");
  Q("vtab-repeat-filter-new-statement-again", "SELECT count(*) FROM t WHERE need = 'a'", "5");
  CHECK_INT("vtab-repeat-filter-per-statement", 2, generate_calls);
  Q("vtab-nocase", "SELECT count(*) FROM t WHERE need = 'AbC' AND 'abc' = need", "5");
  Q("vtab-unconstrained-key", "SELECT count(*) FROM t WHERE need = 'x'", "5");
  CHECK_INT("vtab-unconstrained-nvalues", 0, last_nvalues);
  Q("vtab-col-used-skip", "SELECT key FROM t WHERE need = 'x' AND key = 1", "1");
  CHECK_INT("vtab-col-unused", 0, last_used_val);
  Q("vtab-col-used", "SELECT val FROM t WHERE need = 'x' AND key = 1", "v1");
  CHECK_INT("vtab-col-used-set", 1, last_used_val);
  Q("vtab-generator-error", "SELECT * FROM t WHERE need = 'boom'", "t: asked to fail");
  Q("vtab-schema",
    "SELECT group_concat(name || ':' || type || ':' || hidden, ',') FROM pragma_table_xinfo('t')",
    "key:INTEGER:0,val:TEXT:0,secret:TEXT:1,need:TEXT:0");
  Q("vtab-readonly", "DELETE FROM t WHERE need = 'x'", "table t may not be modified");
  /* DIRECTONLY: a view in the schema cannot reach the table. */
  sqlite3_exec(db, "CREATE VIEW v AS SELECT * FROM t WHERE need = 'x'", 0, 0, 0);
  char *r = one(db, "SELECT count(*) FROM v");
  CHECK("vtab-directonly-view", strstr(r, "unsafe use of virtual table") != NULL);
  free(r);
  sqlite3_close(db);
  CHECK_DONE();
}
