/*
** negotiate.c - API version negotiation (GET /version) and batching: the
** requests of one call, the prefetch hints and - before the version is
** known - /version itself go out as one concurrent batch.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/docker_internal.h"
#include "common/ds_util.h"

/* The newest API version whose fields we read; older engines are spoken to
** in their own version, newer ones in this one. */
#define DS_API_MAX_MAJOR 1
#define DS_API_MAX_MINOR 47

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
  d->down_cause = dk_transfer_cause(d, v);
  d->down_until_ms = dk_now_ms() + d->ttl_ms;
}

/* While the engine is known to be unreachable, fails `path` at once with
** the same message a new attempt would give. */
static char *still_down(ds_docker *d, const char *path) {
  if (!d->down_cause || dk_now_ms() >= d->down_until_ms) return NULL;
  return ds_mprintf("GET %s on %s: %s", path, d->host, d->down_cause);
}

int dk_negotiate(ds_docker *d, const char *for_path, char **err) {
  if (d->negotiated) return 0;
  if ((*err = still_down(d, for_path)) != NULL) return -1;
  xfer x = {.path = "/version", .shown = for_path};
  dk_run_transfers(d, &x, 1);
  if (!x.json) {
    remember_down(d, &x);
    *err = negotiation_error(&x);
    return -1;
  }
  apply_version(d, x.json);
  return 0;
}

void dk_clear_wanted(ds_docker *d) {
  for (int i = 0; i < d->nwanted; i++)
    free(d->wanted[i]);
  d->nwanted = 0;
}

void ds_docker_prefetch(ds_docker *d, const char *path) {
  if (!d || !path) return;
  for (int i = 0; i < d->nwanted; i++) {
    if (strcmp(d->wanted[i], path) == 0) {
      d->wanted_ms[i] = dk_now_ms();
      return;
    }
  }
  if (d->nwanted == DS_DOCKER_MAX_PREFETCH) return; /* a hint: dropping it is fine */
  cache_entry *e = dk_cache_find(d, path);
  if (dk_cache_fresh(d, e) && e->json) return;
  char *copy = ds_strdup(path);
  if (!copy) return;
  d->wanted[d->nwanted] = copy;
  d->wanted_ms[d->nwanted++] = dk_now_ms();
}

/* Moves the wanted endpoints that are still worth asking - hinted within
** the snapshot TTL, not in the snapshot, not among xs[0..n) nor /version
** while negotiating - to out[…]
** (which then owns their paths) and forgets the rest.  Returns how many. */
static int take_wanted(ds_docker *d, xfer *out, const xfer *xs, int n, int negotiating) {
  sqlite3_int64 now = dk_now_ms();
  int m = 0;
  for (int i = 0; i < d->nwanted; i++) {
    char *w = d->wanted[i];
    cache_entry *e = dk_cache_find(d, w);
    int useful =
        d->ttl_ms > 0 && now - d->wanted_ms[i] < d->ttl_ms && !(dk_cache_fresh(d, e) && e->json);
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
  if (x->json) {
    dk_cache_store(d, x->path, x->json, x->status);
    dk_cache_set_bytes(d, x->path, x->nbytes);
  } else if (x->status == 404 && x->accept_404)
    dk_cache_store(d, x->path, NULL, 404);
  else if (x->rejected)
    dk_cache_reject(d, x->path, x->rejected);
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
void dk_run_batch(ds_docker *d, xfer *xs, int n) {
  int negotiating = !d->negotiated;
  if (negotiating && n > 0 && d->down_cause && dk_now_ms() < d->down_until_ms) {
    /* An engine that could not be reached a moment ago is not asked again
    ** within the snapshot: each request fails at once with the same cause. */
    for (int i = 0; i < n; i++)
      xs[i].err = still_down(d, xs[i].shown ? xs[i].shown : xs[i].path);
    return;
  }
  xfer *all = calloc((size_t)(n + 1 + d->nwanted), sizeof(xfer));
  if (!all) { /* no memory for a batch: one thing at a time */
    char *err = NULL;
    if (negotiating && dk_negotiate(d, n ? xs[0].path : "/version", &err) != 0) {
      for (int i = 0; i < n; i++)
        xs[i].err = ds_strdup(err);
      free(err);
      return;
    }
    dk_run_transfers(d, xs, n);
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
  dk_run_transfers(d, all, total);

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
                         .fresh = xs[i].fresh,
                         .slot = xs[i].slot};
      dk_run_transfers(d, mine, n);
    }
  }
  for (int i = head; i < head + nwanted; i++) {
    free(all[i].err); /* prefetch failures: the table asks again and says why */
    free((char *)all[i].path);
  }
  memcpy(xs, mine, (size_t)n * sizeof(xfer));
  free(all);
}
