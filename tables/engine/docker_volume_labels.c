/*
** docker_volume_labels - one row per label of every volume (osquery's
** table).  Source: the Labels map of GET /volumes (the request
** docker_volumes makes).
**
** Push-down: name and key (= and IN), filtered here.  Secret-looking values
** are <redacted> unless reveal_secrets (ds_emit_label_rows).
*/
#include <stdlib.h>

#include "dockersec.h"
#include "engine/ds_docker.h"
#include "engine/ds_docker_map.h"

enum { C_NAME, C_KEY, C_VALUE, C_COUNT };

static const ds_column columns[] = {
    [C_NAME] = {"name", DS_TEXT, "Volume name", DS_INDEXED},
    [C_KEY] = {"key", DS_TEXT, "Label key", DS_INDEXED},
    [C_VALUE] = {"value", DS_TEXT,
                 "Label value ('' when the label has none); <redacted> for secret-looking keys", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int generate(ds_query *q) {
  ds_docker *d = ds_query_docker(q);
  char *err = NULL;
  json_object *doc = d ? ds_docker_get(d, "/volumes", NULL, &err) : NULL;
  if (!doc) {
    int rc = ds_error(q, "%s", err ? err : "out of memory");
    free(err);
    return rc;
  }
  json_object *list = ds_json_path(doc, "Volumes", NULL);
  if (!ds_json_has(doc, "Volumes") || (list && !json_object_is_type(list, json_type_array) &&
                                       !json_object_is_type(list, json_type_null)))
    return ds_error(q, "GET /volumes on %s: expected a Volumes array", ds_docker_host(d));
  int rc = SQLITE_OK;
  size_t n =
      list && json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
  for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
    json_object *v = json_object_array_get_idx(list, i);
    const char *name = ds_json_str(v, "Name");
    if (!name || !ds_query_accepts_text(q, C_NAME, name)) continue;
    rc = ds_emit_label_rows(q, ds_json_path(v, "Labels", NULL), name, C_NAME, C_KEY, C_VALUE);
  }
  return rc;
}

static const ds_prefetch prefetch[] = {{"/volumes", -1}, {NULL, 0}};

const ds_table ds_table_docker_volume_labels = {
    .name = "docker_volume_labels",
    .doc = "Labels of every Docker volume, one row per label.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example =
        "SELECT name, value FROM docker_volume_labels WHERE key = 'com.docker.compose.project';",
    .prefetch = prefetch,
};
