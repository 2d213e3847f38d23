/*
** ds_cgroup.h - cgroup v1 and v2: /proc/<pid>/cgroup lines, container ids
** in cgroup paths (cgroupfs and systemd drivers, Docker and Podman), limit
** files, and where a container's cgroup lives under /sys/fs/cgroup.
**
** The ds_parse_* / ds_cgroup_* functions taking a buffer are pure (no I/O,
** no allocation).
*/
#ifndef DS_CGROUP_H
#define DS_CGROUP_H

#include <stddef.h>

/* ---- /proc/<pid>/cgroup ---------------------------------------------------- */

/* One line "hierarchy-id:controllers:path"; strings point into the buffer
** (not NUL-terminated). v2's line is "0::/path". */
typedef struct ds_cgroup_line {
  long hierarchy;
  const char *controllers; /* "memory", "cpu,cpuacct", "name=systemd", "" (v2) */
  size_t controllers_len;
  const char *path;
  size_t path_len;
} ds_cgroup_line;

/* Parses up to `max` lines; malformed lines are skipped.  Returns the count. */
int ds_parse_proc_cgroup(const char *buf, size_t len, ds_cgroup_line *out, int max);

/* 1 when the comma-separated `controllers` list names `controller`. */
int ds_cgroup_has_controller(const char *controllers, size_t len, const char *controller);

/*
** The container id in a cgroup path, for both drivers and both versions:
**   /docker/<64hex>                          cgroupfs (v1, v2)
**   /system.slice/docker-<64hex>.scope       systemd
**   /machine.slice/libpod-<64hex>.scope[/…]  podman, systemd
**   /libpod_parent/libpod-<64hex>            podman, cgroupfs
**   …/cri-containerd-<64hex>.scope, …/crio-<64hex>.scope, …/<64hex>
**     (Kubernetes: kubepods[.slice]/…/pod<uid>/…, containerd's /k8s.io/<id>)
** The first matching component wins: with docker-in-docker it is the
** container of the engine that runs on this host.  Writes the lower-case id
** (64 chars + NUL) to out and returns 1, or returns 0.
*/
int ds_cgroup_container_id(const char *path, size_t len, char out[65]);

/* The length of the path up to and including the component holding the
** container id ("/machine.slice/libpod-<id>.scope" of
** ".../libpod-<id>.scope/container"): the container's own cgroup, where the
** engine puts the limits.  0 when the path names no container. */
size_t ds_cgroup_container_prefix(const char *path, size_t len);

/* ---- limit files ----------------------------------------------------------- */

/* How the text of a limit file becomes cgroup_limits.limit_value. */
typedef enum {
  DS_LIMIT_INT,       /* an integer; "max" = unlimited (pids.max, memory.max, …)   */
  DS_LIMIT_V1_BYTES,  /* v1 byte limits: >= 2^63 - page size means unlimited       */
  DS_LIMIT_V1_QUOTA,  /* cpu.cfs_quota_us: -1 means unlimited                       */
  DS_LIMIT_CPU_MAX,   /* "$QUOTA $PERIOD": the quota; "max …" = unlimited           */
  DS_LIMIT_CPUSET,    /* "0-3,8": the number of CPUs (or mems); "" = inherited     */
  DS_LIMIT_IO_WEIGHT, /* "default 100\n8:0 200": the default weight                 */
  DS_LIMIT_KEYED,     /* "key value" lines: the value of the spec's key             */
  DS_LIMIT_RAW,       /* per-device lists (io.max, blkio.throttle.*): no one number */
} ds_limit_kind;

typedef struct ds_limit_file {
  const char *controller; /* v1 hierarchy / v2 controller: "memory", "cpu", …  */
  const char *name;       /* the kernel's file name: "memory.max"                */
  ds_limit_kind kind;
  const char *key; /* DS_LIMIT_KEYED: which line */
} ds_limit_file;

/* The limit files cgroup_limits reads, per version (NULL-name terminated). */
extern const ds_limit_file ds_cgroup_v1_limits[];
extern const ds_limit_file ds_cgroup_v2_limits[];

/* Normalises the text of a limit file.  Returns 1 and sets *value for a
** limit, 0 for unlimited / inherited / not a single number (NULL), -1 when
** the text is malformed. */
int ds_cgroup_parse_limit(ds_limit_kind kind, const char *key, const char *buf, size_t len,
                          long long *value);

/* Trims the trailing newline and blanks: the `value` column (raw text). */
size_t ds_cgroup_trim(const char *buf, size_t len);

/* ---- layout on disk ------------------------------------------------------- */

/* 2 when <root>/sys/fs/cgroup is the unified (v2) hierarchy, 1 otherwise
** (v1 or hybrid: the limits live in the v1 controllers). */
int ds_cgroup_version(const char *root);

/* The directory of `cgroup_path` for `controller` under the root:
** v2 <root>/sys/fs/cgroup<path>, v1 <root>/sys/fs/cgroup/<controller><path>.
** Returns out, or NULL when it does not fit. */
char *ds_cgroup_dir(const char *root, int version, const char *controller, const char *cgroup_path,
                    char *out, size_t outsz);

/* Whether process `pid`'s cgroup is frozen (docker pause, ctr task pause,
** podman pause: the v1 freezer's freezer.state FROZEN/FREEZING, v2's
** cgroup.events "frozen 1"): 1, 0, or -1 when it cannot be told. */
int ds_cgroup_frozen(const char *root, long pid);

/* Where the engines put a container's cgroup, relative to the hierarchy
** root: prefix + 64-hex id + suffix.  Terminated by a NULL prefix. */
typedef struct ds_cgroup_layout {
  const char *prefix, *suffix;
} ds_cgroup_layout;
extern const ds_cgroup_layout ds_cgroup_known_layouts[];

#endif
