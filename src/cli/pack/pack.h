/*
** pack.h - query packs: .sql files holding checks.
**
** A check is a header of `-- key: value` comment lines followed by one SELECT
** that returns one row per finding (zero rows = pass):
**
**   -- check: D04.2
**   -- control: D04
**   -- title: Dangerous capability added
**   -- severity: high
**   -- description: …
**   --   a line starting with "--" and two or more spaces continues the key above
**   -- remediation: …
**   -- references: https://… https://…
**   -- cis: 5.4
**   -- controls: D04, D01   (optional: every control the problem belongs to)
**   SELECT … ;
**
** Required keys: check, control, title, severity, description, remediation,
** references; `cis`, `controls` and `requires` are optional.  `-- requires: engine` marks
** a check only an engine API can answer (restart policy, log driver, images,
** daemon settings): with no engine it is reported "skipped", not run.  A
** check reading a docker_* table (other than through all_containers and its
** child views) is
** treated the same way without the line.  A file holds any number of checks; comment
** lines before the first `-- check:` are the file's preamble.  The files stay
** plain SQL, so `sqlite3 -cmd '.load build/dockersec' < FILE.sql` runs them.
*/
#ifndef DS_CLI_PACK_H
#define DS_CLI_PACK_H

#include <stddef.h>

typedef enum {
  DS_SEV_INFO,
  DS_SEV_LOW,
  DS_SEV_MEDIUM,
  DS_SEV_HIGH,
  DS_SEV_CRITICAL,
  DS_SEV_COUNT
} ds_severity;

/* "info" … "critical"; ds_severity_parse returns -1 when unknown. */
const char *ds_severity_name(ds_severity s);
int ds_severity_parse(const char *name);

typedef struct ds_check {
  char *id;      /* "D04.2"                                      */
  char *control; /* "D04"                                        */
  char *title;   /* one line                                     */
  ds_severity severity;
  char *description; /* why it matters                               */
  char *remediation; /* what to do                                   */
  char **references; /* URLs, NULL-terminated                        */
  int nreferences;
  char *cis;           /* CIS Docker Benchmark id(s), NULL when none   */
  char **controls;     /* every control it belongs to: `control` first, */
  int ncontrols;       /* then those of the optional `controls` header  */
  char *sql;           /* the statement, as written (comments kept)    */
  char *file;          /* where it was read from                       */
  int line;            /* line of its `-- check:` header               */
  int sql_line;        /* line where the statement starts              */
  int requires_engine; /* `-- requires: engine`: skipped with no engine API */
  /* From osquery pack files (pack_osquery.c); zero for .sql checks.      */
  int snapshot;     /* --state: log all rows each run, not differences  */
  int skip_removed; /* --state: osquery "removed": false                */
  long interval;    /* osquery "interval" in seconds (informational)    */
} ds_check;

typedef struct ds_pack {
  ds_check *checks;
  size_t n;
  size_t cap;
} ds_pack;

/*
** Parses the text of one pack file and appends its checks to `pack`.  `file`
** names it in error messages.  On a malformed header returns -1 with *err
** set (malloc'd) to "FILE:LINE: what is wrong"; `pack` keeps the checks of
** earlier files only.
*/
int ds_pack_parse(ds_pack *pack, const char *text, const char *file, char **err);

/* SHA-256 (hex, malloc'd) over the files the checks came from, in check
** order (digest.c); NULL when out of memory. */
char *ds_pack_digest(const ds_pack *pack);

/* Reads and parses one file. */
int ds_pack_load_file(ds_pack *pack, const char *path, char **err);

/*
** Loads every path in order: a file is parsed; a directory contributes its
** *.sql files (recursively, sorted by name, hidden entries skipped).  Check
** ids must be unique across everything loaded.
*/
int ds_pack_load_paths(ds_pack *pack, char *const *paths, int npaths, char **err);

/* The check with this id (case-insensitive), or NULL. */
const ds_check *ds_pack_find(const ds_pack *pack, const char *id);

void ds_pack_free(ds_pack *pack);

#endif
