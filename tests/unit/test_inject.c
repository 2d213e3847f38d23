/*
** test_inject.c - the client's test seam (ds_docker_inject) that the fuzz
** targets stand on: injected answers go through the real parse, status and
** size-limit paths, the first matching pattern wins, anything else is the
** engine's 404, and nothing touches the network.
*/
#include <stdlib.h>

#include "check.h"
#include "engine/ds_docker.h"
#include "common/ds_util.h"

#define INJECT(d, glob, status, body) ds_docker_inject(d, glob, status, body, strlen(body))

int main(void) {
  ds_docker_options cfg = {.cache_ttl_ms = 1000,
                           .timeout_ms = 1000,
                           .connect_timeout_ms = 1000,
                           .max_response_bytes = 64,
                           .max_parallel = 4,
                           .docker_host = "unix:///nonexistent/inject.sock"};
  ds_docker *d = ds_docker_new(&cfg);
  CHECK("inject-client", d != NULL);
  CHECK_INT("inject-version", 0, INJECT(d, "/version", 200, "{\"ApiVersion\":\"1.43\"}"));
  INJECT(d, "/containers/gone/json", 404, "{\"message\":\"No such container: gone\"}");
  INJECT(d, "/containers/*/json", 200, "{\"Id\":\"x\"}");
  INJECT(d, "/info", 500, "{\"message\":\"boom\"}");
  INJECT(d, "/images/json", 200,
         "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29]");
  INJECT(d, "/networks", 200, "[1,");

  char *err = NULL;
  CHECK_STR("inject-negotiated", "1.43", ds_docker_api_version(d, &err));
  json_object *o = ds_docker_get(d, "/containers/abc/json", NULL, &err);
  CHECK_STR("inject-glob", "x", ds_json_str(o, "Id"));
  long status = 0;
  o = ds_docker_get(d, "/containers/gone/json", &status, &err);
  CHECK("inject-first-match-wins", o == NULL && status == 404 && err == NULL);
  o = ds_docker_get(d, "/info", NULL, &err);
  CHECK_STR("inject-http-error", "GET /info on unix:///nonexistent/inject.sock: HTTP 500: boom",
            err);
  free(err);
  o = ds_docker_get(d, "/images/json", NULL, &err);
  CHECK_STR("inject-size-limit",
            "GET /images/json on unix:///nonexistent/inject.sock: response larger than "
            "max_response_bytes (64 bytes)",
            err);
  free(err);
  o = ds_docker_get(d, "/networks", NULL, &err);
  CHECK_STR("inject-parse-error",
            "GET /networks on unix:///nonexistent/inject.sock: malformed JSON: truncated document",
            err);
  free(err);
  o = ds_docker_get(d, "/volumes", NULL, &err);
  CHECK_STR("inject-unmatched-404",
            "GET /volumes on unix:///nonexistent/inject.sock: HTTP 404: page not found", err);
  free(err);
  CHECK_INT("inject-no-network-requests-counted", 7, ds_docker_get_stats(d)->requests);
  ds_docker_free(d);
  return check_failures ? 1 : 0;
}
