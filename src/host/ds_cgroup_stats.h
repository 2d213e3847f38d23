/*
** ds_cgroup_stats.h - a container's resource usage read from its cgroup (v1
** or v2) and /proc, the numbers the engine's GET /containers/{id}/stats
** computes from the same files (docker's one-shot answer), without the
** engine: docker_container_stats on a local engine.
*/
#ifndef DS_CGROUP_STATS_H
#define DS_CGROUP_STATS_H

typedef struct ds_cgroup_stats {
  int version;                     /* 1 or 2; 0 when the container's cgroup was not found */
  long long pids;                  /* pids.current                                       */
  long long disk_read, disk_write; /* io.stat rbytes/wbytes; v1 blkio Read/Write */
  long long cpu_total, cpu_kernel, cpu_user; /* ns                                      */
  long long system_cpu;                      /* ns: /proc/stat's cpu line                  */
  long long online_cpus;                     /* /sys/devices/system/cpu/online             */
  long long mem_usage, mem_max_usage;        /* memory.current / usage_in_bytes; v1 max    */
  long long mem_cache;                       /* v1 memory.stat cache                       */
  long long mem_inactive_file;               /* v2 memory.stat inactive_file               */
  long long mem_total_inactive_file;         /* v1 memory.stat total_inactive_file         */
  long long mem_limit;                       /* the limit, at most the host's MemTotal     */
  long long net_rx, net_tx;                  /* /proc/<pid>/net/dev, every interface but lo */
} ds_cgroup_stats;

/*
** Fills `out` for the container `id` (64 hex) whose init process is `pid`
** (0 when not running: then only the cgroup is looked for), under `root`.
** The cgroup is the one /proc/<pid>/cgroup names, else the engines' known
** layouts.  Values that cannot be read stay 0, as the engine reports them.
** `net` = 0 skips the network counters (host network: the engine reports
** none).  Returns 0, or -1 when the container has no cgroup (not running).
*/
int ds_cgroup_read_stats(const char *root, const char *id, long pid, int net, ds_cgroup_stats *out);

#endif
