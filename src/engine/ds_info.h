/*
** ds_info.h - the engine's GET /info answer read once, for every table that
** shows it (docker_info, docker_daemon_settings), so they cannot disagree.
**
** The readings, where engines differ:
**   - security options: "name=seccomp,profile=default" (API >= 1.25) and the
**     bare names of older engines ("seccomp", "apparmor") both count;
**   - seccomp_profile: the profile the engine names ("default", "builtin",
**     "unconfined" or a path); "default" when it lists seccomp without
**     naming one (API < 1.25: the built-in profile); NULL when seccomp is not
**     available to containers;
**   - rootless: a "name=rootless" option (Docker) or the top-level Rootless
**     flag (Podman);
**   - insecure registries: InsecureRegistryCIDRs in the engine's order, then
**     the IndexConfigs whose Secure is false; each entry says whether it is
**     the loopback range dockerd always adds (127.0.0.0/8, ::1/128), which
**     docker_info shows (it mirrors /info) and docker_daemon_settings leaves
**     out (daemon.json's insecure-registries never holds it).
** Booleans are tri-state: -1 when the engine does not report the field.
*/
#ifndef DS_INFO_H
#define DS_INFO_H

#include <json-c/json.h>

#include "dockersec.h"

typedef struct ds_info {
  json_object *json; /* the /info document (borrowed: the snapshot's) */

  json_object *security_options; /* the SecurityOptions array, or NULL     */
  int seccomp;                   /* 1 if seccomp is available to containers */
  char *seccomp_profile;         /* see above; malloc'd                     */
  int apparmor, selinux, userns, rootless;
  /* 1 when no-new-privileges is the daemon default; 0 when the engine is new
  ** enough to say (API >= 1.43) and does not; -1 when it cannot tell. */
  int no_new_privileges;

  int live_restore, debug, experimental; /* -1: not reported */
  const char *logging_driver;            /* borrowed; NULL: not reported */
  const char *storage_driver, *root_dir, *default_runtime, *cgroup_driver, *cgroup_version,
      *server_version;

  json_object *registry_config;       /* RegistryConfig, or NULL             */
  json_object *insecure_registries;   /* array of strings (owned), see above */
  json_object *registry_mirrors;      /* RegistryConfig.Mirrors, or NULL     */
  json_object *authorization_plugins; /* Plugins.Authorization, or NULL      */
} ds_info;

/* Reads `info` (an object: the engine layer checked its shape) into *out.
** `api_version` ("1.43", may be NULL) decides whether a missing
** no-new-privileges option means "off" or "cannot tell".  Returns 0, or -1
** when out of memory (then *out holds nothing to free). */
int ds_info_read(json_object *info, const char *api_version, ds_info *out);
void ds_info_free(ds_info *info);

/* GET /info through the connection's snapshot, read.  Returns 0, or -1 with
** *err set (malloc'd, naming the endpoint and the cause). */
int ds_info_get(ds_docker *d, ds_info *out, char **err);

/* 1 for the loopback ranges dockerd always lists as insecure. */
int ds_info_is_loopback_cidr(const char *cidr);

/* The insecure registries as a JSON array text, with or without the
** loopback ranges (malloc'd). */
char *ds_info_insecure_text(const ds_info *info, int with_loopback);

#endif
