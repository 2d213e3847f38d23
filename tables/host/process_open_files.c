/*
** process_open_files - the file descriptors of each process that name a
** file (osquery's table): readlink of /proc/<pid>/fd/<fd> under the root
** prefix.  Sockets, pipes and anon inodes are left out, as osquery leaves
** them out (process_open_sockets and listening_ports cover sockets).
**
** Push-down: pid.  A process that exits mid-scan, or whose fd directory is
** not ours to read (another user's process when not root), is skipped.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "host/ds_procfs.h"

enum { C_PID, C_FD, C_PATH, C_COUNT };

static const ds_column columns[] = {
    [C_PID] = {"pid", DS_BIGINT, "Process (or thread) ID", DS_INDEXED},
    [C_FD] = {"fd", DS_BIGINT, "Process-specific file descriptor number", 0},
    [C_PATH] = {"path", DS_TEXT, "Filesystem path of descriptor", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int not_a_file(const char *target) {
  return strstr(target, "socket:") || strstr(target, "anon_inode:") || strstr(target, "pipe:");
}

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

static int emit_process(ds_query *q, long pid, void *arg) {
  DS_UNUSED(arg);
  char dir[4096], rel[64];
  snprintf(rel, sizeof rel, "/proc/%ld/fd", pid);
  if (!ds_host_path(ds_query_root(q), rel, dir, sizeof dir)) return SQLITE_OK;
  DIR *d = opendir(dir);
  if (!d) return SQLITE_OK;
  long *fds = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    char *end;
    long fd = strtol(e->d_name, &end, 10);
    if (end == e->d_name || *end || fd < 0) continue;
    if (n == cap) {
      long *more = realloc(fds, (cap = cap ? 2 * cap : 64) * sizeof(*fds));
      if (!more) {
        free(fds);
        closedir(d);
        return SQLITE_NOMEM;
      }
      fds = more;
    }
    fds[n++] = fd;
  }
  closedir(d);
  if (n > 1) qsort(fds, n, sizeof(*fds), cmp_long); /* fds is NULL when empty */
  int rc = SQLITE_OK;
  for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
    char name[48], target[4096];
    snprintf(name, sizeof name, "fd/%ld", fds[i]);
    if (ds_proc_readlink(ds_query_root(q), pid, name, target, sizeof target) < 0) continue;
    if (not_a_file(target)) continue;
    rc = ds_row_new(q);
    if (rc != SQLITE_OK) break;
    ds_set_int(q, C_PID, pid);
    ds_set_int(q, C_FD, fds[i]);
    ds_set_text(q, C_PATH, target);
  }
  free(fds);
  return rc;
}

static int generate(ds_query *q) {
  return ds_proc_each(q, C_PID, emit_process, NULL);
}

const ds_table ds_table_process_open_files = {
    .name = "process_open_files",
    .doc = "Open files of each process: the descriptors in /proc/<pid>/fd that name a file.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT p.name, f.fd, f.path FROM processes p\n"
               "JOIN process_open_files f USING (pid) WHERE f.path LIKE '/var/lib/docker/%';",
};
