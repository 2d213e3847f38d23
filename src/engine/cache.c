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
      free(e);
      e = next;
    }
    d->buckets[b] = NULL;
  }
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

/* Stores (or replaces) an answer; the previous document is retired, not
** freed, because a running generator may still hold it. */
void dk_cache_store(ds_docker *d, const char *path, json_object *json, long status) {
  cache_entry *e = dk_cache_find(d, path);
  if (!e) {
    e = calloc(1, sizeof(*e));
    if (!e || !(e->path = ds_strdup(path))) {
      free(e);
      retire(d, json); /* the caller returns `json`: not freed now */
      return;
    }
    unsigned b = hash_path(path);
    e->next = d->buckets[b];
    d->buckets[b] = e;
  } else {
    retire(d, e->json);
  }
  e->json = json;
  e->status = status;
  e->fetched_ms = dk_now_ms();
}
