/*
** cgroup_limits - the resource limits the kernel enforces on each
** container's cgroup: one row per cgroup x limit file, cgroup v1 and v2.
**
** Which cgroups: with `WHERE container_id = …` only that container's -
** found at the engines' known places (/docker/<id>, /system.slice/
** docker-<id>.scope, podman's libpod-<id>), else through the cgroup of one of
** its processes (a custom --cgroup-parent).  With `WHERE cgroup_path = …`
** that cgroup, container or not.  Otherwise every container cgroup: those of
** running processes plus the known places.
**
** Files: ds_cgroup_v1_limits / ds_cgroup_v2_limits (src/host/cgroup.c).  A file
** the kernel does not offer (controller not enabled, old kernel) has no row;
** a file that exists but cannot be read has a row with NULL value.
*/
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dockersec.h"
#include "host/ds_cgroup.h"
#include "host/ds_procfs.h"
#include "common/ds_util.h"

enum {
  C_CONTAINER_ID,
  C_CGROUP_PATH,
  C_CGROUP_VERSION,
  C_CONTROLLER,
  C_NAME,
  C_VALUE,
  C_LIMIT_VALUE,
  C_COUNT
};

static const ds_column columns[] = {
    [C_CONTAINER_ID] = {"container_id", DS_TEXT,
                        "Full ID of the container whose cgroup this is; NULL for other cgroups",
                        DS_INDEXED | DS_NOCASE},
    [C_CGROUP_PATH] = {"cgroup_path", DS_TEXT,
                       "cgroup path relative to the hierarchy root (/system.slice/docker-….scope)",
                       DS_INDEXED},
    [C_CGROUP_VERSION] = {"cgroup_version", DS_INTEGER,
                          "2 on a unified hierarchy, 1 on v1 and hybrid hosts", 0},
    [C_CONTROLLER] = {"controller", DS_TEXT,
                      "memory, pids, cpu, cpuset, io (v2) or blkio and devices (v1)", DS_INDEXED},
    [C_NAME] =
        {"name", DS_TEXT,
         "The kernel's file name: memory.max / memory.limit_in_bytes, pids.max, cpu.max / "
         "cpu.cfs_quota_us, cpu.weight / cpu.shares, cpuset.cpus, io.weight, devices.list (v1: "
         "the device allowlist), …",
         DS_INDEXED},
    [C_VALUE] = {"value", DS_TEXT,
                 "The file's text, trimmed ('max', '50000 100000'); NULL when unreadable", 0},
    [C_LIMIT_VALUE] = {"limit_value", DS_BIGINT,
                       "Normalised limit: bytes, pids, µs of quota (cpu.max's first number), "
                       "weight/shares, number of CPUs in a cpuset; NULL for max/unlimited/-1, an "
                       "inherited empty cpuset, or per-device lists",
                       0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* One cgroup to report. */
typedef struct target {
  char id[65]; /* "" when the cgroup is not a container's */
  char *path;
} target;

typedef struct targets {
  target *items;
  int n, cap;
} targets;

static int has_target(const targets *t, const char *id, const char *path) {
  for (int i = 0; i < t->n; i++) {
    if (id[0] && strcmp(t->items[i].id, id) == 0) return 1;
    if (strcmp(t->items[i].path, path) == 0) return 1;
  }
  return 0;
}

static int add_target(targets *t, const char *id, const char *path, size_t path_len) {
  char *p = ds_strndup(path, path_len);
  if (!p) return SQLITE_NOMEM;
  if (has_target(t, id, p)) {
    free(p);
    return SQLITE_OK;
  }
  if (t->n == t->cap) {
    int cap = t->cap ? t->cap * 2 : 16;
    target *items = realloc(t->items, sizeof(*items) * (size_t)cap);
    if (!items) {
      free(p);
      return SQLITE_NOMEM;
    }
    t->items = items;
    t->cap = cap;
  }
  snprintf(t->items[t->n].id, sizeof(t->items[t->n].id), "%s", id);
  t->items[t->n].path = p;
  t->n++;
  return SQLITE_OK;
}

static void free_targets(targets *t) {
  for (int i = 0; i < t->n; i++)
    free(t->items[i].path);
  free(t->items);
}

/* The directory that tells whether a cgroup exists: v2 the cgroup itself,
** v1 its memory (else pids) hierarchy. */
static int cgroup_exists(const char *root, int version, const char *path) {
  static const char *const probes[] = {"memory", "pids", "cpu"};
  char dir[4096];
  struct stat st;
  for (int i = 0; i < (version == 2 ? 1 : 3); i++) {
    if (ds_cgroup_dir(root, version, probes[i], path, dir, sizeof(dir)) && stat(dir, &st) == 0 &&
        S_ISDIR(st.st_mode))
      return 1;
  }
  return 0;
}

/* A lower-case 64-hex id from a constraint value, or 0. */
static int normalise_id(const char *v, char out[65]) {
  if (!v || strlen(v) != 64) return 0;
  for (int i = 0; i < 64; i++) {
    if (!isxdigit((unsigned char)v[i])) return 0;
    out[i] = (char)tolower((unsigned char)v[i]);
  }
  out[64] = '\0';
  return 1;
}

/* The container cgroup named in one /proc/<pid>/cgroup text: on v2 the
** "0::" line, on v1 the first controller line naming a container (all of a
** container's v1 hierarchies use the same path). */
static int container_of_cgroup_file(const char *buf, size_t len, int version, char id[65],
                                    const char **path, size_t *path_len) {
  ds_cgroup_line lines[32];
  int n = ds_parse_proc_cgroup(buf, len, lines, DS_COUNT(lines));
  for (int i = 0; i < n; i++) {
    int v2_line = lines[i].hierarchy == 0 && lines[i].controllers_len == 0;
    if ((version == 2) != v2_line) continue;
    if (!ds_cgroup_container_id(lines[i].path, lines[i].path_len, id)) continue;
    /* Read from inside a private cgroup namespace, host paths come back as
    ** "/../../system.slice/…": not resolvable from the hierarchy root, so
    ** leave the container to the known places. */
    if (lines[i].path_len >= 3 && memcmp(lines[i].path, "/..", 3) == 0) continue;
    *path = lines[i].path;
    *path_len = ds_cgroup_container_prefix(lines[i].path, lines[i].path_len);
    return 1;
  }
  return 0;
}

/*
** Adds the container cgroups of running processes; with `want` set, only
** that container's and stops at the first process found in it.
*/
static int scan_processes(const char *root, int version, const char *want, targets *t) {
  long *pids;
  size_t n;
  if (ds_proc_list(root, &pids, &n) != 0) return SQLITE_OK; /* no /proc: known places only */
  ds_buf b = {0};
  int rc = SQLITE_OK;
  for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
    char id[65];
    const char *path;
    size_t plen;
    if (ds_proc_read(root, pids[i], "cgroup", &b, 1 << 16) != 0) continue;
    if (!container_of_cgroup_file(b.data, b.len, version, id, &path, &plen)) continue;
    if (want && strcmp(id, want) != 0) continue;
    rc = add_target(t, id, path, plen);
    if (want) break;
  }
  ds_buf_free(&b);
  free(pids);
  return rc;
}

/* Adds the container cgroups found at the engines' known places: the
** entries of /docker, /system.slice, /machine.slice, /libpod_parent and
** containerd's /k8s.io (cgroupfs). */
static int scan_known_places(const char *root, int version, targets *t) {
  static const char *const parents[] = {"/docker", "/system.slice", "/machine.slice",
                                        "/libpod_parent", "/k8s.io"};
  int rc = SQLITE_OK;
  for (int i = 0; i < DS_COUNT(parents) && rc == SQLITE_OK; i++) {
    char dir[4096];
    if (!ds_cgroup_dir(root, version, "memory", parents[i], dir, sizeof(dir))) continue;
    DIR *d = opendir(dir);
    if (!d) continue;
    struct dirent *e;
    while (rc == SQLITE_OK && (e = readdir(d)) != NULL) {
      char id[65], path[512];
      if (!ds_cgroup_container_id(e->d_name, strlen(e->d_name), id)) continue;
      snprintf(path, sizeof(path), "%s/%s", parents[i], e->d_name);
      if (cgroup_exists(root, version, path)) rc = add_target(t, id, path, strlen(path));
    }
    closedir(d);
  }
  return rc;
}

static int find_container(const char *root, int version, const char *id, targets *t) {
  for (const ds_cgroup_layout *l = ds_cgroup_known_layouts; l->prefix; l++) {
    char path[512];
    snprintf(path, sizeof(path), "%s%s%s", l->prefix, id, l->suffix);
    if (cgroup_exists(root, version, path)) return add_target(t, id, path, strlen(path));
  }
  return scan_processes(root, version, id, t);
}

static int collect_targets(ds_query *q, const char *root, int version, targets *t) {
  int rc = SQLITE_OK;
  int npath = ds_query_nvalues(q, C_CGROUP_PATH);
  int nid = ds_query_nvalues(q, C_CONTAINER_ID);
  if (npath > 0) {
    for (int i = 0; i < npath && rc == SQLITE_OK; i++) {
      const char *p = ds_query_text(q, C_CGROUP_PATH, i);
      char id[65] = "";
      if (!p || p[0] != '/' || strstr(p, "/..") || !cgroup_exists(root, version, p)) continue;
      if (ds_cgroup_container_id(p, strlen(p), id) &&
          ds_cgroup_container_prefix(p, strlen(p)) != strlen(p))
        id[0] = '\0'; /* a sub-cgroup of a container is not the container's own */
      rc = add_target(t, id, p, strlen(p));
    }
    return rc;
  }
  if (nid > 0) {
    for (int i = 0; i < nid && rc == SQLITE_OK; i++) {
      char id[65];
      if (normalise_id(ds_query_text(q, C_CONTAINER_ID, i), id))
        rc = find_container(root, version, id, t);
    }
    return rc;
  }
  rc = scan_processes(root, version, NULL, t);
  if (rc == SQLITE_OK) rc = scan_known_places(root, version, t);
  return rc;
}

static int emit_file(ds_query *q, const char *root, int version, const target *tg,
                     const ds_limit_file *lf, ds_buf *b) {
  char dir[4096], file[4352];
  if (!ds_cgroup_dir(root, version, lf->controller, tg->path, dir, sizeof(dir))) return SQLITE_OK;
  snprintf(file, sizeof(file), "%s/%s", dir, lf->name);
  int readable = ds_read_into(file, 1 << 20, b) == 0;
  if (!readable && (errno == ENOENT || errno == ENOTDIR)) return SQLITE_OK;
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  if (tg->id[0]) ds_set_text(q, C_CONTAINER_ID, tg->id);
  ds_set_text(q, C_CGROUP_PATH, tg->path);
  ds_set_int(q, C_CGROUP_VERSION, version);
  ds_set_text(q, C_CONTROLLER, lf->controller);
  ds_set_text(q, C_NAME, lf->name);
  if (!readable) return SQLITE_OK;
  ds_set_textn(q, C_VALUE, b->data, ds_cgroup_trim(b->data, b->len));
  long long limit;
  if (ds_cgroup_parse_limit(lf->kind, lf->key, b->data, b->len, &limit) == 1)
    ds_set_int(q, C_LIMIT_VALUE, limit);
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  const char *root = ds_query_root(q);
  int version = ds_cgroup_version(root);
  const ds_limit_file *files = version == 2 ? ds_cgroup_v2_limits : ds_cgroup_v1_limits;
  targets t = {0};
  int rc = collect_targets(q, root, version, &t);
  ds_buf b = {0};
  for (int i = 0; i < t.n && rc == SQLITE_OK; i++) {
    for (const ds_limit_file *lf = files; lf->name && rc == SQLITE_OK; lf++) {
      if (!ds_query_accepts_text(q, C_CONTROLLER, lf->controller) ||
          !ds_query_accepts_text(q, C_NAME, lf->name))
        continue;
      rc = emit_file(q, root, version, &t.items[i], lf, &b);
    }
  }
  ds_buf_free(&b);
  free_targets(&t);
  return rc;
}

const ds_table ds_table_cgroup_limits = {
    .name = "cgroup_limits",
    .doc = "Resource limits the kernel enforces on container cgroups (cgroup v1 and v2), one row "
           "per cgroup and limit file.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT c.name, l.name, l.value, l.limit_value\n"
               "FROM docker_containers c JOIN cgroup_limits l ON l.container_id = c.id\n"
               "WHERE l.name IN ('memory.max', 'memory.limit_in_bytes', 'pids.max');",
};
