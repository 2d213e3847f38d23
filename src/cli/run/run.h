/*
** run.h - private to src/cli/run/run*.c, the parts of `dockersec run`:
**
**   run.c         options, and the command: load packs, run, write;
**   run_checks.c  selecting the checks (--check, --control) and running
**                 them on one snapshot;
**   run_output.c  the report on stdout or --output, the osquery lines, the
**                 log receivers, --list;
**   scope.c       --container/--exclude-container/--label/--image/--pod-namespace, the
**                 waivers applied to the findings, dockersec's own container;
**   waiver.c      the --waivers file.
*/
#ifndef DS_CLI_RUN_H
#define DS_CLI_RUN_H

#include "cli/pack/pack.h"
#include "cli/report/report.h"
#include "cli/run/scope.h"
#include "cli/run/waiver.h"

typedef struct run_options {
  char **paths;
  int npaths;
  char **checks; /* --check values (comma lists split) */
  int nchecks;
  char **controls;
  int ncontrols;
  ds_severity fail_on;
  const ds_report_format *format;
  const char *output;
  unsigned output_mode; /* --mode: the report file's permissions (0600)  */
  int list;
  int validate;
  int help;
  int stats;                 /* --stats: the Docker API counters of the run on stderr */
  const char *state;         /* --state FILE.db: osquery-style differential lines */
  int snapshot;              /* --snapshot: osquery snapshot lines, every check   */
  long long epoch;           /* --epoch N: osquery's schedule epoch                */
  char **logs;               /* --log URL (repeatable)                             */
  long long timeout_s;       /* --timeout: the whole run's deadline (120 s) */
  long long max_cache_bytes; /* --max-cache-bytes (-1: the default)         */
  long long max_containers;  /* --max-containers (-1: the default)          */
  int nlogs;
  ds_scope scope; /* --container, --exclude-container, --label, --image, --pod-namespace */
  const char *waivers_path; /* --waivers FILE ("none": no waivers)           */
  ds_waivers *waivers;      /* loaded, or NULL                               */
  ds_severity min_severity; /* --min-severity: what the report shows         */
  int group_by_container;   /* --group-by container                          */
} run_options;

/* run_checks.c */
/* Every --check and --control names a check of the packs: 0, or -1 after a
** message on stderr. */
int ds_run_validate_filters(const ds_pack *pack, const run_options *o);
/* 1 when the options select check `c`. */
int ds_run_selected(const ds_check *c, const run_options *o);
/* --validate: compiles each selected check; the exit status. */
int ds_run_validate_checks(const ds_pack *pack, const run_options *o);
/* Runs the selected checks into `r` (with --stats, *stats gets the API
** counters' lines).  0, or -1 when the run could not start. */
int ds_run_checks(const ds_pack *pack, const run_options *o, ds_report *r, char **stats);

/* run_output.c */
/* --list. */
void ds_run_list_checks(const ds_pack *pack, const run_options *o);
/* The report, the osquery lines and the log receivers; the exit status. */
int ds_run_write_results(const ds_report *r, const run_options *o);
/* One line on stderr when every engine error has the same cause. */
void ds_run_note_unreachable_engine(const ds_report *r);

#endif
