/*
** test_redact.c - redaction of labels, option objects and argument arrays
** (src/engine/redact.c, src/common/secret.c): what the label, image, volume and network tables use.
*/
#include <stdlib.h>

#include "check.h"
#include "engine/ds_docker_map.h"
#include "common/ds_util.h"

static void check_object(const char *name, const char *json, int reveal, const char *expected) {
  json_object *o = json_tokener_parse(json);
  char *got = ds_redacted_object_text(o, reveal);
  CHECK_STR(name, expected, got);
  free(got);
  json_object_put(o);
}

static void check_args(const char *name, const char *json, int reveal, const char *expected) {
  json_object *o = json_tokener_parse(json);
  char *got = ds_redacted_args_text(o, reveal, 1);
  CHECK_STR(name, expected, got);
  free(got);
  json_object_put(o);
}

int main(void) {
  CHECK_STR("redact-label-secret", DS_REDACTED, ds_label_value("com.example.api-token", "x", 0));
  CHECK_STR("redact-label-revealed", "x", ds_label_value("com.example.api-token", "x", 1));
  CHECK_STR("redact-label-plain", "blue", ds_label_value("com.example.team", "blue", 0));
  CHECK_STR("redact-label-null-key", "v", ds_label_value(NULL, "v", 0));

  check_object("redact-object", "{\"team\":\"blue\",\"db-password\":\"hunter2\",\"n\":3}", 0,
               "{\"team\":\"blue\",\"db-password\":\"<redacted>\",\"n\":3}");
  check_object("redact-object-inline-option", "{\"o\":\"addr=1.2.3.4,username=u password=p\"}", 0,
               "{\"o\":\"addr=1.2.3.4,username=u password=<redacted>\"}");
  check_object("redact-object-revealed", "{\"db-password\":\"hunter2\"}", 1,
               "{\"db-password\":\"hunter2\"}");
  check_object("redact-object-null", "null", 0, NULL);
  check_object("redact-object-empty", "{}", 0, "{}");
  check_object("redact-object-not-object", "[1]", 0, "[1]");

  check_args("redact-args-assignment", "[\"sh\",\"-c\",\"DB_PASSWORD=x app\"]", 0,
             "[\"sh\",\"-c\",\"DB_PASSWORD=<redacted> app\"]");
  check_args("redact-args-split-flag", "[\"app\",\"--password\",\"x\",\"--port\",\"80\"]", 0,
             "[\"app\",\"--password\",\"<redacted>\",\"--port\",\"80\"]");
  check_args("redact-args-flag-equals", "[\"app\",\"--api-token=x\"]", 0,
             "[\"app\",\"--api-token=<redacted>\"]");
  check_args("redact-args-revealed", "[\"app\",\"--password\",\"x\"]", 1,
             "[\"app\",\"--password\",\"x\"]");
  check_args("redact-args-null", "null", 0, "[]");
  check_args("redact-args-non-string", "[1,null,\"x\"]", 0, "[1,null,\"x\"]");
  return check_failures ? 1 : 0;
}
