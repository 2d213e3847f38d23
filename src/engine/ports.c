/*
** ports.c - port bindings of the Docker API flattened to rows: the
** container list's Ports, and HostConfig.PortBindings / NetworkSettings.Ports
** maps with Config.ExposedPorts.  Contracts in ds_docker_map.h.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ds_docker.h"
#include "engine/ds_docker_map.h"
#include "common/ds_util.h"

static ds_port_row *port_push(ds_port_list *l, int *cap) {
  if (l->n == *cap) {
    int ncap = *cap ? *cap * 2 : 8;
    ds_port_row *r = realloc(l->rows, (size_t)ncap * sizeof(*r));
    if (!r) return NULL;
    l->rows = r;
    *cap = ncap;
  }
  ds_port_row *row = &l->rows[l->n++];
  memset(row, 0, sizeof(*row));
  return row;
}

static void copy_text(char *dst, size_t n, const char *src) {
  snprintf(dst, n, "%s", src ? src : "");
}

int ds_ports_from_summary(json_object *ports, ds_port_list *out) {
  memset(out, 0, sizeof(*out));
  if (!ports || !json_object_is_type(ports, json_type_array)) return 0;
  int cap = 0;
  for (size_t i = 0; i < json_object_array_length(ports); i++) {
    json_object *p = json_object_array_get_idx(ports, i);
    ds_port_row *r = port_push(out, &cap);
    if (!r) {
      ds_ports_free(out);
      return -1;
    }
    copy_text(r->type, sizeof(r->type), ds_or(ds_json_str(p, "Type"), "tcp"));
    r->port = ds_json_int(p, "PrivatePort", 0);
    copy_text(r->host_ip, sizeof(r->host_ip), ds_json_str(p, "IP"));
    r->host_port = ds_json_int(p, "PublicPort", 0);
    r->published = ds_json_has(p, "PublicPort") && r->host_port > 0;
  }
  return 0;
}

/* "80/tcp" -> 80, "tcp"; a key without protocol is tcp, as docker reads it. */
static void parse_port_key(const char *key, ds_port_row *r) {
  r->port = strtoll(key, NULL, 10);
  const char *slash = strchr(key, '/');
  copy_text(r->type, sizeof(r->type), slash ? slash + 1 : "tcp");
}

/* HostPort is a string: "" (any free port, picked at start), "8080", or a
** range "8000-8010" (the first port is the one the engine tries first). */
static sqlite3_int64 parse_host_port(const char *s) {
  return s && *s ? strtoll(s, NULL, 10) : 0;
}

int ds_ports_from_bindings(json_object *bindings, json_object *exposed, ds_port_list *out) {
  memset(out, 0, sizeof(*out));
  int cap = 0;
  if (bindings && json_object_is_type(bindings, json_type_object)) {
    json_object_object_foreach(bindings, key, list) {
      size_t n =
          list && json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
      for (size_t i = 0; i < (n ? n : 1); i++) {
        ds_port_row *r = port_push(out, &cap);
        if (!r) goto oom;
        parse_port_key(key, r);
        if (n) {
          json_object *b = json_object_array_get_idx(list, i);
          copy_text(r->host_ip, sizeof(r->host_ip), ds_json_str(b, "HostIp"));
          r->host_port = parse_host_port(ds_json_str(b, "HostPort"));
          r->published = 1;
        }
      }
    }
  }
  if (exposed && json_object_is_type(exposed, json_type_object)) {
    json_object_object_foreach(exposed, key, unused) {
      (void)unused;
      if (bindings && ds_json_has(bindings, key)) continue;
      ds_port_row *r = port_push(out, &cap);
      if (!r) goto oom;
      parse_port_key(key, r);
    }
  }
  return 0;
oom:
  ds_ports_free(out);
  return -1;
}

void ds_ports_free(ds_port_list *list) {
  free(list->rows);
  list->rows = NULL;
  list->n = 0;
}
