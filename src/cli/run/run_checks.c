/*
** run_checks.c - `dockersec run`: choosing the checks (--check, --control)
** and running them, every one on the same snapshot, under an authorizer that
** keeps a check to reading.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/ds_sanitize.h"
#include "common/ds_util.h"
#include "cli/report/report.h"
#include "cli/run/policy.h"
#include "cli/run/run.h"

/* One snapshot for the whole run: every check sees the same state and each
** container is inspected once.  A day is "the whole run". */
#define RUN_CACHE_TTL_MS "86400000"

/* ---- selecting checks ---------------------------------------------------- */

static int matches_any(const char *value, char **list, int n) {
  for (int i = 0; i < n; i++)
    if (strcasecmp(value, list[i]) == 0) return 1;
  return 0;
}

/* A check belongs to its control and to every control of its `controls`. */
static int in_controls(const ds_check *c, char **list, int n) {
  if (matches_any(c->control, list, n)) return 1;
  for (int i = 0; i < c->ncontrols; i++)
    if (matches_any(c->controls[i], list, n)) return 1;
  return 0;
}

/* Every --check and --control must name something: a typo must not turn
** into a clean run of nothing. */
int ds_run_validate_filters(const ds_pack *pack, const run_options *o) {
  for (int i = 0; i < o->nchecks; i++) {
    if (!ds_pack_find(pack, o->checks[i])) {
      ds_cli_error("dockersec run: --check %s: no such check in the packs given", o->checks[i]);
      return -1;
    }
  }
  for (int i = 0; i < o->ncontrols; i++) {
    size_t k = 0;
    while (k < pack->n && !in_controls(&pack->checks[k], &o->controls[i], 1))
      k++;
    if (k == pack->n) {
      ds_cli_error("dockersec run: --control %s: no check of that control in the packs given",
                   o->controls[i]);
      return -1;
    }
  }
  return 0;
}

int ds_run_selected(const ds_check *c, const run_options *o) {
  if (o->nchecks == 0 && o->ncontrols == 0) return 1;
  return matches_any(c->id, o->checks, o->nchecks) || in_controls(c, o->controls, o->ncontrols);
}

/* ---- running ------------------------------------------------------------- */

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* What a check may do: cli/run/policy.c (an allow-list). */

/* Prepares a check's statement; on failure records the error.  *engine: 1
** when the check needs an engine API (its `requires: engine` or a docker_*
** table it reads). */
static sqlite3_stmt *prepare_check(sqlite3 *db, ds_check_result *cr, ds_pack_reads *st,
                                   char *engine) {
  const ds_check *c = cr->check;
  double t0 = now_ms();
  st->engine = 0;
  sqlite3_stmt *stmt = NULL;
  const char *tail = NULL;
  if (sqlite3_prepare_v2(db, c->sql, -1, &stmt, &tail) != SQLITE_OK)
    cr->error = ds_strdup(sqlite3_errmsg(db));
  else if (!stmt)
    cr->error = ds_strdup("no SQL statement");
  else if (!sqlite3_stmt_readonly(stmt))
    cr->error = ds_strdup("not a read-only statement: a check may only SELECT");
  if (cr->error) {
    sqlite3_finalize(stmt);
    stmt = NULL;
    cr->status = DS_STATUS_ERROR;
  }
  *engine = (char)(c->requires_engine || st->engine);
  cr->duration_ms = now_ms() - t0;
  return stmt;
}

/* Runs a prepared check to completion (and finalizes it). */
static void run_check(sqlite3_stmt *stmt, ds_check_result *cr) {
  if (!stmt) return; /* prepare_check recorded why */
  double t0 = now_ms();
  char *err = NULL;
  int rc = ds_result_step_all(stmt, &cr->findings, &err);
  if (rc != SQLITE_OK)
    cr->error = err ? err : ds_strdup(sqlite3_errstr(rc));
  else
    free(err);
  sqlite3_finalize(stmt);
  if (cr->error) {
    ds_result_free(&cr->findings);
    cr->status = DS_STATUS_ERROR;
  } else {
    cr->status = cr->findings.nrows > 0 ? DS_STATUS_FAIL : DS_STATUS_PASS;
  }
  cr->duration_ms += now_ms() - t0;
}

/* Compiles each selected check (a check's tables are declared, nothing is
** fetched from the engine) under the same rules as a run. */
int ds_run_validate_checks(const ds_pack *pack, const run_options *o) {
  sqlite3 *db = ds_cli_open();
  if (!db) return EXIT_ERROR;
  sqlite3_set_authorizer(db, ds_pack_authorize, NULL);
  int status = EXIT_CLEAN;
  for (size_t i = 0; i < pack->n; i++) {
    const ds_check *c = &pack->checks[i];
    if (!ds_run_selected(c, o)) continue;
    sqlite3_stmt *stmt = NULL;
    const char *err = NULL;
    if (sqlite3_prepare_v2(db, c->sql, -1, &stmt, NULL) != SQLITE_OK)
      err = sqlite3_errmsg(db);
    else if (!stmt || !sqlite3_stmt_readonly(stmt))
      err = "not a read-only statement: a check may only SELECT";
    if (err) {
      printf("error %s %s:%d: %s\n", c->id, c->file, c->sql_line, err);
      status = EXIT_ERROR;
    } else {
      printf("ok %s\n", c->id);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return status;
}

/* Reads one setting through SQL (the context lives inside the connection). */
static char *config_value(sqlite3 *db, const char *sql) {
  sqlite3_stmt *stmt = NULL;
  char *v = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
    v = ds_strdup((const char *)sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return v;
}

/* 1 when an engine API answers (dockersec_engine(): its /version). */
static int engine_answers(sqlite3 *db) {
  char *v = config_value(db, "SELECT dockersec_engine()");
  int up = v && strcmp(v, "1") == 0;
  free(v);
  return up;
}

/* A check only an engine API can answer, with none answering: not run, and
** neither a finding nor an error - the report says so in every format. */
static void skip_check(sqlite3_stmt *stmt, ds_check_result *cr, const char *docker_host) {
  sqlite3_finalize(stmt);
  cr->status = DS_STATUS_SKIPPED;
  cr->error = ds_mprintf("skipped: no engine API (none answers on %s)", ds_or(docker_host, "?"));
}

/* The audited machine's name: with a host root prefix (a container auditing
** its host through /host), the host's /etc/hostname; else ours. */
static char *host_name(sqlite3 *db) {
  char *root = config_value(db, "SELECT dockersec_config('root')");
  char *name = NULL;
  if (root && strcmp(root, "/") != 0) {
    char path[4096], *text = NULL;
    size_t len = 0;
    if (ds_host_path(root, "/etc/hostname", path, sizeof(path)) &&
        ds_read_file(path, 4096, &text, &len) == 0) {
      text[strcspn(text, "\r\n")] = '\0';
      if (*text) name = ds_strdup(text);
    }
    free(text);
  }
  free(root);
  if (!name) {
    char buf[256] = "";
    if (gethostname(buf, sizeof(buf) - 1) == 0 && *buf) name = ds_strdup(buf);
  }
  return name ? name : ds_strdup("unknown");
}

static void set_started_at(ds_report *r) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  char base[24];
  strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(r->started_at, sizeof(r->started_at), "%s.%03dZ", base,
           (int)((ts.tv_nsec / 1000000) % 1000));
  r->started_unix_ms = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void progress(size_t i, size_t n, const ds_check *c) {
  /* Only for a person watching: never in a pipe or a log. */
  if (!isatty(STDERR_FILENO)) return;
  if (!c) {
    fputs("\r\033[K", stderr);
    return;
  }
  /* A pack's id and title, shown escaped like any value (ds_sanitize.h). */
  char *id = ds_sanitize(c->id, DS_SAN_FLATTEN), *title = ds_sanitize(c->title, DS_SAN_FLATTEN);
  fprintf(stderr, "\r\033[K[%zu/%zu] %s %.60s", i + 1, n, ds_or(id, "?"), ds_or(title, ""));
  fflush(stderr);
  free(id);
  free(title);
}

/* The --stats lines, captured before the connection closes and printed
** after the report. */
static char *capture_stats(sqlite3 *db) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) return NULL;
  ds_cli_print_stats(db, f);
  if (fclose(f) != 0) {
    free(text);
    return NULL;
  }
  return text;
}

int ds_run_checks(const ds_pack *pack, const run_options *o, ds_report *r, char **stats) {
  set_started_at(r);
  sqlite3 *db = ds_cli_open();
  if (!db) return -1;
  char *ttl = config_value(db, "SELECT dockersec_config('cache_ttl_ms', " RUN_CACHE_TTL_MS ")");
  if (!ttl) {
    ds_cli_error("dockersec run: cannot configure the snapshot: %s", sqlite3_errmsg(db));
    sqlite3_close(db);
    return -1;
  }
  free(ttl);
  /* The run's bounds against a stalling or bloated engine (issue 15). */
  ds_buf q = {0};
  ds_buf_printf(&q, "SELECT dockersec_config('run_timeout_ms', %lld)", o->timeout_s * 1000);
  if (o->max_cache_bytes >= 0)
    ds_buf_printf(&q, ", dockersec_config('max_cache_bytes', %lld)", o->max_cache_bytes);
  if (o->max_containers >= 0)
    ds_buf_printf(&q, ", dockersec_config('max_containers', %lld)", o->max_containers);
  char *sql = ds_buf_take(&q);
  char *set = sql ? config_value(db, sql) : NULL;
  free(sql);
  if (!set) {
    ds_cli_error("dockersec run: cannot configure the run's limits: %s", sqlite3_errmsg(db));
    sqlite3_close(db);
    return -1;
  }
  free(set);
  r->host = host_name(db);
  r->docker_host = config_value(db, "SELECT dockersec_config('docker_host')");
  char *tls = config_value(db, "SELECT dockersec_config('tls')");
  if (tls && strcmp(tls, "unverified") == 0) {
    r->warning = ds_mprintf("TLS to %s is not verified (DOCKER_TLS_VERIFY=0): any host that "
                            "answers there is trusted; its answers may be an impostor's",
                            ds_or(r->docker_host, "the engine"));
    ds_cli_error("dockersec run: warning: %s", r->warning);
  }
  free(tls);
  ds_pack_reads st = {0};
  sqlite3_set_authorizer(db, ds_pack_authorize, &st);

  r->results = calloc(pack->n ? pack->n : 1, sizeof(ds_check_result));
  if (!r->results) {
    sqlite3_close(db);
    return -1;
  }
  sqlite3_stmt **stmts = calloc(pack->n ? pack->n : 1, sizeof(sqlite3_stmt *));
  char *engine = calloc(pack->n ? pack->n : 1, 1);
  if (!stmts || !engine) {
    free(stmts);
    free(engine);
    sqlite3_close(db);
    return -1;
  }
  double t0 = now_ms();
  /* Every check is prepared before any runs: a broken one is known at once,
  ** and the fixed endpoints the pack reads (/info, /images/json, …) are
  ** hinted to the client, so they go out with the first requests, together
  ** with the container list and the inspects, not one by one later. */
  for (size_t i = 0; i < pack->n; i++) {
    if (!ds_run_selected(&pack->checks[i], o)) continue;
    ds_check_result *cr = &r->results[r->nresults];
    cr->check = &pack->checks[i];
    stmts[r->nresults] = prepare_check(db, cr, &st, &engine[r->nresults]);
    r->nresults++;
  }
  int up = -1; /* whether an engine API answers: asked once, when needed */
  for (size_t i = 0; i < r->nresults; i++) {
    progress(i, r->nresults, r->results[i].check);
    if (engine[i] && stmts[i] && up < 0) up = engine_answers(db);
    if (engine[i] && stmts[i] && !up)
      skip_check(stmts[i], &r->results[i], r->docker_host);
    else
      run_check(stmts[i], &r->results[i]);
  }
  free(stmts);
  free(engine);
  progress(0, 0, NULL);
  sqlite3_set_authorizer(db, NULL, NULL);
  int rc = ds_run_annotate(db, &o->scope, o->waivers, r);
  r->duration_ms = (long long)(now_ms() - t0 + 0.5);
  if (o->stats) *stats = capture_stats(db);
  sqlite3_close(db);
  return rc;
}
