/*
** all_containers.c - the runtime-agnostic view of every container, for packs
** that must audit a node whatever runs its containers, and
** dockersec_engine(), which says whether an engine API answers.
**
**   all_containers   one row per container: Docker's (or Podman's) through
**                    the engine API when one answers (docker_containers),
**                    every other runtime's from its runtime state
**                    (containers: containerd/Kubernetes, CRI-O, k3s, Podman
**                    without its API...), and Docker's own from the runtime
**                    state too when no engine answers.  A container the engine
**                    lists is never repeated from the runtime state; pod
**                    sandboxes (pause containers) are left out.  The columns
**                    are docker_containers' names and meanings, so a check
**                    written for docker_containers reads it unchanged, plus
**                    `runtime`, `pod_namespace` and `pod_name`; `name` is
**                    pod_namespace/pod_name/container on Kubernetes.
**
** It is a TEMP VIEW created when the extension loads: the engine half is
** guarded by dockersec_engine() - a term SQLite evaluates once, before
** scanning - so with no engine it sends nothing and raises no error.  The
** engine's ids are one uncorrelated list (NOT IN), not a lookup per row.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "engine/ds_docker.h"
#include "sql/ds_ctx.h"

/* Docker's (and containerd's, CRI's) default capability set: what `cap_add`
** is relative to for a runtime spec's bounding set. */
#define DEFAULT_CAPS                                                                               \
  "'CAP_CHOWN','CAP_DAC_OVERRIDE','CAP_FSETID','CAP_FOWNER','CAP_MKNOD','CAP_NET_RAW',"            \
  "'CAP_SETGID','CAP_SETUID','CAP_SETFCAP','CAP_SETPCAP','CAP_NET_BIND_SERVICE',"                  \
  "'CAP_SYS_CHROOT','CAP_KILL','CAP_AUDIT_WRITE'"
#define DEFAULT_CAPS_JSON                                                                          \
  "[\"CAP_CHOWN\",\"CAP_DAC_OVERRIDE\",\"CAP_FSETID\",\"CAP_FOWNER\",\"CAP_MKNOD\","               \
  "\"CAP_NET_RAW\",\"CAP_SETGID\",\"CAP_SETUID\",\"CAP_SETFCAP\",\"CAP_SETPCAP\","                 \
  "\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_CHROOT\",\"CAP_KILL\",\"CAP_AUDIT_WRITE\"]"

static const char view_sql[] =
    "CREATE TEMP VIEW IF NOT EXISTS all_containers AS\n"
    "SELECT 'docker' AS runtime, id, name, NULL AS pod_namespace, NULL AS pod_name, image,\n"
    "       state, pid, user, privileged, cap_add, cap_drop, readonly_rootfs, no_new_privileges,\n"
    "       apparmor_profile, network_mode, pid_mode, ipc_mode, uts_mode, userns_mode,\n"
    "       memory_limit, nano_cpus, cpu_quota, cpu_shares, pids_limit\n"
    "FROM docker_containers WHERE dockersec_engine()\n"
    "UNION ALL\n"
    "SELECT c.runtime, c.id,\n"
    "       CASE WHEN c.pod_name IS NOT NULL\n"
    "            THEN c.pod_namespace || '/' || c.pod_name || '/' || coalesce(c.name, '')\n"
    "            ELSE coalesce(c.name, substr(c.id, 1, 12)) END,\n"
    "       c.pod_namespace, c.pod_name, c.image, c.state, c.pid, c.user, c.privileged,\n"
    "       CASE WHEN c.privileged THEN '[]' ELSE\n"
    "         (SELECT json_group_array(value) FROM json_each(c.cap_bounding)\n"
    "          WHERE value NOT IN (" DEFAULT_CAPS ")) END,\n"
    "       (SELECT json_group_array(d.value) FROM json_each('" DEFAULT_CAPS_JSON "') AS d\n"
    "        WHERE d.value NOT IN (SELECT value FROM json_each(c.cap_bounding))),\n"
    "       c.readonly_rootfs, c.no_new_privileges, coalesce(c.apparmor_profile, ''),\n"
    "       CASE WHEN c.host_network THEN 'host' ELSE '' END,\n"
    "       CASE WHEN c.host_pid THEN 'host' ELSE '' END,\n"
    "       CASE WHEN c.host_ipc THEN 'host' ELSE '' END,\n"
    "       CASE WHEN c.host_uts THEN 'host' ELSE '' END, '',\n"
    "       coalesce(c.memory_limit, 0), 0, coalesce(c.cpu_quota, 0), coalesce(c.cpu_shares, 0),\n"
    "       c.pids_limit\n"
    "FROM containers AS c\n"
    "WHERE NOT coalesce(c.sandbox, 0)\n"
    "  AND c.id NOT IN (SELECT id FROM docker_containers WHERE dockersec_engine())";

/*
** dockersec_engine(): 0 when no engine API is there - nothing listens on
** docker_host (no such socket, connection refused) - else 1: an engine
** answers its /version (asked once per snapshot), or one is there but fails
** (permission denied, a time-out, TLS...), and then the statements that read
** it report that error instead of passing over it.  Never an error itself.
*/
static void engine_func(sqlite3_context *context, int argc, sqlite3_value **argv) {
  DS_UNUSED(argc);
  DS_UNUSED(argv);
  ds_docker *d = ds_ctx_docker(sqlite3_user_data(context));
  char *err = NULL;
  int up = d && ds_docker_api_version(d, &err) != NULL;
  if (!up && err && !strstr(err, "no such socket") && !strstr(err, "connection refused")) up = 1;
  free(err);
  sqlite3_result_int(context, up);
}

int ds_register_all_containers(sqlite3 *db, ds_ctx *ctx) {
  /* DETERMINISTIC: SQLite tests a constant WHERE term before the loop (and
  ** so skips the engine's table) only for a deterministic function; the
  ** answer is the snapshot's, fixed for a statement anyway. */
  int rc = sqlite3_create_function_v2(db, "dockersec_engine", 0, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                      ctx, engine_func, 0, 0, 0);
  if (rc != SQLITE_OK) return rc;
  char *msg = NULL;
  rc = sqlite3_exec(db, view_sql, NULL, NULL, &msg);
  if (msg) fprintf(stderr, "dockersec: all_containers: %s\n", msg);
  sqlite3_free(msg);
  return rc;
}
