/*
** ds_containers.h - choosing the containers a docker_container* query is
** about, shared by every per-container table so they all push `id` down the
** same way and skip a container that vanished between list and inspect.
*/
#ifndef DS_CONTAINERS_H
#define DS_CONTAINERS_H

#include "engine/ds_docker.h"

typedef struct ds_container_ref {
  json_object *summary; /* entry of GET /containers/json?all=1                 */
  json_object *inspect; /* GET /containers/{id}/json, NULL unless asked for    */
  const char *id;       /* the value to put in the `id` column: the full id, or */
                        /* the prefix the query asked for (osquery's rule)     */
} ds_container_ref;

typedef struct ds_container_set {
  ds_container_ref *items;
  int n;
} ds_container_set;

/*
** Lists the containers matching the query's `id` constraint (column id_col;
** prefixes allowed, as docker and osquery allow) and, when name_col >= 0, its
** `name` constraint (with or without the leading '/').  With `inspect`, each
** is inspected - concurrently, once per snapshot - and a container that is
** gone by then is dropped.  On error sets the query error and returns it,
** leaving `out` empty (nothing to free).
*/
int ds_containers_select(ds_query *q, int id_col, int name_col, int inspect, ds_container_set *out);
void ds_containers_free(ds_container_set *set);

/*
** A per-container table's whole generator: selects the containers as
** ds_containers_select() does and calls `emit` once for each, in list order,
** until one returns other than SQLITE_OK; then frees the set.  `emit` gets
** `arg` unchanged.  Returns SQLITE_OK or the first error.
*/
typedef int (*ds_container_emit_fn)(ds_query *q, const ds_container_ref *c, void *arg);
int ds_containers_each(ds_query *q, int id_col, int name_col, int inspect,
                       ds_container_emit_fn emit, void *arg);

/*
** The `id` to emit for an object whose full id is `id`, under the query's
** constraint on column `col` (docker's and osquery's prefix rule): the full id
** when `col` is unconstrained, else the pushed-down hex value that is a
** case-insensitive prefix of `id` (so SQLite's own check passes), else NULL.
** Used by every table keyed by an engine id (containers, images, networks).
*/
const char *ds_id_match(const ds_query *q, int col, const char *id);

/* The container's name without the leading '/' (osquery keeps the '/';
** docker_containers.name does too). */
const char *ds_container_name(json_object *summary);

#endif
