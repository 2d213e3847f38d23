/*
** state.h - osquery-style differential and snapshot results for
** `dockersec run --state FILE.db` / `--snapshot`.
**
** Each check is a scheduled query named by its id.  Its rows are kept in a
** SQLite state file; a run emits only what changed since the previous run,
** one JSON line per row, exactly as osqueryd's event-format results:
**
**   {"name":"D04.2","hostIdentifier":"web-1","calendarTime":"Mon May  2 22:27:32 2016 UTC",
**    "unixTime":1462228052,"epoch":0,"counter":3,"numerics":false,
**    "decorations":{…},"columns":{"container_name":"/x",…},"action":"added"}
**
** The first run of a query (or the first after an epoch change) logs every
** row as "added" with counter 0; later runs count up and log nothing when
** nothing changed.  Rows are compared as multisets of their string values.
** A snapshot query logs one line per run holding every row ("action":
** "snapshot").  A query that failed keeps its previous state: an engine that
** is down must not look like every finding was fixed.
**
** Concurrent runs on one state file are serialised by SQLite's locking
** (BEGIN IMMEDIATE with a busy time-out): each sees the state the previous
** one committed, so no row is reported added twice.
*/
#ifndef DS_CLI_STATE_H
#define DS_CLI_STATE_H

#include <stddef.h>

#include <json-c/json.h>

#include "cli/run/result.h"

typedef struct ds_state ds_state;

typedef struct ds_state_query {
  const char *name;         /* scheduled-query name (the check id)               */
  const ds_result *rows;    /* this run's rows; NULL when the query failed       */
  int snapshot;             /* one "snapshot" line with all rows, no diffing     */
  int log_removed;          /* 0 = osquery's "removed": false: no removed lines  */
  json_object *decorations; /* borrowed, may be NULL                             */
  const char *severity;     /* check severity, for the syslog severity of lines  */
} ds_state_query;

typedef struct ds_state_run {
  const char *host_identifier;
  long long unix_time; /* seconds */
  long long epoch;     /* osquery's --schedule_epoch; a change restarts counters */
} ds_state_run;

typedef struct ds_state_line {
  char *json;         /* one line, no newline (malloc'd) */
  const char *action; /* "added", "removed", "snapshot"  */
  const char *severity;
} ds_state_line;

typedef struct ds_state_lines {
  ds_state_line *items;
  size_t n, cap;
} ds_state_lines;

/* Opens or creates the state file (mode 0600).  A file that is a SQLite
** database of something else is refused.  NULL with *err (malloc'd). */
ds_state *ds_state_open(const char *path, char **err);
void ds_state_close(ds_state *st);

/*
** Computes the lines for every query of one run and stores the new state,
** all in one transaction.  `st` may be NULL when every query is a snapshot
** (--snapshot without --state: counters stay 0).  Appends to *out.  Returns
** 0, or -1 with *err (malloc'd); on error the state file is unchanged.
*/
int ds_state_apply(ds_state *st, const ds_state_query *queries, size_t n, const ds_state_run *run,
                   ds_state_lines *out, char **err);

void ds_state_lines_free(ds_state_lines *l);

/* osquery's calendarTime: asctime() in UTC plus " UTC". */
void ds_calendar_time(long long unix_time, char *out, size_t outsz);

#endif
