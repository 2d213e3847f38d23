/*
** docker_container_networks - one row per network every container is
** attached to (osquery's columns, then ours).  Source:
** NetworkSettings.Networks of GET /containers/json?all=1 (the same entries
** as inspect's); `aliases` needs the inspect document and is only fetched
** when the statement reads it.
**
** Push-down: id (= and IN; prefixes as docker allows); name is indexed for
** planning, filtered here.
*/
#include <stdlib.h>

#include "dockersec.h"
#include "engine/ds_containers.h"

enum {
  /* osquery */
  C_ID,
  C_NAME,
  C_NETWORK_ID,
  C_ENDPOINT_ID,
  C_GATEWAY,
  C_IP_ADDRESS,
  C_IP_PREFIX_LEN,
  C_IPV6_GATEWAY,
  C_IPV6_ADDRESS,
  C_IPV6_PREFIX_LEN,
  C_MAC_ADDRESS,
  /* dockersec */
  C_ALIASES,
  C_COUNT
};

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container ID (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_NAME] = {"name", DS_TEXT, "Network name (bridge, host, none, or a user network)",
                DS_INDEXED},
    [C_NETWORK_ID] = {"network_id", DS_TEXT, "Network ID", DS_NOCASE},
    [C_ENDPOINT_ID] = {"endpoint_id", DS_TEXT, "Endpoint ID ('' while stopped)", DS_NOCASE},
    [C_GATEWAY] = {"gateway", DS_TEXT, "IPv4 gateway", 0},
    [C_IP_ADDRESS] = {"ip_address", DS_TEXT, "IPv4 address ('' while stopped)", 0},
    [C_IP_PREFIX_LEN] = {"ip_prefix_len", DS_INTEGER, "IPv4 prefix length", 0},
    [C_IPV6_GATEWAY] = {"ipv6_gateway", DS_TEXT, "IPv6 gateway", 0},
    [C_IPV6_ADDRESS] = {"ipv6_address", DS_TEXT, "Global IPv6 address", 0},
    [C_IPV6_PREFIX_LEN] = {"ipv6_prefix_len", DS_INTEGER, "Global IPv6 prefix length", 0},
    [C_MAC_ADDRESS] = {"mac_address", DS_TEXT, "MAC address", DS_NOCASE},
    [C_ALIASES] = {"aliases", DS_TEXT, "DNS aliases on this network as a JSON array", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit_networks(ds_query *q, const ds_container_ref *c, void *arg) {
  DS_UNUSED(arg);
  json_object *nets = ds_json_path(c->summary, "NetworkSettings", "Networks", NULL);
  if (!nets || !json_object_is_type(nets, json_type_object)) return SQLITE_OK;
  json_object *inspected = ds_json_path(c->inspect, "NetworkSettings", "Networks", NULL);
  json_object_object_foreach(nets, name, n) {
    if (!ds_query_accepts_text(q, C_NAME, name)) continue;
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    ds_set_text(q, C_ID, c->id);
    ds_set_text(q, C_NAME, name);
    ds_set_text(q, C_NETWORK_ID, ds_json_str(n, "NetworkID"));
    ds_set_text(q, C_ENDPOINT_ID, ds_json_str(n, "EndpointID"));
    ds_set_text(q, C_GATEWAY, ds_json_str(n, "Gateway"));
    ds_set_text(q, C_IP_ADDRESS, ds_json_str(n, "IPAddress"));
    ds_set_int(q, C_IP_PREFIX_LEN, ds_json_int(n, "IPPrefixLen", 0));
    ds_set_text(q, C_IPV6_GATEWAY, ds_json_str(n, "IPv6Gateway"));
    ds_set_text(q, C_IPV6_ADDRESS, ds_json_str(n, "GlobalIPv6Address"));
    ds_set_int(q, C_IPV6_PREFIX_LEN, ds_json_int(n, "GlobalIPv6PrefixLen", 0));
    ds_set_text(q, C_MAC_ADDRESS, ds_json_str(n, "MacAddress"));
    if (c->inspect)
      ds_set_text_owned(q, C_ALIASES,
                        ds_json_text(ds_json_path(inspected, name, "Aliases", NULL), 1));
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  return ds_containers_each(q, C_ID, -1, ds_query_uses(q, C_ALIASES), emit_networks, NULL);
}

const ds_table ds_table_docker_container_networks = {
    .name = "docker_container_networks",
    .doc = "Networks every Docker container is attached to, with its addresses on each.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- containers on the default bridge\n"
               "SELECT c.name, n.ip_address FROM docker_container_networks n\n"
               "JOIN docker_containers c ON c.id = n.id WHERE n.name = 'bridge';",
};
