/*
** test_report_group.c - --group-by container in the table and the HTML, on a
** hand-built report: the same blocks in the same order in both formats
** (containers by name, the host last), most severe first inside a block,
** waived findings and those below --min-severity left out of the blocks,
** and a container name carrying markup escaped like every other HTML text.
*/
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/ds_util.h"
#include "cli/report/report.h"

#define EVIL "<img src=x onerror=alert(1)>"

static ds_check checks[3];
static char *refs[] = {"https://example.com/r", NULL};

static void fill_check(ds_check *c, const char *id, ds_severity sev) {
  c->id = (char *)id;
  c->control = "D01";
  c->title = "title";
  c->severity = sev;
  c->description = "D";
  c->remediation = "R";
  c->references = refs;
  c->nreferences = 1;
  c->file = "t.sql";
  c->line = 1;
  c->sql_line = 8;
}

/* Rows of (container_name, evidence); a NULL name is a host finding. */
static void fill_rows(ds_result *f, const char *const *names, const char *const *evidence,
                      size_t n) {
  f->ncols = 2;
  f->cols = calloc(2, sizeof(char *));
  f->cols[0] = ds_strdup("container_name");
  f->cols[1] = ds_strdup("evidence");
  f->nrows = f->cap = n;
  f->cells = calloc(2 * n, sizeof(ds_value));
  for (size_t i = 0; i < n; i++) {
    ds_value *row = &f->cells[2 * i];
    row[0].type = names[i] ? SQLITE_TEXT : SQLITE_NULL;
    row[0].s = names[i] ? ds_strdup(names[i]) : NULL;
    row[1].type = SQLITE_TEXT;
    row[1].s = ds_strdup(evidence[i]);
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

static int count(const char *s, const char *what) {
  int n = 0;
  for (const char *p = s; p && (p = strstr(p, what)); p += strlen(what))
    n++;
  return n;
}

/* 1 when a, b, c occur in `s` in this order. */
static int in_order(const char *s, const char *a, const char *b, const char *c) {
  const char *pa = s ? strstr(s, a) : NULL, *pb = s ? strstr(s, b) : NULL;
  const char *pc = s ? strstr(s, c) : NULL;
  return pa && pb && pc && pa < pb && pb < pc;
}

int main(void) {
  fill_check(&checks[0], "D01.1", DS_SEV_CRITICAL);
  fill_check(&checks[1], "D01.2", DS_SEV_MEDIUM);
  fill_check(&checks[2], "D01.3", DS_SEV_LOW);
  ds_report r = {.tool = "dockersec", .version = "test", .fail_on = DS_SEV_COUNT};
  r.host = ds_strdup("h");
  r.docker_host = ds_strdup("unix:///x.sock");
  r.group_by_container = 1;
  r.results = calloc(3, sizeof(ds_check_result));
  r.nresults = 3;
  for (int i = 0; i < 3; i++) {
    r.results[i].check = &checks[i];
    r.results[i].status = DS_STATUS_FAIL;
  }
  const char *n0[] = {"web", EVIL}, *e0[] = {"crit-web", "crit-evil"};
  const char *n1[] = {"web", NULL, "db"}, *e1[] = {"med-web", "med-host", "med-db-waived"};
  const char *n2[] = {"web"}, *e2[] = {"low-web"};
  fill_rows(&r.results[0].findings, n0, e0, 2);
  fill_rows(&r.results[1].findings, n1, e1, 3);
  fill_rows(&r.results[2].findings, n2, e2, 1);
  /* db's only finding is waived: no block for db */
  ds_waiver w = {.what = "D01.2", .container = "db", .reason = "accepted", .line = 1};
  r.results[1].notes = calloc(3, sizeof(ds_finding_note));
  r.results[1].notes[2].waiver = &w;
  r.results[1].waived = 1;
  ds_report_summarise(&r);

  size_t n = 0;
  const char **names = ds_report_containers(&r, &n);
  CHECK_INT("group-containers", 3, n);
  CHECK_STR("group-first", EVIL, n > 0 ? names[0] : NULL);
  CHECK_STR("group-second", "web", n > 1 ? names[1] : NULL);
  CHECK_STR("group-host-last", "", n > 2 ? names[2] : NULL);
  free(names);

  char *table = render(&r, "table");
  CHECK_INT("table-one-block-web", 1, count(table, "== container web =="));
  CHECK("table-block-order", in_order(table, "== container " EVIL " ==", "== container web ==",
                                      "== host and engine =="));
  CHECK("table-most-severe-first", in_order(table, "crit-web", "med-web", "low-web"));
  CHECK_INT("table-no-waived-block", 0, count(table, "== container db =="));

  char *html = render(&r, "html");
  CHECK_INT("html-section", 1, count(html, "<section id=\"by-container\">"));
  CHECK_INT("html-no-severity-index", 0, count(html, "<section id=\"by-severity\">"));
  CHECK_INT("html-blocks", 3, count(html, "<section class=\"container\""));
  CHECK_INT("html-one-block-web", 1, count(html, "data-container=\"web\""));
  CHECK("html-block-web-count", strstr(html, "data-container=\"web\" data-findings=\"3\"") != NULL);
  CHECK("html-block-order", in_order(html, "data-container=\"&lt;img", "data-container=\"web\"",
                                     "data-container=\"\""));
  CHECK("html-most-severe-first", in_order(html, "crit-web", "med-web", "low-web"));
  CHECK_INT("html-no-waived-block", 0, count(html, "data-container=\"db\""));
  CHECK_INT("html-markup-escaped", 0, count(html, "<img"));
  CHECK("html-markup-shown", strstr(html, "<b>&lt;img src=x onerror=alert(1)&gt;</b>") != NULL);
  CHECK("html-links-check", strstr(html, "<a href=\"#check-D01.1\">D01.1</a>") != NULL);
  CHECK("html-csp-kept", strstr(html, "default-src 'none'") != NULL);
  free(html);

  r.min_severity = DS_SEV_MEDIUM;
  free(table);
  table = render(&r, "table");
  html = render(&r, "html");
  CHECK_INT("table-min-severity-hides", 0, count(table, "low-web"));
  CHECK("html-min-severity-count",
        strstr(html, "data-container=\"web\" data-findings=\"2\"") != NULL);
  /* the low finding is still in its check's entry below, not in the block */
  CHECK_INT("html-min-severity-hides", 0, count(html, "data-check=\"D01.3\" data-severity"));
  free(table);
  free(html);

  for (size_t i = 0; i < r.nresults; i++)
    r.results[i].check = NULL;
  ds_report_free(&r);
  CHECK_DONE();
}
