/*
** docker_container_envs - one row per environment variable of every
** container (osquery's columns, then ours).  Source: Config.Env of
** GET /containers/{id}/json.
**
** Values of secret-looking keys (PASSWORD, SECRET, TOKEN, KEY, CREDENTIAL, …;
** ds_is_secret_key) read "<redacted>" unless
** SELECT dockersec_config('reveal_secrets', 1); `secret_like` says which.
**
** Push-down: id (= and IN; prefixes as docker allows): one list request and
** one inspect per matching container.
*/

#include "dockersec.h"
#include "engine/ds_containers.h"
#include "engine/ds_docker_map.h"
#include "common/ds_secret.h"

enum {
  /* osquery */
  C_ID,
  C_KEY,
  C_VALUE,
  /* dockersec */
  C_SECRET_LIKE,
  C_COUNT
};

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container ID (prefixes accepted in WHERE id = …)",
              DS_INDEXED | DS_NOCASE},
    [C_KEY] = {"key", DS_TEXT, "Variable name (text before the first '=')", DS_INDEXED},
    [C_VALUE] = {"value", DS_TEXT,
                 "Value (after the first '='); <redacted> for secret-like keys unless "
                 "dockersec_config('reveal_secrets', 1)",
                 0},
    [C_SECRET_LIKE] = {"secret_like", DS_INTEGER,
                       "1 if the name looks like it holds a secret (PASSWORD, TOKEN, KEY, …)", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit_envs(ds_query *q, const ds_container_ref *c, void *arg) {
  int reveal = *(const int *)arg;
  json_object *env = ds_json_path(c->inspect, "Config", "Env", NULL);
  if (!env || !json_object_is_type(env, json_type_array)) return SQLITE_OK;
  for (size_t i = 0; i < json_object_array_length(env); i++) {
    const char *entry = json_object_get_string(json_object_array_get_idx(env, i));
    if (!entry) continue;
    int rc = ds_emit_env_row(q, c->id, entry, reveal, C_ID, C_KEY, C_VALUE, C_SECRET_LIKE);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  int reveal = (int)ds_query_reveal(q);
  return ds_containers_each(q, C_ID, -1, 1, emit_envs, &reveal);
}

const ds_table ds_table_docker_container_envs = {
    .name = "docker_container_envs",
    .doc = "Environment variables of every Docker container; secret-looking values are "
           "redacted unless reveal_secrets is on.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- secrets passed through the environment\n"
               "SELECT c.name, e.key FROM docker_container_envs e\n"
               "JOIN docker_containers c ON c.id = e.id WHERE e.secret_like;",
};
