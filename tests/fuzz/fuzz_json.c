/*
** fuzz_json - the JSON layer every table stands on: ds_json_parse (depth
** limit, trailing data, truncation) and the typed readers the generators
** use on whatever the document holds (ds_json_str/int/bool/has/path/text,
** ds_container_name, ds_strip_sha256), plus the secret-key test on every key.
*/
#include "engine/ds_containers.h"
#include "common/ds_secret.h"
#include "fuzz_common.h"

static void walk(json_object *o, int depth) {
  if (!o || depth > 70) return;
  char *text = ds_json_text(o, depth & 1);
  free(text);
  if (json_object_is_type(o, json_type_array)) {
    size_t n = json_object_array_length(o);
    for (size_t i = 0; i < n && i < 64; i++)
      walk(json_object_array_get_idx(o, i), depth + 1);
    (void)ds_container_name(o);
    return;
  }
  if (!json_object_is_type(o, json_type_object)) return;
  (void)ds_container_name(o);
  (void)ds_json_path(o, "HostConfig", "RestartPolicy", "Name", NULL);
  json_object_object_foreach(o, key, val) {
    (void)ds_is_secret_key(key, strlen(key));
    (void)ds_json_str(o, key);
    (void)ds_json_int(o, key, -1);
    (void)ds_json_bool(o, key);
    (void)ds_json_has(o, key);
    (void)ds_strip_sha256(ds_json_str(o, key));
    walk(val, depth + 1);
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *err = NULL;
  json_object *o = ds_json_parse((const char *)data, size, &err);
  if (o) {
    walk(o, 0);
    json_object_put(o);
  } else if (!err) {
    abort(); /* a failure must always say why */
  }
  free(err);
  return 0;
}
