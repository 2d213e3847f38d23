/*
** inject.c - injected answers, the client's test seam (fuzz targets, unit
** tests): once anything is injected, transfers are served from here and
** never touch the network, through the same parse, cache and error paths.
*/
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "engine/docker_internal.h"
#include "common/ds_util.h"

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
void dk_serve_canned(ds_docker *d, xfer *x) {
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

void dk_canned_free(ds_docker *d) {
  while (d->canned) {
    canned *c = d->canned;
    d->canned = c->next;
    free(c->glob);
    free(c->body);
    free(c);
  }
  d->canned_tail = NULL;
}
