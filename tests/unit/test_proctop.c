/* Unit tests: docker top from /proc (src/host/proctop.c) - ps's time format,
** user names from passwd, and a local container's processes read from a
** fixture root built here: cgroup v2 (systemd driver, a nested cgroup
** below the container's) and v1 (cgroupfs, the pids controller). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "host/ds_proctop.h"

#define ID    "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b"
#define OTHER "0000000000000000000000000000000000000000000000000000000000000abc"

static char root[64];

static void put(const char *rel, const char *text) {
  char path[512], dir[512];
  snprintf(path, sizeof path, "%s%s", root, rel);
  snprintf(dir, sizeof dir, "%s", path);
  for (char *p = dir + strlen(root) + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      mkdir(dir, 0755);
      *p = '/';
    }
  FILE *f = fopen(path, "w");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

/* A process: stat fields after the comm as the kernel prints them. */
static void proc(long pid, const char *comm, const char *cgroup, long ppid, int uid,
                 const char *argv, size_t argv_len) {
  char rel[128], text[1024];
  snprintf(rel, sizeof rel, "/proc/%ld/stat", pid);
  /* state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
  ** utime stime cutime cstime priority nice threads itreal starttime vsize rss */
  snprintf(text, sizeof text,
           "%ld (%s) S %ld %ld %ld 0 -1 0 0 0 0 0 250 150 0 0 20 0 1 0 1000 4202496 300\n", pid,
           comm, ppid, pid, pid);
  put(rel, text);
  snprintf(rel, sizeof rel, "/proc/%ld/status", pid);
  snprintf(text, sizeof text,
           "Name:\t%s\nState:\tS (sleeping)\nPid:\t%ld\nPPid:\t%ld\nUid:\t%d\t%d\t%d\t%d\n"
           "Gid:\t%d\t%d\t%d\t%d\nVmSize:\t4104 kB\nVmRSS:\t1376 kB\nThreads:\t1\n",
           comm, pid, ppid, uid, uid, uid, uid, uid, uid, uid, uid);
  put(rel, text);
  snprintf(rel, sizeof rel, "/proc/%ld/cgroup", pid);
  put(rel, cgroup);
  snprintf(rel, sizeof rel, "%s/proc/%ld/cmdline", root, pid);
  FILE *f = fopen(rel, "w");
  if (f) {
    fwrite(argv, 1, argv_len, f);
    fclose(f);
  }
}

static void test_pure(void) {
  char t[32], u[64];
  ds_top_format_time(0, t, sizeof t);
  CHECK_STR("time 0", "00:00:00", t);
  ds_top_format_time(3 * 86400 + 3723, t, sizeof t);
  CHECK_STR("time with days", "3-01:02:03", t);
  const char pw[] = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n"
                    "broken\ncloudsdk:x:1000:1000::/home/c:/bin/sh";
  CHECK("uid 1000 named", ds_top_user_name(pw, sizeof pw - 1, 1000, u, sizeof u));
  CHECK_STR("uid 1000 name (last line, no newline)", "cloudsdk", u);
  CHECK("uid 0 named", ds_top_user_name(pw, sizeof pw - 1, 0, u, sizeof u) && !strcmp(u, "root"));
  CHECK("uid 4242 unnamed", !ds_top_user_name(pw, sizeof pw - 1, 4242, u, sizeof u));
}

static void test_v2(void) {
  snprintf(root, sizeof root, "/tmp/ds-proctop-XXXXXX");
  if (!mkdtemp(root)) return;
  const char *cg = "0::/system.slice/docker-" ID ".scope\n";
  const char *nested = "0::/system.slice/docker-" ID ".scope/inner\n";
  put("/sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n");
  put("/sys/fs/cgroup/system.slice/docker-" ID ".scope/cgroup.procs", "300\n100\n");
  put("/sys/fs/cgroup/system.slice/docker-" ID ".scope/inner/cgroup.procs", "200\n");
  put("/proc/uptime", "1010.50 4000.00\n");
  put("/proc/meminfo", "MemTotal:       13760 kB\n");
  put("/etc/passwd", "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\n");
  proc(100, "sh", cg, 90, 0, "sh\0-c\0sleep 600 & sleep 700\0", 28);
  proc(200, "sleep", nested, 100, 1000,
       "sleep\0"
       "600\0",
       10);
  proc(300, "zombie", cg, 100, 4242, "", 0);
  proc(400, "other", "0::/system.slice/docker-" OTHER ".scope\n", 1, 0, "x\0", 2);
  ds_top_host h;
  ds_top_host_init(&h, root);
  CHECK("init in the container's cgroup: local", ds_top_is_local(&h, 100, ID));
  CHECK("init of another container: not local", !ds_top_is_local(&h, 400, ID));
  CHECK("no such process: not local", !ds_top_is_local(&h, 999, ID));
  long *pids;
  size_t n;
  CHECK_INT("pids found", 0, ds_top_container_pids(&h, ID, 100, &pids, &n));
  CHECK_INT("three pids incl. the nested cgroup's", 3, (long long)n);
  if (n == 3) CHECK("ascending", pids[0] == 100 && pids[1] == 200 && pids[2] == 300);
  free(pids);
  ds_top_proc p;
  CHECK_INT("read 100", 0, ds_top_read(&h, 100, &p));
  CHECK_STR("name", "sh", p.name);
  CHECK_STR("cmdline joined", "sh -c sleep 600 & sleep 700", p.cmdline);
  CHECK_STR("user", "root", p.user);
  CHECK_INT("rss from VmRSS", 1376 * 1024, p.rss_bytes);
  CHECK_INT("vsz in whole KiB", 4202496 / 1024 * 1024, p.vsz_bytes);
  CHECK_INT("elapsed = uptime - starttime/HZ", 1000, p.elapsed);
  CHECK_STR("cpu time 4 s", "00:00:04", p.time);
  CHECK("pcpu 4 s over 1000 s = 0.4", p.cpu > 0.39 && p.cpu < 0.41);
  CHECK("pmem 1376/13760 = 10.0", p.mem > 9.99 && p.mem < 10.01);
  CHECK_INT("ppid", 90, p.ppid);
  ds_top_proc_free(&p);
  CHECK_INT("read 300", 0, ds_top_read(&h, 300, &p));
  CHECK_STR("no argv: [comm]", "[zombie]", p.cmdline);
  CHECK_STR("no name: the uid", "4242", p.user);
  ds_top_proc_free(&p);
  CHECK_INT("a vanished process", -1, ds_top_read(&h, 555, &p));
  ds_top_host_free(&h);
}

static void test_v1(void) {
  snprintf(root, sizeof root, "/tmp/ds-proctop-XXXXXX");
  if (!mkdtemp(root)) return;
  const char *cg = "12:pids:/docker/" ID "\n11:memory:/docker/" ID "\n0::/\n";
  put("/sys/fs/cgroup/pids/docker/" ID "/cgroup.procs", "7\n");
  proc(7, "nginx", cg, 1, 0, "nginx\0", 6);
  ds_top_host h;
  ds_top_host_init(&h, root);
  long *pids;
  size_t n;
  CHECK_INT("v1: pids from the pids controller", 0, ds_top_container_pids(&h, ID, 7, &pids, &n));
  CHECK("v1: one pid", n == 1 && pids[0] == 7);
  free(pids);
  CHECK("v1: not the other container", ds_top_container_pids(&h, OTHER, 7, &pids, &n) == -1);
  ds_top_host_free(&h);
}

int main(void) {
  test_pure();
  test_v2();
  test_v1();
  CHECK_DONE();
}
