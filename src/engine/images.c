/*
** images.c - the image selection shared by the docker_image* tables.
**
** GET /images/json has no id filter, so the list is always fetched whole
** (one request, cached) and the id constraint is applied here; the
** per-image endpoints are then asked only for the images that match.
*/
#include <stdlib.h>

#include "engine/ds_containers.h"
#include "engine/ds_images.h"

int ds_images_select(ds_query *q, int id_col, ds_image_set *out) {
  out->items = NULL;
  out->n = 0;
  ds_docker *d = ds_query_docker(q);
  char *err = NULL;
  json_object *list = d ? ds_docker_get(d, "/images/json", NULL, &err) : NULL;
  if (!list) {
    int rc = ds_error(q, "%s", err ? err : "out of memory");
    free(err);
    return rc;
  }
  size_t n = json_object_array_length(list);
  out->items = calloc(n ? n : 1, sizeof(ds_image_ref));
  if (!out->items) return ds_error(q, "out of memory");
  for (size_t i = 0; i < n; i++) {
    json_object *img = json_object_array_get_idx(list, i);
    const char *hex = ds_strip_sha256(ds_json_str(img, "Id"));
    const char *emit = ds_id_match(q, id_col, hex);
    if (!hex || !emit) continue;
    ds_image_ref *r = &out->items[out->n++];
    r->summary = img;
    r->hex_id = hex;
    r->id = emit;
    r->doc = NULL;
  }
  return SQLITE_OK;
}

int ds_images_fetch(ds_query *q, ds_image_set *set, const char *path_fmt) {
  if (set->n == 0) return SQLITE_OK;
  const char **ids = calloc((size_t)set->n, sizeof(char *));
  json_object **docs = calloc((size_t)set->n, sizeof(json_object *));
  int rc = SQLITE_OK;
  char *err = NULL;
  if (!ids || !docs) {
    rc = ds_error(q, "out of memory");
  } else {
    for (int i = 0; i < set->n; i++)
      ids[i] = set->items[i].hex_id;
    if (ds_docker_get_many(ds_query_docker(q), path_fmt, ids, set->n, docs, &err) != 0) {
      rc = ds_error(q, "%s", err ? err : "out of memory");
    } else {
      int k = 0;
      for (int i = 0; i < set->n; i++) {
        if (!docs[i]) continue; /* removed since the list */
        set->items[k] = set->items[i];
        set->items[k++].doc = docs[i];
      }
      set->n = k;
    }
  }
  free(err);
  free(ids);
  free(docs);
  return rc;
}

void ds_images_free(ds_image_set *set) {
  free(set->items);
  set->items = NULL;
  set->n = 0;
}
