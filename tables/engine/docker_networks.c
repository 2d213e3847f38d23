/*
** docker_networks - the engine's networks (osquery's columns, then ours).
** Source: GET /networks (one request).  Options are exposed whole as JSON,
** and the bridge options the OWASP checks read get their own columns, so
** e.g. inter-container communication on the default bridge is
** `SELECT enable_icc FROM docker_networks WHERE default_bridge`.
**
** Push-down: id (= and IN; prefixes as docker allows) and name, both
** filtered here (the list is small and one request either way).
*/
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "engine/ds_containers.h"
#include "engine/ds_docker_map.h"
#include "common/ds_util.h"

enum {
  /* osquery */
  C_ID,
  C_NAME,
  C_DRIVER,
  C_CREATED,
  C_ENABLE_IPV6,
  C_SUBNET,
  C_GATEWAY,
  /* dockersec */
  C_SCOPE,
  C_INTERNAL,
  C_ATTACHABLE,
  C_INGRESS,
  C_IPAM_DRIVER,
  C_IPAM_CONFIG,
  C_OPTIONS,
  C_LABELS,
  C_DEFAULT_BRIDGE,
  C_ENABLE_ICC,
  C_IP_MASQUERADE,
  C_HOST_BINDING_IPV4,
  C_BRIDGE_NAME,
  C_COUNT
};

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Network ID (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_NAME] = {"name", DS_TEXT, "Network name", DS_INDEXED},
    [C_DRIVER] = {"driver", DS_TEXT, "Network driver (bridge, host, null, overlay, macvlan, …)", 0},
    [C_CREATED] = {"created", DS_BIGINT, "Time of creation as UNIX time", 0},
    [C_ENABLE_IPV6] = {"enable_ipv6", DS_INTEGER, "1 if IPv6 is enabled", 0},
    [C_SUBNET] = {"subnet", DS_TEXT, "First IPAM subnet; NULL when none", 0},
    [C_GATEWAY] = {"gateway", DS_TEXT, "Gateway of the first IPAM subnet; NULL when none", 0},
    [C_SCOPE] = {"scope", DS_TEXT, "local, global or swarm", 0},
    [C_INTERNAL] = {"internal", DS_INTEGER, "1 if the network has no outside access", 0},
    [C_ATTACHABLE] = {"attachable", DS_INTEGER, "1 if standalone containers may attach (swarm)", 0},
    [C_INGRESS] = {"ingress", DS_INTEGER, "1 for the swarm routing-mesh network", 0},
    [C_IPAM_DRIVER] = {"ipam_driver", DS_TEXT, "IPAM driver", 0},
    [C_IPAM_CONFIG] = {"ipam_config", DS_TEXT, "IPAM.Config (subnets, ranges, gateways) as JSON",
                       0},
    [C_OPTIONS] = {"options", DS_TEXT, "Driver options as a JSON object; secrets <redacted>", 0},
    [C_LABELS] = {"labels", DS_TEXT, "Labels as a JSON object; secret-looking values <redacted>",
                  0},
    [C_DEFAULT_BRIDGE] = {"default_bridge", DS_INTEGER,
                          "1 for the engine's default bridge (docker0)", 0},
    [C_ENABLE_ICC] = {"enable_icc", DS_INTEGER,
                      "Bridge option enable_icc: 1 if containers on it can talk to each other; "
                      "NULL when the driver has no such option",
                      0},
    [C_IP_MASQUERADE] = {"ip_masquerade", DS_INTEGER,
                         "Bridge option enable_ip_masquerade; NULL when not set", 0},
    [C_HOST_BINDING_IPV4] = {"host_binding_ipv4", DS_TEXT,
                             "Bridge option host_binding_ipv4: default address ports are "
                             "published on; NULL when not set",
                             0},
    [C_BRIDGE_NAME] = {"bridge_name", DS_TEXT, "Host bridge interface; NULL when not set", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

#define BRIDGE_OPT "com.docker.network.bridge."

static void set_option_bool(ds_query *q, int col, json_object *opts, const char *key) {
  const char *v = ds_json_str(opts, key);
  if (v) ds_set_int(q, col, strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

/* Labels and driver options: secret-looking keys (and "password=…" inside a
** value, as in CIFS mount options) are redacted unless revealed. */
static void set_json_object(ds_query *q, int col, json_object *o) {
  char *s = ds_redacted_object_text(o, (int)ds_query_reveal(q));
  ds_set_text_owned(q, col, s ? s : ds_strdup("{}"));
}

static void emit_network(ds_query *q, json_object *n, const char *id) {
  json_object *opts = ds_json_path(n, "Options", NULL);
  json_object *ipam = ds_json_path(n, "IPAM", NULL);
  json_object *cfg = ds_json_path(ipam, "Config", NULL);
  json_object *first =
      cfg && json_object_is_type(cfg, json_type_array) && json_object_array_length(cfg) > 0
          ? json_object_array_get_idx(cfg, 0)
          : NULL;
  sqlite3_int64 created;
  ds_set_text(q, C_ID, id);
  ds_set_text(q, C_NAME, ds_json_str(n, "Name"));
  ds_set_text(q, C_DRIVER, ds_json_str(n, "Driver"));
  if (ds_parse_rfc3339(ds_json_str(n, "Created"), &created) == 0 &&
      !ds_is_zero_time(ds_json_str(n, "Created")))
    ds_set_int(q, C_CREATED, created);
  ds_set_int(q, C_ENABLE_IPV6, ds_json_bool(n, "EnableIPv6"));
  ds_set_text(q, C_SUBNET, ds_json_str(first, "Subnet"));
  ds_set_text(q, C_GATEWAY, ds_json_str(first, "Gateway"));
  ds_set_text(q, C_SCOPE, ds_json_str(n, "Scope"));
  ds_set_int(q, C_INTERNAL, ds_json_bool(n, "Internal"));
  ds_set_int(q, C_ATTACHABLE, ds_json_bool(n, "Attachable"));
  ds_set_int(q, C_INGRESS, ds_json_bool(n, "Ingress"));
  ds_set_text(q, C_IPAM_DRIVER, ds_json_str(ipam, "Driver"));
  ds_set_text_owned(q, C_IPAM_CONFIG, ds_json_text(cfg, 1));
  set_json_object(q, C_OPTIONS, opts);
  set_json_object(q, C_LABELS, ds_json_path(n, "Labels", NULL));
  const char *dflt = ds_json_str(opts, BRIDGE_OPT "default_bridge");
  ds_set_int(q, C_DEFAULT_BRIDGE, dflt && strcmp(dflt, "true") == 0);
  set_option_bool(q, C_ENABLE_ICC, opts, BRIDGE_OPT "enable_icc");
  set_option_bool(q, C_IP_MASQUERADE, opts, BRIDGE_OPT "enable_ip_masquerade");
  ds_set_text(q, C_HOST_BINDING_IPV4, ds_json_str(opts, BRIDGE_OPT "host_binding_ipv4"));
  ds_set_text(q, C_BRIDGE_NAME, ds_json_str(opts, BRIDGE_OPT "name"));
}

static int generate(ds_query *q) {
  ds_docker *d = ds_query_docker(q);
  char *err = NULL;
  json_object *list = d ? ds_docker_get(d, "/networks", NULL, &err) : NULL;
  if (!list) {
    int rc = ds_error(q, "%s", err ? err : "out of memory");
    free(err);
    return rc;
  }
  for (size_t i = 0; i < json_object_array_length(list); i++) {
    json_object *n = json_object_array_get_idx(list, i);
    const char *id = ds_id_match(q, C_ID, ds_json_str(n, "Id"));
    const char *name = ds_json_str(n, "Name");
    if (!id || !name || !ds_query_accepts_text(q, C_NAME, name)) continue;
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    emit_network(q, n, id);
  }
  return SQLITE_OK;
}

/* Asked ahead, with the statement's (or the run's) first requests. */
static const ds_prefetch prefetch[] = {{"/networks", -1}, {NULL, 0}};

const ds_table ds_table_docker_networks = {
    .name = "docker_networks",
    .doc = "Docker networks, with their driver options (e.g. inter-container communication on "
           "the default bridge).",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT name, enable_icc, host_binding_ipv4 FROM docker_networks\n"
               "WHERE default_bridge;",
    .prefetch = prefetch,
};
