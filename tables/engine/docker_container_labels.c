/*
** docker_container_labels - one row per label of every container (osquery's
** table).  Source: the Labels map of GET /containers/json?all=1, so no
** inspect is ever needed.
**
** Push-down: id (= and IN; prefixes as docker allows).  `key` is indexed so
** `WHERE key = …` is planned as a lookup; the filtering itself is cheap.
*/
#include "dockersec.h"
#include "engine/ds_docker_map.h"
#include "engine/ds_containers.h"

enum { C_ID, C_KEY, C_VALUE, C_COUNT };

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container ID (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_KEY] = {"key", DS_TEXT, "Label key", DS_INDEXED},
    [C_VALUE] = {"value", DS_TEXT,
                 "Label value ('' when the label has none); <redacted> for secret-like keys", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit_labels(ds_query *q, const ds_container_ref *c, void *arg) {
  DS_UNUSED(arg);
  return ds_emit_label_rows(q, ds_json_path(c->summary, "Labels", NULL), c->id, C_ID, C_KEY,
                            C_VALUE);
}

static int generate(ds_query *q) {
  return ds_containers_each(q, C_ID, -1, 0, emit_labels, NULL);
}

const ds_table ds_table_docker_container_labels = {
    .name = "docker_container_labels",
    .doc = "Labels of every Docker container, one row per label.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT c.name, l.value FROM docker_containers c\n"
               "JOIN docker_container_labels l ON l.id = c.id\n"
               "WHERE l.key = 'com.docker.compose.project';",
};
