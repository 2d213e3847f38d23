/*
** docker_container_ports - the live port bindings and exposed ports of the
** running (and paused) containers, as osquery gives them: the Ports of
** GET /containers/json?all=1 (random host ports resolved, one row per
** address family) - no inspect needed.  A stopped container has no rows
** here; what it is configured to publish when started is in
** docker_container_port_bindings (HostConfig.PortBindings).
**
** Push-down: id (= and IN; prefixes as docker allows).
*/
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "engine/ds_containers.h"
#include "engine/ds_docker_map.h"

enum {
  /* osquery */
  C_ID,
  C_TYPE,
  C_PORT,
  C_HOST_IP,
  C_HOST_PORT,
  /* dockersec */
  C_PUBLISHED,
  C_SOURCE,
  C_COUNT
};

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container ID (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_TYPE] = {"type", DS_TEXT, "Protocol: tcp, udp or sctp", 0},
    [C_PORT] = {"port", DS_INTEGER, "Port inside the container", 0},
    [C_HOST_IP] = {"host_ip", DS_TEXT,
                   "Host address it is published on ('0.0.0.0', '::', '127.0.0.1'; '' = all "
                   "addresses when configured, or not published)",
                   0},
    [C_HOST_PORT] = {"host_port", DS_INTEGER,
                     "Host port (0 when not published, or picked by the engine at start)", 0},
    [C_PUBLISHED] = {"published", DS_INTEGER, "1 if bound to a host port, 0 if only exposed", 0},
    [C_SOURCE] = {"source", DS_TEXT,
                  "Always 'runtime' (configured bindings: docker_container_port_bindings)", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* Running containers have real bindings on the list endpoint. */
static int has_runtime_bindings(json_object *summary) {
  const char *state = ds_json_str(summary, "State");
  return state && (strcmp(state, "running") == 0 || strcmp(state, "paused") == 0);
}

static int emit_rows(ds_query *q, const char *id, const ds_port_list *ports, const char *source) {
  for (int i = 0; i < ports->n; i++) {
    const ds_port_row *p = &ports->rows[i];
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    ds_set_text(q, C_ID, id);
    ds_set_text(q, C_TYPE, p->type);
    ds_set_int(q, C_PORT, p->port);
    ds_set_text(q, C_HOST_IP, p->host_ip);
    ds_set_int(q, C_HOST_PORT, p->host_port);
    ds_set_int(q, C_PUBLISHED, p->published);
    ds_set_text(q, C_SOURCE, source);
  }
  return SQLITE_OK;
}

static int emit_running(ds_query *q, const ds_container_ref *c) {
  ds_port_list ports;
  if (ds_ports_from_summary(ds_json_path(c->summary, "Ports", NULL), &ports) != 0)
    return ds_error(q, "out of memory");
  int rc = emit_rows(q, c->id, &ports, "runtime");
  ds_ports_free(&ports);
  return rc;
}

static int generate(ds_query *q) {
  ds_container_set set;
  int rc = ds_containers_select(q, C_ID, -1, 0, &set);
  for (int i = 0; rc == SQLITE_OK && i < set.n; i++)
    if (has_runtime_bindings(set.items[i].summary)) rc = emit_running(q, &set.items[i]);
  ds_containers_free(&set);
  return rc;
}

const ds_table ds_table_docker_container_ports = {
    .name = "docker_container_ports",
    .doc = "Ports of the running Docker containers: their live host bindings and the exposed "
           "ports that are not published.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- ports published on every host address\n"
               "SELECT c.name, p.port, p.host_port FROM docker_container_ports p\n"
               "JOIN docker_containers c ON c.id = p.id\n"
               "WHERE p.published AND p.host_ip IN ('', '0.0.0.0', '::');",
};
