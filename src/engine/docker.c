/*
** docker.c - a read-only Docker Engine API client: libcurl (multi interface)
** over the unix socket or tcp:// (with TLS), json-c for bodies, and a
** snapshot cache so that every table of a statement - or every check of a
** pack run - sees one consistent state and costs the engine one request per
** object.
**
** Only GET is ever sent: the extension audits, it never changes anything.
**
** Lifetime of returned JSON: a cache entry that expires is not freed at
** once but retired; retired documents are freed by ds_docker_begin(), which
** the engine calls before each generator runs.  So a generator may hold the
** pointers it got for as long as it runs.
*/
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "engine/ds_docker.h"
#include "common/ds_util.h"

/* The newest API version whose fields we read; older engines are spoken to
** in their own version, newer ones in this one. */
#define DS_API_MAX_MAJOR  1
#define DS_API_MAX_MINOR  47
#define DS_JSON_MAX_DEPTH 64
#define CACHE_BUCKETS     2048

typedef struct cache_entry {
  char *path;        /* unversioned path, e.g. "/containers/abc/json" */
  json_object *json; /* NULL with status 404 */
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
  char *host;      /* as configured: unix:///… or tcp://… */
  char *unix_path; /* socket path, or NULL for tcp        */
  char *base_url;  /* "http://localhost" or "https://h:p"  */
  int tls;
  int tls_verify;
  char *ca_file, *cert_file, *key_file;
  sqlite3_int64 ttl_ms, timeout_ms, connect_timeout_ms, max_response, max_parallel;

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
  int prefetch;      /* asked ahead (ds_docker_prefetch): errors are not */
                     /* reported, the table asks again and reports them */
  int slot;          /* the caller's index for this transfer            */
  /* in flight */
  CURL *easy;
  ds_buf body;
  size_t max;
  int too_big;
  CURLcode result;
  long os_errno;
  char errbuf[CURL_ERROR_SIZE];
  /* out */
  long status; /* HTTP status */
  json_object *json;
  char *err; /* malloc'd "GET <path> on <host>: <cause>" */
} xfer;

static sqlite3_int64 now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (sqlite3_int64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static sqlite3_int64 now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (sqlite3_int64)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- json helpers ----------------------------------------------------------- */

json_object *ds_json_path(json_object *o, ...) {
  va_list ap;
  va_start(ap, o);
  const char *key;
  while (o && (key = va_arg(ap, const char *)) != NULL) {
    json_object *next = NULL;
    if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &next))
      next = NULL;
    o = next;
  }
  va_end(ap);
  return o;
}

static json_object *get_key(json_object *o, const char *key) {
  json_object *v = NULL;
  if (!o || !json_object_is_type(o, json_type_object)) return NULL;
  if (!json_object_object_get_ex(o, key, &v)) return NULL;
  return v;
}

int ds_json_has(json_object *o, const char *key) {
  json_object *v = NULL;
  return o && json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, key, &v);
}

const char *ds_json_str(json_object *o, const char *key) {
  json_object *v = get_key(o, key);
  if (!v || json_object_is_type(v, json_type_null)) return NULL;
  if (json_object_is_type(v, json_type_string)) return json_object_get_string(v);
  /* Numbers and booleans are rendered; objects and arrays are not text. */
  if (json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_array))
    return NULL;
  return json_object_get_string(v);
}

/* A JSON number that is not an integer (1e300, NaN - json-c accepts both):
** converting an out-of-range double is undefined behaviour in C, so clamp. */
static sqlite3_int64 double_to_int(double v, sqlite3_int64 dflt) {
  if (v != v) return dflt;
  if (v >= 9223372036854775807.0) return INT64_MAX;
  if (v <= -9223372036854775808.0) return INT64_MIN;
  return (sqlite3_int64)v;
}

sqlite3_int64 ds_json_int(json_object *o, const char *key, sqlite3_int64 dflt) {
  json_object *v = get_key(o, key);
  if (!v) return dflt;
  switch (json_object_get_type(v)) {
  case json_type_int:
    return json_object_get_int64(v);
  case json_type_double:
    return double_to_int(json_object_get_double(v), dflt);
  case json_type_boolean:
    return json_object_get_boolean(v);
  case json_type_string: {
    const char *s = json_object_get_string(v);
    char *end;
    long long n = strtoll(s, &end, 10);
    return (end != s && *end == '\0') ? n : dflt;
  }
  default:
    return dflt;
  }
}

int ds_json_bool(json_object *o, const char *key) {
  json_object *v = get_key(o, key);
  if (!v) return 0;
  if (json_object_is_type(v, json_type_string)) {
    const char *s = json_object_get_string(v);
    return strcmp(s, "true") == 0 || strcmp(s, "1") == 0;
  }
  return json_object_get_boolean(v) ? 1 : 0;
}

char *ds_json_text(json_object *o, int empty_array_for_null) {
  if (!o || json_object_is_type(o, json_type_null))
    return empty_array_for_null ? ds_strdup("[]") : NULL;
  return ds_strdup(
      json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
}

json_object *ds_json_parse(const char *buf, size_t len, char **err) {
  json_tokener *tok = json_tokener_new_ex(DS_JSON_MAX_DEPTH);
  if (!tok) {
    *err = ds_strdup("out of memory");
    return NULL;
  }
  json_object *o = NULL;
  if (len > (size_t)INT32_MAX) {
    *err = ds_strdup("JSON document too large");
  } else {
    o = json_tokener_parse_ex(tok, buf, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    if (jerr == json_tokener_continue || (!o && jerr == json_tokener_success)) {
      *err = ds_strdup("malformed JSON: truncated document");
      json_object_put(o);
      o = NULL;
    } else if (jerr != json_tokener_success) {
      *err = ds_mprintf("malformed JSON: %s", json_tokener_error_desc(jerr));
      o = NULL;
    } else {
      /* Trailing bytes other than white space mean a broken answer. */
      size_t off = json_tokener_get_parse_end(tok);
      while (off < len &&
             (buf[off] == ' ' || buf[off] == '\n' || buf[off] == '\r' || buf[off] == '\t'))
        off++;
      if (off < len) {
        *err = ds_strdup("malformed JSON: trailing data after the document");
        json_object_put(o);
        o = NULL;
      }
    }
  }
  json_tokener_free(tok);
  return o;
}

const char *ds_strip_sha256(const char *id) {
  if (id && strncmp(id, "sha256:", 7) == 0) return id + 7;
  return id;
}

/* ---- construction ------------------------------------------------------------- */

static char *cert_file(const char *dir, const char *name) {
  return ds_mprintf("%s/%s", dir, name);
}

/* Parses DOCKER_HOST-style addresses: unix:///path, tcp://host:port,
** http(s)://host:port.  TLS follows DOCKER_TLS_VERIFY / DOCKER_CERT_PATH as
** the docker CLI does. */
static int parse_host(ds_docker *d, char **err) {
  const char *h = d->host;
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
  if (verify && *verify) d->tls = d->tls_verify = 1;
  if ((certs && *certs) || (tls && *tls)) d->tls = 1;
  if (d->tls) {
    const char *home = getenv("HOME");
    char *dflt = ds_mprintf("%s/.docker", home ? home : "/root");
    const char *dir = certs && *certs ? certs : dflt;
    d->ca_file = cert_file(dir, "ca.pem");
    d->cert_file = cert_file(dir, "cert.pem");
    d->key_file = cert_file(dir, "key.pem");
    free(dflt);
  }
  /* Strip a trailing path so "tcp://h:2376/" works. */
  size_t n = strcspn(rest, "/");
  d->base_url = ds_mprintf("%s://%.*s", d->tls ? "https" : "http", (int)n, rest);
  return d->base_url ? 0 : -1;
}

static int curl_ready = 0;

ds_docker *ds_docker_new(const ds_config *config) {
  if (!curl_ready) {
    /* Not thread-safe by design of libcurl; SQLite connections that use
    ** dockersec are opened from one thread at a time in practice. */
    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl_ready = 1;
  }
  ds_docker *d = calloc(1, sizeof(*d));
  if (!d) return NULL;
  d->host = ds_strdup(config->docker_host);
  d->ttl_ms = config->cache_ttl_ms;
  d->timeout_ms = config->timeout_ms;
  d->connect_timeout_ms = config->connect_timeout_ms;
  d->max_response = config->max_response_bytes;
  d->max_parallel = config->max_parallel > 0 ? config->max_parallel : 1;
  d->podman = -1;
  d->multi = curl_multi_init();
  d->idle = calloc((size_t)d->max_parallel, sizeof(CURL *));
  char *err = NULL;
  if (!d->host || !d->multi || !d->idle || parse_host(d, &err) != 0) {
    /* A bad DOCKER_HOST is reported on first use, with the address. */
    free(err);
  }
  curl_multi_setopt(d->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)d->max_parallel);
  return d;
}

static void cache_clear(ds_docker *d, int retire) {
  for (int b = 0; b < CACHE_BUCKETS; b++) {
    cache_entry *e = d->buckets[b];
    while (e) {
      cache_entry *next = e->next;
      if (retire && e->json) {
        retired *r = malloc(sizeof(*r));
        if (r) {
          r->json = e->json;
          r->next = d->retired;
          d->retired = r;
        } else {
          json_object_put(e->json);
        }
      } else {
        json_object_put(e->json);
      }
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

static void clear_wanted(ds_docker *d) {
  for (int i = 0; i < d->nwanted; i++)
    free(d->wanted[i]);
  d->nwanted = 0;
}

void ds_docker_free(ds_docker *d) {
  if (!d) return;
  clear_wanted(d);
  cache_clear(d, 0);
  ds_docker_begin(d);
  for (int i = 0; i < d->nidle; i++)
    curl_easy_cleanup(d->idle[i]);
  free(d->idle);
  if (d->multi) curl_multi_cleanup(d->multi);
  free(d->host);
  free(d->unix_path);
  free(d->base_url);
  free(d->ca_file);
  free(d->cert_file);
  free(d->key_file);
  free(d->down_cause);
  while (d->canned) {
    canned *c = d->canned;
    d->canned = c->next;
    free(c->glob);
    free(c->body);
    free(c);
  }
  free(d);
}

const char *ds_docker_host(const ds_docker *d) {
  return d ? d->host : "?";
}
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
void ds_docker_invalidate(ds_docker *d) {
  cache_clear(d, 1);
  free(d->down_cause); /* an unreachable engine is asked again, too */
  d->down_cause = NULL;
}

/* ---- cache ---------------------------------------------------------------------- */

static unsigned hash_path(const char *s) {
  unsigned h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h % CACHE_BUCKETS;
}

static cache_entry *cache_find(ds_docker *d, const char *path) {
  for (cache_entry *e = d->buckets[hash_path(path)]; e; e = e->next) {
    if (strcmp(e->path, path) == 0) return e;
  }
  return NULL;
}

static int cache_fresh(const ds_docker *d, const cache_entry *e) {
  return e && d->ttl_ms > 0 && now_ms() - e->fetched_ms < d->ttl_ms;
}

/* Stores (or replaces) an answer; the previous document is retired, not
** freed, because a running generator may still hold it. */
static void cache_store(ds_docker *d, const char *path, json_object *json, long status) {
  cache_entry *e = cache_find(d, path);
  if (!e) {
    e = calloc(1, sizeof(*e));
    if (!e || !(e->path = ds_strdup(path))) {
      free(e);
      /* The caller returns `json`: retire it rather than free it now. */
      retired *r = json ? malloc(sizeof(*r)) : NULL;
      if (r) {
        r->json = json;
        r->next = d->retired;
        d->retired = r;
      }
      return;
    }
    unsigned b = hash_path(path);
    e->next = d->buckets[b];
    d->buckets[b] = e;
  } else if (e->json) {
    retired *r = malloc(sizeof(*r));
    if (r) {
      r->json = e->json;
      r->next = d->retired;
      d->retired = r;
    }
    /* Without memory to retire it, leaking beats a dangling pointer. */
  }
  e->json = json;
  e->status = status;
  e->fetched_ms = now_ms();
}

/* ---- transfers ------------------------------------------------------------------ */

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp) {
  xfer *x = userp;
  size_t n = size * nmemb;
  if (x->body.len + n > x->max) {
    x->too_big = 1;
    return 0; /* aborts the transfer */
  }
  if (ds_buf_append(&x->body, data, n) != 0) return 0;
  return n;
}

static CURL *take_easy(ds_docker *d) {
  if (d->nidle > 0) {
    CURL *e = d->idle[--d->nidle];
    curl_easy_reset(e);
    return e;
  }
  return curl_easy_init();
}

static void give_back_easy(ds_docker *d, CURL *e) {
  if (d->nidle < d->max_parallel)
    d->idle[d->nidle++] = e;
  else
    curl_easy_cleanup(e);
}

static int setup_xfer(ds_docker *d, xfer *x) {
  x->easy = take_easy(d);
  if (!x->easy) return -1;
  char *url = ds_mprintf("%s%s%s", d->base_url, d->api_prefix, x->path);
  if (!url) return -1;
  CURL *e = x->easy;
  curl_easy_setopt(e, CURLOPT_URL, url);
  free(url); /* libcurl copies string options */
  if (d->unix_path) curl_easy_setopt(e, CURLOPT_UNIX_SOCKET_PATH, d->unix_path);
  curl_easy_setopt(e, CURLOPT_HTTPGET, 1L); /* read-only client: GET, always */
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)d->timeout_ms);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)d->connect_timeout_ms);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
  curl_easy_setopt(e, CURLOPT_USERAGENT, "dockersec/" DOCKERSEC_VERSION);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)d->max_response);
  if (d->tls) {
    curl_easy_setopt(e, CURLOPT_CAINFO, d->ca_file);
    curl_easy_setopt(e, CURLOPT_SSLCERT, d->cert_file);
    curl_easy_setopt(e, CURLOPT_SSLKEY, d->key_file);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, d->tls_verify ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, d->tls_verify ? 2L : 0L);
  }
  curl_easy_setopt(e, CURLOPT_PRIVATE, x);
  x->max = (size_t)d->max_response;
  x->errbuf[0] = '\0';
  return curl_multi_add_handle(d->multi, e) == CURLM_OK ? 0 : -1;
}

static void finish_xfer(ds_docker *d, xfer *x);

/* ---- injected answers (the test seam) --------------------------------------- */

int ds_docker_inject(ds_docker *d, const char *path_glob, long status, const char *body,
                     size_t len) {
  canned *c = calloc(1, sizeof(*c));
  if (!d || !c || !(c->glob = ds_strdup(path_glob)) || !(c->body = ds_strndup(body, len))) {
    if (c) free(c->glob);
    free(c);
    return -1;
  }
  c->status = status;
  c->len = len;
  if (!d->canned_tail) d->canned_tail = &d->canned;
  *d->canned_tail = c;
  d->canned_tail = &c->next;
  return 0;
}

/* Completes a transfer from the injected answers, as the network would:
** the first matching pattern wins, anything else is the engine's 404. */
static void serve_canned(ds_docker *d, xfer *x) {
  static const char not_found[] = "{\"message\":\"page not found\"}";
  const canned *c = d->canned;
  while (c && fnmatch(c->glob, x->path, 0) != 0)
    c = c->next;
  const char *body = c ? c->body : not_found;
  size_t len = c ? c->len : sizeof(not_found) - 1;
  x->status = c ? c->status : 404;
  x->result = CURLE_OK;
  x->max = (size_t)d->max_response;
  if (len > x->max)
    x->too_big = 1;
  else if (ds_buf_append(&x->body, body, len) != 0)
    x->result = CURLE_OUT_OF_MEMORY;
}

/* Runs every transfer to completion, at most max_parallel at a time.  Each
** transfer has its own total time-out, so this always ends.  A transfer is
** parsed as soon as it completes: the engine keeps answering the others
** meanwhile, so parsing overlaps with waiting. */
static void run_transfers(ds_docker *d, xfer *xs, int n) {
  int next = 0, active = 0, finished = 0;
  sqlite3_int64 t0 = now_us(), parsing_us = 0;
  if (d->canned) {
    /* Injected answers complete at once, and go through the same parsing
    ** and caching as the network's. */
    for (int i = 0; i < n; i++) {
      serve_canned(d, &xs[i]);
      finish_xfer(d, &xs[i]);
    }
    return;
  }
  while (finished < n) {
    while (next < n && active < d->max_parallel) {
      if (setup_xfer(d, &xs[next]) != 0) {
        xs[next].result = CURLE_OUT_OF_MEMORY;
        if (xs[next].easy) give_back_easy(d, xs[next].easy);
        xs[next].easy = NULL;
        finish_xfer(d, &xs[next]);
        finished++;
      } else {
        active++;
      }
      next++;
    }
    int running = 0;
    curl_multi_perform(d->multi, &running);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(d->multi, &left)) != NULL) {
      if (msg->msg != CURLMSG_DONE) continue;
      xfer *x = NULL;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
      x->result = msg->data.result;
      curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->status);
      curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &x->os_errno);
      curl_multi_remove_handle(d->multi, x->easy);
      give_back_easy(d, x->easy);
      x->easy = NULL;
      active--;
      finished++;
      sqlite3_int64 p0 = now_us();
      finish_xfer(d, x);
      parsing_us += now_us() - p0;
    }
    if (finished < n && running > 0) curl_multi_poll(d->multi, NULL, 0, 100, NULL);
  }
  d->stats.request_us += now_us() - t0 - parsing_us;
}

/* Turns a failed transfer into "<cause>" text. */
static char *transfer_cause(const ds_docker *d, const xfer *x) {
  if (x->too_big || x->result == CURLE_FILESIZE_EXCEEDED)
    return ds_mprintf("response larger than max_response_bytes (%lld bytes)",
                      (long long)d->max_response);
  switch (x->result) {
  case CURLE_OPERATION_TIMEDOUT:
    return ds_mprintf("no answer within %lld ms (timeout_ms)", (long long)d->timeout_ms);
  case CURLE_COULDNT_CONNECT:
    if (x->os_errno == EACCES)
      return ds_mprintf("permission denied on %s - run as root or join the docker group", d->host);
    if (x->os_errno == ENOENT)
      return ds_mprintf("cannot connect: no such socket %s (is the engine running?)",
                        d->unix_path ? d->unix_path : d->host);
    if (x->os_errno == ECONNREFUSED) return ds_strdup("cannot connect: connection refused");
    /* A unix socket whose listen queue is full refuses a non-blocking
    ** connect with EAGAIN (which libcurl reports as errno 0): the engine is
    ** alive but not accepting. */
    if ((x->os_errno == EAGAIN || x->os_errno == 0) && d->unix_path)
      return ds_strdup("cannot connect: the engine accepts no more connections (listen queue "
                       "full; lower max_parallel or retry)");
    /* curl words unix-socket failures as "localhost port 80": use errno. */
    if (x->os_errno && d->unix_path)
      return ds_mprintf("cannot connect: %s", strerror((int)x->os_errno));
    return ds_mprintf("cannot connect: %s", x->errbuf[0] ? x->errbuf : "connection failed");
  case CURLE_GOT_NOTHING:
    return ds_strdup("the engine closed the connection without answering");
  case CURLE_UNSUPPORTED_PROTOCOL:
  case CURLE_WEIRD_SERVER_REPLY:
    return ds_mprintf("not an HTTP answer (%s)",
                      x->errbuf[0] ? x->errbuf : curl_easy_strerror(x->result));
  case CURLE_PARTIAL_FILE:
  case CURLE_RECV_ERROR:
    return ds_mprintf("connection closed mid-response (%s)",
                      x->errbuf[0] ? x->errbuf : curl_easy_strerror(x->result));
  default:
    return ds_strdup(x->errbuf[0] ? x->errbuf : curl_easy_strerror(x->result));
  }
}

/* 1 for a path ".../changes" (query string allowed). */
static int ds_ends_with_changes(const char *path) {
  size_t n = strcspn(path, "?");
  return n >= 8 && strncmp(path + n - 8, "/changes", 8) == 0;
}

/* The longest engine message quoted in an error. */
#define DS_MAX_ENGINE_MESSAGE 512

/* The engine's own error text: {"message": "..."} bodies.  The text comes
** from the engine and ends up on a terminal: control characters (escape
** sequences) are replaced and the length is capped. */
static char *http_cause(const xfer *x) {
  char *perr = NULL;
  json_object *o = x->body.data ? ds_json_parse(x->body.data, x->body.len, &perr) : NULL;
  free(perr);
  const char *m = ds_json_str(o, "message");
  char *cause;
  if (m) {
    size_t n = strlen(m);
    int cut = n > DS_MAX_ENGINE_MESSAGE;
    cause = ds_mprintf("HTTP %ld: %.*s%s", x->status, DS_MAX_ENGINE_MESSAGE, m, cut ? "..." : "");
    for (char *p = cause; p && *p; p++)
      if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
  } else {
    cause = ds_mprintf("HTTP %ld", x->status);
  }
  json_object_put(o);
  return cause;
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

static void count_request(ds_docker *d, const char *path, size_t bytes, int failed) {
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

/* Top-level members of an inspect document that no table reads: storage
** driver paths, the container's own bookkeeping files, labels of other
** security modules.  Dropped as the document is parsed, because the
** snapshot keeps one document per container for the whole run and json-c
** spends ~30 KB on each: these are ~10% of it, 3-4 MB at 1,000 containers.
** A table that needs one of them must take it off this list. */
static const char *const unread_inspect_members[] = {
    "GraphDriver", "ResolvConfPath", "HostnamePath", "HostsPath", "LogPath",
    "ExecIDs",     "MountLabel",     "ProcessLabel", NULL,
};

static int is_inspect_path(const char *path) {
  size_t n = strlen(path);
  return strncmp(path, "/containers/", 12) == 0 && n > 17 && strcmp(path + n - 5, "/json") == 0 &&
         strchr(path + 12, '/') == path + n - 5;
}

static void drop_unread_members(json_object *doc) {
  if (!json_object_is_type(doc, json_type_object)) return;
  for (int i = 0; unread_inspect_members[i]; i++)
    json_object_object_del(doc, unread_inspect_members[i]);
}

/*
** Completes one transfer: counts it, parses the body and caches the answer
** (unless speculative).  Sets x->json, or x->err; a 404 the caller accepts
** is cached as "gone" (json NULL, status 404) and is no error.
*/
static void finish_xfer(ds_docker *d, xfer *x) {
  const char *shown = x->shown ? x->shown : x->path;
  int failed = x->result != CURLE_OK || x->too_big;
  count_request(d, x->path, x->body.len, failed || x->status >= 400);
  if (failed) {
    char *cause = transfer_cause(d, x);
    x->err = ds_mprintf("GET %s on %s: %s", shown, d->host, cause ? cause : "failed");
    free(cause);
  } else if (x->status == 404 && x->accept_404) {
    if (!x->speculative) cache_store(d, x->path, NULL, 404);
  } else if (x->status >= 300) {
    char *cause = http_cause(x);
    x->err = ds_mprintf("GET %s on %s: %s", shown, d->host, cause ? cause : "HTTP error");
    free(cause);
  } else {
    char *perr = NULL;
    x->json = ds_json_parse(x->body.data ? x->body.data : "", x->body.len, &perr);
    /* GET /containers/{id}/changes answers a bare `null` when nothing changed. */
    if (!x->json && x->body.len >= 4 && strncmp(x->body.data, "null", 4) == 0 &&
        strspn(x->body.data + 4, " \t\r\n") == x->body.len - 4 && ds_ends_with_changes(x->path)) {
      free(perr);
      perr = NULL;
      x->json = json_object_new_array();
    }
    if (x->json && is_inspect_path(x->path)) drop_unread_members(x->json);
    if (!x->json)
      x->err = ds_mprintf("GET %s on %s: %s", shown, d->host, perr ? perr : "malformed JSON");
    else if (!x->speculative)
      cache_store(d, x->path, x->json, x->status);
    free(perr);
  }
  if (x->err && !*x->err) { /* out of memory while writing the message */
    free(x->err);
    x->err = NULL;
  }
  if (!x->json && !x->err && !(x->status == 404 && x->accept_404))
    x->err = ds_strdup("out of memory");
  ds_buf_free(&x->body);
}

/* Checks the client could be built at all (bad DOCKER_HOST, no memory). */
static int client_ok(ds_docker *d, const char *path, char **err) {
  if (d && d->multi && d->idle && d->base_url) return 1;
  *err = ds_mprintf("GET %s on %s: cannot use this address (DOCKER_HOST must be "
                    "unix:///path or tcp://host:port)",
                    path, d && d->host ? d->host : "?");
  return 0;
}

/* Parses "1.41" into major/minor; 0 on failure. */
static int parse_version(const char *v, int *major, int *minor) {
  /* Bounded fields keep sscanf away from int overflow on hostile input. */
  return v && sscanf(v, "%4d.%4d", major, minor) == 2 && *major >= 1 && *minor >= 0;
}

/* Learns the API version from a /version answer: the engine's own, capped
** at the newest we understand.  Returns 1 when that is the engine's own
** version, so an unversioned answer means the same as a versioned one. */
static int apply_version(ds_docker *d, json_object *v) {
  int major, minor, own = 1;
  if (!parse_version(ds_json_str(v, "ApiVersion"), &major, &minor)) {
    /* Very old or odd engines: speak unversioned paths. */
    d->api_prefix[0] = '\0';
  } else {
    if (major > DS_API_MAX_MAJOR || (major == DS_API_MAX_MAJOR && minor > DS_API_MAX_MINOR)) {
      major = DS_API_MAX_MAJOR;
      minor = DS_API_MAX_MINOR;
      own = 0;
    }
    snprintf(d->api_prefix, sizeof(d->api_prefix), "/v%d.%d", major, minor);
  }
  json_object *comps = ds_json_path(v, "Components", NULL);
  d->podman = 0;
  for (size_t i = 0;
       comps && json_object_is_type(comps, json_type_array) && i < json_object_array_length(comps);
       i++) {
    const char *name = ds_json_str(json_object_array_get_idx(comps, i), "Name");
    if (name && strstr(name, "Podman")) d->podman = 1;
  }
  d->negotiated = 1;
  return own;
}

/* GET /version once (unversioned, as every engine answers it) and pick the
** API version.  A failure is reported against `for_path`, the request the
** user's query needed, since version negotiation is our detail. */
/* When the engine answered /version badly (not a connection failure, which
** is the same whichever path was asked), say so: the user asked for
** another path and would look for the fault there. */
static char *negotiation_error(const xfer *v) {
  int answered = v->result == CURLE_OK && !v->too_big;
  if (!v->err || !answered || strcmp(v->shown ? v->shown : v->path, "/version") == 0) return v->err;
  char *why = ds_mprintf("%s (while negotiating the API version with GET /version)", v->err);
  if (!why) return v->err;
  free(v->err);
  return why;
}

/* Remembers that /version could not be fetched at all (the transfer
** failed, as opposed to an answer we disliked) for the snapshot's life. */
static void remember_down(ds_docker *d, const xfer *v) {
  if (v->result == CURLE_OK || v->too_big || d->ttl_ms <= 0) return;
  free(d->down_cause);
  d->down_cause = transfer_cause(d, v);
  d->down_until_ms = now_ms() + d->ttl_ms;
}

/* While the engine is known to be unreachable, fails `path` at once with
** the same message a new attempt would give. */
static char *still_down(ds_docker *d, const char *path) {
  if (!d->down_cause || now_ms() >= d->down_until_ms) return NULL;
  return ds_mprintf("GET %s on %s: %s", path, d->host, d->down_cause);
}

static int negotiate(ds_docker *d, const char *for_path, char **err) {
  if (d->negotiated) return 0;
  if ((*err = still_down(d, for_path)) != NULL) return -1;
  xfer x = {.path = "/version", .shown = for_path};
  run_transfers(d, &x, 1);
  if (!x.json) {
    remember_down(d, &x);
    *err = negotiation_error(&x);
    return -1;
  }
  apply_version(d, x.json);
  return 0;
}

void ds_docker_prefetch(ds_docker *d, const char *path) {
  if (!d || !path) return;
  for (int i = 0; i < d->nwanted; i++) {
    if (strcmp(d->wanted[i], path) == 0) {
      d->wanted_ms[i] = now_ms();
      return;
    }
  }
  if (d->nwanted == DS_DOCKER_MAX_PREFETCH) return; /* a hint: dropping it is fine */
  cache_entry *e = cache_find(d, path);
  if (cache_fresh(d, e) && e->json) return;
  char *copy = ds_strdup(path);
  if (!copy) return;
  d->wanted[d->nwanted] = copy;
  d->wanted_ms[d->nwanted++] = now_ms();
}

/* Moves the wanted endpoints that are still worth asking - hinted within
** the snapshot TTL, not in the snapshot, not among xs[0..n) nor /version
** while negotiating - to out[…]
** (which then owns their paths) and forgets the rest.  Returns how many. */
static int take_wanted(ds_docker *d, xfer *out, const xfer *xs, int n, int negotiating) {
  sqlite3_int64 now = now_ms();
  int m = 0;
  for (int i = 0; i < d->nwanted; i++) {
    char *w = d->wanted[i];
    cache_entry *e = cache_find(d, w);
    int useful =
        d->ttl_ms > 0 && now - d->wanted_ms[i] < d->ttl_ms && !(cache_fresh(d, e) && e->json);
    for (int k = 0; k < n && useful; k++)
      useful = strcmp(xs[k].path, w) != 0;
    if (negotiating && strcmp(w, "/version") == 0) useful = 0; /* asked anyway */
    if (!useful) {
      free(w);
      continue;
    }
    memset(&out[m], 0, sizeof(out[m]));
    out[m].path = w;
    out[m].prefetch = 1;
    m++;
  }
  d->nwanted = 0;
  return m;
}

/* Drops what a transfer produced (a speculative answer not kept). */
static void discard(xfer *x) {
  json_object_put(x->json);
  x->json = NULL;
  free(x->err);
  x->err = NULL;
}

/* A speculative answer turned out valid: into the snapshot. */
static void keep(ds_docker *d, xfer *x) {
  x->speculative = 0;
  if (x->json)
    cache_store(d, x->path, x->json, x->status);
  else if (x->status == 404 && x->accept_404)
    cache_store(d, x->path, NULL, 404);
}

/*
** Runs xs[0..n) as one concurrent batch, together with the wanted prefetch
** endpoints and, before the API version is known, /version - those first,
** since they are the slow ones.  Until the version is known every other
** request goes out unversioned, which an engine answers in its own API
** version: when that is the version negotiation picks (always, unless the
** engine is newer than DS_API_MAX) the answers are kept - one round trip
** saved - otherwise they are dropped and xs asked again with the version
** prefix.  A /version failure is the error of every request in xs.
*/
static void run_batch(ds_docker *d, xfer *xs, int n) {
  int negotiating = !d->negotiated;
  if (negotiating && n > 0 && d->down_cause && now_ms() < d->down_until_ms) {
    /* An engine that could not be reached a moment ago is not asked again
    ** within the snapshot: each request fails at once with the same cause. */
    for (int i = 0; i < n; i++)
      xs[i].err = still_down(d, xs[i].shown ? xs[i].shown : xs[i].path);
    return;
  }
  xfer *all = calloc((size_t)(n + 1 + d->nwanted), sizeof(xfer));
  if (!all) { /* no memory for a batch: one thing at a time */
    char *err = NULL;
    if (negotiating && negotiate(d, n ? xs[0].path : "/version", &err) != 0) {
      for (int i = 0; i < n; i++)
        xs[i].err = ds_strdup(err);
      free(err);
      return;
    }
    run_transfers(d, xs, n);
    return;
  }
  /* all = [/version] [wanted…] [xs…] */
  int head = 0;
  if (negotiating) {
    all[0].path = "/version";
    all[0].shown = n ? xs[0].path : "/version";
    head = 1;
  }
  int nwanted = take_wanted(d, all + head, xs, n, negotiating);
  xfer *mine = all + head + nwanted;
  memcpy(mine, xs, (size_t)n * sizeof(xfer));
  int total = head + nwanted + n;
  for (int i = head; negotiating && i < total; i++)
    all[i].speculative = 1;
  run_transfers(d, all, total);

  if (negotiating) {
    if (!all[0].json) {
      remember_down(d, &all[0]);
      for (int i = 1; i < total; i++)
        discard(&all[i]);
      char *why = negotiation_error(&all[0]);
      for (int i = 0; i < n; i++)
        mine[i].err = ds_strdup(why);
      free(why);
    } else if (apply_version(d, all[0].json)) {
      for (int i = 1; i < total; i++)
        keep(d, &all[i]);
    } else {
      for (int i = 1; i < total; i++)
        discard(&all[i]);
      for (int i = 0; i < n; i++) /* the same requests, afresh, versioned */
        mine[i] = (xfer){.path = xs[i].path,
                         .shown = xs[i].shown,
                         .accept_404 = xs[i].accept_404,
                         .slot = xs[i].slot};
      run_transfers(d, mine, n);
    }
  }
  for (int i = head; i < head + nwanted; i++) {
    free(all[i].err); /* prefetch failures: the table asks again and says why */
    free((char *)all[i].path);
  }
  memcpy(xs, mine, (size_t)n * sizeof(xfer));
  free(all);
}

const char *ds_docker_api_version(ds_docker *d, char **err) {
  if (!client_ok(d, "/version", err) || negotiate(d, "/version", err) != 0) return NULL;
  return d->api_prefix[0] ? d->api_prefix + 2 : "";
}

int ds_docker_is_podman(ds_docker *d, char **err) {
  if (!client_ok(d, "/version", err) || negotiate(d, "/version", err) != 0) return -1;
  return d->podman;
}

json_object *ds_docker_get(ds_docker *d, const char *path, long *status, char **err) {
  *err = NULL;
  if (status) *status = 0;
  if (!client_ok(d, path, err)) return NULL;
  cache_entry *e = cache_find(d, path);
  if (cache_fresh(d, e) && (e->json || status)) {
    d->stats.cache_hits++;
    if (status) *status = e->status;
    return e->json;
  }
  if (!d->negotiated && strcmp(path, "/version") == 0) {
    /* Negotiating fetches and caches this very path. */
    if (negotiate(d, path, err) != 0) return NULL;
    e = cache_find(d, path);
    if (e && e->json) return e->json;
  }
  xfer x = {.path = path, .accept_404 = status != NULL};
  run_batch(d, &x, 1);
  *err = x.err;
  /* Callers that handle some answers (409 "not running", 500 from ps) need
  ** the code even when it is an error. */
  if (status) *status = x.status;
  return x.json;
}

json_object *ds_docker_cached(ds_docker *d, const char *path) {
  if (!d) return NULL;
  cache_entry *e = cache_find(d, path);
  if (!cache_fresh(d, e) || !e->json) return NULL;
  d->stats.cache_hits++;
  return e->json;
}

json_object *ds_docker_containers(ds_docker *d, char **err) {
  json_object *o = ds_docker_get(d, "/containers/json?all=1", NULL, err);
  if (o && !json_object_is_type(o, json_type_array)) {
    *err = ds_mprintf("GET /containers/json?all=1 on %s: expected a JSON array", d->host);
    return NULL;
  }
  return o;
}

/* Puts `id` where "%s" stands in `tmpl` (a template, not a printf format:
** ids come from the engine and must never be interpreted). */
static char *expand_path(const char *tmpl, const char *id) {
  const char *at = strstr(tmpl, "%s");
  if (!at) return ds_strdup(tmpl);
  /* Plain copies: a pack run builds thousands of these. */
  size_t pre = (size_t)(at - tmpl), idn = strlen(id), post = strlen(at + 2);
  char *p = malloc(pre + idn + post + 1);
  if (!p) return NULL;
  memcpy(p, tmpl, pre);
  memcpy(p + pre, id, idn);
  memcpy(p + pre + idn, at + 2, post + 1);
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
  int ok = client_ok(d, probe ? probe : path_fmt, err);
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
    cache_entry *e = cache_find(d, paths[i]);
    if (cache_fresh(d, e)) {
      d->stats.cache_hits++;
      out[i] = e->json; /* NULL when cached as gone */
      continue;
    }
    xs[nx].path = paths[i];
    xs[nx].accept_404 = 1;
    slot[nx++] = i;
  }
  /* Ask once even if the same id appears twice in the list. */
  if (rc == 0 && nx > 1) nx = drop_duplicates(xs, slot, nx);
  if (rc == 0 && nx > 0) {
    run_batch(d, xs, nx);
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
      cache_entry *e = cache_find(d, paths[i]);
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

int ds_docker_inspect_many(ds_docker *d, const char *const *ids, int n, json_object **out,
                           char **err) {
  return ds_docker_get_many(d, "/containers/%s/json", ids, n, out, err);
}
