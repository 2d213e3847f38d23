/*
** process_security - the kernel-side security state of each process:
** no_new_privs, seccomp mode and filter count, capability masks (from
** /proc/<pid>/status), the AppArmor label (/proc/<pid>/attr/…), and whether
** its uid/gid maps are the host's identity map (i.e. no user namespace
** remapping).
**
** Push-down: pid.  A process that exits mid-scan is skipped; a field the
** kernel does not report (old kernels) or a file that cannot be read gives
** NULL.
*/
#include <stdio.h>

#include "dockersec.h"
#include "host/ds_procfs.h"

enum {
  C_PID,
  C_NAME,
  C_NO_NEW_PRIVS,
  C_SECCOMP,
  C_SECCOMP_FILTERS,
  C_APPARMOR,
  C_UID_MAP_IDENTITY,
  C_GID_MAP_IDENTITY,
  C_CAP_INHERITABLE,
  C_CAP_PERMITTED,
  C_CAP_EFFECTIVE,
  C_CAP_BOUNDING,
  C_CAP_AMBIENT,
  C_COUNT
};

static const ds_column columns[] = {
    [C_PID] = {"pid", DS_BIGINT,
               "Process ID; skipped when it exited or its status is unreadable (other "
               "unreadable files give NULL columns)",
               DS_INDEXED},
    [C_NAME] = {"name", DS_TEXT, "Process name (comm)", 0},
    [C_NO_NEW_PRIVS] = {"no_new_privs", DS_INTEGER,
                        "1 when the no_new_privs bit is set (NoNewPrivs:); NULL before Linux 4.10",
                        0},
    [C_SECCOMP] = {"seccomp", DS_INTEGER, "Seccomp mode: 0 disabled, 1 strict, 2 filter", 0},
    [C_SECCOMP_FILTERS] = {"seccomp_filters", DS_INTEGER,
                           "Number of seccomp filters attached; NULL before Linux 5.9", 0},
    [C_APPARMOR] = {"apparmor_label", DS_TEXT,
                    "LSM label: attr/apparmor/current, else attr/current (e.g. 'docker-default "
                    "(enforce)', 'unconfined'; the SELinux context on SELinux hosts); NULL when "
                    "no LSM reports one or the file is unreadable",
                    0},
    [C_UID_MAP_IDENTITY] = {"uid_map_identity", DS_INTEGER,
                            "1 when /proc/<pid>/uid_map is the identity map '0 0 4294967295' (no "
                            "uid remapping), 0 otherwise, NULL when unreadable",
                            0},
    [C_GID_MAP_IDENTITY] = {"gid_map_identity", DS_INTEGER, "The same for gid_map", 0},
    [C_CAP_INHERITABLE] = {"cap_inheritable", DS_TEXT, "CapInh mask, 16 hex digits", 0},
    [C_CAP_PERMITTED] = {"cap_permitted", DS_TEXT, "CapPrm mask, 16 hex digits", 0},
    [C_CAP_EFFECTIVE] = {"cap_effective", DS_TEXT, "CapEff mask, 16 hex digits", 0},
    [C_CAP_BOUNDING] = {"cap_bounding", DS_TEXT, "CapBnd mask, 16 hex digits", 0},
    [C_CAP_AMBIENT] = {"cap_ambient", DS_TEXT, "CapAmb mask, 16 hex digits; NULL before Linux 4.3",
                       0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static void set_flag(ds_query *q, int col, int v) {
  if (v >= 0) ds_set_int(q, col, v);
}

static void set_label(ds_query *q, const char *root, long pid, ds_buf *b) {
  if (ds_proc_read(root, pid, "attr/apparmor/current", b, 4096) != 0 &&
      ds_proc_read(root, pid, "attr/current", b, 4096) != 0)
    return;
  size_t n = b->len;
  while (n > 0 && (b->data[n - 1] == '\n' || b->data[n - 1] == '\0'))
    n--;
  if (n > 0) ds_set_textn(q, C_APPARMOR, b->data, n);
}

static void set_identity(ds_query *q, int col, const char *root, long pid, const char *file,
                         ds_buf *b) {
  if (ds_proc_read(root, pid, file, b, 64 * 1024) != 0) return;
  ds_id_map m[340]; /* the kernel allows 340 lines */
  int n = ds_parse_id_map(b->data, b->len, m, DS_COUNT(m));
  ds_set_int(q, col, ds_id_map_is_identity(m, n));
}

/* One process, from its status in `b`; the other files are read into `b`
** once the status is parsed. */
static int emit_process(ds_query *q, long pid, ds_buf *b, void *arg) {
  DS_UNUSED(arg);
  const char *root = ds_query_root(q);
  ds_proc_status st;
  if (ds_parse_status(b->data, b->len, &st) != 0) return SQLITE_OK; /* not a process: skipped */
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_set_int(q, C_PID, pid);
  ds_set_text(q, C_NAME, st.name);
  set_flag(q, C_NO_NEW_PRIVS, st.no_new_privs);
  set_flag(q, C_SECCOMP, st.seccomp);
  set_flag(q, C_SECCOMP_FILTERS, st.seccomp_filters);
  static const int cap_cols[DS_CAP_NSETS] = {C_CAP_INHERITABLE, C_CAP_PERMITTED, C_CAP_EFFECTIVE,
                                             C_CAP_BOUNDING, C_CAP_AMBIENT};
  for (int set = 0; set < DS_CAP_NSETS; set++) {
    if (!(st.cap_present & (1u << set))) continue;
    char hex[17];
    snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)st.cap[set]);
    ds_set_text(q, cap_cols[set], hex);
  }
  if (ds_query_uses(q, C_APPARMOR)) set_label(q, root, pid, b);
  if (ds_query_uses(q, C_UID_MAP_IDENTITY))
    set_identity(q, C_UID_MAP_IDENTITY, root, pid, "uid_map", b);
  if (ds_query_uses(q, C_GID_MAP_IDENTITY))
    set_identity(q, C_GID_MAP_IDENTITY, root, pid, "gid_map", b);
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  return ds_proc_read_each(q, C_PID, "status", 64 * 1024, emit_process, NULL);
}

const ds_table ds_table_process_security = {
    .name = "process_security",
    .doc = "Kernel-side security state of each process: no_new_privs, seccomp, AppArmor label, "
           "user-namespace remapping and capability masks.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT c.name, s.no_new_privs, s.seccomp, s.apparmor_label\n"
               "FROM docker_containers c JOIN process_security s ON s.pid = c.pid;",
};
