/*
** test_cgroup_stats.c - docker_container_stats' local source
** (src/host/cgroup_stats.c) on small v2 and v1 trees built in a temporary
** root: the numbers dockerd would report for the same files.
*/
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "dockersec.h"
#include "host/ds_cgroup_stats.h"

#define ID "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"

static char root[64];

static void put(const char *rel, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  mkdir(root, 0755);
  for (char *p = path + strlen(root) + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    mkdir(path, 0755);
    *p = '/';
  }
  FILE *f = fopen(path, "w");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

static void common(void) {
  put("proc/stat", "cpu  100 0 50 1000 0 0 0 0 0 0\nbtime 1700000000\n");
  put("proc/meminfo", "MemTotal:        2048 kB\nMemFree: 1 kB\n");
  put("sys/devices/system/cpu/online", "0-1,4\n");
  put("proc/42/net/dev",
      "Inter-|   Receive                            |  Transmit\n"
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets\n"
      "    lo:     500       5    0    0    0     0          0         0      500       5    0 0 0 "
      "0 0 0\n"
      "  eth0:    1112      12    0    0    0     0          0         0       70       1    0 0 0 "
      "0 0 0\n");
}

static void v2(void) {
  snprintf(root, sizeof root, "/tmp/ds-cgstats-v2-%d", (int)getpid());
  common();
  put("sys/fs/cgroup/cgroup.controllers", "cpu memory pids io\n");
  put("proc/42/cgroup", "0::/system.slice/docker-" ID ".scope\n");
  const char *d = "sys/fs/cgroup/system.slice/docker-" ID ".scope/";
  char p[256];
  struct {
    const char *f, *t;
  } files[] = {
      {"pids.current", "3\n"},
      {"cpu.stat", "usage_usec 5000\nuser_usec 3000\nsystem_usec 2000\n"},
      {"memory.current", "348160\n"},
      {"memory.stat", "anon 100\nfile 4096\ninactive_file 8192\n"},
      {"memory.max", "max\n"},
      {"io.stat", "8:0 rbytes=1024 wbytes=2048 rios=1 wios=2\n8:16 rbytes=1 wbytes=1\n"},
  };
  for (int i = 0; i < DS_COUNT(files); i++) {
    snprintf(p, sizeof p, "%s%s", d, files[i].f);
    put(p, files[i].t);
  }
  ds_cgroup_stats s;
  CHECK_INT("cgs-v2-found", 0, ds_cgroup_read_stats(root, ID, 42, 1, &s));
  CHECK_INT("cgs-v2-version", 2, s.version);
  CHECK_INT("cgs-v2-pids", 3, s.pids);
  CHECK_INT("cgs-v2-cpu-total-ns", 5000000, s.cpu_total);
  CHECK_INT("cgs-v2-cpu-kernel-ns", 2000000, s.cpu_kernel);
  CHECK_INT("cgs-v2-cpu-user-ns", 3000000, s.cpu_user);
  CHECK_INT("cgs-v2-system-cpu", 1150 * (1000000000LL / sysconf(_SC_CLK_TCK)), s.system_cpu);
  CHECK_INT("cgs-v2-online-cpus", 3, s.online_cpus);
  CHECK_INT("cgs-v2-mem-usage", 348160, s.mem_usage);
  CHECK_INT("cgs-v2-inactive-file", 8192, s.mem_inactive_file);
  CHECK_INT("cgs-v2-cache-v1-only", 0, s.mem_cache);
  CHECK_INT("cgs-v2-limit-unlimited-is-memtotal", 2048 * 1024, s.mem_limit);
  CHECK_INT("cgs-v2-disk-read", 1025, s.disk_read);
  CHECK_INT("cgs-v2-disk-write", 2049, s.disk_write);
  CHECK_INT("cgs-v2-net-rx-no-lo", 1112, s.net_rx);
  CHECK_INT("cgs-v2-net-tx-no-lo", 70, s.net_tx);
  CHECK_INT("cgs-v2-host-net", 0, (ds_cgroup_read_stats(root, ID, 42, 0, &s), s.net_rx));
  /* Not running: no pid, but the cgroup found by the systemd layout. */
  CHECK_INT("cgs-v2-by-layout", 0, ds_cgroup_read_stats(root, ID, 0, 1, &s));
  CHECK_INT("cgs-v2-by-layout-pids", 3, s.pids);
  CHECK_INT("cgs-v2-no-cgroup", -1,
            ds_cgroup_read_stats(root,
                                 "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                                 0, 1, &s));
}

static void v1(void) {
  snprintf(root, sizeof root, "/tmp/ds-cgstats-v1-%d", (int)getpid());
  common();
  put("proc/42/cgroup", "12:pids:/docker/" ID "\n11:memory:/docker/" ID
                        "\n5:cpu,cpuacct:/docker/" ID "\n7:blkio:/docker/" ID "\n0::/\n");
  put("sys/fs/cgroup/pids/docker/" ID "/pids.current", "2\n");
  put("sys/fs/cgroup/cpuacct/docker/" ID "/cpuacct.usage", "69594336\n");
  put("sys/fs/cgroup/cpuacct/docker/" ID "/cpuacct.stat", "user 4\nsystem 2\n");
  put("sys/fs/cgroup/memory/docker/" ID "/memory.usage_in_bytes", "348160\n");
  put("sys/fs/cgroup/memory/docker/" ID "/memory.max_usage_in_bytes", "3883008\n");
  put("sys/fs/cgroup/memory/docker/" ID "/memory.limit_in_bytes", "67108864\n");
  put("sys/fs/cgroup/memory/docker/" ID "/memory.stat",
      "cache 12288\nrss 0\ntotal_cache 12288\ntotal_inactive_file 4096\n");
  put("sys/fs/cgroup/blkio/docker/" ID "/blkio.io_service_bytes_recursive",
      "8:0 Read 4096\n8:0 Write 512\n8:0 Sync 0\n8:0 Total 4608\nTotal 4608\n");
  put("proc/meminfo", "MemTotal:     1048576 kB\n");
  ds_cgroup_stats s;
  CHECK_INT("cgs-v1-found", 0, ds_cgroup_read_stats(root, ID, 42, 1, &s));
  CHECK_INT("cgs-v1-version", 1, s.version);
  CHECK_INT("cgs-v1-pids", 2, s.pids);
  CHECK_INT("cgs-v1-cpu-total", 69594336, s.cpu_total);
  CHECK_INT("cgs-v1-cpu-kernel", 2 * (1000000000LL / sysconf(_SC_CLK_TCK)), s.cpu_kernel);
  CHECK_INT("cgs-v1-cpu-user", 4 * (1000000000LL / sysconf(_SC_CLK_TCK)), s.cpu_user);
  CHECK_INT("cgs-v1-mem-usage", 348160, s.mem_usage);
  CHECK_INT("cgs-v1-mem-max", 3883008, s.mem_max_usage);
  CHECK_INT("cgs-v1-cache", 12288, s.mem_cache);
  CHECK_INT("cgs-v1-total-inactive-file", 4096, s.mem_total_inactive_file);
  CHECK_INT("cgs-v1-limit", 67108864, s.mem_limit);
  CHECK_INT("cgs-v1-disk-read", 4096, s.disk_read);
  CHECK_INT("cgs-v1-disk-write", 512, s.disk_write);
}

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  DS_UNUSED(st);
  DS_UNUSED(type);
  DS_UNUSED(ftw);
  return remove(path);
}

int main(void) {
  v2();
  nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
  v1();
  nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
  CHECK_DONE();
}
