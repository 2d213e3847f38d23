/*
** docker_container_devices - host devices given to every container
** (--device), one row per device.  Not in osquery.  Source:
** HostConfig.Devices of GET /containers/{id}/json.
**
** Push-down: id (= and IN; prefixes as docker allows).
*/
#include "dockersec.h"
#include "engine/ds_containers.h"

enum { C_ID, C_PATH_ON_HOST, C_PATH_IN_CONTAINER, C_CGROUP_PERMISSIONS, C_COUNT };

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container ID (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_PATH_ON_HOST] = {"path_on_host", DS_TEXT, "Device node on the host, e.g. /dev/fuse", 0},
    [C_PATH_IN_CONTAINER] = {"path_in_container", DS_TEXT, "Where it appears in the container", 0},
    [C_CGROUP_PERMISSIONS] = {"cgroup_permissions", DS_TEXT,
                              "Device cgroup access: r (read), w (write), m (mknod)", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit_devices(ds_query *q, const ds_container_ref *c, void *arg) {
  DS_UNUSED(arg);
  json_object *devs = ds_json_path(c->inspect, "HostConfig", "Devices", NULL);
  if (!devs || !json_object_is_type(devs, json_type_array)) return SQLITE_OK;
  for (size_t i = 0; i < json_object_array_length(devs); i++) {
    json_object *d = json_object_array_get_idx(devs, i);
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    ds_set_text(q, C_ID, c->id);
    ds_set_text(q, C_PATH_ON_HOST, ds_json_str(d, "PathOnHost"));
    ds_set_text(q, C_PATH_IN_CONTAINER, ds_json_str(d, "PathInContainer"));
    ds_set_text(q, C_CGROUP_PERMISSIONS, ds_json_str(d, "CgroupPermissions"));
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  return ds_containers_each(q, C_ID, -1, 1, emit_devices, NULL);
}

const ds_table ds_table_docker_container_devices = {
    .name = "docker_container_devices",
    .doc = "Host devices mapped into every Docker container (--device), one row per device.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT c.name, d.path_on_host, d.cgroup_permissions\n"
               "FROM docker_container_devices d JOIN docker_containers c ON c.id = d.id;",
};
