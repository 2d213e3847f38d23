/*
** ds_procfs.h - parsers for /proc/<pid>/... files and the helpers that read
** them through the host root prefix.
**
** Every ds_parse_* function is pure: a buffer (not necessarily
** NUL-terminated) in, a struct out, no allocation, no I/O - so each can be
** unit-tested on a string and fuzzed.  The readers below them do the I/O.
*/
#ifndef DS_PROCFS_H
#define DS_PROCFS_H

#include <stddef.h>

#include "host/ds_caps.h"
#include <stdint.h>

#include "common/ds_util.h"

/* ---- /proc/<pid>/status ---------------------------------------------------- */

/* The capability sets, in the order of the status lines and of
** process_capabilities.cap_set. */
enum {
  DS_CAP_INHERITABLE,
  DS_CAP_PERMITTED,
  DS_CAP_EFFECTIVE,
  DS_CAP_BOUNDING,
  DS_CAP_AMBIENT,
  DS_CAP_NSETS
};

/* Names of the sets: "inheritable", "permitted", "effective", "bounding",
** "ambient". */
extern const char *const ds_cap_set_names[DS_CAP_NSETS];

typedef struct ds_proc_status {
  char name[64];            /* Name: (the comm, escaped by the kernel); "" if absent */
  char state;               /* State: letter; 0 if absent                         */
  long long tgid, ppid;     /* -1 if absent                                       */
  long long uid[4], gid[4]; /* real, effective, saved, filesystem; -1 if absent   */
  long long threads;        /* -1 if absent                                       */
  long long vm_rss_kb;      /* -1 if absent (kernel threads have no Vm* lines)    */
  long long vm_size_kb;     /* -1 if absent                                       */
  uint64_t cap[DS_CAP_NSETS];
  unsigned cap_present; /* bit i set when cap[i] was read                     */
  int no_new_privs;     /* NoNewPrivs: 0/1, -1 if absent (kernels < 4.10)     */
  int seccomp;          /* Seccomp: 0 off, 1 strict, 2 filter; -1 if absent   */
  int seccomp_filters;  /* Seccomp_filters: count, -1 if absent (< 5.9)       */
} ds_proc_status;

/* Parses the text of /proc/<pid>/status.  Unknown and malformed lines are
** ignored; returns 0 when at least one known field was read, else -1. */
int ds_parse_status(const char *buf, size_t len, ds_proc_status *out);

/* ---- /proc/<pid>/stat ------------------------------------------------------ */

typedef struct ds_proc_stat {
  char comm[64];
  char state;
  long long ppid, pgrp, session;
  unsigned long long utime, stime; /* clock ticks */
  long long priority, nice, num_threads;
  unsigned long long starttime; /* clock ticks after boot */
  unsigned long long vsize;     /* bytes */
  long long rss;                /* pages */
} ds_proc_stat;

/* Parses /proc/<pid>/stat.  The comm may hold spaces and ')' - the fields
** start after the *last* ')'.  Returns 0, or -1 when the line is malformed. */
int ds_parse_stat(const char *buf, size_t len, ds_proc_stat *out);

/* "btime N" from /proc/stat: boot time in seconds since the Epoch; -1 when
** absent. */
long long ds_parse_btime(const char *buf, size_t len);

/* ---- /proc/<pid>/cmdline --------------------------------------------------- */

/* Copies the NUL-separated argv to `out` with NULs turned into spaces and
** trailing NULs/spaces removed (osquery's rendering).  Writes at most outsz-1
** bytes; returns the length written. */
size_t ds_cmdline_text(const char *buf, size_t len, char *out, size_t outsz);

/* One argument of a NUL-separated argv: a pointer into the buffer + length. */
typedef struct ds_arg {
  const char *s;
  size_t len;
} ds_arg;

/* Splits the NUL-separated argv into at most `max` arguments; returns the
** number found (a final argument without NUL counts). */
int ds_cmdline_args(const char *buf, size_t len, ds_arg *out, int max);

/* ---- /proc/<pid>/uid_map, gid_map ----------------------------------------- */

typedef struct ds_id_map {
  long long inside, outside, count;
} ds_id_map;

/* Parses up to `max` lines "inside outside count"; returns the number of
** entries parsed (malformed lines are skipped). */
int ds_parse_id_map(const char *buf, size_t len, ds_id_map *out, int max);
/* 1 when the map is the initial namespace's identity map ("0 0 4294967295"),
** i.e. the process is not in a user namespace of its own. */
int ds_id_map_is_identity(const ds_id_map *m, int n);

/* ---- reading through the root ----------------------------------------------- */

/* Reads a whole file into `b` (reused between calls: no allocation once it is
** large enough), NUL-terminated.  Larger than `max` is EFBIG.  Returns 0, or
** -1 with errno set. */
int ds_read_into(const char *path, size_t max, ds_buf *b);

/* Reads the host file `path` (absolute) under `root` into `b`.  Returns 0 or
** -1 + errno. */
int ds_host_read(const char *root, const char *path, ds_buf *b, size_t max);

/* Reads /proc/<pid>/<name> under `root` into `b`.  Returns 0 or -1 + errno. */
int ds_proc_read(const char *root, long pid, const char *name, ds_buf *b, size_t max);

/* readlink() of /proc/<pid>/<name> under `root` into out; returns the
** length, or -1 + errno. */
long ds_proc_readlink(const char *root, long pid, const char *name, char *out, size_t outsz);

/* 1 when errno says the process is gone (ENOENT, ESRCH): the row is skipped,
** not reported. */
int ds_proc_gone(int err);

/* The numeric entries of <root>/proc, ascending, malloc'd in *pids.
** Returns 0, or -1 + errno when /proc cannot be listed. */
int ds_proc_list(const char *root, long **pids, size_t *n);

/* The pid list a pid-indexed table should read: the pushed-down values of
** column `col` when constrained (only those > 0, deduplicated, ascending),
** else every process.  Returns 0 or -1 + errno. */
struct ds_query;
int ds_proc_pids_for(struct ds_query *q, int col, long **pids, size_t *n);

/* ---- scanning the processes of a pid-indexed table -------------------------- */

/* Called once per process; returns SQLITE_OK to go on, or an error code that
** ends the scan. */
typedef int (*ds_proc_fn)(struct ds_query *q, long pid, void *arg);

/* Calls fn for each pid of ds_proc_pids_for(q, pid_col), ascending, until one
** fails.  A pid list that cannot be made is the query's error ("cannot list
** <root>/proc: ...").  Returns SQLITE_OK or the error code. */
int ds_proc_each(struct ds_query *q, int pid_col, ds_proc_fn fn, void *arg);

/* Called with /proc/<pid>/<file> read into `file` (NUL-terminated); the
** callback may reuse the buffer to read other files of the process. */
typedef int (*ds_proc_file_fn)(struct ds_query *q, long pid, ds_buf *file, void *arg);

/* ds_proc_each that first reads /proc/<pid>/<file> (at most `max` bytes) into
** one buffer reused across processes.  A process whose file cannot be read
** (it exited, or the file is not ours to read) is skipped. */
int ds_proc_read_each(struct ds_query *q, int pid_col, const char *file, size_t max,
                      ds_proc_file_fn fn, void *arg);

#endif
