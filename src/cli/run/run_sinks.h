/*
** run_sinks.h - where a run's results go besides the report: osquery-style
** differential/snapshot lines (--state, --snapshot) and log receivers
** (--log).  run.c calls these after the checks ran; they only read the
** report.
*/
#ifndef DS_CLI_RUN_SINKS_H
#define DS_CLI_RUN_SINKS_H

#include <stdio.h>

#include "cli/report/report.h"
#include "cli/run/state.h"

/*
** The run as osquery result lines: with `state_path`, the differences since
** the previous run stored there (each check is a query named by its id); a
** check marked snapshot (osquery pack) - or every check with
** `snapshot_all` - gives one snapshot line instead.  Failed checks keep their
** previous state.  Appends to *lines; 0, or -1 with *err (malloc'd).
*/
int ds_sinks_state_lines(const ds_report *r, const char *state_path, int snapshot_all,
                         long long epoch, ds_state_lines *lines, char **err);

/* Writes the lines, one per line.  0, or -1 on a write error. */
int ds_sinks_write_lines(const ds_state_lines *lines, FILE *out);

/*
** Sends the run to each --log URL: the differential lines when `lines` is
** not NULL, else what --format jsonl prints (one line per finding and per
** check that failed to run).  Every receiver is tried; a failure is
** reported on stderr.  Returns 0 when all succeeded, else -1.
*/
int ds_sinks_ship(const ds_report *r, char *const *urls, int nurls, const ds_state_lines *lines);

/* Checks each --log URL before the run (a typo is a usage error, found
** before minutes of checks).  0, or -1 after a message on stderr. */
int ds_sinks_check_urls(char *const *urls, int nurls);

#endif
