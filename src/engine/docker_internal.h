/*
** docker_internal.h - private to src/engine's API client (client.c,
** transport.c, cache.c, negotiate.c, stats.c, inject.c): the client struct,
** one transfer, and the functions the parts call on each other.  Tables and
** other layers use engine/ds_docker.h only.
*/
#ifndef DS_DOCKER_INTERNAL_H
#define DS_DOCKER_INTERNAL_H

#include <time.h>

#include <curl/curl.h>

#include "engine/ds_docker.h"
#include "common/ds_util.h"

#define CACHE_BUCKETS 2048

typedef struct cache_entry {
  char *path;        /* unversioned path, e.g. "/containers/abc/json" */
  json_object *json; /* NULL with status 404, or when rejected */
  char *rejected;    /* why the answer was refused or failed (owned): the */
                     /* error of this path for the snapshot's life       */
  size_t bytes;      /* body size, counted in the run's cache budget      */
  long status;
  sqlite3_int64 fetched_ms;
  struct cache_entry *next;
} cache_entry;

typedef struct retired {
  json_object *json;
  struct retired *next;
} retired;

/* An answer injected by ds_docker_inject (tests and fuzz targets). */
typedef struct canned {
  char *glob; /* fnmatch pattern on the unversioned path */
  long status;
  char *body;
  size_t len;
  struct canned *next;
} canned;

struct ds_docker {
  char *host;      /* as shown: userinfo masked (ds_mask_userinfo) */
  char *raw_host;  /* as configured: unix:///… or tcp://user:pw@… */
  char *unix_path; /* socket path, or NULL for tcp        */
  char *base_url;  /* "http://localhost" or "https://h:p"  */
  int tls;
  int tls_verify;
  char *ca_file, *cert_file, *key_file;
  sqlite3_int64 ttl_ms, timeout_ms, connect_timeout_ms, max_response, max_parallel;
  /* Bounds of a run (issue 15): a deadline for the whole run (0: none),
  ** a byte budget for cached answers and a cap on listed containers. */
  sqlite3_int64 run_timeout_ms, deadline_ms, max_cache_bytes, max_containers;
  sqlite3_int64 cached_bytes;

  CURLM *multi;
  CURL **idle; /* reusable easy handles (their connections live in multi) */
  int nidle;

  char api_prefix[24]; /* "/v1.41", "" until negotiated */
  int negotiated;
  int podman; /* -1 unknown */
  /* The engine could not be reached (connect failure, permission, time-out
  ** on /version): the cause, and until when it is the answer to every
  ** request - one snapshot, so a pack run waits once, not once per check. */
  char *down_cause;
  sqlite3_int64 down_until_ms;

  cache_entry *buckets[CACHE_BUCKETS];
  retired *retired;
  ds_docker_stats stats;
  ds_docker_endpoint endpoints[DS_DOCKER_MAX_ENDPOINTS];
  int nendpoints;
  canned *canned, **canned_tail; /* non-empty: never touch the network */

  /* Fixed endpoints a prepared statement will read (ds_docker_prefetch):
  ** they ride along with the next batch of requests. */
  char *wanted[DS_DOCKER_MAX_PREFETCH];
  sqlite3_int64 wanted_ms[DS_DOCKER_MAX_PREFETCH];
  int nwanted;
};

/* One HTTP transfer: what to ask, what came back, and - once finished
** (finish_xfer, called as soon as it completes, while the others are still in
** flight) - the parsed document or the error. */
typedef struct xfer {
  /* in */
  const char *path;  /* unversioned, for messages and the cache          */
  const char *shown; /* the path named in an error, default `path`       */
  int accept_404;    /* 404 means "gone": no error, json NULL, status 404 */
  int speculative;   /* sent before negotiation: do not cache (yet)      */
  int fresh;         /* a re-check past the snapshot: never cached; the  */
                     /* caller owns the answer                          */
  int prefetch;      /* asked ahead (ds_docker_prefetch): errors are not */
                     /* reported, the table asks again and reports them */
  int slot;          /* the caller's index for this transfer            */
  /* in flight */
  CURL *easy;
  ds_buf body;
  size_t nbytes; /* the body's size, kept after it is freed */
  size_t max;
  int too_big;
  CURLcode result;
  long os_errno;
  char errbuf[CURL_ERROR_SIZE];
  /* out */
  long status; /* HTTP status */
  json_object *json;
  char *err;            /* malloc'd "GET <path> on <host>: <cause>"          */
  const char *rejected; /* the answer parsed but had the wrong shape: why  */
} xfer;

static inline sqlite3_int64 dk_now_ms(void) {
  return ds_now_ms();
}

static inline sqlite3_int64 dk_now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (sqlite3_int64)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- cache.c ---- */
cache_entry *dk_cache_find(ds_docker *d, const char *path);
int dk_cache_fresh(const ds_docker *d, const cache_entry *e);
/* Stores (or replaces) an answer; the previous document is retired. */
void dk_cache_store(ds_docker *d, const char *path, json_object *json, long status);
/* Remembers that `path` was answered with a document of the wrong shape
** (`cause`, a static string): asking it again within the snapshot gives the
** same error, and no caller ever sees the document. */
void dk_cache_reject(ds_docker *d, const char *path, const char *cause);
/* Remembers a failed request (time-out, HTTP error, too large, malformed)
** for the snapshot's life: later asks get the same error, not a new wait. */
void dk_cache_fail(ds_docker *d, const char *path, const char *cause, long status);
/* Counts a stored answer's body in the run's cache budget. */
void dk_cache_set_bytes(ds_docker *d, const char *path, size_t bytes);
/* "GET <path> on <host>: <cause>" for a rejected entry (malloc'd). */
char *dk_cache_error(const ds_docker *d, const cache_entry *e, const char *path);
/*
** The shape every answer of `path` must have, checked before an answer is
** stored or handed out, so no caller checks it: listings (GET
** /containers/json, /images/json, /networks, …, /images/{id}/history) are
** arrays, everything else (inspects, /info, /version, /volumes, top) is an
** object.  Returns the cause ("expected a JSON array") or NULL when `json`
** fits.
*/
const char *dk_shape_error(const char *path, json_object *json);
/* Empties the cache; with `retire` the documents live until ds_docker_begin. */
void dk_cache_clear(ds_docker *d, int retire);

/* ---- transport.c ---- */
/* Runs xs[0..n) to completion, each finished (dk_finish_xfer) as it ends. */
void dk_run_transfers(ds_docker *d, xfer *xs, int n);
/* Counts, parses and caches one completed transfer (sets x->json or x->err). */
void dk_finish_xfer(ds_docker *d, xfer *x);
/* "<cause>" of a failed transfer (malloc'd). */
char *dk_transfer_cause(const ds_docker *d, const xfer *x);

/* ---- negotiate.c ---- */
/* Fetches /version once and picks the API version; errors name `for_path`. */
int dk_negotiate(ds_docker *d, const char *for_path, char **err);
/* Runs xs[0..n) as one batch with the prefetch hints (and /version). */
void dk_run_batch(ds_docker *d, xfer *xs, int n);
void dk_clear_wanted(ds_docker *d);

/* ---- stats.c ---- */
void dk_count_request(ds_docker *d, const char *path, size_t bytes, int failed);

/* ---- inject.c ---- */
/* Completes a transfer from the injected answers, as the network would. */
void dk_serve_canned(ds_docker *d, xfer *x);
void dk_canned_free(ds_docker *d);

/* ---- client.c ---- */
/* 1 when the client could be built (DOCKER_HOST usable), else 0 + *err. */
int dk_client_ok(ds_docker *d, const char *path, char **err);

#endif
