/*
** containers - one row per container found in the state of any OCI runtime
** on the host (containerd incl. Kubernetes and Docker's own, k3s, CRI-O,
** Podman rootful and rootless, runc/crun), engine-free: the settings are
** those of the runtime spec (config.json) the runtime handed to runc/crun.
** src/runtime/ds_runtime.h lists the places looked at.
**
** privileged is derived (the spec has no such flag): see ds_oci_privileged.
** Annotations: secret-looking values redacted unless reveal_secrets.
** A bundle whose config.json is malformed or half-written gives a row with
** its identity, `note` saying why, and NULL settings; one that vanished
** mid-scan gives no row.
**
** Push-down: id (exact).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "engine/ds_docker_caps.h"
#include "engine/ds_docker.h"
#include "engine/ds_docker_map.h"
#include "runtime/ds_runtime.h"

enum {
  C_RUNTIME,
  C_NAMESPACE,
  C_ID,
  C_NAME,
  C_POD_NAME,
  C_POD_NAMESPACE,
  C_POD_UID,
  C_SANDBOX,
  C_IMAGE,
  C_PID,
  C_STATE,
  C_BUNDLE,
  C_OWNER_UID,
  C_USER,
  C_ADDITIONAL_GIDS,
  C_PRIVILEGED,
  C_CAP_BOUNDING,
  C_CAP_EFFECTIVE,
  C_CAP_PERMITTED,
  C_CAP_AMBIENT,
  C_CAP_ADD,
  C_CAP_DROP,
  C_NO_NEW_PRIVILEGES,
  C_SECCOMP,
  C_APPARMOR,
  C_SELINUX,
  C_READONLY_ROOTFS,
  C_HOST_NETWORK,
  C_HOST_PID,
  C_HOST_IPC,
  C_HOST_UTS,
  C_HOST_USER,
  C_HOST_CGROUP,
  C_UID_MAPPINGS,
  C_MEMORY_LIMIT,
  C_CPU_QUOTA,
  C_CPU_PERIOD,
  C_CPU_SHARES,
  C_PIDS_LIMIT,
  C_MASKED_PATHS,
  C_READONLY_PATHS,
  C_SYSCTLS,
  C_CGROUPS_PATH,
  C_ANNOTATIONS,
  C_NOTE,
  C_LISTED_BY_ENGINE,
  C_COUNT
};

static const ds_column columns[] = {
    [C_RUNTIME] = {"runtime", DS_TEXT,
                   "docker, containerd, k3s, cri-o, podman, runc, crun (containers-storage when "
                   "neither Podman nor CRI-O marked it)",
                   0},
    [C_NAMESPACE] = {"namespace", DS_TEXT,
                     "containerd namespace (k8s.io, moby, default, …); empty elsewhere", 0},
    [C_ID] = {"id", DS_TEXT, "Container id (equal to docker_containers.id for Docker's)",
              DS_INDEXED},
    [C_NAME] = {"name", DS_TEXT,
                "Kubernetes container name, else the Docker/Podman name from the engine's "
                "files; NULL when unknown",
                0},
    [C_POD_NAME] = {"pod_name", DS_TEXT, "Kubernetes pod (CRI annotations)", 0},
    [C_POD_NAMESPACE] = {"pod_namespace", DS_TEXT, "Kubernetes namespace of the pod", 0},
    [C_POD_UID] = {"pod_uid", DS_TEXT, "Kubernetes pod UID", 0},
    [C_SANDBOX] = {"sandbox", DS_INTEGER,
                   "1 for a pod's sandbox (pause) container: infrastructure, not a workload", 0},
    [C_IMAGE] = {"image", DS_TEXT, "Image (annotations, else the engine's files)", 0},
    [C_PID] = {"pid", DS_BIGINT, "Init process (host pid namespace); NULL when unknown", 0},
    [C_STATE] = {"state", DS_TEXT,
                 "running, paused (its cgroup frozen), created (init waiting on runc's exec.fifo), "
                 "stopped, unknown",
                 0},
    [C_BUNDLE] = {"bundle", DS_TEXT, "Host path of the directory holding config.json", 0},
    [C_OWNER_UID] = {"owner_uid", DS_BIGINT, "Rootless Podman: the user owning it", 0},
    [C_USER] = {"user", DS_TEXT, "process.user as uid:gid", 0},
    [C_ADDITIONAL_GIDS] = {"additional_gids", DS_TEXT, "process.user.additionalGids (JSON)", 0},
    [C_PRIVILEGED] = {"privileged", DS_INTEGER,
                      "Derived: 1 when the bounding set holds CAP_SYS_ADMIN, a device rule "
                      "allows all devices (a *:* rwm) and no path is masked (maskedPaths "
                      "empty)",
                      0},
    [C_CAP_BOUNDING] = {"cap_bounding", DS_TEXT, "Bounding capability set (JSON list)", 0},
    [C_CAP_EFFECTIVE] = {"cap_effective", DS_TEXT, "Effective set (JSON list)", 0},
    [C_CAP_PERMITTED] = {"cap_permitted", DS_TEXT, "Permitted set (JSON list)", DS_HIDDEN},
    [C_CAP_AMBIENT] = {"cap_ambient", DS_TEXT, "Ambient set (JSON list)", 0},
    [C_CAP_ADD] = {"cap_add", DS_TEXT,
                   "Bounding set minus Docker's (and containerd's, CRI's) 14 default "
                   "capabilities (JSON list, as docker_containers.cap_add); [] when privileged",
                   0},
    [C_CAP_DROP] = {"cap_drop", DS_TEXT,
                    "Docker's default capabilities missing from the bounding set (JSON list)", 0},
    [C_NO_NEW_PRIVILEGES] = {"no_new_privileges", DS_INTEGER, "process.noNewPrivileges", 0},
    [C_SECCOMP] = {"seccomp", DS_TEXT,
                   "none (no linux.seccomp: unconfined), else the profile's defaultAction", 0},
    [C_APPARMOR] = {"apparmor_profile", DS_TEXT, "process.apparmorProfile; NULL when unset", 0},
    [C_SELINUX] = {"selinux_label", DS_TEXT, "process.selinuxLabel", 0},
    [C_READONLY_ROOTFS] = {"readonly_rootfs", DS_INTEGER, "root.readonly", 0},
    [C_HOST_NETWORK] = {"host_network", DS_INTEGER,
                        "1 when no network namespace of its own (absent from linux.namespaces, "
                        "or pid 1's)",
                        0},
    [C_HOST_PID] = {"host_pid", DS_INTEGER, "The same for the pid namespace", 0},
    [C_HOST_IPC] = {"host_ipc", DS_INTEGER, "The same for the ipc namespace", 0},
    [C_HOST_UTS] = {"host_uts", DS_INTEGER, "The same for the uts namespace", 0},
    [C_HOST_USER] = {"host_user", DS_INTEGER, "The same for the user namespace", 0},
    [C_HOST_CGROUP] = {"host_cgroup", DS_INTEGER, "The same for the cgroup namespace", 0},
    [C_UID_MAPPINGS] = {"uid_mappings", DS_TEXT, "linux.uidMappings (JSON)", 0},
    [C_MEMORY_LIMIT] = {"memory_limit", DS_BIGINT, "linux.resources.memory.limit in bytes", 0},
    [C_CPU_QUOTA] = {"cpu_quota", DS_BIGINT, "linux.resources.cpu.quota (µs per period)", 0},
    [C_CPU_PERIOD] = {"cpu_period", DS_BIGINT, "linux.resources.cpu.period (µs)", 0},
    [C_CPU_SHARES] = {"cpu_shares", DS_BIGINT, "linux.resources.cpu.shares (0: the default)", 0},
    [C_PIDS_LIMIT] = {"pids_limit", DS_BIGINT, "linux.resources.pids.limit", 0},
    [C_MASKED_PATHS] = {"masked_paths", DS_TEXT, "linux.maskedPaths (JSON)", 0},
    [C_READONLY_PATHS] = {"readonly_paths", DS_TEXT, "linux.readonlyPaths (JSON)", 0},
    [C_SYSCTLS] = {"sysctls", DS_TEXT, "linux.sysctl (JSON object)", 0},
    [C_CGROUPS_PATH] = {"cgroups_path", DS_TEXT, "linux.cgroupsPath as given to the runtime", 0},
    [C_ANNOTATIONS] = {"annotations", DS_TEXT,
                       "annotations (JSON); secret-looking values <redacted> unless "
                       "reveal_secrets",
                       0},
    [C_NOTE] = {"note", DS_TEXT, "Why the settings are NULL (config.json unreadable)", 0},
    [C_LISTED_BY_ENGINE] = {"listed_by_engine", DS_INTEGER,
                            "1 when the engine API on docker_host lists it (a Docker or Podman "
                            "container the docker_* tables report), 0 when not or when no engine "
                            "is there, NULL when one is there but its list fails (the docker_* "
                            "tables report why).  With = 0, the containers the engine lists are "
                            "skipped unread",
                            DS_HIDDEN | DS_INDEXED},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static void set_int(ds_query *q, int col, long long v) {
  if (v != DS_OCI_UNSET) ds_set_int(q, col, v);
}

static void set_json(ds_query *q, int col, json_object *o, int empty_array) {
  char *t = ds_json_text(o, empty_array);
  if (t) ds_set_text_owned(q, col, t);
}

/* cap_add and cap_drop: the bounding set against the runtime default set,
** computed here once per row instead of by a correlated json_each() per row
** in every statement that reads all_containers. */
static void set_cap_diff(ds_query *q, const ds_oci_spec *s, int privileged) {
  int n;
  const char *const *dflt = ds_cap_defaults(0, &n);
  if (ds_query_uses(q, C_CAP_ADD)) {
    json_object *add = json_object_new_array();
    json_object *b = s->caps[DS_OCI_BOUNDING];
    size_t nb = privileged || !b ? 0 : json_object_array_length(b);
    for (size_t i = 0; add && i < nb; i++) {
      const char *cap = json_object_get_string(json_object_array_get_idx(b, i));
      int is_default = 0;
      for (int d = 0; cap && d < n && !is_default; d++)
        is_default = strcmp(cap, dflt[d]) == 0;
      if (cap && !is_default) json_object_array_add(add, json_object_new_string(cap));
    }
    set_json(q, C_CAP_ADD, add, 1);
    json_object_put(add);
  }
  if (ds_query_uses(q, C_CAP_DROP)) {
    json_object *drop = json_object_new_array();
    for (int d = 0; drop && d < n; d++)
      if (!ds_oci_has_cap(s, DS_OCI_BOUNDING, dflt[d]))
        json_object_array_add(drop, json_object_new_string(dflt[d]));
    set_json(q, C_CAP_DROP, drop, 1);
    json_object_put(drop);
  }
}

/* A JSON column, serialised only when the statement reads it. */
static void set_json_used(ds_query *q, int col, json_object *o, int empty_array) {
  if (ds_query_uses(q, col)) set_json(q, col, o, empty_array);
}

static void set_spec(ds_query *q, const ds_oci_spec *s) {
  if (s->uid != DS_OCI_UNSET) {
    char u[48];
    snprintf(u, sizeof(u), "%lld:%lld", s->uid, s->gid == DS_OCI_UNSET ? 0 : s->gid);
    ds_set_text(q, C_USER, u);
  }
  set_json_used(q, C_ADDITIONAL_GIDS, s->additional_gids, 1);
  int privileged = ds_oci_privileged(s);
  ds_set_int(q, C_PRIVILEGED, privileged);
  set_json_used(q, C_CAP_BOUNDING, s->caps[DS_OCI_BOUNDING], 1);
  set_json_used(q, C_CAP_EFFECTIVE, s->caps[DS_OCI_EFFECTIVE], 1);
  set_json_used(q, C_CAP_PERMITTED, s->caps[DS_OCI_PERMITTED], 1);
  set_json_used(q, C_CAP_AMBIENT, s->caps[DS_OCI_AMBIENT], 1);
  set_cap_diff(q, s, privileged);
  ds_set_int(q, C_NO_NEW_PRIVILEGES, s->no_new_privileges);
  ds_set_text(q, C_SECCOMP, ds_oci_seccomp(s));
  if (s->apparmor_profile) ds_set_text(q, C_APPARMOR, s->apparmor_profile);
  if (s->selinux_label) ds_set_text(q, C_SELINUX, s->selinux_label);
  ds_set_int(q, C_READONLY_ROOTFS, s->readonly_rootfs);
  static const struct {
    int col;
    const char *type;
  } ns[] = {{C_HOST_NETWORK, "network"}, {C_HOST_PID, "pid"},   {C_HOST_IPC, "ipc"},
            {C_HOST_UTS, "uts"},         {C_HOST_USER, "user"}, {C_HOST_CGROUP, "cgroup"}};
  for (int i = 0; i < DS_COUNT(ns); i++)
    ds_set_int(q, ns[i].col, ds_oci_host_namespace(s, ns[i].type));
  set_json_used(q, C_UID_MAPPINGS, s->uid_mappings, 1);
  set_int(q, C_MEMORY_LIMIT, s->memory_limit);
  set_int(q, C_CPU_QUOTA, s->cpu_quota);
  set_int(q, C_CPU_PERIOD, s->cpu_period);
  set_int(q, C_CPU_SHARES, s->cpu_shares);
  set_int(q, C_PIDS_LIMIT, s->pids_limit);
  set_json_used(q, C_MASKED_PATHS, s->masked_paths, 1);
  set_json_used(q, C_READONLY_PATHS, s->readonly_paths, 1);
  set_json_used(q, C_SYSCTLS, s->sysctl, 0);
  if (s->cgroups_path) ds_set_text(q, C_CGROUPS_PATH, s->cgroups_path);
  if (ds_query_uses(q, C_ANNOTATIONS)) {
    char *a = ds_redacted_object_text(s->annotations, ds_query_reveal(q));
    if (a) ds_set_text_owned(q, C_ANNOTATIONS, a);
  }
}

/* The ids the engine lists, sorted, when the statement reads
** listed_by_engine. */
typedef struct engine_ids {
  const char **v;
  size_t n;
  int known; /* 0: an engine is there but its list failed */
} engine_ids;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int listed(const engine_ids *e, const char *id) {
  return e->n && bsearch(&id, e->v, e->n, sizeof(*e->v), cmp_str) != NULL;
}

/* The engine's list (cached for the snapshot): empty when no engine is
** there; not known when one is there but its list fails - then the docker_*
** tables report that error, and this table stays usable. */
static int read_engine_ids(ds_query *q, engine_ids *out) {
  ds_docker *d = ds_query_docker(q);
  if (!ds_docker_present(d)) {
    out->known = 1;
    return SQLITE_OK;
  }
  char *err = NULL;
  json_object *list = ds_docker_containers(d, &err);
  free(err);
  if (!list) return SQLITE_OK;
  size_t n = json_object_array_length(list);
  out->v = n ? calloc(n, sizeof(*out->v)) : NULL;
  if (n && !out->v) return ds_error(q, "out of memory");
  for (size_t i = 0; i < n; i++) {
    const char *id = ds_json_str(json_object_array_get_idx(list, i), "Id");
    if (id) out->v[out->n++] = id;
  }
  if (out->n) qsort(out->v, out->n, sizeof(*out->v), cmp_str); /* v is NULL when empty */
  out->known = 1;
  return SQLITE_OK;
}

/* Before a bundle is read: a listed_by_engine constraint. */
static int wanted(ds_query *q, const ds_rt_container *c, void *arg) {
  const engine_ids *e = arg;
  if (!e->known) return ds_query_nvalues(q, C_LISTED_BY_ENGINE) == 0; /* NULL matches no = */
  return ds_query_accepts_int(q, C_LISTED_BY_ENGINE, listed(e, c->id));
}

static int emit(ds_query *q, const ds_rt_container *c, const ds_oci_spec *spec, const char *note,
                void *arg) {
  if (!ds_query_accepts_text(q, C_RUNTIME, c->runtime)) return SQLITE_OK;
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_rt_pod pod;
  ds_runtime_pod(spec, &pod);
  ds_set_text(q, C_RUNTIME, c->runtime);
  ds_set_text(q, C_NAMESPACE, c->namespace);
  ds_set_text(q, C_ID, c->id);
  const char *name = pod.container_name ? pod.container_name : c->name[0] ? c->name : NULL;
  if (name) ds_set_text(q, C_NAME, name);
  if (pod.pod_name) ds_set_text(q, C_POD_NAME, pod.pod_name);
  if (pod.pod_namespace) ds_set_text(q, C_POD_NAMESPACE, pod.pod_namespace);
  if (pod.pod_uid) ds_set_text(q, C_POD_UID, pod.pod_uid);
  ds_set_int(q, C_SANDBOX, pod.sandbox);
  const char *image = pod.image ? pod.image : c->image[0] ? c->image : NULL;
  if (image) ds_set_text(q, C_IMAGE, image);
  if (c->pid > 0) ds_set_int(q, C_PID, c->pid);
  ds_set_text(q, C_STATE, c->state);
  ds_set_text(q, C_BUNDLE, c->bundle);
  if (c->owner_uid >= 0) ds_set_int(q, C_OWNER_UID, c->owner_uid);
  if (spec) set_spec(q, spec);
  if (note) ds_set_text(q, C_NOTE, note);
  const engine_ids *e = arg;
  if (e->known) ds_set_int(q, C_LISTED_BY_ENGINE, listed(e, c->id));
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  unsigned flags = ds_query_uses(q, C_NAME) || ds_query_uses(q, C_IMAGE) ? DS_RT_NAMES : 0;
  engine_ids ids = {0};
  int asked = ds_query_uses(q, C_LISTED_BY_ENGINE) || ds_query_nvalues(q, C_LISTED_BY_ENGINE);
  int rc = asked ? read_engine_ids(q, &ids) : SQLITE_OK;
  if (rc == SQLITE_OK) rc = ds_runtime_each_if(q, C_ID, flags, wanted, emit, &ids);
  free(ids.v);
  return rc;
}

const ds_table ds_table_containers = {
    .name = "containers",
    .snapshot_rows = 1,
    .doc = "Every container in the state of any OCI runtime on the host (containerd incl. "
           "Kubernetes, Docker, k3s, CRI-O, Podman, runc/crun), with the security settings of "
           "its runtime spec; no engine API needed.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- Kubernetes containers sharing the host's network\n"
               "SELECT pod_namespace, pod_name, name FROM containers\n"
               "WHERE host_network AND NOT sandbox;",
};
