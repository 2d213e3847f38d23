/*
** run.c - `dockersec run PATH…`: loads packs, runs each selected check on
** one snapshot of the host, and writes the report.
**
**   exit 0  no finding at or above --fail-on
**   exit 1  findings at or above --fail-on
**   exit 2  a check failed to run (it shows status "error"; the others still
**           run), or the setup failed (bad option, unreadable pack, …)
**
** Checks are plain SQL from files a user may have downloaded, so each must
** be one read-only SELECT, and an authorizer refuses ATTACH,
** load_extension (never enabled anyway) and dockersec_config (the run owns
** the settings; a pack must not switch reveal_secrets on).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/ds_util.h"
#include "cli/paths.h"
#include "cli/report/report.h"
#include "cli/run/run_sinks.h"

/* One snapshot for the whole run: every check sees the same state and each
** container is inspected once.  A day is "the whole run". */
#define RUN_CACHE_TTL_MS "86400000"

typedef struct run_options {
  char **paths;
  int npaths;
  char **checks; /* --check values (comma lists split) */
  int nchecks;
  char **controls;
  int ncontrols;
  ds_severity fail_on;
  const ds_report_format *format;
  const char *output;
  int list;
  int validate;
  int help;
  int stats;         /* --stats: the Docker API counters of the run on stderr */
  const char *state; /* --state FILE.db: osquery-style differential lines */
  int snapshot;      /* --snapshot: osquery snapshot lines, every check   */
  long long epoch;   /* --epoch N: osquery's schedule epoch                */
  char **logs;       /* --log URL (repeatable)                             */
  int nlogs;
} run_options;

static void run_usage(FILE *out) {
  fputs("usage: dockersec run [OPTIONS] PATH...\n"
        "\n"
        "Runs the checks of the pack files / directories PATH (*.sql, recursively, in name\n"
        "order) against this host and reports the findings.\n"
        "\n"
        "options:\n"
        "  --check ID          run only this check (repeatable; comma lists accepted)\n"
        "  --control ID        run only the checks of this control, e.g. D04 (repeatable)\n"
        "                      (with both, a check runs when it matches either)\n"
        "  --fail-on SEVERITY  exit 1 when a finding is at or above info|low|medium|high|\n"
        "                      critical (default low); 'none': findings never exit 1\n"
        "  --format FORMAT     output format (default table):\n",
        out);
  for (int i = 0; ds_report_formats[i].name; i++)
    fprintf(out, "                        %-6s %s\n", ds_report_formats[i].name,
            ds_report_formats[i].description);
  fputs("  --output FILE       write the report to FILE (replaced atomically) instead of stdout\n"
        "  --list              list the selected checks without running them (with --format\n"
        "                      json or jsonl: every field of each check)\n"
        "  --validate          compile the selected checks without running them (for pack\n"
        "                      authors): 'ok ID' or 'error ID FILE:LINE: message' per check\n"
        "  --stats             print the Docker API request counters on stderr afterwards\n"
        "  --state FILE.db     print only what changed since the last run with this state\n"
        "                      file, as osquery differential result lines (added/removed)\n"
        "  --snapshot          print osquery snapshot lines (all rows of every check)\n"
        "  --epoch N           osquery schedule epoch: a new value restarts the differences\n"
        "  --log URL           also send the result lines to syslog://HOST:PORT (UDP),\n"
        "                      syslog+tcp://HOST:PORT or http(s)://… (POST); repeatable\n"
        "\n"
        "PATH may be a pack name (owasp-docker-top10), looked up in $DOCKERSEC_PACK_PATH,\n"
        "./packs and the installed packs, or an osquery pack file (*.conf, *.json).\n"
        "\n"
        "exit status: 0 clean, 1 findings at or above --fail-on, 2 a check or the setup failed.\n",
        out);
}

static int push(char ***list, int *n, char *value) {
  char **grown = realloc(*list, (size_t)(*n + 1) * sizeof(char *));
  if (!grown) return -1;
  *list = grown;
  (*list)[(*n)++] = value;
  return 0;
}

/* Adds each item of a comma-separated list ("D01.1,D04.5"). */
static int push_list(char ***list, int *n, const char *value) {
  const char *s = value;
  while (*s) {
    const char *e = strchr(s, ',');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    while (len > 0 && s[0] == ' ')
      s++, len--;
    while (len > 0 && s[len - 1] == ' ')
      len--;
    if (len > 0) {
      char *item = ds_strndup(s, len);
      if (!item || push(list, n, item) != 0) {
        free(item);
        return -1;
      }
    }
    if (!e) break;
    s = e + 1;
  }
  return 0;
}

static void free_options(run_options *o) {
  for (int i = 0; i < o->nchecks; i++)
    free(o->checks[i]);
  for (int i = 0; i < o->ncontrols; i++)
    free(o->controls[i]);
  free(o->checks);
  free(o->controls);
  for (int i = 0; i < o->npaths; i++)
    free(o->paths[i]);
  free(o->paths);
  free(o->logs);
}

/* Matches "--name VALUE" and "--name=VALUE"; advances *i past the value. */
static const char *option_value(int argc, char **argv, int *i, const char *name, int *missing) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0) return NULL;
  if (argv[*i][n] == '=') return argv[*i] + n + 1;
  if (argv[*i][n] != '\0') return NULL;
  if (*i + 1 >= argc) {
    *missing = 1;
    return NULL;
  }
  return argv[++*i];
}

static int parse_options(int argc, char **argv, run_options *o) {
  o->fail_on = DS_SEV_LOW;
  o->format = ds_report_format_find("table");
  int only_paths = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i], *v;
    int missing = 0;
    if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
      char *path = ds_strdup(a);
      if (!path || push(&o->paths, &o->npaths, path) != 0) {
        free(path);
        return -1;
      }
    } else if (strcmp(a, "--") == 0) {
      only_paths = 1;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      o->help = 1;
    } else if (strcmp(a, "--list") == 0) {
      o->list = 1;
    } else if (strcmp(a, "--validate") == 0) {
      o->validate = 1;
    } else if (strcmp(a, "--stats") == 0) {
      o->stats = 1;
    } else if ((v = option_value(argc, argv, &i, "--check", &missing))) {
      if (push_list(&o->checks, &o->nchecks, v) != 0) return -1;
    } else if ((v = option_value(argc, argv, &i, "--control", &missing))) {
      if (push_list(&o->controls, &o->ncontrols, v) != 0) return -1;
    } else if ((v = option_value(argc, argv, &i, "--fail-on", &missing))) {
      int s = strcasecmp(v, "none") == 0 ? DS_SEV_COUNT : ds_severity_parse(v);
      if (s < 0) {
        fprintf(stderr,
                "dockersec run: --fail-on '%s': expected info, low, medium, high, critical or "
                "none\n",
                v);
        return -1;
      }
      o->fail_on = (ds_severity)s;
    } else if ((v = option_value(argc, argv, &i, "--format", &missing))) {
      o->format = ds_report_format_find(v);
      if (!o->format) {
        fprintf(stderr, "dockersec run: unknown format '%s' (one of:", v);
        for (int f = 0; ds_report_formats[f].name; f++)
          fprintf(stderr, " %s", ds_report_formats[f].name);
        fputs(")\n", stderr);
        return -1;
      }
    } else if ((v = option_value(argc, argv, &i, "--output", &missing))) {
      o->output = v;
    } else if ((v = option_value(argc, argv, &i, "--state", &missing))) {
      o->state = v;
    } else if (strcmp(a, "--snapshot") == 0) {
      o->snapshot = 1;
    } else if ((v = option_value(argc, argv, &i, "--epoch", &missing))) {
      char *end;
      o->epoch = strtoll(v, &end, 10);
      if (end == v || *end || o->epoch < 0) {
        fprintf(stderr, "dockersec run: --epoch '%s': expected a number >= 0\n", v);
        return -1;
      }
    } else if ((v = option_value(argc, argv, &i, "--log", &missing))) {
      if (push(&o->logs, &o->nlogs, (char *)v) != 0) return -1;
    } else {
      fprintf(stderr, "dockersec run: %s '%s' (see dockersec run --help)\n",
              missing ? "missing value for" : "unknown option", a);
      return -1;
    }
  }
  return 0;
}

/* ---- selecting checks ---------------------------------------------------- */

static int matches_any(const char *value, char **list, int n) {
  for (int i = 0; i < n; i++)
    if (strcasecmp(value, list[i]) == 0) return 1;
  return 0;
}

/* Every --check and --control must name something: a typo must not turn
** into a clean run of nothing. */
static int validate_filters(const ds_pack *pack, const run_options *o) {
  for (int i = 0; i < o->nchecks; i++) {
    if (!ds_pack_find(pack, o->checks[i])) {
      fprintf(stderr, "dockersec run: --check %s: no such check in the packs given\n",
              o->checks[i]);
      return -1;
    }
  }
  for (int i = 0; i < o->ncontrols; i++) {
    size_t k = 0;
    while (k < pack->n && strcasecmp(pack->checks[k].control, o->controls[i]) != 0)
      k++;
    if (k == pack->n) {
      fprintf(stderr, "dockersec run: --control %s: no check of that control in the packs given\n",
              o->controls[i]);
      return -1;
    }
  }
  return 0;
}

static int selected(const ds_check *c, const run_options *o) {
  if (o->nchecks == 0 && o->ncontrols == 0) return 1;
  return matches_any(c->id, o->checks, o->nchecks) ||
         matches_any(c->control, o->controls, o->ncontrols);
}

/* ---- running ------------------------------------------------------------- */

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/*
** What a check may not do.  Writes are refused before this (the parser wants
** a SELECT, run_check wants sqlite3_stmt_readonly); this refuses the
** functions that change the run (dockersec_config could switch
** reveal_secrets on; load_extension is never enabled anyway), ATTACH (which
** creates files).  Everything else - reading tables, json_each(), the
** read-only pragma_*() functions, declaring the virtual tables on first
** use - is allowed.
*/
static int authorize(void *unused, int action, const char *a, const char *b, const char *db,
                     const char *trigger) {
  DS_UNUSED(unused);
  DS_UNUSED(a);
  DS_UNUSED(db);
  DS_UNUSED(trigger);
  switch (action) {
  case SQLITE_FUNCTION:
    if (b && (strcasecmp(b, "dockersec_config") == 0 || strcasecmp(b, "load_extension") == 0))
      return SQLITE_DENY;
    return SQLITE_OK;
  case SQLITE_ATTACH:
  case SQLITE_DETACH:
    return SQLITE_DENY;
  default:
    return SQLITE_OK;
  }
}

/* Prepares a check's statement; on failure records the error. */
static sqlite3_stmt *prepare_check(sqlite3 *db, ds_check_result *cr) {
  const ds_check *c = cr->check;
  double t0 = now_ms();
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
static int validate_checks(const ds_pack *pack, const run_options *o) {
  sqlite3 *db = ds_cli_open();
  if (!db) return EXIT_ERROR;
  sqlite3_set_authorizer(db, authorize, NULL);
  int status = EXIT_CLEAN;
  for (size_t i = 0; i < pack->n; i++) {
    const ds_check *c = &pack->checks[i];
    if (!selected(c, o)) continue;
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
  fprintf(stderr, "\r\033[K[%zu/%zu] %s %.60s", i + 1, n, c->id, c->title);
  fflush(stderr);
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

static int run_checks(const ds_pack *pack, const run_options *o, ds_report *r, char **stats) {
  sqlite3 *db = ds_cli_open();
  if (!db) return -1;
  char *ttl = config_value(db, "SELECT dockersec_config('cache_ttl_ms', " RUN_CACHE_TTL_MS ")");
  if (!ttl) {
    fprintf(stderr, "dockersec run: cannot configure the snapshot: %s\n", sqlite3_errmsg(db));
    sqlite3_close(db);
    return -1;
  }
  free(ttl);
  r->host = host_name(db);
  r->docker_host = config_value(db, "SELECT dockersec_config('docker_host')");
  sqlite3_set_authorizer(db, authorize, NULL);

  r->results = calloc(pack->n ? pack->n : 1, sizeof(ds_check_result));
  if (!r->results) {
    sqlite3_close(db);
    return -1;
  }
  sqlite3_stmt **stmts = calloc(pack->n ? pack->n : 1, sizeof(sqlite3_stmt *));
  if (!stmts) {
    sqlite3_close(db);
    return -1;
  }
  double t0 = now_ms();
  /* Every check is prepared before any runs: a broken one is known at once,
  ** and the fixed endpoints the pack reads (/info, /images/json, …) are
  ** hinted to the client, so they go out with the first requests, together
  ** with the container list and the inspects, not one by one later. */
  for (size_t i = 0; i < pack->n; i++) {
    if (!selected(&pack->checks[i], o)) continue;
    ds_check_result *cr = &r->results[r->nresults];
    cr->check = &pack->checks[i];
    stmts[r->nresults++] = prepare_check(db, cr);
  }
  for (size_t i = 0; i < r->nresults; i++) {
    progress(i, r->nresults, r->results[i].check);
    run_check(stmts[i], &r->results[i]);
  }
  free(stmts);
  progress(0, 0, NULL);
  r->duration_ms = (long long)(now_ms() - t0 + 0.5);
  sqlite3_set_authorizer(db, NULL, NULL);
  if (o->stats) *stats = capture_stats(db);
  sqlite3_close(db);
  ds_report_summarise(r);
  return 0;
}

/* ---- output -------------------------------------------------------------- */

/* --output FILE is written next to FILE and renamed over it, so a reader
** (a dashboard, a cron job) never sees half a report. */
static int write_report(const ds_report *r, const run_options *o) {
  if (!o->output || strcmp(o->output, "-") == 0) {
    int rc = o->format->write(r, stdout);
    if (fflush(stdout) != 0) rc = -1;
    if (rc != 0) fprintf(stderr, "dockersec run: writing the report: %s\n", strerror(errno));
    return rc;
  }
  char *tmp = ds_mprintf("%s.tmp.%ld", o->output, (long)getpid());
  FILE *f = tmp ? fopen(tmp, "w") : NULL;
  if (!f) {
    fprintf(stderr, "dockersec run: --output %s: %s\n", o->output, strerror(errno));
    free(tmp);
    return -1;
  }
  int rc = o->format->write(r, f);
  if (fflush(f) != 0 || ferror(f)) rc = -1;
  if (fclose(f) != 0) rc = -1;
  if (rc == 0 && rename(tmp, o->output) != 0) rc = -1;
  if (rc != 0) {
    fprintf(stderr, "dockersec run: --output %s: %s\n", o->output, strerror(errno));
    unlink(tmp);
  }
  free(tmp);
  return rc;
}

/*
** When the engine could not be reached, every check that reads it fails with
** the same cause: say it once on stderr, whatever the report format, e.g.
**   dockersec run: 77 checks could not read the Docker engine: permission
**   denied on unix:///var/run/docker.sock - run as root or join the docker
**   group (the 3 host-only checks ran)
** Errors are engine errors when they read "... on <docker_host>: <cause>".
*/
static void note_unreachable_engine(const ds_report *r) {
  if (!r->docker_host || r->errors == 0) return;
  char *marker = ds_mprintf(" on %s: ", r->docker_host);
  const char *cause = NULL;
  int same = 0, others = 0;
  for (size_t i = 0; marker && i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    const char *at = cr->error ? strstr(cr->error, marker) : NULL;
    if (cr->status != DS_STATUS_ERROR || !at) {
      others++;
      continue;
    }
    at += strlen(marker);
    if (!cause) cause = at;
    if (strcmp(cause, at) == 0) same++;
  }
  /* Only a cause every engine error shares, i.e. the engine as a whole. */
  if (cause && same == r->errors)
    fprintf(stderr,
            "dockersec run: %d check%s could not read the Docker engine: %s "
            "(the %d other%s ran)\n",
            same, same == 1 ? "" : "s", cause, others, others == 1 ? "" : "s");
  free(marker);
}

/* --list: one line per check, or with --format json/jsonl the checks' own
** fields (ds_check_json) plus file, line and sql, for tools that document or
** convert packs. */
static void list_checks(const ds_pack *pack, const run_options *o) {
  int json = strcmp(o->format->name, "json") == 0, jsonl = strcmp(o->format->name, "jsonl") == 0;
  json_object *all = json ? json_object_new_array() : NULL;
  for (size_t i = 0; i < pack->n; i++) {
    const ds_check *c = &pack->checks[i];
    if (!selected(c, o)) continue;
    if (json || jsonl) {
      json_object *one = ds_check_json(c);
      json_object_object_add(one, "file", json_object_new_string(c->file));
      json_object_object_add(one, "line", json_object_new_int(c->line));
      json_object_object_add(one, "sql", json_object_new_string(c->sql));
      if (json) {
        json_object_array_add(all, one);
      } else {
        ds_json_write(one, 0, stdout);
        json_object_put(one);
      }
    } else {
      printf("%-8s %-5s %-8s %s\n", c->id, c->control, ds_severity_name(c->severity), c->title);
    }
  }
  if (all) {
    ds_json_write(all, 1, stdout);
    json_object_put(all);
  }
}

/* Pack names ("owasp-docker-top10") become paths (ds_resolve_pack); "-"
** (a pack on stdin) stays as it is.  o->paths owns its strings. */
static int resolve_paths(run_options *o) {
  for (int i = 0; i < o->npaths; i++) {
    if (strcmp(o->paths[i], "-") == 0) continue;
    char *path = ds_resolve_pack(o->paths[i]);
    if (!path) {
      char *where = ds_pack_search_path();
      fprintf(stderr, "dockersec run: %s: no such file, directory or pack (searched %s)\n",
              o->paths[i], where ? where : "?");
      free(where);
      return -1;
    }
    free(o->paths[i]);
    o->paths[i] = path;
  }
  return 0;
}

/*
** The report (or, with --state/--snapshot, the osquery result lines) on
** stdout or --output, then the --log receivers.  stdout is complete before
** anything is sent, so a receiver that is down loses nothing locally; it
** makes the exit status 2.
*/
static int write_results(const ds_report *r, const run_options *o) {
  int status = ds_report_exit_status(r);
  ds_state_lines lines = {0};
  int osquery_lines = o->state || o->snapshot;
  if (osquery_lines) {
    char *err = NULL;
    if (ds_sinks_state_lines(r, o->state, o->snapshot, o->epoch, &lines, &err) != 0) {
      fprintf(stderr, "dockersec run: %s\n", err ? err : "out of memory");
      free(err);
      ds_state_lines_free(&lines);
      return EXIT_ERROR;
    }
    if (ds_sinks_write_lines(&lines, stdout) != 0) {
      fprintf(stderr, "dockersec run: writing the results: %s\n", strerror(errno));
      status = EXIT_ERROR;
    }
  }
  /* With osquery lines on stdout, the report goes only to --output. */
  if ((!osquery_lines || o->output) && write_report(r, o) != 0) status = EXIT_ERROR;
  if (ds_sinks_ship(r, o->logs, o->nlogs, osquery_lines ? &lines : NULL) != 0) status = EXIT_ERROR;
  ds_state_lines_free(&lines);
  return status;
}

int ds_cmd_run(int argc, char **argv) {
  run_options o = {0};
  if (parse_options(argc, argv, &o) != 0) {
    free_options(&o);
    return EXIT_ERROR;
  }
  if (o.help) {
    run_usage(stdout);
    free_options(&o);
    return EXIT_CLEAN;
  }
  if (o.npaths == 0) {
    fputs("dockersec run: no pack given (e.g. dockersec run packs/owasp-docker-top10)\n", stderr);
    run_usage(stderr);
    free_options(&o);
    return EXIT_ERROR;
  }
  if (ds_sinks_check_urls(o.logs, o.nlogs) != 0) {
    free_options(&o);
    return EXIT_ERROR;
  }
  ds_pack pack = {0};
  char *err = NULL;
  int status = EXIT_ERROR;
  if (resolve_paths(&o) != 0) {
    /* reported */
  } else if (ds_pack_load_paths(&pack, o.paths, o.npaths, &err) != 0) {
    fprintf(stderr, "dockersec run: %s\n", err ? err : "out of memory");
  } else if (pack.n == 0) {
    fputs("dockersec run: no checks found in the paths given\n", stderr);
  } else if (validate_filters(&pack, &o) == 0) {
    if (o.list) {
      list_checks(&pack, &o);
      status = EXIT_CLEAN;
    } else if (o.validate) {
      status = validate_checks(&pack, &o);
    } else {
      ds_report r = {.tool = "dockersec", .version = DOCKERSEC_VERSION, .fail_on = o.fail_on};
      set_started_at(&r);
      char *stats = NULL;
      if (run_checks(&pack, &o, &r, &stats) == 0) {
        status = write_results(&r, &o);
        note_unreachable_engine(&r);
      }
      if (stats) fputs(stats, stderr);
      free(stats);
      ds_report_free(&r);
    }
  }
  free(err);
  ds_pack_free(&pack);
  free_options(&o);
  return status;
}
