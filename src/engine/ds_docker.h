/*
** ds_docker.h - a read-only Docker Engine API client (libcurl + json-c).
**
** Only GET.  One curl multi handle keeps the connection(s) alive between
** requests.  Every response is kept in a snapshot cache for cache_ttl_ms, so
** all the tables of one statement (or of a pack run) see the same state and
** inspect each container once.
**
** Returned json_object pointers are borrowed from the cache: valid until the
** next call that may refresh the cache (i.e. for the duration of one
** generator), take json_object_get() to keep one longer.
*/
#ifndef DS_DOCKER_H
#define DS_DOCKER_H

#include <json-c/json.h>

#include "dockersec.h"

/* Request counters, exposed by the dockersec_stats table. */
typedef struct ds_docker_stats {
  sqlite3_int64 requests;       /* HTTP requests sent                       */
  sqlite3_int64 list_requests;  /* GET /containers/json                     */
  sqlite3_int64 inspects;       /* GET /containers/{id}/json                */
  sqlite3_int64 other_requests; /* everything else                          */
  sqlite3_int64 cache_hits;     /* answers served from the snapshot          */
  sqlite3_int64 bytes;          /* response bytes received                  */
  sqlite3_int64 errors;         /* failed requests                          */
  sqlite3_int64 request_us;     /* wall time spent waiting for the engine   */
} ds_docker_stats;

/* Requests per endpoint: the method and the path with the object id (or
** name) replaced by "{id}" and the query string dropped, e.g.
** "GET /containers/{id}/json".  At most DS_DOCKER_MAX_ENDPOINTS kinds are
** told apart; the rest are counted under "GET (other)". */
#define DS_DOCKER_MAX_ENDPOINTS 32
typedef struct ds_docker_endpoint {
  char name[64];
  sqlite3_int64 requests;
  sqlite3_int64 bytes;
} ds_docker_endpoint;

/* What a client is built with (the SQL layer fills it from its settings). */
typedef struct ds_docker_options {
  const char *docker_host;          /* unix:///… or tcp://host:port (copied)        */
  sqlite3_int64 cache_ttl_ms;       /* how long answers are reused (the snapshot)    */
  sqlite3_int64 timeout_ms;         /* total time-out of one request                 */
  sqlite3_int64 connect_timeout_ms; /* connect time-out                              */
  sqlite3_int64 max_response_bytes; /* larger answers are an error, not truncated    */
  sqlite3_int64 max_parallel;       /* concurrent requests                           */
  sqlite3_int64 run_timeout_ms;     /* the whole run's deadline from now (0: none)   */
  sqlite3_int64 max_cache_bytes;    /* budget of cached answers' bytes (0: none)     */
  sqlite3_int64 max_containers;     /* more listed containers is an error (0: none)  */
} ds_docker_options;

/* Builds a client; sends nothing.  A bad address is reported on first use.
** NULL only when out of memory. */
ds_docker *ds_docker_new(const ds_docker_options *options);
void ds_docker_free(ds_docker *d);

/* 1 when the engine is reached over TLS without verifying it
** (DOCKER_TLS_VERIFY=0): every report says so. */
int ds_docker_tls_unverified(ds_docker *d);

/* The resolved address, e.g. "unix:///var/run/docker.sock". */
const char *ds_docker_host(const ds_docker *d);
const ds_docker_stats *ds_docker_get_stats(const ds_docker *d);
void ds_docker_reset_stats(ds_docker *d);
/* The per-endpoint counters: how many kinds, and the i-th (0 <= i < n). */
int ds_docker_nendpoints(const ds_docker *d);
const ds_docker_endpoint *ds_docker_endpoint_at(const ds_docker *d, int i);
/* Adds `from`'s counters to `to`'s: a client rebuilt after a settings change
** keeps counting for the connection. */
void ds_docker_add_stats(ds_docker *to, const ds_docker *from);
/* The endpoint kind of an unversioned path, as counted above. */
void ds_docker_endpoint_name(const char *path, char *out, size_t outsz);
/* Frees documents retired from the cache; the engine calls it before each
** generator runs, when no borrowed pointer is live. */
void ds_docker_begin(ds_docker *d);
/* Forget every cached response (next access re-fetches). */
void ds_docker_invalidate(ds_docker *d);

/*
** GET `path` (e.g. "/info"; the negotiated /vX.Y prefix is added) and parse
** the JSON body.  The document has the endpoint's shape - an array for
** listings (/containers/json, /images/json, /networks, /images/{id}/history),
** an object for everything else - or the call fails with "…: expected a
** JSON array/object"; callers need not check it.  On failure returns NULL and sets *err to a
*malloc'd message
** naming the endpoint and the cause, e.g.
**   "GET /info on unix:///var/run/docker.sock: connection refused".
** A 404 is an error too, unless `status` is non-NULL: then *status is set and
** NULL is returned with *err unset, so callers can treat 404 as "gone".
** Other HTTP errors still fail with *err set, and also set *status (e.g. 409
** or 500) so the caller can tell them apart.
*/
json_object *ds_docker_get(ds_docker *d, const char *path, long *status, char **err);

/*
** A hint that a prepared statement will read the fixed endpoint `path` (e.g.
** "/info"): it goes out with the next batch of requests - concurrently with
** the list or the inspects - instead of on its own later.  Sends nothing by
** itself; hints older than cache_ttl_ms are forgotten; a failure is reported
** only when a table asks for the path itself.
*/
#define DS_DOCKER_MAX_PREFETCH 16
void ds_docker_prefetch(ds_docker *d, const char *path);

/* The cached answer for `path` if the snapshot still holds it, else NULL
** (never sends a request).  When the snapshot holds an answer refused for
** its shape, NULL and *err says so (as ds_docker_get would); else *err is
** NULL. */
json_object *ds_docker_cached(ds_docker *d, const char *path, char **err);

/* GET /containers/json?all=1 (cached). */
json_object *ds_docker_containers(ds_docker *d, char **err);

/*
** Inspect the given containers concurrently (bounded by max_parallel), using
** the cache.  out[i] is the inspect document, or NULL when the container
** vanished (404) - the caller skips it.  Any other failure is an error, and
** so are an answer whose Id is not the one asked for and a 404 for every
** one of at least DS_VANISHED_MIN listed containers that a fresh list (past
** the snapshot) still shows.
*/
#define DS_VANISHED_MIN 3
int ds_docker_inspect_many(ds_docker *d, const char *const *ids, int n, json_object **out,
                           char **err);
/* Same for any per-object endpoint: path_fmt has one %s for the id, e.g.
** "/images/%s/json".  out[i] NULL means 404. */
int ds_docker_get_many(ds_docker *d, const char *path_fmt, const char *const *ids, int n,
                       json_object **out, char **err);

/* The negotiated API version, e.g. "1.41" (fetches /version once). */
const char *ds_docker_api_version(ds_docker *d, char **err);

/* 0 when no engine API is there - nothing listens on docker_host (no such
** socket, connection refused) - else 1: an engine answers its /version
** (asked once per snapshot), or one is there but fails (permission denied,
** a time-out, TLS...), so that what reads it reports the error instead of
** passing over it. */
int ds_docker_present(ds_docker *d);

/* 1 when the engine answered /_ping with a Libpod-API-Version header, or
** /version names Podman. */
int ds_docker_is_podman(ds_docker *d, char **err);

/*
** Test seam (fuzz targets, unit tests): answer requests whose unversioned
** path matches `path_glob` (an fnmatch pattern such as "/containers/json*")
** with `status` and a copy of `body`, through the same parse, cache
** and error paths as a real answer.  Once anything is injected the client
** never touches the network; unmatched paths get the engine's 404.  The
** first matching injection wins.  Returns 0, or -1 out of memory.
*/
int ds_docker_inject(ds_docker *d, const char *path_glob, long status, const char *body,
                     size_t len);

/* ---- json helpers used by the docker tables ------------------------------ */

/* Walks nested object keys: ds_json_path(o, "HostConfig", "Privileged", NULL). */
json_object *ds_json_path(json_object *o, ...) __attribute__((sentinel));
/* Typed reads that tolerate missing keys and wrong types (NULL / default). */
const char *ds_json_str(json_object *o, const char *key);
int ds_json_has(json_object *o, const char *key);
sqlite3_int64 ds_json_int(json_object *o, const char *key, sqlite3_int64 dflt);
int ds_json_bool(json_object *o, const char *key);
/* Serialises `o` as compact JSON text (malloc'd); "null" stays SQL NULL
** (returns NULL) unless `empty_array_for_null` asks for "[]". */
char *ds_json_text(json_object *o, int empty_array_for_null);
/* Parses a JSON document with the configured depth limit; NULL + *err on
** malformed input. */
json_object *ds_json_parse(const char *buf, size_t len, char **err);

/* Strips "sha256:" from ids as osquery does. */
const char *ds_strip_sha256(const char *id);

#endif
