/*
** vtab.c - the one generic virtual table behind every dockersec table.
**
** A table in tables/ is a ds_table: name, doc, columns, generator.  This file
** turns it into an eponymous, read-only, DIRECTONLY SQLite module:
**
**   xConnect   builds "CREATE TABLE x(col TYPE [HIDDEN] [COLLATE NOCASE], …)"
**              from the columns;
**   xBestIndex pushes `=` and `IN` on DS_INDEXED columns down to the
**              generator (vtab_plan.c);
**   xFilter    copies the pushed-down values, calls the generator once and
**              keeps the rows it emitted;
**   xColumn    serves cells from those rows.
**
** The query object generators fill is in vtab_query.c.
**
** Constraints are never omitted: SQLite re-checks every one, so a generator
** may return a superset (e.g. Docker matches id prefixes).
*/
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "sql/ds_ctx.h"
#include "sql/ds_functions.h"
#include "sql/ds_vtab.h"
#include "engine/ds_docker.h"
#include "common/ds_sanitize.h"
#include "common/ds_util.h"

const char *ds_type_name(ds_type t) {
  switch (t) {
  case DS_INTEGER:
    return "INTEGER";
  case DS_BIGINT:
    return "BIGINT";
  case DS_DOUBLE:
    return "DOUBLE";
  default:
    return "TEXT";
  }
}

/* ---- module methods -------------------------------------------------------- */

static char *build_schema(const ds_table *t) {
  ds_buf b = {0};
  ds_buf_puts(&b, "CREATE TABLE x(");
  for (int i = 0; i < t->ncolumns; i++) {
    const ds_column *c = &t->columns[i];
    ds_buf_printf(&b, "%s\"%s\" %s%s%s", i ? ", " : "", c->name, ds_type_name(c->type),
                  (c->flags & DS_HIDDEN) ? " HIDDEN" : "",
                  (c->flags & DS_NOCASE)    ? " COLLATE NOCASE"
                  : (c->flags & DS_VERSION) ? " COLLATE VERSION"
                                            : "");
  }
  ds_buf_puts(&b, ")");
  return ds_buf_take(&b); /* NULL when out of memory */
}

static int ds_connect(sqlite3 *db, void *pAux, int argc, const char *const *argv,
                      sqlite3_vtab **ppVtab, char **pzErr) {
  DS_UNUSED(argc);
  DS_UNUSED(argv);
  ds_module_aux *aux = pAux;
  char *schema = build_schema(aux->table);
  if (!schema) return SQLITE_NOMEM;
  int rc = sqlite3_declare_vtab(db, schema);
  free(schema);
  if (rc != SQLITE_OK) {
    *pzErr = sqlite3_mprintf("%s: cannot declare schema: %s", aux->table->name, sqlite3_errmsg(db));
    return rc;
  }
  /* Host and engine state must never be reachable from a view or trigger
  ** stored in an untrusted database file. */
  sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  ds_vtab *vt = sqlite3_malloc(sizeof(*vt));
  if (!vt) return SQLITE_NOMEM;
  memset(vt, 0, sizeof(*vt));
  vt->table = aux->table;
  vt->ctx = aux->ctx;
  ds_ctx_retain(vt->ctx);
  *ppVtab = &vt->base;
  return SQLITE_OK;
}

static int ds_disconnect(sqlite3_vtab *pVtab) {
  ds_vtab *vt = (ds_vtab *)pVtab;
  ds_ctx_release(vt->ctx);
  sqlite3_free(vt);
  return SQLITE_OK;
}

static void set_vtab_error(sqlite3_vtab *vt, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sqlite3_free(vt->zErrMsg);
  vt->zErrMsg = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
}

/* A generator's error, which may quote the engine's answer or a container's
** name: escaped for a host that prints it as it is (ds_register). */
static void table_error(sqlite3_vtab *vt, const ds_query *q) {
  char *shown = q->ctx->escape_errors ? ds_sanitize(q->error, 0) : NULL;
  set_vtab_error(vt, "%s: %s", q->table->name, shown ? shown : q->error);
  free(shown);
}

static int ds_open(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCursor) {
  ds_vtab *vt = (ds_vtab *)pVtab;
  ds_cursor *cur = sqlite3_malloc(sizeof(*cur));
  if (!cur) return SQLITE_NOMEM;
  memset(cur, 0, sizeof(*cur));
  cur->q.table = vt->table;
  cur->q.ctx = vt->ctx;
  *ppCursor = &cur->base;
  return SQLITE_OK;
}

static int ds_close(sqlite3_vtab_cursor *pCursor) {
  ds_cursor *cur = (ds_cursor *)pCursor;
  ds_query_reset(&cur->q);
  sqlite3_free(cur);
  return SQLITE_OK;
}

static int ds_filter(sqlite3_vtab_cursor *pCursor, int idxNum, const char *idxStr, int argc,
                     sqlite3_value **argv) {
  ds_cursor *cur = (ds_cursor *)pCursor;
  ds_query *q = &cur->q;
  const ds_table *t = q->table;
  cur->row = 0;
  /* The inner side of a join is filtered again for every outer row, often
  ** with the key of the previous one (14 capability rows of one process ask
  ** `processes WHERE pid = X` 14 times): the rows this cursor holds already
  ** answer it - the same state within one statement, and no second read. */
  char *key = ds_plan_key(idxNum, idxStr, argc, argv);
  if (key && q->filter_key && strcmp(key, q->filter_key) == 0) {
    free(key);
    return SQLITE_OK;
  }
  ds_query_reset(q);
  int missing = -1;
  int rc = ds_plan_apply(q, idxNum, idxStr, argc, argv, &missing);
  if (rc == SQLITE_OK && missing >= 0) {
    set_vtab_error(pCursor->pVtab, "%s: %s = is required", t->name, t->columns[missing].name);
    rc = SQLITE_ERROR;
  }
  if (rc == SQLITE_OK) rc = ds_query_layout(q);
  if (rc != SQLITE_OK) {
    free(key);
    return rc;
  }
  int served = ds_rows_serve(q, &rc);
  if (!served) {
    ds_docker_begin(q->ctx->docker);
    rc = t->generate(q);
  }
  if (q->oom) rc = SQLITE_NOMEM;
  if (rc != SQLITE_OK) {
    if (q->error)
      table_error(pCursor->pVtab, q);
    else if (rc != SQLITE_NOMEM)
      set_vtab_error(pCursor->pVtab, "%s: %s", t->name, sqlite3_errstr(rc));
    free(key);
    return rc;
  }
  q->filter_key = key;
  return SQLITE_OK;
}

static int ds_next(sqlite3_vtab_cursor *pCursor) {
  ((ds_cursor *)pCursor)->row++;
  return SQLITE_OK;
}

static int ds_eof(sqlite3_vtab_cursor *pCursor) {
  ds_cursor *cur = (ds_cursor *)pCursor;
  return cur->row >= cur->q.nrows;
}

static int ds_column_value(sqlite3_vtab_cursor *pCursor, sqlite3_context *ctx, int col) {
  ds_cursor *cur = (ds_cursor *)pCursor;
  const ds_query *q = &cur->q;
  if (col < 0 || col >= q->table->ncolumns || cur->row >= q->nrows || !q->slot ||
      q->slot[col] < 0) {
    sqlite3_result_null(ctx); /* a column the plan said it would not read */
    return SQLITE_OK;
  }
  const ds_cell *c = &q->cells[cur->row * (size_t)q->width + (size_t)q->slot[col]];
  switch (c->type) {
  case SQLITE_INTEGER:
    sqlite3_result_int64(ctx, c->v.i);
    break;
  case SQLITE_FLOAT:
    sqlite3_result_double(ctx, c->v.d);
    break;
  case SQLITE_TEXT:
    /* The cursor frees its rows on the next xFilter: SQLite must copy. */
    sqlite3_result_text(ctx, c->v.s, -1, SQLITE_TRANSIENT);
    break;
  default:
    sqlite3_result_null(ctx);
  }
  return SQLITE_OK;
}

static int ds_rowid(sqlite3_vtab_cursor *pCursor, sqlite3_int64 *pRowid) {
  *pRowid = (sqlite3_int64)((ds_cursor *)pCursor)->row + 1;
  return SQLITE_OK;
}

static sqlite3_module ds_module = {
    /* iVersion    */ 0,
    /* xCreate     */ 0, /* eponymous-only: no CREATE VIRTUAL TABLE */
    /* xConnect    */ ds_connect,
    /* xBestIndex  */ ds_plan_best_index,
    /* xDisconnect */ ds_disconnect,
    /* xDestroy    */ 0,
    /* xOpen       */ ds_open,
    /* xClose      */ ds_close,
    /* xFilter     */ ds_filter,
    /* xNext       */ ds_next,
    /* xEof        */ ds_eof,
    /* xColumn     */ ds_column_value,
    /* xRowid      */ ds_rowid,
    /* xUpdate     */ 0, /* read-only */
    /* xBegin      */ 0,
    /* xSync       */ 0,
    /* xCommit     */ 0,
    /* xRollback   */ 0,
    /* xFindMethod */ 0,
    /* xRename     */ 0,
    /* xSavepoint  */ 0,
    /* xRelease    */ 0,
    /* xRollbackTo */ 0,
    /* xShadowName */ 0,
#if SQLITE_VERSION_NUMBER >= 3044000
    /* xIntegrity  */ 0,
#endif
};

static void module_aux_free(void *p) {
  ds_module_aux *aux = p;
  ds_ctx_release(aux->ctx);
  free(aux);
}

const ds_table *ds_find_table(const char *name) {
  for (int i = 0; ds_all_tables[i]; i++) {
    if (sqlite3_stricmp(ds_all_tables[i]->name, name) == 0) return ds_all_tables[i];
  }
  return NULL;
}

/* Registers one table as an eponymous module sharing `ctx`. */
int ds_register_table(sqlite3 *db, ds_ctx *ctx, const ds_table *table, char **pzErr) {
  ds_module_aux *aux = malloc(sizeof(*aux));
  if (!aux) return SQLITE_NOMEM;
  aux->table = table;
  aux->ctx = ctx;
  ds_ctx_retain(ctx);
  /* On failure SQLite calls module_aux_free itself. */
  int rc = sqlite3_create_module_v2(db, table->name, &ds_module, aux, module_aux_free);
  if (rc != SQLITE_OK && pzErr)
    *pzErr = sqlite3_mprintf("cannot create module %s: %s", table->name, sqlite3_errmsg(db));
  return rc;
}

int ds_register_tables(sqlite3 *db, ds_ctx *ctx, char **pzErr) {
  /* Columns declared COLLATE VERSION need the collation to exist. */
  if (ds_register_version_functions(db) != SQLITE_OK) return SQLITE_ERROR;
  for (int i = 0; ds_all_tables[i]; i++) {
    int rc = ds_register_table(db, ctx, ds_all_tables[i], pzErr);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}
