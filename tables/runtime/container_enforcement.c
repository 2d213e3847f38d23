/*
** container_enforcement - declared vs enforced: for every running container
** in `containers`, what its runtime spec declares next to what the kernel
** shows for its init process and its cgroup, one row per setting:
**
**   cap_bounding, cap_effective   spec lists vs CapBnd / CapEff of /proc/<pid>/status
**   no_new_privileges             process.noNewPrivileges vs NoNewPrivs
**   seccomp                       linux.seccomp present (filter, 2) or not (0) vs Seccomp
**   readonly_rootfs               root.readonly vs the "/" mount's ro in /proc/<pid>/mountinfo
**   memory_limit, pids_limit,     linux.resources vs the limit files of the cgroup the
**   cpu_quota                     process is in (v1: memory.limit_in_bytes, pids.max,
**                                 cpu.cfs_quota_us; v2: memory.max, pids.max, cpu.max)
**
** Unlimited reads NULL on both sides (a spec value <= 0, "max", -1).  `drift`
** is 1 when they differ, NULL when the kernel side could not be read (the
** process exited, a cgroup namespace hides the path).  Drift is what
** `docker update` leaves behind (the cgroup changes, the bundle does not),
** and what a runtime or hook that altered the process does.
**
** Push-down: id (exact), setting.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "common/ds_util.h"
#include "host/ds_caps.h"
#include "host/ds_cgroup.h"
#include "host/ds_mountinfo.h"
#include "host/ds_procfs.h"
#include "runtime/ds_runtime.h"

enum {
  C_ID,
  C_RUNTIME,
  C_NAME,
  C_PID,
  C_SETTING,
  C_DECLARED,
  C_ENFORCED,
  C_DRIFT,
  C_LOOSER,
  C_COUNT
};

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container id (containers.id)", DS_INDEXED},
    [C_RUNTIME] = {"runtime", DS_TEXT, "containers.runtime", 0},
    [C_NAME] = {"name", DS_TEXT, "Kubernetes container name (annotations), else NULL", 0},
    [C_PID] = {"pid", DS_BIGINT, "Init process whose kernel state is read", 0},
    [C_SETTING] = {"setting", DS_TEXT,
                   "cap_bounding, cap_effective, no_new_privileges, seccomp, readonly_rootfs, "
                   "memory_limit, pids_limit, cpu_quota",
                   DS_INDEXED},
    [C_DECLARED] = {"declared", DS_TEXT,
                    "What the runtime spec says (capabilities as a JSON list; NULL = unlimited)",
                    0},
    [C_ENFORCED] = {"enforced", DS_TEXT, "What the kernel shows, in the same form", 0},
    [C_DRIFT] = {"drift", DS_INTEGER,
                 "1 when they differ, 0 when equal, NULL when the kernel side is unreadable", 0},
    [C_LOOSER] = {"looser", DS_INTEGER,
                  "1 when the kernel enforces less than declared (capabilities not declared, "
                  "no_new_privileges/seccomp/read-only off, a higher or no limit): the drift "
                  "that matters for security; 0 for equal or stricter",
                  0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

typedef struct ctx {
  const char *root;
  ds_buf b;
} ctx;

/* `looser`: 1 / 0 as the column, ignored unless `readable`. */
static int row(ds_query *q, const ds_rt_container *c, const char *name, const char *setting,
               const char *declared, const char *enforced, int readable, int looser) {
  if (!ds_query_accepts_text(q, C_SETTING, setting)) return SQLITE_OK;
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_set_text(q, C_ID, c->id);
  ds_set_text(q, C_RUNTIME, c->runtime);
  if (name) ds_set_text(q, C_NAME, name);
  ds_set_int(q, C_PID, c->pid);
  ds_set_text(q, C_SETTING, setting);
  if (declared) ds_set_text(q, C_DECLARED, declared);
  if (enforced) ds_set_text(q, C_ENFORCED, enforced);
  if (readable) {
    int same = (!declared && !enforced) || (declared && enforced && !strcmp(declared, enforced));
    ds_set_int(q, C_DRIFT, !same);
    ds_set_int(q, C_LOOSER, looser);
  }
  return SQLITE_OK;
}

/* A capability list of the spec as a mask; names we cannot map are bits
** we cannot compare: they make the mask carry bit 63 (never a real cap). */
static uint64_t caps_mask(json_object *list) {
  uint64_t m = 0;
  size_t n = list ? json_object_array_length(list) : 0;
  for (size_t i = 0; i < n; i++) {
    int bit = ds_cap_bit(json_object_get_string(json_object_array_get_idx(list, i)));
    m |= bit >= 0 && bit < 63 ? (uint64_t)1 << bit : (uint64_t)1 << 63;
  }
  return m;
}

/* A mask as a JSON list of names, in bit order (malloc'd). */
static char *caps_text(uint64_t m) {
  ds_buf b = {0};
  ds_buf_puts(&b, "[");
  for (int bit = 0; bit < 64; bit++) {
    if (!(m & ((uint64_t)1 << bit))) continue;
    char name[32];
    ds_buf_printf(&b, "%s\"%s\"", b.len > 1 ? "," : "",
                  bit == 63 ? "unknown" : ds_cap_name(bit, name, sizeof(name)));
  }
  ds_buf_puts(&b, "]");
  return ds_buf_take(&b);
}

static char *num(long long v) {
  return v > 0 ? ds_mprintf("%lld", v) : NULL;
}

/* 1 when the last "/" mount in the process's mountinfo is read-only, 0 when
** not, -1 when unreadable. */
static int root_readonly(ctx *x, long pid) {
  if (ds_proc_read(x->root, pid, "mountinfo", &x->b, 4u << 20) != 0) return -1;
  int ro = -1;
  char *work = malloc(x->b.len + 8);
  if (!work) return -1;
  for (char *line = x->b.data; line && *line;) {
    char *nl = strchr(line, '\n');
    size_t len = nl ? (size_t)(nl - line) : strlen(line);
    ds_mountinfo m;
    if (ds_parse_mountinfo_line(line, len, &m, work, x->b.len + 8) == 0 &&
        strcmp(m.mount_point, "/") == 0)
      ro = ds_mount_has_option(m.options, "ro");
    line = nl ? nl + 1 : NULL;
  }
  free(work);
  return ro;
}

/* The enforced limit of one cgroup file of the process: 1 with *value set,
** 0 unlimited, -1 unreadable. */
static int cgroup_limit(ctx *x, long pid, int version, const char *controller, const char *file,
                        ds_limit_kind kind, long long *value) {
  if (ds_proc_read(x->root, pid, "cgroup", &x->b, 1 << 16) != 0) return -1;
  ds_cgroup_line l[32];
  int n = ds_parse_proc_cgroup(x->b.data, x->b.len, l, DS_COUNT(l));
  for (int i = 0; i < n; i++) {
    int v2 = l[i].hierarchy == 0 && l[i].controllers_len == 0;
    if (version == 2
            ? !v2
            : v2 || !ds_cgroup_has_controller(l[i].controllers, l[i].controllers_len, controller))
      continue;
    if (l[i].path_len >= 3 && memcmp(l[i].path, "/..", 3) == 0) return -1;
    size_t plen = ds_cgroup_container_prefix(l[i].path, l[i].path_len);
    char *path = ds_strndup(l[i].path, plen ? plen : l[i].path_len);
    char dir[4096], f[4200];
    int ok = path && ds_cgroup_dir(x->root, version, controller, path, dir, sizeof(dir)) &&
             snprintf(f, sizeof(f), "%s/%s", dir, file) < (int)sizeof(f);
    free(path);
    if (!ok || ds_read_into(f, 4096, &x->b) != 0) return -1;
    int r = ds_cgroup_parse_limit(kind, NULL, x->b.data, x->b.len, value);
    return r < 0 ? -1 : r;
  }
  return -1;
}

static int limit_row(ds_query *q, ctx *x, const ds_rt_container *c, const char *name,
                     const char *setting, long long declared, const char *controller,
                     const char *v1file, ds_limit_kind v1kind, const char *v2file,
                     ds_limit_kind v2kind) {
  if (!ds_query_accepts_text(q, C_SETTING, setting)) return SQLITE_OK;
  int version = ds_cgroup_version(x->root);
  long long v = 0;
  int r = version == 2 ? cgroup_limit(x, c->pid, 2, controller, v2file, v2kind, &v)
                       : cgroup_limit(x, c->pid, 1, controller, v1file, v1kind, &v);
  if (declared == DS_OCI_UNSET || declared <= 0) declared = 0;
  if (r == 1 && v <= 0) r = 0;
  char *d = num(declared), *e = r == 1 ? num(v) : NULL;
  int looser = declared > 0 && (r == 0 || v > declared);
  int rc = row(q, c, name, setting, d, e, r >= 0, looser);
  free(d);
  free(e);
  return rc;
}

static int emit(ds_query *q, const ds_rt_container *c, const ds_oci_spec *s, const char *note,
                void *arg) {
  DS_UNUSED(note);
  ctx *x = arg;
  if (!s || c->pid <= 0 || strcmp(c->state, "running") != 0) return SQLITE_OK;
  ds_rt_pod pod;
  ds_runtime_pod(s, &pod);
  const char *name = pod.container_name;
  ds_proc_status st;
  int have = ds_proc_read(x->root, c->pid, "status", &x->b, 64 * 1024) == 0 &&
             ds_parse_status(x->b.data, x->b.len, &st) == 0;
  int rc = SQLITE_OK;
  static const struct {
    const char *setting;
    int spec_set, proc_set;
  } caps[] = {{"cap_bounding", DS_OCI_BOUNDING, DS_CAP_BOUNDING},
              {"cap_effective", DS_OCI_EFFECTIVE, DS_CAP_EFFECTIVE}};
  for (int i = 0; i < DS_COUNT(caps) && rc == SQLITE_OK; i++) {
    int readable = have && (st.cap_present & (1u << caps[i].proc_set));
    uint64_t dm = caps_mask(s->caps[caps[i].spec_set]), em = st.cap[caps[i].proc_set];
    char *d = caps_text(dm), *e = readable ? caps_text(em) : NULL;
    rc = row(q, c, name, caps[i].setting, d, e, readable, (em & ~dm) != 0);
    free(d);
    free(e);
  }
  if (rc == SQLITE_OK)
    rc = row(q, c, name, "no_new_privileges", s->no_new_privileges ? "1" : "0",
             have && st.no_new_privs >= 0 ? (st.no_new_privs ? "1" : "0") : NULL,
             have && st.no_new_privs >= 0, s->no_new_privileges && st.no_new_privs == 0);
  if (rc == SQLITE_OK) {
    char e[8];
    snprintf(e, sizeof(e), "%d", have ? st.seccomp : -1);
    rc = row(q, c, name, "seccomp", s->seccomp ? "2" : "0", have && st.seccomp >= 0 ? e : NULL,
             have && st.seccomp >= 0, s->seccomp && st.seccomp == 0);
  }
  if (rc == SQLITE_OK && ds_query_accepts_text(q, C_SETTING, "readonly_rootfs")) {
    int ro = root_readonly(x, c->pid);
    const char *e = ro < 0 ? NULL : ro ? "1" : "0";
    rc = row(q, c, name, "readonly_rootfs", s->readonly_rootfs ? "1" : "0", e, ro >= 0,
             s->readonly_rootfs && ro == 0);
  }
  if (rc == SQLITE_OK)
    rc = limit_row(q, x, c, name, "memory_limit", s->memory_limit, "memory",
                   "memory.limit_in_bytes", DS_LIMIT_V1_BYTES, "memory.max", DS_LIMIT_INT);
  if (rc == SQLITE_OK)
    rc = limit_row(q, x, c, name, "pids_limit", s->pids_limit, "pids", "pids.max", DS_LIMIT_INT,
                   "pids.max", DS_LIMIT_INT);
  if (rc == SQLITE_OK)
    rc = limit_row(q, x, c, name, "cpu_quota", s->cpu_quota, "cpu", "cpu.cfs_quota_us",
                   DS_LIMIT_V1_QUOTA, "cpu.max", DS_LIMIT_CPU_MAX);
  return rc;
}

static int generate(ds_query *q) {
  ctx x = {.root = ds_query_root(q)};
  int rc = ds_runtime_each(q, C_ID, 0, emit, &x);
  ds_buf_free(&x.b);
  return rc;
}

const ds_table ds_table_container_enforcement = {
    .name = "container_enforcement",
    .doc = "Declared vs enforced: each running container's runtime-spec settings next to what "
           "the kernel shows for its process and cgroup, one row per setting, with drift.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- limits changed after start, capabilities a hook added\n"
               "SELECT c.runtime, c.name, e.setting, e.declared, e.enforced\n"
               "FROM container_enforcement e JOIN containers c USING (id) WHERE e.drift;",
};
