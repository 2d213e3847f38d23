/*
** run_output.c - where `dockersec run` writes: the report (stdout, or
** --output replaced whole), the osquery result lines (--state, --snapshot),
** the log receivers (--log), the check list (--list), and one line on stderr
** when the engine could not be read at all.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/ds_safefile.h"
#include "common/ds_sanitize.h"
#include "common/ds_util.h"
#include "cli/report/report.h"
#include "cli/run/run_sinks.h"
#include "cli/run/run.h"

/* ---- output -------------------------------------------------------------- */

static int write_format(void *arg, FILE *f) {
  const void *const *rw = arg;
  const ds_report *r = rw[0];
  const run_options *o = rw[1];
  return o->format->write(r, f);
}

/* --output FILE is written next to FILE and renamed over it, so a reader
** (a dashboard, a cron job) never sees half a report; safely, as any file
** dockersec writes (common/ds_safefile.h): 0600 unless --mode. */
static int write_report(const ds_report *r, const run_options *o) {
  if (!o->output || strcmp(o->output, "-") == 0) {
    int rc = o->format->write(r, stdout);
    if (fflush(stdout) != 0) rc = -1;
    if (rc != 0) ds_cli_error("dockersec run: writing the report: %s", strerror(errno));
    return rc;
  }
  const void *rw[2] = {r, o};
  char *err = NULL;
  int rc = ds_safe_write(o->output, (mode_t)o->output_mode, write_format, (void *)rw, &err);
  if (rc != 0) ds_cli_error("dockersec run: --output %s", err ? err : "out of memory");
  free(err);
  return rc;
}

/*
** When the engine could not be reached, every check that reads it fails with
** the same cause: say it once on stderr, whatever the report format, e.g.
**   dockersec run: 77 checks could not read the Docker engine: permission
**   denied on unix:///var/run/docker.sock - run as root or join the docker
**   group (the 3 host-only checks ran)
** Errors are engine errors when they read "... on <docker_host>: <cause>".
*/
void ds_run_note_unreachable_engine(const ds_report *r) {
  if (r->skipped > 0)
    ds_cli_error("dockersec run: %d check%s skipped: no engine API answers on %s (the %d other%s "
                 "ran)",
                 r->skipped, r->skipped == 1 ? "" : "s", ds_or(r->docker_host, "?"),
                 r->checks - r->skipped, r->checks - r->skipped == 1 ? "" : "s");
  if (!r->docker_host || r->errors == 0) return;
  char *marker = ds_mprintf(" on %s: ", r->docker_host);
  const char *cause = NULL;
  int same = 0, others = 0;
  for (size_t i = 0; marker && i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    const char *at = cr->error ? strstr(cr->error, marker) : NULL;
    if (cr->status != DS_STATUS_ERROR || !at) {
      others++;
      continue;
    }
    at += strlen(marker);
    if (!cause) cause = at;
    if (strcmp(cause, at) == 0) same++;
  }
  /* Only a cause every engine error shares, i.e. the engine as a whole. */
  if (cause && same == r->errors)
    ds_cli_error("dockersec run: %d check%s could not read the Docker engine: %s "
                 "(the %d other%s ran)",
                 same, same == 1 ? "" : "s", cause, others, others == 1 ? "" : "s");
  free(marker);
}

/* --list: one line per check, or with --format json/jsonl the checks' own
** fields (ds_check_json) plus file, line and sql, for tools that document or
** convert packs. */
void ds_run_list_checks(const ds_pack *pack, const run_options *o) {
  int json = strcmp(o->format->name, "json") == 0, jsonl = strcmp(o->format->name, "jsonl") == 0;
  json_object *all = json ? json_object_new_array() : NULL;
  for (size_t i = 0; i < pack->n; i++) {
    const ds_check *c = &pack->checks[i];
    if (!ds_run_selected(c, o)) continue;
    if (json || jsonl) {
      json_object *one = ds_check_json(c);
      json_object_object_add(one, "file", json_object_new_string(c->file));
      json_object_object_add(one, "line", json_object_new_int(c->line));
      json_object_object_add(one, "sql", json_object_new_string(c->sql));
      if (json) {
        json_object_array_add(all, one);
      } else {
        ds_json_write(one, 0, stdout);
        json_object_put(one);
      }
    } else {
      /* A pack is text someone else may have written: its id and title are
      ** shown escaped like every other human-facing text. */
      char *id = ds_sanitize(c->id, DS_SAN_FLATTEN), *title = ds_sanitize(c->title, DS_SAN_FLATTEN);
      char *control = ds_sanitize(c->control, DS_SAN_FLATTEN);
      printf("%-8s %-5s %-8s %s\n", id ? id : "?", control ? control : "?",
             ds_severity_name(c->severity), title ? title : "?");
      free(id);
      free(control);
      free(title);
    }
  }
  if (all) {
    ds_json_write(all, 1, stdout);
    json_object_put(all);
  }
}

/*
** The report (or, with --state/--snapshot, the osquery result lines) on
** stdout or --output, then the --log receivers.  stdout is complete before
** anything is sent, so a receiver that is down loses nothing locally; it
** makes the exit status 2.
*/
int ds_run_write_results(const ds_report *r, const run_options *o) {
  int status = ds_report_exit_status(r);
  ds_state_lines lines = {0};
  int osquery_lines = o->state || o->snapshot;
  if (osquery_lines) {
    char *err = NULL;
    if (ds_sinks_state_lines(r, o->state, o->snapshot, o->epoch, &lines, &err) != 0) {
      ds_cli_error("dockersec run: %s", err ? err : "out of memory");
      free(err);
      ds_state_lines_free(&lines);
      return EXIT_ERROR;
    }
    if (ds_sinks_write_lines(&lines, stdout) != 0) {
      ds_cli_error("dockersec run: writing the results: %s", strerror(errno));
      status = EXIT_ERROR;
    }
  }
  /* With osquery lines on stdout, the report goes only to --output. */
  if ((!osquery_lines || o->output) && write_report(r, o) != 0) status = EXIT_ERROR;
  if (ds_sinks_ship(r, o->logs, o->nlogs, osquery_lines ? &lines : NULL) != 0) status = EXIT_ERROR;
  ds_state_lines_free(&lines);
  return status;
}
