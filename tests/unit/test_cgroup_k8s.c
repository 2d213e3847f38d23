/* Unit tests: container ids in the cgroup paths of Kubernetes nodes and of
** containerd, CRI-O and Podman (rootful and rootless), cgroupfs and systemd
** drivers, cgroup v1 (one line per hierarchy) and v2 ("0::" line). */
#include <string.h>

#include "check.h"
#include "host/ds_cgroup.h"

#define ID   "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b"
#define POD  "pod8f2e0f43-2c55-4a1e-9d7c-5c1f7c3a9e11"
#define PODS "kubepods-besteffort-pod8f2e0f43_2c55_4a1e_9d7c_5c1f7c3a9e11.slice"

static const char *id_of(const char *path) {
  static char out[65];
  return ds_cgroup_container_id(path, strlen(path), out) ? out : NULL;
}

static size_t prefix_of(const char *path) {
  return ds_cgroup_container_prefix(path, strlen(path));
}

static void test_paths(void) {
  CHECK_STR("containerd cgroupfs /k8s.io/<id>", ID, id_of("/k8s.io/" ID));
  CHECK_STR("kubelet cgroupfs /kubepods/<qos>/pod<uid>/<id>", ID,
            id_of("/kubepods/besteffort/" POD "/" ID));
  CHECK_STR("kubelet cgroupfs guaranteed /kubepods/pod<uid>/<id>", ID,
            id_of("/kubepods/" POD "/" ID));
  CHECK_STR(
      "systemd cri-containerd scope", ID,
      id_of("/kubepods.slice/kubepods-besteffort.slice/" PODS "/cri-containerd-" ID ".scope"));
  CHECK_STR("systemd crio scope", ID,
            id_of("/kubepods.slice/kubepods-burstable.slice/" PODS "/crio-" ID ".scope"));
  CHECK_STR("cri-o cgroupfs crio-<id>", ID, id_of("/kubepods/burstable/" POD "/crio-" ID));
  CHECK("cri-o conmon scope is not the container",
        id_of("/kubepods.slice/" PODS "/crio-conmon-" ID ".scope") == NULL);
  CHECK("a pod slice is no container",
        id_of("/kubepods.slice/kubepods-besteffort.slice/" PODS) == NULL);
  CHECK("kubelet's own cgroup is no container", id_of("/kubepods.slice") == NULL);
  CHECK_STR("rootless podman under user@.service", ID,
            id_of("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID
                  ".scope/container"));
  CHECK_STR("k3s (cgroupfs, k8s.io namespace)", ID, id_of("/k8s.io/" ID));
  const char *nested = "/kubepods.slice/" PODS "/cri-containerd-" ID ".scope/init";
  CHECK_INT("container's own cgroup of a nested path", strlen(nested) - strlen("/init"),
            prefix_of(nested));
}

static void test_proc_lines(void) {
  const char v1[] = "12:pids:/kubepods/besteffort/" POD "/" ID "\n"
                    "4:memory:/kubepods/besteffort/" POD "/" ID "\n"
                    "1:name=systemd:/kubepods/besteffort/" POD "/" ID "\n";
  ds_cgroup_line l[8];
  int n = ds_parse_proc_cgroup(v1, strlen(v1), l, 8);
  CHECK_INT("k8s v1: three hierarchies", 3, n);
  char id[65];
  for (int i = 0; i < n; i++)
    CHECK("k8s v1: every hierarchy names the container",
          ds_cgroup_container_id(l[i].path, l[i].path_len, id) && strcmp(id, ID) == 0);
  const char v2[] =
      "0::/kubepods.slice/kubepods-besteffort.slice/" PODS "/cri-containerd-" ID ".scope\n";
  n = ds_parse_proc_cgroup(v2, strlen(v2), l, 8);
  CHECK("k8s v2 systemd: the 0:: line names the container",
        n == 1 && ds_cgroup_container_id(l[0].path, l[0].path_len, id) && strcmp(id, ID) == 0);
}

static void test_known_layouts(void) {
  int k8s = 0;
  for (const ds_cgroup_layout *l = ds_cgroup_known_layouts; l->prefix; l++)
    if (strcmp(l->prefix, "/k8s.io/") == 0) k8s = 1;
  CHECK("containerd's /k8s.io/ is a known place", k8s);
}

int main(void) {
  test_paths();
  test_proc_lines();
  test_known_layouts();
  CHECK_DONE();
}
