/*
** report.c - the report's bookkeeping (summary, exit status) and the table
** of output formats.
*/
#include <stdlib.h>
#include <string.h>

#include "cli/report/report.h"

const ds_report_format ds_report_formats[] = {
    {"table", ds_report_write_table, "summary, then each failed check with its evidence"},
    {"json", ds_report_write_json, "one JSON document: run metadata, summary, every check"},
    {"jsonl", ds_report_write_jsonl, "one JSON object per finding (and per failed check run)"},
    {"csv", ds_report_write_csv, "one RFC 4180 row per finding, per passed and per errored check"},
    {"sarif", ds_report_write_sarif, "SARIF 2.1.0 for code-scanning views (rules + results)"},
    {"html", ds_report_write_html, "one self-contained HTML page: summary, chart, findings"},
    {NULL, NULL, NULL},
};

const ds_report_format *ds_report_format_find(const char *name) {
  for (int i = 0; name && ds_report_formats[i].name; i++)
    if (strcmp(ds_report_formats[i].name, name) == 0) return &ds_report_formats[i];
  return NULL;
}

const char *ds_status_name(ds_check_status s) {
  switch (s) {
  case DS_STATUS_PASS:
    return "pass";
  case DS_STATUS_FAIL:
    return "fail";
  case DS_STATUS_SKIPPED:
    return "skipped";
  default:
    return "error";
  }
}

const char *ds_fail_on_name(ds_severity fail_on) {
  return fail_on >= DS_SEV_COUNT ? "none" : ds_severity_name(fail_on);
}

void ds_report_summarise(ds_report *r) {
  r->checks = (int)r->nresults;
  r->passed = r->failed = r->errors = r->skipped = 0;
  r->findings = r->waived = 0;
  memset(r->by_severity, 0, sizeof(r->by_severity));
  memset(r->failed_by_severity, 0, sizeof(r->failed_by_severity));
  for (size_t i = 0; i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    switch (cr->status) {
    case DS_STATUS_PASS:
      r->passed++;
      break;
    case DS_STATUS_FAIL: {
      long long open = (long long)(cr->findings.nrows - cr->waived);
      r->failed++;
      if (open > 0) r->failed_by_severity[cr->check->severity]++;
      r->by_severity[cr->check->severity] += open;
      r->findings += open;
      r->waived += (long long)cr->waived;
      break;
    }
    case DS_STATUS_SKIPPED:
      r->skipped++;
      break;
    default:
      r->errors++;
    }
  }
}

int ds_report_exit_status(const ds_report *r) {
  if (r->errors > 0) return 2;
  for (int s = (int)r->fail_on; s < DS_SEV_COUNT; s++)
    if (r->failed_by_severity[s] > 0) return 1;
  return 0;
}

void ds_report_free(ds_report *r) {
  for (size_t i = 0; i < r->nresults; i++) {
    free(r->results[i].error);
    free(r->results[i].notes);
    ds_result_free(&r->results[i].findings);
  }
  free(r->results);
  free(r->host);
  free(r->docker_host);
  free(r->packs);
  free(r->pack_sha256);
  free(r->warning);
  memset(r, 0, sizeof(*r));
}

/* ---- --group-by container ------------------------------------------------ */

static const char *row_text(const ds_check_result *cr, size_t row, const char *col) {
  const ds_result *f = &cr->findings;
  for (int c = 0; c < f->ncols; c++)
    if (strcmp(f->cols[c], col) == 0) {
      const ds_value *v = &f->cells[row * (size_t)f->ncols + (size_t)c];
      return v->type == SQLITE_TEXT ? v->s : NULL;
    }
  return NULL;
}

const char *ds_finding_container(const ds_check_result *cr, size_t row) {
  const char *name = row_text(cr, row, "container_name");
  if (!name) name = row_text(cr, row, "container_id");
  if (name && *name == '/') name++;
  return name ? name : "";
}

int ds_finding_shown_open(const ds_report *r, const ds_check_result *cr, size_t row) {
  return cr->status == DS_STATUS_FAIL && cr->check->severity >= r->min_severity &&
         row < cr->findings.nrows && !ds_note_waived(ds_check_note(cr, row));
}

static int cmp_container(const void *a, const void *b) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  if (!*x || !*y) return *y - *x; /* "" (the host) last */
  return strcmp(x, y);
}

const char **ds_report_containers(const ds_report *r, size_t *n) {
  size_t rows = 0, k = 0;
  *n = 0;
  for (size_t i = 0; i < r->nresults; i++)
    rows += r->results[i].findings.nrows;
  const char **names = rows ? calloc(rows, sizeof(char *)) : NULL;
  for (size_t i = 0; names && i < r->nresults; i++)
    for (size_t row = 0; row < r->results[i].findings.nrows; row++)
      if (ds_finding_shown_open(r, &r->results[i], row))
        names[k++] = ds_finding_container(&r->results[i], row);
  if (k == 0) {
    free(names);
    return NULL;
  }
  qsort(names, k, sizeof(char *), cmp_container);
  for (size_t i = 0; i < k; i++) /* the distinct ones, in place */
    if (*n == 0 || strcmp(names[i], names[*n - 1]) != 0) names[(*n)++] = names[i];
  return names;
}

void ds_report_each_in_container(const ds_report *r, const char *container,
                                 ds_finding_visitor visit, void *arg) {
  for (int s = DS_SEV_COUNT - 1; s >= 0; s--)
    for (size_t c = 0; c < r->nresults; c++) {
      const ds_check_result *cr = &r->results[c];
      if ((int)cr->check->severity != s) continue;
      for (size_t row = 0; row < cr->findings.nrows; row++)
        if (ds_finding_shown_open(r, cr, row) &&
            strcmp(ds_finding_container(cr, row), container) == 0)
          visit(r, cr, row, arg);
    }
}
