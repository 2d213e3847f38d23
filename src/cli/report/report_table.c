/*
** report_table.c - `--format table`, for a person at a terminal, most
** urgent first:
**   1. the summary: counts by severity, waived, the top checks;
**   2. the findings not waived, by severity (critical first) and check -
**      or, with --group-by container, one block per container (host and
**      engine findings last);
**   3. the waived findings, each with its waiver's reason;
**   4. the checks that could not run; the expired and stale waivers;
**   5. one line per check.
** --min-severity hides the findings (and checks) below it; the summary and
** the exit status still count them.
*/
#include <stdlib.h>
#include <string.h>

#include "common/ds_sanitize.h"
#include "common/ds_util.h"
#include "cli/report/report.h"

#define SHORT_ID   12 /* docker ps shows 12 hex digits */
#define TOP_CHECKS 5

static int is_hex_id(const char *s) {
  size_t n = 0;
  for (; s[n]; n++)
    if (!strchr("0123456789abcdef", s[n])) return 0;
  return n == 64;
}

/* Which rows of a check a table shows. */
enum { ROWS_OPEN, ROWS_WAIVED };

static int row_wanted(const ds_check_result *cr, size_t row, int which) {
  int waived = ds_note_waived(ds_check_note(cr, row));
  return which == ROWS_WAIVED ? waived : !waived;
}

static size_t count_rows(const ds_check_result *cr, int which) {
  size_t n = 0;
  for (size_t row = 0; cr->status == DS_STATUS_FAIL && row < cr->findings.nrows; row++)
    n += (size_t)row_wanted(cr, row, which);
  return n;
}

/* The evidence table of the wanted rows, full container ids shortened as
** `docker ps` shows them, dockersec's own container named as such, and
** (waived rows) the waiver's reason: a shallow view whose cells point into
** `texts` or the findings. */
static void print_evidence(const ds_check_result *cr, int which, FILE *out) {
  const ds_result *f = &cr->findings;
  int extra = which == ROWS_WAIVED, ncols = f->ncols + extra;
  size_t n = count_rows(cr, which), ncells = n * (size_t)ncols;
  ds_value *cells = calloc(ncells ? ncells : 1, sizeof(ds_value));
  char **texts = calloc(ncells ? ncells : 1, sizeof(char *));
  char **cols = calloc((size_t)ncols, sizeof(char *));
  if (!cells || !texts || !cols) goto done;
  memcpy(cols, f->cols, (size_t)f->ncols * sizeof(char *));
  if (extra) cols[f->ncols] = "waiver";
  size_t k = 0;
  for (size_t row = 0; row < f->nrows; row++) {
    if (!row_wanted(cr, row, which)) continue;
    const ds_finding_note *note = ds_check_note(cr, row);
    ds_value *dst = &cells[k * (size_t)ncols];
    memcpy(dst, &f->cells[row * (size_t)f->ncols], (size_t)f->ncols * sizeof(ds_value));
    for (int c = 0; c < f->ncols; c++) {
      char **t = &texts[k * (size_t)ncols + (size_t)c];
      if (dst[c].type != SQLITE_TEXT) continue;
      if (strcmp(f->cols[c], "container_id") == 0 && is_hex_id(dst[c].s))
        *t = ds_strndup(dst[c].s, SHORT_ID);
      else if (note && note->self && strcmp(f->cols[c], "container_name") == 0)
        *t = ds_mprintf("%s (dockersec itself)", dst[c].s);
      if (*t) dst[c].s = *t;
    }
    if (extra && note && note->waiver) {
      char **t = &texts[k * (size_t)ncols + (size_t)f->ncols];
      *t = ds_mprintf("%s:%d: %s", note->waiver->file, note->waiver->line, note->waiver->reason);
      dst[f->ncols].type = *t ? SQLITE_TEXT : SQLITE_NULL;
      dst[f->ncols].s = *t;
    }
    k++;
  }
  ds_result view = {.ncols = ncols, .cols = cols, .cells = cells, .nrows = n, .cap = n};
  ds_result_print(&view, FMT_TABLE, out);
done:
  for (size_t i = 0; texts && i < ncells; i++)
    free(texts[i]);
  free(texts);
  free(cells);
  free(cols);
}

static void print_controls(const ds_check *c, FILE *out) {
  if (c->ncontrols > 1) {
    fputs("  controls:", out);
    for (int i = 0; i < c->ncontrols; i++)
      fprintf(out, "%s %s", i ? "," : "", c->controls[i]);
    fputc('\n', out);
  }
}

static void print_check(const ds_check_result *cr, int which, FILE *out) {
  const ds_check *c = cr->check;
  size_t n = count_rows(cr, which);
  if (n == 0) return;
  fprintf(out, "%s %s [%s] %s: %zu finding%s\n", which == ROWS_WAIVED ? "WAIVED" : "FAIL", c->id,
          ds_severity_name(c->severity), c->title, n, n == 1 ? "" : "s");
  if (which == ROWS_OPEN) {
    fprintf(out, "  why: %s\n  fix: %s\n", c->description, c->remediation);
    print_controls(c, out);
    if (c->cis) fprintf(out, "  cis: %s\n", c->cis);
    for (int i = 0; i < c->nreferences; i++)
      fprintf(out, "  ref: %s\n", c->references[i]);
  }
  print_evidence(cr, which, out);
  fputc('\n', out);
}

static int shown(const ds_report *r, const ds_check_result *cr) {
  return cr->check->severity >= r->min_severity;
}

/* ---- 1. the summary ------------------------------------------------------ */

static int cmp_top(const void *a, const void *b) {
  const ds_check_result *x = *(const ds_check_result *const *)a;
  const ds_check_result *y = *(const ds_check_result *const *)b;
  if (x->check->severity != y->check->severity)
    return (int)y->check->severity - (int)x->check->severity;
  size_t nx = x->findings.nrows - x->waived, ny = y->findings.nrows - y->waived;
  return nx < ny ? 1 : nx > ny ? -1 : 0;
}

static void print_summary(const ds_report *r, FILE *out) {
  fprintf(out, "%s %s on %s (%s), %s, %lld ms\n", r->tool, r->version, ds_or(r->host, "?"),
          ds_or(r->docker_host, "?"), r->started_at, r->duration_ms);
  fprintf(out, "%d checks: %d passed, %d failed, %d errors", r->checks, r->passed, r->failed,
          r->errors);
  if (r->skipped) fprintf(out, ", %d skipped", r->skipped);
  fprintf(out, "; %lld findings (", r->findings);
  for (int s = DS_SEV_COUNT - 1; s >= 0; s--)
    fprintf(out, "%s%lld %s", s == DS_SEV_COUNT - 1 ? "" : ", ", r->by_severity[s],
            ds_severity_name((ds_severity)s));
  fprintf(out, "), %lld waived; fail-on %s", r->waived, ds_fail_on_name(r->fail_on));
  if (r->min_severity > DS_SEV_INFO)
    fprintf(out, "; showing %s and above", ds_severity_name(r->min_severity));
  fputc('\n', out);
  if (r->warning) fprintf(out, "WARNING: %s\n", r->warning);
  if (r->packs) fprintf(out, "pack %s sha256:%s\n", r->packs, ds_or(r->pack_sha256, "?"));
  const ds_check_result **top = calloc(r->nresults + 1, sizeof(*top));
  size_t n = 0;
  for (size_t i = 0; top && i < r->nresults; i++)
    if (count_rows(&r->results[i], ROWS_OPEN) > 0) top[n++] = &r->results[i];
  if (n) {
    qsort(top, n, sizeof(*top), cmp_top);
    fputs("top checks:", out);
    for (size_t i = 0; i < n && i < TOP_CHECKS; i++)
      fprintf(out, "%s %s (%zu %s)", i ? "," : "", top[i]->check->id,
              top[i]->findings.nrows - top[i]->waived, ds_severity_name(top[i]->check->severity));
    fputc('\n', out);
  }
  free(top);
  fputc('\n', out);
}

/* ---- 2. by container ----------------------------------------------------- */

/* One line per finding: severity, check, title, then its other columns. */
static void print_finding_line(const ds_check_result *cr, size_t row, FILE *out) {
  const ds_result *f = &cr->findings;
  fprintf(out, "  [%s] %s %s:", ds_severity_name(cr->check->severity), cr->check->id,
          cr->check->title);
  for (int c = 0; c < f->ncols; c++) {
    if (strcmp(f->cols[c], "container_id") == 0 || strcmp(f->cols[c], "container_name") == 0)
      continue;
    const ds_value *v = &f->cells[row * (size_t)f->ncols + (size_t)c];
    json_object *j = ds_value_json(v);
    const char *t = v->type == SQLITE_TEXT ? v->s : j ? json_object_to_json_string(j) : "null";
    /* One line per finding, controls shown escaped (common/ds_sanitize.h). */
    char *clean = ds_sanitize(t, DS_SAN_FLATTEN);
    fprintf(out, " %s=%s", f->cols[c], clean ? clean : "?");
    free(clean);
    json_object_put(j);
  }
  fputc('\n', out);
}

static void visit_line(const ds_report *r, const ds_check_result *cr, size_t row, void *out) {
  DS_UNUSED(r);
  print_finding_line(cr, row, out);
}

/* One block per container (ds_report_containers: the HTML groups alike). */
static void print_by_container(const ds_report *r, FILE *out) {
  size_t n = 0;
  const char **names = ds_report_containers(r, &n);
  for (size_t i = 0; i < n; i++) {
    char *name = ds_sanitize(names[i], DS_SAN_FLATTEN);
    fprintf(out, "== %s%s ==\n", *names[i] ? "container " : "host and engine", name ? name : "?");
    free(name);
    ds_report_each_in_container(r, names[i], visit_line, out);
    fputc('\n', out);
  }
  free(names);
}

/* ---- 4. errors, waivers; 5. the checks ------------------------------------ */

static void print_waivers(const ds_report *r, FILE *out) {
  const ds_waivers *ws = r->waivers;
  for (size_t i = 0; ws && i < ws->n; i++) {
    const ds_waiver *w = &ws->w[i];
    if (!w->expired && w->waived > 0) continue;
    fprintf(out, "%s waiver %s:%d: %s %s%s%s%s%s -- %s", w->expired ? "EXPIRED" : "STALE", w->file,
            w->line, w->what, w->container, w->image ? " image=" : "", ds_or(w->image, ""),
            w->expires[0] ? " expires=" : "", w->expires, w->reason);
    if (w->expired)
      fprintf(out, " (no longer waives: %ld finding%s counted)\n", w->would_waive,
              w->would_waive == 1 ? "" : "s");
    else
      fputs(" (matched no finding)\n", out);
  }
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
    int unrun = cr->status == DS_STATUS_ERROR || cr->status == DS_STATUS_SKIPPED;
    if (!shown(r, cr) && !unrun) continue;
    char count[48] = "-";
    if (!unrun) {
      int n = snprintf(count, sizeof(count), "%zu", cr->findings.nrows - cr->waived);
      if (cr->waived && n > 0) snprintf(count + n, sizeof(count) - (size_t)n, "+%zuw", cr->waived);
    }
    const char *status = cr->status == DS_STATUS_PASS       ? "pass"
                         : cr->status == DS_STATUS_ERROR    ? "ERROR"
                         : cr->status == DS_STATUS_SKIPPED  ? "skip"
                         : cr->waived == cr->findings.nrows ? "waived"
                                                            : "FAIL";
    fprintf(out, "%-6s %-*s %-*s %8s  %s\n", status, (int)idw, cr->check->id, (int)sevw,
            ds_severity_name(cr->check->severity), count, cr->check->title);
  }
}

int ds_report_write_table(const ds_report *r, FILE *out) {
  print_summary(r, out);
  if (r->group_by_container) {
    print_by_container(r, out);
  } else {
    for (int s = DS_SEV_COUNT - 1; s >= (int)r->min_severity; s--)
      for (size_t i = 0; i < r->nresults; i++)
        if ((int)r->results[i].check->severity == s) print_check(&r->results[i], ROWS_OPEN, out);
  }
  size_t waived_shown = 0;
  for (size_t i = 0; i < r->nresults; i++)
    if (shown(r, &r->results[i])) waived_shown += r->results[i].waived;
  if (waived_shown > 0) {
    fputs("== waived (reported, not counted for --fail-on) ==\n", out);
    for (size_t i = 0; i < r->nresults; i++)
      if (shown(r, &r->results[i])) print_check(&r->results[i], ROWS_WAIVED, out);
  }
  for (size_t i = 0; i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    if (cr->status != DS_STATUS_ERROR) continue;
    /* The error may quote the engine: controls shown escaped. */
    char *error = ds_sanitize(cr->error ? cr->error : "unknown error", 0);
    fprintf(out, "ERROR %s [%s] %s\n  %s:%d: %s\n\n", cr->check->id,
            ds_severity_name(cr->check->severity), cr->check->title, cr->check->file,
            cr->check->sql_line, error ? error : "?");
    free(error);
  }
  for (size_t i = 0; i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    if (cr->status != DS_STATUS_SKIPPED) continue;
    fprintf(out, "SKIPPED %s [%s] %s: %s\n", cr->check->id, ds_severity_name(cr->check->severity),
            cr->check->title, cr->error ? cr->error : "skipped");
  }
  print_waivers(r, out);
  print_overview(r, out);
  return ferror(out) ? -1 : 0;
}
