/*
** container_envs - one row per environment variable (process.env) of the
** runtime spec of every container in `containers`.  Redacted exactly as
** docker_container_envs (ds_env_entry): values of secret-looking keys read
** "<redacted>" unless SELECT dockersec_config('reveal_secrets', 1).
**
** Push-down: id (exact), key.
*/

#include "dockersec.h"
#include "engine/ds_docker_map.h"
#include "runtime/ds_runtime.h"

enum { C_ID, C_KEY, C_VALUE, C_SECRET_LIKE, C_COUNT };

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container id (containers.id)", DS_INDEXED},
    [C_KEY] = {"key", DS_TEXT, "Variable name (text before the first '=')", DS_INDEXED},
    [C_VALUE] = {"value", DS_TEXT,
                 "Value (after the first '='); <redacted> for secret-like keys unless "
                 "dockersec_config('reveal_secrets', 1)",
                 0},
    [C_SECRET_LIKE] = {"secret_like", DS_INTEGER,
                       "1 if the name looks like it holds a secret (PASSWORD, TOKEN, KEY, …)", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit(ds_query *q, const ds_rt_container *c, const ds_oci_spec *s, const char *note,
                void *arg) {
  DS_UNUSED(note);
  int reveal = *(const int *)arg;
  size_t n = s && s->env ? json_object_array_length(s->env) : 0;
  for (size_t i = 0; i < n; i++) {
    json_object *e = json_object_array_get_idx(s->env, i);
    if (!json_object_is_type(e, json_type_string)) continue;
    int rc = ds_emit_env_row(q, c->id, json_object_get_string(e), reveal, C_ID, C_KEY, C_VALUE,
                             C_SECRET_LIKE);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  int reveal = ds_query_reveal(q);
  return ds_runtime_each(q, C_ID, 0, emit, &reveal);
}

const ds_table ds_table_container_envs = {
    .name = "container_envs",
    .doc = "Environment variables of every container in the state of any OCI runtime; "
           "secret-looking values are redacted unless reveal_secrets is on.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT c.runtime, c.name, e.key FROM container_envs e\n"
               "JOIN containers c USING (id) WHERE e.secret_like;",
};
