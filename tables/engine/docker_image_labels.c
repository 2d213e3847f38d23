/*
** docker_image_labels - one row per label of every image (osquery's table).
** Source: the Labels map of GET /images/json (no per-image request).
**
** Push-down: id (= and IN; prefixes without "sha256:").
*/
#include "dockersec.h"
#include "engine/ds_docker_map.h"
#include "engine/ds_images.h"

enum { C_ID, C_KEY, C_VALUE, C_COUNT };

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Image ID without sha256: (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_KEY] = {"key", DS_TEXT, "Label key", DS_INDEXED},
    [C_VALUE] = {"value", DS_TEXT,
                 "Label value ('' when the label has none); <redacted> for secret-like keys", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit_labels(ds_query *q, const ds_image_ref *r) {
  return ds_emit_label_rows(q, ds_json_path(r->summary, "Labels", NULL), r->id, C_ID, C_KEY,
                            C_VALUE);
}

static int generate(ds_query *q) {
  ds_image_set set;
  int rc = ds_images_select(q, C_ID, &set);
  for (int i = 0; rc == SQLITE_OK && i < set.n; i++)
    rc = emit_labels(q, &set.items[i]);
  ds_images_free(&set);
  return rc;
}

/* Asked ahead, with the statement's (or the run's) first requests. */
static const ds_prefetch prefetch[] = {{"/images/json", -1}, {NULL, 0}};

const ds_table ds_table_docker_image_labels = {
    .name = "docker_image_labels",
    .doc = "Labels of every Docker image, one row per label.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT i.tags, l.value FROM docker_images i\n"
               "JOIN docker_image_labels l ON l.id = i.id\n"
               "WHERE l.key = 'org.opencontainers.image.source';",
    .prefetch = prefetch,
};
