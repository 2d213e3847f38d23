/*
** ds_images.h - choosing the images a docker_image* query is about, shared
** by the image tables so `WHERE id = …` (prefixes allowed, without
** "sha256:") works the same everywhere, and fetching a per-image endpoint
** (inspect, history) for just those, concurrently and through the cache.
*/
#ifndef DS_IMAGES_H
#define DS_IMAGES_H

#include "engine/ds_docker.h"

typedef struct ds_image_ref {
  json_object *summary; /* entry of GET /images/json                         */
  const char *hex_id;   /* full id without "sha256:", used in request paths  */
  const char *id;       /* the value for the `id` column (ds_id_match)       */
  json_object *doc;     /* per-image document from ds_images_fetch, or NULL  */
} ds_image_ref;

typedef struct ds_image_set {
  ds_image_ref *items;
  int n;
} ds_image_set;

/* Lists the images (GET /images/json, one request) that match the query's
** constraint on `id_col`.  On error sets the query error and returns it. */
int ds_images_select(ds_query *q, int id_col, ds_image_set *out);

/* Fetches `path_fmt` ("/images/%s/json", "/images/%s/history") for every
** image of the set with ds_docker_get_many, into items[i].doc, then drops
** the images that vanished (404) meanwhile. */
int ds_images_fetch(ds_query *q, ds_image_set *set, const char *path_fmt);

void ds_images_free(ds_image_set *set);

#endif
