/*
** test_stats.c - the Docker client's request counters and dockersec_stats:
** endpoint naming, a table read that sends nothing, counters that survive a
** settings change (which rebuilds the client), failures counted as errors,
** and an engine remembered as unreachable failing requests without sending.
** No engine needed: the client is pointed at a socket that does not exist.
*/
#include <stdlib.h>

#include "check.h"
#include "sqlcheck.h"
#include "engine/ds_docker.h"
#include "common/ds_util.h"

static void endpoint(const char *name, const char *path, const char *expected) {
  char buf[64];
  ds_docker_endpoint_name(path, buf, sizeof(buf));
  CHECK_STR(name, expected, buf);
}

static void endpoint_names(void) {
  endpoint("ep-list", "/containers/json?all=1", "GET /containers/json");
  endpoint("ep-list-filtered", "/containers/json?all=1&filters=%7B%22id%22%3A%5B%22ab%22%5D%7D",
           "GET /containers/json");
  endpoint("ep-inspect", "/containers/0123abcd/json", "GET /containers/{id}/json");
  endpoint("ep-top", "/containers/0123abcd/top?ps_args=-eo%20pid", "GET /containers/{id}/top");
  endpoint("ep-info", "/info", "GET /info");
  endpoint("ep-version", "/version", "GET /version");
  endpoint("ep-images", "/images/json", "GET /images/json");
  endpoint("ep-image-inspect", "/images/sha256:abc/json", "GET /images/{id}/json");
  endpoint("ep-image-slashed-name", "/images/library/busybox:latest/history",
           "GET /images/{id}/history");
  endpoint("ep-volume", "/volumes/data", "GET /volumes/{id}");
  endpoint("ep-volumes", "/volumes", "GET /volumes");
  endpoint("ep-network", "/networks/bridge", "GET /networks/{id}");
  endpoint("ep-system", "/system/df", "GET /system/df");
}

static void table_counters(void) {
  setenv("DOCKER_HOST", "unix:///nonexistent/dockersec-test.sock", 1);
  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  CHECK_INT("stats-register", SQLITE_OK, ds_register(db, NULL));
  /* With a snapshot, an unreachable engine is remembered for cache_ttl_ms
  ** and not asked again: a slow run could outlive the default TTL and see
  ** either behaviour.  No snapshot here, so every query really sends its
  ** requests and the counts below prove what was counted; the remembered
  ** case is pinned down with a long TTL at the end. */
  Q("stats-no-snapshot", "SELECT dockersec_config('cache_ttl_ms', 0)", "0");
  Q("stats-before-any-request",
    "SELECT requests, list_requests, inspects, other_requests, cache_hits, bytes, errors, "
    "request_ms, endpoints FROM dockersec_stats",
    "0|0|0|0|0|0|0|0.0|{}");
  /* Reading the table twice still reports nothing sent: it sends nothing. */
  Q("stats-read-sends-nothing", "SELECT requests FROM dockersec_stats", "0");
  char *r = one(db, "SELECT count(*) FROM docker_containers");
  CHECK("stats-engine-down-is-error", strstr(r, "docker_containers: GET") != NULL);
  free(r);
  /* /version (negotiation) and the list go out together and both fail. */
  Q("stats-failed-request-counted",
    "SELECT requests, list_requests, other_requests, errors, endpoints FROM dockersec_stats",
    "2|1|1|2|{\"GET /version\":1,\"GET /containers/json\":1}");
  r = one(db, "SELECT count(*) FROM docker_containers");
  CHECK("stats-error-names-the-query-path", strstr(r, "GET /containers/json?all=1 on") != NULL);
  free(r);
  Q("stats-rebuild-client", "SELECT dockersec_config('timeout_ms', 5000)", "5000");
  Q("stats-survive-rebuild", "SELECT requests, errors FROM dockersec_stats", "4|4");
  r = one(db, "SELECT count(*) FROM docker_version");
  free(r);
  Q("stats-keep-counting", "SELECT requests, errors, endpoints FROM dockersec_stats",
    "5|5|{\"GET /version\":3,\"GET /containers/json\":2}");
  Q("stats-host", "SELECT docker_host FROM dockersec_stats",
    "unix:///nonexistent/dockersec-test.sock");
  /* A snapshot long enough to outlive any slow run (another rebuild, the
  ** counters carry over again): the first query sends /version and the list
  ** and remembers the engine down; the second fails at once with the same
  ** cause: nothing is sent, so neither a request nor a failed request is
  ** counted (errors counts requests that failed). */
  Q("stats-long-snapshot", "SELECT dockersec_config('cache_ttl_ms', 600000)", "600000");
  r = one(db, "SELECT count(*) FROM docker_containers");
  free(r);
  Q("stats-down-sent", "SELECT requests, errors FROM dockersec_stats", "7|7");
  r = one(db, "SELECT count(*) FROM docker_containers");
  CHECK("stats-down-remembered-is-error", strstr(r, "GET /containers/json?all=1 on") != NULL);
  free(r);
  Q("stats-down-remembered-not-sent", "SELECT requests, errors, endpoints FROM dockersec_stats",
    "7|7|{\"GET /version\":4,\"GET /containers/json\":3}");
  sqlite3_close(db);
}

int main(void) {
  endpoint_names();
  table_counters();
  CHECK_DONE();
}
