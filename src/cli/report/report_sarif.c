/*
** report_sarif.c - `--format sarif`: SARIF 2.1.0 for code-scanning views
** (GitHub code scanning, DefectDojo, Azure DevOps).
**
**   one rule per check that ran: id, name, title, description, help (the
**     remediation), helpUri, default level from the severity, and as
**     properties the OWASP control, the CIS id, tags and GitHub's
**     "security-severity";
**   one result per finding: level, a message naming the container and the
**     evidence, a logical location for the container (or the host), the
**     physical location of the check in its pack file, and a stable
**     fingerprint so a finding keeps its identity from run to run;
**   checks that failed to run become toolExecutionNotifications and make
**     executionSuccessful false.
*/
#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ds_util.h"
#include "cli/report/report.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define OWASP_URI    "https://owasp.org/www-project-docker-top-10/"

static void add_str(json_object *o, const char *key, const char *value) {
  if (value) json_object_object_add(o, key, json_object_new_string(value));
}

static json_object *text_obj(const char *text) {
  json_object *o = json_object_new_object();
  add_str(o, "text", text && *text ? text : "-");
  return o;
}

static const char *level_of(ds_severity s) {
  switch (s) {
  case DS_SEV_CRITICAL:
  case DS_SEV_HIGH:
    return "error";
  case DS_SEV_MEDIUM:
    return "warning";
  default:
    return "note";
  }
}

/* GitHub's numeric severity (CVSS-like; >= 9 critical, >= 7 high, >= 4 medium). */
static const char *security_severity(ds_severity s) {
  static const char *const v[DS_SEV_COUNT] = {"0.0", "3.0", "5.5", "8.0", "9.5"};
  return s >= 0 && s < DS_SEV_COUNT ? v[s] : "0.0";
}

/* SARIF's rule name is an identifier a person understands, distinct from
** the opaque id: the title in PascalCase ("DangerousCapabilityAdded"). */
static char *rule_name(const ds_check *c) {
  ds_buf b = {0};
  int upper = 1;
  for (const char *s = c->title; *s; s++) {
    if (isalnum((unsigned char)*s)) {
      char ch = upper ? (char)toupper((unsigned char)*s) : *s;
      ds_buf_append(&b, &ch, 1);
      upper = 0;
    } else {
      upper = 1;
    }
  }
  if (b.len == 0 || strcmp(b.data, c->id) == 0) ds_buf_printf(&b, "Check%s", c->id);
  return ds_buf_take(&b); /* NULL when out of memory: no name */
}

static json_object *rule_json(const ds_check *c) {
  json_object *rule = json_object_new_object();
  add_str(rule, "id", c->id);
  char *name = rule_name(c);
  add_str(rule, "name", name);
  free(name);
  json_object_object_add(rule, "shortDescription", text_obj(c->title));
  json_object_object_add(rule, "fullDescription", text_obj(c->description));
  json_object *help = json_object_new_object();
  add_str(help, "text", *c->remediation ? c->remediation : c->title);
  ds_buf md = {0};
  ds_buf_printf(&md, "**%s**\n\n%s", c->title, *c->remediation ? c->remediation : "");
  for (int i = 0; i < c->nreferences; i++)
    ds_buf_printf(&md, "%s- <%s>", i == 0 ? "\n\nReferences:\n" : "\n", c->references[i]);
  add_str(help, "markdown", ds_buf_failed(&md) ? c->title : md.data);
  ds_buf_free(&md);
  json_object_object_add(rule, "help", help);
  if (c->nreferences > 0) add_str(rule, "helpUri", c->references[0]);
  json_object *conf = json_object_new_object();
  add_str(conf, "level", level_of(c->severity));
  json_object_object_add(rule, "defaultConfiguration", conf);
  json_object *props = json_object_new_object();
  add_str(props, "owasp_control", c->control);
  if (c->cis) add_str(props, "cis", c->cis);
  add_str(props, "severity", ds_severity_name(c->severity));
  add_str(props, "security-severity", security_severity(c->severity));
  add_str(props, "precision", "high");
  json_object *tags = json_object_new_array();
  json_object_array_add(tags, json_object_new_string("security"));
  json_object_array_add(tags, json_object_new_string("container"));
  json_object_array_add(tags, json_object_new_string(c->control));
  if (c->cis) {
    char *t = ds_mprintf("CIS-%s", c->cis);
    if (t) json_object_array_add(tags, json_object_new_string(t));
    free(t);
  }
  json_object_object_add(props, "tags", tags);
  json_object_object_add(rule, "properties", props);
  return rule;
}

static const ds_value *cell(const ds_result *f, size_t row, const char *col) {
  for (int c = 0; c < f->ncols; c++)
    if (strcmp(f->cols[c], col) == 0) return &f->cells[row * (size_t)f->ncols + c];
  return NULL;
}

static const char *cell_text(const ds_result *f, size_t row, const char *col) {
  const ds_value *v = cell(f, row, col);
  return v && v->type == SQLITE_TEXT && v->s && *v->s ? v->s : NULL;
}

/* A value as message text. */
static void value_text(ds_buf *b, const ds_value *v) {
  switch (v->type) {
  case SQLITE_INTEGER:
    ds_buf_printf(b, "%lld", (long long)v->i);
    break;
  case SQLITE_FLOAT:
    ds_buf_printf(b, "%g", v->d);
    break;
  case SQLITE_TEXT:
    ds_buf_puts(b, v->s ? v->s : "");
    break;
  default:
    ds_buf_puts(b, "NULL");
  }
}

/* FNV-1a, 64 bits: fingerprints only need to be stable, not secret. */
static uint64_t fnv1a(uint64_t h, const char *s) {
  for (; s && *s; s++) {
    h ^= (unsigned char)*s;
    h *= 0x100000001b3ULL;
  }
  return h;
}

static json_object *result_json(const ds_report *r, const ds_check_result *cr, int rule_index,
                                size_t row) {
  const ds_check *c = cr->check;
  const ds_result *f = &cr->findings;
  const char *cname = cell_text(f, row, "container_name");
  const char *cid = cell_text(f, row, "container_id");
  json_object *res = json_object_new_object();
  add_str(res, "ruleId", c->id);
  json_object_object_add(res, "ruleIndex", json_object_new_int(rule_index));
  add_str(res, "kind", "fail");
  add_str(res, "level", level_of(c->severity));

  /* Message: what, where, and the evidence columns. */
  ds_buf msg = {0}, evidence = {0};
  uint64_t fp = fnv1a(0xcbf29ce484222325ULL, c->id);
  for (int col = 0; col < f->ncols; col++) {
    const ds_value *v = &f->cells[row * (size_t)f->ncols + col];
    ds_buf one = {0};
    value_text(&one, v);
    const char *text = ds_buf_failed(&one) ? "?" : one.data;
    fp = fnv1a(fnv1a(fp, f->cols[col]), text);
    if (strcmp(f->cols[col], "container_id") != 0 && strcmp(f->cols[col], "container_name") != 0)
      ds_buf_printf(&evidence, "%s%s=%s", evidence.len ? ", " : "", f->cols[col], text);
    ds_buf_free(&one);
  }
  if (cname)
    ds_buf_printf(&msg, "%s: container %s", c->title, cname);
  else
    ds_buf_printf(&msg, "%s: host %s", c->title, r->host ? r->host : "unknown");
  if (evidence.len && !ds_buf_failed(&evidence)) ds_buf_printf(&msg, " (%s)", evidence.data);
  /* Out of memory: the title alone still says what was found. */
  json_object_object_add(res, "message", text_obj(ds_buf_failed(&msg) ? c->title : msg.data));
  ds_buf_free(&msg);
  ds_buf_free(&evidence);

  /* Where: the container (or host) as a logical location, and the check's
  ** definition as the physical location code-scanning views require. */
  json_object *loc = json_object_new_object();
  json_object *logical = json_object_new_object();
  char *fqn = cname ? ds_mprintf("%s/containers/%s", r->host ? r->host : "host",
                                 cname[0] == '/' ? cname + 1 : cname)
                    : ds_strdup(r->host ? r->host : "host");
  add_str(logical, "name", cname ? cname : (r->host ? r->host : "host"));
  add_str(logical, "fullyQualifiedName", fqn);
  add_str(logical, "kind", "resource");
  free(fqn);
  json_object *logicals = json_object_new_array();
  json_object_array_add(logicals, logical);
  json_object_object_add(loc, "logicalLocations", logicals);
  if (c->file) {
    json_object *phys = json_object_new_object();
    json_object *art = json_object_new_object();
    const char *uri = c->file[0] == '/' ? c->file + 1 : c->file;
    while (strncmp(uri, "./", 2) == 0)
      uri += 2;
    add_str(art, "uri", uri);
    add_str(art, "uriBaseId", c->file[0] == '/' ? "ROOT" : "PACKROOT");
    json_object_object_add(phys, "artifactLocation", art);
    if (c->line > 0) {
      json_object *region = json_object_new_object();
      json_object_object_add(region, "startLine", json_object_new_int(c->line));
      json_object_object_add(phys, "region", region);
    }
    json_object_object_add(loc, "physicalLocation", phys);
  }
  json_object *locs = json_object_new_array();
  json_object_array_add(locs, loc);
  json_object_object_add(res, "locations", locs);

  char hex[24];
  snprintf(hex, sizeof(hex), "%016" PRIx64, fp);
  json_object *fps = json_object_new_object();
  add_str(fps, "dockersecFinding/v1", hex);
  json_object_object_add(res, "partialFingerprints", fps);

  /* A waived finding stays a result, suppressed with the waiver's reason
  ** (SARIF 2.1.0 §3.35: code-scanning views hide it and show why). */
  const ds_finding_note *note = ds_check_note(cr, row);
  if (ds_note_waived(note)) {
    json_object *sup = json_object_new_object();
    add_str(sup, "kind", "external");
    add_str(sup, "status", "accepted");
    add_str(sup, "justification", note->waiver->reason);
    /* Where the waiver is written (file, line) is in its properties. */
    json_object *sprops = json_object_new_object();
    json_object_object_add(sprops, "waiver", ds_waiver_json(note->waiver));
    json_object_object_add(sup, "properties", sprops);
    json_object *sups = json_object_new_array();
    json_object_array_add(sups, sup);
    json_object_object_add(res, "suppressions", sups);
  }
  json_object *props = json_object_new_object();
  if (cid) add_str(props, "container_id", cid);
  json_object_object_add(props, "evidence", ds_result_row_json(f, row));
  ds_note_json_add(props, note);
  if (c->ncontrols > 1) {
    json_object *ctl = json_object_new_array();
    for (int i = 0; i < c->ncontrols; i++)
      json_object_array_add(ctl, json_object_new_string(c->controls[i]));
    json_object_object_add(props, "controls", ctl);
  }
  json_object_object_add(res, "properties", props);
  return res;
}

static json_object *invocation_json(const ds_report *r) {
  json_object *inv = json_object_new_object();
  json_object_object_add(inv, "executionSuccessful", json_object_new_boolean(r->errors == 0));
  add_str(inv, "startTimeUtc", r->started_at);
  json_object *notes = json_object_new_array();
  for (size_t i = 0; i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    if (cr->status != DS_STATUS_ERROR && cr->status != DS_STATUS_SKIPPED) continue;
    json_object *n = json_object_new_object();
    int skipped = cr->status == DS_STATUS_SKIPPED;
    add_str(n, "level", skipped ? "note" : "error");
    char *text = ds_mprintf(skipped ? "check %s not run: %s" : "check %s could not run: %s",
                            cr->check->id, cr->error ? cr->error : "unknown error");
    json_object_object_add(n, "message", text_obj(text));
    free(text);
    json_object *desc = json_object_new_object();
    add_str(desc, "id", cr->check->id);
    json_object_object_add(n, "associatedRule", desc);
    json_object_array_add(notes, n);
  }
  json_object_object_add(inv, "toolExecutionNotifications", notes);
  json_object *props = json_object_new_object();
  add_str(props, "host", r->host);
  add_str(props, "docker_host", r->docker_host);
  if (r->warning) add_str(props, "warning", r->warning);
  if (r->packs) add_str(props, "packs", r->packs);
  if (r->pack_sha256) add_str(props, "pack_sha256", r->pack_sha256);
  json_object_object_add(props, "duration_ms", json_object_new_int64(r->duration_ms));
  json_object_object_add(inv, "properties", props);
  return inv;
}

int ds_report_write_sarif(const ds_report *r, FILE *out) {
  json_object *driver = json_object_new_object();
  add_str(driver, "name", r->tool);
  add_str(driver, "version", r->version);
  add_str(driver, "informationUri", OWASP_URI);
  json_object *rules = json_object_new_array();
  json_object *results = json_object_new_array();
  for (size_t i = 0; i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    json_object_array_add(rules, rule_json(cr->check));
    if (cr->status != DS_STATUS_FAIL) continue;
    for (size_t row = 0; row < cr->findings.nrows; row++)
      json_object_array_add(results, result_json(r, cr, (int)i, row));
  }
  json_object_object_add(driver, "rules", rules);
  json_object *tool = json_object_new_object();
  json_object_object_add(tool, "driver", driver);

  json_object *run = json_object_new_object();
  json_object_object_add(run, "tool", tool);
  json_object *invs = json_object_new_array();
  json_object_array_add(invs, invocation_json(r));
  json_object_object_add(run, "invocations", invs);
  /* Pack files named relative to where the run started. */
  json_object *bases = json_object_new_object();
  json_object *packroot = json_object_new_object();
  json_object_object_add(packroot, "description", text_obj("The directory dockersec ran in"));
  json_object_object_add(bases, "PACKROOT", packroot);
  json_object *root = json_object_new_object();
  add_str(root, "uri", "file:///");
  json_object_object_add(bases, "ROOT", root);
  json_object_object_add(run, "originalUriBaseIds", bases);
  json_object_object_add(run, "results", results);
  add_str(run, "columnKind", "unicodeCodePoints");
  json_object *props = json_object_new_object();
  json_object_object_add(props, "summary", ds_report_summary_json(r));
  json_object *waivers = ds_waivers_report_json(r);
  if (waivers) json_object_object_add(props, "waivers", waivers);
  json_object_object_add(run, "properties", props);

  json_object *doc = json_object_new_object();
  add_str(doc, "$schema", SARIF_SCHEMA);
  add_str(doc, "version", "2.1.0");
  json_object *runs = json_object_new_array();
  json_object_array_add(runs, run);
  json_object_object_add(doc, "runs", runs);
  int rc = ds_json_write(doc, 1, out);
  json_object_put(doc);
  return rc;
}
