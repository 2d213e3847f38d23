/*
** pack_osquery.c - osquery pack files as checks (see pack_osquery.h).
**
** Values are coerced the way osquery's config parser coerces them: an
** interval may be a number or a numeric string, a boolean may be true,
** "true", "t" or a non-zero number.
*/
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "common/ds_util.h"
#include "cli/pack/pack_osquery.h"

#define MAX_PACK_FILE (4 * 1024 * 1024)
#define MAX_NAME_LEN  200

int ds_osquery_platform_linux(const char *platform) {
  if (!platform || !*platform) return 1;
  static const char *const accept[] = {"any", "all", "linux", "ubuntu", "centos", "posix"};
  for (size_t i = 0; i < sizeof(accept) / sizeof(accept[0]); i++)
    if (strcasestr(platform, accept[i])) return 1;
  return 0;
}

/* osquery's JSON::valueToBool. */
static int to_bool(json_object *v, int dflt) {
  if (!v) return dflt;
  switch (json_object_get_type(v)) {
  case json_type_boolean:
    return json_object_get_boolean(v);
  case json_type_int:
    return json_object_get_int64(v) != 0;
  case json_type_double:
    return json_object_get_double(v) != 0;
  case json_type_string: {
    const char *s = json_object_get_string(v);
    return strcasecmp(s, "true") == 0 || strcasecmp(s, "t") == 0;
  }
  default:
    return dflt;
  }
}

/* A string member, or NULL when absent or not a string. */
static const char *str_member(json_object *o, const char *key) {
  json_object *v;
  if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
    return NULL;
  return json_object_get_string(v);
}

static json_object *member(json_object *o, const char *key) {
  json_object *v = NULL;
  json_object_object_get_ex(o, key, &v);
  return v;
}

/* osquery's interval: 1..604800 seconds, a number or a numeric string;
** default 3600.  -1 when invalid. */
static long to_interval(json_object *v) {
  if (!v) return 3600;
  long long n;
  if (json_object_is_type(v, json_type_int)) {
    n = json_object_get_int64(v);
  } else if (json_object_is_type(v, json_type_string)) {
    const char *s = json_object_get_string(v);
    char *end;
    errno = 0;
    n = strtoll(s, &end, 10);
    if (errno || end == s || *end) return -1;
  } else {
    return -1;
  }
  return n >= 1 && n <= 604800 ? (long)n : -1;
}

/* The pack's name: the file name without directory and extension. */
static char *pack_name(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  return ds_strndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

static int valid_name(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > MAX_NAME_LEN) return 0;
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && !strchr("._-", *s)) return 0;
  return 1;
}

/* osquery refuses these names (they collide with its own database keys). */
static int reserved_name(const char *s) {
  size_t n = strlen(s);
  return strncmp(s, "query.", 6) == 0 || strncmp(s, "cache.", 6) == 0 ||
         strncmp(s, "config_views.", 13) == 0 || (n >= 5 && strcmp(s + n - 5, "epoch") == 0) ||
         (n >= 7 && strcmp(s + n - 7, "counter") == 0);
}

static int append(ds_pack *pack, ds_check *c) {
  if (pack->n == pack->cap) {
    size_t cap = pack->cap ? pack->cap * 2 : 32;
    ds_check *grown = realloc(pack->checks, cap * sizeof(ds_check));
    if (!grown) return -1;
    pack->checks = grown;
    pack->cap = cap;
  }
  pack->checks[pack->n++] = *c;
  return 0;
}

static void free_partial(ds_check *c) {
  free(c->id);
  free(c->control);
  free(c->title);
  free(c->description);
  free(c->remediation);
  free(c->references);
  free(c->cis);
  free(c->sql);
  free(c->file);
}

/* One query object → one check.  0 added, 1 skipped (platform), -1 error. */
static int load_query(ds_pack *pack, const char *path, const char *pack_id, const char *name,
                      json_object *q, char **err) {
  if (!json_object_is_type(q, json_type_object)) {
    *err = ds_mprintf("%s: query '%s' is not an object", path, name);
    return -1;
  }
  if (!valid_name(name) || reserved_name(name)) {
    *err = ds_mprintf("%s: query name '%s' must be letters, digits, '.', '_' or '-' and not a "
                      "name osquery reserves",
                      path, name);
    return -1;
  }
  const char *sql = str_member(q, "query");
  if (!sql || !*sql) {
    *err = ds_mprintf("%s: query '%s' has no \"query\" string", path, name);
    return -1;
  }
  if (!ds_osquery_platform_linux(str_member(q, "platform"))) return 1;
  long interval = to_interval(member(q, "interval"));
  if (interval < 0) {
    *err = ds_mprintf("%s: query '%s': \"interval\" must be 1 to 604800 seconds", path, name);
    return -1;
  }
  const char *sev_text = str_member(q, "severity");
  int severity = sev_text ? ds_severity_parse(sev_text) : DS_SEV_INFO;
  if (severity < 0) {
    *err = ds_mprintf("%s: query '%s': severity '%s' is not one of info, low, medium, high, "
                      "critical",
                      path, name, sev_text);
    return -1;
  }
  const char *description = str_member(q, "description");
  const char *title = str_member(q, "title");
  ds_check c = {0};
  c.id = ds_mprintf("pack_%s_%s", pack_id, name);
  c.control = ds_strdup(ds_or(str_member(q, "control"), pack_id));
  c.title = ds_strdup(title && *title ? title : description && *description ? description : name);
  c.description = ds_strdup(ds_or(description, ds_or(str_member(q, "value"), "")));
  c.remediation = ds_strdup(ds_or(str_member(q, "remediation"), ""));
  c.references = calloc(1, sizeof(char *));
  c.cis = str_member(q, "cis") ? ds_strdup(str_member(q, "cis")) : NULL;
  c.sql = ds_strdup(sql);
  c.file = ds_strdup(path);
  c.severity = (ds_severity)severity;
  c.snapshot = to_bool(member(q, "snapshot"), 0);
  c.skip_removed = !to_bool(member(q, "removed"), 1);
  c.interval = interval;
  if (!c.id || !c.control || !c.title || !c.description || !c.remediation || !c.references ||
      !c.sql || !c.file || (str_member(q, "cis") && !c.cis) || append(pack, &c) != 0) {
    free_partial(&c);
    *err = ds_strdup("out of memory");
    return -1;
  }
  return 0;
}

int ds_pack_load_osquery(ds_pack *pack, const char *path, char **err) {
  char *text = NULL;
  size_t len = 0;
  if (ds_read_file(path, MAX_PACK_FILE, &text, &len) != 0) {
    *err = ds_mprintf("%s: %s", path, strerror(errno));
    return -1;
  }
  json_tokener *tok = json_tokener_new();
  json_object *root = tok ? json_tokener_parse_ex(tok, text, (int)len) : NULL;
  enum json_tokener_error jerr = tok ? json_tokener_get_error(tok) : json_tokener_error_parse_eof;
  size_t offset = tok ? json_tokener_get_parse_end(tok) : 0;
  if (tok) json_tokener_free(tok);
  /* Only white space may follow the pack object. */
  while (root && offset < len && isspace((unsigned char)text[offset]))
    offset++;
  if (!root || offset != len) {
    int line = 1;
    for (size_t i = 0; i < offset && i < len; i++)
      line += text[i] == '\n';
    *err = ds_mprintf("%s:%d: not an osquery pack (JSON): %s", path, line,
                      root ? "text after the pack object" : json_tokener_error_desc(jerr));
    json_object_put(root);
    free(text);
    return -1;
  }
  free(text);
  json_object *queries = member(root, "queries");
  int rc = 0;
  char *pid = NULL;
  if (!json_object_is_type(root, json_type_object) || !queries ||
      !json_object_is_type(queries, json_type_object)) {
    *err = ds_mprintf("%s: an osquery pack needs a \"queries\" object", path);
    rc = -1;
  } else if (!(pid = pack_name(path)) || !valid_name(pid)) {
    *err = ds_mprintf("%s: the pack name (the file name) must be letters, digits, '.', '_' or "
                      "'-'",
                      path);
    rc = -1;
  } else if (ds_osquery_platform_linux(str_member(root, "platform"))) {
    json_object_object_foreach(queries, name, q) {
      if (load_query(pack, path, pid, name, q, err) < 0) {
        rc = -1;
        break;
      }
    }
  }
  free(pid);
  json_object_put(root);
  return rc;
}
