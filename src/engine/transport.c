/*
** transport.c - HTTP transfers over libcurl's multi interface (unix socket
** or tcp/TLS), at most max_parallel at a time, and finishing a transfer:
** counting it, turning failures into "GET <path> on <host>: <cause>",
** parsing the body and storing it in the snapshot.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/docker_internal.h"
#include "common/ds_util.h"

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
  /* The request's own time-out, cut short by the run's deadline. */
  sqlite3_int64 timeout = d->timeout_ms;
  if (d->deadline_ms > 0) {
    sqlite3_int64 left = d->deadline_ms - dk_now_ms();
    if (left < timeout || timeout <= 0) timeout = left > 1 ? left : 1;
  }
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)timeout);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)d->connect_timeout_ms);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
  char agent[80]; /* curl copies it */
  snprintf(agent, sizeof(agent), "dockersec/%s", ds_version());
  curl_easy_setopt(e, CURLOPT_USERAGENT, agent);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)d->max_response);
  if (d->tls) {
    if (d->ca_file) curl_easy_setopt(e, CURLOPT_CAINFO, d->ca_file); /* else the system's */
    if (d->cert_file) curl_easy_setopt(e, CURLOPT_SSLCERT, d->cert_file);
    if (d->key_file) curl_easy_setopt(e, CURLOPT_SSLKEY, d->key_file);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, d->tls_verify ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, d->tls_verify ? 2L : 0L);
  }
  curl_easy_setopt(e, CURLOPT_PRIVATE, x);
  x->max = (size_t)d->max_response;
  x->errbuf[0] = '\0';
  return curl_multi_add_handle(d->multi, e) == CURLM_OK ? 0 : -1;
}

/* Runs every transfer to completion, at most max_parallel at a time.  Each
** transfer has its own total time-out, so this always ends.  A transfer is
** parsed as soon as it completes: the engine keeps answering the others
** meanwhile, so parsing overlaps with waiting. */
void dk_run_transfers(ds_docker *d, xfer *xs, int n) {
  int next = 0, active = 0, finished = 0;
  sqlite3_int64 t0 = dk_now_us(), parsing_us = 0;
  if (d->canned) {
    /* Injected answers complete at once, and go through the same parsing
    ** and caching as the network's. */
    for (int i = 0; i < n; i++) {
      dk_serve_canned(d, &xs[i]);
      dk_finish_xfer(d, &xs[i]);
    }
    return;
  }
  while (finished < n) {
    while (next < n && active < d->max_parallel) {
      if (setup_xfer(d, &xs[next]) != 0) {
        xs[next].result = CURLE_OUT_OF_MEMORY;
        if (xs[next].easy) give_back_easy(d, xs[next].easy);
        xs[next].easy = NULL;
        dk_finish_xfer(d, &xs[next]);
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
      sqlite3_int64 p0 = dk_now_us();
      dk_finish_xfer(d, x);
      parsing_us += dk_now_us() - p0;
    }
    if (finished < n && running > 0) curl_multi_poll(d->multi, NULL, 0, 100, NULL);
  }
  d->stats.request_us += dk_now_us() - t0 - parsing_us;
}

/* Turns a failed transfer into "<cause>" text. */
char *dk_transfer_cause(const ds_docker *d, const xfer *x) {
  if (x->too_big || x->result == CURLE_FILESIZE_EXCEEDED)
    return ds_mprintf("response larger than max_response_bytes (%lld bytes)",
                      (long long)d->max_response);
  switch (x->result) {
  case CURLE_OPERATION_TIMEDOUT:
    if (d->deadline_ms > 0 && dk_now_ms() >= d->deadline_ms - 5)
      return ds_mprintf("the run's time limit was reached (run_timeout_ms %lld; dockersec run "
                        "--timeout)",
                        (long long)d->run_timeout_ms);
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

/* GET /containers/{id}/changes answers a bare `null` when nothing changed
** (query string allowed): that is an empty list, not malformed JSON. */
static int is_null_changes(const xfer *x) {
  const char *p = x->path;
  size_t n = strcspn(p, "?");
  if (n < 8 || strncmp(p + n - 8, "/changes", 8) != 0) return 0;
  const char *b = x->body.data;
  return b && x->body.len >= 4 && strncmp(b, "null", 4) == 0 &&
         strspn(b + 4, " \t\r\n") == x->body.len - 4;
}

/* The longest engine message quoted in an error. */
#define DS_MAX_ENGINE_MESSAGE 512

/* The engine's own error text: {"message": "..."} bodies, length capped.
** It comes from the engine and may hold escape sequences: kept as it is
** here and escaped where it is shown (common/ds_sanitize.h), once. */
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
  } else {
    cause = ds_mprintf("HTTP %ld", x->status);
  }
  json_object_put(o);
  return cause;
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

/* The run's bounds an answer breaks: too many containers listed
** (max_containers), or more cached bytes than max_cache_bytes.  NULL when
** within them. */
static char *run_limit_cause(const ds_docker *d, const xfer *x) {
  if (d->max_containers > 0 && strncmp(x->path, "/containers/json", 16) == 0 &&
      json_object_is_type(x->json, json_type_array) &&
      (sqlite3_int64)json_object_array_length(x->json) > d->max_containers)
    return ds_mprintf("%zu containers listed, more than max_containers (%lld; dockersec run "
                      "--max-containers)",
                      json_object_array_length(x->json), (long long)d->max_containers);
  if (!x->speculative && !x->fresh && d->max_cache_bytes > 0 &&
      d->cached_bytes + (sqlite3_int64)x->body.len > d->max_cache_bytes)
    return ds_mprintf("the run's cached answers would exceed max_cache_bytes (%lld bytes; "
                      "dockersec run --max-cache-bytes)",
                      (long long)d->max_cache_bytes);
  return NULL;
}

/*
** Completes one transfer: counts it, parses the body and caches the answer
** (unless speculative).  Sets x->json, or x->err; a 404 the caller accepts
** is cached as "gone" (json NULL, status 404) and is no error.
*/
void dk_finish_xfer(ds_docker *d, xfer *x) {
  const char *shown = x->shown ? x->shown : x->path;
  int failed = x->result != CURLE_OK || x->too_big;
  dk_count_request(d, x->path, x->body.len, failed || x->status >= 400);
  if (failed) {
    char *cause = dk_transfer_cause(d, x);
    x->err = ds_mprintf("GET %s on %s: %s", shown, d->host, cause ? cause : "failed");
    /* Remembered for the run: one time-out (or one 2 GB download), not one
    ** per check that asks. */
    /* Also when speculative: a time-out does not depend on the version. */
    dk_cache_fail(d, x->path, cause ? cause : "failed", x->status);
    free(cause);
  } else if (x->status == 404 && x->accept_404) {
    if (!x->speculative) dk_cache_store(d, x->path, NULL, 404);
  } else if (x->status >= 300) {
    char *cause = http_cause(x);
    x->err = ds_mprintf("GET %s on %s: %s", shown, d->host, cause ? cause : "HTTP error");
    /* A server error does not depend on the version asked (a 400 may). */
    if (!x->speculative || x->status >= 500)
      dk_cache_fail(d, x->path, cause ? cause : "HTTP error", x->status);
    free(cause);
  } else {
    char *perr = NULL;
    x->json = ds_json_parse(x->body.data ? x->body.data : "", x->body.len, &perr);
    if (!x->json && is_null_changes(x)) { /* nothing changed */
      free(perr);
      perr = NULL;
      x->json = json_object_new_array();
    }
    if (x->json && is_inspect_path(x->path)) drop_unread_members(x->json);
    char *limit = x->json ? run_limit_cause(d, x) : NULL;
    if (x->json && (x->rejected = dk_shape_error(x->path, x->json)) != NULL) {
      json_object_put(x->json);
      x->json = NULL;
      x->err = ds_mprintf("GET %s on %s: %s", shown, d->host, x->rejected);
      if (!x->speculative) dk_cache_reject(d, x->path, x->rejected);
    } else if (limit) {
      json_object_put(x->json);
      x->json = NULL;
      x->err = ds_mprintf("GET %s on %s: %s", shown, d->host, limit);
      dk_cache_fail(d, x->path, limit, x->status); /* whatever the version */
    } else if (!x->json) {
      x->err = ds_mprintf("GET %s on %s: %s", shown, d->host, perr ? perr : "malformed JSON");
      if (!x->speculative) dk_cache_fail(d, x->path, perr ? perr : "malformed JSON", x->status);
    } else if (!x->speculative && !x->fresh) {
      dk_cache_store(d, x->path, x->json, x->status);
      dk_cache_set_bytes(d, x->path, x->body.len);
    }
    free(limit);
    free(perr);
  }
  if (x->err && !*x->err) { /* out of memory while writing the message */
    free(x->err);
    x->err = NULL;
  }
  if (!x->json && !x->err && !(x->status == 404 && x->accept_404))
    x->err = ds_strdup("out of memory");
  x->nbytes = x->body.len;
  ds_buf_free(&x->body);
}
