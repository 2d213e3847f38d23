/*
** report_html_finding.c - HTML escaping, one finding with its evidence, and
** the blocks of --group-by container (report_html.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ds_sanitize.h"
#include "cli/report/report_html.h"

void ds_html_esc(FILE *out, const char *text) {
  /* Controls and bidi overrides shown escaped first (common/ds_sanitize.h). */
  char *clean = ds_sanitize_needed(text, 0) ? ds_sanitize(text, 0) : NULL;
  const char *s = clean ? clean : text;
  for (; s && *s; s++) {
    switch (*s) {
    case '&':
      fputs("&amp;", out);
      break;
    case '<':
      fputs("&lt;", out);
      break;
    case '>':
      fputs("&gt;", out);
      break;
    case '"':
      fputs("&quot;", out);
      break;
    case '\'':
      fputs("&#39;", out);
      break;
    default:
      fputc(*s, out);
    }
  }
  free(clean);
}

static void value_html(FILE *out, const ds_value *v) {
  switch (v->type) {
  case SQLITE_INTEGER:
    fprintf(out, "%lld", (long long)v->i);
    break;
  case SQLITE_FLOAT:
    fprintf(out, "%g", v->d);
    break;
  case SQLITE_TEXT:
    ds_html_esc(out, v->s);
    break;
  default:
    fputs("<i>NULL</i>", out);
  }
}

static const char *cell_text(const ds_result *f, size_t row, const char *col) {
  for (int c = 0; c < f->ncols; c++) {
    const ds_value *v = &f->cells[row * (size_t)f->ncols + c];
    if (strcmp(f->cols[c], col) == 0 && v->type == SQLITE_TEXT) return v->s;
  }
  return NULL;
}

/* "container NAME" or "host NAME": who a finding in a check's entry is about. */
static void write_subject(const ds_report *r, const ds_result *f, size_t row, FILE *out) {
  const char *name = cell_text(f, row, "container_name");
  fputs(name ? "container <b>" : "host <b>", out);
  ds_html_esc(out, name ? name : r->host ? r->host : "");
  fputs("</b>", out);
}

/* "SEVERITY ID title": which check a finding in a container's block is of. */
static void write_check_ref(const ds_check *c, FILE *out) {
  const char *sev = ds_severity_name(c->severity);
  fprintf(out, "<span class=\"sev sev-%s\">%s</span> <a href=\"#check-", sev, sev);
  ds_html_esc(out, c->id);
  fputs("\">", out);
  ds_html_esc(out, c->id);
  fputs("</a> ", out);
  ds_html_esc(out, c->title);
}

void ds_html_finding(const ds_report *r, const ds_check_result *cr, size_t row, int in_container,
                     FILE *out) {
  const ds_result *f = &cr->findings;
  const ds_finding_note *note = ds_check_note(cr, row);
  fprintf(out, "<details class=\"finding%s\"%s", in_container ? " in-container" : "",
          ds_note_waived(note) ? " data-waived=\"1\"" : "");
  if (in_container) {
    fputs(" data-check=\"", out);
    ds_html_esc(out, cr->check->id);
    fprintf(out, "\" data-severity=\"%s\"", ds_severity_name(cr->check->severity));
  }
  fputs("><summary>", out);
  if (in_container)
    write_check_ref(cr->check, out);
  else
    write_subject(r, f, row, out);
  if (note && note->self) fputs(" (dockersec itself)", out);
  if (note && note->waiver) {
    fputs(note->waiver->expired ? " <i class=\"waiver expired\">waiver expired: "
                                : " <i class=\"waiver\">waived: ",
          out);
    ds_html_esc(out, note->waiver->reason);
    fprintf(out, " (waivers line %d)</i>", note->waiver->line);
  }
  fputs("</summary>\n<div class=\"body\"><table>\n", out);
  for (int c = 0; c < f->ncols; c++) {
    fputs("<tr><th>", out);
    ds_html_esc(out, f->cols[c]);
    fputs("</th><td>", out);
    value_html(out, &f->cells[row * (size_t)f->ncols + c]);
    fputs("</td></tr>\n", out);
  }
  fputs("</table></div></details>\n", out);
}

/* ---- --group-by container ------------------------------------------------ */

static void count_one(const ds_report *r, const ds_check_result *cr, size_t row, void *n) {
  DS_UNUSED(r);
  DS_UNUSED(cr);
  DS_UNUSED(row);
  (*(size_t *)n)++;
}

static void write_one(const ds_report *r, const ds_check_result *cr, size_t row, void *out) {
  ds_html_finding(r, cr, row, 1, out);
}

void ds_html_by_container(const ds_report *r, FILE *out) {
  fputs("<h2>Findings by container</h2>\n", out);
  size_t n = 0;
  const char **names = ds_report_containers(r, &n);
  for (size_t i = 0; i < n; i++) {
    size_t count = 0;
    ds_report_each_in_container(r, names[i], count_one, &count);
    fputs("<section class=\"container\" data-container=\"", out);
    ds_html_esc(out, names[i]);
    fprintf(out, "\" data-findings=\"%zu\">\n<h3>", count);
    if (*names[i]) {
      fputs("container <b>", out);
      ds_html_esc(out, names[i]);
      fputs("</b>", out);
    } else {
      fputs("host and engine", out);
    }
    fprintf(out, "<small>%zu finding%s</small></h3>\n", count, count == 1 ? "" : "s");
    ds_report_each_in_container(r, names[i], write_one, out);
    fputs("</section>\n", out);
  }
  if (n == 0) fputs("<p>No findings to show.</p>\n", out);
  free(names);
}
