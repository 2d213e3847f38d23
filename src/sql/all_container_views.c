/*
** all_container_views.c - the child views of all_containers (all_containers.c):
** a container's mounts and environment whatever runs it, so that a check
** written for docker_container_mounts / docker_container_envs audits every
** container of a node in one query.
**
**   all_container_mounts  docker_container_mounts' columns and meanings.
**                         From the runtime spec only what an engine's Mounts
**                         would list: the mounts the user asked for (host
**                         paths, tmpfs) as their own type and the managed
**                         volumes (Docker/Podman volumes, Kubernetes pod
**                         volumes) as type volume; the runtime's own mounts
**                         (proc, sysfs, /dev, the hosts and resolv.conf it
**                         writes, ...) are left out - container_mounts.origin,
**                         ds_runtime_mount_origin() - so the same user-given
**                         mount gives the same finding on every runtime.
**                         `mode` is the runtime's mount options, joined with
**                         ',' (what the runtime was given; there is no
**                         -v text), `driver` NULL (the spec does not say).
**   all_container_envs    docker_container_envs' columns; values redacted by
**                         the same rule on both sides.
**   all_container_devices docker_container_devices' columns: the device nodes
**                         given to the container (--device; from a spec its
**                         linux.devices, less the nodes runc creates in
**                         every container anyway), cgroup_permissions the
**                         access of the last device rule matching the node
**                         (the one the kernel applies; '' if it denies).  A
**                         spec names the node inside the container and its
**                         numbers, not the host's path: path_on_host NULL.
**
** Each is a TEMP VIEW of two halves like all_containers: the engine's table
** guarded by dockersec_engine(), and the runtime table joined to the
** containers the engine does not list (listed_by_engine = 0, read from the
** engine's cached list before any bundle is) and that are not pod
** sandboxes - exactly the rows all_containers takes from each side, so a
** join of the two on id gives every container's rows once.
*/
#include <stdio.h>
#include <string.h>

#include "dockersec.h"
#include "sql/ds_ctx.h"

/* The runtime half's containers: the same rule as all_containers'. */
#define RUNTIME_ONLY "c.listed_by_engine = 0 AND NOT coalesce(c.sandbox, 0)"

static const char *const views_sql[] = {
    "CREATE TEMP VIEW IF NOT EXISTS all_container_mounts AS\n"
    "SELECT id, type, name, source, destination, driver, mode, rw, propagation\n"
    "FROM docker_container_mounts WHERE dockersec_engine()\n"
    "UNION ALL\n"
    "SELECT m.id, CASE WHEN m.origin = 'volume' THEN 'volume' ELSE m.type END, m.volume_name,\n"
    "       m.source, m.destination, NULL,\n"
    "       (SELECT group_concat(o.value, ',') FROM json_each(m.options) AS o),\n"
    "       NOT m.read_only, coalesce(m.propagation, '')\n"
    "FROM containers AS c JOIN container_mounts AS m ON m.id = c.id\n"
    "WHERE " RUNTIME_ONLY " AND m.origin <> 'runtime'",

    "CREATE TEMP VIEW IF NOT EXISTS all_container_envs AS\n"
    "SELECT id, key, value, secret_like FROM docker_container_envs WHERE dockersec_engine()\n"
    "UNION ALL\n"
    "SELECT e.id, e.key, e.value, e.secret_like\n"
    "FROM containers AS c JOIN container_envs AS e ON e.id = c.id\n"
    "WHERE " RUNTIME_ONLY,

    "CREATE TEMP VIEW IF NOT EXISTS all_container_devices AS\n"
    "SELECT id, path_on_host, path_in_container, cgroup_permissions\n"
    "FROM docker_container_devices WHERE dockersec_engine()\n"
    "UNION ALL\n"
    "SELECT d.id, NULL, d.path,\n"
    "       (SELECT CASE WHEN r.allow THEN r.access ELSE '' END FROM container_devices AS r\n"
    "        WHERE r.id = d.id AND r.kind = 'rule' AND coalesce(r.type, 'a') IN ('a', d.type)\n"
    "          AND coalesce(r.major = d.major, 1) AND coalesce(r.minor = d.minor, 1)\n"
    "        ORDER BY r.seq DESC LIMIT 1)\n"
    "FROM containers AS c JOIN container_devices AS d ON d.id = c.id AND d.kind = 'node'\n"
    "WHERE " RUNTIME_ONLY "\n"
    "  AND d.path NOT IN ('/dev/null', '/dev/zero', '/dev/full', '/dev/random', '/dev/urandom',\n"
    "                     '/dev/tty', '/dev/console', '/dev/ptmx')",
    NULL};

int ds_register_container_views(sqlite3 *db) {
  for (int i = 0; views_sql[i]; i++) {
    char *msg = NULL;
    int rc = sqlite3_exec(db, views_sql[i], NULL, NULL, &msg);
    if (msg) fprintf(stderr, "dockersec: %s\n", msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}
