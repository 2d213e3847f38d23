/*
** report_table.c - `--format table`, for a person at a terminal: each
** failed or errored check with what to do and its evidence, then one line
** per check, then the summary.  The last lines on the screen are the ones
** that matter most.
*/
#include <stdlib.h>
#include <string.h>

#include "common/ds_sanitize.h"
#include "common/ds_util.h"
#include "cli/report/report.h"

#define SHORT_ID 12 /* docker ps shows 12 hex digits */

static int is_hex_id(const char *s) {
  size_t n = 0;
  for (; s[n]; n++)
    if (!strchr("0123456789abcdef", s[n])) return 0;
  return n == 64;
}

/* The evidence table with full container ids shortened as `docker ps`
** shows them: a shallow copy whose cells point into `shorts`. */
static void print_evidence(const ds_result *f, FILE *out) {
  size_t ncells = f->nrows * (size_t)f->ncols;
  ds_value *cells = malloc((ncells ? ncells : 1) * sizeof(ds_value));
  char(*shorts)[SHORT_ID + 1] = malloc((ncells ? ncells : 1) * sizeof(*shorts));
  if (!cells || !shorts) {
    free(cells);
    free(shorts);
    ds_result_print(f, FMT_TABLE, out);
    return;
  }
  memcpy(cells, f->cells, ncells * sizeof(ds_value));
  for (size_t i = 0; i < ncells; i++) {
    if (cells[i].type == SQLITE_TEXT && is_hex_id(cells[i].s) &&
        strcmp(f->cols[i % (size_t)f->ncols], "container_id") == 0) {
      memcpy(shorts[i], cells[i].s, SHORT_ID);
      shorts[i][SHORT_ID] = '\0';
      cells[i].s = shorts[i];
    }
  }
  ds_result view = *f;
  view.cells = cells;
  ds_result_print(&view, FMT_TABLE, out);
  free(cells);
  free(shorts);
}

static void print_details(const ds_check_result *cr, FILE *out) {
  const ds_check *c = cr->check;
  if (cr->status == DS_STATUS_ERROR) {
    /* The error may quote the engine: controls shown escaped. */
    char *error = ds_sanitize(cr->error ? cr->error : "unknown error", 0);
    fprintf(out, "ERROR %s [%s] %s\n  %s:%d: %s\n\n", c->id, ds_severity_name(c->severity),
            c->title, c->file, c->sql_line, error ? error : "?");
    free(error);
    return;
  }
  fprintf(out, "FAIL %s [%s] %s: %zu finding%s\n", c->id, ds_severity_name(c->severity), c->title,
          cr->findings.nrows, cr->findings.nrows == 1 ? "" : "s");
  fprintf(out, "  why: %s\n  fix: %s\n", c->description, c->remediation);
  if (c->cis) fprintf(out, "  cis: %s\n", c->cis);
  for (int i = 0; i < c->nreferences; i++)
    fprintf(out, "  ref: %s\n", c->references[i]);
  print_evidence(&cr->findings, out);
  fputc('\n', out);
}

static void print_overview(const ds_report *r, FILE *out) {
  size_t idw = 5, sevw = 8;
  for (size_t i = 0; i < r->nresults; i++) {
    size_t n = strlen(r->results[i].check->id);
    if (n > idw) idw = n;
  }
  fprintf(out, "%-6s %-*s %-*s %8s  %s\n", "STATUS", (int)idw, "CHECK", (int)sevw, "SEVERITY",
          "FINDINGS", "TITLE");
  for (size_t i = 0; i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    char count[24] = "-";
    if (cr->status != DS_STATUS_ERROR) snprintf(count, sizeof(count), "%zu", cr->findings.nrows);
    const char *status = cr->status == DS_STATUS_PASS   ? "pass"
                         : cr->status == DS_STATUS_FAIL ? "FAIL"
                                                        : "ERROR";
    fprintf(out, "%-6s %-*s %-*s %8s  %s\n", status, (int)idw, cr->check->id, (int)sevw,
            ds_severity_name(cr->check->severity), count, cr->check->title);
  }
}

int ds_report_write_table(const ds_report *r, FILE *out) {
  for (size_t i = 0; i < r->nresults; i++)
    if (r->results[i].status != DS_STATUS_PASS) print_details(&r->results[i], out);
  print_overview(r, out);
  fprintf(out, "\n%s %s on %s (%s), %s, %lld ms\n", r->tool, r->version, ds_or(r->host, "?"),
          ds_or(r->docker_host, "?"), r->started_at, r->duration_ms);
  if (r->warning) fprintf(out, "WARNING: %s\n", r->warning);
  if (r->packs) fprintf(out, "pack %s sha256:%s\n", r->packs, ds_or(r->pack_sha256, "?"));
  fprintf(out, "%d checks: %d passed, %d failed, %d errors; %lld findings (", r->checks, r->passed,
          r->failed, r->errors, r->findings);
  for (int s = DS_SEV_COUNT - 1; s >= 0; s--)
    fprintf(out, "%s%lld %s", s == DS_SEV_COUNT - 1 ? "" : ", ", r->by_severity[s],
            ds_severity_name((ds_severity)s));
  fprintf(out, "); fail-on %s\n", ds_fail_on_name(r->fail_on));
  return ferror(out) ? -1 : 0;
}
