/*
** oci.c - the OCI runtime spec (config.json) parser and the settings derived
** from it.  See ds_oci.h.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "common/ds_util.h"
#include "engine/ds_docker.h"
#include "runtime/ds_oci.h"

static json_object *member(json_object *o, const char *key, json_type type) {
  json_object *v;
  if (!o || !json_object_is_type(o, json_type_object)) return NULL;
  if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, type)) return NULL;
  return v;
}

static const char *member_str(json_object *o, const char *key) {
  json_object *v = member(o, key, json_type_string);
  return v ? json_object_get_string(v) : NULL;
}

static int member_bool(json_object *o, const char *key) {
  json_object *v = member(o, key, json_type_boolean);
  return v ? json_object_get_boolean(v) : 0;
}

/* An integer member (json-c reads large unsigned values as INT64_MAX). */
static long long member_int(json_object *o, const char *key) {
  json_object *v = member(o, key, json_type_int);
  return v ? (long long)json_object_get_int64(v) : DS_OCI_UNSET;
}

int ds_oci_parse(const char *text, size_t len, ds_oci_spec *out, char **err) {
  memset(out, 0, sizeof(*out));
  out->uid = out->gid = DS_OCI_UNSET;
  out->memory_limit = out->cpu_quota = out->cpu_period = out->cpu_shares = DS_OCI_UNSET;
  out->pids_limit = DS_OCI_UNSET;
  *err = NULL;
  if (len == 0) {
    *err = ds_strdup("empty config.json");
    return -1;
  }
  json_object *doc = ds_json_parse(text, len, err);
  if (!doc) return -1;
  if (!json_object_is_type(doc, json_type_object)) {
    json_object_put(doc);
    *err = ds_strdup("config.json is not a JSON object");
    return -1;
  }
  out->doc = doc;
  json_object *process = member(doc, "process", json_type_object);
  json_object *linux = member(doc, "linux", json_type_object);
  json_object *user = member(process, "user", json_type_object);
  out->uid = member_int(user, "uid");
  out->gid = member_int(user, "gid");
  out->additional_gids = member(user, "additionalGids", json_type_array);
  static const char *const sets[DS_OCI_NCAPSETS] = {"bounding", "effective", "permitted",
                                                    "inheritable", "ambient"};
  json_object *caps = member(process, "capabilities", json_type_object);
  for (int i = 0; i < DS_OCI_NCAPSETS; i++)
    out->caps[i] = member(caps, sets[i], json_type_array);
  out->no_new_privileges = member_bool(process, "noNewPrivileges");
  out->apparmor_profile = member_str(process, "apparmorProfile");
  out->selinux_label = member_str(process, "selinuxLabel");
  out->env = member(process, "env", json_type_array);
  out->readonly_rootfs = member_bool(member(doc, "root", json_type_object), "readonly");
  out->mounts = member(doc, "mounts", json_type_array);
  out->annotations = member(doc, "annotations", json_type_object);
  out->namespaces = member(linux, "namespaces", json_type_array);
  out->uid_mappings = member(linux, "uidMappings", json_type_array);
  out->gid_mappings = member(linux, "gidMappings", json_type_array);
  out->seccomp = member(linux, "seccomp", json_type_object);
  out->devices = member(linux, "devices", json_type_array);
  out->masked_paths = member(linux, "maskedPaths", json_type_array);
  out->readonly_paths = member(linux, "readonlyPaths", json_type_array);
  out->sysctl = member(linux, "sysctl", json_type_object);
  out->cgroups_path = member_str(linux, "cgroupsPath");
  json_object *res = member(linux, "resources", json_type_object);
  out->device_rules = member(res, "devices", json_type_array);
  out->memory_limit = member_int(member(res, "memory", json_type_object), "limit");
  json_object *cpu = member(res, "cpu", json_type_object);
  out->cpu_quota = member_int(cpu, "quota");
  out->cpu_period = member_int(cpu, "period");
  out->cpu_shares = member_int(cpu, "shares");
  out->pids_limit = member_int(member(res, "pids", json_type_object), "limit");
  return 0;
}

void ds_oci_free(ds_oci_spec *s) {
  if (s->doc) json_object_put(s->doc);
  memset(s, 0, sizeof(*s));
}

const char *ds_oci_annotation(const ds_oci_spec *s, const char *key) {
  return member_str(s->annotations, key);
}

int ds_oci_host_namespace(const ds_oci_spec *s, const char *type) {
  /* /proc/1/ns/<kind>: the kinds are the spec's types but for two. */
  const char *kind = strcmp(type, "network") == 0 ? "net"
                     : strcmp(type, "mount") == 0 ? "mnt"
                                                  : type;
  size_t n = s->namespaces ? json_object_array_length(s->namespaces) : 0;
  for (size_t i = 0; i < n; i++) {
    json_object *ns = json_object_array_get_idx(s->namespaces, i);
    const char *t = member_str(ns, "type");
    if (!t || strcmp(t, type) != 0) continue;
    const char *path = member_str(ns, "path");
    if (!path || !*path) return 0;
    char host[64];
    snprintf(host, sizeof(host), "/proc/1/ns/%s", kind);
    return strcmp(path, host) == 0;
  }
  return 1;
}

int ds_oci_has_cap(const ds_oci_spec *s, int set, const char *name) {
  json_object *a = set >= 0 && set < DS_OCI_NCAPSETS ? s->caps[set] : NULL;
  size_t n = a ? json_object_array_length(a) : 0;
  for (size_t i = 0; i < n; i++) {
    json_object *c = json_object_array_get_idx(a, i);
    if (json_object_is_type(c, json_type_string) && strcmp(json_object_get_string(c), name) == 0)
      return 1;
  }
  return 0;
}

int ds_oci_rule_allows_all(json_object *r) {
  if (!member_bool(r, "allow")) return 0;
  const char *type = member_str(r, "type");
  if (type && strcmp(type, "a") != 0) return 0;
  long long major = member_int(r, "major"), minor = member_int(r, "minor");
  if ((major != DS_OCI_UNSET && major != -1) || (minor != DS_OCI_UNSET && minor != -1)) return 0;
  const char *access = member_str(r, "access");
  return access && strchr(access, 'r') && strchr(access, 'w') && strchr(access, 'm');
}

int ds_oci_privileged(const ds_oci_spec *s) {
  if (!ds_oci_has_cap(s, DS_OCI_BOUNDING, "CAP_SYS_ADMIN")) return 0;
  if (s->masked_paths && json_object_array_length(s->masked_paths) > 0) return 0;
  size_t n = s->device_rules ? json_object_array_length(s->device_rules) : 0;
  for (size_t i = 0; i < n; i++)
    if (ds_oci_rule_allows_all(json_object_array_get_idx(s->device_rules, i))) return 1;
  return 0;
}

const char *ds_oci_seccomp(const ds_oci_spec *s) {
  if (!s->seccomp) return "none";
  const char *a = member_str(s->seccomp, "defaultAction");
  return a ? a : "profile";
}
