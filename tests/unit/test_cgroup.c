/* Unit tests of the cgroup parsers: /proc/<pid>/cgroup, container ids in
** cgroup paths (cgroupfs and systemd drivers, v1 and v2, podman), limit files. */
#include <string.h>

#include "check.h"
#include "host/ds_cgroup.h"

#define ID "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b"

static const char *id_of(const char *path) {
  static char out[65];
  return ds_cgroup_container_id(path, strlen(path), out) ? out : NULL;
}

static void test_container_id(void) {
  CHECK_STR("cgroupfs v1/v2 /docker/<id>", ID, id_of("/docker/" ID));
  CHECK_STR("systemd docker-<id>.scope", ID, id_of("/system.slice/docker-" ID ".scope"));
  CHECK_STR("bare docker-<id>.scope", ID, id_of("docker-" ID ".scope"));
  CHECK_STR("podman systemd libpod-<id>.scope/container", ID,
            id_of("/machine.slice/libpod-" ID ".scope/container"));
  CHECK_STR("podman cgroupfs libpod_parent", ID, id_of("/libpod_parent/libpod-" ID));
  CHECK_STR("cgroup-parent custom", ID, id_of("/mygroup/" ID));
  CHECK_STR("containerd (kubernetes)", ID,
            id_of("/kubepods.slice/kubepods-pod1.slice/cri-containerd-" ID ".scope"));
  CHECK_STR("upper case hex is lowered", ID,
            id_of("/docker/4F3C2B1A0E9D8C7B6A5F4E3D2C1B0A9F8E7D6C5B4A3F2E1D0C9B8A7F6E5D4C3B"));
  CHECK_STR("docker-in-docker: outer container wins", ID,
            id_of("/docker/" ID
                  "/docker/0000000000000000000000000000000000000000000000000000000000000000"));
  CHECK("host process has none", id_of("/user.slice/user-1000.slice/session-2.scope") == NULL);
  CHECK("root has none", id_of("/") == NULL);
  CHECK("conmon scope is not the container",
        id_of("/machine.slice/libpod-conmon-" ID ".scope") == NULL);
  CHECK("63 hex chars is not an id", id_of("/docker/" ID "x") == NULL);
  CHECK("docker.service is not a container", id_of("/system.slice/docker.service") == NULL);
  CHECK("scope with trailing junk", id_of("/system.slice/docker-" ID ".scopex") == NULL);
  const char *podman = "/machine.slice/libpod-" ID ".scope/container";
  CHECK_INT("prefix of podman's container sub-cgroup", strlen(podman) - strlen("/container"),
            ds_cgroup_container_prefix(podman, strlen(podman)));
  CHECK_INT("prefix of a plain docker path", strlen("/docker/" ID),
            ds_cgroup_container_prefix("/docker/" ID, strlen("/docker/" ID)));
  CHECK_INT("no prefix for host cgroups", 0, ds_cgroup_container_prefix("/init.scope", 11));
  char out[65];
  CHECK("truncated path buffer", !ds_cgroup_container_id("/docker/" ID, 40, out));
}

static void test_proc_cgroup(void) {
  const char v1[] = "12:pids:/docker/" ID "\n"
                    "5:cpu,cpuacct:/docker/" ID "\n"
                    "1:name=systemd:/docker/" ID "\n"
                    "0::/system.slice/containerd.service\n";
  ds_cgroup_line l[8];
  int n = ds_parse_proc_cgroup(v1, strlen(v1), l, 8);
  CHECK_INT("proc cgroup v1 lines", 4, n);
  CHECK_INT("proc cgroup hierarchy id", 12, l[0].hierarchy);
  CHECK("proc cgroup co-mounted controllers",
        ds_cgroup_has_controller(l[1].controllers, l[1].controllers_len, "cpuacct"));
  CHECK("proc cgroup controller prefix is not a match",
        !ds_cgroup_has_controller(l[1].controllers, l[1].controllers_len, "cpuac"));
  CHECK("proc cgroup path", l[0].path_len == 8 + 64 && memcmp(l[0].path, "/docker/", 8) == 0);
  CHECK_INT("proc cgroup v2 line has no controllers", 0, l[3].controllers_len);
  const char v2[] = "0::/system.slice/docker-" ID ".scope\n";
  n = ds_parse_proc_cgroup(v2, strlen(v2), l, 8);
  CHECK_INT("proc cgroup v2 one line", 1, n);
  char id[65];
  CHECK("proc cgroup v2 id",
        ds_cgroup_container_id(l[0].path, l[0].path_len, id) && strcmp(id, ID) == 0);
  const char junk[] =
      "garbage\nx:memory:/a\n3:memory:\n4:memory:relative\n7:memory:/ok:with:colons";
  n = ds_parse_proc_cgroup(junk, strlen(junk), l, 8);
  CHECK_INT("proc cgroup junk lines skipped", 1, n);
  CHECK("proc cgroup path with colons", l[0].path_len == 15);
  CHECK_INT("proc cgroup max respected", 2, ds_parse_proc_cgroup(v1, strlen(v1), l, 2));
}

static int lim(ds_limit_kind k, const char *key, const char *text, long long *v) {
  return ds_cgroup_parse_limit(k, key, text, strlen(text), v);
}

static void test_limits(void) {
  long long v = 0;
  CHECK_INT("v2 memory.max bytes", 1, lim(DS_LIMIT_INT, NULL, "67108864\n", &v));
  CHECK_INT("v2 memory.max value", 67108864, v);
  CHECK_INT("v2 memory.max max is unlimited", 0, lim(DS_LIMIT_INT, NULL, "max\n", &v));
  CHECK_INT("v2 pids.max max", 0, lim(DS_LIMIT_INT, NULL, "max", &v));
  CHECK_INT("v2 pids.max 100", 1, lim(DS_LIMIT_INT, NULL, "100\n", &v));
  CHECK_INT("v2 pids.max value", 100, v);
  CHECK_INT("v2 cpu.max quota", 1, lim(DS_LIMIT_CPU_MAX, NULL, "50000 100000\n", &v));
  CHECK_INT("v2 cpu.max quota value", 50000, v);
  CHECK_INT("v2 cpu.max unlimited", 0, lim(DS_LIMIT_CPU_MAX, NULL, "max 100000\n", &v));
  CHECK_INT("v2 cpu.max garbage", -1, lim(DS_LIMIT_CPU_MAX, NULL, "lots 100000\n", &v));
  CHECK_INT("v2 io.weight default", 1, lim(DS_LIMIT_IO_WEIGHT, NULL, "default 100\n8:0 200\n", &v));
  CHECK_INT("v2 io.weight value", 100, v);
  CHECK_INT("v1 bfq weight bare", 1, lim(DS_LIMIT_IO_WEIGHT, NULL, "500\n", &v));
  CHECK_INT("v1 bfq weight value", 500, v);
  CHECK_INT("v1 memory unlimited", 0, lim(DS_LIMIT_V1_BYTES, NULL, "9223372036854771712\n", &v));
  CHECK_INT("v1 memory unlimited (64k pages)", 0,
            lim(DS_LIMIT_V1_BYTES, NULL, "9223372036854710272\n", &v));
  CHECK_INT("v1 memory 64m", 1, lim(DS_LIMIT_V1_BYTES, NULL, "67108864\n", &v));
  CHECK_INT("v1 memory 64m value", 67108864, v);
  CHECK_INT("v1 quota -1 unlimited", 0, lim(DS_LIMIT_V1_QUOTA, NULL, "-1\n", &v));
  CHECK_INT("v1 quota 50000", 1, lim(DS_LIMIT_V1_QUOTA, NULL, "50000\n", &v));
  CHECK_INT("v1 quota value", 50000, v);
  CHECK_INT("v1 pids.max max", 0, lim(DS_LIMIT_INT, NULL, "max\n", &v));
  CHECK_INT("v1 oom_control keyed", 1,
            lim(DS_LIMIT_KEYED, "oom_kill_disable", "oom_kill_disable 1\nunder_oom 0\n", &v));
  CHECK_INT("v1 oom_control value", 1, v);
  CHECK_INT("keyed missing key", 0, lim(DS_LIMIT_KEYED, "nope", "a 1\n", &v));
  CHECK_INT("cpuset count", 1, lim(DS_LIMIT_CPUSET, NULL, "0-3,8,10-11\n", &v));
  CHECK_INT("cpuset count value", 7, v);
  CHECK_INT("cpuset empty is inherited", 0, lim(DS_LIMIT_CPUSET, NULL, "\n", &v));
  CHECK_INT("cpuset reversed range", -1, lim(DS_LIMIT_CPUSET, NULL, "3-1\n", &v));
  CHECK_INT("raw lists have no number", 0, lim(DS_LIMIT_RAW, NULL, "8:0 1048576\n", &v));
  CHECK_INT("garbage int", -1, lim(DS_LIMIT_INT, NULL, "12abc\n", &v));
  CHECK_INT("empty int", -1, lim(DS_LIMIT_INT, NULL, "", &v));
  CHECK_INT("overflow", -1, lim(DS_LIMIT_INT, NULL, "99999999999999999999999", &v));
  CHECK_INT("trim", 3, ds_cgroup_trim("max \n", 5));
}

static void test_tables(void) {
  int found = 0;
  for (int i = 0; ds_cgroup_v1_limits[i].name; i++)
    found += strcmp(ds_cgroup_v1_limits[i].name, "memory.limit_in_bytes") == 0;
  for (int i = 0; ds_cgroup_v2_limits[i].name; i++)
    found += strcmp(ds_cgroup_v2_limits[i].name, "memory.max") == 0;
  CHECK_INT("limit file lists name the memory limits", 2, found);
  char dir[256];
  ds_cgroup_dir("/r", 1, "memory", "/docker/x", dir, sizeof(dir));
  CHECK_STR("v1 dir", "/r/sys/fs/cgroup/memory/docker/x", dir);
  ds_cgroup_dir("", 2, "memory", "/system.slice/x", dir, sizeof(dir));
  CHECK_STR("v2 dir", "/sys/fs/cgroup/system.slice/x", dir);
  ds_cgroup_dir("", 2, "memory", "/", dir, sizeof(dir));
  CHECK_STR("v2 root dir", "/sys/fs/cgroup", dir);
  CHECK("dir too long", ds_cgroup_dir("/r", 2, "m", "/x", dir, 5) == NULL);
}

int main(void) {
  test_container_id();
  test_proc_cgroup();
  test_limits();
  test_tables();
  CHECK_DONE();
}
