/*
** docker_container_mounts - one row per mount of every container (osquery's
** columns first, then ours).  Source: the Mounts array of
** GET /containers/{id}/json.  Not the list endpoint's copy, although osquery
** reads that one: for an anonymous volume declared by the image (VOLUME
** /data) the list leaves Source empty, so the host path of the data would be
** missing exactly where an audit needs it.
**
** Push-down: id (= and IN; prefixes as docker allows); name is indexed for
** planning, filtered here.
*/
#include "dockersec.h"
#include "engine/ds_containers.h"

enum {
  /* osquery */
  C_ID,
  C_TYPE,
  C_NAME,
  C_SOURCE,
  C_DESTINATION,
  C_DRIVER,
  C_MODE,
  C_RW,
  C_PROPAGATION,
  C_COUNT
};

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container ID (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_TYPE] = {"type", DS_TEXT, "Type of mount: bind, volume, tmpfs, npipe", 0},
    [C_NAME] = {"name", DS_TEXT, "Volume name (NULL for binds)", DS_INDEXED},
    [C_SOURCE] = {"source", DS_TEXT, "Source path on the host", 0},
    [C_DESTINATION] = {"destination", DS_TEXT, "Destination path inside the container", 0},
    [C_DRIVER] = {"driver", DS_TEXT, "Volume driver (NULL for binds)", 0},
    [C_MODE] = {"mode", DS_TEXT, "Mount mode as given ('ro', 'z', 'rw,Z', '' …)", 0},
    [C_RW] = {"rw", DS_INTEGER, "1 if mounted read-write, 0 if read-only", 0},
    [C_PROPAGATION] = {"propagation", DS_TEXT,
                       "Bind propagation: rprivate, private, rshared, shared, rslave, slave", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* Empty strings are how the API says "not applicable": NULL reads better in
** joins (osquery keeps ''; we keep '' too, except for name and driver, which
** only volumes have). */
static void set_nonempty(ds_query *q, int col, const char *s) {
  if (s && *s) ds_set_text(q, col, s);
}

static int emit_mounts(ds_query *q, const ds_container_ref *c, void *arg) {
  DS_UNUSED(arg);
  json_object *mounts = ds_json_path(c->inspect, "Mounts", NULL);
  if (!mounts || !json_object_is_type(mounts, json_type_array)) return SQLITE_OK;
  for (size_t i = 0; i < json_object_array_length(mounts); i++) {
    json_object *m = json_object_array_get_idx(mounts, i);
    const char *name = ds_json_str(m, "Name");
    if (ds_query_nvalues(q, C_NAME) > 0 && (!name || !ds_query_accepts_text(q, C_NAME, name)))
      continue;
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    ds_set_text(q, C_ID, c->id);
    ds_set_text(q, C_TYPE, ds_json_str(m, "Type"));
    set_nonempty(q, C_NAME, name);
    ds_set_text(q, C_SOURCE, ds_json_str(m, "Source"));
    ds_set_text(q, C_DESTINATION, ds_json_str(m, "Destination"));
    set_nonempty(q, C_DRIVER, ds_json_str(m, "Driver"));
    ds_set_text(q, C_MODE, ds_json_str(m, "Mode"));
    ds_set_int(q, C_RW, ds_json_bool(m, "RW"));
    ds_set_text(q, C_PROPAGATION, ds_json_str(m, "Propagation"));
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  return ds_containers_each(q, C_ID, -1, 1, emit_mounts, NULL);
}

const ds_table ds_table_docker_container_mounts = {
    .name = "docker_container_mounts",
    .doc = "Bind mounts, volumes and tmpfs mounts of every Docker container.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- the engine socket mounted into a container\n"
               "SELECT c.name, m.source, m.rw FROM docker_container_mounts m\n"
               "JOIN docker_containers c ON c.id = m.id WHERE m.source LIKE '%.sock';",
};
