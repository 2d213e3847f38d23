/*
** ds_oci.h - one parser of an OCI runtime spec (a bundle's config.json, what
** containerd, CRI-O, Podman or Docker handed to runc/crun) into a struct, and
** the settings derived from it (privileged, host namespaces, seccomp).
**
** The parser never trusts the document: every field is type-checked, a
** field of the wrong type reads as absent.  Pointers into the struct stay
** valid until ds_oci_free().
*/
#ifndef DS_OCI_H
#define DS_OCI_H

#include <json-c/json.h>

/* An integer the spec does not set. */
#define DS_OCI_UNSET (-9223372036854775807LL - 1)

/* process.capabilities sets, in the order of the spec. */
enum { DS_OCI_BOUNDING, DS_OCI_EFFECTIVE, DS_OCI_PERMITTED, DS_OCI_INHERITABLE, DS_OCI_AMBIENT };
#define DS_OCI_NCAPSETS 5

typedef struct ds_oci_spec {
  json_object *doc;                   /* owns everything below */
  long long uid, gid;                 /* process.user; DS_OCI_UNSET when absent        */
  json_object *additional_gids;       /* array or NULL                               */
  json_object *caps[DS_OCI_NCAPSETS]; /* arrays of "CAP_…" or NULL (= empty)    */
  int no_new_privileges;              /* 0 or 1                                 */
  const char *apparmor_profile;       /* NULL when absent                        */
  const char *selinux_label;
  int readonly_rootfs;                         /* root.readonly                              */
  json_object *env;                            /* process.env: array of "K=V"                */
  json_object *mounts;                         /* mounts[]                                   */
  json_object *annotations;                    /* object or NULL                             */
  json_object *namespaces;                     /* linux.namespaces[] or NULL                 */
  json_object *uid_mappings;                   /* linux.uidMappings                          */
  json_object *gid_mappings;                   /* linux.gidMappings                          */
  json_object *seccomp;                        /* linux.seccomp object or NULL (unconfined)  */
  json_object *devices;                        /* linux.devices[] (device nodes)             */
  json_object *device_rules;                   /* linux.resources.devices[] (cgroup rules)   */
  json_object *masked_paths;                   /* linux.maskedPaths                          */
  json_object *readonly_paths;                 /* linux.readonlyPaths                        */
  json_object *sysctl;                         /* linux.sysctl object                        */
  const char *cgroups_path;                    /* linux.cgroupsPath                          */
  long long memory_limit;                      /* linux.resources.memory.limit              */
  long long cpu_quota, cpu_period, cpu_shares; /* linux.resources.cpu.*      */
  long long pids_limit;                        /* linux.resources.pids.limit                */
} ds_oci_spec;

/* Parses config.json text.  Returns 0, or -1 with a malloc'd message in
** *err (malformed JSON, not an object, no "process"/"linux" of the right
** type: a half-written file reads as malformed). */
int ds_oci_parse(const char *text, size_t len, ds_oci_spec *out, char **err);
void ds_oci_free(ds_oci_spec *s);

/* A string annotation, or NULL. */
const char *ds_oci_annotation(const ds_oci_spec *s, const char *key);

/* 1 when the container shares the host's namespace of `type` ("network",
** "pid", "ipc", "uts", "user", "cgroup", "mount"): the type is absent from
** linux.namespaces, or given with the path of pid 1's namespace
** ("/proc/1/ns/<kind>").  A path to any other process's namespace (a pod's
** sandbox, --pid container:x) is not the host's. */
int ds_oci_host_namespace(const ds_oci_spec *s, const char *type);

/* 1 when the spec has capability `name` ("CAP_SYS_ADMIN") in set `set`. */
int ds_oci_has_cap(const ds_oci_spec *s, int set, const char *name);

/*
** 1 when the container is privileged as Docker's --privileged, ctr's
** --privileged and a Kubernetes privileged securityContext make it (the spec
** has no such flag):
**   - the bounding set holds CAP_SYS_ADMIN;
**   - a device cgroup rule allows all devices: allow true, type absent or
**     "a", no major/minor (or -1), access "rwm";
**   - linux.maskedPaths is absent or empty.
** Not "every capability": runtimes that grant "all current capabilities"
** (containerd's --privileged) give fewer when they run with a reduced
** bounding set themselves, and the three together are a host escape anyway.
** Seccomp and AppArmor are not part of it (they have their own columns).
*/
int ds_oci_privileged(const ds_oci_spec *s);

/* 1 when the device rule `r` (linux.resources.devices[i]) allows every
** device with rwm. */
int ds_oci_rule_allows_all(json_object *r);

/* The seccomp column: "none" when linux.seccomp is absent, else its
** defaultAction ("SCMP_ACT_ERRNO"), or "profile" when that is missing. */
const char *ds_oci_seccomp(const ds_oci_spec *s);

#endif
