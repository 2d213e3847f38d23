/*
** ds_runtime.h - the containers of every OCI runtime on the host, found by
** looking under the root prefix (DOCKERSEC_ROOT), none assumed:
**
**   containerd v2/v1 shim bundles   <state>/io.containerd.runtime.v2.task/<ns>/<id>/
**     /run/containerd               containerd (k8s.io, default, …; moby = Docker 23+)
**     /run/docker/containerd/daemon Docker 20.10's own containerd (moby)
**     /run/k3s/containerd           k3s / RKE2
**   containers/storage              <graphroot|runroot>/<driver>-containers/<id>/userdata/
**     /var/lib/containers/storage + /run/containers/storage (CRI-O, Podman rootful)
**     ~/.local/share/containers/storage + /run/user/<uid>/containers (Podman rootless)
**   runc / crun state               /run/runc/<id>/state.json, /run/crun/<id>/status
**     (containers started by the runtime directly; their bundle is in the state)
**
** The init pid comes from the bundle (init.pid, userdata/pidfile) or the
** runtime's state; the state is runc's own rule: a live pid with an
** exec.fifo in the state directory is "created", one whose cgroup is frozen
** "paused", a live pid "running", a
** pid that is gone "stopped".
*/
#ifndef DS_RUNTIME_H
#define DS_RUNTIME_H

#include "dockersec.h"
#include "runtime/ds_oci.h"

typedef struct ds_rt_container {
  const char *runtime; /* "docker", "containerd", "k3s", "cri-o", "podman", "runc", "crun" */
  char namespace[128]; /* containerd namespace ("k8s.io", "moby"); "" elsewhere            */
  char id[256];
  char bundle[4096]; /* host path of the directory holding config.json                */
  long pid;          /* init pid (host view), 0 when unknown                           */
  const char *state; /* "running", "created", "stopped", "unknown"                      */
  long owner_uid;    /* rootless Podman: the user's uid; -1 otherwise                   */
  char name[256];    /* from the runtime's own records when it keeps one, else ""      */
  char image[512];
  char records[1024]; /* host path of the engine's record of it (Docker's config.v2.json,
                         containers/storage's containers.json): name and image   */
} ds_rt_container;

/* Flags for ds_runtime_each. */
enum {
  DS_RT_NAMES = 1 << 0, /* fill name and image from containers.json / config.v2.json */
  DS_RT_LAZY = 1 << 1,  /* ds_runtime_scan: report as found, config.json not read  */
};

/*
** Called once per container whose id the query accepts (column `id_col`).
** `spec` is the parsed config.json, or NULL with `note` saying why it could
** not be read (malformed, half-written, too large); a bundle that vanished
** mid-scan is not reported at all.  The runtime of a containers/storage
** container is told from its annotations (Podman writes
** io.container.manager=libpod, CRI-O does not).  Returns SQLITE_OK to go on.
*/
typedef int (*ds_rt_fn)(ds_query *q, const ds_rt_container *c, const ds_oci_spec *spec,
                        const char *note, void *arg);

int ds_runtime_each(ds_query *q, int id_col, unsigned flags, ds_rt_fn fn, void *arg);

/* The same, skipping before its config.json is read every container for
** which `want` (given `arg`) returns 0. */
typedef int (*ds_rt_want_fn)(ds_query *q, const ds_rt_container *c, void *arg);
int ds_runtime_each_if(ds_query *q, int id_col, unsigned flags, ds_rt_want_fn want, ds_rt_fn fn,
                       void *arg);

/*
** The runtime state of the host is read once per snapshot, like the
** engine's answers (cache_ttl_ms, which a pack run extends to the run): an
** unconstrained ds_runtime_each() scans every runtime's state into the
** connection's snapshot, and every later call within cache_ttl_ms - the
** other checks of a pack, the child tables of a join - is served from it.
** A call for given ids with no snapshot scans for those ids only.  A
** snapshot reads a container's config.json when a call first wants it, so
** containers every call skips (Docker's, when its engine answers for them)
** are never parsed.
**
** ds_runtime_scan() is the scan itself (discover.c), always fresh;
** ds_runtime_load() reads one container found by a DS_RT_LAZY scan: 1 with
** *spec parsed, 0 with a malloc'd *note saying why not, -1 when it is gone.
*/
int ds_runtime_scan(ds_query *q, int id_col, unsigned flags, ds_rt_want_fn want, ds_rt_fn fn,
                    void *arg);
int ds_runtime_load(ds_query *q, unsigned flags, ds_rt_container *c, ds_oci_spec *spec,
                    char **note);
typedef struct ds_rt_snapshot ds_rt_snapshot;
void ds_rt_snapshot_free(ds_rt_snapshot *s);

/* The pod and container identity of Kubernetes annotations (containerd CRI
** or CRI-O), NULL when absent. */
typedef struct ds_rt_pod {
  const char *container_name, *pod_name, *pod_namespace, *pod_uid, *image;
  const char *sandbox_id; /* the pod's sandbox container (its id)          */
  int sandbox;            /* 1 for a pod's sandbox (pause) container       */
} ds_rt_pod;
void ds_runtime_pod(const ds_oci_spec *spec, ds_rt_pod *out);

/*
** Who asked for a mount of a runtime spec (mounts[i]), so that the mounts a
** user gave can be audited like the Mounts an engine API reports, without
** the runtime's own:
**   DS_MOUNT_RUNTIME  the runtime's or orchestrator's own: kernel
**                     filesystems (proc, sysfs, devpts, mqueue, cgroup),
**                     the tmpfs at /dev, /dev/shm and /run, the files it
**                     generates (hosts, resolv.conf, hostname, shm) in its
**                     own state directory for this container or its pod's
**                     sandbox, kubelet's etc-hosts and termination-log, the
**                     host's /etc/hosts or resolv.conf given read-only to a
**                     host-network container, an init binary (--init);
**   DS_MOUNT_VOLUME   a managed volume: Docker's or Podman's named or
**                     anonymous volume (<root>/volumes/<name>/_data), a
**                     Kubernetes pod volume (emptyDir, configMap, secret,
**                     projected token: <kubelet>/pods/<pod uid>/volumes/…);
**                     *volume gets its name;
**   DS_MOUNT_USER     anything else: a host path (Docker's -v /x:/y,
**                     Kubernetes hostPath) or a tmpfs the user asked for.
** `pod` is the container's (ds_runtime_pod); `volume` (may be NULL) gets
** a malloc'd name or NULL.
*/
enum { DS_MOUNT_RUNTIME, DS_MOUNT_VOLUME, DS_MOUNT_USER };
int ds_runtime_mount_origin(json_object *mount, const char *id, const ds_rt_pod *pod,
                            char **volume);

#endif
