/*
** cgroup_stats.c - a container's usage from its cgroup and /proc
** (ds_cgroup_stats.h), computed as dockerd computes its stats:
**   cpu     v2 cpu.stat usage/system/user_usec x 1000; v1 cpuacct.usage and
**           cpuacct.stat ticks x 1e9 / CLK_TCK
**   system  the first seven fields of /proc/stat's "cpu" line x 1e9/CLK_TCK
**   memory  v2 memory.current, memory.stat; v1 memory.usage_in_bytes,
**           max_usage_in_bytes, memory.stat; the limit capped at MemTotal
**   disk    v2 io.stat rbytes/wbytes; v1 blkio.io_service_bytes_recursive
**   network /proc/<pid>/net/dev of the container's network namespace
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "host/ds_cgroup.h"
#include "host/ds_cgroup_stats.h"
#include "host/ds_procfs.h"
#include "common/ds_util.h"

#define MAX_FILE (1024 * 1024)

/* Reads <dir>/<name> into b; 0 or -1. */
static int read_in(const char *dir, const char *name, ds_buf *b) {
  char path[4096];
  if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) return -1;
  return ds_read_into(path, MAX_FILE, b);
}

static long long read_int(const char *dir, const char *name, ds_buf *b) {
  if (read_in(dir, name, b) != 0) return 0;
  return strtoll(b->data, NULL, 10);
}

/* The value of "key value" line `key` of a flat keyed file (memory.stat,
** cpu.stat, cpuacct.stat). */
static long long keyed(const char *buf, const char *key) {
  size_t kl = strlen(key);
  for (const char *p = buf; p && *p;) {
    if (strncmp(p, key, kl) == 0 && p[kl] == ' ') return strtoll(p + kl + 1, NULL, 10);
    p = strchr(p, '\n');
    if (p) p++;
  }
  return 0;
}

/* v2 io.stat: "8:0 rbytes=1 wbytes=2 rios=…" per device, summed. */
static void io_stat(const char *buf, long long *rd, long long *wr) {
  for (const char *p = buf; p && *p; p++) {
    if (strncmp(p, "rbytes=", 7) == 0) *rd += strtoll(p + 7, NULL, 10);
    if (strncmp(p, "wbytes=", 7) == 0) *wr += strtoll(p + 7, NULL, 10);
  }
}

/* v1 blkio.io_service_bytes_recursive: "8:0 Read 123" lines, summed ("Total"
** lines and the last line "Total N" ignored). */
static void blkio(const char *buf, long long *rd, long long *wr) {
  for (const char *p = buf; p && *p;) {
    char dev[32], op[16];
    long long v;
    if (sscanf(p, "%31s %15s %lld", dev, op, &v) == 3) {
      if (strcasecmp(op, "Read") == 0) *rd += v;
      if (strcasecmp(op, "Write") == 0) *wr += v;
    }
    p = strchr(p, '\n');
    if (p) p++;
  }
}

/* The container's cgroup path (relative to the hierarchy root) into out. */
static int find_cgroup(const char *root, int version, const char *id, long pid, ds_buf *b,
                       char *out, size_t outsz) {
  if (pid > 0 && ds_proc_read(root, pid, "cgroup", b, MAX_FILE) == 0) {
    ds_cgroup_line lines[32];
    int n = ds_parse_proc_cgroup(b->data, b->len, lines, 32);
    for (int i = 0; i < n; i++) {
      int want = version == 2 ? lines[i].hierarchy == 0
                              : ds_cgroup_has_controller(lines[i].controllers,
                                                         lines[i].controllers_len, "memory");
      if (!want) continue;
      size_t len = ds_cgroup_container_prefix(lines[i].path, lines[i].path_len);
      if (len == 0 || len >= outsz) continue;
      memcpy(out, lines[i].path, len);
      out[len] = '\0';
      return 0;
    }
  }
  for (const ds_cgroup_layout *l = ds_cgroup_known_layouts; l->prefix; l++) {
    char dir[4096];
    snprintf(out, outsz, "%s%s%s", l->prefix, id, l->suffix);
    if (ds_cgroup_dir(root, version, "memory", out, dir, sizeof dir) && access(dir, F_OK) == 0)
      return 0;
  }
  return -1;
}

static long long system_cpu_ns(const char *root, ds_buf *b) {
  if (ds_host_read(root, "/proc/stat", b, MAX_FILE) != 0 || strncmp(b->data, "cpu ", 4) != 0)
    return 0;
  long long sum = 0;
  const char *p = b->data + 4;
  for (int i = 0; i < 7; i++) {
    char *end;
    long long v = strtoll(p, &end, 10);
    if (end == p) break;
    sum += v;
    p = end;
  }
  long tck = sysconf(_SC_CLK_TCK);
  return sum * (1000000000LL / (tck > 0 ? tck : 100));
}

static long long online_cpus(const char *root, ds_buf *b) {
  if (ds_host_read(root, "/sys/devices/system/cpu/online", b, 4096) != 0) return 0;
  long long n = 0;
  for (const char *p = b->data; *p && *p != '\n';) {
    char *end;
    long a = strtol(p, &end, 10), z = a;
    if (end == p) break;
    if (*end == '-') z = strtol(end + 1, &end, 10);
    n += z - a + 1;
    p = *end == ',' ? end + 1 : end;
  }
  return n;
}

static long long mem_total(const char *root, ds_buf *b) {
  if (ds_host_read(root, "/proc/meminfo", b, MAX_FILE) != 0) return 0;
  const char *p = strstr(b->data, "MemTotal:");
  return p ? strtoll(p + 9, NULL, 10) * 1024 : 0;
}

static void net_dev(const char *root, long pid, ds_buf *b, long long *rx, long long *tx) {
  if (ds_proc_read(root, pid, "net/dev", b, MAX_FILE) != 0) return;
  for (const char *p = b->data; p && *p;) {
    const char *colon = strchr(p, ':'), *nl = strchr(p, '\n');
    if (colon && (!nl || colon < nl)) {
      const char *name = p;
      while (*name == ' ')
        name++;
      long long v[9] = {0};
      const char *q = colon + 1;
      for (int i = 0; i < 9; i++) {
        char *end;
        v[i] = strtoll(q, &end, 10);
        q = end;
      }
      if (!(colon - name == 2 && strncmp(name, "lo", 2) == 0)) {
        *rx += v[0];
        *tx += v[8];
      }
    }
    p = nl ? nl + 1 : NULL;
  }
}

int ds_cgroup_read_stats(const char *root, const char *id, long pid, int net,
                         ds_cgroup_stats *out) {
  memset(out, 0, sizeof(*out));
  ds_buf b = {0};
  int version = ds_cgroup_version(root);
  char cg[1024], dir[4096];
  if (find_cgroup(root, version, id, pid, &b, cg, sizeof cg) != 0) {
    ds_buf_free(&b);
    return -1;
  }
  out->version = version;
  long tck = sysconf(_SC_CLK_TCK);
  long long ns_per_tick = 1000000000LL / (tck > 0 ? tck : 100);
  long long limit = 0;
  if (version == 2) {
    ds_cgroup_dir(root, 2, "", cg, dir, sizeof dir);
    out->pids = read_int(dir, "pids.current", &b);
    if (read_in(dir, "io.stat", &b) == 0) io_stat(b.data, &out->disk_read, &out->disk_write);
    if (read_in(dir, "cpu.stat", &b) == 0) {
      out->cpu_total = keyed(b.data, "usage_usec") * 1000;
      out->cpu_kernel = keyed(b.data, "system_usec") * 1000;
      out->cpu_user = keyed(b.data, "user_usec") * 1000;
    }
    out->mem_usage = read_int(dir, "memory.current", &b);
    if (read_in(dir, "memory.stat", &b) == 0)
      out->mem_inactive_file = keyed(b.data, "inactive_file");
    if (read_in(dir, "memory.max", &b) == 0 && strncmp(b.data, "max", 3) != 0)
      limit = strtoll(b.data, NULL, 10);
  } else {
    ds_cgroup_dir(root, 1, "pids", cg, dir, sizeof dir);
    out->pids = read_int(dir, "pids.current", &b);
    ds_cgroup_dir(root, 1, "blkio", cg, dir, sizeof dir);
    if (read_in(dir, "blkio.io_service_bytes_recursive", &b) == 0 ||
        read_in(dir, "blkio.throttle.io_service_bytes_recursive", &b) == 0)
      blkio(b.data, &out->disk_read, &out->disk_write);
    ds_cgroup_dir(root, 1, "cpuacct", cg, dir, sizeof dir);
    if (access(dir, F_OK) != 0) ds_cgroup_dir(root, 1, "cpu,cpuacct", cg, dir, sizeof dir);
    out->cpu_total = read_int(dir, "cpuacct.usage", &b);
    if (read_in(dir, "cpuacct.stat", &b) == 0) {
      out->cpu_kernel = keyed(b.data, "system") * ns_per_tick;
      out->cpu_user = keyed(b.data, "user") * ns_per_tick;
    }
    ds_cgroup_dir(root, 1, "memory", cg, dir, sizeof dir);
    out->mem_usage = read_int(dir, "memory.usage_in_bytes", &b);
    out->mem_max_usage = read_int(dir, "memory.max_usage_in_bytes", &b);
    if (read_in(dir, "memory.stat", &b) == 0) {
      out->mem_cache = keyed(b.data, "cache");
      out->mem_total_inactive_file = keyed(b.data, "total_inactive_file");
    }
    limit = read_int(dir, "memory.limit_in_bytes", &b);
  }
  long long total = mem_total(root, &b);
  out->mem_limit = limit > 0 && (total == 0 || limit < total) ? limit : total;
  out->system_cpu = system_cpu_ns(root, &b);
  out->online_cpus = online_cpus(root, &b);
  if (net && pid > 0) net_dev(root, pid, &b, &out->net_rx, &out->net_tx);
  ds_buf_free(&b);
  return 0;
}
