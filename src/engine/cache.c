/*
** cache.c - the snapshot cache: one answer per unversioned path, fresh for
** cache_ttl_ms, so every table of a statement (or every check of a pack run)
** sees one state.
**
** Lifetime of returned JSON: a cache entry that expires is not freed at
** once but retired; retired documents are freed by ds_docker_begin(), which
** the engine calls before each generator runs.  So a generator may hold the
** pointers it got for as long as it runs.
*/
#include <stdlib.h>
#include <string.h>

#include "engine/docker_internal.h"
#include "common/ds_util.h"

/* Keeps `json` alive until the next ds_docker_begin(): a running generator
** may still hold it.  Without memory to retire it, leaking beats a dangling
** pointer. */
static void retire(ds_docker *d, json_object *json) {
  retired *r = json ? malloc(sizeof(*r)) : NULL;
  if (!r) return;
  r->json = json;
  r->next = d->retired;
  d->retired = r;
}

void dk_cache_clear(ds_docker *d, int retire_docs) {
  for (int b = 0; b < CACHE_BUCKETS; b++) {
    cache_entry *e = d->buckets[b];
    while (e) {
      cache_entry *next = e->next;
      if (retire_docs)
        retire(d, e->json);
      else
        json_object_put(e->json);
      free(e->path);
      free(e->rejected);
      free(e);
      e = next;
    }
    d->buckets[b] = NULL;
  }
  d->cached_bytes = 0;
}

void ds_docker_begin(ds_docker *d) {
  if (!d) return;
  while (d->retired) {
    retired *r = d->retired;
    d->retired = r->next;
    json_object_put(r->json);
    free(r);
  }
}

static unsigned hash_path(const char *s) {
  unsigned h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h % CACHE_BUCKETS;
}

cache_entry *dk_cache_find(ds_docker *d, const char *path) {
  for (cache_entry *e = d->buckets[hash_path(path)]; e; e = e->next) {
    if (strcmp(e->path, path) == 0) return e;
  }
  return NULL;
}

int dk_cache_fresh(const ds_docker *d, const cache_entry *e) {
  return e && d->ttl_ms > 0 && dk_now_ms() - e->fetched_ms < d->ttl_ms;
}

/* The entry of `path`, new or old; its document is retired.  NULL when out
** of memory. */
static cache_entry *entry_for(ds_docker *d, const char *path) {
  cache_entry *e = dk_cache_find(d, path);
  if (e) {
    retire(d, e->json);
    e->json = NULL;
    free(e->rejected);
    e->rejected = NULL;
    d->cached_bytes -= (sqlite3_int64)e->bytes;
    e->bytes = 0;
  } else {
    e = calloc(1, sizeof(*e));
    if (!e || !(e->path = ds_strdup(path))) {
      free(e);
      return NULL;
    }
    unsigned b = hash_path(path);
    e->next = d->buckets[b];
    d->buckets[b] = e;
  }
  e->fetched_ms = dk_now_ms();
  return e;
}

/* Stores (or replaces) an answer; the previous document is retired, not
** freed, because a running generator may still hold it. */
void dk_cache_store(ds_docker *d, const char *path, json_object *json, long status) {
  cache_entry *e = entry_for(d, path);
  if (!e) {
    retire(d, json); /* the caller returns `json`: not freed now */
    return;
  }
  e->json = json;
  e->status = status;
}

void dk_cache_fail(ds_docker *d, const char *path, const char *cause, long status) {
  cache_entry *e = entry_for(d, path);
  if (!e) return; /* not remembered: the next ask fetches again */
  e->rejected = ds_strdup(cause ? cause : "failed");
  e->status = status;
}

void dk_cache_reject(ds_docker *d, const char *path, const char *cause) {
  dk_cache_fail(d, path, cause, 200);
}

void dk_cache_set_bytes(ds_docker *d, const char *path, size_t bytes) {
  cache_entry *e = dk_cache_find(d, path);
  if (!e) return;
  e->bytes = bytes;
  d->cached_bytes += (sqlite3_int64)bytes;
}

char *dk_cache_error(const ds_docker *d, const cache_entry *e, const char *path) {
  return ds_mprintf("GET %s on %s: %s", path, d->host, e->rejected);
}

/* ---- shapes ------------------------------------------------------------------ */

/* Listings: the collection itself, queried or not ("/containers/json?all=1"). */
static const char *const array_listings[] = {
    "/containers/json", "/images/json", "/networks", "/plugins", "/services",
    "/tasks",           "/nodes",       "/secrets",  "/configs", NULL,
};
/* Per-object endpoints that answer arrays: "/images/{name}/history". */
static const char *const array_actions[] = {"/history", "/changes", NULL};

static int is_array_endpoint(const char *path) {
  size_t n = strcspn(path, "?");
  for (int i = 0; array_listings[i]; i++)
    if (strlen(array_listings[i]) == n && strncmp(path, array_listings[i], n) == 0) return 1;
  int object = strncmp(path, "/images/", 8) == 0 || strncmp(path, "/containers/", 12) == 0;
  for (int i = 0; object && array_actions[i]; i++) {
    size_t a = strlen(array_actions[i]);
    if (n > a && strncmp(path + n - a, array_actions[i], a) == 0) return 1;
  }
  return 0;
}

const char *dk_shape_error(const char *path, json_object *json) {
  if (is_array_endpoint(path))
    return json_object_is_type(json, json_type_array) ? NULL : "expected a JSON array";
  return json_object_is_type(json, json_type_object) ? NULL : "expected a JSON object";
}
