/*
** stats.c - request counters (dockersec_stats): totals, and requests per
** endpoint kind ("GET /containers/{id}/json").
*/
#include <stdio.h>
#include <string.h>

#include "engine/docker_internal.h"

const ds_docker_stats *ds_docker_get_stats(const ds_docker *d) {
  return &d->stats;
}
void ds_docker_reset_stats(ds_docker *d) {
  memset(&d->stats, 0, sizeof(d->stats));
  memset(d->endpoints, 0, sizeof(d->endpoints));
  d->nendpoints = 0;
}
int ds_docker_nendpoints(const ds_docker *d) {
  return d ? d->nendpoints : 0;
}
const ds_docker_endpoint *ds_docker_endpoint_at(const ds_docker *d, int i) {
  return d && i >= 0 && i < d->nendpoints ? &d->endpoints[i] : NULL;
}
/* Collections whose objects are addressed by id or name as the second path
** segment; for the last three, a name may itself contain '/'. */
static const char *const id_collections[] = {
    "containers", "exec",    "networks", "volumes", "services",     "tasks", "nodes",
    "secrets",    "configs", "images",   "plugins", "distribution", NULL};
/* Second segments that are verbs or listings, not object ids. */
static const char *const collection_verbs[] = {"json", "create", "prune", "search",
                                               "get",  "load",   "pull",  NULL};

static int in_list(const char *const *list, const char *s, size_t n) {
  for (int i = 0; list[i]; i++)
    if (strlen(list[i]) == n && strncmp(list[i], s, n) == 0) return 1;
  return 0;
}

static int is_slashed_name(const char *coll, size_t n) {
  static const char *const slashed[] = {"images", "plugins", "distribution", NULL};
  return in_list(slashed, coll, n);
}

void ds_docker_endpoint_name(const char *path, char *out, size_t outsz) {
  size_t len = strcspn(path, "?");
  const char *coll = path[0] == '/' ? path + 1 : path;
  size_t coll_len = strcspn(coll, "/?");
  const char *rest = coll + coll_len; /* "" or "/…" */
  size_t rest_len = len - (size_t)(rest - path);
  if (rest_len <= 1 || !in_list(id_collections, coll, coll_len)) {
    snprintf(out, outsz, "GET %.*s", (int)len, path);
    return;
  }
  const char *seg = rest + 1;
  size_t seg_len = strcspn(seg, "/?");
  if (seg_len == rest_len - 1) { /* /coll/<one segment> */
    if (in_list(collection_verbs, seg, seg_len))
      snprintf(out, outsz, "GET %.*s", (int)len, path);
    else
      snprintf(out, outsz, "GET /%.*s/{id}", (int)coll_len, coll);
    return;
  }
  /* Image, plugin and distribution names may hold '/': the action is the
  ** last segment.  Elsewhere the id is one segment. */
  const char *tail = seg + seg_len;
  if (is_slashed_name(coll, coll_len)) {
    tail = path + len;
    while (tail[-1] != '/')
      tail--;
    tail--;
  }
  snprintf(out, outsz, "GET /%.*s/{id}%.*s", (int)coll_len, coll, (int)(path + len - tail), tail);
}

static void count_endpoint(ds_docker *d, const char *name, sqlite3_int64 requests,
                           sqlite3_int64 bytes) {
  int i = 0;
  while (i < d->nendpoints && strcmp(d->endpoints[i].name, name) != 0)
    i++;
  if (i == d->nendpoints) {
    if (d->nendpoints == DS_DOCKER_MAX_ENDPOINTS - 1 && strcmp(name, "GET (other)") != 0) {
      count_endpoint(d, "GET (other)", requests, bytes);
      return;
    }
    snprintf(d->endpoints[i].name, sizeof(d->endpoints[i].name), "%s", name);
    d->nendpoints++;
  }
  d->endpoints[i].requests += requests;
  d->endpoints[i].bytes += bytes;
}

void ds_docker_add_stats(ds_docker *to, const ds_docker *from) {
  if (!to || !from) return;
  to->stats.requests += from->stats.requests;
  to->stats.list_requests += from->stats.list_requests;
  to->stats.inspects += from->stats.inspects;
  to->stats.other_requests += from->stats.other_requests;
  to->stats.cache_hits += from->stats.cache_hits;
  to->stats.bytes += from->stats.bytes;
  to->stats.errors += from->stats.errors;
  to->stats.request_us += from->stats.request_us;
  for (int i = 0; i < from->nendpoints; i++)
    count_endpoint(to, from->endpoints[i].name, from->endpoints[i].requests,
                   from->endpoints[i].bytes);
}

void dk_count_request(ds_docker *d, const char *path, size_t bytes, int failed) {
  char name[sizeof(d->endpoints[0].name)];
  ds_docker_endpoint_name(path, name, sizeof(name));
  count_endpoint(d, name, 1, (sqlite3_int64)bytes);
  d->stats.requests++;
  d->stats.bytes += (sqlite3_int64)bytes;
  if (failed) d->stats.errors++;
  if (strncmp(path, "/containers/json", 16) == 0)
    d->stats.list_requests++;
  else if (strncmp(path, "/containers/", 12) == 0 && strlen(path) > 17 &&
           strcmp(path + strlen(path) - 5, "/json") == 0)
    d->stats.inspects++;
  else
    d->stats.other_requests++;
}
