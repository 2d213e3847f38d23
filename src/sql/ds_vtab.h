/*
** ds_vtab.h - private to src/sql/vtab*.c: the query object behind the
** ds_query_* and ds_set_* calls of dockersec.h, the vtab and cursor structs,
** and what the three files of the generic virtual table share:
**
**   vtab.c        the module: xConnect (schema), cursors, xFilter, xColumn,
**                 registration;
**   vtab_plan.c   planning: xBestIndex writes the plan into idxStr, and
**                 ds_plan_apply reads it back in xFilter (one home for the
**                 idxStr format);
**   vtab_query.c  the query as generators see it: pushed-down values,
**                 errors, emitting rows.
*/
#ifndef DS_VTAB_H
#define DS_VTAB_H

#include "dockersec.h"

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

/* Rows kept for reuse within the snapshot (vtab_rows.c), shared by the
** cursors that read them. */
typedef struct ds_rows_entry ds_rows_entry;

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
  ds_rows_entry *borrowed; /* cells belong to this cached entry, not to q */
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

/* vtab_query.c */
/* Frees the rows, the pushed-down values and the error of the last xFilter. */
void ds_query_reset(ds_query *q);
/* Lays out a row: one cell per column the statement reads (colUsed). */
int ds_query_layout(ds_query *q);

/* vtab_rows.c */
/* For a table that keeps its rows (snapshot_rows): answers q from the
** connection's one unconstrained generation per snapshot (made now if none
** is fresh): returns 1 with *rc the outcome, or 0 when the table does not
** keep rows (or no snapshot lifetime is set) and its generator must run. */
int ds_rows_serve(ds_query *q, int *rc);
/* Drops q's hold on borrowed rows. */
void ds_rows_release(ds_query *q);
/* Frees every kept entry (a setting changed, or the connection closes). */
void ds_rows_clear(ds_ctx *ctx);

/* vtab_plan.c */
/* xBestIndex. */
int ds_plan_best_index(sqlite3_vtab *pVtab, sqlite3_index_info *info);
/* In xFilter: copies the pushed-down values of argv into q->constraints and
** sets q->col_used, as the plan in idxStr says.  *missing is the required
** column the query did not constrain (-1: none), an error for the caller. */
int ds_plan_apply(ds_query *q, int idxNum, const char *idxStr, int argc, sqlite3_value **argv,
                  int *missing);
/* The plan and the values of one xFilter call as one string, to tell a
** repeat; NULL when it cannot be told (an IN list handed whole, no memory). */
char *ds_plan_key(int idxNum, const char *idxStr, int argc, sqlite3_value **argv);

#endif
