/*
** container_mounts - one row per mount (mounts[]) of the runtime spec of
** every container in `containers`: what the runtime was told to mount,
** including the runtime's own (proc, sysfs, cgroup, /dev …); `origin` tells
** those from the volumes and the mounts a user asked for
** (ds_runtime_mount_origin), which is what all_container_mounts audits.
**
** Push-down: id (exact).
*/
#include <string.h>

#include "dockersec.h"
#include "engine/ds_docker.h"
#include "runtime/ds_runtime.h"

enum {
  C_ID,
  C_SOURCE,
  C_DESTINATION,
  C_TYPE,
  C_OPTIONS,
  C_READ_ONLY,
  C_PROPAGATION,
  C_ORIGIN,
  C_VOLUME_NAME,
  C_COUNT
};

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container id (containers.id)", DS_INDEXED},
    [C_SOURCE] = {"source", DS_TEXT, "Source: a host path for binds, else the fs name", 0},
    [C_DESTINATION] = {"destination", DS_TEXT, "Path inside the container", DS_INDEXED},
    [C_TYPE] = {"type", DS_TEXT,
                "bind, proc, tmpfs, sysfs, cgroup, … (bind also when the options say rbind "
                "and no type is given)",
                0},
    [C_OPTIONS] = {"options", DS_TEXT, "Mount options (JSON list)", 0},
    [C_READ_ONLY] = {"read_only", DS_INTEGER, "1 when the options hold ro", 0},
    [C_PROPAGATION] = {"propagation", DS_TEXT,
                       "The last of shared, rshared, slave, rslave, private, rprivate, "
                       "unbindable, runbindable in the options; NULL when none",
                       0},
    [C_ORIGIN] = {"origin", DS_TEXT,
                  "runtime (the runtime's or kubelet's own: proc, sysfs, /dev, the hosts and "
                  "resolv.conf it writes…), volume (a Docker/Podman volume or a Kubernetes pod "
                  "volume) or user (a host path or tmpfs the user asked for)",
                  0},
    [C_VOLUME_NAME] = {"volume_name", DS_TEXT, "The volume's name when origin is volume", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int is_propagation(const char *o) {
  static const char *const p[] = {"shared",  "rshared",  "slave",      "rslave",
                                  "private", "rprivate", "unbindable", "runbindable"};
  for (int i = 0; i < DS_COUNT(p); i++)
    if (strcmp(o, p[i]) == 0) return 1;
  return 0;
}

static int emit(ds_query *q, const ds_rt_container *c, const ds_oci_spec *s, const char *note,
                void *arg) {
  DS_UNUSED(note);
  DS_UNUSED(arg);
  ds_rt_pod pod;
  ds_runtime_pod(s, &pod);
  size_t n = s && s->mounts ? json_object_array_length(s->mounts) : 0;
  for (size_t i = 0; i < n; i++) {
    json_object *m = json_object_array_get_idx(s->mounts, i);
    const char *dest = ds_json_str(m, "destination");
    if (!dest || !ds_query_accepts_text(q, C_DESTINATION, dest)) continue;
    json_object *opts = ds_json_path(m, "options", NULL);
    size_t no =
        opts && json_object_is_type(opts, json_type_array) ? json_object_array_length(opts) : 0;
    int ro = 0, bind = 0;
    const char *prop = NULL;
    for (size_t j = 0; j < no; j++) {
      const char *o = json_object_get_string(json_object_array_get_idx(opts, j));
      if (!o) continue;
      if (strcmp(o, "ro") == 0) ro = 1;
      if (strcmp(o, "rw") == 0) ro = 0;
      if (strcmp(o, "bind") == 0 || strcmp(o, "rbind") == 0) bind = 1;
      if (is_propagation(o)) prop = o;
    }
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    ds_set_text(q, C_ID, c->id);
    const char *src = ds_json_str(m, "source");
    if (src) ds_set_text(q, C_SOURCE, src);
    ds_set_text(q, C_DESTINATION, dest);
    const char *type = ds_json_str(m, "type");
    if (type || bind) ds_set_text(q, C_TYPE, type && *type ? type : "bind");
    char *t = ds_json_text(no ? opts : NULL, 1);
    if (t) ds_set_text_owned(q, C_OPTIONS, t);
    ds_set_int(q, C_READ_ONLY, ro);
    if (prop) ds_set_text(q, C_PROPAGATION, prop);
    static const char *const origins[] = {
        [DS_MOUNT_RUNTIME] = "runtime", [DS_MOUNT_VOLUME] = "volume", [DS_MOUNT_USER] = "user"};
    char *volume = NULL;
    ds_set_text(q, C_ORIGIN, origins[ds_runtime_mount_origin(m, c->id, &pod, &volume)]);
    if (volume) ds_set_text_owned(q, C_VOLUME_NAME, volume);
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  return ds_runtime_each(q, C_ID, 0, emit, NULL);
}

const ds_table ds_table_container_mounts = {
    .name = "container_mounts",
    .doc = "Mounts of every container in the state of any OCI runtime (its runtime spec's "
           "mounts), one row per mount.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- host sockets mounted into containers\n"
               "SELECT c.runtime, c.pod_name, c.name, m.source FROM container_mounts m\n"
               "JOIN containers c USING (id) WHERE m.type = 'bind' AND m.source LIKE '%.sock';",
};
