/*
** report_json.c - `--format json`: one document
**   {"tool","version","host","docker_host","started_at","duration_ms",
**    "fail_on","summary":{…},"results":[{check fields, "status", "error",
**    "duration_ms", "findings":[{row}…]}…]}
** and the JSON pieces the other JSON-based formats reuse.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ds_sanitize.h"
#include "cli/report/report.h"

static const int json_flags = JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE;

int ds_json_write(json_object *o, int pretty, FILE *out) {
  int flags = json_flags | (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED : 0);
  const char *s = json_object_to_json_string_ext(o, flags);
  /* Text from the engine may be invalid UTF-8: U+FFFD, never raw bytes. */
  char *fixed = s && ds_utf8_needs_fix(s) ? ds_utf8_valid(s) : NULL;
  if (fixed) s = fixed;
  int rc = (!s || fputs(s, out) == EOF || fputc('\n', out) == EOF) ? -1 : 0;
  free(fixed);
  return rc;
}

/* Milliseconds with three decimals, written as such (not %.17g noise). */
static json_object *ms_json(double ms) {
  char text[32];
  snprintf(text, sizeof(text), "%.3f", ms);
  return json_object_new_double_s(ms, text);
}

static void add_str(json_object *o, const char *key, const char *value) {
  json_object_object_add(o, key, value ? json_object_new_string(value) : NULL);
}

json_object *ds_report_meta_json(const ds_report *r) {
  json_object *o = json_object_new_object();
  add_str(o, "tool", r->tool);
  add_str(o, "version", r->version);
  add_str(o, "host", r->host);
  add_str(o, "docker_host", r->docker_host);
  if (r->warning) add_str(o, "warning", r->warning);
  if (r->packs) add_str(o, "packs", r->packs);
  if (r->pack_sha256) add_str(o, "pack_sha256", r->pack_sha256);
  add_str(o, "started_at", r->started_at);
  json_object_object_add(o, "duration_ms", json_object_new_int64(r->duration_ms));
  add_str(o, "fail_on", ds_fail_on_name(r->fail_on));
  return o;
}

json_object *ds_waiver_json(const ds_waiver *w) {
  json_object *o = json_object_new_object();
  add_str(o, "file", w->file);
  json_object_object_add(o, "line", json_object_new_int(w->line));
  add_str(o, "check", w->what);
  add_str(o, "container", w->container);
  if (w->image) add_str(o, "image", w->image);
  if (w->expires[0]) add_str(o, "expires", w->expires);
  add_str(o, "reason", w->reason);
  return o;
}

void ds_note_json_add(json_object *o, const ds_finding_note *n) {
  if (!n) return;
  if (n->waiver) {
    const char *key = n->waiver->expired ? "expired_waiver" : "waiver";
    if (!json_object_object_get_ex(o, key, NULL))
      json_object_object_add(o, key, ds_waiver_json(n->waiver));
  }
  if (n->self && !json_object_object_get_ex(o, "dockersec_self", NULL))
    json_object_object_add(o, "dockersec_self", json_object_new_boolean(1));
}

json_object *ds_waivers_report_json(const ds_report *r) {
  if (!r->waivers) return NULL;
  json_object *o = json_object_new_object();
  add_str(o, "file", r->waivers->path);
  json_object *expired = json_object_new_array(), *stale = json_object_new_array();
  for (size_t i = 0; i < r->waivers->n; i++) {
    const ds_waiver *w = &r->waivers->w[i];
    if (w->expired) {
      json_object *j = ds_waiver_json(w);
      json_object_object_add(j, "would_waive", json_object_new_int64(w->would_waive));
      json_object_array_add(expired, j);
    } else if (w->waived == 0) {
      json_object_array_add(stale, ds_waiver_json(w));
    }
  }
  json_object_object_add(o, "expired", expired);
  json_object_object_add(o, "stale", stale);
  return o;
}

json_object *ds_report_summary_json(const ds_report *r) {
  json_object *o = json_object_new_object();
  json_object_object_add(o, "checks", json_object_new_int(r->checks));
  json_object_object_add(o, "passed", json_object_new_int(r->passed));
  json_object_object_add(o, "failed", json_object_new_int(r->failed));
  json_object_object_add(o, "errors", json_object_new_int(r->errors));
  json_object_object_add(o, "skipped", json_object_new_int(r->skipped));
  json_object_object_add(o, "findings", json_object_new_int64(r->findings));
  json_object_object_add(o, "waived", json_object_new_int64(r->waived));
  for (int s = DS_SEV_COUNT - 1; s >= 0; s--)
    json_object_object_add(o, ds_severity_name((ds_severity)s),
                           json_object_new_int64(r->by_severity[s]));
  return o;
}

json_object *ds_check_json(const ds_check *c) {
  json_object *o = json_object_new_object();
  add_str(o, "check", c->id);
  add_str(o, "control", c->control);
  add_str(o, "title", c->title);
  add_str(o, "severity", ds_severity_name(c->severity));
  add_str(o, "description", c->description);
  add_str(o, "remediation", c->remediation);
  json_object *refs = json_object_new_array();
  for (int i = 0; i < c->nreferences; i++)
    json_object_array_add(refs, json_object_new_string(c->references[i]));
  json_object_object_add(o, "references", refs);
  if (c->cis) add_str(o, "cis", c->cis);
  if (c->ncontrols > 1) {
    json_object *ctl = json_object_new_array();
    for (int i = 0; i < c->ncontrols; i++)
      json_object_array_add(ctl, json_object_new_string(c->controls[i]));
    json_object_object_add(o, "controls", ctl);
  }
  return o;
}

json_object *ds_check_result_json(const ds_check_result *cr) {
  json_object *o = ds_check_json(cr->check);
  add_str(o, "status", ds_status_name(cr->status));
  add_str(o, "error", cr->error);
  json_object_object_add(o, "duration_ms", ms_json(cr->duration_ms));
  json_object *rows = json_object_new_array();
  for (size_t i = 0; i < cr->findings.nrows; i++) {
    json_object *row = ds_result_row_json(&cr->findings, i);
    ds_note_json_add(row, ds_check_note(cr, i));
    json_object_array_add(rows, row);
  }
  if (cr->waived) json_object_object_add(o, "waived", json_object_new_int64((int64_t)cr->waived));
  json_object_object_add(o, "findings", rows);
  return o;
}

json_object *ds_finding_json(const ds_report *r, const ds_check_result *cr, size_t row) {
  const ds_check *c = cr->check;
  json_object *o = json_object_new_object();
  add_str(o, "host", r->host);
  add_str(o, "started_at", r->started_at);
  if (r->warning) add_str(o, "warning", r->warning);
  add_str(o, "check", c->id);
  add_str(o, "control", c->control);
  add_str(o, "title", c->title);
  add_str(o, "severity", ds_severity_name(c->severity));
  if (c->cis) add_str(o, "cis", c->cis);
  if (c->ncontrols > 1) {
    json_object *ctl = json_object_new_array();
    for (int i = 0; i < c->ncontrols; i++)
      json_object_array_add(ctl, json_object_new_string(c->controls[i]));
    json_object_object_add(o, "controls", ctl);
  }
  add_str(o, "status", ds_status_name(cr->status));
  if (cr->status == DS_STATUS_ERROR) add_str(o, "error", cr->error);
  if (cr->status == DS_STATUS_SKIPPED) add_str(o, "reason", cr->error);
  if (cr->status != DS_STATUS_FAIL || row >= cr->findings.nrows) return o;
  const ds_result *f = &cr->findings;
  const ds_value *cells = &f->cells[row * (size_t)f->ncols];
  for (int col = 0; col < f->ncols; col++) {
    const char *name = f->cols[col];
    if (json_object_object_get_ex(o, name, NULL)) {
      /* Never drop evidence, never let it overwrite the check's fields. */
      char key[256];
      snprintf(key, sizeof(key), "row_%s", name);
      json_object_object_add(o, key, ds_value_json(&cells[col]));
    } else {
      json_object_object_add(o, name, ds_value_json(&cells[col]));
    }
  }
  ds_note_json_add(o, ds_check_note(cr, row));
  return o;
}

int ds_report_write_json(const ds_report *r, FILE *out) {
  json_object *doc = ds_report_meta_json(r);
  json_object_object_add(doc, "summary", ds_report_summary_json(r));
  json_object *results = json_object_new_array();
  for (size_t i = 0; i < r->nresults; i++)
    json_object_array_add(results, ds_check_result_json(&r->results[i]));
  json_object_object_add(doc, "results", results);
  json_object *waivers = ds_waivers_report_json(r);
  if (waivers) json_object_object_add(doc, "waivers", waivers);
  int rc = ds_json_write(doc, 1, out);
  json_object_put(doc);
  return rc;
}
