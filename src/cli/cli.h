/*
** cli.h - shared pieces of the dockersec command-line runner.
*/
#ifndef DS_CLI_H
#define DS_CLI_H

#include <stdio.h>

#include "dockersec.h"

/* Exit statuses: scripts act on them. */
#define EXIT_CLEAN    0 /* nothing found at or above the threshold */
#define EXIT_FINDINGS 1 /* findings at or above --fail-on          */
#define EXIT_ERROR    2 /* a check or the setup failed; bad usage  */

/* Opens an in-memory database with every dockersec table registered (the
** static build: no load_extension involved, and it stays disabled). */
sqlite3 *ds_cli_open(void);

/* `--stats`: prints the Docker API client's counters of this run (the
** dockersec_stats table) on `out`, as greppable lines:
**   dockersec-stats requests=N list_requests=N inspects=N other_requests=N
**     cache_hits=N bytes=N errors=N request_ms=F
**   dockersec-stats endpoint="GET /containers/{id}/json" requests=N   (one per endpoint)
** Call it after the run, before closing `db`.  Returns SQLITE_OK or an error code. */
int ds_cli_print_stats(sqlite3 *db, FILE *out);

/* An error or warning line on stderr (message.c): `fmt` without the final
** newline; the whole text is shown through the output sanitiser
** (common/ds_sanitize.h, control bytes visibly escaped), since it may quote
** an engine's answer, a container's name or a pack's title. */
void ds_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int ds_cmd_query(int argc, char **argv);
int ds_cmd_run(int argc, char **argv); /* run.c */
int ds_cmd_tables(int argc, char **argv);
int ds_cmd_schema(int argc, char **argv);
int ds_cmd_docs(int argc, char **argv);

#endif
