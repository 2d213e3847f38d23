/*
** daemoncfg.c - dockerd command-line flags and daemon.json, normalised to
** daemon.json's key names (moby daemon/config json tags).
*/
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "host/ds_daemoncfg.h"
#include "host/ds_procfs.h"
#include "common/ds_secret.h"
#include "common/ds_util.h"

void ds_settings_free(ds_settings *s) {
  for (int i = 0; i < s->n; i++) {
    free(s->items[i].key);
    free(s->items[i].value);
  }
  free(s->items);
  memset(s, 0, sizeof(*s));
}

const char *ds_settings_get(const ds_settings *s, const char *key) {
  for (int i = 0; i < s->n; i++)
    if (strcmp(s->items[i].key, key) == 0) return s->items[i].value;
  return NULL;
}

static int settings_find(const ds_settings *s, const char *key) {
  for (int i = 0; i < s->n; i++)
    if (strcmp(s->items[i].key, key) == 0) return i;
  return -1;
}

/* Adds key=value (takes ownership of value); replaces an existing key. */
static int settings_put(ds_settings *s, const char *key, char *value) {
  if (!value) return -1;
  int i = settings_find(s, key);
  if (i >= 0) {
    free(s->items[i].value);
    s->items[i].value = value;
    return 0;
  }
  if (s->n == s->cap) {
    int cap = s->cap ? s->cap * 2 : 16;
    ds_setting *p = realloc(s->items, sizeof(*p) * (size_t)cap);
    if (!p) {
      free(value);
      return -1;
    }
    s->items = p;
    s->cap = cap;
  }
  char *k = ds_strdup(key);
  if (!k) {
    free(value);
    return -1;
  }
  s->items[s->n].key = k;
  s->items[s->n].value = value;
  s->n++;
  return 0;
}

/* ---- command line ------------------------------------------------------------- */

typedef struct flag_spec {
  const char *flag; /* without dashes; one-letter = short form */
  const char *key;  /* daemon.json key */
  int list;         /* repeatable: value is a JSON array */
  int boolean;      /* bare flag = true; never takes the next argument */
} flag_spec;

static const flag_spec flags[] = {
    {"H", "hosts", 1, 0},
    {"host", "hosts", 1, 0},
    {"D", "debug", 0, 1},
    {"debug", "debug", 0, 1},
    {"l", "log-level", 0, 0},
    {"G", "group", 0, 0},
    {"g", "data-root", 0, 0},
    {"graph", "data-root", 0, 0},
    {"b", "bridge", 0, 0},
    {"p", "pidfile", 0, 0},
    {"s", "storage-driver", 0, 0},
    {"insecure-registry", "insecure-registries", 1, 0},
    {"registry-mirror", "registry-mirrors", 1, 0},
    {"authorization-plugin", "authorization-plugins", 1, 0},
    {"storage-opt", "storage-opts", 1, 0},
    {"log-opt", "log-opts", 1, 0},
    {"default-ulimit", "default-ulimits", 1, 0},
    {"exec-opt", "exec-opts", 1, 0},
    {"dns", "dns", 1, 0},
    {"dns-opt", "dns-opts", 1, 0},
    {"dns-search", "dns-search", 1, 0},
    {"label", "labels", 1, 0},
    {"add-runtime", "runtimes", 1, 0},
    {"allow-nondistributable-artifacts", "allow-nondistributable-artifacts", 1, 0},
    {"default-address-pool", "default-address-pools", 1, 0},
    {"node-generic-resource", "node-generic-resources", 1, 0},
    {"cluster-store-opt", "cluster-store-opts", 1, 0},
    {"tls", "tls", 0, 1},
    {"tlsverify", "tlsverify", 0, 1},
    {"icc", "icc", 0, 1},
    {"iptables", "iptables", 0, 1},
    {"ip6tables", "ip6tables", 0, 1},
    {"ip-forward", "ip-forward", 0, 1},
    {"ip-masq", "ip-masq", 0, 1},
    {"ipv6", "ipv6", 0, 1},
    {"userland-proxy", "userland-proxy", 0, 1},
    {"live-restore", "live-restore", 0, 1},
    {"no-new-privileges", "no-new-privileges", 0, 1},
    {"selinux-enabled", "selinux-enabled", 0, 1},
    {"experimental", "experimental", 0, 1},
    {"rootless", "rootless", 0, 1},
    {"raw-logs", "raw-logs", 0, 1},
    {"init", "init", 0, 1},
    {"validate", "validate", 0, 1},
    {"disable-legacy-registry", "disable-legacy-registry", 0, 1},
    {NULL, NULL, 0, 0},
};

const char *ds_dockerd_flag_key(const char *flag, size_t n, int *is_list, int *is_bool) {
  *is_list = *is_bool = 0;
  for (int i = 0; flags[i].flag; i++) {
    if (strlen(flags[i].flag) == n && memcmp(flags[i].flag, flag, n) == 0) {
      *is_list = flags[i].list;
      *is_bool = flags[i].boolean;
      return flags[i].key;
    }
  }
  return NULL;
}

/* Appends one value to the JSON array held as text in the settings. */
static int put_list_item(ds_settings *s, const char *key, const char *v, size_t n, int reveal) {
  int secret = 0;
  char *redacted = ds_redact_env(v, n, reveal, &secret);
  if (!redacted) return -1;
  v = redacted;
  n = strlen(redacted);
  int i = settings_find(s, key);
  json_object *arr = i >= 0 ? json_tokener_parse(s->items[i].value) : NULL;
  if (!arr || !json_object_is_type(arr, json_type_array)) {
    json_object_put(arr);
    arr = json_object_new_array();
  }
  json_object_array_add(arr, json_object_new_string_len(v, (int)n));
  char *text = ds_strdup(
      json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
  json_object_put(arr);
  free(redacted);
  return settings_put(s, key, text);
}

int ds_parse_dockerd_cmdline(const char *buf, size_t len, int reveal, ds_settings *out) {
  ds_arg args[512];
  int n = ds_cmdline_args(buf, len, args, DS_COUNT(args));
  for (int i = 1; i < n; i++) {
    const char *a = args[i].s;
    size_t al = args[i].len;
    if (al < 2 || a[0] != '-') continue; /* dockerd takes no positional arguments */
    size_t dashes = a[1] == '-' ? 2 : 1;
    const char *name = a + dashes;
    const char *eq = memchr(name, '=', al - dashes);
    size_t nl = eq ? (size_t)(eq - name) : al - dashes;
    if (nl == 0) continue;
    int list, boolean;
    char keybuf[128];
    const char *key = ds_dockerd_flag_key(name, nl, &list, &boolean);
    if (!key) {
      if (nl >= sizeof(keybuf)) continue;
      memcpy(keybuf, name, nl);
      keybuf[nl] = '\0';
      key = keybuf;
    }
    const char *v;
    size_t vl;
    if (eq) {
      v = eq + 1;
      vl = al - dashes - nl - 1;
    } else if (boolean) {
      v = "true";
      vl = 4;
    } else if (i + 1 < n && !(args[i + 1].len > 1 && args[i + 1].s[0] == '-')) {
      i++;
      v = args[i].s;
      vl = args[i].len;
    } else {
      /* An unknown bare flag: most of dockerd's are booleans. */
      v = "true";
      vl = 4;
    }
    int rc =
        list ? put_list_item(out, key, v, vl, reveal) : settings_put(out, key, ds_strndup(v, vl));
    if (rc != 0) return -1;
  }
  return 0;
}

/* ---- daemon.json -------------------------------------------------------------- */

/* Replaces secret-looking values of nested objects (log-opts) in place. */
static void redact(json_object *o) {
  if (json_object_is_type(o, json_type_array)) {
    for (size_t i = 0; i < json_object_array_length(o); i++)
      redact(json_object_array_get_idx(o, i));
    return;
  }
  if (!json_object_is_type(o, json_type_object)) return;
  json_object_object_foreach(o, k, v) {
    if (json_object_is_type(v, json_type_string) && ds_is_secret_key(k, strlen(k)))
      json_object_object_add(o, k, json_object_new_string(DS_REDACTED));
    else
      redact(v);
  }
}

static char *value_text(json_object *v) {
  if (!v) return ds_strdup("null");
  if (json_object_is_type(v, json_type_string)) return ds_strdup(json_object_get_string(v));
  return ds_strdup(
      json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
}

int ds_parse_daemon_json(const char *buf, size_t len, int reveal, ds_settings *out, char **err) {
  *err = NULL;
  json_tokener *tok = json_tokener_new_ex(64);
  if (!tok) {
    *err = ds_strdup("out of memory");
    return -1;
  }
  json_object *root = json_tokener_parse_ex(tok, buf ? buf : "", (int)len);
  enum json_tokener_error jerr = json_tokener_get_error(tok);
  /* Trailing garbage after the document is malformed too. */
  if (root && jerr == json_tokener_success && (size_t)json_tokener_get_parse_end(tok) < len) {
    const char *rest = buf + json_tokener_get_parse_end(tok);
    for (; rest < buf + len; rest++)
      if (*rest != ' ' && *rest != '\n' && *rest != '\r' && *rest != '\t') break;
    if (rest < buf + len) {
      json_object_put(root);
      root = NULL;
      *err = ds_mprintf("malformed JSON: unexpected text at offset %zu", (size_t)(rest - buf));
    }
  }
  if (!root && !*err)
    *err = ds_mprintf("malformed JSON: %s", jerr == json_tokener_continue
                                                ? "unexpected end of file"
                                                : json_tokener_error_desc(jerr));
  json_tokener_free(tok);
  if (!root) return -1;
  if (!json_object_is_type(root, json_type_object)) {
    json_object_put(root);
    *err = ds_strdup("malformed JSON: not a JSON object");
    return -1;
  }
  if (!reveal) redact(root);
  int rc = 0;
  json_object_object_foreach(root, k, v) {
    if (settings_put(out, k, value_text(v)) != 0) {
      rc = -1;
      *err = ds_strdup("out of memory");
      break;
    }
  }
  json_object_put(root);
  return rc;
}
