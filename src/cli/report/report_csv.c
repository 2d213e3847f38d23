/*
** report_csv.c - `--format csv` (RFC 4180, CRLF): a fixed header
**   check,control,severity,status,title,cis,container_id,container_name,evidence,error,
**   waived,waiver
** (`waived` 1 when a waiver covers the finding, `waiver` its FILE:LINE: reason;
** an expired waiver shows as "expired FILE:LINE: reason" with waived 0)
** then one row per finding, one row per passed check (so a spreadsheet shows
** what was verified) and one per errored check.  `evidence` holds the
** finding's other columns as a JSON object.
*/
#include <stdlib.h>
#include <string.h>

#include "common/ds_sanitize.h"
#include "common/ds_util.h"
#include "cli/report/report.h"

static void field(FILE *out, const char *s, int last) {
  ds_csv_field(out, s ? s : "");
  fputs(last ? "\r\n" : ",", out);
}

static char *cell_text(const ds_value *v) {
  json_object *o = ds_value_json(v);
  char *s = NULL;
  if (v->type == SQLITE_TEXT)
    s = ds_strdup(v->s);
  else if (o)
    s = ds_strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
  json_object_put(o);
  return s;
}

static void write_row(FILE *out, const ds_check_result *cr, const ds_value *cells,
                      const ds_finding_note *note) {
  const ds_check *c = cr->check;
  field(out, c->id, 0);
  field(out, c->control, 0);
  field(out, ds_severity_name(c->severity), 0);
  field(out, ds_status_name(cr->status), 0);
  field(out, c->title, 0);
  field(out, c->cis, 0);
  char *id = NULL, *name = NULL;
  json_object *evidence = json_object_new_object();
  for (int col = 0; cells && col < cr->findings.ncols; col++) {
    const char *cname = cr->findings.cols[col];
    if (strcmp(cname, "container_id") == 0 && !id)
      id = cell_text(&cells[col]);
    else if (strcmp(cname, "container_name") == 0 && !name)
      name = cell_text(&cells[col]);
    else
      json_object_object_add(evidence, cname, ds_value_json(&cells[col]));
  }
  field(out, id, 0);
  field(out, name, 0);
  /* Stays a JSON object: JSON's own escapes, not ds_sanitize's. */
  char *json = cells ? ds_json_display(json_object_to_json_string_ext(
                           evidence, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE))
                     : NULL;
  ds_csv_shown(out, json ? json : "");
  fputc(',', out);
  free(json);
  field(out, cr->error, 0);
  field(out, ds_note_waived(note) ? "1" : "0", 0);
  char *why = note && note->waiver
                  ? ds_mprintf("%s%s:%d: %s", note->waiver->expired ? "expired " : "",
                               note->waiver->file, note->waiver->line, note->waiver->reason)
                  : NULL;
  field(out, why, 1);
  free(why);
  json_object_put(evidence);
  free(id);
  free(name);
}

int ds_report_write_csv(const ds_report *r, FILE *out) {
  fputs("check,control,severity,status,title,cis,container_id,container_name,evidence,error,waived,"
        "waiver\r\n",
        out);
  for (size_t i = 0; i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    if (cr->status != DS_STATUS_FAIL) {
      write_row(out, cr, NULL, NULL);
      continue;
    }
    for (size_t row = 0; row < cr->findings.nrows; row++)
      write_row(out, cr, &cr->findings.cells[row * (size_t)cr->findings.ncols],
                ds_check_note(cr, row));
  }
  return ferror(out) ? -1 : 0;
}
