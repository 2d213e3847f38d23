/*
** test_state.c - osquery-style differential results (src/cli/run/state.c):
** first run all "added" with counter 0, unchanged runs silent, changes as
** added/removed, multisets, failed queries keep their state, removed:false,
** epoch changes, snapshot lines, foreign databases refused, calendarTime.
*/
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/ds_util.h"
#include "cli/run/state.h"

static sqlite3 *mem;

/* Rows of `sql` (e.g. a VALUES list) as a result set. */
static ds_result rows_of(const char *sql) {
  ds_result r = {0};
  char *err = NULL;
  if (ds_result_exec(mem, sql, &r, &err) != SQLITE_OK) printf("FAIL rows_of: %s\n", err);
  free(err);
  return r;
}

/* Applies one query and returns its lines as "action:columns" joined by ';'
** (columns being the row JSON or the snapshot array), in a static buffer. */
static const char *run_one(ds_state *st, const char *name, const char *sql, long long epoch,
                           int snapshot, int log_removed, long long *counter) {
  static char out[4096];
  ds_result r = sql ? rows_of(sql) : (ds_result){0};
  ds_state_query q = {name, sql ? &r : NULL, snapshot, log_removed, NULL, "high"};
  ds_state_run run = {"host-1", 1462228052, epoch};
  ds_state_lines lines = {0};
  char *err = NULL;
  out[0] = '\0';
  if (ds_state_apply(st, &q, 1, &run, &lines, &err) != 0) {
    snprintf(out, sizeof(out), "ERROR %s", err);
    free(err);
  }
  for (size_t i = 0; i < lines.n; i++) {
    json_object *o = json_tokener_parse(lines.items[i].json);
    json_object *cols = NULL, *action = NULL, *cnt = NULL;
    json_object_object_get_ex(o, "action", &action);
    if (!json_object_object_get_ex(o, "columns", &cols))
      json_object_object_get_ex(o, "snapshot", &cols);
    if (json_object_object_get_ex(o, "counter", &cnt) && counter)
      *counter = json_object_get_int64(cnt);
    size_t l = strlen(out);
    snprintf(out + l, sizeof(out) - l, "%s%s:%s", i ? ";" : "", json_object_get_string(action),
             json_object_to_json_string_ext(cols, JSON_C_TO_STRING_PLAIN));
    json_object_put(o);
  }
  ds_state_lines_free(&lines);
  ds_result_free(&r);
  return out;
}

int main(void) {
  sqlite3_open(":memory:", &mem);
  char path[] = "/tmp/dockersec-test-state-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  unlink(path);
  char *err = NULL;
  ds_state *st = ds_state_open(path, &err);
  CHECK("state-open", st != NULL);
  const char *ab = "SELECT 'a' AS k, 1 AS n UNION ALL SELECT 'b', 2";
  long long counter = -1;

  CHECK_STR("state-first-run-all-added",
            "added:{\"k\":\"a\",\"n\":\"1\"};added:{\"k\":\"b\",\"n\":\"2\"}",
            run_one(st, "q1", ab, 0, 0, 1, &counter));
  CHECK_INT("state-first-run-counter-0", 0, counter);
  CHECK_STR("state-unchanged-silent", "", run_one(st, "q1", ab, 0, 0, 1, NULL));
  CHECK_STR(
      "state-change-removed-then-added",
      "removed:{\"k\":\"a\",\"n\":\"1\"};added:{\"k\":\"c\",\"n\":\"3\"}",
      run_one(st, "q1", "SELECT 'b' AS k, 2 AS n UNION ALL SELECT 'c', 3", 0, 0, 1, &counter));
  CHECK_INT("state-counter-counts-runs", 2, counter);
  CHECK_STR("state-failed-query-silent", "", run_one(st, "q1", NULL, 0, 0, 1, NULL));
  CHECK_STR("state-failed-query-kept-state", "",
            run_one(st, "q1", "SELECT 'c' AS k, 3 AS n UNION ALL SELECT 'b', 2", 0, 0, 1, NULL));
  CHECK_STR("state-removed-false", "", run_one(st, "q1", "SELECT 'b' AS k, 2 AS n", 0, 0, 0, NULL));
  CHECK_STR("state-removed-false-state-updated", "added:{\"k\":\"c\",\"n\":\"3\"}",
            run_one(st, "q1", "SELECT 'b' AS k, 2 AS n UNION ALL SELECT 'c', 3", 0, 0, 1, NULL));
  CHECK_STR("state-null-is-empty-string", "added:{\"v\":\"\"}",
            run_one(st, "q2", "SELECT NULL AS v", 0, 0, 1, NULL));
  CHECK_STR("state-multiset-added-twice", "added:{\"x\":\"1\"};added:{\"x\":\"1\"}",
            run_one(st, "q3", "SELECT 1 AS x UNION ALL SELECT 1", 0, 0, 1, NULL));
  CHECK_STR("state-multiset-one-removed", "removed:{\"x\":\"1\"}",
            run_one(st, "q3", "SELECT 1 AS x", 0, 0, 1, NULL));
  CHECK_STR("state-epoch-change-all-added", "added:{\"x\":\"1\"}",
            run_one(st, "q3", "SELECT 1 AS x", 7, 0, 1, &counter));
  CHECK_INT("state-epoch-change-counter-0", 0, counter);
  CHECK_STR("state-snapshot-line", "snapshot:[{\"k\":\"a\",\"n\":\"1\"},{\"k\":\"b\",\"n\":\"2\"}]",
            run_one(st, "q4", ab, 0, 1, 1, NULL));
  CHECK_STR("state-snapshot-every-run",
            "snapshot:[{\"k\":\"a\",\"n\":\"1\"},{\"k\":\"b\",\"n\":\"2\"}]",
            run_one(st, "q4", ab, 0, 1, 1, &counter));
  CHECK_INT("state-snapshot-counter", 1, counter);
  CHECK_STR("state-snapshot-without-file", "snapshot:[{\"x\":\"1\"}]",
            run_one(NULL, "q5", "SELECT 1 AS x", 0, 1, 1, NULL));
  CHECK_STR("state-differential-needs-file",
            "ERROR differential results need a state file (--state FILE.db)",
            run_one(NULL, "q5", "SELECT 1 AS x", 0, 0, 1, NULL));
  ds_state_close(st);

  /* The state persists across opens (a new process next minute). */
  st = ds_state_open(path, &err);
  CHECK_STR("state-persists", "",
            run_one(st, "q1", "SELECT 'b' AS k, 2 AS n UNION ALL SELECT 'c', 3", 0, 0, 1, NULL));
  ds_state_close(st);
  unlink(path);

  /* A database of something else is not touched. */
  sqlite3 *other;
  sqlite3_open(path, &other);
  sqlite3_exec(other, "CREATE TABLE customers(id)", NULL, NULL, NULL);
  sqlite3_close(other);
  st = ds_state_open(path, &err);
  CHECK("state-foreign-refused", st == NULL && err && strstr(err, "not a dockersec state file"));
  free(err);
  ds_state_close(st);
  unlink(path);

  char cal[64];
  ds_calendar_time(1462228052, cal, sizeof(cal));
  CHECK_STR("state-calendar-time", "Mon May  2 22:27:32 2016 UTC", cal);
  sqlite3_close(mem);
  CHECK_DONE();
}
