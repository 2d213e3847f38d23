/*
** run_sinks.c - differential lines and log shipping for `dockersec run`
** (see run_sinks.h, state.h, logship.h).
*/
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/ds_sanitize.h"
#include "common/ds_util.h"
#include "cli/run/logship.h"
#include "cli/run/run_sinks.h"

/* The check's fields travel with every line as osquery decorations. */
static json_object *decorations(const ds_check *c) {
  json_object *o = json_object_new_object();
  json_object_object_add(o, "check", json_object_new_string(c->id));
  json_object_object_add(o, "control", json_object_new_string(c->control));
  json_object_object_add(o, "title", json_object_new_string(c->title));
  json_object_object_add(o, "severity", json_object_new_string(ds_severity_name(c->severity)));
  if (c->cis) json_object_object_add(o, "cis", json_object_new_string(c->cis));
  return o;
}

int ds_sinks_state_lines(const ds_report *r, const char *state_path, int snapshot_all,
                         long long epoch, ds_state_lines *lines, char **err) {
  *err = NULL;
  ds_state *st = NULL;
  if (state_path && !(st = ds_state_open(state_path, err))) return -1;
  ds_state_query *qs = calloc(r->nresults ? r->nresults : 1, sizeof(*qs));
  if (!qs) {
    ds_state_close(st);
    *err = ds_strdup("out of memory");
    return -1;
  }
  for (size_t i = 0; i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    qs[i].name = cr->check->id;
    /* a check that errored or was skipped keeps its previous state */
    qs[i].rows =
        cr->status == DS_STATUS_ERROR || cr->status == DS_STATUS_SKIPPED ? NULL : &cr->findings;
    qs[i].snapshot = snapshot_all || cr->check->snapshot;
    qs[i].log_removed = !cr->check->skip_removed;
    qs[i].decorations = decorations(cr->check);
    qs[i].severity = ds_severity_name(cr->check->severity);
  }
  ds_state_run run = {r->host, r->started_unix_ms / 1000, epoch};
  int rc = ds_state_apply(st, qs, r->nresults, &run, lines, err);
  for (size_t i = 0; i < r->nresults; i++)
    json_object_put(qs[i].decorations);
  free(qs);
  ds_state_close(st);
  return rc;
}

int ds_sinks_write_lines(const ds_state_lines *lines, FILE *out) {
  for (size_t i = 0; i < lines->n; i++)
    if (fputs(lines->items[i].json, out) == EOF || fputc('\n', out) == EOF) return -1;
  return fflush(out) == 0 ? 0 : -1;
}

/* The lines to ship: borrowed from `lines`, or built like --format jsonl
** (owned: *owned holds them for freeing). */
static ds_log_line *collect(const ds_report *r, const ds_state_lines *lines, size_t *n,
                            char ***owned) {
  *owned = NULL;
  *n = 0;
  if (lines) {
    ds_log_line *out = calloc(lines->n ? lines->n : 1, sizeof(*out));
    for (size_t i = 0; out && i < lines->n; i++) {
      const ds_state_line *l = &lines->items[i];
      int sev = strcmp(l->action, "removed") == 0 ? 5 : ds_log_severity_for(l->severity);
      out[i] = (ds_log_line){l->json, sev, l->action};
    }
    if (out) *n = lines->n;
    return out;
  }
  size_t total = 0;
  for (size_t i = 0; i < r->nresults; i++)
    total += r->results[i].status == DS_STATUS_FAIL    ? r->results[i].findings.nrows
             : r->results[i].status == DS_STATUS_ERROR ? 1
                                                       : 0;
  ds_log_line *out = calloc(total ? total : 1, sizeof(*out));
  *owned = calloc(total ? total : 1, sizeof(char *));
  if (!out || !*owned) {
    free(out);
    free(*owned);
    *owned = NULL;
    return NULL;
  }
  for (size_t i = 0; i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    size_t rows = cr->status == DS_STATUS_FAIL ? cr->findings.nrows : cr->status == DS_STATUS_ERROR;
    for (size_t row = 0; row < rows; row++) {
      json_object *o = ds_finding_json(r, cr, row);
      char *text = ds_utf8_valid(json_object_to_json_string_ext(
          o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
      json_object_put(o);
      if (!text) continue;
      (*owned)[*n] = text;
      int error = cr->status == DS_STATUS_ERROR;
      out[*n] = (ds_log_line){
          text, error ? 3 : ds_log_severity_for(ds_severity_name(cr->check->severity)),
          error ? "error" : "finding"};
      (*n)++;
    }
  }
  return out;
}

int ds_sinks_check_urls(char *const *urls, int nurls) {
  for (int i = 0; i < nurls; i++) {
    char *err = NULL;
    ds_log_target *t = ds_log_open(urls[i], &err);
    if (!t) {
      ds_cli_error("dockersec run: %s", err ? err : "out of memory");
      free(err);
      return -1;
    }
    ds_log_close(t);
  }
  return 0;
}

int ds_sinks_ship(const ds_report *r, char *const *urls, int nurls, const ds_state_lines *lines) {
  if (nurls == 0) return 0;
  size_t n = 0;
  char **owned = NULL;
  ds_log_line *items = collect(r, lines, &n, &owned);
  if (!items) {
    ds_cli_error("dockersec run: --log: out of memory");
    return -1;
  }
  int rc = 0;
  for (int i = 0; i < nurls; i++) {
    char *err = NULL;
    ds_log_target *t = ds_log_open(urls[i], &err);
    int ok = 0;
    if (t) {
      ds_log_set_identity(t, r->host, "dockersec");
      ok = ds_log_send(t, items, n, &err) == 0;
      ds_log_close(t);
    }
    if (!ok) {
      ds_cli_error("dockersec run: %s", err ? err : "--log: out of memory");
      rc = -1;
    }
    free(err);
  }
  if (owned)
    for (size_t i = 0; i < n; i++)
      free(owned[i]);
  free(owned);
  free(items);
  return rc;
}
