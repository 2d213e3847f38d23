/*
** docker_container_ulimits - per-container resource limits (--ulimit), one
** row per limit.  Not in osquery.  Source: HostConfig.Ulimits of
** GET /containers/{id}/json.  Limits the container inherits from the
** daemon's defaults (--default-ulimit) are not listed there, so they are
** not rows here either.
**
** Push-down: id (= and IN; prefixes as docker allows).
*/
#include <ctype.h>
#include <strings.h>

#include "dockersec.h"
#include "engine/ds_containers.h"

enum { C_ID, C_NAME, C_SOFT, C_HARD, C_COUNT };

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container ID (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_NAME] = {"name", DS_TEXT,
                "Limit name as docker spells it: nofile, nproc, core, … (Podman's RLIMIT_NOFILE "
                "reads nofile)",
                DS_INDEXED},
    [C_SOFT] = {"soft", DS_BIGINT, "Soft limit (-1 = unlimited)", 0},
    [C_HARD] = {"hard", DS_BIGINT, "Hard limit (-1 = unlimited)", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* Docker spells limits "nofile"; Podman "RLIMIT_NOFILE".  One spelling, so
** `WHERE name = 'nofile'` finds both. */
static void limit_name(const char *in, char *out, size_t n) {
  if (strncasecmp(in, "RLIMIT_", 7) == 0) in += 7;
  size_t i = 0;
  for (; in[i] && i + 1 < n; i++)
    out[i] = (char)tolower((unsigned char)in[i]);
  out[i] = '\0';
}

static int emit_ulimits(ds_query *q, const ds_container_ref *c, void *arg) {
  DS_UNUSED(arg);
  json_object *limits = ds_json_path(c->inspect, "HostConfig", "Ulimits", NULL);
  if (!limits || !json_object_is_type(limits, json_type_array)) return SQLITE_OK;
  for (size_t i = 0; i < json_object_array_length(limits); i++) {
    json_object *l = json_object_array_get_idx(limits, i);
    const char *given = ds_json_str(l, "Name");
    char name[64];
    if (!given) continue;
    limit_name(given, name, sizeof(name));
    if (!ds_query_accepts_text(q, C_NAME, name)) continue;
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    ds_set_text(q, C_ID, c->id);
    ds_set_text(q, C_NAME, name);
    ds_set_int(q, C_SOFT, ds_json_int(l, "Soft", 0));
    ds_set_int(q, C_HARD, ds_json_int(l, "Hard", 0));
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  return ds_containers_each(q, C_ID, -1, 1, emit_ulimits, NULL);
}

const ds_table ds_table_docker_container_ulimits = {
    .name = "docker_container_ulimits",
    .doc = "Resource limits set on every Docker container with --ulimit, one row per limit.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT c.name, u.soft, u.hard FROM docker_container_ulimits u\n"
               "JOIN docker_containers c ON c.id = u.id WHERE u.name = 'nofile';",
};
