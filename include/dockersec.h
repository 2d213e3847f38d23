/*
** dockersec.h - the contract between the generic virtual-table engine
** (src/sql/vtab.c) and the tables (the files under tables/).
**
** A table is data: a name, a one-line doc, an array of columns and one row
** generator.  The engine builds the CREATE TABLE text, plans constraint
** push-down, runs the generator once per xFilter and serves the rows it
** emitted.  A generator never sees SQLite's vtab structures; it reads the
** pushed-down values through ds_query_* and emits cells through ds_row_* /
** ds_set_*.
**
** Every source file includes this header, so sqlite3ext.h with
** SQLITE_EXTENSION_INIT3 lets the same objects build the loadable .so (calls
** go through sqlite3_api) and, compiled with -DSQLITE_CORE, the static CLI.
*/
#ifndef DOCKERSEC_H
#define DOCKERSEC_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

/* The version (`git describe` at build time, src/common/version.c). */
const char *ds_version(void);

#define DS_COUNT(a)  ((int)(sizeof(a) / sizeof((a)[0])))
#define DS_UNUSED(x) (void)(x)

/* Column types, spelled in the schema as osquery spells them. */
typedef enum { DS_TEXT, DS_INTEGER, DS_BIGINT, DS_DOUBLE } ds_type;
/* The SQL type name of `t` in the CREATE TABLE text and the docs: "TEXT",
** "INTEGER", "BIGINT" or "DOUBLE". */
const char *ds_type_name(ds_type t);

/* Column flags. */
enum {
  DS_HIDDEN = 1 << 0,   /* not returned by SELECT * (osquery: hidden)           */
  DS_INDEXED = 1 << 1,  /* = and IN are pushed down to the generator            */
  DS_REQUIRED = 1 << 2, /* the query must constrain it with = or IN (implies    */
                        /* DS_INDEXED)                                           */
  DS_NOCASE = 1 << 3,   /* COLLATE NOCASE (osquery's [nocase] ids)               */
  DS_VERSION = 1 << 4,  /* COLLATE VERSION (osquery's [version]; src/sql/        */
                        /* functions_version.c)                                  */
};

typedef struct ds_column {
  const char *name;
  ds_type type;
  const char *doc; /* one line, for `dockersec schema` and docs/tables.md */
  unsigned flags;
} ds_column;

typedef struct ds_query ds_query;
typedef struct ds_ctx ds_ctx;

/*
** The row generator: emits every row matching the pushed-down constraints
** (it may emit more; SQLite re-checks every constraint).  Returns SQLITE_OK,
** or an error code after ds_error() set the message.
*/
typedef int (*ds_generate_fn)(ds_query *q);

/*
** A fixed Docker endpoint a table reads (e.g. "/info").  When a statement
** using the table is prepared, the endpoint is asked ahead: it goes out
** together with the statement's first requests (the container list, the
** inspects) instead of on its own, later.  `column` >= 0: only when the
** statement reads that column; -1: whenever the table is used.
*/
typedef struct ds_prefetch {
  const char *path;
  int column;
} ds_prefetch;

typedef struct ds_table {
  const char *name;
  const char *doc; /* one sentence, ending with a period */
  const ds_column *columns;
  int ncolumns;
  ds_generate_fn generate;
  const char *example;         /* an example query for the docs, may be NULL */
  const ds_prefetch *prefetch; /* ended by {NULL}; may be NULL              */
  /* Rows of an unconstrained scan when always few (docker_info: 1), else 0.
  ** The planner then scans the table once, outside a join's loop, instead
  ** of once per row of the other side. */
  int rows;
  /* 1 when a scan's rows may be kept for the snapshot (cache_ttl_ms) and
  ** reused by a later scan with the same pushed-down values (not a lookup by
  ** id): generated with every column (src/sql/vtab_rows.c).  For a generator
  ** whose source is itself read once per snapshot and whose rows cost work
  ** to build - `containers`, which every check reading all_containers scans.
  ** 0: every xFilter runs the generator. */
  int snapshot_rows;
} ds_table;

/* ---- what a generator may ask about its query --------------------------- */

ds_ctx *ds_query_ctx(const ds_query *q);
/* What a generator needs from its connection, so tables never reach into
** ds_ctx (src/sql/ds_ctx.h): the Docker client of the connection (created on
** first use with the current settings), the host root prefix ("" for "/",
** never ending in '/'), and whether the user asked to see secret values
** (dockersec_config('reveal_secrets', 1)). */
typedef struct ds_docker ds_docker;
ds_docker *ds_query_docker(const ds_query *q);
const char *ds_query_root(const ds_query *q);
int ds_query_reveal(const ds_query *q);
/* The client only if one was created already (reading counters must not
** create one), and the configured DOCKER_HOST text. */
const ds_docker *ds_query_docker_if_created(const ds_query *q);
const char *ds_query_docker_host(const ds_query *q);
const ds_table *ds_query_table(const ds_query *q);
/* The connection's snapshot of runtime state (src/runtime owns what the slot
** holds) and how long a snapshot lives (cache_ttl_ms; 0: none is kept). */
typedef struct ds_rt_snapshot ds_rt_snapshot;
ds_rt_snapshot **ds_query_runtime_snapshot(const ds_query *q);
sqlite3_int64 ds_query_cache_ttl_ms(const ds_query *q);
/* 1 when the statement reads column `col` (from sqlite3_index_info.colUsed):
** generators skip expensive sources (e.g. container inspect) otherwise. */
int ds_query_uses(const ds_query *q, int col);
/* Number of values pushed down for `col` (= gives 1, IN gives n); 0 when the
** column is unconstrained. */
int ds_query_nvalues(const ds_query *q, int col);
/* The i-th pushed-down value, as text (NULL for SQL NULL) or integer. */
const char *ds_query_text(const ds_query *q, int col, int i);
sqlite3_int64 ds_query_int(const ds_query *q, int col, int i);
int ds_query_is_null(const ds_query *q, int col, int i);
/* 1 when `value` is one of the pushed-down values of `col`, or when `col` is
** unconstrained: a cheap pre-filter for generators. */
int ds_query_accepts_text(const ds_query *q, int col, const char *value);
int ds_query_accepts_int(const ds_query *q, int col, sqlite3_int64 value);

/* Sets the error message ("<table>: " is prefixed by the engine) and returns
** SQLITE_ERROR, so a generator can `return ds_error(q, "...")`. */
int ds_error(ds_query *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- emitting rows ----------------------------------------------------- */

/* Starts a new row whose cells are all NULL. */
int ds_row_new(ds_query *q);
/* Set a cell of the current row.  Text is copied. */
void ds_set_text(ds_query *q, int col, const char *value);
void ds_set_textn(ds_query *q, int col, const char *value, size_t n);
void ds_set_int(ds_query *q, int col, sqlite3_int64 value);
void ds_set_double(ds_query *q, int col, double value);
void ds_set_null(ds_query *q, int col);
/* Takes ownership of a malloc'd string (avoids a copy). */
void ds_set_text_owned(ds_query *q, int col, char *value);

/* ---- registry ---------------------------------------------------------- */

/* Every table, NULL-terminated, in the order of tables/ (generated list). */
extern const ds_table *const ds_all_tables[];
const ds_table *ds_find_table(const char *name);

/* Registers every table and the dockersec_* functions on `db`.  A table's
** error can quote an engine's answer or a container's name: ds_register
** shows its control bytes escaped (common/ds_sanitize.h), since a host such
** as the sqlite3 shell prints errors as they are; ds_register_raw leaves
** them raw, for a host that escapes at its own outputs (the dockersec CLI,
** so nothing is escaped twice). */
int ds_register(sqlite3 *db, char **pzErr);
int ds_register_raw(sqlite3 *db, char **pzErr);
/* 1 when `name` is one of the runtime-agnostic TEMP VIEWs (all_containers
** and its child views): each reads its docker_* table only when an engine
** answers, so reading it needs no engine. */
int ds_runtime_agnostic_view(const char *name);
/* Registers the modules only, sharing `ctx` (src/sql/vtab.c); one table alone
** is for tests that declare their own. */
int ds_register_tables(sqlite3 *db, ds_ctx *ctx, char **pzErr);
int ds_register_table(sqlite3 *db, ds_ctx *ctx, const ds_table *table, char **pzErr);

/* The loadable extension's entry point (`.load ./build/dockersec`). */
int sqlite3_dockersec_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

#endif
