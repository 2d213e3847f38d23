/*
** discover.c - finds the containers of every OCI runtime under the root
** prefix and hands each, with its parsed config.json, to a callback.  See
** ds_runtime.h for the places looked at.
*/
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/ds_util.h"
#include "engine/ds_docker.h"
#include "host/ds_cgroup.h"
#include "host/ds_procfs.h"
#include "runtime/ds_runtime.h"

#define MAX_CONFIG (16u << 20) /* config.json: Docker's with seccomp is ~30 KiB */

typedef struct scan {
  ds_query *q;
  int id_col;
  unsigned flags;
  ds_rt_want_fn want;
  ds_rt_fn fn;
  void *arg;
  const char *root;
  char **seen; /* ids already reported: a container is reported once */
  size_t nseen, capseen;
  ds_buf b;
} scan;

/* <root><host path built from fmt> into out; 0 when it does not fit. */
static int hpath(const scan *s, char *out, size_t outsz, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int hpath(const scan *s, char *out, size_t outsz, const char *fmt, ...) {
  char host[4096];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(host, sizeof(host), fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof(host)) return 0;
  return ds_host_path(s->root, host, out, outsz) != NULL;
}

static int exists(const scan *s, const char *host_path) {
  char p[4096];
  struct stat st;
  return hpath(s, p, sizeof(p), "%s", host_path) && stat(p, &st) == 0;
}

/* A directory entry worth looking into: not "." / "..", no '/'. */
static int plain_name(const char *n) {
  return n[0] && strcmp(n, ".") != 0 && strcmp(n, "..") != 0;
}

static int seen(const scan *s, const char *id) {
  for (size_t i = 0; i < s->nseen; i++)
    if (strcmp(s->seen[i], id) == 0) return 1;
  return 0;
}

static int mark_seen(scan *s, const char *id) {
  if (s->nseen == s->capseen) {
    size_t cap = s->capseen ? s->capseen * 2 : 64;
    char **n = realloc(s->seen, cap * sizeof(*n));
    if (!n) return -1;
    s->seen = n;
    s->capseen = cap;
  }
  return (s->seen[s->nseen] = ds_strdup(id)) ? (int)(s->nseen++, 0) : -1;
}

/* The pid in a pid file (decimal, maybe a newline); 0 when absent or not a
** pid. */
static long read_pid(scan *s, const char *host_path) {
  char p[4096];
  if (!hpath(s, p, sizeof(p), "%s", host_path) || ds_read_into(p, 64, &s->b) != 0) return 0;
  char *end;
  long pid = strtol(s->b.data, &end, 10);
  return pid > 0 && end != s->b.data ? pid : 0;
}

/* A JSON file under the root, or NULL. */
static json_object *read_json(scan *s, const char *host_path, size_t max) {
  char p[4096], *err = NULL;
  if (!hpath(s, p, sizeof(p), "%s", host_path) || ds_read_into(p, max, &s->b) != 0) return NULL;
  json_object *o = ds_json_parse(s->b.data, s->b.len, &err);
  free(err);
  return o;
}

/* runc's rule: a live init with an exec.fifo still in the state directory
** has not been started; one whose cgroup is frozen is paused. */
static const char *state_of(const scan *s, long pid, const char *state_dir) {
  if (pid <= 0) return "unknown";
  char proc[64];
  snprintf(proc, sizeof(proc), "/proc/%ld", pid);
  if (!exists(s, proc)) return "stopped";
  char fifo[4200];
  if (state_dir && snprintf(fifo, sizeof(fifo), "%s/exec.fifo", state_dir) < (int)sizeof(fifo) &&
      exists(s, fifo))
    return "created";
  return ds_cgroup_frozen(s->root, pid) == 1 ? "paused" : "running";
}

/* "/var/run/x" is "/run/x": under a root prefix the /var/run symlink would
** point outside it. */
static const char *unvar(const char *p) {
  return strncmp(p, "/var/run/", 9) == 0 ? p + 4 : p;
}

/* strlcpy: truncates, always terminates. */
static void copy(char *dst, size_t n, const char *src) {
  size_t l = src ? strlen(src) : 0;
  if (l >= n) l = n - 1;
  if (l) memcpy(dst, src, l);
  dst[l] = '\0';
}

/* Podman says who made it; CRI-O marks its containers' type. */
static const char *refine_runtime(const char *runtime, const ds_oci_spec *spec) {
  if (strcmp(runtime, "containers-storage") != 0 && strcmp(runtime, "runc") != 0 &&
      strcmp(runtime, "crun") != 0)
    return runtime;
  const char *mgr = ds_oci_annotation(spec, "io.container.manager");
  if (mgr && strcmp(mgr, "libpod") == 0) return "podman";
  if (ds_oci_annotation(spec, "io.kubernetes.cri-o.ContainerType")) return "cri-o";
  return runtime;
}

/* Name and image of a Docker container from its config.v2.json. */
static void docker_names(scan *s, ds_rt_container *c) {
  json_object *o = read_json(s, c->records, 4u << 20);
  if (!o) return;
  const char *name = ds_json_str(o, "Name");
  copy(c->name, sizeof(c->name), name && name[0] == '/' ? name + 1 : name);
  copy(c->image, sizeof(c->image), ds_json_str(ds_json_path(o, "Config", NULL), "Image"));
  json_object_put(o);
}

static void storage_names(scan *s, ds_rt_container *c);

/* Reads the container's name and image (with DS_RT_NAMES) and its parsed
** config.json: 1 parsed, 0 not (*note says why), -1 gone mid-scan. */
static int load(scan *s, ds_rt_container *c, ds_oci_spec *spec, char **note) {
  *note = NULL;
  if ((s->flags & DS_RT_NAMES) && c->records[0]) {
    size_t n = strlen(c->records);
    if (n >= 15 && strcmp(c->records + n - 15, "containers.json") == 0)
      storage_names(s, c);
    else
      docker_names(s, c);
  }
  char p[4200];
  if (!hpath(s, p, sizeof(p), "%s/config.json", c->bundle)) {
    *note = ds_strdup("bundle path too long");
    return 0;
  }
  if (ds_read_into(p, MAX_CONFIG, &s->b) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return -1;
    *note = ds_mprintf("config.json unreadable: %s", strerror(errno));
    return 0;
  }
  if (ds_oci_parse(s->b.data, s->b.len, spec, note) != 0) return 0;
  c->runtime = refine_runtime(c->runtime, spec);
  return 1;
}

int ds_runtime_load(ds_query *q, unsigned flags, ds_rt_container *c, ds_oci_spec *spec,
                    char **note) {
  scan s = {.q = q, .flags = flags, .root = ds_query_root(q)};
  int rc = load(&s, c, spec, note);
  ds_buf_free(&s.b);
  return rc;
}

/* Reports the container: with DS_RT_LAZY as found, else with its spec. */
static int deliver(scan *s, ds_rt_container *c) {
  if (mark_seen(s, c->id) != 0) return ds_error(s->q, "out of memory");
  if (s->want && !s->want(s->q, c, s->arg)) return SQLITE_OK;
  if (s->flags & DS_RT_LAZY) return s->fn(s->q, c, NULL, NULL, s->arg);
  ds_oci_spec spec;
  char *note = NULL;
  int parsed = load(s, c, &spec, &note);
  if (parsed < 0) return SQLITE_OK; /* gone mid-scan */
  int rc = s->fn(s->q, c, parsed ? &spec : NULL, note, s->arg);
  if (parsed) ds_oci_free(&spec);
  free(note);
  return rc;
}

/* ---- containerd shim bundles ------------------------------------------------ */

static void containerd_state(scan *s, ds_rt_container *c, const char *ns) {
  char host[4200], runc_root[1024] = "/run/containerd/runc";
  snprintf(host, sizeof(host), "%s/options.json", c->bundle);
  json_object *opt = read_json(s, host, 64 * 1024);
  const char *r = ds_json_str(opt, "root");
  if (!r) r = ds_json_str(opt, "Root");
  if (r && r[0] == '/') copy(runc_root, sizeof(runc_root), unvar(r));
  json_object_put(opt);
  char state_dir[2048];
  snprintf(state_dir, sizeof(state_dir), "%s/%s/%s", runc_root, ns, c->id);
  snprintf(host, sizeof(host), "%s/init.pid", c->bundle);
  c->pid = read_pid(s, host);
  if (c->pid == 0) {
    snprintf(host, sizeof(host), "%s/state.json", state_dir);
    json_object *st = read_json(s, host, 4u << 20);
    c->pid = (long)ds_json_int(st, "init_process_pid", 0);
    json_object_put(st);
  }
  c->state = state_of(s, c->pid, state_dir);
}

static int scan_namespace(scan *s, const char *runtime, const char *tasks, const char *ns) {
  char dir[4200];
  if (!hpath(s, dir, sizeof(dir), "%s/%s", tasks, ns)) return SQLITE_OK;
  DIR *d = opendir(dir);
  if (!d) return SQLITE_OK;
  int rc = SQLITE_OK;
  struct dirent *e;
  while (rc == SQLITE_OK && (e = readdir(d)) != NULL) {
    if (!plain_name(e->d_name) || seen(s, e->d_name)) continue;
    if (!ds_query_accepts_text(s->q, s->id_col, e->d_name)) continue;
    ds_rt_container c = {.owner_uid = -1};
    c.runtime = strcmp(ns, "moby") == 0 ? "docker" : runtime;
    copy(c.namespace, sizeof(c.namespace), ns);
    copy(c.id, sizeof(c.id), e->d_name);
    if (snprintf(c.bundle, sizeof(c.bundle), "%s/%s/%s", tasks, ns, e->d_name) >=
        (int)sizeof(c.bundle))
      continue;
    containerd_state(s, &c, ns);
    if (strcmp(c.runtime, "docker") == 0)
      snprintf(c.records, sizeof(c.records), "/var/lib/docker/containers/%s/config.v2.json", c.id);
    rc = deliver(s, &c);
  }
  closedir(d);
  return rc;
}

static int scan_containerd(scan *s) {
  static const struct {
    const char *state, *runtime;
  } roots[] = {{"/run/containerd", "containerd"},
               {"/run/docker/containerd/daemon", "docker"},
               {"/run/k3s/containerd", "k3s"}};
  static const char *const task_dirs[] = {"io.containerd.runtime.v2.task",
                                          "io.containerd.runtime.v1.linux"};
  int rc = SQLITE_OK;
  for (int r = 0; r < DS_COUNT(roots) && rc == SQLITE_OK; r++) {
    for (int t = 0; t < DS_COUNT(task_dirs) && rc == SQLITE_OK; t++) {
      char tasks[512], dir[4200];
      snprintf(tasks, sizeof(tasks), "%s/%s", roots[r].state, task_dirs[t]);
      if (!hpath(s, dir, sizeof(dir), "%s", tasks)) continue;
      DIR *d = opendir(dir);
      if (!d) continue;
      struct dirent *e;
      while (rc == SQLITE_OK && (e = readdir(d)) != NULL)
        if (plain_name(e->d_name)) rc = scan_namespace(s, roots[r].runtime, tasks, e->d_name);
      closedir(d);
    }
  }
  return rc;
}

/* ---- containers/storage (CRI-O, Podman) ---------------------------------------- */

/* Name and image of a containers/storage container from the driver's
** containers.json ("names", metadata's "image-name"). */
static void storage_names(scan *s, ds_rt_container *c) {
  json_object *all = read_json(s, c->records, 64u << 20);
  size_t n = all && json_object_is_type(all, json_type_array) ? json_object_array_length(all) : 0;
  for (size_t i = 0; i < n; i++) {
    json_object *o = json_object_array_get_idx(all, i);
    const char *id = ds_json_str(o, "id");
    if (!id || strcmp(id, c->id) != 0) continue;
    json_object *names = NULL;
    if (json_object_object_get_ex(o, "names", &names) &&
        json_object_is_type(names, json_type_array) && json_object_array_length(names) > 0)
      copy(c->name, sizeof(c->name), json_object_get_string(json_object_array_get_idx(names, 0)));
    const char *meta = ds_json_str(o, "metadata");
    char *err = NULL;
    json_object *m = meta ? ds_json_parse(meta, strlen(meta), &err) : NULL;
    free(err);
    copy(c->image, sizeof(c->image), ds_json_str(m, "image-name"));
    json_object_put(m);
    break;
  }
  json_object_put(all);
}

/* One <driver>-containers directory: its ids, with the config from the run
** root (CRI-O) or the graph root (Podman), the pid from the run root. */
static int scan_storage_driver(scan *s, const char *base, const char *graph, const char *run,
                               const char *drv, long uid) {
  char dir[4200];
  if (!hpath(s, dir, sizeof(dir), "%s/%s", base, drv)) return SQLITE_OK;
  DIR *d = opendir(dir);
  if (!d) return SQLITE_OK;
  int rc = SQLITE_OK;
  struct dirent *e;
  while (rc == SQLITE_OK && (e = readdir(d)) != NULL) {
    if (!plain_name(e->d_name) || seen(s, e->d_name)) continue;
    if (!ds_query_accepts_text(s->q, s->id_col, e->d_name)) continue;
    ds_rt_container c = {.owner_uid = uid, .runtime = "containers-storage"};
    copy(c.id, sizeof(c.id), e->d_name);
    char run_ud[4200], cfg[4300];
    snprintf(run_ud, sizeof(run_ud), "%s/%s/%s/userdata", run, drv, e->d_name);
    snprintf(cfg, sizeof(cfg), "%s/config.json", run_ud);
    if (exists(s, cfg))
      copy(c.bundle, sizeof(c.bundle), run_ud);
    else if (snprintf(c.bundle, sizeof(c.bundle), "%s/%s/%s/userdata", graph, drv, e->d_name) >=
             (int)sizeof(c.bundle))
      continue;
    snprintf(cfg, sizeof(cfg), "%s/pidfile", run_ud);
    c.pid = read_pid(s, cfg);
    c.state = c.pid ? state_of(s, c.pid, NULL) : "stopped";
    snprintf(c.records, sizeof(c.records), "%s/%s/containers.json", graph, drv);
    rc = deliver(s, &c);
  }
  closedir(d);
  return rc;
}

static int scan_storage(scan *s, const char *graph, const char *run, long uid) {
  const char *bases[] = {run, graph};
  int rc = SQLITE_OK;
  for (int i = 0; i < 2 && rc == SQLITE_OK; i++) {
    char dir[4200];
    if (!hpath(s, dir, sizeof(dir), "%s", bases[i])) continue;
    DIR *d = opendir(dir);
    if (!d) continue;
    struct dirent *e;
    while (rc == SQLITE_OK && (e = readdir(d)) != NULL) {
      size_t n = strlen(e->d_name);
      if (n > 11 && strcmp(e->d_name + n - 11, "-containers") == 0)
        rc = scan_storage_driver(s, bases[i], graph, run, e->d_name, uid);
    }
    closedir(d);
  }
  return rc;
}

/* The home directory of `uid` in <root>/etc/passwd, or "" when not found. */
static void home_of(scan *s, long uid, char *out, size_t outsz) {
  char p[4096];
  out[0] = '\0';
  if (!hpath(s, p, sizeof(p), "/etc/passwd") || ds_read_into(p, 16u << 20, &s->b) != 0) return;
  for (char *line = s->b.data; line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = '\0';
    char *f[7] = {0};
    int nf = 0;
    for (char *t = line; nf < 7; nf++) {
      f[nf] = t;
      t = strchr(t, ':');
      if (!t) {
        nf++;
        break;
      }
      *t++ = '\0';
    }
    if (nf >= 6 && strtol(f[2], NULL, 10) == uid && f[5][0] == '/') {
      copy(out, outsz, f[5]);
      return;
    }
    line = nl ? nl + 1 : NULL;
  }
}

static int scan_rootless(scan *s) {
  char dir[4096];
  if (!hpath(s, dir, sizeof(dir), "/run/user")) return SQLITE_OK;
  DIR *d = opendir(dir);
  if (!d) return SQLITE_OK;
  int rc = SQLITE_OK;
  struct dirent *e;
  while (rc == SQLITE_OK && (e = readdir(d)) != NULL) {
    char *end;
    long uid = strtol(e->d_name, &end, 10);
    if (!plain_name(e->d_name) || *end || uid < 0) continue;
    char home[2048], graph[2200], run[128];
    home_of(s, uid, home, sizeof(home));
    snprintf(graph, sizeof(graph), "%s/.local/share/containers/storage", home);
    snprintf(run, sizeof(run), "/run/user/%ld/containers", uid);
    rc = scan_storage(s, home[0] ? graph : "/nonexistent", run, uid);
  }
  closedir(d);
  return rc;
}

/* ---- runc / crun state of containers no engine above knows ---------------------- */

static int scan_oci_state(scan *s, const char *runtime, const char *state_root, const char *file) {
  char dir[4096];
  if (!hpath(s, dir, sizeof(dir), "%s", state_root)) return SQLITE_OK;
  DIR *d = opendir(dir);
  if (!d) return SQLITE_OK;
  int rc = SQLITE_OK;
  struct dirent *e;
  while (rc == SQLITE_OK && (e = readdir(d)) != NULL) {
    if (!plain_name(e->d_name) || seen(s, e->d_name)) continue;
    if (!ds_query_accepts_text(s->q, s->id_col, e->d_name)) continue;
    char host[4200], state_dir[4200];
    snprintf(state_dir, sizeof(state_dir), "%s/%s", state_root, e->d_name);
    if (snprintf(host, sizeof(host), "%s/%s", state_dir, file) >= (int)sizeof(host)) continue;
    json_object *st = read_json(s, host, 4u << 20);
    if (!st) continue; /* gone, or being written */
    ds_rt_container c = {.owner_uid = -1, .runtime = runtime};
    copy(c.id, sizeof(c.id), e->d_name);
    /* runc: init_process_pid and the "bundle=" label; crun: pid, bundle. */
    c.pid = (long)ds_json_int(st, "init_process_pid", ds_json_int(st, "pid", 0));
    const char *bundle = ds_json_str(st, "bundle");
    json_object *labels = ds_json_path(st, "config", "labels", NULL);
    size_t n = labels && json_object_is_type(labels, json_type_array)
                   ? json_object_array_length(labels)
                   : 0;
    for (size_t i = 0; !bundle && i < n; i++) {
      const char *l = json_object_get_string(json_object_array_get_idx(labels, i));
      if (l && strncmp(l, "bundle=", 7) == 0) bundle = l + 7;
    }
    copy(c.bundle, sizeof(c.bundle), bundle);
    json_object_put(st);
    if (c.bundle[0] != '/') continue;
    c.state = state_of(s, c.pid, state_dir);
    rc = deliver(s, &c);
  }
  closedir(d);
  return rc;
}

int ds_runtime_scan(ds_query *q, int id_col, unsigned flags, ds_rt_want_fn want, ds_rt_fn fn,
                    void *arg) {
  scan s = {.q = q, .id_col = id_col, .flags = flags, .want = want, .fn = fn, .arg = arg};
  s.root = ds_query_root(q);
  int rc = scan_containerd(&s);
  if (rc == SQLITE_OK)
    rc = scan_storage(&s, "/var/lib/containers/storage", "/run/containers/storage", -1);
  if (rc == SQLITE_OK) rc = scan_rootless(&s);
  if (rc == SQLITE_OK) rc = scan_oci_state(&s, "runc", "/run/runc", "state.json");
  if (rc == SQLITE_OK) rc = scan_oci_state(&s, "crun", "/run/crun", "status");
  for (size_t i = 0; i < s.nseen; i++)
    free(s.seen[i]);
  free(s.seen);
  ds_buf_free(&s.b);
  return rc;
}

void ds_runtime_pod(const ds_oci_spec *spec, ds_rt_pod *out) {
  memset(out, 0, sizeof(*out));
  if (!spec) return;
  /* containerd CRI first, then CRI-O's keys. */
  const char *type = ds_oci_annotation(spec, "io.kubernetes.cri.container-type");
  if (!type) type = ds_oci_annotation(spec, "io.kubernetes.cri-o.ContainerType");
  out->sandbox = type && strcmp(type, "sandbox") == 0;
  out->container_name = ds_or(ds_oci_annotation(spec, "io.kubernetes.cri.container-name"),
                              ds_oci_annotation(spec, "io.kubernetes.container.name"));
  out->pod_name = ds_or(ds_oci_annotation(spec, "io.kubernetes.cri.sandbox-name"),
                        ds_oci_annotation(spec, "io.kubernetes.pod.name"));
  out->pod_namespace = ds_or(ds_oci_annotation(spec, "io.kubernetes.cri.sandbox-namespace"),
                             ds_oci_annotation(spec, "io.kubernetes.pod.namespace"));
  out->pod_uid = ds_or(ds_oci_annotation(spec, "io.kubernetes.cri.sandbox-uid"),
                       ds_oci_annotation(spec, "io.kubernetes.pod.uid"));
  out->image = ds_or(ds_oci_annotation(spec, "io.kubernetes.cri.image-name"),
                     ds_oci_annotation(spec, "io.kubernetes.cri-o.ImageName"));
  out->sandbox_id = ds_or(ds_oci_annotation(spec, "io.kubernetes.cri.sandbox-id"),
                          ds_oci_annotation(spec, "io.kubernetes.cri-o.SandboxID"));
}
