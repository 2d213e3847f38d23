/*
** cgroup.c - /proc/<pid>/cgroup lines, container ids from cgroup paths, and
** the normalisation of cgroup v1/v2 limit files for cgroup_limits.
*/
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dockersec.h"
#include "host/ds_cgroup.h"
#include "host/ds_procfs.h"
#include "common/ds_util.h"

/* ---- /proc/<pid>/cgroup ---------------------------------------------------- */

int ds_parse_proc_cgroup(const char *buf, size_t len, ds_cgroup_line *out, int max) {
  int n = 0;
  if (!buf) return 0;
  const char *end = buf + len;
  for (const char *p = buf; p < end && n < max;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    const char *c1 = memchr(p, ':', (size_t)(e - p));
    const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(e - c1 - 1)) : NULL;
    if (c1 && c2 && c1 > p) {
      long id = 0;
      int ok = 1;
      for (const char *d = p; d < c1; d++) {
        if (!isdigit((unsigned char)*d) || id > 1000000) {
          ok = 0;
          break;
        }
        id = id * 10 + (*d - '0');
      }
      /* The path is everything after the second ':' (it may hold ':'). */
      if (ok && e > c2 + 1 && c2[1] == '/') {
        out[n].hierarchy = id;
        out[n].controllers = c1 + 1;
        out[n].controllers_len = (size_t)(c2 - c1 - 1);
        out[n].path = c2 + 1;
        out[n].path_len = (size_t)(e - c2 - 1);
        n++;
      }
    }
    p = e + 1;
  }
  return n;
}

int ds_cgroup_has_controller(const char *controllers, size_t len, const char *controller) {
  size_t n = strlen(controller);
  const char *end = controllers + len;
  for (const char *p = controllers; p < end;) {
    const char *comma = memchr(p, ',', (size_t)(end - p));
    const char *e = comma ? comma : end;
    if ((size_t)(e - p) == n && memcmp(p, controller, n) == 0) return 1;
    p = e + 1;
  }
  return 0;
}

/* ---- container id from a cgroup path ------------------------------------ */

static int is_hex64(const char *p, size_t n) {
  if (n != 64) return 0;
  for (size_t i = 0; i < 64; i++)
    if (!isxdigit((unsigned char)p[i])) return 0;
  return 1;
}

/* The id inside one path component, or NULL: "<prefix>-<id>.scope",
** "libpod-<id>", or a bare "<id>". */
static const char *component_id(const char *c, size_t n) {
  static const char *const prefixes[] = {"docker-", "libpod-", "cri-containerd-", "crio-", NULL};
  if (is_hex64(c, n)) return c;
  for (int i = 0; prefixes[i]; i++) {
    size_t pl = strlen(prefixes[i]);
    if (n < pl + 64 || memcmp(c, prefixes[i], pl) != 0) continue;
    size_t rest = n - pl - 64;
    if (!is_hex64(c + pl, 64)) continue;
    if (rest == 0 || (rest == 6 && memcmp(c + pl + 64, ".scope", 6) == 0)) return c + pl;
  }
  return NULL;
}

/* Finds the first component holding an id; returns it (NULL if none) and
** sets *component_end to the offset just after that component. */
static const char *find_id(const char *path, size_t len, size_t *component_end) {
  if (!path) return NULL;
  const char *end = path + len;
  for (const char *p = path; p < end;) {
    const char *slash = memchr(p, '/', (size_t)(end - p));
    const char *e = slash ? slash : end;
    const char *id = component_id(p, (size_t)(e - p));
    if (id) {
      *component_end = (size_t)(e - path);
      return id;
    }
    p = e + 1;
  }
  return NULL;
}

int ds_cgroup_container_id(const char *path, size_t len, char out[65]) {
  size_t end;
  const char *id = find_id(path, len, &end);
  if (!id) return 0;
  for (int i = 0; i < 64; i++)
    out[i] = (char)tolower((unsigned char)id[i]);
  out[64] = '\0';
  return 1;
}

size_t ds_cgroup_container_prefix(const char *path, size_t len) {
  size_t end = 0;
  return find_id(path, len, &end) ? end : 0;
}

/* ---- limit files ------------------------------------------------------------- */

const ds_limit_file ds_cgroup_v1_limits[] = {
    {"memory", "memory.limit_in_bytes", DS_LIMIT_V1_BYTES, NULL},
    {"memory", "memory.soft_limit_in_bytes", DS_LIMIT_V1_BYTES, NULL},
    {"memory", "memory.memsw.limit_in_bytes", DS_LIMIT_V1_BYTES, NULL},
    {"memory", "memory.kmem.limit_in_bytes", DS_LIMIT_V1_BYTES, NULL},
    {"memory", "memory.swappiness", DS_LIMIT_INT, NULL},
    {"memory", "memory.oom_control", DS_LIMIT_KEYED, "oom_kill_disable"},
    {"pids", "pids.max", DS_LIMIT_INT, NULL},
    {"cpu", "cpu.cfs_quota_us", DS_LIMIT_V1_QUOTA, NULL},
    {"cpu", "cpu.cfs_period_us", DS_LIMIT_INT, NULL},
    {"cpu", "cpu.shares", DS_LIMIT_INT, NULL},
    {"cpu", "cpu.rt_runtime_us", DS_LIMIT_V1_QUOTA, NULL},
    {"cpuset", "cpuset.cpus", DS_LIMIT_CPUSET, NULL},
    {"cpuset", "cpuset.mems", DS_LIMIT_CPUSET, NULL},
    {"blkio", "blkio.weight", DS_LIMIT_INT, NULL},
    {"blkio", "blkio.bfq.weight", DS_LIMIT_IO_WEIGHT, NULL},
    {"blkio", "blkio.throttle.read_bps_device", DS_LIMIT_RAW, NULL},
    {"blkio", "blkio.throttle.write_bps_device", DS_LIMIT_RAW, NULL},
    {"blkio", "blkio.throttle.read_iops_device", DS_LIMIT_RAW, NULL},
    {"blkio", "blkio.throttle.write_iops_device", DS_LIMIT_RAW, NULL},
    /* The device allowlist ("c 1:5 rwm"): what --device and --privileged
    ** really granted.  v2 enforces devices with eBPF, which has no file. */
    {"devices", "devices.list", DS_LIMIT_RAW, NULL},
    {NULL, NULL, DS_LIMIT_RAW, NULL},
};

const ds_limit_file ds_cgroup_v2_limits[] = {
    {"memory", "memory.max", DS_LIMIT_INT, NULL},
    {"memory", "memory.high", DS_LIMIT_INT, NULL},
    {"memory", "memory.low", DS_LIMIT_INT, NULL},
    {"memory", "memory.min", DS_LIMIT_INT, NULL},
    {"memory", "memory.swap.max", DS_LIMIT_INT, NULL},
    {"memory", "memory.oom.group", DS_LIMIT_INT, NULL},
    {"pids", "pids.max", DS_LIMIT_INT, NULL},
    {"cpu", "cpu.max", DS_LIMIT_CPU_MAX, NULL},
    {"cpu", "cpu.weight", DS_LIMIT_INT, NULL},
    {"cpuset", "cpuset.cpus", DS_LIMIT_CPUSET, NULL},
    {"cpuset", "cpuset.mems", DS_LIMIT_CPUSET, NULL},
    {"io", "io.weight", DS_LIMIT_IO_WEIGHT, NULL},
    {"io", "io.bfq.weight", DS_LIMIT_IO_WEIGHT, NULL},
    {"io", "io.max", DS_LIMIT_RAW, NULL},
    {NULL, NULL, DS_LIMIT_RAW, NULL},
};

size_t ds_cgroup_trim(const char *buf, size_t len) {
  while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' ' || buf[len - 1] == '\t'))
    len--;
  return len;
}

/* A whole-text integer (after trimming); 1 ok, -1 malformed. */
static int parse_int(const char *p, const char *end, long long *v) {
  int neg = 0;
  if (p < end && *p == '-') {
    neg = 1;
    p++;
  }
  if (p >= end) return -1;
  unsigned long long acc = 0;
  for (; p < end; p++) {
    if (!isdigit((unsigned char)*p)) return -1;
    unsigned d = (unsigned)(*p - '0');
    if (acc > (0xffffffffffffffffULL - d) / 10) return -1;
    acc = acc * 10 + d;
  }
  if (!neg && acc > 0x7fffffffffffffffULL) {
    *v = 0x7fffffffffffffffLL; /* beyond int64: unlimited in practice */
    return 1;
  }
  if (neg && acc > 0x8000000000000000ULL) return -1;
  *v = neg ? (long long)(0 - acc) : (long long)acc;
  return 1;
}

static int is_word(const char *p, const char *end, const char *w) {
  size_t n = strlen(w);
  return (size_t)(end - p) == n && memcmp(p, w, n) == 0;
}

/* "0-3,8,10-11" -> 7 */
static int count_cpu_list(const char *p, const char *end, long long *count) {
  long long total = 0;
  while (p < end) {
    const char *comma = memchr(p, ',', (size_t)(end - p));
    const char *e = comma ? comma : end;
    const char *dash = memchr(p, '-', (size_t)(e - p));
    long long a, b;
    if (parse_int(p, dash ? dash : e, &a) != 1 || a < 0) return -1;
    b = a;
    if (dash && (parse_int(dash + 1, e, &b) != 1 || b < a)) return -1;
    total += b - a + 1;
    p = e + 1;
  }
  *count = total;
  return 1;
}

/* Largest value the v1 memory controller reports as "no limit":
** PAGE_COUNTER_MAX rounded down to the page size (2^63 - 4096 on 4k pages;
** larger pages give smaller values, so anything from 2^62 on counts). */
#define V1_UNLIMITED_FLOOR 0x4000000000000000LL

int ds_cgroup_parse_limit(ds_limit_kind kind, const char *key, const char *buf, size_t len,
                          long long *value) {
  if (!buf) return -1;
  const char *p = buf, *end = buf + ds_cgroup_trim(buf, len);
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  long long v;
  switch (kind) {
  case DS_LIMIT_INT:
    if (is_word(p, end, "max")) return 0;
    if (parse_int(p, end, &v) != 1) return -1;
    *value = v;
    return 1;
  case DS_LIMIT_V1_BYTES:
    if (parse_int(p, end, &v) != 1) return -1;
    if (v >= V1_UNLIMITED_FLOOR || v < 0) return 0;
    *value = v;
    return 1;
  case DS_LIMIT_V1_QUOTA:
    if (parse_int(p, end, &v) != 1) return -1;
    if (v < 0) return 0;
    *value = v;
    return 1;
  case DS_LIMIT_CPU_MAX: {
    const char *sp = memchr(p, ' ', (size_t)(end - p));
    const char *q_end = sp ? sp : end;
    if (is_word(p, q_end, "max")) return 0;
    if (parse_int(p, q_end, &v) != 1) return -1;
    *value = v;
    return 1;
  }
  case DS_LIMIT_CPUSET:
    if (p == end) return 0;
    if (count_cpu_list(p, end, &v) != 1) return -1;
    *value = v;
    return 1;
  case DS_LIMIT_IO_WEIGHT:
  case DS_LIMIT_KEYED: {
    /* v1 blkio.bfq.weight is a bare number; v2 "default N" then "maj:min N". */
    if (kind == DS_LIMIT_IO_WEIGHT && parse_int(p, end, &v) == 1) {
      *value = v;
      return 1;
    }
    const char *want = kind == DS_LIMIT_KEYED ? key : "default";
    if (!want) return -1;
    for (const char *l = p; l < end;) {
      const char *nl = memchr(l, '\n', (size_t)(end - l));
      const char *e = nl ? nl : end;
      const char *sp = memchr(l, ' ', (size_t)(e - l));
      if (sp && is_word(l, sp, want)) {
        if (parse_int(sp + 1, e, &v) != 1) return -1;
        *value = v;
        return 1;
      }
      l = e + 1;
    }
    return 0;
  }
  case DS_LIMIT_RAW:
  default:
    return 0;
  }
}

/* ---- layout on disk ------------------------------------------------------- */

const ds_cgroup_layout ds_cgroup_known_layouts[] = {
    {"/docker/", ""},                     /* docker, cgroupfs driver */
    {"/system.slice/docker-", ".scope"},  /* docker, systemd driver  */
    {"/machine.slice/libpod-", ".scope"}, /* podman (root), systemd  */
    {"/libpod_parent/libpod-", ""},       /* podman, cgroupfs        */
    {"/k8s.io/", ""},                     /* containerd, cgroupfs    */
    {NULL, NULL},
};

int ds_cgroup_version(const char *root) {
  char path[4096];
  struct stat st;
  if (ds_host_path(root, "/sys/fs/cgroup/cgroup.controllers", path, sizeof(path)) &&
      stat(path, &st) == 0)
    return 2;
  return 1;
}

char *ds_cgroup_dir(const char *root, int version, const char *controller, const char *cgroup_path,
                    char *out, size_t outsz) {
  const char *sep = strcmp(cgroup_path, "/") == 0 ? "" : cgroup_path;
  int n = version == 2 ? snprintf(out, outsz, "%s/sys/fs/cgroup%s", root, sep)
                       : snprintf(out, outsz, "%s/sys/fs/cgroup/%s%s", root, controller, sep);
  return (n < 0 || (size_t)n >= outsz) ? NULL : out;
}

/* The freezer state file of one /proc/<pid>/cgroup line: v1's
** freezer.state, v2's cgroup.events.  0 when the line is not the freezer's. */
static int freezer_file(const char *root, int version, const ds_cgroup_line *l, char *out,
                        size_t outsz) {
  int v2 = version == 2 && l->hierarchy == 0 && l->controllers_len == 0;
  int v1 = version == 1 && ds_cgroup_has_controller(l->controllers, l->controllers_len, "freezer");
  if ((!v1 && !v2) || l->path_len >= 2048) return 0;
  char cg[2048], dir[4096];
  memcpy(cg, l->path, l->path_len);
  cg[l->path_len] = '\0';
  if (!ds_cgroup_dir(root, v2 ? 2 : 1, "freezer", cg, dir, sizeof(dir))) return 0;
  int n = snprintf(out, outsz, "%s/%s", dir, v2 ? "cgroup.events" : "freezer.state");
  return n > 0 && (size_t)n < outsz;
}

int ds_cgroup_frozen(const char *root, long pid) {
  char rel[64], path[4096];
  ds_buf b = {0};
  snprintf(rel, sizeof(rel), "/proc/%ld/cgroup", pid);
  int frozen = -1;
  if (ds_host_path(root, rel, path, sizeof(path)) && ds_read_into(path, 1 << 16, &b) == 0) {
    ds_cgroup_line lines[32];
    int n = ds_parse_proc_cgroup(b.data, b.len, lines, DS_COUNT(lines));
    int version = ds_cgroup_version(root);
    char file[4200];
    for (int i = 0; i < n && frozen < 0; i++) {
      if (!freezer_file(root, version, &lines[i], file, sizeof(file))) continue;
      ds_buf st = {0};
      if (ds_read_into(file, 4096, &st) == 0)
        frozen = version == 2
                     ? strstr(st.data, "frozen 1") != NULL
                     : strncmp(st.data, "FROZEN", 6) == 0 || strncmp(st.data, "FREEZING", 8) == 0;
      ds_buf_free(&st);
    }
  }
  ds_buf_free(&b);
  return frozen;
}
