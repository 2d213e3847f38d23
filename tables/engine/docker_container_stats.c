/*
** docker_container_stats - a container's resource usage (osquery's table
** and columns).  `id` is required.
**
** Local engine (DOCKER_HOST unix://…): read from the container's cgroup (v1
** or v2) and /proc under the root prefix (src/host/cgroup_stats.c), the
** files dockerd reads for its stats, instead of GET /containers/{id}/stats:
** that endpoint samples twice, a second apart, per container (moby #29545
** measured 1.8 s each at 421 containers).  One sample is taken, so - as in
** the engine's one-shot answer - the pre_* columns are 0 and preread and
** interval NULL; read is the time of the sample.  A container that is not
** running reports zeros, as the engine does.
**
** Remote engine (tcp://…): GET /containers/{id}/stats?stream=false, read
** as osquery reads it.
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "dockersec.h"
#include "engine/ds_containers.h"
#include "engine/ds_docker_map.h"
#include "host/ds_cgroup_stats.h"

enum {
  C_ID,
  C_NAME,
  C_PIDS,
  C_READ,
  C_PREREAD,
  C_INTERVAL,
  C_DISK_READ,
  C_DISK_WRITE,
  C_NUM_PROCS,
  C_CPU_TOTAL_USAGE,
  C_CPU_KERNELMODE_USAGE,
  C_CPU_USERMODE_USAGE,
  C_SYSTEM_CPU_USAGE,
  C_ONLINE_CPUS,
  C_PRE_CPU_TOTAL_USAGE,
  C_PRE_CPU_KERNELMODE_USAGE,
  C_PRE_CPU_USERMODE_USAGE,
  C_PRE_SYSTEM_CPU_USAGE,
  C_PRE_ONLINE_CPUS,
  C_MEMORY_USAGE,
  C_MEMORY_CACHED,
  C_MEMORY_INACTIVE_FILE,
  C_MEMORY_TOTAL_INACTIVE_FILE,
  C_MEMORY_MAX_USAGE,
  C_MEMORY_LIMIT,
  C_NETWORK_RX_BYTES,
  C_NETWORK_TX_BYTES,
  /* dockersec */
  C_SOURCE,
  C_COUNT
};

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container ID (required; prefixes accepted)", DS_REQUIRED | DS_NOCASE},
    [C_NAME] = {"name", DS_TEXT, "Container name, with the leading '/'", DS_INDEXED},
    [C_PIDS] = {"pids", DS_INTEGER, "Number of processes (pids.current)", 0},
    [C_READ] = {"read", DS_BIGINT, "UNIX time when stats were read", 0},
    [C_PREREAD] = {"preread", DS_BIGINT,
                   "UNIX time of the previous sample; NULL when read locally (one sample)", 0},
    [C_INTERVAL] = {"interval", DS_BIGINT,
                    "Nanoseconds between read and preread; NULL when read locally", 0},
    [C_DISK_READ] = {"disk_read", DS_BIGINT, "Total disk read bytes", 0},
    [C_DISK_WRITE] = {"disk_write", DS_BIGINT, "Total disk write bytes", 0},
    [C_NUM_PROCS] = {"num_procs", DS_INTEGER, "Number of processors (Windows only; 0)", 0},
    [C_CPU_TOTAL_USAGE] = {"cpu_total_usage", DS_BIGINT, "Total CPU usage (ns)", 0},
    [C_CPU_KERNELMODE_USAGE] = {"cpu_kernelmode_usage", DS_BIGINT, "CPU kernel mode usage (ns)", 0},
    [C_CPU_USERMODE_USAGE] = {"cpu_usermode_usage", DS_BIGINT, "CPU user mode usage (ns)", 0},
    [C_SYSTEM_CPU_USAGE] = {"system_cpu_usage", DS_BIGINT,
                            "Host CPU time (ns, /proc/stat) at the sample", 0},
    [C_ONLINE_CPUS] = {"online_cpus", DS_INTEGER, "Online CPUs", 0},
    [C_PRE_CPU_TOTAL_USAGE] = {"pre_cpu_total_usage", DS_BIGINT,
                               "Last read total CPU usage; 0 when read locally", 0},
    [C_PRE_CPU_KERNELMODE_USAGE] = {"pre_cpu_kernelmode_usage", DS_BIGINT,
                                    "Last read CPU kernel mode usage; 0 when read locally", 0},
    [C_PRE_CPU_USERMODE_USAGE] = {"pre_cpu_usermode_usage", DS_BIGINT,
                                  "Last read CPU user mode usage; 0 when read locally", 0},
    [C_PRE_SYSTEM_CPU_USAGE] = {"pre_system_cpu_usage", DS_BIGINT,
                                "Last read CPU system usage; 0 when read locally", 0},
    [C_PRE_ONLINE_CPUS] = {"pre_online_cpus", DS_INTEGER,
                           "Last read online CPUs; 0 when read locally", 0},
    [C_MEMORY_USAGE] = {"memory_usage", DS_BIGINT, "Memory usage (bytes)", 0},
    [C_MEMORY_CACHED] = {"memory_cached", DS_BIGINT, "Memory cached (cgroup v1; 0 on v2)", 0},
    [C_MEMORY_INACTIVE_FILE] = {"memory_inactive_file", DS_BIGINT,
                                "Memory inactive file (cgroup v2; 0 on v1)", 0},
    [C_MEMORY_TOTAL_INACTIVE_FILE] = {"memory_total_inactive_file", DS_BIGINT,
                                      "Memory total inactive file (cgroup v1; 0 on v2)", 0},
    [C_MEMORY_MAX_USAGE] = {"memory_max_usage", DS_BIGINT,
                            "Memory maximum usage (cgroup v1; 0 on v2)", 0},
    [C_MEMORY_LIMIT] = {"memory_limit", DS_BIGINT,
                        "Memory limit (bytes); the host's memory when unlimited", 0},
    [C_NETWORK_RX_BYTES] = {"network_rx_bytes", DS_BIGINT,
                            "Total network bytes received (every interface but lo)", 0},
    [C_NETWORK_TX_BYTES] = {"network_tx_bytes", DS_BIGINT, "Total network bytes transmitted", 0},
    [C_SOURCE] = {"source", DS_TEXT,
                  "Where the numbers come from: 'cgroup' (local engine) or 'api' (/stats)", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int is_local(const ds_query *q) {
  const char *h = ds_query_docker_host(q);
  return h && strncmp(h, "unix://", 7) == 0;
}

static void emit_local(ds_query *q, const ds_container_ref *c) {
  ds_cgroup_stats s;
  const char *full = ds_json_str(c->summary, "Id");
  long pid = (long)ds_json_int(ds_json_path(c->inspect, "State", NULL), "Pid", 0);
  const char *netmode = ds_json_str(ds_json_path(c->inspect, "HostConfig", NULL), "NetworkMode");
  int net = !(netmode && strcmp(netmode, "host") == 0);
  if (ds_cgroup_read_stats(ds_query_root(q), full ? full : "", pid, net, &s) != 0)
    memset(&s, 0, sizeof s); /* not running: zeros, as the engine reports */
  ds_set_int(q, C_PIDS, s.pids);
  ds_set_int(q, C_READ, (sqlite3_int64)time(NULL));
  ds_set_int(q, C_DISK_READ, s.disk_read);
  ds_set_int(q, C_DISK_WRITE, s.disk_write);
  ds_set_int(q, C_NUM_PROCS, 0);
  ds_set_int(q, C_CPU_TOTAL_USAGE, s.cpu_total);
  ds_set_int(q, C_CPU_KERNELMODE_USAGE, s.cpu_kernel);
  ds_set_int(q, C_CPU_USERMODE_USAGE, s.cpu_user);
  ds_set_int(q, C_SYSTEM_CPU_USAGE, s.system_cpu);
  ds_set_int(q, C_ONLINE_CPUS, s.online_cpus);
  for (int col = C_PRE_CPU_TOTAL_USAGE; col <= C_PRE_ONLINE_CPUS; col++)
    ds_set_int(q, col, 0);
  ds_set_int(q, C_MEMORY_USAGE, s.mem_usage);
  ds_set_int(q, C_MEMORY_CACHED, s.mem_cache);
  ds_set_int(q, C_MEMORY_INACTIVE_FILE, s.mem_inactive_file);
  ds_set_int(q, C_MEMORY_TOTAL_INACTIVE_FILE, s.mem_total_inactive_file);
  ds_set_int(q, C_MEMORY_MAX_USAGE, s.mem_max_usage);
  ds_set_int(q, C_MEMORY_LIMIT, s.mem_limit);
  ds_set_int(q, C_NETWORK_RX_BYTES, s.net_rx);
  ds_set_int(q, C_NETWORK_TX_BYTES, s.net_tx);
  ds_set_text(q, C_SOURCE, "cgroup");
}

static sqlite3_int64 num(json_object *o, const char *path1, const char *path2, const char *key) {
  json_object *p = path1 ? ds_json_path(o, path1, path2, NULL) : o;
  return ds_json_int(p, key, 0);
}

/* Sum of io_service_bytes_recursive entries with op `op` (any case). */
static sqlite3_int64 io_bytes(json_object *st, const char *op) {
  json_object *l = ds_json_path(st, "blkio_stats", "io_service_bytes_recursive", NULL);
  sqlite3_int64 sum = 0;
  for (size_t i = 0;
       l && json_object_is_type(l, json_type_array) && i < json_object_array_length(l); i++) {
    json_object *e = json_object_array_get_idx(l, i);
    const char *o = ds_json_str(e, "op");
    if (o && strcasecmp(o, op) == 0) sum += ds_json_int(e, "value", 0);
  }
  return sum;
}

static sqlite3_int64 net_bytes(json_object *st, const char *key) {
  json_object *nets = ds_json_path(st, "networks", NULL);
  sqlite3_int64 sum = 0;
  if (!nets || !json_object_is_type(nets, json_type_object)) return 0;
  json_object_object_foreach(nets, name, n) {
    DS_UNUSED(name);
    sum += ds_json_int(n, key, 0);
  }
  return sum;
}

static void emit_api(ds_query *q, json_object *st) {
  sqlite3_int64 rd = 0, pre = 0;
  const char *r = ds_json_str(st, "read"), *p = ds_json_str(st, "preread");
  ds_set_int(q, C_PIDS, num(st, "pids_stats", NULL, "current"));
  if (r && ds_parse_rfc3339(r, &rd) == 0) ds_set_int(q, C_READ, rd);
  if (p && ds_parse_rfc3339(p, &pre) == 0 && !ds_is_zero_time(p)) {
    ds_set_int(q, C_PREREAD, pre);
    ds_set_int(q, C_INTERVAL, (rd - pre) * 1000000000LL);
  }
  ds_set_int(q, C_DISK_READ, io_bytes(st, "Read"));
  ds_set_int(q, C_DISK_WRITE, io_bytes(st, "Write"));
  ds_set_int(q, C_NUM_PROCS, ds_json_int(st, "num_procs", 0));
  ds_set_int(q, C_CPU_TOTAL_USAGE, num(st, "cpu_stats", "cpu_usage", "total_usage"));
  ds_set_int(q, C_CPU_KERNELMODE_USAGE, num(st, "cpu_stats", "cpu_usage", "usage_in_kernelmode"));
  ds_set_int(q, C_CPU_USERMODE_USAGE, num(st, "cpu_stats", "cpu_usage", "usage_in_usermode"));
  ds_set_int(q, C_SYSTEM_CPU_USAGE, num(st, "cpu_stats", NULL, "system_cpu_usage"));
  ds_set_int(q, C_ONLINE_CPUS, num(st, "cpu_stats", NULL, "online_cpus"));
  ds_set_int(q, C_PRE_CPU_TOTAL_USAGE, num(st, "precpu_stats", "cpu_usage", "total_usage"));
  ds_set_int(q, C_PRE_CPU_KERNELMODE_USAGE,
             num(st, "precpu_stats", "cpu_usage", "usage_in_kernelmode"));
  ds_set_int(q, C_PRE_CPU_USERMODE_USAGE,
             num(st, "precpu_stats", "cpu_usage", "usage_in_usermode"));
  ds_set_int(q, C_PRE_SYSTEM_CPU_USAGE, num(st, "precpu_stats", NULL, "system_cpu_usage"));
  ds_set_int(q, C_PRE_ONLINE_CPUS, num(st, "precpu_stats", NULL, "online_cpus"));
  ds_set_int(q, C_MEMORY_USAGE, num(st, "memory_stats", NULL, "usage"));
  ds_set_int(q, C_MEMORY_CACHED, num(st, "memory_stats", "stats", "cache"));
  ds_set_int(q, C_MEMORY_INACTIVE_FILE, num(st, "memory_stats", "stats", "inactive_file"));
  ds_set_int(q, C_MEMORY_TOTAL_INACTIVE_FILE,
             num(st, "memory_stats", "stats", "total_inactive_file"));
  ds_set_int(q, C_MEMORY_MAX_USAGE, num(st, "memory_stats", NULL, "max_usage"));
  ds_set_int(q, C_MEMORY_LIMIT, num(st, "memory_stats", NULL, "limit"));
  ds_set_int(q, C_NETWORK_RX_BYTES, net_bytes(st, "rx_bytes"));
  ds_set_int(q, C_NETWORK_TX_BYTES, net_bytes(st, "tx_bytes"));
  ds_set_text(q, C_SOURCE, "api");
}

static int generate(ds_query *q) {
  int local = is_local(q);
  ds_container_set set;
  int rc = ds_containers_select(q, C_ID, C_NAME, local, &set);
  if (rc != SQLITE_OK || set.n == 0) {
    ds_containers_free(&set);
    return rc;
  }
  json_object **stats = NULL;
  if (!local) {
    const char **ids = calloc((size_t)set.n, sizeof(*ids));
    stats = calloc((size_t)set.n, sizeof(*stats));
    char *err = NULL;
    if (!ids || !stats)
      rc = SQLITE_NOMEM;
    else {
      for (int i = 0; i < set.n; i++)
        ids[i] = ds_json_str(set.items[i].summary, "Id");
      if (ds_docker_get_many(ds_query_docker(q), "/containers/%s/stats?stream=false", ids, set.n,
                             stats, &err) != 0) {
        rc = ds_error(q, "%s", err ? err : "out of memory");
        free(err);
      }
    }
    free(ids);
  }
  for (int i = 0; rc == SQLITE_OK && i < set.n; i++) {
    const ds_container_ref *c = &set.items[i];
    if (!local && !stats[i]) continue; /* gone */
    rc = ds_row_new(q);
    if (rc != SQLITE_OK) break;
    ds_set_text(q, C_ID, c->id);
    json_object *names = ds_json_path(c->summary, "Names", NULL);
    if (names && json_object_is_type(names, json_type_array) && json_object_array_length(names))
      ds_set_text(q, C_NAME, json_object_get_string(json_object_array_get_idx(names, 0)));
    if (local)
      emit_local(q, c);
    else
      emit_api(q, stats[i]);
  }
  free(stats);
  ds_containers_free(&set);
  return rc;
}

const ds_table ds_table_docker_container_stats = {
    .name = "docker_container_stats",
    .doc = "Resource usage of a container (CPU, memory, disk, network); read from its cgroup on a "
           "local engine; the query must name the container's id.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT name, pids, memory_usage, memory_limit FROM docker_container_stats\n"
               "WHERE id IN (SELECT id FROM docker_containers WHERE state = 'running');",
};
