/*
** docker_network_labels - one row per label of every network (osquery's
** table).  Source: the Labels map of GET /networks (the request
** docker_networks makes; one snapshot serves both).
**
** Push-down: id (= and IN; prefixes as docker allows).  Secret-looking
** values are <redacted> unless reveal_secrets (ds_emit_label_rows).
*/
#include <stdlib.h>

#include "dockersec.h"
#include "engine/ds_containers.h"
#include "engine/ds_docker_map.h"

enum { C_ID, C_KEY, C_VALUE, C_COUNT };

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Network ID (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_KEY] = {"key", DS_TEXT, "Label key", 0},
    [C_VALUE] = {"value", DS_TEXT,
                 "Label value ('' when the label has none); <redacted> for secret-looking keys", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int generate(ds_query *q) {
  ds_docker *d = ds_query_docker(q);
  char *err = NULL;
  json_object *list = d ? ds_docker_get(d, "/networks", NULL, &err) : NULL;
  if (!list) {
    int rc = ds_error(q, "%s", err ? err : "out of memory");
    free(err);
    return rc;
  }
  /* An array: the client checks each listing's shape as it stores it. */
  int rc = SQLITE_OK;
  for (size_t i = 0; rc == SQLITE_OK && i < json_object_array_length(list); i++) {
    json_object *n = json_object_array_get_idx(list, i);
    const char *id = ds_id_match(q, C_ID, ds_json_str(n, "Id"));
    if (!id) continue;
    rc = ds_emit_label_rows(q, ds_json_path(n, "Labels", NULL), id, C_ID, C_KEY, C_VALUE);
  }
  return rc;
}

static const ds_prefetch prefetch[] = {{"/networks", -1}, {NULL, 0}};

const ds_table ds_table_docker_network_labels = {
    .name = "docker_network_labels",
    .doc = "Labels of every Docker network, one row per label.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT n.name, l.key, l.value FROM docker_networks n\n"
               "JOIN docker_network_labels l ON l.id = n.id;",
    .prefetch = prefetch,
};
