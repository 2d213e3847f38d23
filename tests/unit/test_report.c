/*
** test_report.c - the report model (summary, exit status) and the shape of
** every format, on a hand-built report: one passed, one failed (2 findings,
** one with an evidence column named like a check field) and one errored
** check.
*/
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/ds_util.h"
#include "cli/report/report.h"

static ds_check checks[3];
static char *refs[] = {"https://example.com/r", NULL};

static void fill_check(ds_check *c, const char *id, ds_severity sev) {
  c->id = (char *)id;
  c->control = "D01";
  c->title = "A title, with a comma";
  c->severity = sev;
  c->description = "D";
  c->remediation = "R";
  c->references = refs;
  c->nreferences = 1;
  c->file = "t.sql";
  c->line = 1;
  c->sql_line = 8;
}

/* Two findings: (container_id, container_name, title) */
static void fill_findings(ds_result *f) {
  f->ncols = 3;
  f->cols = calloc(3, sizeof(char *));
  f->cols[0] = ds_strdup("container_id");
  f->cols[1] = ds_strdup("container_name");
  f->cols[2] = ds_strdup("title");
  f->nrows = f->cap = 2;
  f->cells = calloc(6, sizeof(ds_value));
  const char *text[] = {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                        "web",
                        "evidence \"quoted\"",
                        "fedcba",
                        "db",
                        NULL};
  for (int i = 0; i < 6; i++) {
    if (text[i]) {
      f->cells[i].type = SQLITE_TEXT;
      f->cells[i].s = ds_strdup(text[i]);
    } else {
      f->cells[i].type = SQLITE_NULL;
    }
  }
}

static char *render(const ds_report *r, const char *format) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  const ds_report_format *fmt = ds_report_format_find(format);
  if (!f || !fmt) return NULL;
  int rc = fmt->write(r, f);
  fclose(f);
  if (rc != 0) {
    free(buf);
    return NULL;
  }
  return buf;
}

static int count_lines(const char *s) {
  int n = 0;
  for (; s && *s; s++)
    n += *s == '\n';
  return n;
}

int main(void) {
  fill_check(&checks[0], "D01.1", DS_SEV_HIGH);
  fill_check(&checks[1], "D01.2", DS_SEV_MEDIUM);
  fill_check(&checks[2], "D01.3", DS_SEV_LOW);
  checks[1].cis = "4.1";
  ds_report r = {.tool = "dockersec", .version = "test", .fail_on = DS_SEV_LOW};
  r.host = ds_strdup("h");
  r.docker_host = ds_strdup("unix:///x.sock");
  strcpy(r.started_at, "2024-01-01T00:00:00.000Z");
  r.results = calloc(3, sizeof(ds_check_result));
  r.nresults = 3;
  r.results[0].check = &checks[0];
  r.results[0].status = DS_STATUS_PASS;
  r.results[1].check = &checks[1];
  r.results[1].status = DS_STATUS_FAIL;
  fill_findings(&r.results[1].findings);
  r.results[2].check = &checks[2];
  r.results[2].status = DS_STATUS_ERROR;
  r.results[2].error = ds_strdup("no such table: x");
  ds_report_summarise(&r);

  CHECK_INT("summary-checks", 3, r.checks);
  CHECK_INT("summary-passed", 1, r.passed);
  CHECK_INT("summary-failed", 1, r.failed);
  CHECK_INT("summary-errors", 1, r.errors);
  CHECK_INT("summary-findings", 2, r.findings);
  CHECK_INT("summary-medium", 2, r.by_severity[DS_SEV_MEDIUM]);
  CHECK_INT("exit-error-wins", 2, ds_report_exit_status(&r));
  r.errors = 0;
  CHECK_INT("exit-findings-at-threshold", 1, ds_report_exit_status(&r));
  r.fail_on = DS_SEV_MEDIUM;
  CHECK_INT("exit-findings-equal-threshold", 1, ds_report_exit_status(&r));
  r.fail_on = DS_SEV_HIGH;
  CHECK_INT("exit-findings-below-threshold", 0, ds_report_exit_status(&r));
  r.fail_on = DS_SEV_COUNT;
  CHECK_INT("exit-fail-on-none", 0, ds_report_exit_status(&r));
  CHECK_STR("fail-on-none-name", "none", ds_fail_on_name(r.fail_on));
  r.fail_on = DS_SEV_LOW;
  ds_report_summarise(&r);

  char *json = render(&r, "json");
  json_object *doc = json ? json_tokener_parse(json) : NULL;
  CHECK("json-parses", doc != NULL);
  json_object *v, *results;
  CHECK("json-tool", json_object_object_get_ex(doc, "tool", &v) &&
                         !strcmp(json_object_get_string(v), "dockersec"));
  CHECK("json-summary-medium", json_object_object_get_ex(doc, "summary", &v) &&
                                   json_object_object_get_ex(v, "medium", &v) &&
                                   json_object_get_int(v) == 2);
  CHECK("json-results", json_object_object_get_ex(doc, "results", &results) &&
                            json_object_array_length(results) == 3);
  json_object *r1 = results ? json_object_array_get_idx(results, 1) : NULL;
  CHECK("json-status",
        json_object_object_get_ex(r1, "status", &v) && !strcmp(json_object_get_string(v), "fail"));
  CHECK("json-cis", json_object_object_get_ex(r1, "cis", &v));
  CHECK("json-findings-rows",
        json_object_object_get_ex(r1, "findings", &v) && json_object_array_length(v) == 2);
  json_object *r2 = results ? json_object_array_get_idx(results, 2) : NULL;
  CHECK("json-error-text", json_object_object_get_ex(r2, "error", &v) &&
                               !strcmp(json_object_get_string(v), "no such table: x"));
  CHECK("json-no-cis-when-unset", !json_object_object_get_ex(r2, "cis", NULL));
  json_object_put(doc);
  free(json);

  char *jsonl = render(&r, "jsonl");
  CHECK_INT("jsonl-lines", 3, count_lines(jsonl)); /* 2 findings + 1 error */
  json_object *first = jsonl ? json_tokener_parse(jsonl) : NULL;
  CHECK("jsonl-merged-check", json_object_object_get_ex(first, "check", &v) &&
                                  !strcmp(json_object_get_string(v), "D01.2"));
  CHECK("jsonl-evidence", json_object_object_get_ex(first, "container_name", &v) &&
                              !strcmp(json_object_get_string(v), "web"));
  CHECK("jsonl-collision-renamed", json_object_object_get_ex(first, "row_title", &v) &&
                                       json_object_object_get_ex(first, "title", &v) &&
                                       !strcmp(json_object_get_string(v), "A title, with a comma"));
  json_object_put(first);
  CHECK("jsonl-error-line", jsonl && strstr(jsonl, "\"status\":\"error\"") != NULL);
  free(jsonl);

  char *csv = render(&r, "csv");
  CHECK("csv-header", csv && strncmp(csv,
                                     "check,control,severity,status,title,cis,container_id,"
                                     "container_name,evidence,error\r\n",
                                     82) == 0);
  CHECK_INT("csv-rows", 5, count_lines(csv)); /* header + pass + 2 findings + error */
  CHECK("csv-quoted-title", csv && strstr(csv, ",\"A title, with a comma\",") != NULL);
  CHECK("csv-evidence-json", csv && strstr(csv, "\"{\"\"title\"\":\"\"evidence") != NULL);
  free(csv);

  char *table = render(&r, "table");
  CHECK("table-short-id", table && strstr(table, "| 0123456789ab ") != NULL &&
                              strstr(table, "0123456789abc ") == NULL);
  CHECK("table-error-location", table && strstr(table, "t.sql:8: no such table: x") != NULL);
  CHECK("table-summary", table && strstr(table, "3 checks: 1 passed, 1 failed, 1 errors") != NULL);
  free(table);

  for (size_t i = 0; i < r.nresults; i++)
    r.results[i].check = NULL;
  ds_report_free(&r);
  CHECK_DONE();
}
