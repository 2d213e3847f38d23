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
**                    Where a setting's effect depends on the engine, the
**                    view resolves it, so a check needs no engine table:
**                      seccomp_unconfined  1 when the container runs with
**                        no seccomp filter by its configuration (Docker:
**                        seccomp=unconfined, or 'default' with an engine
**                        whose default is unconfined; NULL where the engine
**                        has no seccomp); from a runtime spec: no
**                        linux.seccomp - the spec is what runc enforced;
**                      no_new_privileges_default  1 when the engine sets
**                        no-new-privileges for every container (docker_info
**                        or daemon.json); 0 from a runtime spec, whose
**                        no_new_privileges already is what runc applied.
**                      paths_unmasked  1 when nothing of /proc and /sys is
**                        masked or made read-only (masked_paths or
**                        readonly_paths '[]': systempaths=unconfined,
**                        Kubernetes' procMount Unmasked); NULL where the
**                        engine's report cannot tell (Podman reports them
**                        empty although it masks them - the kernel decides);
**                      apparmor_unconfined  1 when the container runs
**                        without an AppArmor profile ('' or 'unconfined');
**                        NULL where AppArmor is not in use (Docker: the
**                        engine's security options; a runtime spec: the
**                        host's kernel, kernel_info.apparmor);
**                      selinux_disabled  1 when SELinux separation is off
**                        (Docker: label=disable; a runtime spec: no
**                        process.selinuxLabel, or the unconfined spc_t or
**                        unconfined_t type); NULL where SELinux is not in
**                        use (the engine's info; a spec: the host's
**                        kernel_info.selinux and, for Docker's own
**                        containers, the daemon's selinux-enabled - Docker
**                        without it labels nothing).  An unreadable spec
**                        (privileged NULL: no settings) is not judged.
**                    A runtime spec's seccomp_profile is 'unconfined' (no
**                    linux.seccomp) or 'custom' (the runtime gave runc a
**                    profile); its security_options NULL.
**
** It is a TEMP VIEW created when the extension loads: the engine half is
** guarded by dockersec_engine() - a term SQLite evaluates once, before
** scanning - so with no engine it sends nothing and raises no error.  The
** runtime half asks containers for listed_by_engine = 0, which it answers
** from the engine's (cached) list before reading a bundle: the containers
** the engine reports are never parsed from their runtime state too.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "engine/ds_docker.h"
#include "sql/ds_ctx.h"

static const char view_sql[] =
    "CREATE TEMP VIEW IF NOT EXISTS all_containers AS\n"
    "SELECT 'docker' AS runtime, id, name, NULL AS pod_namespace, NULL AS pod_name, image,\n"
    "       state, pid, user, privileged, cap_add, cap_drop, readonly_rootfs, no_new_privileges,\n"
    "       apparmor_profile, network_mode, pid_mode, ipc_mode, uts_mode, userns_mode,\n"
    "       memory_limit, nano_cpus, cpu_quota, cpu_shares, pids_limit, security_options,\n"
    "       seccomp_profile,\n"
    "       CASE WHEN (SELECT seccomp FROM docker_info) = 1\n"
    "            THEN seccomp_profile = 'unconfined' OR (seccomp_profile = 'default'\n"
    "                 AND (SELECT seccomp_profile FROM docker_info) = 'unconfined') END\n"
    "         AS seccomp_unconfined,\n"
    "       coalesce((SELECT no_new_privileges FROM docker_info), 0) = 1\n"
    "         OR coalesce((SELECT value = 'true' FROM docker_daemon_settings\n"
    "                      WHERE key = 'no-new-privileges' AND effective = 1), 0)\n"
    "         AS no_new_privileges_default,\n"
    "       masked_paths, readonly_paths,\n"
    "       CASE WHEN NOT coalesce(masked_paths = '[]' OR readonly_paths = '[]', 0) THEN 0\n"
    "            WHEN (SELECT podman FROM docker_info) = 0 THEN 1 END AS paths_unmasked,\n"
    "       CASE WHEN (SELECT apparmor FROM docker_info) = 1\n"
    "            THEN apparmor_profile IN ('', 'unconfined') END AS apparmor_unconfined,\n"
    "       CASE WHEN (SELECT selinux FROM docker_info) = 1\n"
    "            THEN coalesce(security_options LIKE '%label=disable%'\n"
    "                          OR security_options LIKE '%label:disable%', 0) END\n"
    "         AS selinux_disabled\n"
    "FROM docker_containers WHERE dockersec_engine()\n"
    "UNION ALL\n"
    "SELECT c.runtime, c.id,\n"
    "       CASE WHEN c.pod_name IS NOT NULL\n"
    "            THEN c.pod_namespace || '/' || c.pod_name || '/' || coalesce(c.name, '')\n"
    "            ELSE coalesce(c.name, substr(c.id, 1, 12)) END,\n"
    "       c.pod_namespace, c.pod_name, c.image, c.state, c.pid, c.user, c.privileged,\n"
    "       c.cap_add, c.cap_drop,\n"
    "       c.readonly_rootfs, c.no_new_privileges, coalesce(c.apparmor_profile, ''),\n"
    "       CASE WHEN c.host_network THEN 'host' ELSE '' END,\n"
    "       CASE WHEN c.host_pid THEN 'host' ELSE '' END,\n"
    "       CASE WHEN c.host_ipc THEN 'host' ELSE '' END,\n"
    "       CASE WHEN c.host_uts THEN 'host' ELSE '' END, '',\n"
    "       coalesce(c.memory_limit, 0), 0, coalesce(c.cpu_quota, 0), coalesce(c.cpu_shares, 0),\n"
    "       c.pids_limit, NULL,\n"
    "       CASE WHEN c.seccomp = 'none' THEN 'unconfined' WHEN c.seccomp IS NOT NULL THEN "
    "'custom'\n"
    "       END,\n"
    "       c.seccomp = 'none', 0,\n"
    "       c.masked_paths, c.readonly_paths,\n"
    "       coalesce(c.masked_paths = '[]' OR c.readonly_paths = '[]', 0),\n"
    "       CASE WHEN (SELECT apparmor FROM kernel_info) = 1 AND c.privileged IS NOT NULL\n"
    "            THEN coalesce(c.apparmor_profile, '') IN ('', 'unconfined') END,\n"
    "       CASE WHEN (SELECT selinux FROM kernel_info) = 1 AND c.privileged IS NOT NULL\n"
    "             AND (c.runtime <> 'docker' OR coalesce((SELECT value = 'true'\n"
    "                  FROM docker_daemon_settings WHERE key = 'selinux-enabled'\n"
    "                  AND effective = 1), 0))\n"
    "            THEN coalesce(c.selinux_label, '') = '' OR c.selinux_label GLOB '*:spc_t:*'\n"
    "                 OR c.selinux_label GLOB '*:unconfined_t:*' END\n"
    "FROM containers AS c\n"
    "WHERE c.listed_by_engine = 0 AND NOT coalesce(c.sandbox, 0)";

/* dockersec_engine(): ds_docker_present() - whether an engine API is there
** at all.  Never an error itself. */
static void engine_func(sqlite3_context *context, int argc, sqlite3_value **argv) {
  DS_UNUSED(argc);
  DS_UNUSED(argv);
  sqlite3_result_int(context, ds_docker_present(ds_ctx_docker(sqlite3_user_data(context))));
}

int ds_runtime_agnostic_view(const char *name) {
  static const char *const views[] = {"all_containers", "all_container_mounts",
                                      "all_container_envs", "all_container_devices", NULL};
  for (int i = 0; name && views[i]; i++)
    if (strcmp(name, views[i]) == 0) return 1;
  return 0;
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
  if (rc != SQLITE_OK) return rc;
  return ds_register_container_views(db);
}
