/*
** ds_accounts.h - the lines of /etc/passwd and /etc/group for the users and
** groups tables: read under the root prefix, or - for osquery's hidden
** pid_with_namespace column - from the filesystem a process sees
** (/proc/<pid>/root/etc/..., so a container's own accounts), and cut into
** their ':' fields.
*/
#ifndef DS_ACCOUNTS_H
#define DS_ACCOUNTS_H

#include "dockersec.h"

#define DS_ACCOUNT_MAX_FIELDS 8

/* One account line: `n` fields, each `len` bytes (not NUL-terminated). */
typedef struct ds_account_line {
  const char *field[DS_ACCOUNT_MAX_FIELDS];
  size_t len[DS_ACCOUNT_MAX_FIELDS];
  int n;
  long long pid_ns; /* the pid_with_namespace this line was read for (0: host) */
} ds_account_line;

/* Called for every line with at least `min_fields` fields whose first field
** is a name (blank lines, comments and NIS "+"/"-" entries are skipped). */
typedef int (*ds_account_fn)(ds_query *q, const ds_account_line *line, void *arg);

/* Splits `line` at ':' (at most DS_ACCOUNT_MAX_FIELDS fields). */
void ds_account_split(const char *line, size_t len, ds_account_line *out);

/* Parses a decimal id field (0 .. 4294967295).  0, or -1 when not a number. */
int ds_account_id(const char *s, size_t len, long long *out);

/*
** Reads `etcfile` ("/etc/passwd") once for the host, or once for each
** value of `pid_col` pushed down (pid_with_namespace = N reads
** /proc/N/root/etc/passwd under the root; a process that is gone gives no
** rows), and calls fn per line.  A host file that cannot be read is an
** error; a process's one is skipped.
*/
int ds_accounts_each(ds_query *q, int pid_col, const char *etcfile, int min_fields,
                     ds_account_fn fn, void *arg);

#endif
