/*
** docker_container_fs_changes - files changed in a container's writable
** layer since it was created (`docker diff`; osquery's table), from
** GET /containers/{id}/changes.  `id` is required: the engine walks the
** container's layer for every container asked about.
**
** change_type: Kind 0 -> 'C' (modified), 1 -> 'A' (added), 2 -> 'D'
** (deleted); other kinds are skipped, as osquery skips them.  A container
** that vanished since the list is skipped.
*/
#include <stdlib.h>

#include "dockersec.h"
#include "engine/ds_containers.h"

enum { C_ID, C_PATH, C_CHANGE_TYPE, C_COUNT };

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container ID (required; prefixes accepted)", DS_REQUIRED | DS_NOCASE},
    [C_PATH] = {"path", DS_TEXT, "File or directory path relative to the container's rootfs", 0},
    [C_CHANGE_TYPE] = {"change_type", DS_TEXT, "Type of change: C modified, A added, D deleted", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit_changes(ds_query *q, const char *id, json_object *changes) {
  /* null: no changes */
  if (!changes || !json_object_is_type(changes, json_type_array)) return SQLITE_OK;
  for (size_t i = 0; i < json_object_array_length(changes); i++) {
    json_object *c = json_object_array_get_idx(changes, i);
    const char *path = ds_json_str(c, "Path");
    sqlite3_int64 kind = ds_json_int(c, "Kind", -1);
    if (!path || kind < 0 || kind > 2) continue;
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    ds_set_text(q, C_ID, id);
    ds_set_text(q, C_PATH, path);
    ds_set_text(q, C_CHANGE_TYPE, kind == 0 ? "C" : kind == 1 ? "A" : "D");
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  ds_container_set set;
  int rc = ds_containers_select(q, C_ID, -1, 0, &set);
  if (rc != SQLITE_OK || set.n == 0) {
    ds_containers_free(&set);
    return rc;
  }
  const char **ids = calloc((size_t)set.n, sizeof(*ids));
  json_object **out = calloc((size_t)set.n, sizeof(*out));
  if (!ids || !out) {
    free(ids);
    free(out);
    ds_containers_free(&set);
    return SQLITE_NOMEM;
  }
  for (int i = 0; i < set.n; i++)
    ids[i] = ds_json_str(set.items[i].summary, "Id");
  char *err = NULL;
  ds_docker *d = ds_query_docker(q);
  if (ds_docker_get_many(d, "/containers/%s/changes", ids, set.n, out, &err) != 0) {
    rc = ds_error(q, "%s", err ? err : "out of memory");
    free(err);
  }
  for (int i = 0; rc == SQLITE_OK && i < set.n; i++)
    rc = emit_changes(q, set.items[i].id, out[i]);
  free(ids);
  free(out);
  ds_containers_free(&set);
  return rc;
}

const ds_table ds_table_docker_container_fs_changes = {
    .name = "docker_container_fs_changes",
    .doc = "Files a container changed in its writable layer (docker diff); the query must name "
           "the container's id.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT c.name, f.path, f.change_type FROM docker_containers c\n"
               "JOIN docker_container_fs_changes f ON f.id = c.id\n"
               "WHERE f.path LIKE '/etc/%';",
};
