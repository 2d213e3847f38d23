/*
** report.h - the result of `dockersec run` as data, and its renderers.
**
** The runner (run.c) fills one ds_report; each output format is one
** function in its own file (report_table.c, report_json.c, report_jsonl.c,
** report_csv.c, …) that only reads it.  A new format = a new file with a
** ds_report_write_* function + one line in ds_report_formats[] (report.c).
**
** Stable interface: formats, state files and log shippers build on it.
*/
#ifndef DS_CLI_REPORT_H
#define DS_CLI_REPORT_H

#include <stdio.h>

#include <json-c/json.h>

#include "cli/pack/pack.h"
#include "cli/run/result.h"
#include "cli/run/waiver.h"

typedef enum { DS_STATUS_PASS, DS_STATUS_FAIL, DS_STATUS_ERROR, DS_STATUS_SKIPPED } ds_check_status;

/* "pass", "fail", "error", "skipped" (not run: e.g. no engine API; neither
** a finding nor an error - the exit status ignores it). */
const char *ds_status_name(ds_check_status s);

/* What the run knows about one finding beyond its row. */
typedef struct ds_finding_note {
  const ds_waiver *waiver; /* the waiver that matched, or NULL; an expired */
                           /* one matches but does not waive               */
  int self;                /* about dockersec's own container              */
} ds_finding_note;

/* 1 when the finding is waived (a live waiver matched it). */
static inline int ds_note_waived(const ds_finding_note *n) {
  return n && n->waiver && !n->waiver->expired;
}

/* One check as it ran. */
typedef struct ds_check_result {
  const ds_check *check; /* id, control, title, severity, description,      */
                         /* remediation, references, cis, file, line        */
  ds_check_status status;
  char *error;            /* DS_STATUS_ERROR: the message; DS_STATUS_SKIPPED: */
                          /* why ("skipped: no engine API …"); else NULL     */
  ds_result findings;     /* one row per finding (columns as the SELECT named */
                          /* them; container_id/container_name when about a   */
                          /* container)                                       */
  double duration_ms;     /* time this check took                             */
  ds_finding_note *notes; /* one per finding row, or NULL (nothing known)  */
  size_t waived;          /* findings waived                               */
} ds_check_result;

/* The note of finding `row`, or NULL. */
static inline const ds_finding_note *ds_check_note(const ds_check_result *cr, size_t row) {
  return cr->notes && row < cr->findings.nrows ? &cr->notes[row] : NULL;
}

/* The whole run. */
typedef struct ds_report {
  const char *tool;    /* "dockersec"                                     */
  const char *version; /* ds_version()                                     */
  char *host;          /* host name of the audited machine                */
  char *docker_host;   /* engine address, e.g. unix:///var/run/docker.sock */
  char *packs;         /* the pack paths as resolved, ' '-joined          */
  char *pack_sha256;   /* ds_pack_digest()                                 */
  char *warning;       /* shown in every format (TLS not verified), or NULL */
  char started_at[40]; /* RFC 3339, UTC, millisecond precision            */
  long long started_unix_ms;
  long long duration_ms;
  ds_severity fail_on; /* threshold; DS_SEV_COUNT = never fail on findings */
  /* summary */
  int checks, passed, failed, errors, skipped;
  long long findings;                   /* findings not waived                */
  long long by_severity[DS_SEV_COUNT];  /* findings not waived, per severity */
  int failed_by_severity[DS_SEV_COUNT]; /* checks with a finding not waived */
  long long waived;                     /* findings waived                  */
  const ds_waivers *waivers;            /* the waivers file, or NULL        */
  ds_severity min_severity;             /* --min-severity: what is shown    */
  int group_by_container;               /* --group-by container             */
  /* per check, in pack order */
  ds_check_result *results;
  size_t nresults;
} ds_report;

/* Recomputes the summary counters from results[]. */
void ds_report_summarise(ds_report *r);
/* 0 clean, 1 findings at or above fail_on, 2 a check errored. */
int ds_report_exit_status(const ds_report *r);
void ds_report_free(ds_report *r);

/* "none" (as fail_on: never) or a severity name. */
const char *ds_fail_on_name(ds_severity fail_on);

/* ---- --group-by container: one grouping for the table and the HTML -------- */

/* The container finding `row` is about: its container_name, else its
** container_id, without osquery's leading '/'; "" for the host and engine. */
const char *ds_finding_container(const ds_check_result *cr, size_t row);
/* 1 when finding `row` is one of the open findings shown: its check failed,
** is at or above --min-severity, and no live waiver covers the row. */
int ds_finding_shown_open(const ds_report *r, const ds_check_result *cr, size_t row);
/* The distinct containers (ds_finding_container) of the open findings shown,
** sorted by name, "" (host and engine) last: a malloc'd array pointing into
** the findings, *n entries; NULL when there are none (or out of memory). */
const char **ds_report_containers(const ds_report *r, size_t *n);

typedef void (*ds_finding_visitor)(const ds_report *r, const ds_check_result *cr, size_t row,
                                   void *arg);
/* Visits the open findings shown about `container` (as returned above),
** most severe first, then in pack order. */
void ds_report_each_in_container(const ds_report *r, const char *container,
                                 ds_finding_visitor visit, void *arg);

/* ---- output formats ------------------------------------------------------ */

/* Writes the whole report to `out`; returns 0, or -1 on a write error. */
typedef int (*ds_report_writer)(const ds_report *r, FILE *out);

typedef struct ds_report_format {
  const char *name; /* --format NAME                      */
  ds_report_writer write;
  const char *description; /* one line, for `dockersec run --help` */
} ds_report_format;

/* Every format, terminated by an entry with name NULL. */
extern const ds_report_format ds_report_formats[];
const ds_report_format *ds_report_format_find(const char *name);

int ds_report_write_table(const ds_report *r, FILE *out); /* report_table.c */
int ds_report_write_json(const ds_report *r, FILE *out);  /* report_json.c  */
int ds_report_write_jsonl(const ds_report *r, FILE *out); /* report_jsonl.c */
int ds_report_write_csv(const ds_report *r, FILE *out);   /* report_csv.c   */
int ds_report_write_sarif(const ds_report *r, FILE *out); /* report_sarif.c */
int ds_report_write_html(const ds_report *r, FILE *out);  /* report_html.c  */

/* ---- JSON building blocks (report_json.c), shared by the JSON-based formats */

/* {"tool","version","host","docker_host","started_at","duration_ms","fail_on"} */
json_object *ds_report_meta_json(const ds_report *r);
/* {"checks","passed","failed","errors","findings","critical",…,"info"} */
json_object *ds_report_summary_json(const ds_report *r);
/* The check's own fields: check, control, title, severity, description,
** remediation, references[], cis (only when set). */
json_object *ds_check_json(const ds_check *c);
/* A whole result: ds_check_json + status, error, duration_ms, findings[]. */
json_object *ds_check_result_json(const ds_check_result *cr);
/* One finding with the check fields merged in (the jsonl line): host,
** started_at, check, control, title, severity, cis, status, then the row's
** columns (a column named like a check field is prefixed "row_"). */
json_object *ds_finding_json(const ds_report *r, const ds_check_result *cr, size_t row);

/* Adds a finding's note to its JSON object: "waiver": {file, line, check,
** container, image, expires, reason} when a waiver waives it,
** "expired_waiver": {…} when only an expired one matched, "dockersec_self":
** true for dockersec's own container.  An existing key is left alone. */
void ds_note_json_add(json_object *o, const ds_finding_note *n);
/* One waiver entry as JSON (the fields above, plus waived / would_waive). */
json_object *ds_waiver_json(const ds_waiver *w);
/* {"file", "expired": [...], "stale": [...]} or NULL without waivers. */
json_object *ds_waivers_report_json(const ds_report *r);

/* Serialises `o` compactly (one line) or pretty, and writes a newline. */
int ds_json_write(json_object *o, int pretty, FILE *out);

#endif
