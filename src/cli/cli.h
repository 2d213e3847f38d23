/*
** cli.h - shared pieces of the dockersec command-line runner.
*/
#ifndef DS_CLI_H
#define DS_CLI_H

#include "dockersec.h"

/* Exit statuses: scripts act on them. */
#define EXIT_CLEAN    0 /* nothing found at or above the threshold */
#define EXIT_FINDINGS 1 /* findings at or above --fail-on          */
#define EXIT_ERROR    2 /* a check or the setup failed; bad usage  */

/* Opens an in-memory database with every dockersec table registered (the
** static build: no load_extension involved, and it stays disabled). */
sqlite3 *ds_cli_open(void);

int ds_cmd_query(int argc, char **argv);
int ds_cmd_run(int argc, char **argv); /* run.c */
int ds_cmd_tables(int argc, char **argv);
int ds_cmd_schema(int argc, char **argv);
int ds_cmd_docs(int argc, char **argv);

#endif
