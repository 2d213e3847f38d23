/*
** redact.c - the engine tables' JSON-shaped outputs redacted through
** common/secret.c: label rows, label/option objects, argument arrays.
** Contracts in ds_docker_map.h.
*/
#include <stdlib.h>
#include <string.h>

#include "engine/ds_docker.h"
#include "engine/ds_docker_map.h"
#include "common/ds_secret.h"
#include "common/ds_util.h"

int ds_emit_label_rows(ds_query *q, json_object *labels, const char *id, int id_col, int key_col,
                       int value_col) {
  if (!labels || !json_object_is_type(labels, json_type_object)) return SQLITE_OK;
  int reveal = (int)ds_query_reveal(q);
  json_object_object_foreach(labels, key, value) {
    if (!ds_query_accepts_text(q, key_col, key)) continue;
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    ds_set_text(q, id_col, id);
    ds_set_text(q, key_col, key);
    /* A secret-looking key ("api-token") hides its value unless revealed. */
    ds_set_text(q, value_col, ds_label_value(key, json_object_get_string(value), reveal));
  }
  return SQLITE_OK;
}

int ds_emit_env_row(ds_query *q, const char *id, const char *entry, int reveal, int id_col,
                    int key_col, int value_col, int secret_col) {
  char *key, *value;
  int secret;
  if (ds_env_entry(entry, reveal, &key, &value, &secret) != 0) return ds_error(q, "out of memory");
  int rc = SQLITE_OK;
  if (ds_query_accepts_text(q, key_col, key) && (rc = ds_row_new(q)) == SQLITE_OK) {
    ds_set_text(q, id_col, id);
    ds_set_text_owned(q, key_col, key);
    ds_set_text_owned(q, value_col, value);
    ds_set_int(q, secret_col, secret);
    return SQLITE_OK;
  }
  free(key);
  free(value);
  return rc;
}

/* A copy of string `s` redacted as a command line (NULL in, NULL out). */
static json_object *redacted_string(const char *s, int reveal) {
  int secret = 0;
  char *r = ds_redact_command(s, reveal, &secret);
  json_object *o = r ? json_object_new_string(r) : NULL;
  free(r);
  return o;
}

char *ds_redacted_object_text(json_object *o, int reveal) {
  if (!o || json_object_is_type(o, json_type_null)) return NULL;
  if (reveal || !json_object_is_type(o, json_type_object)) return ds_json_text(o, 0);
  json_object *copy = json_object_new_object();
  if (!copy) return NULL;
  json_object_object_foreach(o, key, value) {
    json_object *v;
    if (ds_is_secret_key(key, strlen(key)))
      v = json_object_new_string(DS_REDACTED);
    else if (json_object_is_type(value, json_type_string))
      v = redacted_string(json_object_get_string(value), 0);
    else
      v = json_object_get(value); /* shared, not copied: released with `copy` */
    json_object_object_add(copy, key, v);
  }
  char *text = ds_json_text(copy, 0);
  json_object_put(copy);
  return text;
}

char *ds_redacted_args_text(json_object *a, int reveal, int empty_array_for_null) {
  if (reveal || !a || !json_object_is_type(a, json_type_array))
    return ds_json_text(a, empty_array_for_null);
  json_object *copy = json_object_new_array();
  if (!copy) return NULL;
  const char *prev = NULL;
  for (size_t i = 0; i < json_object_array_length(a); i++) {
    json_object *e = json_object_array_get_idx(a, i);
    const char *s = json_object_is_type(e, json_type_string) ? json_object_get_string(e) : NULL;
    json_object *v;
    if (s && ds_is_secret_flag(prev))
      v = json_object_new_string(DS_REDACTED);
    else if (s)
      v = redacted_string(s, 0);
    else
      v = json_object_get(e);
    json_object_array_add(copy, v);
    prev = s;
  }
  char *text = ds_json_text(copy, empty_array_for_null);
  json_object_put(copy);
  return text;
}
