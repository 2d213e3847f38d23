/*
** vtab.c - the one generic virtual table behind every dockersec table.
**
** A table in tables/ is a ds_table: name, doc, columns, generator.  This file
** turns it into an eponymous, read-only, DIRECTONLY SQLite module:
**
**   xConnect   builds "CREATE TABLE x(col TYPE [HIDDEN] [COLLATE NOCASE], …)"
**              from the columns;
**   xBestIndex pushes `=` and `IN` on DS_INDEXED columns down to the
**              generator (IN all at once through sqlite3_vtab_in), records
**              which column each argv slot belongs to in idxStr, and refuses a
**              plan that lacks a DS_REQUIRED column;
**   xFilter    copies the pushed-down values, calls the generator once and
**              keeps the rows it emitted;
**   xColumn    serves cells from those rows.
**
** Constraints are never omitted: SQLite re-checks every one, so a generator
** may return a superset (e.g. Docker matches id prefixes).
*/
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "sql/ds_ctx.h"
#include "engine/ds_docker.h"
#include "common/ds_util.h"

/* One cell of a materialised row. */
typedef struct ds_cell {
  unsigned char type; /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT */
  union {
    sqlite3_int64 i;
    double d;
    char *s;
  } v;
} ds_cell;

/* The values pushed down for one column (one for =, several for IN). */
typedef struct ds_values {
  sqlite3_value **values;
  int n;
} ds_values;

struct ds_query {
  const ds_table *table;
  ds_ctx *ctx;
  sqlite3_uint64 col_used; /* colUsed from xBestIndex (bit 63: any col >= 63) */
  ds_values *constraints;  /* one entry per column                           */
  int *slot;               /* column -> its cell in a row, -1 when not read  */
  char *filter_key;        /* the plan and values of the rows held, or NULL  */
  int width;               /* cells per row: the columns the statement reads */
  ds_cell *cells;          /* nrows * width                                  */
  size_t nrows;
  size_t cap_rows;
  int oom;
  char *error;
};

typedef struct ds_vtab {
  sqlite3_vtab base; /* must be first */
  const ds_table *table;
  ds_ctx *ctx;
} ds_vtab;

typedef struct ds_cursor {
  sqlite3_vtab_cursor base; /* must be first */
  ds_query q;
  size_t row; /* index of the current row */
} ds_cursor;

/* pAux of each module: which table, and the connection's shared state. */
typedef struct ds_module_aux {
  const ds_table *table;
  ds_ctx *ctx;
} ds_module_aux;

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

static int is_pushable(const ds_column *c) {
  return (c->flags & (DS_INDEXED | DS_REQUIRED)) != 0;
}

/* ---- the query object, as seen by generators ------------------------------ */

ds_ctx *ds_query_ctx(const ds_query *q) {
  return q->ctx;
}
ds_docker *ds_query_docker(const ds_query *q) {
  return ds_ctx_docker(q->ctx);
}
const char *ds_query_root(const ds_query *q) {
  return ds_ctx_root(q->ctx);
}
int ds_query_reveal(const ds_query *q) {
  return q->ctx->config.reveal_secrets != 0;
}
const ds_docker *ds_query_docker_if_created(const ds_query *q) {
  return q->ctx->docker;
}
const char *ds_query_docker_host(const ds_query *q) {
  return q->ctx->config.docker_host;
}
const ds_table *ds_query_table(const ds_query *q) {
  return q->table;
}

int ds_query_uses(const ds_query *q, int col) {
  if (col >= 63) return (q->col_used & ((sqlite3_uint64)1 << 63)) != 0;
  return (q->col_used & ((sqlite3_uint64)1 << col)) != 0;
}

int ds_query_nvalues(const ds_query *q, int col) {
  if (!q->constraints || col < 0 || col >= q->table->ncolumns) return 0;
  return q->constraints[col].n;
}

static sqlite3_value *query_value(const ds_query *q, int col, int i) {
  if (i < 0 || i >= ds_query_nvalues(q, col)) return NULL;
  return q->constraints[col].values[i];
}

const char *ds_query_text(const ds_query *q, int col, int i) {
  sqlite3_value *v = query_value(q, col, i);
  return v ? (const char *)sqlite3_value_text(v) : NULL;
}

sqlite3_int64 ds_query_int(const ds_query *q, int col, int i) {
  sqlite3_value *v = query_value(q, col, i);
  return v ? sqlite3_value_int64(v) : 0;
}

int ds_query_is_null(const ds_query *q, int col, int i) {
  sqlite3_value *v = query_value(q, col, i);
  return !v || sqlite3_value_type(v) == SQLITE_NULL;
}

int ds_query_accepts_text(const ds_query *q, int col, const char *value) {
  int n = ds_query_nvalues(q, col);
  if (n == 0) return 1;
  if (!value) return 0;
  int nocase = (q->table->columns[col].flags & DS_NOCASE) != 0;
  for (int i = 0; i < n; i++) {
    const char *v = ds_query_text(q, col, i);
    if (v && (nocase ? sqlite3_stricmp(v, value) : strcmp(v, value)) == 0) return 1;
  }
  return 0;
}

int ds_query_accepts_int(const ds_query *q, int col, sqlite3_int64 value) {
  int n = ds_query_nvalues(q, col);
  if (n == 0) return 1;
  for (int i = 0; i < n; i++) {
    if (!ds_query_is_null(q, col, i) && ds_query_int(q, col, i) == value) return 1;
  }
  return 0;
}

int ds_error(ds_query *q, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = ds_vmprintf(fmt, ap);
  va_end(ap);
  free(q->error);
  q->error = msg;
  return SQLITE_ERROR;
}

/* ---- emitting rows --------------------------------------------------------- */

/* The cell `col` of the current row, or NULL when there is none or the
** statement never reads that column (colUsed): SQLite asks xColumn only for
** columns it uses, so a row holds only those and the value of any other one
** is dropped rather than copied - a pack check reading 3 of 60 columns
** stores 3. */
static ds_cell *current_cell(ds_query *q, int col) {
  if (q->nrows == 0 || col < 0 || col >= q->table->ncolumns || !q->slot || q->slot[col] < 0)
    return NULL;
  return &q->cells[(q->nrows - 1) * (size_t)q->width + (size_t)q->slot[col]];
}

/* Lays out a row: one cell per column the statement reads. */
static int plan_row(ds_query *q) {
  q->slot = malloc((size_t)q->table->ncolumns * sizeof(int));
  if (!q->slot) return SQLITE_NOMEM;
  q->width = 0;
  for (int c = 0; c < q->table->ncolumns; c++)
    q->slot[c] = ds_query_uses(q, c) ? q->width++ : -1;
  return SQLITE_OK;
}

static void clear_cell(ds_cell *c) {
  if (c->type == SQLITE_TEXT) free(c->v.s);
  c->type = SQLITE_NULL;
}

int ds_row_new(ds_query *q) {
  size_t ncol = (size_t)q->width;
  if (q->nrows == q->cap_rows) {
    size_t cap = q->cap_rows ? q->cap_rows * 2 : 64;
    ds_cell *cells = realloc(q->cells, cap * (ncol ? ncol : 1) * sizeof(ds_cell));
    if (!cells) {
      q->oom = 1;
      return SQLITE_NOMEM;
    }
    q->cells = cells;
    q->cap_rows = cap;
  }
  memset(&q->cells[q->nrows * ncol], 0, ncol * sizeof(ds_cell));
  q->nrows++;
  return SQLITE_OK;
}

void ds_set_text_owned(ds_query *q, int col, char *value) {
  ds_cell *c = current_cell(q, col);
  if (!c) {
    free(value);
    return;
  }
  clear_cell(c);
  if (value) {
    c->type = SQLITE_TEXT;
    c->v.s = value;
  }
}

void ds_set_textn(ds_query *q, int col, const char *value, size_t n) {
  if (!current_cell(q, col)) return; /* no row, or a column nobody reads */
  if (!value) {
    ds_set_null(q, col);
    return;
  }
  char *copy = ds_strndup(value, n);
  if (!copy) q->oom = 1;
  ds_set_text_owned(q, col, copy);
}

void ds_set_text(ds_query *q, int col, const char *value) {
  ds_set_textn(q, col, value, value ? strlen(value) : 0);
}

void ds_set_int(ds_query *q, int col, sqlite3_int64 value) {
  ds_cell *c = current_cell(q, col);
  if (!c) return;
  clear_cell(c);
  c->type = SQLITE_INTEGER;
  c->v.i = value;
}

void ds_set_double(ds_query *q, int col, double value) {
  ds_cell *c = current_cell(q, col);
  if (!c) return;
  clear_cell(c);
  c->type = SQLITE_FLOAT;
  c->v.d = value;
}

void ds_set_null(ds_query *q, int col) {
  ds_cell *c = current_cell(q, col);
  if (c) clear_cell(c);
}

static void query_reset(ds_query *q) {
  size_t ncell = q->nrows * (size_t)q->width;
  for (size_t i = 0; i < ncell; i++)
    clear_cell(&q->cells[i]);
  free(q->cells);
  q->cells = NULL;
  free(q->slot);
  q->slot = NULL;
  q->width = 0;
  q->nrows = q->cap_rows = 0;
  if (q->constraints) {
    for (int c = 0; c < q->table->ncolumns; c++) {
      for (int i = 0; i < q->constraints[c].n; i++)
        sqlite3_value_free(q->constraints[c].values[i]);
      free(q->constraints[c].values);
    }
    free(q->constraints);
    q->constraints = NULL;
  }
  free(q->error);
  q->error = NULL;
  q->oom = 0;
  free(q->filter_key);
  q->filter_key = NULL;
}

/* ---- module methods -------------------------------------------------------- */

static char *build_schema(const ds_table *t) {
  ds_buf b = {0};
  ds_buf_puts(&b, "CREATE TABLE x(");
  for (int i = 0; i < t->ncolumns; i++) {
    const ds_column *c = &t->columns[i];
    ds_buf_printf(&b, "%s\"%s\" %s%s%s", i ? ", " : "", c->name, ds_type_name(c->type),
                  (c->flags & DS_HIDDEN) ? " HIDDEN" : "",
                  (c->flags & DS_NOCASE) ? " COLLATE NOCASE" : "");
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

static int col_used(sqlite3_uint64 used, int col) {
  return (used & ((sqlite3_uint64)1 << (col < 63 ? col : 63))) != 0;
}

/* The statement being prepared reads this table: its fixed endpoints are
** hinted to the client so they go out with the first requests the
** statement sends (see ds_prefetch).  Nothing is sent here. */
static void prefetch_endpoints(ds_vtab *vt, sqlite3_uint64 used) {
  for (const ds_prefetch *p = vt->table->prefetch; p && p->path; p++) {
    if (p->column >= 0 && !col_used(used, p->column)) continue;
    ds_docker *d = ds_ctx_docker(vt->ctx);
    if (d) ds_docker_prefetch(d, p->path);
  }
}

/*
** Plans a scan.  Each usable `=` (or IN) on a pushable column gets the next
** argv slot; idxStr lists the column numbers of the slots, comma-separated,
** so xFilter knows what each argv is ("" for a full scan).  idxNum counts the
** slots.  A required column with only unusable constraints returns
** SQLITE_CONSTRAINT so the planner tries another join order.  With no
** constraint at all the plan is kept but priced out of reach and marked, and
** xFilter raises "<table>: <column> = is required" if it is ever run: an error
** here instead would abort plans the planner was only trying (e.g. one term
** of an OR), while a better plan existed.
*/
static int ds_best_index(sqlite3_vtab *pVtab, sqlite3_index_info *info) {
  ds_vtab *vt = (ds_vtab *)pVtab;
  const ds_table *t = vt->table;
  int nargs = 0;
  ds_buf idx = {0};
  unsigned char *seen_usable = calloc((size_t)t->ncolumns, 1);
  unsigned char *seen_any = calloc((size_t)t->ncolumns, 1);
  if (!seen_usable || !seen_any) {
    free(seen_usable);
    free(seen_any);
    return SQLITE_NOMEM;
  }
  for (int i = 0; i < info->nConstraint; i++) {
    const struct sqlite3_index_constraint *c = &info->aConstraint[i];
    if (c->iColumn < 0 || c->iColumn >= t->ncolumns) continue;
    if (c->op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
    if (!is_pushable(&t->columns[c->iColumn])) continue;
    seen_any[c->iColumn] = 1;
    if (!c->usable || seen_usable[c->iColumn]) continue;
    seen_usable[c->iColumn] = 1;
    info->aConstraintUsage[i].argvIndex = ++nargs;
    info->aConstraintUsage[i].omit = 0;
    /* IN lists arrive whole ("<col>i" in idxStr) so a generator can fetch
    ** every listed id in one concurrent batch. */
    int whole_in = sqlite3_vtab_in(info, i, -1) && sqlite3_vtab_in(info, i, 1);
    ds_buf_printf(&idx, "%s%d%s", nargs > 1 ? "," : "", c->iColumn, whole_in ? "i" : "");
  }
  int rc = SQLITE_OK, missing = -1;
  for (int col = 0; col < t->ncolumns && rc == SQLITE_OK; col++) {
    if (!(t->columns[col].flags & DS_REQUIRED) || seen_usable[col]) continue;
    if (seen_any[col])
      rc = SQLITE_CONSTRAINT;
    else if (missing < 0)
      missing = col;
  }
  free(seen_usable);
  free(seen_any);
  if (rc == SQLITE_OK && ds_buf_failed(&idx)) rc = SQLITE_NOMEM;
  if (rc == SQLITE_OK && nargs) {
    info->idxStr = sqlite3_mprintf("%s", idx.data);
    info->needToFreeIdxStr = 1;
    if (!info->idxStr) rc = SQLITE_NOMEM;
  }
  ds_buf_free(&idx);
  if (rc != SQLITE_OK) return rc;
  info->idxNum = nargs;
  /* Each pushed constraint makes the scan far cheaper: steer the planner to
  ** feed ids into these tables rather than scanning them. */
  double cost = 1e6;
  for (int i = 0; i < nargs; i++)
    cost /= 100.0;
  info->estimatedCost = missing >= 0 ? 1e300 : cost;
  info->estimatedRows = nargs ? 10 : (t->rows > 0 ? t->rows : 1000);
  prefetch_endpoints(vt, info->colUsed);
  /* Pass colUsed and the missing required column (-1: none) to xFilter:
  ** encoded after the argv map as ";<colUsed hex>;<column>". */
  char *with_used = sqlite3_mprintf("%s;%llx;%d", info->idxStr ? info->idxStr : "",
                                    (unsigned long long)info->colUsed, missing);
  if (!with_used) return SQLITE_NOMEM;
  if (info->needToFreeIdxStr) sqlite3_free(info->idxStr);
  info->idxStr = with_used;
  info->needToFreeIdxStr = 1;
  return SQLITE_OK;
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
  query_reset(&cur->q);
  sqlite3_free(cur);
  return SQLITE_OK;
}

/* Copies one argv value, or every value of an all-at-once IN list. */
static int collect_values(ds_values *dst, sqlite3_value *arg, int whole_in) {
  sqlite3_value *v = NULL;
  int rc = whole_in ? sqlite3_vtab_in_first(arg, &v) : SQLITE_ERROR;
  if (rc != SQLITE_OK && rc != SQLITE_DONE) { /* a single value */
    sqlite3_value **a = realloc(dst->values, sizeof(*a) * (size_t)(dst->n + 1));
    if (!a) return SQLITE_NOMEM;
    dst->values = a;
    if (!(a[dst->n] = sqlite3_value_dup(arg))) return SQLITE_NOMEM;
    dst->n++;
    return SQLITE_OK;
  }
  for (; rc == SQLITE_OK && v; rc = sqlite3_vtab_in_next(arg, &v)) {
    sqlite3_value **a = realloc(dst->values, sizeof(*a) * (size_t)(dst->n + 1));
    if (!a) return SQLITE_NOMEM;
    dst->values = a;
    if (!(a[dst->n] = sqlite3_value_dup(v))) return SQLITE_NOMEM;
    dst->n++;
  }
  return (rc == SQLITE_OK || rc == SQLITE_DONE) ? SQLITE_OK : rc;
}

/* The plan and the values of one xFilter call as one string, to tell a
** repeat; NULL when it cannot be told (an IN list handed whole, no memory). */
static char *filter_key(int idxNum, const char *idxStr, int argc, sqlite3_value **argv) {
  if (idxStr && strchr(idxStr, 'i')) return NULL;
  ds_buf b = {0};
  ds_buf_printf(&b, "%d|%s", idxNum, idxStr ? idxStr : "");
  for (int i = 0; i < argc; i++) {
    int type = sqlite3_value_type(argv[i]);
    const void *v = type == SQLITE_BLOB ? sqlite3_value_blob(argv[i])
                                        : (const void *)sqlite3_value_text(argv[i]);
    int n = sqlite3_value_bytes(argv[i]);
    ds_buf_printf(&b, "|%d:%d:", type, n);
    if (v && n > 0) ds_buf_append(&b, v, (size_t)n);
  }
  return ds_buf_take(&b); /* NULL when out of memory: no repeat is told */
}

/* Copies the pushed-down values, reads colUsed and lays out the rows. */
static int filter_setup(sqlite3_vtab_cursor *pCursor, int idxNum, const char *idxStr, int argc,
                        sqlite3_value **argv) {
  ds_query *q = &((ds_cursor *)pCursor)->q;
  const ds_table *t = q->table;
  q->constraints = calloc((size_t)t->ncolumns, sizeof(ds_values));
  if (!q->constraints) return SQLITE_NOMEM;

  /* idxStr = "<col>[i],<col>[i],…;<colUsed hex>;<missing required column>"
  ** (see ds_best_index). */
  const char *p = idxStr ? idxStr : "";
  for (int i = 0; i < idxNum && i < argc; i++) {
    char *end;
    long col = strtol(p, &end, 10);
    if (end == p || col < 0 || col >= t->ncolumns) break;
    int whole_in = *end == 'i';
    if (whole_in) end++;
    int rc = collect_values(&q->constraints[col], argv[i], whole_in);
    if (rc != SQLITE_OK) return rc;
    p = (*end == ',') ? end + 1 : end;
  }
  const char *semi = idxStr ? strchr(idxStr, ';') : NULL;
  char *end = NULL;
  q->col_used = semi ? strtoull(semi + 1, &end, 16) : ~(sqlite3_uint64)0;
  long missing = end && *end == ';' ? strtol(end + 1, NULL, 10) : -1;
  if (missing >= 0 && missing < t->ncolumns) {
    set_vtab_error(pCursor->pVtab, "%s: %s = is required", t->name, t->columns[missing].name);
    return SQLITE_ERROR;
  }

  return plan_row(q);
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
  char *key = filter_key(idxNum, idxStr, argc, argv);
  if (key && q->filter_key && strcmp(key, q->filter_key) == 0) {
    free(key);
    return SQLITE_OK;
  }
  query_reset(q);
  int rc = filter_setup(pCursor, idxNum, idxStr, argc, argv);
  if (rc != SQLITE_OK) {
    free(key);
    return rc;
  }
  ds_docker_begin(q->ctx->docker);
  rc = t->generate(q);
  if (q->oom) rc = SQLITE_NOMEM;
  if (rc != SQLITE_OK) {
    if (q->error)
      set_vtab_error(pCursor->pVtab, "%s: %s", t->name, q->error);
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
    /* xBestIndex  */ ds_best_index,
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
  for (int i = 0; ds_all_tables[i]; i++) {
    int rc = ds_register_table(db, ctx, ds_all_tables[i], pzErr);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}
