/*
** processes - every process of the host, osquery's columns first, then the
** container it belongs to (from its cgroup path).
**
** Sources, read only when a used column needs them: /proc/<pid>/stat (state,
** parent, pgroup, nice, threads, times), status (name, ids, memory), cmdline,
** exe/cwd/root links, io, cgroup; /proc/stat for the boot time.
**
** Push-down: pid (= and IN) reads only those /proc/<pid> directories.  A
** process that exits mid-scan is skipped; a file that cannot be read (e.g.
** /proc/<pid>/exe without privilege) leaves its columns NULL.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dockersec.h"
#include "host/ds_cgroup.h"
#include "host/ds_procfs.h"
#include "common/ds_secret.h"
#include "common/ds_util.h"

enum {
  C_PID,
  C_NAME,
  C_PATH,
  C_CMDLINE,
  C_STATE,
  C_CWD,
  C_ROOT,
  C_UID,
  C_GID,
  C_EUID,
  C_EGID,
  C_SUID,
  C_SGID,
  C_ON_DISK,
  C_WIRED_SIZE,
  C_RESIDENT_SIZE,
  C_TOTAL_SIZE,
  C_USER_TIME,
  C_SYSTEM_TIME,
  C_DISK_BYTES_READ,
  C_DISK_BYTES_WRITTEN,
  C_START_TIME,
  C_PARENT,
  C_PGROUP,
  C_THREADS,
  C_NICE,
  C_CGROUP_PATH,
  /* dockersec */
  C_CONTAINER_ID,
  C_COUNT
};

static const ds_column columns[] = {
    [C_PID] = {"pid", DS_BIGINT,
               "Process ID (a thread ID also works in WHERE pid = …). A process that exits "
               "mid-scan is skipped; a file that cannot be read leaves its columns NULL",
               DS_INDEXED},
    [C_NAME] = {"name", DS_TEXT,
                "Name: from /proc/<pid>/status (the comm, at most 15 chars); NULL when unreadable",
                0},
    [C_PATH] = {"path", DS_TEXT,
                "Executable (readlink exe, ' (deleted)' removed); NULL when unreadable", 0},
    [C_CMDLINE] = {"cmdline", DS_TEXT, "Complete argv joined with spaces ('' for kernel threads)",
                   0},
    [C_STATE] = {"state", DS_TEXT, "State letter from /proc/<pid>/stat (R, S, D, Z, T, …)", 0},
    [C_CWD] = {"cwd", DS_TEXT, "Current working directory; NULL when unreadable", 0},
    [C_ROOT] = {"root", DS_TEXT, "Root directory (a container's rootfs); NULL when unreadable", 0},
    [C_UID] = {"uid", DS_BIGINT, "Real user ID (status); NULL when unreadable", 0},
    [C_GID] = {"gid", DS_BIGINT, "Real group ID", 0},
    [C_EUID] = {"euid", DS_BIGINT, "Effective user ID", 0},
    [C_EGID] = {"egid", DS_BIGINT, "Effective group ID", 0},
    [C_SUID] = {"suid", DS_BIGINT, "Saved user ID", 0},
    [C_SGID] = {"sgid", DS_BIGINT, "Saved group ID", 0},
    [C_ON_DISK] = {"on_disk", DS_INTEGER, "1 if the executable exists, 0 if deleted, -1 if unknown",
                   0},
    [C_WIRED_SIZE] = {"wired_size", DS_BIGINT, "Unpageable memory (always 0 on Linux)", 0},
    [C_RESIDENT_SIZE] = {"resident_size", DS_BIGINT, "Resident memory in bytes (VmRSS)", 0},
    [C_TOTAL_SIZE] = {"total_size", DS_BIGINT, "Virtual memory size in bytes (VmSize)", 0},
    [C_USER_TIME] = {"user_time", DS_BIGINT, "CPU time in user space, milliseconds", 0},
    [C_SYSTEM_TIME] = {"system_time", DS_BIGINT, "CPU time in kernel space, milliseconds", 0},
    [C_DISK_BYTES_READ] = {"disk_bytes_read", DS_BIGINT,
                           "Bytes read from disk (/proc/<pid>/io); NULL when unreadable", 0},
    [C_DISK_BYTES_WRITTEN] = {"disk_bytes_written", DS_BIGINT,
                              "Bytes written to disk, minus cancelled writes; NULL when unreadable",
                              0},
    [C_START_TIME] = {"start_time", DS_BIGINT, "Start time, seconds since the Epoch; -1 if unknown",
                      0},
    [C_PARENT] = {"parent", DS_BIGINT, "Parent process ID", 0},
    [C_PGROUP] = {"pgroup", DS_BIGINT, "Process group ID", 0},
    [C_THREADS] = {"threads", DS_INTEGER, "Number of threads", 0},
    [C_NICE] = {"nice", DS_INTEGER, "Nice level (-20 to 19)", 0},
    [C_CGROUP_PATH] = {"cgroup_path", DS_TEXT,
                       "Path of the first line of /proc/<pid>/cgroup (osquery's choice)", 0},
    [C_CONTAINER_ID] = {"container_id", DS_TEXT,
                        "ID of the container the process runs in (Docker or Podman, cgroupfs or "
                        "systemd driver, cgroup v1 or v2); NULL for host processes",
                        0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* Which /proc files the statement needs, from the columns it reads. */
typedef struct needs {
  int stat, status, cmdline, exe, cwd, root, io, cgroup, btime;
} needs;

static int uses_any(const ds_query *q, const int *cols, int n) {
  for (int i = 0; i < n; i++)
    if (ds_query_uses(q, cols[i])) return 1;
  return 0;
}

static needs needs_of(const ds_query *q) {
  static const int stat_cols[] = {C_STATE,  C_USER_TIME, C_SYSTEM_TIME, C_START_TIME,
                                  C_PARENT, C_PGROUP,    C_THREADS,     C_NICE};
  static const int status_cols[] = {C_NAME, C_UID,  C_GID,           C_EUID,      C_EGID,
                                    C_SUID, C_SGID, C_RESIDENT_SIZE, C_TOTAL_SIZE};
  needs n = {0};
  n.stat = uses_any(q, stat_cols, DS_COUNT(stat_cols));
  n.status = uses_any(q, status_cols, DS_COUNT(status_cols));
  n.cmdline = ds_query_uses(q, C_CMDLINE);
  n.exe = ds_query_uses(q, C_PATH) || ds_query_uses(q, C_ON_DISK);
  n.cwd = ds_query_uses(q, C_CWD);
  n.root = ds_query_uses(q, C_ROOT);
  n.io = ds_query_uses(q, C_DISK_BYTES_READ) || ds_query_uses(q, C_DISK_BYTES_WRITTEN);
  n.cgroup = ds_query_uses(q, C_CGROUP_PATH) || ds_query_uses(q, C_CONTAINER_ID);
  n.btime = ds_query_uses(q, C_START_TIME);
  return n;
}

/* State shared by every row of one scan: buffers reused across processes. */
typedef struct scan {
  const char *root;
  needs need;
  long long btime;
  long clk_tck;
  ds_buf buf;
  char *text; /* cmdline rendering */
  size_t text_cap;
  int from_constraint; /* the pids come from WHERE pid = / IN */
} scan;

static void set_link(ds_query *q, int col, const scan *s, long pid, const char *name) {
  char target[4096];
  if (ds_proc_readlink(s->root, pid, name, target, sizeof(target)) >= 0)
    ds_set_text(q, col, target);
}

static void set_exe(ds_query *q, const scan *s, long pid) {
  char target[4096];
  long n = ds_proc_readlink(s->root, pid, "exe", target, sizeof(target));
  if (n < 0) {
    ds_set_int(q, C_ON_DISK, -1);
    return;
  }
  static const char deleted[] = " (deleted)";
  size_t dl = sizeof(deleted) - 1;
  int gone = (size_t)n > dl && strcmp(target + n - dl, deleted) == 0;
  if (gone) target[n - dl] = '\0';
  ds_set_text(q, C_PATH, target);
  if (gone) {
    ds_set_int(q, C_ON_DISK, 0);
  } else if (ds_query_uses(q, C_ON_DISK)) {
    char host[4096];
    struct stat st;
    ds_set_int(q, C_ON_DISK,
               ds_host_path(s->root, target, host, sizeof(host)) && stat(host, &st) == 0 ? 1 : 0);
  }
}

static void set_cmdline(ds_query *q, scan *s, long pid) {
  if (ds_proc_read(s->root, pid, "cmdline", &s->buf, 1 << 20) != 0) return;
  if (s->text_cap < s->buf.len + 1) {
    char *p = realloc(s->text, s->buf.len + 1);
    if (!p) return;
    s->text = p;
    s->text_cap = s->buf.len + 1;
  }
  size_t n = ds_cmdline_text(s->buf.data, s->buf.len, s->text, s->text_cap);
  /* --password=x, token=x, URL passwords, tokens: <redacted> (ds_secret.h). */
  int secret = 0;
  char *shown = ds_query_reveal(q) ? NULL : ds_redact_command(s->text, 0, &secret);
  if (shown && secret)
    ds_set_text_owned(q, C_CMDLINE, shown);
  else {
    free(shown);
    ds_set_textn(q, C_CMDLINE, s->text, n);
  }
}

/* read_bytes / write_bytes - cancelled_write_bytes, as osquery. */
static void set_io(ds_query *q, scan *s, long pid) {
  if (ds_proc_read(s->root, pid, "io", &s->buf, 4096) != 0) return;
  const char *r = strstr(s->buf.data, "\nread_bytes: ");
  const char *w = strstr(s->buf.data, "\nwrite_bytes: ");
  const char *c = strstr(s->buf.data, "\ncancelled_write_bytes: ");
  if (r) ds_set_int(q, C_DISK_BYTES_READ, strtoll(r + 13, NULL, 10));
  if (w) {
    long long wb = strtoll(w + 14, NULL, 10);
    if (c) wb -= strtoll(c + 24, NULL, 10);
    ds_set_int(q, C_DISK_BYTES_WRITTEN, wb);
  }
}

static void set_cgroup(ds_query *q, scan *s, long pid) {
  if (ds_proc_read(s->root, pid, "cgroup", &s->buf, 1 << 16) != 0) return;
  ds_cgroup_line lines[32];
  int n = ds_parse_proc_cgroup(s->buf.data, s->buf.len, lines, DS_COUNT(lines));
  if (n == 0) return;
  ds_set_textn(q, C_CGROUP_PATH, lines[0].path, lines[0].path_len);
  char id[65];
  for (int i = 0; i < n; i++) {
    if (ds_cgroup_container_id(lines[i].path, lines[i].path_len, id)) {
      ds_set_text(q, C_CONTAINER_ID, id);
      break;
    }
  }
}

static void set_stat_columns(ds_query *q, const scan *s, const ds_proc_stat *st) {
  char state[2] = {st->state, '\0'};
  ds_set_text(q, C_STATE, state);
  long tck = s->clk_tck > 0 ? s->clk_tck : 100;
  ds_set_int(q, C_USER_TIME, (sqlite3_int64)(st->utime * 1000 / (unsigned long long)tck));
  ds_set_int(q, C_SYSTEM_TIME, (sqlite3_int64)(st->stime * 1000 / (unsigned long long)tck));
  ds_set_int(q, C_START_TIME,
             s->btime < 0 ? -1
                          : s->btime + (sqlite3_int64)(st->starttime / (unsigned long long)tck));
  ds_set_int(q, C_PARENT, st->ppid);
  ds_set_int(q, C_PGROUP, st->pgrp);
  ds_set_int(q, C_THREADS, st->num_threads);
  ds_set_int(q, C_NICE, st->nice);
}

static void set_id(ds_query *q, int col, long long v) {
  if (v >= 0) ds_set_int(q, col, v);
}

static void set_status_columns(ds_query *q, const ds_proc_status *st) {
  ds_set_text(q, C_NAME, st->name);
  set_id(q, C_UID, st->uid[0]);
  set_id(q, C_EUID, st->uid[1]);
  set_id(q, C_SUID, st->uid[2]);
  set_id(q, C_GID, st->gid[0]);
  set_id(q, C_EGID, st->gid[1]);
  set_id(q, C_SGID, st->gid[2]);
  /* Kernel threads have no Vm* lines: 0, as osquery reports. */
  ds_set_int(q, C_RESIDENT_SIZE, st->vm_rss_kb > 0 ? st->vm_rss_kb * 1024 : 0);
  ds_set_int(q, C_TOTAL_SIZE, st->vm_size_kb > 0 ? st->vm_size_kb * 1024 : 0);
}

/* Emits the row of one process; returns SQLITE_OK also when it vanished. */
static int emit_process(ds_query *q, long pid, void *arg) {
  scan *s = arg;
  ds_proc_stat st;
  ds_proc_status status;
  int have_stat = 0, have_status = 0;
  /* Read the files that decide whether the process exists before the row
  ** exists, so a process that exits now is skipped rather than half-filled. */
  if (s->need.stat) {
    if (ds_proc_read(s->root, pid, "stat", &s->buf, 4096) != 0) {
      if (ds_proc_gone(errno)) return SQLITE_OK;
    } else {
      have_stat = ds_parse_stat(s->buf.data, s->buf.len, &st) == 0;
    }
  }
  if (s->need.status) {
    if (ds_proc_read(s->root, pid, "status", &s->buf, 64 * 1024) != 0) {
      if (ds_proc_gone(errno)) return SQLITE_OK;
    } else {
      have_status = ds_parse_status(s->buf.data, s->buf.len, &status) == 0;
    }
  }
  if (!s->need.stat && !s->need.status && s->from_constraint) {
    /* WHERE pid = N reading no file: the process must still exist. */
    char rel[64], path[4096];
    struct stat sb;
    snprintf(rel, sizeof(rel), "/proc/%ld", pid);
    if (!ds_host_path(s->root, rel, path, sizeof(path)) || stat(path, &sb) != 0) return SQLITE_OK;
  }
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_set_int(q, C_PID, pid);
  ds_set_int(q, C_WIRED_SIZE, 0);
  if (have_stat) set_stat_columns(q, s, &st);
  if (have_status) set_status_columns(q, &status);
  if (s->need.cmdline) set_cmdline(q, s, pid);
  if (s->need.exe) set_exe(q, s, pid);
  if (s->need.cwd) set_link(q, C_CWD, s, pid, "cwd");
  if (s->need.root) set_link(q, C_ROOT, s, pid, "root");
  if (s->need.io) set_io(q, s, pid);
  if (s->need.cgroup) set_cgroup(q, s, pid);
  return SQLITE_OK;
}

static long long boot_time(const char *root, ds_buf *b) {
  char path[4096];
  if (!ds_host_path(root, "/proc/stat", path, sizeof(path)) || ds_read_into(path, 1 << 20, b) != 0)
    return -1;
  return ds_parse_btime(b->data, b->len);
}

static int generate(ds_query *q) {
  scan s = {0};
  s.root = ds_query_root(q);
  s.need = needs_of(q);
  s.clk_tck = sysconf(_SC_CLK_TCK);
  s.btime = s.need.btime ? boot_time(s.root, &s.buf) : -1;
  s.from_constraint = ds_query_nvalues(q, C_PID) > 0;
  int rc = ds_proc_each(q, C_PID, emit_process, &s);
  ds_buf_free(&s.buf);
  free(s.text);
  return rc;
}

const ds_table ds_table_processes = {
    .name = "processes",
    .doc = "Processes of the host, with the container each one runs in.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT p.pid, p.name, p.uid, c.name AS container\n"
               "FROM processes p JOIN docker_containers c ON c.id = p.container_id;",
};
