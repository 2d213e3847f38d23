/*
** vtab_rows.c - rows kept for the snapshot, for tables that say so
** (ds_table.snapshot_rows): the runtime tables.
**
** A pack reads `containers` through all_containers in a dozen checks, each
** asking for other columns but with the same constraint (listed_by_engine =
** 0).  Its source is read once per snapshot already (src/runtime/snapshot.c),
** but building the rows - capability lists, derived settings - was redone by
** every check.  So such a table's scan is generated with every column and
** kept for cache_ttl_ms, keyed by its pushed-down values, and a later scan
** with the same values borrows the rows.  A lookup by `id` (a join's inner
** side: one container per call) is not kept: each is cheap, and there are as
** many keys as containers.
*/
#include <stdlib.h>
#include <string.h>

#include "sql/ds_ctx.h"
#include "sql/ds_vtab.h"
#include "engine/ds_docker.h"
#include "common/ds_util.h"

#define MAX_ENTRIES 16 /* scans kept per connection: a pack has a few */

struct ds_rows_entry {
  struct ds_rows_entry *next;
  const ds_table *table;
  char *key; /* the pushed-down values */
  sqlite3_int64 read_ms;
  int refs; /* the cache's and each borrowing cursor's */
  int width;
  ds_cell *cells;
  size_t nrows;
};

static void unref(ds_rows_entry *e) {
  if (!e || --e->refs > 0) return;
  size_t ncell = e->nrows * (size_t)e->width;
  for (size_t i = 0; i < ncell; i++)
    if (e->cells[i].type == SQLITE_TEXT) free(e->cells[i].v.s);
  free(e->cells);
  free(e->key);
  free(e);
}

void ds_rows_clear(ds_ctx *ctx) {
  while (ctx->rows) {
    ds_rows_entry *e = ctx->rows;
    ctx->rows = e->next;
    unref(e);
  }
}

/* Drops stale entries and, past MAX_ENTRIES, the oldest. */
static void prune(ds_ctx *ctx) {
  sqlite3_int64 now = ds_now_ms();
  int kept = 0;
  for (ds_rows_entry **p = &ctx->rows; *p;) {
    ds_rows_entry *e = *p;
    if (now - e->read_ms >= ctx->config.cache_ttl_ms || kept >= MAX_ENTRIES) {
      *p = e->next;
      unref(e);
    } else {
      kept++;
      p = &e->next;
    }
  }
}

/* The pushed-down values as text, or NULL when the scan is not kept: a
** lookup by id, or no memory. */
static char *values_key(const ds_query *q) {
  ds_buf b = {0};
  ds_buf_puts(&b, "");
  for (int col = 0; col < q->table->ncolumns; col++) {
    int n = ds_query_nvalues(q, col);
    if (n == 0) continue;
    if (strcmp(q->table->columns[col].name, "id") == 0) {
      ds_buf_free(&b);
      return NULL;
    }
    ds_buf_printf(&b, "%d:", col);
    for (int i = 0; i < n; i++) {
      const char *v = ds_query_is_null(q, col, i) ? "\x01" : ds_query_text(q, col, i);
      ds_buf_printf(&b, "%zu:%s,", strlen(v ? v : ""), v ? v : "");
    }
  }
  return ds_buf_take(&b);
}

static void borrow(ds_query *q, ds_rows_entry *e) {
  e->refs++;
  q->borrowed = e;
  q->cells = e->cells;
  q->nrows = q->cap_rows = e->nrows;
}

int ds_rows_serve(ds_query *q, int *rc) {
  *rc = SQLITE_OK;
  if (!q->table->snapshot_rows || q->ctx->config.cache_ttl_ms <= 0) return 0;
  char *key = values_key(q);
  if (!key) return 0;
  /* Every column, so one generation serves every statement's columns. */
  q->col_used = ~(sqlite3_uint64)0;
  free(q->slot);
  q->slot = NULL;
  if ((*rc = ds_query_layout(q)) != SQLITE_OK) {
    free(key);
    return 1;
  }
  prune(q->ctx);
  for (ds_rows_entry *e = q->ctx->rows; e; e = e->next)
    if (e->table == q->table && strcmp(e->key, key) == 0) {
      free(key);
      borrow(q, e);
      return 1;
    }
  ds_docker_begin(q->ctx->docker);
  *rc = q->table->generate(q);
  if (q->oom) *rc = SQLITE_NOMEM;
  ds_rows_entry *e = *rc == SQLITE_OK ? calloc(1, sizeof(*e)) : NULL;
  if (!e) {
    free(key); /* an error, or not kept: the rows stay the cursor's own */
    return 1;
  }
  *e = (ds_rows_entry){.next = q->ctx->rows,
                       .table = q->table,
                       .key = key,
                       .read_ms = ds_now_ms(),
                       .refs = 1,
                       .width = q->width,
                       .cells = q->cells,
                       .nrows = q->nrows};
  q->ctx->rows = e;
  q->cells = NULL;
  borrow(q, e);
  return 1;
}

void ds_rows_release(ds_query *q) {
  if (!q->borrowed) return;
  unref(q->borrowed);
  q->borrowed = NULL;
  q->cells = NULL;
  q->nrows = q->cap_rows = 0;
}
