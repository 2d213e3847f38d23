/*
** dockersec_stats - the Docker API client's own counters for this database
** connection: how many requests it sent (by kind and by endpoint), how many
** answers the snapshot cache served, bytes received, failures, and the time
** spent waiting for the engine.
**
** It reads the counters of the client that exists; it never creates one and
** never sends a request, so reading it does not change what it reports.
** Counters survive a settings change that rebuilds the client.  The CLI
** prints the same figures on stderr with `--stats`.
*/
#include <json-c/json.h>

#include "dockersec.h"
#include "engine/ds_docker.h"
#include "common/ds_util.h"

enum {
  C_REQUESTS,
  C_LIST_REQUESTS,
  C_INSPECTS,
  C_OTHER_REQUESTS,
  C_CACHE_HITS,
  C_BYTES,
  C_ERRORS,
  C_REQUEST_MS,
  C_ENDPOINTS,
  C_DOCKER_HOST,
  C_COUNT
};

static const ds_column columns[] = {
    [C_REQUESTS] = {"requests", DS_BIGINT, "HTTP requests sent to the engine", 0},
    [C_LIST_REQUESTS] = {"list_requests", DS_BIGINT,
                         "GET /containers/json requests (with or without filters)", 0},
    [C_INSPECTS] = {"inspects", DS_BIGINT, "GET /containers/{id}/json requests", 0},
    [C_OTHER_REQUESTS] = {"other_requests", DS_BIGINT,
                          "Every other request (/version, /info, /images/json, …)", 0},
    [C_CACHE_HITS] = {"cache_hits", DS_BIGINT,
                      "Answers served from the snapshot cache instead of the engine", 0},
    [C_BYTES] = {"bytes", DS_BIGINT, "Response bytes received", 0},
    [C_ERRORS] = {"errors", DS_BIGINT,
                  "Requests that failed (transport error or HTTP status >= 400, 404 included)", 0},
    [C_REQUEST_MS] = {"request_ms", DS_DOUBLE,
                      "Wall time spent waiting for the engine, in ms (concurrent requests "
                      "count once)",
                      0},
    [C_ENDPOINTS] = {"endpoints", DS_TEXT,
                     "Requests per endpoint as a JSON object, ids shown as {id}, e.g. "
                     "{\"GET /containers/{id}/json\":5}",
                     0},
    [C_DOCKER_HOST] = {"docker_host", DS_TEXT, "The engine address the client uses", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static char *endpoints_json(const ds_docker *d) {
  json_object *o = json_object_new_object();
  if (!o) return NULL;
  for (int i = 0; i < ds_docker_nendpoints(d); i++) {
    const ds_docker_endpoint *e = ds_docker_endpoint_at(d, i);
    json_object_object_add(o, e->name, json_object_new_int64(e->requests));
  }
  char *text = ds_json_text(o, 0);
  json_object_put(o);
  return text;
}

static int generate(ds_query *q) {
  /* Not ds_query_docker(): no client yet means nothing was sent. */
  const ds_docker *d = ds_query_docker_if_created(q);
  static const ds_docker_stats none;
  const ds_docker_stats *s = d ? ds_docker_get_stats(d) : &none;
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_set_int(q, C_REQUESTS, s->requests);
  ds_set_int(q, C_LIST_REQUESTS, s->list_requests);
  ds_set_int(q, C_INSPECTS, s->inspects);
  ds_set_int(q, C_OTHER_REQUESTS, s->other_requests);
  ds_set_int(q, C_CACHE_HITS, s->cache_hits);
  ds_set_int(q, C_BYTES, s->bytes);
  ds_set_int(q, C_ERRORS, s->errors);
  ds_set_double(q, C_REQUEST_MS, (double)s->request_us / 1000.0);
  if (ds_query_uses(q, C_ENDPOINTS)) {
    char *json = d ? endpoints_json(d) : ds_strdup("{}");
    if (!json) return ds_error(q, "out of memory");
    ds_set_text_owned(q, C_ENDPOINTS, json);
  }
  ds_set_text(q, C_DOCKER_HOST, d ? ds_docker_host(d) : ds_query_docker_host(q));
  return SQLITE_OK;
}

const ds_table ds_table_dockersec_stats = {
    .name = "dockersec_stats",
    .doc = "Request counters of this connection's Docker API client (reading them sends nothing).",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT requests, list_requests, inspects, cache_hits, request_ms\n"
               "FROM dockersec_stats;\n"
               "SELECT key AS endpoint, value AS requests\n"
               "FROM dockersec_stats, json_each(dockersec_stats.endpoints);",
    .rows = 1, /* one row: scanned once, outside a join's loop */
};
