/*
** docker_container_capabilities - one row per container × capability: what
** the engine grants it and why.  Not in osquery.
**
** Computed (src/engine/docker_caps.c) from the inspect document's HostConfig
** (Privileged, CapAdd, CapDrop, "ALL") against the engine's default set:
** Docker's 14, or Podman's 11 when the engine is Podman (whose CapAdd and
** CapDrop are relative to Docker's 14 in Podman 4: see src/engine/docker_caps.c).  "All
** capabilities" (--privileged, --cap-add ALL) means those of the running
** kernel, read from /proc/sys/kernel/cap_last_cap under the host root.
** Names are normalised to CAP_X so rows join process capability tables.
**
** Push-down: id (= and IN; prefixes as docker allows): one list request and
** one inspect per matching container.
*/
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "engine/ds_containers.h"
#include "engine/ds_docker_caps.h"
#include "common/ds_util.h"

enum { C_ID, C_CAPABILITY, C_SOURCE, C_EFFECTIVE, C_ENGINE_DEFAULT, C_COUNT };

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container ID (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_CAPABILITY] = {"capability", DS_TEXT, "Capability, spelled CAP_NET_RAW", DS_INDEXED},
    [C_SOURCE] = {"source", DS_TEXT,
                  "default (engine default, kept), added (CapAdd or ALL), dropped (CapDrop or "
                  "ALL) or privileged (--privileged grants every capability)",
                  0},
    [C_EFFECTIVE] = {"effective", DS_INTEGER,
                     "1 if the settings grant it (its processes' bounding set), 0 if dropped; "
                     "--privileged and ALL grant every capability of the kernel, less any the "
                     "engine itself lacks (compare process_capabilities)",
                     0},
    [C_ENGINE_DEFAULT] = {"engine_default", DS_INTEGER,
                          "1 if the capability is in the engine's default set (Docker's 14, "
                          "Podman's 11), kept or not: a dropped one is a --cap-drop that counts",
                          0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* The kernel's highest capability number, or -1 (then every capability
** known to dockersec counts as "all"). */
static int kernel_last_cap(ds_query *q) {
  char path[4096], *text = NULL;
  size_t len = 0;
  if (!ds_host_path(ds_query_root(q), "/proc/sys/kernel/cap_last_cap", path, sizeof(path)) ||
      ds_read_file(path, 64, &text, &len) != 0)
    return -1;
  char *end;
  long n = strtol(text, &end, 10);
  int ok = end != text && n >= 0 && n < 64;
  free(text);
  return ok ? (int)n : -1;
}

/* 0 for Docker, else Podman's major version, from the cached /version: the
** "Podman Engine" component, else the top-level Version.  An unreadable
** version counts as current Podman (5). */
static int podman_major(ds_docker *d, int podman) {
  if (!podman) return 0;
  char *err = NULL;
  json_object *v = ds_docker_get(d, "/version", NULL, &err);
  free(err);
  const char *version = ds_json_str(v, "Version");
  json_object *comps = ds_json_path(v, "Components", NULL);
  for (size_t i = 0;
       comps && json_object_is_type(comps, json_type_array) && i < json_object_array_length(comps);
       i++) {
    json_object *c = json_object_array_get_idx(comps, i);
    const char *name = ds_json_str(c, "Name");
    if (name && strcmp(name, "Podman Engine") == 0) version = ds_json_str(c, "Version");
  }
  long major = version ? strtol(version, NULL, 10) : 0;
  return major > 0 && major < 1000 ? (int)major : 5;
}

static int is_engine_default(const char *name, int podman_major) {
  int n;
  const char *const *defs = ds_cap_defaults(podman_major > 0, &n);
  for (int i = 0; i < n; i++)
    if (strcmp(defs[i], name) == 0) return 1;
  return 0;
}

/* What every container's set is computed against, asked of the engine and
** the kernel once, on the first container: a query matching none asks
** nothing. */
typedef struct caps_env {
  int ready;
  int podman_major;
  int last_cap;
} caps_env;

static int caps_env_init(ds_query *q, caps_env *env) {
  char *err = NULL;
  int podman = ds_docker_is_podman(ds_query_docker(q), &err);
  if (podman < 0) {
    int rc = ds_error(q, "%s", err ? err : "cannot tell the engine's kind");
    free(err);
    return rc;
  }
  env->last_cap = kernel_last_cap(q);
  env->podman_major = podman_major(ds_query_docker(q), podman);
  env->ready = 1;
  return SQLITE_OK;
}

static int emit_caps(ds_query *q, const ds_container_ref *c, void *arg) {
  caps_env *env = arg;
  if (!env->ready) {
    int rc = caps_env_init(q, env);
    if (rc != SQLITE_OK) return rc;
  }
  ds_cap_set set;
  if (ds_caps_compute(ds_json_path(c->inspect, "HostConfig", NULL), env->podman_major,
                      env->last_cap, &set) != 0)
    return ds_error(q, "out of memory");
  int rc = SQLITE_OK;
  for (int i = 0; rc == SQLITE_OK && i < set.n; i++) {
    const ds_cap_row *r = &set.rows[i];
    if (!ds_query_accepts_text(q, C_CAPABILITY, r->name)) continue;
    if ((rc = ds_row_new(q)) != SQLITE_OK) break;
    ds_set_text(q, C_ID, c->id);
    ds_set_text(q, C_CAPABILITY, r->name);
    ds_set_text(q, C_SOURCE, ds_cap_source_name(r->source));
    ds_set_int(q, C_EFFECTIVE, r->effective);
    ds_set_int(q, C_ENGINE_DEFAULT, is_engine_default(r->name, env->podman_major));
  }
  ds_caps_free(&set);
  return rc;
}

static int generate(ds_query *q) {
  caps_env env = {0};
  return ds_containers_each(q, C_ID, -1, 1, emit_caps, &env);
}

const ds_table ds_table_docker_container_capabilities = {
    .name = "docker_container_capabilities",
    .doc = "Capabilities of every Docker container, one row per container and capability, "
           "computed from the engine's default set, CapAdd, CapDrop and --privileged.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- capabilities granted beyond the engine's defaults\n"
               "SELECT c.name, k.capability FROM docker_container_capabilities k\n"
               "JOIN docker_containers c ON c.id = k.id\n"
               "WHERE k.effective AND k.source IN ('added', 'privileged');",
};
