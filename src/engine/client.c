/*
** client.c - the Docker Engine API client's public face: construction
** (DOCKER_HOST, TLS), the snapshot-aware GET calls and the batched
** per-object GET.  The struct and the other parts are in docker_internal.h:
** transport.c (curl), cache.c (snapshot), negotiate.c (API version and
** batching), stats.c, inject.c (test seam), json.c.
**
** Only GET is ever sent: the extension audits, it never changes anything.
*/
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/docker_internal.h"
#include "common/ds_sanitize.h"
#include "common/ds_util.h"

/* ---- construction ---------------------------------------------------------- */

/* DIR/NAME when that file exists, else NULL. */
static char *cert_file(const char *dir, const char *name) {
  char *p = ds_mprintf("%s/%s", dir, name);
  if (p && access(p, R_OK) != 0) {
    free(p);
    p = NULL;
  }
  return p;
}

/* Parses DOCKER_HOST-style addresses: unix:///path, tcp://host:port,
** http(s)://host:port.  TLS is on with https://, DOCKER_TLS_VERIFY,
** DOCKER_CERT_PATH or DOCKER_TLS, and then the peer and its host name are
** verified - against DOCKER_CERT_PATH/ca.pem (default ~/.docker) when it
** exists, else the system store - unless DOCKER_TLS_VERIFY=0 turns it off
** (a warning in every report: ds_docker_tls_unverified).  The client
** certificate (cert.pem, key.pem) goes only to a verified peer. */
static int parse_host(ds_docker *d, char **err) {
  const char *h = d->raw_host;
  if (strncmp(h, "unix://", 7) == 0) {
    d->unix_path = ds_strdup(h + 7);
    d->base_url = ds_strdup("http://localhost");
    return d->unix_path && *d->unix_path ? 0 : -1;
  }
  const char *rest = NULL;
  if (strncmp(h, "tcp://", 6) == 0)
    rest = h + 6;
  else if (strncmp(h, "http://", 7) == 0)
    rest = h + 7;
  else if (strncmp(h, "https://", 8) == 0) {
    rest = h + 8;
    d->tls = 1;
  }
  if (!rest || !*rest) {
    *err = ds_mprintf("unsupported DOCKER_HOST '%s' (use unix:///path or tcp://host:port)", h);
    return -1;
  }
  const char *verify = getenv("DOCKER_TLS_VERIFY");
  const char *certs = getenv("DOCKER_CERT_PATH");
  const char *tls = getenv("DOCKER_TLS");
  int verify_off = verify && strcmp(verify, "0") == 0;
  if (verify && *verify && !verify_off) d->tls = 1;
  if ((certs && *certs) || (tls && *tls)) d->tls = 1;
  d->tls_verify = d->tls && !verify_off;
  if (d->tls) {
    const char *home = getenv("HOME");
    char *dflt = ds_mprintf("%s/.docker", home ? home : "/root");
    const char *dir = certs && *certs ? certs : dflt;
    d->ca_file = cert_file(dir, "ca.pem");
    if (d->tls_verify) { /* never to a peer that was not verified */
      d->cert_file = cert_file(dir, "cert.pem");
      d->key_file = cert_file(dir, "key.pem");
    }
    free(dflt);
  }
  /* Strip a trailing path so "tcp://h:2376/" works. */
  size_t n = strcspn(rest, "/");
  d->base_url = ds_mprintf("%s://%.*s", d->tls ? "https" : "http", (int)n, rest);
  return d->base_url ? 0 : -1;
}

static int curl_ready = 0;

ds_docker *ds_docker_new(const ds_docker_options *o) {
  if (!curl_ready) {
    /* Not thread-safe by design of libcurl; SQLite connections that use
    ** dockersec are opened from one thread at a time in practice. */
    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl_ready = 1;
  }
  ds_docker *d = calloc(1, sizeof(*d));
  if (!d) return NULL;
  d->raw_host = ds_strdup(o->docker_host);
  d->host = ds_mask_userinfo(o->docker_host); /* shown in errors */
  d->ttl_ms = o->cache_ttl_ms;
  d->timeout_ms = o->timeout_ms;
  d->connect_timeout_ms = o->connect_timeout_ms;
  d->max_response = o->max_response_bytes;
  d->max_parallel = o->max_parallel > 0 ? o->max_parallel : 1;
  d->run_timeout_ms = o->run_timeout_ms;
  d->deadline_ms = o->run_timeout_ms > 0 ? dk_now_ms() + o->run_timeout_ms : 0;
  d->max_cache_bytes = o->max_cache_bytes;
  d->max_containers = o->max_containers;
  d->podman = -1;
  d->multi = curl_multi_init();
  d->idle = calloc((size_t)d->max_parallel, sizeof(CURL *));
  char *err = NULL;
  if (!d->host || !d->raw_host || !d->multi || !d->idle || parse_host(d, &err) != 0) {
    /* A bad DOCKER_HOST is reported on first use, with the address. */
    free(err);
  }
  curl_multi_setopt(d->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)d->max_parallel);
  return d;
}

void ds_docker_free(ds_docker *d) {
  if (!d) return;
  dk_clear_wanted(d);
  dk_cache_clear(d, 0);
  ds_docker_begin(d);
  for (int i = 0; i < d->nidle; i++)
    curl_easy_cleanup(d->idle[i]);
  free(d->idle);
  if (d->multi) curl_multi_cleanup(d->multi);
  free(d->host);
  free(d->raw_host);
  free(d->unix_path);
  free(d->base_url);
  free(d->ca_file);
  free(d->cert_file);
  free(d->key_file);
  free(d->down_cause);
  dk_canned_free(d);
  free(d);
}

int ds_docker_tls_unverified(ds_docker *d) {
  if (!d) return 0;
  return d->tls && !d->tls_verify;
}

const char *ds_docker_host(const ds_docker *d) {
  return d ? d->host : "?";
}
void ds_docker_invalidate(ds_docker *d) {
  dk_cache_clear(d, 1);
  free(d->down_cause); /* an unreachable engine is asked again, too */
  d->down_cause = NULL;
}

/* Checks the client could be built at all (bad DOCKER_HOST, no memory). */
int dk_client_ok(ds_docker *d, const char *path, char **err) {
  if (d && d->multi && d->idle && d->base_url) return 1;
  *err = ds_mprintf("GET %s on %s: cannot use this address (DOCKER_HOST must be "
                    "unix:///path or tcp://host:port)",
                    path, d && d->host ? d->host : "?");
  return 0;
}

const char *ds_docker_api_version(ds_docker *d, char **err) {
  if (!dk_client_ok(d, "/version", err) || dk_negotiate(d, "/version", err) != 0) return NULL;
  return d->api_prefix[0] ? d->api_prefix + 2 : "";
}

int ds_docker_present(ds_docker *d) {
  char *err = NULL;
  int up = d && ds_docker_api_version(d, &err) != NULL;
  /* transport.c's words for "nothing listens there". */
  if (!up && err && !strstr(err, "no such socket") && !strstr(err, "connection refused")) up = 1;
  free(err);
  return up;
}

int ds_docker_is_podman(ds_docker *d, char **err) {
  if (!dk_client_ok(d, "/version", err) || dk_negotiate(d, "/version", err) != 0) return -1;
  return d->podman;
}

json_object *ds_docker_get(ds_docker *d, const char *path, long *status, char **err) {
  *err = NULL;
  if (status) *status = 0;
  if (!dk_client_ok(d, path, err)) return NULL;
  cache_entry *e = dk_cache_find(d, path);
  if (dk_cache_fresh(d, e) && e->rejected) {
    d->stats.cache_hits++;
    *err = dk_cache_error(d, e, path);
    if (status) *status = e->status;
    return NULL;
  }
  if (dk_cache_fresh(d, e) && (e->json || status)) {
    d->stats.cache_hits++;
    if (status) *status = e->status;
    return e->json;
  }
  if (!d->negotiated && strcmp(path, "/version") == 0) {
    /* Negotiating fetches and caches this very path. */
    if (dk_negotiate(d, path, err) != 0) return NULL;
    e = dk_cache_find(d, path);
    if (e && e->json) return e->json;
  }
  xfer x = {.path = path, .accept_404 = status != NULL};
  dk_run_batch(d, &x, 1);
  *err = x.err;
  /* Callers that handle some answers (409 "not running", 500 from ps) need
  ** the code even when it is an error. */
  if (status) *status = x.status;
  return x.json;
}

json_object *ds_docker_cached(ds_docker *d, const char *path, char **err) {
  *err = NULL;
  if (!d) return NULL;
  cache_entry *e = dk_cache_find(d, path);
  if (!dk_cache_fresh(d, e) || (!e->json && !e->rejected)) return NULL;
  d->stats.cache_hits++;
  if (e->rejected) *err = dk_cache_error(d, e, path);
  return e->json;
}

json_object *ds_docker_containers(ds_docker *d, char **err) {
  return ds_docker_get(d, "/containers/json?all=1", NULL, err);
}

/* Puts `id` where "%s" stands in `tmpl` (a template, not a printf format:
** ids come from the engine and must never be interpreted), URL-escaped:
** every byte but [A-Za-z0-9-._~:@] becomes %XX, so an id can neither add a
** path segment ("../../version") nor a query; "." and ".." are escaped
** whole (a dot segment). */
static char *expand_path(const char *tmpl, const char *id) {
  const char *at = strstr(tmpl, "%s");
  if (!at) return ds_strdup(tmpl);
  static const char hex[] = "0123456789ABCDEF";
  int dots = strcmp(id, ".") == 0 || strcmp(id, "..") == 0;
  /* Plain copies: a pack run builds thousands of these. */
  size_t pre = (size_t)(at - tmpl), idn = strlen(id), post = strlen(at + 2);
  char *p = malloc(pre + 3 * idn + post + 1);
  if (!p) return NULL;
  memcpy(p, tmpl, pre);
  size_t k = pre;
  for (const unsigned char *c = (const unsigned char *)id; *c; c++) {
    if (!dots &&
        (((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')) ||
         strchr("-._~:@", *c))) {
      p[k++] = (char)*c;
    } else {
      p[k++] = '%';
      p[k++] = hex[*c >> 4];
      p[k++] = hex[*c & 15];
    }
  }
  memcpy(p + k, at + 2, post + 1);
  return p;
}

static int by_path(const void *a, const void *b) {
  const xfer *x = a, *y = b;
  int c = strcmp(x->path, y->path);
  return c ? c : (x < y ? -1 : x > y);
}

/* Sorts the transfers by path and keeps one per path (slot[] follows);
** returns the new count.  O(n log n): a pack run lists thousands. */
static int drop_duplicates(xfer *xs, int *slot, int n) {
  for (int k = 0; k < n; k++)
    xs[k].slot = slot[k];
  if (n > 1) qsort(xs, (size_t)n, sizeof(xfer), by_path);
  int m = 0;
  for (int k = 0; k < n; k++) {
    if (m > 0 && strcmp(xs[m - 1].path, xs[k].path) == 0) continue;
    xs[m++] = xs[k];
  }
  for (int k = 0; k < m; k++)
    slot[k] = xs[k].slot;
  return m;
}

int ds_docker_get_many(ds_docker *d, const char *path_fmt, const char *const *ids, int n,
                       json_object **out, char **err) {
  *err = NULL;
  if (n <= 0) return 0;
  char *probe = expand_path(path_fmt, "");
  int ok = dk_client_ok(d, probe ? probe : path_fmt, err);
  free(probe);
  if (!ok) return -1;

  char **paths = calloc((size_t)n, sizeof(char *));
  xfer *xs = calloc((size_t)n, sizeof(xfer));
  int *slot = calloc((size_t)n, sizeof(int)); /* xfer index -> out index */
  int nx = 0, rc = 0;
  if (!paths || !xs || !slot) rc = -1;
  for (int i = 0; rc == 0 && i < n; i++) {
    out[i] = NULL;
    paths[i] = expand_path(path_fmt, ids[i]);
    if (!paths[i]) {
      rc = -1;
      break;
    }
    cache_entry *e = dk_cache_find(d, paths[i]);
    if (dk_cache_fresh(d, e)) {
      d->stats.cache_hits++;
      out[i] = e->json; /* NULL when cached as gone */
      if (e->rejected && !*err) *err = dk_cache_error(d, e, paths[i]);
      if (e->rejected) rc = -1;
      continue;
    }
    xs[nx].path = paths[i];
    xs[nx].accept_404 = 1;
    slot[nx++] = i;
  }
  /* Ask once even if the same id appears twice in the list. */
  if (rc == 0 && nx > 1) nx = drop_duplicates(xs, slot, nx);
  if (rc == 0 && nx > 0) {
    dk_run_batch(d, xs, nx);
    for (int k = 0; k < nx; k++) {
      if (xs[k].err) {
        if (!*err)
          *err = xs[k].err;
        else
          free(xs[k].err);
        rc = -1;
      }
      out[slot[k]] = xs[k].json;
    }
    /* Duplicates pick up the answer from the cache. */
    for (int i = 0; rc == 0 && i < n; i++) {
      if (out[i]) continue;
      cache_entry *e = dk_cache_find(d, paths[i]);
      out[i] = e ? e->json : NULL;
    }
  } else if (rc != 0 && !*err) {
    *err = ds_strdup("out of memory");
  }
  for (int i = 0; paths && i < n; i++)
    free(paths[i]);
  free(paths);
  free(xs);
  free(slot);
  return rc;
}

/* At most this many of the containers that answered 404 are looked for in
** the re-list: enough to catch an engine that disagrees with itself, and a
** short URL whatever the list's length. */
#define RELIST_MAX 16

/* 1 when the engine, asked afresh (past the snapshot), still lists one of
** `ids`; 0 when it lists none of them; -1 with *err when it cannot say. */
static int still_listed(ds_docker *d, const char *const *ids, int n, char **err) {
  json_object *want = json_object_new_array(), *filters = json_object_new_object();
  for (int i = 0; want && i < n && i < RELIST_MAX; i++)
    json_object_array_add(want, json_object_new_string(ids[i]));
  json_object_object_add(filters, "id", want);
  char *path = filters
                   ? expand_path("/containers/json?all=1&filters=%s",
                                 json_object_to_json_string_ext(filters, JSON_C_TO_STRING_PLAIN))
                   : NULL;
  json_object_put(filters);
  if (!path) {
    *err = ds_strdup("out of memory");
    return -1;
  }
  xfer x = {.path = path, .shown = "/containers/json?all=1&filters={id}", .fresh = 1};
  dk_run_batch(d, &x, 1);
  int found = x.err ? -1 : 0;
  *err = x.err;
  /* Docker's id filter matches prefixes too: only the very ids count. */
  for (size_t i = 0; found == 0 && x.json && i < json_object_array_length(x.json); i++) {
    const char *id = ds_json_str(json_object_array_get_idx(x.json, i), "Id");
    for (int k = 0; id && k < n && k < RELIST_MAX && !found; k++)
      found = strcmp(id, ids[k]) == 0;
  }
  json_object_put(x.json);
  free(path);
  return found;
}

/*
** The inspects are checked against the list: an answer whose Id is not the
** one asked for is an error (an impostor or a confused proxy), and so is a
** 404 for every one of at least DS_VANISHED_MIN listed containers (an
** engine that answers 404 to every inspect would otherwise make every
** container check pass on zero rows) - unless they did vanish.  Any may
** genuinely go between the list and the inspect (they are skipped; under
** churn that can be all of a short list, as tests/races shows), so then the
** engine is asked for them again with a fresh list: gone from it, they
** vanished (no error); still listed, its answers contradict each other (the
** error).  Fewer than DS_VANISHED_MIN are skipped without asking.
*/
int ds_docker_inspect_many(ds_docker *d, const char *const *ids, int n, json_object **out,
                           char **err) {
  if (ds_docker_get_many(d, "/containers/%s/json", ids, n, out, err) != 0) return -1;
  int gone = 0;
  for (int i = 0; i < n; i++) {
    if (!out[i]) {
      gone++;
      continue;
    }
    const char *got = ds_json_str(out[i], "Id");
    size_t want = strlen(ids[i]);
    if (!got || want == 0 || strncmp(got, ids[i], want) != 0) {
      /* Both ids as the engine gave them: escaped where shown, once. */
      *err = ds_mprintf("GET /containers/%.64s/json on %s: the answer is for another container "
                        "(Id %.80s)",
                        ids[i], d->host, got ? got : "(none)");
      return -1;
    }
  }
  if (gone < DS_VANISHED_MIN || gone < n) return 0;
  int listed = still_listed(d, ids, n, err);
  if (listed > 0)
    *err = ds_mprintf("GET /containers/{id}/json on %s: %d of %d listed containers answered 404, "
                      "yet a fresh list still shows them: the engine's answers do not agree",
                      d->host, gone, n);
  return listed == 0 ? 0 : -1;
}
