/*
** report_html.c - `--format html`: one self-contained page for people.
**
** No script, no external resource (a Content-Security-Policy forbids any),
** so it opens the same from a mail attachment, a CI artifact or an
** air-gapped host: a summary on top, a bar chart (inline SVG) of findings
** per OWASP control and severity, the failed checks most severe first (with
** --group-by container: one block per container, report_html_finding.c),
** then the checks grouped by control D01-D10,
** each one and each finding expandable (<details>) down to its evidence.
** Counts are also in data-* attributes so tests and scrapers read them
** without parsing prose.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ds_sanitize.h"
#include "common/ds_util.h"
#include "cli/report/report.h"
#include "cli/report/report_html.h"

#define CHART_WIDTH  760
#define CHART_LABEL  300
#define CHART_ROW    30
#define CHART_BAR    18
#define MAX_CONTROLS 64

static const char *const control_names[][2] = {
    {"D01", "Secure User Mapping"},
    {"D02", "Patch Management Strategy"},
    {"D03", "Network Segmentation and Firewalling"},
    {"D04", "Secure Defaults and Hardening"},
    {"D05", "Maintain Security Contexts"},
    {"D06", "Protect Secrets"},
    {"D07", "Resource Protection"},
    {"D08", "Container Image Integrity and Origin"},
    {"D09", "Follow Immutable Paradigm"},
    {"D10", "Logging"},
};

static const char *control_title(const char *id) {
  for (size_t i = 0; i < sizeof(control_names) / sizeof(control_names[0]); i++)
    if (strcmp(control_names[i][0], id) == 0) return control_names[i][1];
  return "Other checks";
}

static const char *const style =
    ":root{--critical:#8e24aa;--high:#c62828;--medium:#ef6c00;--low:#1565c0;--info:#546e7a;"
    "--pass:#2e7d32;--fg:#1c1f23;--muted:#5f6b76;--line:#d9dee3;--bg:#f6f8fa}"
    "*{box-sizing:border-box}"
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--fg);"
    "margin:0 auto;max-width:1100px;padding:24px}"
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px}"
    ".meta{color:var(--muted);margin:0 0 18px}"
    ".cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}"
    ".card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:120px;"
    "background:#fff}.card b{display:block;font-size:24px}.card span{color:var(--muted)}.card "
    "span.sev{color:#fff}"
    ".sev{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;font-size:12px;"
    "font-weight:600;text-transform:uppercase;letter-spacing:.03em}"
    ".sev-critical{background:var(--critical)}.sev-high{background:var(--high)}"
    ".sev-medium{background:var(--medium)}.sev-low{background:var(--low)}"
    ".sev-info{background:var(--info)}.sev-pass{background:var(--pass)}.sev-error{background:#000}"
    "svg text{font:13px system-ui,sans-serif;fill:var(--fg)}"
    ".bar-critical{fill:var(--critical)}.bar-high{fill:var(--high)}"
    ".bar-medium{fill:var(--medium)}.bar-low{fill:var(--low)}.bar-info{fill:var(--info)}"
    ".legend{display:flex;gap:14px;color:var(--muted);font-size:13px;margin:4px 0 0}"
    ".control{border-top:2px solid var(--line);margin-top:22px}"
    ".control h2 small,.container h3 small{color:var(--muted);font-weight:normal;font-size:14px;"
    "margin-left:8px}"
    ".container{border-top:1px solid var(--line);margin-top:14px}.container h3{font-size:16px}"
    "details{border:1px solid var(--line);border-radius:6px;margin:6px 0;background:#fff}"
    "details>summary{cursor:pointer;padding:8px 12px;list-style-position:inside}"
    "details[open]>summary{border-bottom:1px solid var(--line);background:var(--bg)}"
    ".body{padding:8px 14px}.finding{margin:6px 0 6px 4px}"
    ".count{color:var(--muted);margin-left:6px}"
    "table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}"
    "th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}"
    "th{background:var(--bg);width:220px;font-weight:600}"
    "td code,td{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}"
    ".passed{color:var(--muted);font-size:14px;columns:2;margin:8px 0}"
    ".error{border-left:4px solid #000;padding:6px 10px;background:#fff4f4;margin:6px 0}"
    "footer{color:var(--muted);font-size:13px;margin-top:30px}";

/* The distinct controls of the run, D01..D10 first (as named), in order. */
typedef struct control_stats {
  const char *id;
  long long by_sev[DS_SEV_COUNT];
  long long findings;
  int checks, failed, errors;
} control_stats;

static int cmp_controls(const void *a, const void *b) {
  const control_stats *x = a, *y = b;
  int xd = strcmp(control_title(x->id), "Other checks") != 0;
  int yd = strcmp(control_title(y->id), "Other checks") != 0;
  if (xd != yd) return yd - xd;
  return strcmp(x->id, y->id);
}

static size_t collect_controls(const ds_report *r, control_stats *cs) {
  size_t n = 0;
  for (size_t i = 0; i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    size_t k = 0;
    while (k < n && strcmp(cs[k].id, cr->check->control) != 0)
      k++;
    if (k == n) {
      if (n == MAX_CONTROLS) continue;
      memset(&cs[n], 0, sizeof(cs[n]));
      cs[n++].id = cr->check->control;
    }
    cs[k].checks++;
    if (cr->status == DS_STATUS_FAIL) {
      cs[k].failed++;
      cs[k].by_sev[cr->check->severity] += (long long)(cr->findings.nrows - cr->waived);
      cs[k].findings += (long long)(cr->findings.nrows - cr->waived);
    } else if (cr->status == DS_STATUS_ERROR) {
      cs[k].errors++;
    }
  }
  if (n > 1) qsort(cs, n, sizeof(*cs), cmp_controls);
  return n;
}

static void write_summary(const ds_report *r, FILE *out) {
  fputs("<section id=\"summary\">\n<div class=\"cards\">\n", out);
  fprintf(out,
          "<div class=\"card\"><b id=\"checks\" data-count=\"%d\">%d</b><span>checks</span></div>\n"
          "<div class=\"card\"><b id=\"passed\" data-count=\"%d\">%d</b><span>passed</span></div>\n"
          "<div class=\"card\"><b id=\"failed\" data-count=\"%d\">%d</b><span>failed</span></div>\n"
          "<div class=\"card\"><b id=\"errors\" data-count=\"%d\">%d</b><span>could not "
          "run</span></div>\n"
          "<div class=\"card\"><b id=\"skipped\" data-count=\"%d\">%d</b><span>skipped (no "
          "engine API)</span></div>\n"
          "<div class=\"card\"><b id=\"findings\" data-count=\"%lld\">%lld</b>"
          "<span>findings</span></div>\n",
          r->checks, r->checks, r->passed, r->passed, r->failed, r->failed, r->errors, r->errors,
          r->skipped, r->skipped, r->findings, r->findings);
  fputs("</div>\n<div class=\"cards\">\n", out);
  for (int s = DS_SEV_COUNT - 1; s >= 0; s--) {
    const char *name = ds_severity_name((ds_severity)s);
    fprintf(out,
            "<div class=\"card\"><b class=\"sevcount\" data-severity=\"%s\" "
            "data-count=\"%lld\">%lld</b><span class=\"sev sev-%s\">%s</span></div>\n",
            name, r->by_severity[s], r->by_severity[s], name, name);
  }
  fputs("</div>\n</section>\n", out);
}

static void write_chart(const control_stats *cs, size_t n, FILE *out) {
  long long max = 1;
  for (size_t i = 0; i < n; i++)
    if (cs[i].findings > max) max = cs[i].findings;
  int height = (int)n * CHART_ROW + 10;
  double scale = (double)(CHART_WIDTH - CHART_LABEL - 60) / (double)max;
  fputs("<section id=\"chart\">\n<h2>Findings by control and severity</h2>\n", out);
  fprintf(out,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
          "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Findings per OWASP control, stacked "
          "by severity\">\n",
          CHART_WIDTH, height, CHART_WIDTH, height);
  for (size_t i = 0; i < n; i++) {
    int y = (int)i * CHART_ROW + 4;
    fprintf(out, "<g class=\"row\" data-control=\"");
    ds_html_esc(out, cs[i].id);
    fprintf(out, "\" data-findings=\"%lld\">\n<text x=\"0\" y=\"%d\">", cs[i].findings,
            y + CHART_BAR - 4);
    ds_html_esc(out, cs[i].id);
    fputs(" ", out);
    ds_html_esc(out, control_title(cs[i].id));
    fputs("</text>\n", out);
    double x = CHART_LABEL;
    for (int s = DS_SEV_COUNT - 1; s >= 0; s--) {
      long long c = cs[i].by_sev[s];
      if (c == 0) continue;
      double w = (double)c * scale;
      if (w < 2) w = 2;
      const char *name = ds_severity_name((ds_severity)s);
      fprintf(out,
              "<rect class=\"bar bar-%s\" data-severity=\"%s\" data-count=\"%lld\" x=\"%.1f\" "
              "y=\"%d\" width=\"%.1f\" height=\"%d\"><title>",
              name, name, c, x, y, w, CHART_BAR);
      ds_html_esc(out, cs[i].id);
      fprintf(out, ": %lld %s</title></rect>\n", c, name);
      x += w;
    }
    fprintf(out, "<text x=\"%.1f\" y=\"%d\">%lld</text>\n</g>\n", x + 6, y + CHART_BAR - 4,
            cs[i].findings);
  }
  fputs("</svg>\n<div class=\"legend\">", out);
  for (int s = DS_SEV_COUNT - 1; s >= 0; s--) {
    const char *name = ds_severity_name((ds_severity)s);
    fprintf(out, "<span><span class=\"sev sev-%s\">%s</span></span>", name, name);
  }
  fputs("</div>\n</section>\n", out);
}

static void write_check(const ds_report *r, const ds_check_result *cr, FILE *out) {
  const ds_check *c = cr->check;
  const char *sev = ds_severity_name(c->severity);
  fprintf(out, "<details class=\"check\" id=\"check-");
  ds_html_esc(out, c->id);
  fputs("\" data-check=\"", out);
  ds_html_esc(out, c->id);
  fprintf(out, "\" data-severity=\"%s\" data-status=\"%s\" data-findings=\"%zu\">\n<summary>", sev,
          ds_status_name(cr->status), cr->status == DS_STATUS_FAIL ? cr->findings.nrows : 0);
  if (cr->status == DS_STATUS_ERROR)
    fputs("<span class=\"sev sev-error\">error</span> ", out);
  else if (cr->status == DS_STATUS_SKIPPED)
    fputs("<span class=\"sev sev-skipped\">skipped</span> ", out);
  else
    fprintf(out, "<span class=\"sev sev-%s\">%s</span> ", sev, sev);
  fputs("<b>", out);
  ds_html_esc(out, c->id);
  fputs("</b> ", out);
  ds_html_esc(out, c->title);
  if (cr->status == DS_STATUS_FAIL)
    fprintf(out, "<span class=\"count\">%zu finding%s</span>", cr->findings.nrows,
            cr->findings.nrows == 1 ? "" : "s");
  fputs("</summary>\n<div class=\"body\">\n", out);
  if (cr->status == DS_STATUS_ERROR || cr->status == DS_STATUS_SKIPPED) {
    fputs(cr->status == DS_STATUS_ERROR ? "<p class=\"error\">This check could not run: "
                                        : "<p class=\"skipped\">Not checked: ",
          out);
    ds_html_esc(out, cr->error);
    fputs("</p>\n", out);
  }
  fputs("<p>", out);
  ds_html_esc(out, c->description);
  fputs("</p>\n", out);
  if (*c->remediation) {
    fputs("<p><b>Remediation:</b> ", out);
    ds_html_esc(out, c->remediation);
    fputs("</p>\n", out);
  }
  fputs("<p>", out);
  if (c->cis) {
    fputs("CIS Docker Benchmark ", out);
    ds_html_esc(out, c->cis);
    fputs(". ", out);
  }
  for (int i = 0; i < c->nreferences; i++) {
    fputs(i ? " · " : "References: ", out);
    fputs("<a href=\"", out);
    ds_html_esc(out, c->references[i]);
    fputs("\" rel=\"noreferrer\">", out);
    ds_html_esc(out, c->references[i]);
    fputs("</a>", out);
  }
  fputs("</p>\n", out);
  if (cr->status == DS_STATUS_FAIL)
    for (size_t row = 0; row < cr->findings.nrows; row++)
      ds_html_finding(r, cr, row, 0, out);
  fputs("</div>\n</details>\n", out);
}

static void write_control(const ds_report *r, const control_stats *cs, FILE *out) {
  fputs("<section class=\"control\" id=\"control-", out);
  ds_html_esc(out, cs->id);
  fputs("\" data-control=\"", out);
  ds_html_esc(out, cs->id);
  fprintf(out, "\" data-findings=\"%lld\" data-failed=\"%d\">\n<h2>", cs->findings, cs->failed);
  ds_html_esc(out, cs->id);
  fputs(" · ", out);
  ds_html_esc(out, control_title(cs->id));
  fprintf(out, "<small>%lld finding%s · %d of %d checks failed%s</small></h2>\n", cs->findings,
          cs->findings == 1 ? "" : "s", cs->failed, cs->checks,
          cs->errors ? " · some could not run" : "");
  /* Failed and errored checks, most severe first; then the passed ones. */
  for (int s = DS_SEV_COUNT - 1; s >= 0; s--)
    for (size_t i = 0; i < r->nresults; i++) {
      const ds_check_result *cr = &r->results[i];
      if (strcmp(cr->check->control, cs->id) == 0 && cr->status != DS_STATUS_PASS &&
          (int)cr->check->severity == s &&
          (cr->check->severity >= r->min_severity || cr->status == DS_STATUS_ERROR))
        write_check(r, cr, out);
    }
  int any = 0;
  for (size_t i = 0; i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    if (strcmp(cr->check->control, cs->id) != 0 || cr->status != DS_STATUS_PASS) continue;
    fputs(any++ ? "" : "<ul class=\"passed\">\n", out);
    fputs("<li data-check=\"", out);
    ds_html_esc(out, cr->check->id);
    fputs("\" data-status=\"pass\"><span class=\"sev sev-pass\">pass</span> ", out);
    ds_html_esc(out, cr->check->id);
    fputs(" ", out);
    ds_html_esc(out, cr->check->title);
    fputs("</li>\n", out);
  }
  if (any) fputs("</ul>\n", out);
  fputs("</section>\n", out);
}

/* The failed checks, most severe first (as the table): links to their
** entries below; waived findings are counted apart. */
static void write_by_severity(const ds_report *r, FILE *out) {
  fputs("<h2>Findings, most severe first</h2>\n<ol>\n", out);
  for (int s = DS_SEV_COUNT - 1; s >= (int)r->min_severity; s--)
    for (size_t i = 0; i < r->nresults; i++) {
      const ds_check_result *cr = &r->results[i];
      size_t open = cr->status == DS_STATUS_FAIL ? cr->findings.nrows - cr->waived : 0;
      if ((int)cr->check->severity != s || (open == 0 && cr->waived == 0)) continue;
      const char *sev = ds_severity_name(cr->check->severity);
      fprintf(out,
              "<li data-severity=\"%s\"><span class=\"sev sev-%s\">%s</span> <a href=\"#check-",
              sev, sev, sev);
      ds_html_esc(out, cr->check->id);
      fputs("\">", out);
      ds_html_esc(out, cr->check->id);
      fputs("</a> ", out);
      ds_html_esc(out, cr->check->title);
      fprintf(out, " <span class=\"count\">%zu finding%s", open, open == 1 ? "" : "s");
      if (cr->waived) fprintf(out, ", %zu waived", cr->waived);
      fputs("</span></li>\n", out);
    }
  fputs("</ol>\n", out);
}

/* The expired waivers and those that matched nothing. */
static void write_waiver_notes(const ds_report *r, FILE *out) {
  const ds_waivers *ws = r->waivers;
  for (size_t i = 0; ws && i < ws->n; i++) {
    const ds_waiver *w = &ws->w[i];
    if (!w->expired && w->waived > 0) continue;
    fprintf(out, "<p class=\"waiver %s\">%s waiver line %d: ", w->expired ? "expired" : "stale",
            w->expired ? "Expired" : "Stale", w->line);
    ds_html_esc(out, w->what);
    fputs(" ", out);
    ds_html_esc(out, w->container);
    fputs(" — ", out);
    ds_html_esc(out, w->reason);
    fputs(w->expired ? " (no longer waives)</p>\n" : " (matched no finding)</p>\n", out);
  }
}

/* What to act on first: the failed checks by severity or, with --group-by
** container, one block per container (report_html_finding.c); then the
** waivers that no longer hold or matched nothing. */
static void write_findings_index(const ds_report *r, FILE *out) {
  fprintf(out, "<section id=\"%s\">\n", r->group_by_container ? "by-container" : "by-severity");
  if (r->group_by_container)
    ds_html_by_container(r, out);
  else
    write_by_severity(r, out);
  write_waiver_notes(r, out);
  fputs("</section>\n", out);
}

int ds_report_write_html(const ds_report *r, FILE *out) {
  control_stats *cs = calloc(MAX_CONTROLS, sizeof(*cs));
  if (!cs) return -1;
  size_t n = collect_controls(r, cs);
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">\n"
        "<meta name=\"generator\" content=\"dockersec ",
        out);
  ds_html_esc(out, r->version);
  fputs("\">\n<title>dockersec report · ", out);
  ds_html_esc(out, r->host);
  fprintf(out,
          "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>dockersec report: ", style);
  ds_html_esc(out, r->host);
  fputs("</h1>\n<p class=\"meta\">OWASP Docker Top 10 audit of <b>", out);
  ds_html_esc(out, r->docker_host);
  fputs("</b>, started ", out);
  ds_html_esc(out, r->started_at);
  fprintf(out, ", took %lld ms, dockersec ", r->duration_ms);
  ds_html_esc(out, r->version);
  if (r->warning) {
    fputs(". <b>Warning: ", out);
    ds_html_esc(out, r->warning);
    fputs("</b>", out);
  }
  if (r->packs) {
    fputs(", pack ", out);
    ds_html_esc(out, r->packs);
    fputs(" sha256:", out);
    ds_html_esc(out, r->pack_sha256);
  }
  fprintf(out, ". Failing on %s and above.</p>\n</header>\n", ds_fail_on_name(r->fail_on));
  write_summary(r, out);
  write_findings_index(r, out);
  write_chart(cs, n, out);
  fputs("<section id=\"controls\">\n", out);
  for (size_t i = 0; i < n; i++)
    write_control(r, &cs[i], out);
  fputs("</section>\n<footer>Generated by dockersec. Each finding is one row of its check's SQL; "
        "open a check for its description, remediation and evidence.</footer>\n"
        "</body>\n</html>\n",
        out);
  free(cs);
  return ferror(out) ? -1 : 0;
}
