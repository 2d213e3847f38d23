/*
** docker_container_port_bindings - the ports every container is configured
** to publish (dockersec's table): HostConfig.PortBindings, plus the
** Config.ExposedPorts that are not published, of GET /containers/{id}/json.
** For a stopped container that is what it will publish when started;
** docker_container_ports (osquery's) has only the live bindings of running
** ones.  A configured binding with no host port (-p 80) has host_port 0:
** the engine picks one at start.
**
** Push-down: id (= and IN; prefixes as docker allows).  Every selected
** container is inspected (concurrently, once per snapshot); one that
** vanished meanwhile is skipped.
*/
#include "dockersec.h"
#include "engine/ds_containers.h"
#include "engine/ds_docker_map.h"

enum { C_ID, C_TYPE, C_PORT, C_HOST_IP, C_HOST_PORT, C_PUBLISHED, C_STATE, C_COUNT };

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container ID (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_TYPE] = {"type", DS_TEXT, "Protocol: tcp, udp or sctp", 0},
    [C_PORT] = {"port", DS_INTEGER, "Port inside the container", 0},
    [C_HOST_IP] = {"host_ip", DS_TEXT,
                   "Host address to publish on ('' = every address, the engine's default)", 0},
    [C_HOST_PORT] = {"host_port", DS_INTEGER,
                     "Host port (0 when not published, or left to the engine at start)", 0},
    [C_PUBLISHED] = {"published", DS_INTEGER, "1 if bound to a host port, 0 if only exposed", 0},
    [C_STATE] = {"state", DS_TEXT, "Container state (running, exited, created, …)", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit_container(ds_query *q, const ds_container_ref *c) {
  ds_port_list ports;
  json_object *in = c->inspect;
  if (ds_ports_from_bindings(ds_json_path(in, "HostConfig", "PortBindings", NULL),
                             ds_json_path(in, "Config", "ExposedPorts", NULL), &ports) != 0)
    return ds_error(q, "out of memory");
  const char *state = ds_json_str(c->summary, "State");
  int rc = SQLITE_OK;
  for (int i = 0; rc == SQLITE_OK && i < ports.n; i++) {
    const ds_port_row *p = &ports.rows[i];
    rc = ds_row_new(q);
    if (rc != SQLITE_OK) break;
    ds_set_text(q, C_ID, c->id);
    ds_set_text(q, C_TYPE, p->type);
    ds_set_int(q, C_PORT, p->port);
    ds_set_text(q, C_HOST_IP, p->host_ip);
    ds_set_int(q, C_HOST_PORT, p->host_port);
    ds_set_int(q, C_PUBLISHED, p->published);
    ds_set_text(q, C_STATE, state);
  }
  ds_ports_free(&ports);
  return rc;
}

static int generate(ds_query *q) {
  ds_container_set set;
  int rc = ds_containers_select(q, C_ID, -1, 1, &set);
  for (int i = 0; rc == SQLITE_OK && i < set.n; i++)
    rc = emit_container(q, &set.items[i]);
  ds_containers_free(&set);
  return rc;
}

const ds_table ds_table_docker_container_port_bindings = {
    .name = "docker_container_port_bindings",
    .doc = "Ports every Docker container is configured to publish (HostConfig.PortBindings) or "
           "expose, running or not.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- what stopped containers will publish on every address when started\n"
               "SELECT id, port, host_port FROM docker_container_port_bindings\n"
               "WHERE state <> 'running' AND published AND host_ip IN ('', '0.0.0.0', '::');",
};
