/*
** docker_image_layers - the filesystem layers of every image, base first
** (osquery's table).  Source: RootFS.Layers of GET /images/{id}/json,
** fetched concurrently through the cache for the images the query is about.
**
** Push-down: id (= and IN; prefixes without "sha256:").
*/
#include "dockersec.h"
#include "engine/ds_images.h"

enum { C_ID, C_LAYER_ID, C_LAYER_ORDER, C_COUNT };

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Image ID without sha256: (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_LAYER_ID] = {"layer_id", DS_TEXT, "Layer diff ID without sha256:", DS_NOCASE},
    [C_LAYER_ORDER] = {"layer_order", DS_INTEGER, "Position of the layer, 1 = base layer", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit_layers(ds_query *q, const ds_image_ref *r) {
  json_object *layers = ds_json_path(r->doc, "RootFS", "Layers", NULL);
  if (!layers || !json_object_is_type(layers, json_type_array)) return SQLITE_OK;
  for (size_t i = 0; i < json_object_array_length(layers); i++) {
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    ds_set_text(q, C_ID, r->id);
    ds_set_text(q, C_LAYER_ID,
                ds_strip_sha256(json_object_get_string(json_object_array_get_idx(layers, i))));
    ds_set_int(q, C_LAYER_ORDER, (sqlite3_int64)i + 1);
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  ds_image_set set;
  int rc = ds_images_select(q, C_ID, &set);
  if (rc == SQLITE_OK) rc = ds_images_fetch(q, &set, "/images/%s/json");
  for (int i = 0; rc == SQLITE_OK && i < set.n; i++)
    rc = emit_layers(q, &set.items[i]);
  ds_images_free(&set);
  return rc;
}

/* Asked ahead, with the statement's (or the run's) first requests. */
static const ds_prefetch prefetch[] = {{"/images/json", -1}, {NULL, 0}};

const ds_table ds_table_docker_image_layers = {
    .name = "docker_image_layers",
    .doc = "Filesystem layers of every Docker image, base layer first.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- images sharing a base layer\n"
               "SELECT layer_id, count(*) FROM docker_image_layers WHERE layer_order = 1\n"
               "GROUP BY layer_id;",
    .prefetch = prefetch,
};
