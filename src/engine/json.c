/*
** json.c - typed, forgiving reads of Docker API JSON for the tables, and the
** one JSON parser of engine answers (depth-limited, no trailing data).
*/
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ds_docker.h"
#include "common/ds_util.h"

#define DS_JSON_MAX_DEPTH 64

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
