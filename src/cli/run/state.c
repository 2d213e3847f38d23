/*
** state.c - differential results in a SQLite state file (see state.h).
**
** Tables:
**   meta(key PRIMARY KEY, value)        format = dockersec-state-1
**   queries(name PRIMARY KEY, epoch, counter, unix_time)
**   rows(name, row, n, PRIMARY KEY(name, row))   row = canonical JSON of the
**                                               columns, n = how many times
** The current run's rows go to a temporary table and the differences are two
** joins, so a query with many rows costs no more than a few SQL statements.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/ds_safefile.h"
#include "common/ds_sanitize.h"
#include "common/ds_util.h"
#include "cli/run/state.h"

#define STATE_FORMAT    "dockersec-state-1"
#define BUSY_TIMEOUT_MS 120000

struct ds_state {
  sqlite3 *db;
  char *path;
};

static const char *const schema_sql =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS queries(name TEXT PRIMARY KEY, epoch INTEGER NOT NULL,"
    "  counter INTEGER NOT NULL, unix_time INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS rows(name TEXT NOT NULL, row TEXT NOT NULL,"
    "  n INTEGER NOT NULL, PRIMARY KEY(name, row)) WITHOUT ROWID;"
    "INSERT OR IGNORE INTO meta VALUES('format', '" STATE_FORMAT "');";

void ds_calendar_time(long long unix_time, char *out, size_t outsz) {
  time_t t = (time_t)unix_time;
  struct tm tm;
  gmtime_r(&t, &tm);
  /* asctime's layout ("%a %b %e %H:%M:%S %Y"), without its newline. */
  char base[40];
  strftime(base, sizeof(base), "%a %b %e %H:%M:%S %Y", &tm);
  snprintf(out, outsz, "%s UTC", base);
}

/* ---- opening ------------------------------------------------------------- */

static int exec(sqlite3 *db, const char *sql, char **err) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return 0;
  *err = ds_strdup(msg ? msg : sqlite3_errmsg(db));
  sqlite3_free(msg);
  return -1;
}

/* 1 when the database holds tables but is not a dockersec state file. */
static int foreign_database(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  int tables = 0, ours = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT count(*), count(*) FILTER (WHERE name = 'meta') "
                         "FROM sqlite_schema WHERE type = 'table'",
                         -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    tables = sqlite3_column_int(st, 0);
    ours = sqlite3_column_int(st, 1);
  }
  sqlite3_finalize(st);
  if (tables == 0) return 0;
  if (!ours) return 1;
  int match = 0;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'format'", -1, &st, NULL) ==
          SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    const char *v = (const char *)sqlite3_column_text(st, 0);
    match = v && strcmp(v, STATE_FORMAT) == 0;
  }
  sqlite3_finalize(st);
  return !match;
}

/*
** The files SQLite creates beside the database itself, by name: the rollback
** journal (FILE-journal) on every write, FILE-wal and FILE-shm were the file
** ever in WAL mode.  Whoever can write the directory can plant a symlink
** there for the next run to write through (as root: into any file).  None
** of them is ever a symlink of ours, so one found is refused, for any user;
** a symlink planted after this check meets SQLite's unix VFS, which opens
** every file with O_NOFOLLOW (the open fails, nothing is written).
** The journal stays a rollback journal on disk (journal_mode DELETE, set on
** every open): MEMORY or OFF would leave a state file half-written by a
** crash, and WAL adds a second predictable file and shared memory for no
** gain here; concurrent runs keep taking turns on the database's lock.
*/
static const char *const journal_suffixes[] = {"-journal", "-wal", "-shm", NULL};

static int check_state_files(const char *path, char **err) {
  char *bad = NULL;
  /* Findings are evidence about the host: the file is the owner's only. */
  int rc = ds_safe_check_target(path, &bad);
  for (int i = 0; rc == 0 && journal_suffixes[i]; i++) {
    char *sibling = ds_mprintf("%s%s", path, journal_suffixes[i]);
    rc = sibling ? ds_safe_check_strict(sibling, &bad) : -1;
    free(sibling);
  }
  if (rc != 0) *err = ds_mprintf("--state %s", bad ? bad : "out of memory");
  free(bad);
  return rc;
}

ds_state *ds_state_open(const char *path, char **err) {
  *err = NULL;
  if (check_state_files(path, err) != 0) return NULL;
  int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    *err = ds_mprintf("--state %s: %s", path, strerror(errno));
    return NULL;
  }
  close(fd);
  ds_state *st = calloc(1, sizeof(*st));
  if (!st) return NULL;
  st->path = ds_strdup(path);
  if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) !=
      SQLITE_OK) {
    *err = ds_mprintf("--state %s: %s", path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
    ds_state_close(st);
    return NULL;
  }
  sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
  char *why = NULL;
  if (exec(st->db, "PRAGMA journal_mode = DELETE", &why) != 0 ||
      exec(st->db, "BEGIN IMMEDIATE", &why) != 0) {
    *err = ds_mprintf("--state %s: %s", path, why);
    free(why);
    ds_state_close(st);
    return NULL;
  }
  if (foreign_database(st->db)) {
    *err = ds_mprintf("--state %s: a SQLite database that is not a dockersec state file; "
                      "refusing to change it",
                      path);
  } else if (exec(st->db, schema_sql, &why) != 0) {
    *err = ds_mprintf("--state %s: %s", path, why);
    free(why);
  }
  if (*err) {
    exec(st->db, "ROLLBACK", &why);
    free(why);
    ds_state_close(st);
    return NULL;
  }
  if (exec(st->db, "COMMIT", &why) != 0) {
    *err = ds_mprintf("--state %s: %s", path, why);
    free(why);
    ds_state_close(st);
    return NULL;
  }
  return st;
}

void ds_state_close(ds_state *st) {
  if (!st) return;
  sqlite3_close(st->db);
  free(st->path);
  free(st);
}

/* ---- lines --------------------------------------------------------------- */

static int push_line(ds_state_lines *l, json_object *o, const char *action, const char *sev) {
  const char *text =
      json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
  char *copy = ds_utf8_valid(text); /* invalid UTF-8 from the engine: U+FFFD */
  json_object_put(o);
  if (!copy) return -1;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    ds_state_line *items = realloc(l->items, cap * sizeof(*items));
    if (!items) {
      free(copy);
      return -1;
    }
    l->items = items;
    l->cap = cap;
  }
  l->items[l->n++] = (ds_state_line){copy, action, sev};
  return 0;
}

void ds_state_lines_free(ds_state_lines *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->items[i].json);
  free(l->items);
  memset(l, 0, sizeof(*l));
}

/* The common head of every line, in osquery's order. */
static json_object *line_head(const ds_state_query *q, const ds_state_run *run, long long counter) {
  char cal[64];
  ds_calendar_time(run->unix_time, cal, sizeof(cal));
  json_object *o = json_object_new_object();
  json_object_object_add(o, "name", json_object_new_string(q->name));
  json_object_object_add(o, "hostIdentifier",
                         json_object_new_string(ds_or(run->host_identifier, "unknown")));
  json_object_object_add(o, "calendarTime", json_object_new_string(cal));
  json_object_object_add(o, "unixTime", json_object_new_int64(run->unix_time));
  json_object_object_add(o, "epoch", json_object_new_int64(run->epoch));
  json_object_object_add(o, "counter", json_object_new_int64(counter));
  json_object_object_add(o, "numerics", json_object_new_boolean(0));
  if (q->decorations) json_object_object_add(o, "decorations", json_object_get(q->decorations));
  return o;
}

/* A cell as osquery writes it with numerics off: always a string, NULL "". */
static json_object *cell_string(const ds_value *v) {
  char num[64];
  switch (v->type) {
  case SQLITE_INTEGER:
    snprintf(num, sizeof(num), "%lld", (long long)v->i);
    return json_object_new_string(num);
  case SQLITE_FLOAT:
    snprintf(num, sizeof(num), "%.15g", v->d);
    return json_object_new_string(num);
  case SQLITE_TEXT:
    return json_object_new_string(v->s ? v->s : "");
  default:
    return json_object_new_string("");
  }
}

static int cmp_col(const void *a, const void *b, void *cols) {
  char **names = cols;
  return strcmp(names[*(const int *)a], names[*(const int *)b]);
}

/* Row `r` as canonical JSON text: keys sorted (as osquery's std::map), string
** values.  Duplicate column names keep the first. */
static char *row_canonical(const ds_result *res, size_t r) {
  int n = res->ncols;
  int *order = malloc((size_t)(n > 0 ? n : 1) * sizeof(int));
  if (!order) return NULL;
  for (int i = 0; i < n; i++)
    order[i] = i;
  qsort_r(order, (size_t)n, sizeof(int), cmp_col, res->cols);
  json_object *o = json_object_new_object();
  for (int k = 0; k < n; k++) {
    int c = order[k];
    if (json_object_object_get_ex(o, res->cols[c], NULL)) continue;
    json_object_object_add(o, res->cols[c], cell_string(&res->cells[r * (size_t)res->ncols + c]));
  }
  free(order);
  char *s = ds_strdup(
      json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
  json_object_put(o);
  return s;
}

/* ---- one query ----------------------------------------------------------- */

static int emit_snapshot(const ds_state_query *q, const ds_state_run *run, long long counter,
                         ds_state_lines *out) {
  json_object *rows = json_object_new_array();
  for (size_t r = 0; r < q->rows->nrows; r++) {
    char *text = row_canonical(q->rows, r);
    json_object *row = text ? json_tokener_parse(text) : NULL;
    free(text);
    if (!row) {
      json_object_put(rows);
      return -1;
    }
    json_object_array_add(rows, row);
  }
  /* osquery puts the rows and the action first in a snapshot line. */
  json_object *o = json_object_new_object();
  json_object_object_add(o, "snapshot", rows);
  json_object_object_add(o, "action", json_object_new_string("snapshot"));
  json_object *head = line_head(q, run, counter);
  json_object_object_foreach(head, k, v) {
    json_object_object_add(o, k, json_object_get(v));
  }
  json_object_put(head);
  return push_line(out, o, "snapshot", q->severity);
}

static int emit_change(const ds_state_query *q, const ds_state_run *run, long long counter,
                       const char *row_json, const char *action, ds_state_lines *out) {
  json_object *columns = json_tokener_parse(row_json);
  if (!columns) return -1;
  json_object *o = line_head(q, run, counter);
  json_object_object_add(o, "columns", columns);
  json_object_object_add(o, "action", json_object_new_string(action));
  return push_line(out, o, action, q->severity);
}

/* The stored epoch/counter of a query: 0 and sets *known when present. */
static int previous(sqlite3 *db, const char *name, int *known, long long *epoch,
                    long long *counter) {
  sqlite3_stmt *st = NULL;
  *known = 0;
  if (sqlite3_prepare_v2(db, "SELECT epoch, counter FROM queries WHERE name = ?1", -1, &st, NULL) !=
      SQLITE_OK)
    return -1;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *known = 1;
    *epoch = sqlite3_column_int64(st, 0);
    *counter = sqlite3_column_int64(st, 1);
  }
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int load_current(sqlite3 *db, const ds_result *rows) {
  if (sqlite3_exec(db, "DELETE FROM temp.cur", NULL, NULL, NULL) != SQLITE_OK) return -1;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO temp.cur(row, n) VALUES(?1, 1) "
                         "ON CONFLICT(row) DO UPDATE SET n = n + 1",
                         -1, &st, NULL) != SQLITE_OK)
    return -1;
  int rc = 0;
  for (size_t r = 0; r < rows->nrows && rc == 0; r++) {
    char *text = row_canonical(rows, r);
    if (!text) {
      rc = -1;
      break;
    }
    sqlite3_bind_text(st, 1, text, -1, free);
    if (sqlite3_step(st) != SQLITE_DONE) rc = -1;
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return rc;
}

/* Emits one line per surplus copy of each row that `sql` yields (row, n). */
static int emit_rows(sqlite3 *db, const char *sql, const ds_state_query *q, const ds_state_run *run,
                     long long counter, const char *action, ds_state_lines *out) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
  sqlite3_bind_text(st, 1, q->name, -1, SQLITE_STATIC);
  int rc = 0, step;
  while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *row = (const char *)sqlite3_column_text(st, 0);
    for (long long k = sqlite3_column_int64(st, 1); k > 0 && rc == 0; k--)
      rc = emit_change(q, run, counter, row, action, out);
  }
  if (rc == 0 && step != SQLITE_DONE) rc = -1;
  sqlite3_finalize(st);
  return rc;
}

static int store(sqlite3 *db, const ds_state_query *q, const ds_state_run *run, long long counter) {
  sqlite3_stmt *st = NULL;
  int rc = -1;
  if (sqlite3_prepare_v2(db, "DELETE FROM rows WHERE name = ?1", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, q->name, -1, SQLITE_STATIC);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
  }
  sqlite3_finalize(st);
  if (rc != 0) return -1;
  rc = -1;
  if (sqlite3_prepare_v2(db, "INSERT INTO rows(name, row, n) SELECT ?1, row, n FROM temp.cur", -1,
                         &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, q->name, -1, SQLITE_STATIC);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
  }
  sqlite3_finalize(st);
  if (rc != 0) return -1;
  rc = -1;
  if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO queries VALUES(?1, ?2, ?3, ?4)", -1, &st,
                         NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, q->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, run->epoch);
    sqlite3_bind_int64(st, 3, counter);
    sqlite3_bind_int64(st, 4, run->unix_time);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
  }
  sqlite3_finalize(st);
  return rc;
}

static int apply_one(ds_state *stt, const ds_state_query *q, const ds_state_run *run,
                     ds_state_lines *out) {
  if (!stt) return q->snapshot ? emit_snapshot(q, run, 0, out) : -1;
  sqlite3 *db = stt->db;
  int known = 0;
  long long epoch = 0, counter = 0;
  if (previous(db, q->name, &known, &epoch, &counter) != 0) return -1;
  int fresh = !known || epoch != run->epoch;
  counter = fresh ? 0 : counter + 1;
  if (load_current(db, q->rows) != 0) return -1;
  if (q->snapshot) {
    if (emit_snapshot(q, run, counter, out) != 0) return -1;
  } else {
    if (fresh) {
      if (emit_rows(db, "SELECT row, n FROM temp.cur ORDER BY row", q, run, counter, "added",
                    out) != 0)
        return -1;
    } else {
      if (q->log_removed && emit_rows(db,
                                      "SELECT o.row, o.n - ifnull(c.n, 0) FROM rows o "
                                      "LEFT JOIN temp.cur c ON c.row = o.row "
                                      "WHERE o.name = ?1 AND o.n > ifnull(c.n, 0) ORDER BY o.row",
                                      q, run, counter, "removed", out) != 0)
        return -1;
      if (emit_rows(db,
                    "SELECT c.row, c.n - ifnull(o.n, 0) FROM temp.cur c "
                    "LEFT JOIN rows o ON o.name = ?1 AND o.row = c.row "
                    "WHERE c.n > ifnull(o.n, 0) ORDER BY c.row",
                    q, run, counter, "added", out) != 0)
        return -1;
    }
  }
  return store(db, q, run, counter);
}

int ds_state_apply(ds_state *st, const ds_state_query *queries, size_t n, const ds_state_run *run,
                   ds_state_lines *out, char **err) {
  *err = NULL;
  size_t first_new = out->n;
  for (size_t i = 0; !st && i < n; i++) {
    if (!queries[i].snapshot) {
      *err = ds_strdup("differential results need a state file (--state FILE.db)");
      return -1;
    }
  }
  char *why = NULL;
  if (st && (exec(st->db, "BEGIN IMMEDIATE", &why) != 0 ||
             exec(st->db, "CREATE TEMP TABLE IF NOT EXISTS cur(row TEXT PRIMARY KEY, n INTEGER)",
                  &why) != 0)) {
    *err = ds_mprintf("--state %s: %s", st->path, why);
    free(why);
    if (sqlite3_get_autocommit(st->db) == 0) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
  }
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    if (!queries[i].rows) continue; /* failed this run: keep what we knew */
    if (apply_one(st, &queries[i], run, out) != 0) {
      *err = st ? ds_mprintf("--state %s: query %s: %s", st->path, queries[i].name,
                             sqlite3_errmsg(st->db))
                : ds_mprintf("query %s: out of memory", queries[i].name);
      rc = -1;
    }
  }
  if (st) {
    if (rc == 0 && exec(st->db, "COMMIT", &why) != 0) {
      *err = ds_mprintf("--state %s: %s", st->path, why);
      free(why);
      rc = -1;
    }
    if (rc != 0 && sqlite3_get_autocommit(st->db) == 0)
      sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
  }
  if (rc != 0) {
    /* Lines of a rolled-back run must not be printed. */
    for (size_t i = first_new; i < out->n; i++)
      free(out->items[i].json);
    out->n = first_new;
  }
  return rc;
}
