/*
** vtab_query.c - the query object as a generator sees it (dockersec.h): its
** connection, the values pushed down for each column, its error, and the
** rows it emits.  Only the cells of columns the statement reads are kept.
*/
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "sql/ds_ctx.h"
#include "sql/ds_vtab.h"
#include "common/ds_util.h"

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
ds_rt_snapshot **ds_query_runtime_snapshot(const ds_query *q) {
  return &q->ctx->runtime;
}
sqlite3_int64 ds_query_cache_ttl_ms(const ds_query *q) {
  return q->ctx->config.cache_ttl_ms;
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

int ds_query_layout(ds_query *q) {
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

/* The current row's cell `col` emptied and typed `type`, or NULL (see
** current_cell). */
static ds_cell *typed_cell(ds_query *q, int col, unsigned char type) {
  ds_cell *c = current_cell(q, col);
  if (!c) return NULL;
  clear_cell(c);
  c->type = type;
  return c;
}

void ds_set_int(ds_query *q, int col, sqlite3_int64 value) {
  ds_cell *c = typed_cell(q, col, SQLITE_INTEGER);
  if (c) c->v.i = value;
}

void ds_set_double(ds_query *q, int col, double value) {
  ds_cell *c = typed_cell(q, col, SQLITE_FLOAT);
  if (c) c->v.d = value;
}

void ds_set_null(ds_query *q, int col) {
  ds_cell *c = current_cell(q, col);
  if (c) clear_cell(c);
}

void ds_query_reset(ds_query *q) {
  ds_rows_release(q); /* borrowed rows are the cache's to free */
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
