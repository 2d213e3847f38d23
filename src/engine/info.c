/*
** info.c - GET /info read once into a ds_info (see ds_info.h for the
** readings), shared by docker_info and docker_daemon_settings.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ds_docker.h"
#include "engine/ds_info.h"
#include "common/ds_util.h"

/* The SecurityOptions entry of `name`: "name=<name>[,k=v…]", or the bare
** "<name>" of API < 1.25.  NULL when absent. */
static const char *security_option(json_object *opts, const char *name) {
  size_t n = strlen(name);
  for (size_t i = 0; opts && i < json_object_array_length(opts); i++) {
    const char *s = json_object_get_string(json_object_array_get_idx(opts, i));
    if (!s) continue;
    if (strncmp(s, "name=", 5) == 0 && strncmp(s + 5, name, n) == 0 &&
        (s[5 + n] == '\0' || s[5 + n] == ','))
      return s;
    if (strcmp(s, name) == 0) return s;
  }
  return NULL;
}

/* "name=seccomp,profile=default" -> "default" (malloc'd), NULL if absent. */
static char *option_value(const char *opt, const char *key) {
  size_t n = strlen(key);
  for (const char *p = opt; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
    if (strncmp(p, key, n) == 0 && p[n] == '=')
      return ds_strndup(p + n + 1, strcspn(p + n + 1, ","));
  }
  return NULL;
}

static int api_at_least(const char *version, int major, int minor) {
  int a, b;
  return version && sscanf(version, "%4d.%4d", &a, &b) == 2 &&
         (a > major || (a == major && b >= minor));
}

/* -1 when the engine does not report `key` (or reports null). */
static int tristate(json_object *o, const char *key) {
  json_object *v = ds_json_path(o, key, NULL);
  if (!v || json_object_is_type(v, json_type_null)) return -1;
  return ds_json_bool(o, key);
}

int ds_info_is_loopback_cidr(const char *cidr) {
  return cidr && (strcmp(cidr, "127.0.0.0/8") == 0 || strcmp(cidr, "::1/128") == 0);
}

/* InsecureRegistryCIDRs, then the names of IndexConfigs marked insecure. */
static json_object *insecure_registries(json_object *reg) {
  json_object *out = json_object_new_array();
  if (!out) return NULL;
  json_object *cidrs = ds_json_path(reg, "InsecureRegistryCIDRs", NULL);
  for (size_t i = 0;
       cidrs && json_object_is_type(cidrs, json_type_array) && i < json_object_array_length(cidrs);
       i++)
    json_object_array_add(out, json_object_get(json_object_array_get_idx(cidrs, i)));
  json_object *index = ds_json_path(reg, "IndexConfigs", NULL);
  if (index && json_object_is_type(index, json_type_object)) {
    json_object_object_foreach(index, name, cfg) {
      if (ds_json_has(cfg, "Secure") && !ds_json_bool(cfg, "Secure"))
        json_object_array_add(out, json_object_new_string(name));
    }
  }
  return out;
}

int ds_info_read(json_object *info, const char *api_version, ds_info *out) {
  memset(out, 0, sizeof(*out));
  out->json = info;
  json_object *opts = ds_json_path(info, "SecurityOptions", NULL);
  if (opts && !json_object_is_type(opts, json_type_array)) opts = NULL;
  out->security_options = opts;
  const char *seccomp = security_option(opts, "seccomp");
  out->seccomp = seccomp != NULL;
  if (seccomp) {
    out->seccomp_profile = option_value(seccomp, "profile");
    if (!out->seccomp_profile) out->seccomp_profile = ds_strdup("default");
    if (!out->seccomp_profile) return -1;
  }
  out->apparmor = security_option(opts, "apparmor") != NULL;
  out->selinux = security_option(opts, "selinux") != NULL;
  out->userns = security_option(opts, "userns") != NULL;
  out->rootless = security_option(opts, "rootless") != NULL || ds_json_bool(info, "Rootless");
  if (security_option(opts, "no-new-privileges"))
    out->no_new_privileges = 1;
  else
    out->no_new_privileges = api_at_least(api_version, 1, 43) ? 0 : -1;

  out->live_restore = tristate(info, "LiveRestoreEnabled");
  out->debug = tristate(info, "Debug");
  out->experimental = tristate(info, "ExperimentalBuild");
  out->logging_driver = ds_json_str(info, "LoggingDriver");
  out->storage_driver = ds_json_str(info, "Driver");
  out->root_dir = ds_json_str(info, "DockerRootDir");
  out->default_runtime = ds_json_str(info, "DefaultRuntime");
  out->cgroup_driver = ds_json_str(info, "CgroupDriver");
  out->cgroup_version = ds_json_str(info, "CgroupVersion");
  out->server_version = ds_json_str(info, "ServerVersion");

  out->registry_config = ds_json_path(info, "RegistryConfig", NULL);
  out->registry_mirrors = ds_json_path(out->registry_config, "Mirrors", NULL);
  out->authorization_plugins = ds_json_path(info, "Plugins", "Authorization", NULL);
  out->insecure_registries = insecure_registries(out->registry_config);
  if (!out->insecure_registries) {
    ds_info_free(out);
    return -1;
  }
  return 0;
}

void ds_info_free(ds_info *info) {
  free(info->seccomp_profile);
  json_object_put(info->insecure_registries);
  memset(info, 0, sizeof(*info));
}

int ds_info_get(ds_docker *d, ds_info *out, char **err) {
  memset(out, 0, sizeof(*out));
  *err = NULL;
  json_object *info = d ? ds_docker_get(d, "/info", NULL, err) : NULL;
  const char *api = info ? ds_docker_api_version(d, err) : NULL;
  if (!info || !api) {
    if (!*err) *err = ds_strdup("out of memory");
    return -1;
  }
  if (ds_info_read(info, api, out) != 0) {
    *err = ds_strdup("out of memory");
    return -1;
  }
  return 0;
}

char *ds_info_insecure_text(const ds_info *info, int with_loopback) {
  json_object *out = json_object_new_array();
  if (!out) return NULL;
  json_object *all = info->insecure_registries;
  for (size_t i = 0; all && i < json_object_array_length(all); i++) {
    json_object *e = json_object_array_get_idx(all, i);
    if (with_loopback || !ds_info_is_loopback_cidr(json_object_get_string(e)))
      json_object_array_add(out, json_object_get(e));
  }
  char *text = ds_json_text(out, 1);
  json_object_put(out);
  return text;
}
