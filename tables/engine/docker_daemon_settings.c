/*
** docker_daemon_settings - dockerd's configuration merged from every place
** it can come from, one row per key and source:
**
**   cmdline      flags of the running dockerd (/proc/<pid>/cmdline, the
**                first process whose comm is "dockerd")
**   daemon.json  the --config-file, default /etc/docker/daemon.json
**   info         effective values the engine reports (GET /info)
**   bridge       options of the default bridge network (GET /networks/bridge)
**   default      dockerd's built-in default, only for security-relevant keys
**                no other source sets
**
** Keys are daemon.json's names (-H -> hosts, --insecure-registry ->
** insecure-registries).  `effective` marks, per key, the row in force: what
** the running engine reports (info, bridge), else the command line, else
** daemon.json, else the default.
**
** Nothing here is fatal: a missing, unreadable or malformed daemon.json is a
** row key 'config-file' with a note; no dockerd process is a row key
** 'dockerd_pid' with value NULL and a note; an unreachable engine is a row
** key 'info_error' (source 'info', the error as value) and the info/bridge
** rows are missing, while the cmdline and daemon.json rows still show.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "host/ds_daemoncfg.h"
#include "engine/ds_docker.h"
#include "engine/ds_info.h"
#include "host/ds_procfs.h"
#include "common/ds_util.h"

enum { C_KEY, C_VALUE, C_SOURCE, C_EFFECTIVE, C_NOTE, C_COUNT };

static const ds_column columns[] = {
    [C_KEY] = {"key", DS_TEXT,
               "Setting, by its daemon.json name (hosts, icc, live-restore, userns-remap, …); "
               "also dockerd_pid, config-file and info_error",
               DS_INDEXED},
    [C_VALUE] = {"value", DS_TEXT,
                 "Value as text: true/false, strings, lists and objects as JSON; secret-looking "
                 "log-opts are <redacted>",
                 0},
    [C_SOURCE] = {"source", DS_TEXT,
                  "cmdline, daemon.json, info, bridge or default (WHERE source = … skips the "
                  "engine when info/bridge/default are not asked for)",
                  DS_INDEXED},
    [C_EFFECTIVE] = {"effective", DS_INTEGER,
                     "1 on the row in force for its key (info/bridge > cmdline > daemon.json > "
                     "default), 0 on the others; NULL on dockerd_pid and info_error",
                     0},
    [C_NOTE] = {"note", DS_TEXT,
                "Why a source is missing or partial (file not found, malformed JSON, engine "
                "unreachable, …); NULL otherwise",
                0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* A row before `effective` is known. */
typedef struct row {
  char *key, *value, *note;
  const char *source;
  int priority; /* -1: not a setting (effective NULL) */
} row;

typedef struct rows {
  row *items;
  int n, cap;
  int oom;
} rows;

static void add(rows *r, const char *key, char *value, const char *source, int priority,
                char *note) {
  if (r->n == r->cap) {
    int cap = r->cap ? r->cap * 2 : 64;
    row *p = realloc(r->items, sizeof(*p) * (size_t)cap);
    if (!p) {
      r->oom = 1;
      free(value);
      free(note);
      return;
    }
    r->items = p;
    r->cap = cap;
  }
  row *x = &r->items[r->n++];
  x->key = ds_strdup(key);
  x->value = value;
  x->note = note;
  x->source = source;
  x->priority = priority;
  if (!x->key) r->oom = 1;
}

static int has_key(const rows *r, const char *key) {
  for (int i = 0; i < r->n; i++)
    if (r->items[i].priority >= 0 && strcmp(r->items[i].key, key) == 0) return 1;
  return 0;
}

enum { P_DEFAULT, P_FILE, P_CMDLINE, P_RUNTIME };

static void add_settings(rows *r, const ds_settings *s, const char *source, int priority) {
  for (int i = 0; i < s->n; i++)
    add(r, s->items[i].key, ds_strdup(s->items[i].value), source, priority, NULL);
}

/* ---- cmdline ---------------------------------------------------------------- */

/* The lowest pid whose comm is "dockerd", or -1. */
static long find_dockerd(const char *root, ds_buf *b) {
  long *pids;
  size_t n;
  long found = -1;
  if (ds_proc_list(root, &pids, &n) != 0) return -1;
  for (size_t i = 0; i < n && found < 0; i++) {
    if (ds_proc_read(root, pids[i], "comm", b, 256) == 0 && strcmp(b->data, "dockerd\n") == 0)
      found = pids[i];
  }
  free(pids);
  return found;
}

static void add_cmdline(rows *r, const char *root, int reveal, ds_settings *cmd, ds_buf *b) {
  long pid = find_dockerd(root, b);
  if (pid < 0) {
    add(r, "dockerd_pid", NULL, "cmdline", -1,
        ds_mprintf("no dockerd process under %s/proc", root));
    return;
  }
  if (ds_proc_read(root, pid, "cmdline", b, 1 << 20) != 0) {
    add(r, "dockerd_pid", ds_mprintf("%ld", pid), "cmdline", -1,
        ds_strdup("its command line could not be read"));
    return;
  }
  add(r, "dockerd_pid", ds_mprintf("%ld", pid), "cmdline", -1, NULL);
  if (ds_parse_dockerd_cmdline(b->data, b->len, reveal, cmd) != 0) {
    r->oom = 1;
    return;
  }
  add_settings(r, cmd, "cmdline", P_CMDLINE);
}

/* ---- daemon.json ------------------------------------------------------------ */

static void add_daemon_json(rows *r, const char *root, int reveal, const ds_settings *cmd,
                            ds_buf *b) {
  const char *path = ds_settings_get(cmd, "config-file");
  if (!path) path = "/etc/docker/daemon.json";
  if (ds_host_read(root, path, b, 16 << 20) != 0) {
    int e = errno;
    char *note = e == ENOENT ? ds_strdup("not found: dockerd runs with its defaults and flags")
                             : ds_mprintf("unreadable: %s", strerror(e));
    add(r, "config-file", ds_strdup(path), "daemon.json", P_FILE, note);
    return;
  }
  ds_settings file = {0};
  char *err = NULL;
  if (ds_parse_daemon_json(b->data, b->len, reveal, &file, &err) != 0) {
    add(r, "config-file", ds_strdup(path), "daemon.json", P_FILE,
        ds_mprintf("%s (dockerd refuses to start with it)", err ? err : "malformed JSON"));
    free(err);
    ds_settings_free(&file);
    return;
  }
  add(r, "config-file", ds_strdup(path), "daemon.json", P_FILE, NULL);
  add_settings(r, &file, "daemon.json", P_FILE);
  ds_settings_free(&file);
}

/* ---- info and bridge ---------------------------------------------------------- */

static char *json_value(json_object *o) {
  if (!o || json_object_is_type(o, json_type_null)) return NULL;
  if (json_object_is_type(o, json_type_string)) return ds_strdup(json_object_get_string(o));
  return ds_strdup(
      json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
}

static char *bool_text(int tristate) {
  return tristate < 0 ? NULL : ds_strdup(tristate ? "true" : "false");
}

static void add_if(rows *r, const char *key, char *value, const char *source) {
  if (value) add(r, key, value, source, P_RUNTIME, NULL);
}

/* The effective values /info reports, read as docker_info reads them
** (engine/ds_info.h); in daemon.json's terms. */
static void add_info(rows *r, const ds_info *i) {
  add_if(r, "live-restore", bool_text(i->live_restore), "info");
  add_if(r, "debug", bool_text(i->debug), "info");
  add_if(r, "experimental", bool_text(i->experimental), "info");
  add_if(r, "log-driver", ds_strdup(i->logging_driver), "info");
  add_if(r, "storage-driver", ds_strdup(i->storage_driver), "info");
  add_if(r, "data-root", ds_strdup(i->root_dir), "info");
  add_if(r, "default-runtime", ds_strdup(i->default_runtime), "info");
  add_if(r, "cgroup-driver", ds_strdup(i->cgroup_driver), "info");
  add_if(r, "cgroup-version", ds_strdup(i->cgroup_version), "info");
  add_if(r, "server-version", ds_strdup(i->server_version), "info");
  if (i->security_options) {
    add_if(r, "security-options", json_value(i->security_options), "info");
    if (i->seccomp)
      add_if(r, "seccomp-profile", ds_strdup(i->seccomp_profile), "info");
    else
      add(r, "seccomp-profile", NULL, "info", P_RUNTIME,
          ds_strdup("seccomp is not available to containers (not among SecurityOptions)"));
    add_if(r, "selinux-enabled", bool_text(i->selinux), "info");
    add_if(r, "userns", bool_text(i->userns), "info");
  }
  if (i->security_options || ds_json_has(i->json, "Rootless"))
    add_if(r, "rootless", bool_text(i->rootless), "info");
  if (i->registry_config) {
    /* Without the loopback ranges dockerd always adds: not configuration. */
    add_if(r, "insecure-registries", ds_info_insecure_text(i, 0), "info");
    add_if(r, "registry-mirrors",
           i->registry_mirrors ? json_value(i->registry_mirrors) : ds_strdup("[]"), "info");
  }
  add_if(r, "authorization-plugins",
         i->authorization_plugins ? json_value(i->authorization_plugins) : ds_strdup("[]"), "info");
}

static void add_bridge(rows *r, json_object *net) {
  static const struct {
    const char *key, *option;
  } map[] = {
      {"icc", "com.docker.network.bridge.enable_icc"},
      {"ip-masq", "com.docker.network.bridge.enable_ip_masquerade"},
      {"ip", "com.docker.network.bridge.host_binding_ipv4"},
      {"mtu", "com.docker.network.driver.mtu"},
      {"bridge", "com.docker.network.bridge.name"},
  };
  json_object *opts = ds_json_path(net, "Options", NULL);
  for (int i = 0; i < DS_COUNT(map); i++)
    add_if(r, map[i].key, json_value(ds_json_path(opts, map[i].option, NULL)), "bridge");
}

static void add_engine(rows *r, ds_query *q) {
  ds_docker *d = ds_query_docker(q);
  char *err = NULL;
  ds_info info;
  if (ds_info_get(d, &info, &err) != 0) {
    add(r, "info_error", err ? err : ds_strdup("out of memory"), "info", -1,
        ds_strdup("engine unreachable: the info and bridge rows are missing"));
    return;
  }
  add_info(r, &info);
  ds_info_free(&info);
  long status = 0;
  json_object *bridge = ds_docker_get(d, "/networks/bridge", &status, &err);
  if (bridge) {
    add_bridge(r, bridge);
  } else if (err) { /* a 404 (no default bridge, e.g. podman) is no error */
    add(r, "info_error", err, "bridge", -1, ds_strdup("the bridge rows are missing"));
  }
}

/* ---- defaults ------------------------------------------------------------------ */

static const struct {
  const char *key, *value;
} defaults[] = {
    {"icc", "true"},
    {"iptables", "true"},
    {"ip-forward", "true"},
    {"ip-masq", "true"},
    {"ip", "0.0.0.0"},
    {"userland-proxy", "true"},
    {"live-restore", "false"},
    {"no-new-privileges", "false"},
    {"userns-remap", ""},
    {"log-level", "info"},
    {"log-driver", "json-file"},
    {"tls", "false"},
    {"tlsverify", "false"},
    {"hosts", "[\"unix:///var/run/docker.sock\"]"},
    {"selinux-enabled", "false"},
    {"experimental", "false"},
    {"insecure-registries", "[]"},
    {"authorization-plugins", "[]"},
    {"default-ulimits", "{}"},
    {"cgroup-parent", ""},
    {"seccomp-profile", ""},
    {"data-root", "/var/lib/docker"},
};

static void add_defaults(rows *r) {
  for (int i = 0; i < DS_COUNT(defaults); i++)
    if (!has_key(r, defaults[i].key))
      add(r, defaults[i].key, ds_strdup(defaults[i].value), "default", P_DEFAULT, NULL);
}

/* ---- generator ------------------------------------------------------------------- */

static int is_effective(const rows *r, int i) {
  const row *x = &r->items[i];
  for (int j = 0; j < r->n; j++) {
    const row *y = &r->items[j];
    if (j == i || y->priority < 0 || strcmp(y->key, x->key) != 0) continue;
    if (y->priority > x->priority || (y->priority == x->priority && j < i)) return 0;
  }
  return 1;
}

static int emit(ds_query *q, const rows *r) {
  for (int i = 0; i < r->n; i++) {
    const row *x = &r->items[i];
    if (!ds_query_accepts_text(q, C_KEY, x->key) || !ds_query_accepts_text(q, C_SOURCE, x->source))
      continue;
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    ds_set_text(q, C_KEY, x->key);
    ds_set_text(q, C_VALUE, x->value);
    ds_set_text(q, C_SOURCE, x->source);
    if (x->priority >= 0) ds_set_int(q, C_EFFECTIVE, is_effective(r, i));
    ds_set_text(q, C_NOTE, x->note);
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  const char *root = ds_query_root(q);
  int reveal = ds_query_reveal(q);
  rows r = {0};
  ds_settings cmd = {0};
  ds_buf b = {0};
  add_cmdline(&r, root, reveal, &cmd, &b);
  add_daemon_json(&r, root, reveal, &cmd, &b);
  /* `effective` and the defaults need every source; only a query that asks
  ** for cmdline/daemon.json rows alone spares the engine round trip. */
  if (ds_query_accepts_text(q, C_SOURCE, "info") || ds_query_accepts_text(q, C_SOURCE, "bridge") ||
      ds_query_accepts_text(q, C_SOURCE, "default") || ds_query_uses(q, C_EFFECTIVE))
    add_engine(&r, q);
  add_defaults(&r);
  int rc = r.oom ? SQLITE_NOMEM : emit(q, &r);
  for (int i = 0; i < r.n; i++) {
    free(r.items[i].key);
    free(r.items[i].value);
    free(r.items[i].note);
  }
  free(r.items);
  ds_settings_free(&cmd);
  ds_buf_free(&b);
  return rc;
}

/* Asked ahead, with the statement's (or the run's) first requests. */
static const ds_prefetch prefetch[] = {{"/info", -1}, {"/networks/bridge", -1}, {NULL, 0}};

const ds_table ds_table_docker_daemon_settings = {
    .name = "docker_daemon_settings",
    .doc = "dockerd's configuration merged from its command line, daemon.json, the engine's "
           "/info and the default bridge, with the value in force marked.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT key, value, source FROM docker_daemon_settings\n"
               "WHERE effective = 1 AND key IN ('icc', 'live-restore', 'userns-remap', "
               "'no-new-privileges');",
    .prefetch = prefetch,
};
