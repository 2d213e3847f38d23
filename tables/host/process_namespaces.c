/*
** process_namespaces - the namespaces of each process (osquery's columns:
** decimal inodes from readlink /proc/<pid>/ns/<type>), plus whether each is
** the host's, i.e. the same as pid 1's (kthreadd's when pid 1's link cannot
** be read).
**
** Push-down: pid.  A namespace link that cannot be read (process gone,
** kernel without that namespace type, or not permitted without root) is
** NULL, and so is its shares_host_ column; a process with no readable link
** whose /proc directory is gone is skipped.
*/
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dockersec.h"
#include "host/ds_procfs.h"
#include "common/ds_util.h"

enum {
  C_PID,
  C_CGROUP,
  C_IPC,
  C_MNT,
  C_NET,
  C_PIDNS,
  C_USER,
  C_UTS,
  C_SHARES_CGROUP,
  C_SHARES_IPC,
  C_SHARES_MNT,
  C_SHARES_NET,
  C_SHARES_PID,
  C_SHARES_USER,
  C_SHARES_UTS,
  C_COUNT
};

#define NS_TYPES 7
static const char *const ns_types[NS_TYPES] = {"cgroup", "ipc", "mnt", "net", "pid", "user", "uts"};

static const ds_column columns[] = {
    [C_PID] = {"pid", DS_INTEGER,
               "Process ID; a link that cannot be read (no privilege, namespace type unknown to "
               "the kernel) gives NULL; a process that exited is skipped",
               DS_INDEXED},
    [C_CGROUP] = {"cgroup_namespace", DS_TEXT, "cgroup namespace inode", 0},
    [C_IPC] = {"ipc_namespace", DS_TEXT, "IPC namespace inode", 0},
    [C_MNT] = {"mnt_namespace", DS_TEXT, "Mount namespace inode", 0},
    [C_NET] = {"net_namespace", DS_TEXT, "Network namespace inode", 0},
    [C_PIDNS] = {"pid_namespace", DS_TEXT, "PID namespace inode", 0},
    [C_USER] = {"user_namespace", DS_TEXT, "User namespace inode", 0},
    [C_UTS] = {"uts_namespace", DS_TEXT, "UTS namespace inode", 0},
    [C_SHARES_CGROUP] = {"shares_host_cgroup", DS_INTEGER,
                         "1 when the cgroup namespace is the host's (pid 1's, or kthreadd's when "
                         "pid 1's link is unreadable), 0 when not, NULL when unreadable",
                         0},
    [C_SHARES_IPC] = {"shares_host_ipc", DS_INTEGER, "1 when the IPC namespace is pid 1's", 0},
    [C_SHARES_MNT] = {"shares_host_mnt", DS_INTEGER, "1 when the mount namespace is pid 1's", 0},
    [C_SHARES_NET] = {"shares_host_net", DS_INTEGER, "1 when the network namespace is pid 1's", 0},
    [C_SHARES_PID] = {"shares_host_pid", DS_INTEGER, "1 when the PID namespace is pid 1's", 0},
    [C_SHARES_USER] = {"shares_host_user", DS_INTEGER, "1 when the user namespace is pid 1's", 0},
    [C_SHARES_UTS] = {"shares_host_uts", DS_INTEGER, "1 when the UTS namespace is pid 1's", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

typedef struct ns_set {
  char inode[NS_TYPES][32];
  int ok[NS_TYPES];
} ns_set;

static int read_ns(const char *root, long pid, ns_set *s) {
  int any = 0;
  for (int i = 0; i < NS_TYPES; i++) {
    s->ok[i] = ds_ns_inode(root, pid, ns_types[i], s->inode[i], sizeof(s->inode[i])) == 0;
    any |= s->ok[i];
  }
  return any;
}

/* /proc/<pid>/ns exists: the process is alive, only its links are not ours
** to read (a process that is gone has no directory at all). */
static int ns_dir_exists(const char *root, long pid) {
  char rel[64], path[4096];
  struct stat st;
  snprintf(rel, sizeof(rel), "/proc/%ld/ns", pid);
  return ds_host_path(root, rel, path, sizeof(path)) && stat(path, &st) == 0;
}

/* The host's namespaces: pid 1's.  Some inits refuse readlink of their ns
** links (a hardened init, or a VM agent as pid 1); then kthreadd (pid 2,
** parent 0) stands in: kernel threads always live in the initial
** namespaces. */
static void read_host_ns(const char *root, ns_set *host) {
  read_ns(root, 1, host);
  ds_buf b = {0};
  ds_proc_status st;
  if (ds_proc_read(root, 2, "status", &b, 64 * 1024) == 0 &&
      ds_parse_status(b.data, b.len, &st) == 0 && st.ppid == 0) {
    ns_set kthreadd;
    read_ns(root, 2, &kthreadd);
    for (int t = 0; t < NS_TYPES; t++) {
      if (host->ok[t] || !kthreadd.ok[t]) continue;
      memcpy(host->inode[t], kthreadd.inode[t], sizeof(host->inode[t]));
      host->ok[t] = 1;
    }
  }
  ds_buf_free(&b);
}

/* One process; `arg` is the host's namespaces, or NULL when no shares_host_
** column is read. */
static int emit_process(ds_query *q, long pid, void *arg) {
  const char *root = ds_query_root(q);
  const ns_set *host = arg;
  ns_set s;
  if (!read_ns(root, pid, &s) && !ns_dir_exists(root, pid)) return SQLITE_OK;
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_set_int(q, C_PID, pid);
  for (int t = 0; t < NS_TYPES; t++) {
    if (!s.ok[t]) continue;
    ds_set_text(q, C_CGROUP + t, s.inode[t]);
    if (host && host->ok[t])
      ds_set_int(q, C_SHARES_CGROUP + t, strcmp(s.inode[t], host->inode[t]) == 0);
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  ns_set host;
  int need_host = 0;
  for (int c = C_SHARES_CGROUP; c <= C_SHARES_UTS; c++)
    need_host |= ds_query_uses(q, c);
  if (need_host) read_host_ns(ds_query_root(q), &host);
  return ds_proc_each(q, C_PID, emit_process, need_host ? &host : NULL);
}

const ds_table ds_table_process_namespaces = {
    .name = "process_namespaces",
    .doc = "Namespaces of each process, and whether each is the host's (pid 1's).",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT c.name, n.shares_host_pid, n.shares_host_net, n.shares_host_user\n"
               "FROM docker_containers c JOIN process_namespaces n ON n.pid = c.pid;",
};
