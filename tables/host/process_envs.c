/*
** process_envs - the environment each process started with
** (/proc/<pid>/environ), one row per variable, as osquery's process_envs.
**
** The environment is how configuration reaches the docker CLI and CI agents
** (DOCKER_CONTENT_TRUST, DOCKER_HOST, …) and where secrets leak.  Values of
** secret-looking names are <redacted> unless reveal_secrets is on.
**
** Push-down: pid.  A process that exits mid-scan, or whose environ cannot be
** read (another user's process when not root), is skipped.
*/
#include <string.h>

#include "dockersec.h"
#include "host/ds_procfs.h"
#include "common/ds_secret.h"

/* A larger environment is cut here rather than read whole. */
#define MAX_ENVIRON (1024 * 1024)

enum { C_PID, C_KEY, C_VALUE, C_SECRET_LIKE, C_COUNT };

static const ds_column columns[] = {
    [C_PID] = {"pid", DS_BIGINT, "Process ID", DS_INDEXED},
    [C_KEY] = {"key", DS_TEXT, "Variable name (text before the first '=')", 0},
    [C_VALUE] = {"value", DS_TEXT,
                 "Value; <redacted> for secret-looking names unless "
                 "dockersec_config('reveal_secrets', 1)",
                 0},
    [C_SECRET_LIKE] = {"secret_like", DS_INTEGER,
                       "1 if the name looks like it holds a secret (PASSWORD, TOKEN, KEY, …)", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* One NUL-terminated "KEY=value" entry. */
static int emit_var(ds_query *q, long pid, const char *var, size_t len, int reveal) {
  ds_env_var v;
  ds_env_parse(var, len, reveal, &v);
  if (!v.has_value || v.key_len == 0) return SQLITE_OK; /* not a KEY=value entry */
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_set_int(q, C_PID, pid);
  ds_set_textn(q, C_KEY, var, v.key_len);
  /* An empty value stays empty: there is nothing to hide. */
  char *shown = ds_env_value_text(&v, reveal);
  if (!shown) return ds_error(q, "out of memory");
  ds_set_text_owned(q, C_VALUE, shown);
  ds_set_int(q, C_SECRET_LIKE, v.secret_like);
  return SQLITE_OK;
}

/* One process, from its environ: NUL-separated entries. */
static int emit_process(ds_query *q, long pid, ds_buf *env, void *arg) {
  DS_UNUSED(arg);
  int reveal = (int)ds_query_reveal(q);
  int rc = SQLITE_OK;
  const char *p = env->data, *end = env->data + env->len;
  while (p && p < end && rc == SQLITE_OK) {
    const char *nul = memchr(p, '\0', (size_t)(end - p));
    size_t len = nul ? (size_t)(nul - p) : (size_t)(end - p);
    if (len > 0) rc = emit_var(q, pid, p, len, reveal);
    p = nul ? nul + 1 : end;
  }
  return rc;
}

static int generate(ds_query *q) {
  return ds_proc_read_each(q, C_PID, "environ", MAX_ENVIRON, emit_process, NULL);
}

const ds_table ds_table_process_envs = {
    .name = "process_envs",
    .doc = "Environment variables of each process (/proc/<pid>/environ), secret-looking values "
           "redacted.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT p.name, e.pid, e.key, e.value FROM process_envs AS e\n"
               "JOIN processes AS p USING (pid) WHERE e.key = 'DOCKER_CONTENT_TRUST';",
};
