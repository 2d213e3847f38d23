/*
** mount_origin.c - who asked for a mount of a runtime spec: the runtime
** itself, a volume manager, or the user (ds_runtime.h says what each is).
**
** Why: an engine API's Mounts list only what the user asked for (binds,
** volumes, --mount tmpfs), while the spec the runtime hands to runc lists
** every mount, the runtime's own included (proc, /dev, /etc/hosts from its
** state directory...).  Checks written against the engine's list must see
** the same list from the spec, or every containerd container would be
** reported for its runtime's /etc/resolv.conf, and every Kubernetes
** emptyDir (a bind from /var/lib/kubelet) as a host path.
**
** Everything is judged from path components, never from fixed roots: data
** roots (Docker's data-root, kubelet's root-dir, containers/storage's
** graphroot) are configurable, but the container's id, its pod's sandbox id
** and pod uid, and the volumes/<name>/_data shape are not.
*/
#include <stdlib.h>
#include <string.h>

#include "common/ds_util.h"
#include "dockersec.h"
#include "engine/ds_docker.h"
#include "runtime/ds_runtime.h"

/* The position just after the first component `name` of a path at or
** after `from` (a '/' or the end), or NULL. */
static const char *after_component(const char *from, const char *name) {
  size_t n = strlen(name);
  if (n == 0) return NULL;
  for (const char *p = strchr(from, '/'); p; p = strchr(p + 1, '/')) {
    if (strncmp(p + 1, name, n) == 0 && (p[1 + n] == '/' || p[1 + n] == '\0')) return p + 1 + n;
  }
  return NULL;
}

/* The component that starts after the '/' at `p`, malloc'd; NULL if none. */
static char *next_component(const char *p) {
  if (!p || *p != '/' || !p[1] || p[1] == '/') return NULL;
  size_t n = strcspn(p + 1, "/");
  return ds_strndup(p + 1, n);
}

static int one_of(const char *s, const char *const *list) {
  for (; s && *list; list++)
    if (strcmp(s, *list) == 0) return 1;
  return 0;
}

/* The options say bind/rbind (ctr and some runtimes give no type), and
** whether the last of ro/rw is ro. */
static void scan_options(json_object *m, int *bind, int *ro) {
  *bind = *ro = 0;
  json_object *opts = ds_json_path(m, "options", NULL);
  if (!opts || !json_object_is_type(opts, json_type_array)) return;
  for (size_t i = 0, n = json_object_array_length(opts); i < n; i++) {
    const char *o = json_object_get_string(json_object_array_get_idx(opts, i));
    if (!o) continue;
    if (strcmp(o, "bind") == 0 || strcmp(o, "rbind") == 0) *bind = 1;
    if (strcmp(o, "ro") == 0) *ro = 1;
    if (strcmp(o, "rw") == 0) *ro = 0;
  }
}

/* <kubelet root>/pods/<uid>/...: a pod volume (volumes/<plugin>/<name>,
** volume-subpaths/<name>/...) or kubelet's own file (etc-hosts,
** containers/<name>/<n> for the termination log). */
static int kubelet_origin(const char *rest, char **volume) {
  const char *p = NULL;
  if (strncmp(rest, "/volumes/", 9) == 0) {
    p = strchr(rest + 9, '/'); /* past the plugin (kubernetes.io~empty-dir) */
  } else if (strncmp(rest, "/volume-subpaths", 16) == 0) {
    p = rest + 16;
  } else {
    return DS_MOUNT_RUNTIME;
  }
  if (volume) *volume = next_component(p);
  return DS_MOUNT_VOLUME;
}

int ds_runtime_mount_origin(json_object *m, const char *id, const ds_rt_pod *pod, char **volume) {
  static const char *const runtime_tmpfs[] = {"/dev", "/dev/shm", "/run", NULL};
  static const char *const init_binaries[] = {"/sbin/docker-init", "/run/podman-init", "/dev/init",
                                              NULL};
  static const char *const host_files[] = {"/etc/hosts", "/etc/resolv.conf", "/etc/hostname", NULL};
  if (volume) *volume = NULL;
  const char *type = ds_json_str(m, "type");
  const char *src = ds_json_str(m, "source");
  const char *dst = ds_json_str(m, "destination");
  int bind, ro;
  scan_options(m, &bind, &ro);
  if (type && strcmp(type, "bind") == 0) bind = 1;
  if (!bind) {
    /* a kernel filesystem is always the runtime's; a tmpfs is unless it is
    ** one the runtimes mount by default */
    if (type && strcmp(type, "tmpfs") == 0 && !one_of(dst, runtime_tmpfs)) return DS_MOUNT_USER;
    return DS_MOUNT_RUNTIME;
  }
  if (!src || !*src) return DS_MOUNT_USER;
  if (one_of(dst, init_binaries)) return DS_MOUNT_RUNTIME;
  /* files the runtime generates for this container or its pod's sandbox */
  if ((id && after_component(src, id)) ||
      (pod && pod->sandbox_id && after_component(src, pod->sandbox_id)))
    return DS_MOUNT_RUNTIME;
  /* a host-network container gets the host's own name files, read-only */
  if (ro && dst && strcmp(src, dst) == 0 && one_of(dst, host_files)) return DS_MOUNT_RUNTIME;
  if (pod && pod->pod_uid && *pod->pod_uid) {
    for (const char *p = after_component(src, "pods"); p; p = after_component(p, "pods")) {
      size_t n = strlen(pod->pod_uid);
      if (p[0] == '/' && strncmp(p + 1, pod->pod_uid, n) == 0 && (p[1 + n] == '/' || !p[1 + n]))
        return kubelet_origin(p + 1 + n, volume);
    }
  }
  /* <root>/volumes/<name>/_data[/subpath]: Docker's and Podman's volumes */
  for (const char *p = after_component(src, "volumes"); p; p = after_component(p, "volumes")) {
    char *name = next_component(p);
    const char *data = name ? p + 1 + strlen(name) : NULL;
    if (data && strncmp(data, "/_data", 6) == 0 && (data[6] == '/' || !data[6])) {
      if (volume)
        *volume = name;
      else
        free(name);
      return DS_MOUNT_VOLUME;
    }
    free(name);
  }
  return DS_MOUNT_USER;
}
