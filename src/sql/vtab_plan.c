/*
** vtab_plan.c - planning a scan of a dockersec table.  xBestIndex pushes `=`
** and `IN` on DS_INDEXED columns down to the generator (IN all at once
** through sqlite3_vtab_in), writes which column each argv slot belongs to,
** colUsed and a missing DS_REQUIRED column into idxStr; ds_plan_apply reads
** that string back in xFilter.  Constraints are never omitted: SQLite
** re-checks every one, so a generator may return a superset.
*/
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "sql/ds_ctx.h"
#include "sql/ds_vtab.h"
#include "engine/ds_docker.h"
#include "common/ds_util.h"

static int is_pushable(const ds_column *c) {
  return (c->flags & (DS_INDEXED | DS_REQUIRED)) != 0;
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
int ds_plan_best_index(sqlite3_vtab *pVtab, sqlite3_index_info *info) {
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

int ds_plan_apply(ds_query *q, int idxNum, const char *idxStr, int argc, sqlite3_value **argv,
                  int *missing) {
  const ds_table *t = q->table;
  *missing = -1;
  q->constraints = calloc((size_t)t->ncolumns, sizeof(ds_values));
  if (!q->constraints) return SQLITE_NOMEM;

  /* idxStr = "<col>[i],<col>[i],…;<colUsed hex>;<missing required column>"
  ** (see ds_plan_best_index). */
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
  long col = end && *end == ';' ? strtol(end + 1, NULL, 10) : -1;
  if (col >= 0 && col < t->ncolumns) *missing = (int)col;
  return SQLITE_OK;
}

/* Appends "<sep><n>" without printf: the key is built on every xFilter,
** once per outer row of a join, and printf was most of its cost. */
static void append_int(ds_buf *b, char sep, long long n) {
  char t[24], *p = t + sizeof(t);
  unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (n < 0) *--p = '-';
  *--p = sep;
  ds_buf_append(b, p, (size_t)(t + sizeof(t) - p));
}

char *ds_plan_key(int idxNum, const char *idxStr, int argc, sqlite3_value **argv) {
  if (idxStr && strchr(idxStr, 'i')) return NULL;
  ds_buf b = {0};
  append_int(&b, '#', idxNum);
  ds_buf_append(&b, "|", 1);
  if (idxStr) ds_buf_puts(&b, idxStr);
  for (int i = 0; i < argc; i++) {
    int type = sqlite3_value_type(argv[i]);
    const void *v = type == SQLITE_BLOB ? sqlite3_value_blob(argv[i])
                                        : (const void *)sqlite3_value_text(argv[i]);
    int n = sqlite3_value_bytes(argv[i]);
    append_int(&b, '|', type);
    append_int(&b, ':', n);
    ds_buf_append(&b, ":", 1);
    if (v && n > 0) ds_buf_append(&b, v, (size_t)n);
  }
  return ds_buf_take(&b); /* NULL when out of memory: no repeat is told */
}
